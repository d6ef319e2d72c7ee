"""Regular-expression filter on the field-of-view name of each tile."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import AliasChoices, Field, field_validator

from ome_zarr_converters_tools.core.api_line import presentation_config
from ome_zarr_converters_tools.pipelines.filters.base import ModeFilterModel
from ome_zarr_converters_tools.pipelines.filters.path import check_regex

if TYPE_CHECKING:
    from ome_zarr_converters_tools.core.tile import Tile

__all__ = ["FovNameFilter"]


class FovNameFilter(ModeFilterModel):
    """Keep or drop tiles based on their field of view name."""

    model_config = presentation_config("FovNameFilter")

    name: Literal["FOV Name Filter"] = "FOV Name Filter"
    """Name of the filter."""
    regex: str = Field(validation_alias=AliasChoices("regex", "pattern"))
    """
    Regular expression searched (anywhere, `re.search`) in the tile's `fov_name`;
    anchor it (`^FOV_1$`) to match whole names only.

    - `Include`: matching tiles are kept, all others removed.
    - `Exclude`: matching tiles are removed, all others kept.
    """

    @field_validator("regex")
    @classmethod
    def _check_regex(cls, value: str) -> str:
        return check_regex(value)

    def matches(self, tile: Tile[Any, Any]) -> bool:
        """Tell whether the regex occurs in the tile's FOV name."""
        return re.search(self.regex, tile.fov_name) is not None
