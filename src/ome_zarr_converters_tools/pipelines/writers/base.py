"""Writer protocol, the write plan every writer starts from, and shared helpers.

Every writer mode reduces to the same three steps, so they live here once:

1. `build_write_plan` turns the registered `TiledImage` and the empty container
   into integer pixel boxes (one per region, in region order), FOV groups, the
   on-disk arrays of every pyramid level and the level-0 write unit.
2. The sources a mode loads (single tiles, whole FOV groups or the whole
   image) are produced by the module-level task functions below. They are
   plain functions of picklable arguments so that dask's process scheduler can
   run them too, and they never capture the `TiledImage` (FEATURES §6 item 21).
3. `pipelines.writers.pyramid` cuts the image on the write grid, assembles each
   block from its sources in region order (last writer wins) and writes level 0
   and the pyramid from memory.

`log_timing` is the progress and timing helper the five upstream writers
repeated by hand.
"""

from __future__ import annotations

import ctypes
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import zarr
from ngio import Image, OmeZarrContainer

from ome_zarr_converters_tools.core.assembly import RegionLoader, describe_tile
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsFileNotFoundError,
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.geometry import roi_pixel_bounds
from ome_zarr_converters_tools.core.tiled_image import TiledImage

__all__ = [
    "Box",
    "Source",
    "SourceRef",
    "WritePlan",
    "WriteTarget",
    "Writer",
    "build_write_plan",
    "intersect_boxes",
    "load_group_task",
    "load_tile_source",
    "load_tile_task",
    "log_timing",
    "paste_pieces",
    "release_free_memory",
]

logger = logging.getLogger(__name__)

Box = tuple[tuple[int, int], ...]
"""Integer `(start, stop)` per axis, in level-0 pixel coordinates."""

WriteTarget = OmeZarrContainer | Image
"""What a writer fills: a whole container (all levels) or one ngio image level."""

Source = tuple[np.ndarray, tuple[int, ...]]
"""Loaded pixels and the level-0 pixel coordinate of their first element."""

SourceRef = tuple[Any, int | None]
"""Where a region's pixels come from: a source (or a list of sources, with the
position of the region's one) — either loaded or a dask task that loads it."""


class Writer(Protocol):
    """A function that fills every level of an empty container from a tiled image.

    Writers receive the container (not only the level-0 image) because they
    write the pyramid levels too, from data already in memory.
    """

    def __call__(
        self,
        tiled_image: TiledImage[Any, Any],
        container: WriteTarget,
        *,
        resource: Any | None,
    ) -> None:
        """Write level 0 and every pyramid level of `container`."""


@dataclass(frozen=True)
class WritePlan:
    """Everything a writer needs, computed once from the image and the container.

    Attributes:
        image_path: The image path, for messages.
        axes: The on-disk axis order (equal to the tiled image's axes).
        shape: Level-0 shape.
        dtype: On-disk dtype.
        boxes: One pixel box per region, in region (write) order.
        loaders: One picklable loader per region, same order.
        groups: Region indices per FOV group, groups in first-seen order.
        arrays: The zarr array of every pyramid level, level 0 first.
        unit: The level-0 write unit (shard shape if sharded, else chunk shape).
    """

    image_path: str
    axes: tuple[str, ...]
    shape: tuple[int, ...]
    dtype: np.dtype[Any]
    boxes: tuple[Box, ...]
    loaders: tuple[RegionLoader, ...]
    groups: tuple[tuple[int, ...], ...]
    arrays: tuple[zarr.Array, ...]
    unit: tuple[int, ...]

    @property
    def source_nbytes(self) -> int:
        """Bytes of source pixels (sum of all region sizes at the output dtype)."""
        itemsize = self.dtype.itemsize
        return sum(
            int(np.prod([stop - start for start, stop in box])) * itemsize
            for box in self.boxes
        )


