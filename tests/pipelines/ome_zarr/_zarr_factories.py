"""Factories of tiny tiled images (tiles saved as .npy) for the H-zarr tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails, ChannelInfo
from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles
from ome_zarr_converters_tools.core.collection import (
    CollectionInterface,
    ImageInPlate,
    SingleImage,
)
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.core.tile import Tile
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.pipelines.registration import (
    apply_registration_pipeline,
    build_default_registration_pipeline,
)

PIXEL = 0.5
DEFAULT_FOVS = (("FOV_1", 0.0, 0.0), ("FOV_2", 10.0, 0.0), ("FOV_3", 0.0, 8.0))
"""(name, start_x, start_y) in micrometres: a 2x2 grid with one cell empty."""


def acquisition(**overrides: Any) -> AcquisitionDetails:
    """Acquisition of the test mosaics: czyx, pixel 0.5 um, z 2 um, one channel."""
    fields: dict[str, Any] = {
        "pixelsize": PIXEL,
        "z_spacing": 2.0,
        "channels": [ChannelInfo(channel_label="DAPI", wavelength_id="405")],
        "axes": ["c", "z", "y", "x"],
        "data_type": "uint16",
        "start_z_coo": "pixel",
        "start_t_coo": "pixel",
    }
    fields.update(overrides)
    return AcquisitionDetails(**fields)


def plate_collection(
    plate: str = "P", row: str = "A", column: int = 1, acquisition_id: int = 0
) -> ImageInPlate:
    return ImageInPlate(
        plate_name=plate, row=row, column=column, acquisition=acquisition_id
    )


def make_tiles(
    folder: Path,
    *,
    collection: CollectionInterface | None = None,
    fovs: Sequence[tuple[str, float, float]] = DEFAULT_FOVS,
    tile_yx: tuple[int, int] = (16, 20),
    n_z: int = 2,
    n_c: int = 1,
    n_t: int = 1,
    dtype: str = "uint16",
    attributes: dict[str, list[Any]] | None = None,
    seed: int = 0,
    acquisition_details: AcquisitionDetails | None = None,
) -> list[Tile[Any, Any]]:
    """One .npy file per FOV holding all its (t,) c, z planes; distinct content."""
    acq = acquisition_details or acquisition(data_type=dtype)
    collection = collection or SingleImage(image_path="img")
    rng = np.random.default_rng(seed)
    tiles = []
    ny, nx = tile_yx
    lead = {"t": n_t, "c": n_c, "z": n_z}
    shape = (*tuple(lead[a] for a in acq.axes if a in lead), ny, nx)
    info = np.iinfo(dtype)
    for name, x, y in fovs:
        data = rng.integers(1, min(info.max, 60000), size=shape, dtype=dtype)
        file_name = f"{collection.path().replace('/', '_')}_{name}_{seed}.npy"
        np.save(folder / file_name, data)
        tiles.append(
            Tile(
                fov_name=name,
                start_x=x,
                start_y=y,
                length_x=nx,
                length_y=ny,
                length_z=n_z,
                length_c=n_c,
                length_t=n_t,
                collection=collection,
                image_loader=DefaultImageLoader(file_path=file_name),
                acquisition_details=acq,
                attributes=dict(attributes or {}),
            )
        )
    return tiles


def make_image(folder: Path, **kwargs: Any) -> TiledImage[Any, Any]:
    """The single TiledImage built from `make_tiles(folder, **kwargs)`."""
    (image,) = tiled_image_from_tiles(
        tiles=make_tiles(folder, **kwargs), resource=str(folder)
    )
    return image


def register(
    image: TiledImage[Any, Any], options: ConverterOptions | None = None
) -> TiledImage[Any, Any]:
    """Apply the default registration pipeline of `options`."""
    options = options or ConverterOptions()
    pipeline = build_default_registration_pipeline(
        options.stage_position_corrections, options.tiling_strategy
    )
    return apply_registration_pipeline(image, pipeline)
