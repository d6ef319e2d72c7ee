"""The placement core: which source region lands where in an array, last writer wins.

Every path that turns regions into pixels starts from one `Placement`: the
array shape and dtype, and per region (in region order) its integer `Box` and
a `RegionLoader`. `place_regions` builds it from the regions of a tiled image
or FOV group on the geometry primitive `core.geometry.pixel_layout`, either
relative to the regions' minimum corner (`TiledImage.load_data`) or anchored
at pixel 0 of an existing array (the writers). From there:

- `Placement.load` decodes the regions on all cores and pastes them in order
  (the numpy path, and the "In Memory" writer);
- `core.lazy_array.lazy_array` builds a dask graph from it (`load_data_dask`);
- the writers' task tree (`pipelines.writers.tree`) assembles each storage
  unit from the regions `Placement.by_block` finds for it.

All of them copy pixels with `paste`, so the overlap rule is written once.

Each region is loaded by a `core.region_loader.RegionLoader`, small enough to
pickle into any worker.
"""

from __future__ import annotations

import itertools
import logging
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from ngio import PixelSize, Roi

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.geometry import (
    Box,
    box_slices,
    intersect_boxes,
    pixel_layout,
)
from ome_zarr_converters_tools.core.region_loader import (
    RegionLoader,
    default_num_workers,
    describe_tile,
)

__all__ = ["Placement", "paste", "place_regions"]

logger = logging.getLogger(__name__)


def paste(
    out: np.ndarray,
    out_origin: Sequence[int],
    pieces: Iterable[tuple[Box, np.ndarray, Sequence[int]]],
) -> None:
    """Copy, in order, each piece's box from its data into `out`: last writer wins.

    Only the part of a box that falls inside `out` is copied, so the same call
    fills a whole image, one dask chunk or one storage unit.

    Args:
        out: Destination array.
        out_origin: Coordinate of `out[0, ..., 0]`.
        pieces: `(box, data, data_origin)`: where the piece lands, the array
            holding it and the coordinate of that array's first element.
    """
    out_box = tuple(
        (origin, origin + size)
        for origin, size in zip(out_origin, out.shape, strict=True)
    )
    for box, data, origin in pieces:
        overlap = intersect_boxes(box, out_box)
        if overlap is None:
            continue
        out[box_slices(overlap, out_origin)] = data[box_slices(overlap, origin)]


class _RegionLike(Protocol):
    """What `place_regions` reads of a region (a `TileSlice`)."""

    @property
    def roi(self) -> Roi: ...

    @property
    def image_loader(self) -> Any: ...


@dataclass(frozen=True)
class Placement:
    """Where every region of one array lands, in region (write) order.

    Attributes:
        shape: The array shape.
        dtype: The array dtype; loaded data is cast to it.
        boxes: One box per region, inside `shape`.
        loaders: One zero-argument loader per region, same order.
        fill_value: Value of pixels no region covers.
    """

    shape: tuple[int, ...]
    dtype: np.dtype[Any]
    boxes: tuple[Box, ...]
    loaders: tuple[Callable[[], np.ndarray], ...]
    fill_value: float = 0

    def __post_init__(self) -> None:
        """Refuse boxes outside the array (a bug of the caller, not of the user)."""
        for box in self.boxes:
            if len(box) != len(self.shape) or any(
                start < 0 or stop > size or stop < start
                for (start, stop), size in zip(box, self.shape, strict=False)
            ):
                raise ConvertersToolsInternalError(
                    f"Region bounds {box} do not fit inside an array of shape "
                    f"{self.shape}; regions must be shifted to the array origin first."
                )

    @property
    def source_nbytes(self) -> int:
        """Bytes of source pixels (sum of all region sizes at the array dtype)."""
        return self.dtype.itemsize * sum(
            int(np.prod([stop - start for start, stop in box])) for box in self.boxes
        )

    def by_block(
        self, starts: Sequence[Sequence[int]]
    ) -> dict[tuple[int, ...], list[int]]:
        """Regions overlapping each block of a grid, in region order.

        Each region is dropped into the blocks its box spans (a `bisect` per
        axis), so the cost is the number of (region, block) overlaps, not
        regions times blocks. Blocks no region touches are left out.

        Args:
            starts: Per axis, the start of every block (ascending, first 0).

        Returns:
            Block index (per axis) to region numbers.
        """
        found: dict[tuple[int, ...], list[int]] = {}
        for number, box in enumerate(self.boxes):
            ranges = []
            for (start, stop), axis_starts in zip(box, starts, strict=True):
                if stop <= start:
                    break
                first = max(bisect_right(axis_starts, start) - 1, 0)
                ranges.append(range(first, bisect_left(axis_starts, stop)))
            else:
                for index in itertools.product(*ranges):
                    found.setdefault(index, []).append(number)
        return found

    def load(self, workers: int | None = None) -> np.ndarray:
        """Decode every region on `workers` threads and paste them in order.

        At most a few regions are decoded ahead of the in-order paste, so
        decoded tiles waiting for their turn never add up to a second copy of
        the array.

        Args:
            workers: Decoding threads; all usable cores by default.

        Returns:
            The assembled array.
        """
        out = np.full(self.shape, self.fill_value, dtype=self.dtype)
        workers = workers or default_num_workers()
        origin = (0,) * len(self.shape)
        pending: deque[tuple[Box, Future[np.ndarray]]] = deque()
        regions = iter(zip(self.boxes, self.loaders, strict=True))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            try:
                while True:
                    while len(pending) < 2 * workers:
                        nxt = next(regions, None)
                        if nxt is None:
                            break
                        pending.append((nxt[0], pool.submit(nxt[1])))
                    if not pending:
                        return out
                    box, future = pending.popleft()
                    paste(out, origin, [(box, future.result(), [a for a, _ in box])])
            except BaseException:
                for _, future in pending:
                    future.cancel()
                raise


