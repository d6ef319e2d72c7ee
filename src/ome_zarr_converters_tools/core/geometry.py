"""ROI arithmetic on ngio `Roi` objects: shifts, unions, distances and pixel shapes.

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
    "Space",
    "axis_interval",
    "axis_pixel_size",
    "move_roi_to",
    "pixel_intervals",
    "pixel_origin",
    "pixel_to_world",
    "rebuild_roi",
    "region_layout",
    "roi_corners",
    "roi_distance",
    "roi_distance_to_point",
    "roi_extent_shape",
    "roi_output_shape",
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


def roi_pixel_bounds(
    roi: Roi,
    *,
    axes: Sequence[str],
    pixel_size: PixelSize,
    origin: Sequence[float],
) -> tuple[tuple[int, int], ...]:
    """Integer `(start, stop)` per axis of a ROI in an array starting at `origin`.

    The interval endpoints are rounded (half-to-even) after subtracting the
    origin, the same rule the pixel-grid registration step applies, so loading
    an unregistered image places tiles where the writer will.

    Args:
        roi: The region, world or pixel space.
        axes: Axis order of the result.
        pixel_size: Image pixel size (used for world-space ROIs).
        origin: Pixel coordinate of the array's first element, per axis.

    Returns:
        One `(start, stop)` pair per axis.
    """
    bounds = []
    spacings = _spacings(pixel_size, axes)
    for axis, axis_origin, spacing in zip(axes, origin, spacings, strict=True):
        start, length = axis_interval(roi, axis)
        if roi.space == "world":
            start = world_to_pixel(start, spacing)
            length = world_to_pixel(length, spacing)
        bounds.append(round_interval(start - axis_origin, length))
    return tuple(bounds)


def pixel_intervals(
    roi: Roi, *, axes: Sequence[str], spacings: Sequence[float]
) -> list[tuple[float, float]]:
    """`(start, length)` per axis of a ROI in (possibly fractional) pixels.

    Args:
        roi: The ROI, world or pixel space.
        axes: Axes to read, in order.
        spacings: Pixel size per axis (used for world-space ROIs).

    Returns:
        One `(start, length)` pair per axis.
    """
    intervals = []
    world = roi.space == "world"
    for axis, spacing in zip(axes, spacings, strict=True):
        start, length = axis_interval(roi, axis)
        if world:
            start = world_to_pixel(start, spacing)
            length = world_to_pixel(length, spacing)
        intervals.append((start, length))
    return intervals


def region_layout(
    rois: Sequence[Roi], *, axes: Sequence[str], pixel_size: PixelSize
) -> tuple[tuple[int, ...], list[tuple[tuple[int, int], ...]]]:
    """Bounding-box shape of ROIs and each ROI's integer bounds inside it.

    One pass over the ROIs; equivalent to `roi_extent_shape` plus
    `roi_pixel_bounds` relative to `pixel_origin`.

    Args:
        rois: The ROIs (at least one), world or pixel space.
        axes: Axis order of the result.
        pixel_size: Image pixel size (used for world-space ROIs).

    Returns:
        The shape (ceil of the extent) and one `(start, stop)` tuple per axis
        for every ROI, relative to the per-axis minimum start.

    Raises:
        ConvertersToolsInternalError: If `rois` is empty.
    """
    spacings = _spacings(pixel_size, axes)
    all_intervals = [pixel_intervals(r, axes=axes, spacings=spacings) for r in rois]
    if not all_intervals:
        raise ConvertersToolsInternalError(
            "Cannot compute a layout from zero ROIs; a tiled image or FOV group "
            "must hold at least one region."
        )
    lows = [min(iv[i][0] for iv in all_intervals) for i in range(len(axes))]
    highs = [max(iv[i][0] + iv[i][1] for iv in all_intervals) for i in range(len(axes))]
    shape = tuple(math.ceil(h - lo) for lo, h in zip(lows, highs, strict=True))
    bounds = [
        tuple(
            round_interval(start - low, length)
            for (start, length), low in zip(intervals, lows, strict=True)
        )
        for intervals in all_intervals
    ]
    return shape, bounds


def _spacings(pixel_size: PixelSize, axes: Sequence[str]) -> list[float]:
    return [axis_pixel_size(pixel_size, axis) for axis in axes]


def _pixel_bounds(
    rois: Iterable[Roi], axes: Sequence[str], pixel_size: PixelSize
) -> tuple[list[float], list[float]]:
    lows = [math.inf] * len(axes)
    highs = [-math.inf] * len(axes)
    spacings = _spacings(pixel_size, axes)
    for roi in rois:
        for index, axis in enumerate(axes):
            start, length = axis_interval(roi, axis)
            if roi.space == "world":
                spacing = spacings[index]
                start = world_to_pixel(start, spacing)
                length = world_to_pixel(length, spacing)
            lows[index] = min(lows[index], start)
            highs[index] = max(highs[index], start + length)
    if not axes or math.isinf(lows[0]):
        raise ConvertersToolsInternalError(
            "Cannot compute a shape from zero ROIs; a tiled image or FOV group "
            "must hold at least one region."
        )
    return lows, highs


def roi_extent_shape(
    rois: Iterable[Roi], *, axes: Sequence[str], pixel_size: PixelSize
) -> tuple[int, ...]:
    """Pixel shape of the union bounding box of ROIs (ceil of the extent).

    Ceil rather than round: the shape sizes load buffers, and a buffer one
    pixel too large is harmless while one too small would drop data.

    Args:
        rois: The ROIs, world or pixel space.
        axes: Axis order of the result.
        pixel_size: Image pixel size (used for world-space ROIs).

    Returns:
        One integer per axis.
    """
    lows, highs = _pixel_bounds(rois, axes, pixel_size)
    return tuple(math.ceil(high - low) for low, high in zip(lows, highs, strict=True))


def roi_output_shape(
    rois: Iterable[Roi], *, axes: Sequence[str], pixel_size: PixelSize
) -> tuple[int, ...]:
    """Pixel shape of an array anchored at pixel 0 that holds all ROIs.

    Unlike `roi_extent_shape` this spans from 0 to the largest end, so an image
    whose regions keep a positive origin is left-padded.

    Args:
        rois: The ROIs, world or pixel space.
        axes: Axis order of the result.
        pixel_size: Image pixel size (used for world-space ROIs).

    Returns:
        One integer per axis.
    """
    _, highs = _pixel_bounds(rois, axes, pixel_size)
    return tuple(max(math.ceil(high), 0) for high in highs)


def pixel_origin(
    rois: Iterable[Roi], *, axes: Sequence[str], pixel_size: PixelSize
) -> tuple[float, ...]:
    """Per-axis minimum start of ROIs, in pixels.

    Args:
        rois: The ROIs, world or pixel space.
        axes: Axis order of the result.
        pixel_size: Image pixel size (used for world-space ROIs).

    Returns:
        One (possibly fractional) pixel coordinate per axis.
    """
    lows, _ = _pixel_bounds(rois, axes, pixel_size)
    return tuple(lows)
