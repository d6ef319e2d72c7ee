"""Upstream's internal writer names (`pipelines._to_zarr`), kept for old imports.

Converters written against 0.10 / 1.x sometimes imported these helpers. They
take one ngio `Image` (a single level) and write only that level, exactly as
upstream did; the caller then builds the pyramid (`image.consolidate()`).
New code should call `write_pixels` with the container, which writes every
level from memory.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from ngio import Image, PixelSize, Roi

from ome_zarr_converters_tools.core.geometry import roi_pixel_bounds
from ome_zarr_converters_tools.core.lazy_array import aligned_chunks
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.pipelines.writers.modes import (
    write_by_fov,
    write_by_fov_dask,
    write_by_tile,
    write_by_tile_dask,
    write_in_memory,
)

__all__ = [
    "dask_parallel_fov_writing",
    "dask_parallel_tile_writing",
    "dask_write_chunks",
    "in_memory_writing",
    "sequential_fov_writing",
    "sequential_tile_writing",
]

logger = logging.getLogger(__name__)


def sequential_tile_writing(
    tiled_image: TiledImage[Any, Any], image: Image, resource: Any
) -> None:
    """Write one level tile by tile (upstream name of the "By Tile" writer).

    Args:
        tiled_image: The registered tiled image.
        image: The ngio image level to fill.
        resource: Passed to every image loader.
    """
    write_by_tile(tiled_image, image, resource=resource)


def dask_parallel_tile_writing(
    tiled_image: TiledImage[Any, Any], image: Image, resource: Any
) -> None:
    """Write one level with dask, tile sources (upstream "By Tile (Using Dask)").

    Args:
        tiled_image: The registered tiled image.
        image: The ngio image level to fill.
        resource: Passed to every image loader.
    """
    write_by_tile_dask(tiled_image, image, resource=resource)


def sequential_fov_writing(
    tiled_image: TiledImage[Any, Any], image: Image, resource: Any
) -> None:
    """Write one level FOV by FOV (upstream name of the "By FOV" writer).

    Args:
        tiled_image: The registered tiled image.
        image: The ngio image level to fill.
        resource: Passed to every image loader.
    """
    write_by_fov(tiled_image, image, resource=resource)


def dask_parallel_fov_writing(
    tiled_image: TiledImage[Any, Any], image: Image, resource: Any
) -> None:
    """Write one level with dask, FOV sources (upstream "By FOV (Using Dask)").

    Args:
        tiled_image: The registered tiled image.
        image: The ngio image level to fill.
        resource: Passed to every image loader.
    """
    write_by_fov_dask(tiled_image, image, resource=resource)


def in_memory_writing(
    tiled_image: TiledImage[Any, Any], image: Image, resource: Any
) -> None:
    """Write one level from the whole image in memory (upstream "In Memory").

    Args:
        tiled_image: The registered tiled image.
        image: The ngio image level to fill.
        resource: Passed to every image loader.
    """
    write_in_memory(tiled_image, image, resource=resource)


def dask_write_chunks(
    roi: Roi,
    shape: tuple[int, ...],
    axes: Sequence[str],
    pixel_size: PixelSize,
    image: Image,
) -> tuple[tuple[int, ...], ...] | None:
    """Dask block sizes that cut `roi` on the write units of `image`.

    A lazy patch cut this way stores each write unit (chunk or shard) from
    exactly one block, so parallel block writes never race (FEATURES §6 item 2).

    Args:
        roi: Where the patch goes.
        shape: The patch shape, in `axes` order.
        axes: The patch axes.
        pixel_size: Pixel size, for world-space ROIs.
        image: The target image level.

    Returns:
        Explicit block sizes per axis, or `None` when `image` has no write unit
        for `axes` (the patch is then a single block).
    """
    # The write unit as ngio 1.1's `Image.write_granularity` defines it, read
    # from the zarr array so that ngio 0.5 (which lacks the property) agrees.
    array = getattr(image, "zarr_array", None)
    if array is None:
        return None
    unit = tuple(int(n) for n in (array.shards or array.chunks))
    if len(unit) != len(axes):
        return None
    present = [axis for axis in axes if roi.get(axis) is not None]
    bounds = dict(
        zip(
            present,
            roi_pixel_bounds(
                roi, axes=present, pixel_size=pixel_size, origin=(0.0,) * len(present)
            ),
            strict=True,
        )
    )
    start = [bounds[axis][0] if axis in bounds else 0 for axis in axes]
    return aligned_chunks(start, shape, unit)