def place_regions(
    regions: Sequence[_RegionLike],
    *,
    axes: Sequence[str],
    pixel_size: PixelSize,
    dtype: str | np.dtype[Any],
    resource: Any | None = None,
    image_path: str | None = None,
    shape: Sequence[int] | None = None,
) -> Placement:
    """The placement of `regions`: each one's box and loader, in region order.

    Args:
        regions: The regions (`TileSlice`s); later ones win overlaps.
        axes: The array axes.
        pixel_size: The image pixel size (used for world-space ROIs).
        dtype: The array dtype.
        resource: Passed to every loader.
        image_path: The image, for messages.
        shape: Place into an existing array of this shape, anchored at pixel 0
            (the writers); by default the array is the regions' bounding box,
            anchored at their minimum corner.

    Returns:
        The placement.

    Raises:
        ConvertersToolsUserError: If `shape` is given and a region does not
            fit inside it.
        ConvertersToolsInternalError: If `regions` is empty.
    """
    layout = pixel_layout([r.roi for r in regions], axes=axes, pixel_size=pixel_size)
    if shape is None:
        boxes = layout.boxes()
        shape = layout.extent_shape()
    else:
        boxes = layout.boxes((0.0,) * len(axes))
        for region, box in zip(regions, boxes, strict=True):
            _check_fits(region, box, axes, shape, image_path, resource)
    loaders = tuple(
        RegionLoader(
            region.image_loader,
            axes=axes,
            expected_shape=[stop - start for start, stop in box],
            resource=resource,
            fov_name=region.roi.name,
            image_path=image_path,
        )
        for region, box in zip(regions, boxes, strict=True)
    )
    return Placement(
        shape=tuple(int(n) for n in shape),
        dtype=np.dtype(dtype),
        boxes=tuple(boxes),
        loaders=loaders,
    )


def _check_fits(
    region: _RegionLike,
    box: Box,
    axes: Sequence[str],
    shape: Sequence[int],
    image_path: str | None,
    resource: Any | None,
) -> None:
    """Refuse a region that falls outside the existing array (a user error)."""
    for axis, (start, stop), size in zip(axes, box, shape, strict=True):
        if start < 0 or stop > size or stop <= start:
            tile = describe_tile(region.roi.name, region.image_loader, resource)
            raise ConvertersToolsUserError(
                f"Image {image_path!r}: {tile} covers pixels [{start}, {stop}) "
                f"on axis {axis!r}, but the image array has {size} pixels there "
                f"(expected 0 <= start < stop <= {size}). Run the registration "
                "pipeline (offset removal and align_to_pixel_grid) before writing "
                "and create the container with tiled_image.output_shape()."
            )
