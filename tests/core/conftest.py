"""Shared factories for the core tests (tiles, acquisitions, in-memory loaders)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails, ChannelInfo
from ome_zarr_converters_tools.core.collection import ImageInPlate, SingleImage
from ome_zarr_converters_tools.core.loaders import ImageLoaderInterface
from ome_zarr_converters_tools.core.tile import Tile


class ArrayLoader(ImageLoaderInterface):
    """In-memory loader: `value + arange` pattern of a given shape and dtype."""

    value: int
    shape: list[int]
    dtype: str = "uint16"
    pattern: bool = False

    def load_data(self, resource: Any | None = None) -> np.ndarray:
        size = int(np.prod(self.shape))
        if self.pattern:
            data = (np.arange(size) % 200 + self.value).reshape(self.shape)
        else:
            data = np.full(self.shape, self.value)
        return data.astype(self.dtype)

    def describe_source(self, resource: Any | None = None) -> str:
        return f"array-{self.value}.npy"


@pytest.fixture
def loader_cls() -> type[ArrayLoader]:
    return ArrayLoader


@pytest.fixture
def make_details():
    def factory(**kwargs: Any) -> AcquisitionDetails:
        params: dict[str, Any] = {
            "axes": ["c", "z", "y", "x"],
            "data_type": "uint16",
            "start_z_coo": "pixel",
        }
        params.update(kwargs)
        return AcquisitionDetails(**params)

    return factory


@pytest.fixture
def make_tile(make_details):
    def factory(
        fov: str = "FOV_1",
        *,
        x: float = 0.0,
        y: float = 0.0,
        z: float = 0.0,
        c: int = 0,
        lx: float = 4.0,
        ly: float = 4.0,
        value: int = 1,
        collection: Any = None,
        details: AcquisitionDetails | None = None,
        pattern: bool = False,
        dtype: str = "uint16",
        **extra: Any,
    ) -> Tile[Any, Any]:
        details = details if details is not None else make_details()
        shape = [int(ly), int(lx)]
        return Tile(
            fov_name=fov,
            start_x=x,
            start_y=y,
            start_z=z,
            start_c=c,
            length_x=lx,
            length_y=ly,
            collection=collection
            if collection is not None
            else ImageInPlate(plate_name="P", row="A", column=1),
            image_loader=ArrayLoader(
                value=value, shape=shape, pattern=pattern, dtype=dtype
            ),
            acquisition_details=details,
            **extra,
        )

    return factory


@pytest.fixture
def single_image() -> SingleImage:
    return SingleImage(image_path="img")


@pytest.fixture
def two_channels() -> list[ChannelInfo]:
    return [ChannelInfo(channel_label="DAPI"), ChannelInfo(channel_label="GFP")]