def _check_box(
    box: Box,
    *,
    shape: Sequence[int],
    axes: Sequence[str],
    image_path: str,
    tile_label: str,
) -> None:
    """Refuse regions that fall outside the container's level-0 array."""
    for axis, (start, stop), size in zip(axes, box, shape, strict=True):
        if start < 0 or stop > size or stop <= start:
            raise ConvertersToolsUserError(
                f"Image {image_path!r}: {tile_label} covers pixels [{start}, {stop}) "
                f"on axis {axis!r}, but the image array has {size} pixels there "
                f"(expected 0 <= start < stop <= {size}). Run the registration "
                "pipeline (offset removal and align_to_pixel_grid) before writing "
                "and create the container with tiled_image.output_shape()."
            )


def build_write_plan(
    tiled_image: TiledImage[Any, Any], container: WriteTarget, *, resource: Any | None
) -> WritePlan:
    """Compute boxes, groups, level arrays and write unit for one image.

    Args:
        tiled_image: The registered tiled image.
        container: Its empty container (every level is written), or a bare
            ngio `Image` (only that level is written; the upstream internal
            writer functions take one).
        resource: Passed to every loader.

    Returns:
        The plan.

    Raises:
        ConvertersToolsUserError: If a region lies outside the container array
            or the image has no regions.
        ConvertersToolsInternalError: If the container's axes differ from the
            tiled image's axes.
    """
    image_path = str(tiled_image.path)
    image = container if isinstance(container, Image) else container.get_image()
    axes = tuple(str(axis) for axis in tiled_image.axes)
    level0 = image.zarr_array
    if tuple(image.axes) != axes or level0.ndim != len(axes):
        raise ConvertersToolsInternalError(
            f"Image {image_path!r}: the container's axes {list(image.axes)} "
            f"(array of {level0.ndim} dimensions) differ from the tiled image's "
            f"axes {list(axes)}; the container must be created from this tiled image."
        )
    if not tiled_image.regions:
        raise ConvertersToolsUserError(
            f"Image {image_path!r} has no regions to write. Check the filters: "
            "every tile of this image was removed."
        )
    shape = tuple(int(n) for n in level0.shape)
    origin = (0.0,) * len(axes)
    pixel_size = tiled_image.pixel_size
    boxes: list[Box] = []
    loaders: list[RegionLoader] = []
    group_index: dict[str | None, list[int]] = {}
    for index, region in enumerate(tiled_image.regions):
        box = roi_pixel_bounds(
            region.roi, axes=axes, pixel_size=pixel_size, origin=origin
        )
        fov_name = region.roi.name
        _check_box(
            box,
            shape=shape,
            axes=axes,
            image_path=image_path,
            tile_label=describe_tile(fov_name, region.image_loader, resource),
        )
        boxes.append(box)
        loaders.append(
            RegionLoader(
                region.image_loader,
                axes=axes,
                expected_shape=[stop - start for start, stop in box],
                resource=resource,
                fov_name=fov_name,
                image_path=image_path,
            )
        )
        group_index.setdefault(fov_name, []).append(index)
    if isinstance(container, Image):
        arrays: tuple[zarr.Array, ...] = (image.zarr_array,)
    else:
        arrays = tuple(
            container.get_image(path=path).zarr_array for path in container.level_paths
        )
    unit = tuple(int(n) for n in (level0.shards or level0.chunks))
    return WritePlan(
        image_path=image_path,
        axes=axes,
        shape=shape,
        dtype=np.dtype(level0.dtype),
        boxes=tuple(boxes),
        loaders=tuple(loaders),
        groups=tuple(tuple(indices) for indices in group_index.values()),
        arrays=arrays,
        unit=unit,
    )


def load_tile_task(loader: RegionLoader) -> np.ndarray:
    """Load one tile, turning a missing source file into a library error.

    Args:
        loader: The region's loader (knows its image, tile and source).

    Returns:
        The tile's pixels with the image's number of axes.

    Raises:
        ConvertersToolsFileNotFoundError: If the source file does not exist.
    """
    try:
        return loader()
    except FileNotFoundError as exc:
        where = describe_tile(loader.fov_name, loader.image_loader, loader.resource)
        raise ConvertersToolsFileNotFoundError(
            f"Image {loader.image_path!r}: {where} cannot be read because its "
            f"source file does not exist ({exc}). Check the tile's file path and "
            "the `resource` (base directory or URL) passed to the converter, or "
            "remove the tile with a filter."
        ) from exc


