"""OME-Zarr room: image containers, their storage layout and their tables."""

from ome_zarr_converters_tools.pipelines.ome_zarr.container import (
    write_tiled_image_as_zarr,
)
from ome_zarr_converters_tools.pipelines.ome_zarr.layout import (
    build_channels_meta,
    compute_chunk_shape,
    compute_shard_shape,
)
from ome_zarr_converters_tools.pipelines.ome_zarr.tables import (
    build_condition_frame,
    build_fov_roi_table,
    build_plate_condition_frame,
)

__all__ = [
    "build_channels_meta",
    "build_condition_frame",
    "build_fov_roi_table",
    "build_plate_condition_frame",
    "compute_chunk_shape",
    "compute_shard_shape",
    "write_tiled_image_as_zarr",
]
