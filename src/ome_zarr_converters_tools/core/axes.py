"""Canonical axis names, their order, and the checks every axes list must pass."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Literal, TypeAlias

__all__ = [
    "CANONICAL_AXES",
    "COO_SYSTEM_TYPE",
    "SPACE_TYPE",
    "AxisName",
    "CanonicalAxes",
    "check_axes_order",
    "default_axes_builder",
    "is_canonical_order",
    "left_pad_shape",
]

AxisName: TypeAlias = Literal["t", "c", "z", "y", "x"]
"""One of the five axes an OME-Zarr image may have."""

CanonicalAxes: TypeAlias = AxisName
"""Upstream spelling (`CANONICAL_AXES_TYPE`) kept as an alias."""

SPACE_TYPE: TypeAlias = Literal["world", "pixel"]
"""Unit system of a tile start or length: micrometres/seconds or pixels."""

COO_SYSTEM_TYPE: TypeAlias = SPACE_TYPE
"""0.10 name of `SPACE_TYPE`."""

CANONICAL_AXES: tuple[AxisName, ...] = ("t", "c", "z", "y", "x")
"""Order OME-NGFF requires: time, channel, then space from slowest to fastest."""

_MIN_AXES = 2
_MAX_AXES = 5


def default_axes_builder(is_time_series: bool) -> list[AxisName]:
    """Return the default axes for an acquisition.

    Args:
        is_time_series: Whether the acquisition has a time axis.

    Returns:
        `["t", "c", "z", "y", "x"]` for time series, else `["c", "z", "y", "x"]`.
    """
    if is_time_series:
        return ["t", "c", "z", "y", "x"]
    return ["c", "z", "y", "x"]


def is_canonical_order(axes: Sequence[str]) -> bool:
    """Tell whether `axes` are known, unique and in t, c, z, y, x order.

    Args:
        axes: Axis names to check.

    Returns:
        True if every name is canonical and the order strictly increases.
    """
    if any(axis not in CANONICAL_AXES for axis in axes):
        return False
    positions = [CANONICAL_AXES.index(axis) for axis in axes]  # type: ignore[arg-type]
    return all(a < b for a, b in pairwise(positions))


def check_axes_order(axes: Sequence[str]) -> list[AxisName]:
    """Check an axes list for use inside a pydantic validator.

    Raises `ValueError` (pydantic turns it into a `ValidationError`) whose text
    shows the offending list and the expected order.

    Args:
        axes: Axis names, for example `["c", "z", "y", "x"]`.

    Returns:
        The axes as a new list.

    Raises:
        ValueError: If there are fewer than 2 or more than 5 axes, a name is
            unknown or repeated, or the order is not t, c, z, y, x.
    """
    axes_list = list(axes)
    if not _MIN_AXES <= len(axes_list) <= _MAX_AXES:
        raise ValueError(
            f"Expected between {_MIN_AXES} and {_MAX_AXES} axes, got "
            f"{len(axes_list)}: {axes_list}. Use a subset of t, c, z, y, x that "
            "contains at least y and x."
        )
    unknown = [axis for axis in axes_list if axis not in CANONICAL_AXES]
    if unknown:
        raise ValueError(
            f"Unknown axes {unknown} in {axes_list}; allowed names are t, c, z, y, x."
        )
    if not is_canonical_order(axes_list):
        raise ValueError(
            f"Axes must be unique and in canonical order t, c, z, y, x; got "
            f"{axes_list}. Reorder them, e.g. "
            f"{[a for a in CANONICAL_AXES if a in axes_list]}."
        )
    return axes_list  # type: ignore[return-value]


def left_pad_shape(shape: Sequence[int], ndim: int) -> tuple[int, ...]:
    """Prepend size-1 dimensions so `shape` has `ndim` entries.

    Loaders often return fewer dimensions than the image axes (a 2D plane for a
    czyx image); the missing leading axes have size 1.

    Args:
        shape: The data shape.
        ndim: Number of dimensions wanted.

    Returns:
        The padded shape; `shape` itself if it already has `ndim` or more entries.
    """
    missing = max(ndim - len(shape), 0)
    return (1,) * missing + tuple(shape)