def load_tile_source(loader: RegionLoader, box: Box) -> Source:
    """Load one tile as a source placed at its box origin.

    Args:
        loader: The region's loader.
        box: The region's box.

    Returns:
        The pixels and the box origin.
    """
    return load_tile_task(loader), tuple(start for start, _ in box)


def intersect_boxes(first: Box, second: Box) -> Box | None:
    """Intersection of two boxes, or `None` when they do not overlap.

    Args:
        first: A box.
        second: Another box with the same number of axes.

    Returns:
        The overlap, or `None`.
    """
    out = []
    for (a0, a1), (b0, b1) in zip(first, second, strict=True):
        start, stop = max(a0, b0), min(a1, b1)
        if stop <= start:
            return None
        out.append((start, stop))
    return tuple(out)


def paste_pieces(
    out: np.ndarray,
    out_origin: Sequence[int],
    pieces: Sequence[tuple[Box, Source]],
) -> None:
    """Paste, in order, each piece's box from its source into `out`.

    Later pieces overwrite earlier ones (last writer wins). Only the part of a
    box that falls inside `out` is copied.

    Args:
        out: Destination array.
        out_origin: Level-0 pixel coordinate of `out[0, ..., 0]`.
        pieces: `(box, source)` pairs; the source must contain the box.
    """
    out_box = tuple(
        (origin, origin + size)
        for origin, size in zip(out_origin, out.shape, strict=True)
    )
    for box, (data, origin) in pieces:
        overlap = intersect_boxes(box, out_box)
        if overlap is None:
            continue
        destination = tuple(
            slice(start - o, stop - o)
            for (start, stop), o in zip(overlap, out_origin, strict=True)
        )
        source = tuple(
            slice(start - o, stop - o)
            for (start, stop), o in zip(overlap, origin, strict=True)
        )
        out[destination] = data[source]


def load_group_task(
    loaders: Sequence[RegionLoader], boxes: Sequence[Box]
) -> list[Source]:
    """Load every tile of one FOV group, each placed at its own box origin.

    The tiles are kept separate rather than pasted into the group's bounding
    box: the nodes paste straight from them, which saves one copy of the
    image and half the memory of a group in flight.

    Args:
        loaders: The group's loaders, in region order.
        boxes: Their boxes, same order.

    Returns:
        One source per tile, in the group's order.
    """
    return [
        load_tile_source(loader, box)
        for loader, box in zip(loaders, boxes, strict=True)
    ]


def _load_malloc_trim() -> Callable[[int], int] | None:
    """Return `malloc_trim` of glibc, or `None` on other C libraries."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


_MALLOC_TRIM = _load_malloc_trim()


def release_free_memory() -> None:
    """Hand freed heap pages back to the operating system (glibc only).

    The writers allocate and free many same-sized multi-megabyte buffers from
    several threads. glibc raises its mmap threshold after the first such
    free, so later buffers come from per-thread arenas whose freed pages stay
    resident: measured on a 1.1 GiB mosaic, that fragmentation doubled the RSS
    growth (about 130 MiB on top of 136 MiB of live data). Trimming after each
    written block keeps RSS close to the data actually in flight.
    """
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


@contextmanager
def log_timing(
    description: str, *, image_path: str, nbytes: int, extra: str = ""
) -> Iterator[None]:
    """Log the start and the end (elapsed time and throughput) of a write.

    Args:
        description: What is being written (the writer mode).
        image_path: The image, for the log lines.
        nbytes: Source bytes processed, for the throughput figure.
        extra: Appended to the start line (e.g. number of tiles).

    Yields:
        Nothing; the end line is logged when the block exits without error.
    """
    logger.info("%s: writing image %s %s", description, image_path, extra)
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    logger.info(
        "%s: wrote image %s in %.2f s (%.1f MB/s of source pixels)",
        description,
        image_path,
        elapsed,
        nbytes / 1e6 / max(elapsed, 1e-9),
    )
