"""Tile factories shared by the filter tests (small in-memory tiles, no files)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails, ChannelInfo
from ome_zarr_converters_tools.core.collection import ImageInPlate, SingleImage
from ome_zarr_converters_tools.core.loaders import ImageLoaderInterface
from ome_zarr_converters_tools.core.tile import Tile


class ConstantLoader(ImageLoaderInterface):
    """Loader returning a constant array; `label` stands in for a file name."""

    label: str = "mem://tile"
    shape: tuple[int, ...] = (4, 4)
    dtype: str = "uint8"

    def load_data(self, resource: Any | None = None) -> np.ndarray:
        return np.ones(self.shape, dtype=self.dtype)

    def describe_source(self, resource: Any | None = None) -> str:
        return self.label


TileFactory = Callable[..., Tile[Any, Any]]


@pytest.fixture
def make_tile() -> TileFactory:
    """Build a plate tile (or a single-image tile with `image_path=`)."""

    def factory(
        fov_name: str = "FOV_1",
        *,
        row: str = "A",
        column: int = 1,
        acquisition: int = 0,
        plate_name: str = "Plate",
        image_path: str | None = None,
        channels: list[str] | None = None,
        attributes: dict[str, list[Any]] | None = None,
        **tile_fields: Any,
    ) -> Tile[Any, Any]:
        collection: ImageInPlate | SingleImage
        if image_path is None:
            collection = ImageInPlate(
                plate_name=plate_name, row=row, column=column, acquisition=acquisition
            )
        else:
            collection = SingleImage(image_path=image_path)
        details = AcquisitionDetails(
            channels=(
                None
                if channels is None
                else [ChannelInfo(channel_label=label) for label in channels]
            ),
        )
        fields: dict[str, Any] = {"start_x": 0.0, "start_y": 0.0}
        fields.update(length_x=4, length_y=4)
        fields.update(tile_fields)
        return Tile(
            fov_name=fov_name,
            collection=collection,
            image_loader=ConstantLoader(label=f"/data/{fov_name}.tif"),
            acquisition_details=details,
            attributes=attributes or {},
            **fields,
        )

    return factory
