"""Writer protocol, the write plan every writer mode starts from, and shared helpers.

`build_write_plan` anchors the image's regions at pixel 0 of the container's
level-0 array with the placement core (`core.assembly.place_regions`, the plan
`TiledImage.load_data` uses too) and adds what only writing needs: the FOV
groups, the on-disk array of every pyramid level and the level-0 write unit.
The load tasks below are plain functions of picklable arguments so that
dask's process scheduler can run them too, and they never capture the
`TiledImage` (FEATURES §6 item 21).
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

from ome_zarr_converters_tools.core.assembly import Placement, place_regions
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.geometry import Box
from ome_zarr_converters_tools.core.region_loader import RegionLoader
from ome_zarr_converters_tools.core.tiled_image import TiledImage

__all__ = [
    "Source",
    "SourceRef",
    "WritePlan",
    "WriteTarget",
    "Writer",
    "build_write_plan",
    "load_group_task",
    "load_tile_source",
    "log_timing",
    "release_free_memory",
]

logger = logging.getLogger(__name__)

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
        placement: Level-0 shape and dtype, one box and loader per region.
        groups: Region numbers per FOV group, groups in first-seen order.
        arrays: The zarr array of every pyramid level, level 0 first.
        unit: The level-0 write unit (shard shape if sharded, else chunk shape).
    """

    image_path: str
    placement: Placement
    groups: tuple[tuple[int, ...], ...]
    arrays: tuple[zarr.Array, ...]
    unit: tuple[int, ...]


def build_write_plan(
    tiled_image: TiledImage[Any, Any], container: WriteTarget, *, resource: Any | None
) -> WritePlan:
    """Place the regions in the level-0 array and collect levels and write unit.

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
    placement = place_regions(
        tiled_image.regions,
        axes=axes,
        pixel_size=tiled_image.pixel_size,
        dtype=level0.dtype,
        resource=resource,
        image_path=image_path,
        shape=level0.shape,
    )
    groups: dict[str | None, list[int]] = {}
    for number, region in enumerate(tiled_image.regions):
        groups.setdefault(region.roi.name, []).append(number)
    if isinstance(container, Image):
        arrays: tuple[zarr.Array, ...] = (level0,)
    else:
        arrays = tuple(
            container.get_image(path=path).zarr_array for path in container.level_paths
        )
    return WritePlan(
        image_path=image_path,
        placement=placement,
        groups=tuple(tuple(numbers) for numbers in groups.values()),
        arrays=arrays,
        unit=tuple(int(n) for n in (level0.shards or level0.chunks)),
    )


def load_tile_source(loader: RegionLoader, box: Box) -> Source:
    """Load one tile as a source placed at its box origin.

    Args:
        loader: The region's loader.
        box: The region's box.

    Returns:
        The pixels and the box origin.
    """
    return loader(), tuple(start for start, _ in box)


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
