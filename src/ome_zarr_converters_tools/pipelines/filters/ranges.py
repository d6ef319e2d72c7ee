"""Filters that keep tiles whose start on the z or t axis lies in a closed range.

Tiles are kept or dropped whole, judged by their *starting* position only
(`start_z` / `start_t`), so a tile spanning the whole stack passes whenever its
start is in range. Bounds are inclusive and compared in the coordinate space the
tile start is declared in (`acquisition_details.start_z_coo` / `start_t_coo`).
Range filters have no include/exclude mode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self

from pydantic import model_validator

from ome_zarr_converters_tools.core.api_line import presentation_config
from ome_zarr_converters_tools.pipelines.filters.base import FilterModel

if TYPE_CHECKING:
    from ome_zarr_converters_tools.core.tile import Tile

__all__ = ["RangeFilter", "TRangeFilter", "ZRangeFilter"]


class RangeFilter(FilterModel):
    """Shared logic of the range filters: inclusive bounds on one tile start."""

    axis: ClassVar[str]
    """Axis whose tile start is tested (`"z"` or `"t"`)."""

    def bounds(self) -> tuple[float | None, float | None]:
        """Return the `(minimum, maximum)` bounds, `None` meaning unbounded."""
        low: float | None = getattr(self, f"min_{self.axis}")
        high: float | None = getattr(self, f"max_{self.axis}")
        return low, high

    @model_validator(mode="after")
    def _check_bounds(self) -> Self:
        low, high = self.bounds()
        if low is not None and high is not None and low > high:
            raise ValueError(
                f"{self.name}: min_{self.axis}={low} is greater than "
                f"max_{self.axis}={high}, so every tile would be removed. Swap the "
                "bounds or leave one empty."
            )
        return self

    def matches(self, tile: Tile[Any, Any]) -> bool:
        """Tell whether the tile's start on the axis lies within the bounds."""
        start: float = getattr(tile, f"start_{self.axis}")
        low, high = self.bounds()
        if low is not None and start < low:
            return False
        return not (high is not None and start > high)


class ZRangeFilter(RangeFilter):
    """Keep only tiles whose starting Z position lies within a range."""

    model_config = presentation_config("ZRangeFilter")
    axis: ClassVar[str] = "z"

    name: Literal["Z Range Filter"] = "Z Range Filter"
    """Name of the filter."""
    min_z: float | None = None
    """Minimum starting Z position (inclusive). Leave empty for no lower bound."""
    max_z: float | None = None
    """Maximum starting Z position (inclusive). Leave empty for no upper bound."""


class TRangeFilter(RangeFilter):
    """Keep only tiles whose starting time point lies within a range."""

    model_config = presentation_config("TRangeFilter")
    axis: ClassVar[str] = "t"

    name: Literal["Time Range Filter"] = "Time Range Filter"
    """Name of the filter."""
    min_t: float | None = None
    """Minimum starting time point (inclusive). Leave empty for no lower bound."""
    max_t: float | None = None
    """Maximum starting time point (inclusive). Leave empty for no upper bound."""
