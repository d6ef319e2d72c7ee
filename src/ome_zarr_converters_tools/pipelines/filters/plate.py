"""Filters on the HCS plate position of each tile: well and acquisition index.

Both wire spellings of the well filter live here: the 0.10 pair
`WellIncludeFilter` / `WellExcludeFilter` and the 1.x `WellFilter` with a `mode`.
All plate filters refuse tiles that are not part of a plate (the shared guard
`FilterModel.plate_collection`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from ome_zarr_converters_tools.core.api_line import presentation_config
from ome_zarr_converters_tools.pipelines.filters.base import (
    FilterMode,
    FilterModel,
    ModeFilterModel,
)

if TYPE_CHECKING:
    from ome_zarr_converters_tools.core.tile import Tile

__all__ = [
    "AcquisitionFilter",
    "WellExcludeFilter",
    "WellFilter",
    "WellIncludeFilter",
]


class _WellMatcher(FilterModel):
    """Shared matching of the well filters: the tile's well is in a list."""

    wells_field: ClassVar[str]
    """Name of the field holding the list of wells (differs between spellings)."""

    def matches(self, tile: Tile[Any, Any]) -> bool:
        """Tell whether the tile lies in one of the listed wells (e.g. "A01")."""
        wells: list[str] = getattr(self, self.wells_field)
        return self.plate_collection(tile).well in wells


class WellIncludeFilter(_WellMatcher):
    """Keep only the tiles of the listed wells (0.10 spelling; plates only)."""

    model_config = presentation_config("WellIncludeFilter")
    wells_field: ClassVar[str] = "wells_to_include"

    name: Literal["Well Include Filter"] = "Well Include Filter"
    """Name of the filter."""
    wells_to_include: list[str]
    """List of well identifiers to keep, e.g. `["A01", "B02"]`."""


class WellExcludeFilter(_WellMatcher):
    """Drop the tiles of the listed wells (0.10 spelling; plates only)."""

    model_config = presentation_config("WellExcludeFilter")
    wells_field: ClassVar[str] = "wells_to_remove"

    name: Literal["Well Exclude Filter"] = "Well Exclude Filter"
    """Name of the filter."""
    wells_to_remove: list[str]
    """List of well identifiers to remove, e.g. `["A01", "B02"]`."""

    def filter_mode(self) -> FilterMode:
        """Return `Exclude`: tiles of the listed wells are always dropped."""
        return "Exclude"


class WellFilter(_WellMatcher, ModeFilterModel):
    """Keep or drop tiles based on the well they belong to (plates only)."""

    model_config = presentation_config("WellFilter")
    wells_field: ClassVar[str] = "wells"

    name: Literal["Well Filter"] = "Well Filter"
    """Name of the filter."""
    wells: list[str]
    """List of well identifiers to keep (`Include` mode) or remove (`Exclude`
    mode), e.g. `["A01", "B02"]`."""


class AcquisitionFilter(ModeFilterModel):
    """Keep or drop tiles based on their acquisition index (plates only)."""

    model_config = presentation_config("AcquisitionFilter")

    name: Literal["Acquisition Filter"] = "Acquisition Filter"
    """Name of the filter."""
    acquisitions: list[int]
    """List of acquisition indices to keep (`Include` mode) or remove
    (`Exclude` mode), e.g. `[0, 1]`."""

    def matches(self, tile: Tile[Any, Any]) -> bool:
        """Tell whether the tile's acquisition index is listed."""
        return self.plate_collection(tile).acquisition in self.acquisitions
