"""Core data model: tiles, tiled images, table parsing and URL helpers."""

from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles
from ome_zarr_converters_tools.core.dataframe import (
    hcs_images_from_dataframe,
    single_images_from_dataframe,
)
from ome_zarr_converters_tools.core.dummy import build_dummy_tile
from ome_zarr_converters_tools.core.tile import AttributeType, Tile
from ome_zarr_converters_tools.core.tiled_image import (
    TiledImage,
    TileFOVGroup,
    TileSlice,
)
from ome_zarr_converters_tools.core.urls import (
    find_url_type,
    join_url_paths,
    local_url_to_path,
)

__all__ = [
    "AttributeType",
    "Tile",
    "TileFOVGroup",
    "TileSlice",
    "TiledImage",
    "build_dummy_tile",
    "find_url_type",
    "hcs_images_from_dataframe",
    "join_url_paths",
    "local_url_to_path",
    "single_images_from_dataframe",
    "tiled_image_from_tiles",
]
