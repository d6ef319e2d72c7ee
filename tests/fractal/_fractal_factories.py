"""Factories of tiny tiles and plates for the fractal tests (made in tmp_path)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails, ChannelInfo
from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles
from ome_zarr_converters_tools.core.collection import ImageInPlate
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.core.tile import Tile


def make_tiles(
    *,
    wells=(("A", 1),),
    fovs=2,
    size=(16, 20),
    plate_name="TestPlate",
    attributes=None,
    acquisition=0,
):
    """Return tiles of a tiny plate: `fovs` FOVs side by side per well."""
    acq = AcquisitionDetails(
        channels=[ChannelInfo(channel_label="DAPI", wavelength_id="405")],
        pixelsize=0.5,
        z_spacing=1.0,
        data_type="uint16",
        axes=["c", "z", "y", "x"],
    )
    ny, nx = size
    tiles = []
    for row, column in wells:
        for f in range(fovs):
            tiles.append(
                Tile(
                    fov_name=f"FOV_{f + 1}",
                    start_x=f * nx * 0.5,
                    start_y=0.0,
                    length_x=nx,
                    length_y=ny,
                    collection=ImageInPlate(
                        plate_name=plate_name,
                        row=row,
                        column=column,
                        acquisition=acquisition,
                    ),
                    image_loader=DefaultImageLoader(
                        file_path=f"{row}{column:02d}_FOV_{f + 1}.png"
                    ),
                    acquisition_details=acq,
                    attributes=dict(attributes or {}),
                )
            )
    return tiles


def make_tiled_images(**kwargs):
    return tiled_image_from_tiles(tiles=make_tiles(**kwargs))


def write_png_tiles(folder: Path, tiles, *, seed: int = 0) -> None:
    """Write one uint16 PNG per tile with deterministic random content."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for tile in tiles:
        data = rng.integers(0, 4000, size=(int(tile.length_y), int(tile.length_x)))
        Image.fromarray(data.astype(np.uint16)).save(
            folder / tile.image_loader.file_path
        )


def read_hand_off_file(url: str) -> str:
    """Read a hand-off file (runs in a worker process) and return it re-dumped."""
    from ome_zarr_converters_tools.core.collection import ImageInPlate
    from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
    from ome_zarr_converters_tools.fractal.handoff import tiled_image_from_json

    image = tiled_image_from_json(url, ImageInPlate, DefaultImageLoader)
    return image.model_dump_json()
