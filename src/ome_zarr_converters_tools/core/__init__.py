"""Core data model: tiles, tiled images, table parsing and URL helpers.

Public names are imported on first access (see `_lazy_namespace`), so importing
one module such as `core.errors` does not load ngio, dask or pandas.
"""

from ome_zarr_converters_tools._lazy_namespace import lazy_package

_EXPORTS = {
    "core.aggregation": ("tiled_image_from_tiles",),
    "core.dataframe": ("hcs_images_from_dataframe", "single_images_from_dataframe"),
    "core.dummy": ("build_dummy_tile",),
    "core.tile": ("AttributeType", "Tile"),
    "core.tiled_image": ("TileFOVGroup", "TileSlice", "TiledImage"),
    "core.urls": ("find_url_type", "join_url_paths", "local_url_to_path"),
}

lazy_package(globals(), _EXPORTS)
