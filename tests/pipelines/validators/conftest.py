"""Image factories shared by the validator tests (small in-memory tiles, no files)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails
from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles
from ome_zarr_converters_tools.core.collection import ImageInPlate
from ome_zarr_converters_tools.core.errors import ConvertersToolsWarning
from ome_zarr_converters_tools.core.loaders import ImageLoaderInterface
from ome_zarr_converters_tools.core.tile import Tile


class ProbeLoader(ImageLoaderInterface):
    """Loader returning zeros of a given shape and dtype; can warn in preflight."""

    label: str = "mem://tile"
    shape: tuple[int, ...] = (8, 8)
    dtype: str = "uint8"
    missing: bool = False

    def load_data(self, resource: Any | None = None) -> np.ndarray:
        return np.zeros(self.shape, dtype=self.dtype)

    def preflight(self, resource: Any | None = None) -> None:
        if self.missing:
            warnings.warn(
                f"{self.label} does not exist (resource={resource!r})",
                ConvertersToolsWarning,
                stacklevel=2,
            )

    def describe_source(self, resource: Any | None = None) -> str:
        return self.label


@pytest.fixture
def make_image() -> Callable[..., Any]:
    """Build one TiledImage of `n_tiles` tiles placed side by side along x."""

    def factory(
        *,
        n_tiles: int = 2,
        length: tuple[float, float] = (8, 8),
        shape: tuple[int, ...] = (8, 8),
        dtype: str = "uint8",
        data_type: str = "autodetect",
        pixelsize: float = 1.0,
        row: str = "A",
        missing: bool = False,
    ) -> Any:
        details = AcquisitionDetails(
            pixelsize=pixelsize, axes=["c", "z", "y", "x"], data_type=data_type
        )
        tiles = [
            Tile(
                fov_name=f"FOV_{index}",
                start_x=index * length[1] * pixelsize,
                start_y=0.0,
                length_y=length[0],
                length_x=length[1],
                collection=ImageInPlate(plate_name="P", row=row, column=1),
                image_loader=ProbeLoader(
                    label=f"/data/{row}_{index}.tif",
                    shape=shape,
                    dtype=dtype,
                    missing=missing,
                ),
                acquisition_details=details,
            )
            for index in range(n_tiles)
        ]
        (image,) = tiled_image_from_tiles(tiles=tiles, split_per_fov=False)
        return image

    return factory
