"""ROI arithmetic on ngio `Roi` objects, and the one pixel layout of regions.

`pixel_layout` is the geometry primitive every placement starts from: it
reads ROIs as pixel intervals once, and gives the union's shapes and each
ROI's integer `Box` relative to any origin (`core.assembly` builds the
placement plan on it).

ngio 1.1 ROIs are frozen pydantic models (ngio 0.5 ROIs are not, but are
treated the same), so every helper here returns a new `Roi` and never touches
its argument. New ROIs are always built through the validating constructor
with `slices` in the container ngio declares (a tuple on ngio 1.1, a list on
0.5, see `core.ngio_compat.roi_slices`): `Roi.model_copy(update=...)` skips
validation, and the other container would make two otherwise equal ROIs
compare unequal (which breaks the init-to-compute JSON round trip).

ngio's private conversion helpers (`world_to_pixel`, `pixel_to_world`) come
through `core.ngio_compat`; everything else goes through the wrappers below.

The module is longer than the house limit of about 400 lines on purpose: it is
a flat list of small, documented pure functions that belong together, and
splitting it would scatter the ROI conventions over several files.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ngio import PixelSize, Roi, RoiSlice

from ome_zarr_converters_tools.core.errors import ConvertersToolsInternalError
from ome_zarr_converters_tools.core.ngio_compat import (
    pixel_to_world as _ngio_pixel_to_world,
)
from ome_zarr_converters_tools.core.ngio_compat import roi_slices
from ome_zarr_converters_tools.core.ngio_compat import (
    world_to_pixel as _ngio_world_to_pixel,
)

__all__ = [
    "ORIGINAL_POSITION_KEYS",
    "Box",
    "PixelLayout",
    "Space",
    "axis_interval",
    "axis_pixel_size",
    "box_slices",
    "intersect_boxes",
    "move_roi_to",
    "pixel_layout",
    "pixel_to_world",
    "rebuild_roi",
    "roi_corners",
    "roi_distance",
    "roi_distance_to_point",
    "roi_extent_shape",
    "roi_pixel_bounds",
    "roi_to_pixel",
    "round_interval",
    "safe_to_world",
    "shift_roi",
    "union_rois",
    "world_to_pixel",
    "zero_roi",
]

Space = Literal["world", "pixel"]
"""Coordinate space of a start or length: physical units or pixel indices."""

ORIGINAL_POSITION_KEYS: tuple[str, ...] = (
    "x_micrometer_original",
    "y_micrometer_original",
    "z_micrometer_original",
)
"""ROI extras that keep the raw stage position of a tile through registration."""


def world_to_pixel(value: float, spacing: float) -> float:
    """Convert a world coordinate to pixels, snapping near-integers like ngio does.

    Args:
        value: Coordinate in world units (micrometer or second).
        spacing: World size of one pixel along the axis.

    Returns:
        The coordinate in (possibly fractional) pixel units.
    """
    return float(_ngio_world_to_pixel(value, spacing))


def pixel_to_world(value: float, spacing: float) -> float:
    """Convert a pixel coordinate to world units.

    Args:
        value: Coordinate in pixel units.
        spacing: World size of one pixel along the axis.

    Returns:
        The coordinate in world units.
    """
    return float(_ngio_pixel_to_world(value, spacing))


def safe_to_world(*, start: float, spacing: float, space: Space) -> float:
    """Cast a start or length to world units according to its declared space.

    World input is sent through the pixel grid and back (without rounding), so
    values that are within ngio's snapping tolerance of a pixel boundary land
    exactly on it; pixel input is simply multiplied by the spacing.

    Args:
        start: The value to cast (a start or a length).
        spacing: World size of one pixel along the axis.
        space: Whether `start` is given in world units or pixels.

    Returns:
        The value in world units.
    """
    if space == "world":
        return pixel_to_world(world_to_pixel(start, spacing), spacing)
    return pixel_to_world(start, spacing)


def axis_interval(roi: Roi, axis: str) -> tuple[float, float]:
    """Return the `(start, length)` of one axis of a ROI.

    Args:
        roi: The ROI to read.
        axis: Axis name (`"x"`, `"y"`, `"z"`, `"c"` or `"t"`).

    Returns:
        Start and length of the axis, both set.

    Raises:
        ConvertersToolsInternalError: If the ROI has no bounded slice on `axis`;
            every ROI the library builds pins all axes of its image.
    """
    roi_slice = roi.get(axis)
    if roi_slice is None or roi_slice.start is None or roi_slice.length is None:
        raise ConvertersToolsInternalError(
            f"ROI {roi.name!r} has no bounded slice on axis {axis!r} "
            f"(slices: {[s.axis_name for s in roi.slices]}); every region of a "
            "tiled image must pin start and length on all image axes."
        )
    return float(roi_slice.start), float(roi_slice.length)


def axis_pixel_size(pixel_size: PixelSize, axis: str) -> float:
    """Return the spacing of `axis`; channels are indices and have spacing 1.

    Args:
        pixel_size: The image pixel size.
        axis: Axis name.

    Returns:
        The world size of one pixel along `axis`.
    """
    return float(pixel_size.get(axis, default=1.0))


def rebuild_roi(roi: Roi, **update: Any) -> Roi:
    """Return a validated copy of `roi` with some fields replaced.

    Extras (such as the `*_micrometer_original` stage positions) are kept
    unless `update` overrides them.

    Args:
        roi: The ROI to copy.
        **update: Fields to replace (`slices` may be any iterable of
            `RoiSlice`; it is stored as ngio's `Roi` declares it).

    Returns:
        A new ROI.
    """
    data: dict[str, Any] = {
        "name": roi.name,
        "slices": roi.slices,
        "label": roi.label,
        "space": roi.space,
        **(roi.model_extra or {}),
        **update,
    }
    data["slices"] = roi_slices(data["slices"])
    return Roi(**data)


def shift_roi(roi: Roi, vector: Mapping[str, float]) -> Roi:
    """Move a ROI by a per-axis delta; axes not in `vector` stay put.

    Args:
        roi: The ROI to move.
        vector: Delta per axis name, in the ROI's own space.

    Returns:
        The moved ROI.
    """
    slices = []
    for roi_slice in roi.slices:
        delta = vector.get(roi_slice.axis_name)
        if delta is None or roi_slice.start is None:
            slices.append(roi_slice)
            continue
        slices.append(
            RoiSlice(
                axis_name=roi_slice.axis_name,
                start=roi_slice.start + delta,
                length=roi_slice.length,
            )
        )
    return rebuild_roi(roi, slices=slices)


def move_roi_to(roi: Roi, starts: Mapping[str, float]) -> Roi:
    """Place a ROI at new per-axis starts, keeping its lengths.

    Args:
        roi: The ROI to move.
        starts: New start per axis name; other axes keep their start.

    Returns:
        The moved ROI.
    """
    slices = [
        RoiSlice(
            axis_name=s.axis_name,
            start=starts[s.axis_name],
            length=s.length,
        )
        if s.axis_name in starts
        else s
        for s in roi.slices
    ]
    return rebuild_roi(roi, slices=slices)


def zero_roi(roi: Roi) -> Roi:
    """Return the ROI with every start at 0 (same lengths).

    Args:
        roi: The ROI to move.

    Returns:
        The ROI anchored at the origin.
    """
    return move_roi_to(roi, {s.axis_name: 0.0 for s in roi.slices})


def roi_distance_to_point(roi: Roi, point: Mapping[str, float]) -> float:
    """Euclidean distance between a ROI's start corner and a point.

    Args:
        roi: The ROI.
        point: Coordinate per axis name; only these axes count.

    Returns:
        The distance, in the ROI's units.
    """
    total = 0.0
    for axis, coordinate in point.items():
        start, _ = axis_interval(roi, axis)
        total += (start - coordinate) ** 2
    return math.sqrt(total)


def roi_distance(
    first: Roi, second: Roi, *, axes: Sequence[str] | None = None
) -> float:
    """Euclidean distance between the start corners of two ROIs.

    Args:
        first: One ROI.
        second: The other ROI.
        axes: Axes to consider; all axes of `first` by default.

    Returns:
        The distance, in the ROIs' units.
    """
    names = list(axes) if axes is not None else [s.axis_name for s in first.slices]
    point = {axis: axis_interval(second, axis)[0] for axis in names}
    return roi_distance_to_point(first, point)


def roi_corners(roi: Roi) -> tuple[dict[str, float], ...]:
    """Return the four xy corners of a ROI.

    Args:
        roi: The ROI.

    Returns:
        `(x0, y0)`, `(x0, y1)`, `(x1, y0)`, `(x1, y1)` as `{"x": .., "y": ..}`.
    """
    x0, x_len = axis_interval(roi, "x")
    y0, y_len = axis_interval(roi, "y")
    x1, y1 = x0 + x_len, y0 + y_len
    return (
        {"x": x0, "y": y0},
        {"x": x0, "y": y1},
        {"x": x1, "y": y0},
        {"x": x1, "y": y1},
    )


def union_rois(rois: Iterable[Roi], *, name: str | None = None) -> Roi:
    """Bounding box of many ROIs, in one pass over them.

    Axis order and extras come from the first ROI; a `*_micrometer_original`
    extra the first ROI lacks comes from the first ROI that has it. Keeping the
    first region's stage position (rather than a per-axis minimum that mixes
    positions of different tiles) is what the published package records in
    `FOV_ROI_table`. An axis missing from some ROIs is taken from those that
    have it.

    Args:
        rois: The ROIs; all in the same space.
        name: Name of the union ROI; the first ROI's name by default.

    Returns:
        The union ROI.

    Raises:
        ConvertersToolsInternalError: If `rois` is empty, mixes spaces or has
            unbounded slices.
    """
    iterator = iter(rois)
    first = next(iterator, None)
    if first is None:
        raise ConvertersToolsInternalError(
            "Cannot build the union of zero ROIs; a tiled image or FOV group "
            "must hold at least one region."
        )
    lows: dict[str, float] = {}
    highs: dict[str, float] = {}
    originals: dict[str, float] = {}

    def _absorb(roi: Roi) -> None:
        for roi_slice in roi.slices:
            start, length = roi_slice.start, roi_slice.length
            if start is None or length is None:
                axis_interval(roi, roi_slice.axis_name)  # raises the clear error
                return
            axis = roi_slice.axis_name
            end = start + length
            if axis not in lows or start < lows[axis]:
                lows[axis] = start
            if axis not in highs or end > highs[axis]:
                highs[axis] = end
        extra = roi.model_extra or {}
        for key in ORIGINAL_POSITION_KEYS:
            value = extra.get(key)
            if value is not None and key not in originals:
                originals[key] = value

    _absorb(first)
    for roi in iterator:
        if roi.space != first.space:
            raise ConvertersToolsInternalError(
                f"Cannot unite ROI {roi.name!r} ({roi.space} space) with ROI "
                f"{first.name!r} ({first.space} space); convert them to one space."
            )
        _absorb(roi)
    slices = [
        RoiSlice(axis_name=axis, start=low, length=highs[axis] - low)
        for axis, low in lows.items()
    ]
    return rebuild_roi(
        first,
        name=first.name if name is None else name,
        slices=slices,
        label=None,
        **originals,
    )


def roi_to_pixel(roi: Roi, pixel_size: PixelSize) -> Roi:
    """Convert a ROI to pixel space (a copy if it already is).

    Args:
        roi: The ROI.
        pixel_size: Image pixel size.

    Returns:
        The ROI in pixel units, extras kept.
    """
    if roi.space == "pixel":
        return roi
    return roi.to_pixel(pixel_size=pixel_size)


def round_interval(start: float, length: float) -> tuple[int, int]:
    """Round a pixel interval by its endpoints (half-to-even).

    Rounding the endpoints rather than start and length separately keeps
    neighbouring tiles gap- and overlap-free (FEATURES §6 item 3).

    Args:
        start: Start in pixels.
        length: Length in pixels.

    Returns:
        Integer `(start, stop)`.
    """
    return round(start), round(start + length)


Box = tuple[tuple[int, int], ...]
"""Integer `(start, stop)` per axis: where a region lands in an array.

The one box type of the library: tiled-image loading, the dask graph, the
writers' task tree and the unit writer all place pixels with it.
"""


@dataclass(frozen=True)
class PixelLayout:
    """ROIs as (possibly fractional) pixel intervals, and their union.

    Attributes:
        intervals: Per ROI, `(start, length)` per axis, in pixels.
        lows: Per axis, the smallest start.
        highs: Per axis, the largest end.
    """

    intervals: tuple[tuple[tuple[float, float], ...], ...]
    lows: tuple[float, ...]
    highs: tuple[float, ...]

    def extent_shape(self) -> tuple[int, ...]:
        """Shape of the union bounding box (ceil of the extent).

        Ceil rather than round: the shape sizes load buffers, and a buffer one
        pixel too large is harmless while one too small would drop data.
        """
        return tuple(
            math.ceil(high - low)
            for low, high in zip(self.lows, self.highs, strict=True)
        )

    def output_shape(self) -> tuple[int, ...]:
        """Shape of an array anchored at pixel 0 holding every ROI.

        Unlike `extent_shape` this spans from 0 to the largest end, so an image
        whose regions keep a positive origin is left-padded.
        """
        return tuple(max(math.ceil(high), 0) for high in self.highs)

    def boxes(self, origin: Sequence[float] | None = None) -> list[Box]:
        """Each ROI's integer box in an array whose element 0 sits at `origin`.

        The interval endpoints are rounded (half-to-even) after subtracting the
        origin, the rule of the pixel-grid registration step, so loading an
        unregistered image places tiles where the writer will.

        Args:
            origin: Pixel coordinate of the array's first element per axis;
                the union's minimum corner (`lows`) by default.

        Returns:
            One box per ROI, in ROI order.
        """
        anchor = self.lows if origin is None else tuple(origin)
        return [
            tuple(
                round_interval(start - low, length)
                for (start, length), low in zip(intervals, anchor, strict=True)
            )
            for intervals in self.intervals
        ]


def pixel_layout(
    rois: Iterable[Roi], *, axes: Sequence[str], pixel_size: PixelSize
) -> PixelLayout:
    """Read ROIs as pixel intervals on `axes` (world ROIs are converted), in one pass.

    Args:
        rois: The ROIs (at least one), world or pixel space.
        axes: Axis order of the result.
        pixel_size: Image pixel size (used for world-space ROIs).

    Returns:
        The layout.

    Raises:
        ConvertersToolsInternalError: If `rois` is empty.
    """
    spacings = [axis_pixel_size(pixel_size, axis) for axis in axes]
    intervals = []
    for roi in rois:
        world = roi.space == "world"
        row = []
        for axis, spacing in zip(axes, spacings, strict=True):
            start, length = axis_interval(roi, axis)
            if world:
                start = world_to_pixel(start, spacing)
                length = world_to_pixel(length, spacing)
            row.append((start, length))
        intervals.append(tuple(row))
    if not intervals:
        raise ConvertersToolsInternalError(
            "Cannot compute a layout from zero ROIs; a tiled image or FOV group "
            "must hold at least one region."
        )
    return PixelLayout(
        intervals=tuple(intervals),
        lows=tuple(min(row[i][0] for row in intervals) for i in range(len(axes))),
        highs=tuple(max(sum(row[i]) for row in intervals) for i in range(len(axes))),
    )


def roi_pixel_bounds(
    roi: Roi,
    *,
    axes: Sequence[str],
    pixel_size: PixelSize,
    origin: Sequence[float],
) -> Box:
    """Integer box of one ROI in an array whose element 0 sits at `origin`.

    Args:
        roi: The region, world or pixel space.
        axes: Axis order of the result.
        pixel_size: Image pixel size (used for world-space ROIs).
        origin: Pixel coordinate of the array's first element, per axis.

    Returns:
        One `(start, stop)` pair per axis (see `PixelLayout.boxes`).
    """
    return pixel_layout([roi], axes=axes, pixel_size=pixel_size).boxes(origin)[0]


def roi_extent_shape(
    rois: Iterable[Roi], *, axes: Sequence[str], pixel_size: PixelSize
) -> tuple[int, ...]:
    """Pixel shape of the union bounding box of ROIs (`PixelLayout.extent_shape`).

    Args:
        rois: The ROIs, world or pixel space.
        axes: Axis order of the result.
        pixel_size: Image pixel size (used for world-space ROIs).

    Returns:
        One integer per axis.
    """
    return pixel_layout(rois, axes=axes, pixel_size=pixel_size).extent_shape()


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


def box_slices(box: Box, origin: Sequence[int] | None = None) -> tuple[slice, ...]:
    """Slices selecting `box` in an array whose element 0 sits at `origin`.

    Args:
        box: The box.
        origin: Coordinate of the array's first element; 0 by default.

    Returns:
        One slice per axis.
    """
    if origin is None:
        return tuple(slice(start, stop) for start, stop in box)
    return tuple(
        slice(start - o, stop - o) for (start, stop), o in zip(box, origin, strict=True)
    )
