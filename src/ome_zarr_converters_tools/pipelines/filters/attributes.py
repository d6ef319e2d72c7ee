"""Filter on the value of a tile attribute, with typed values to match.

Tile attributes are lists (one element per condition-table row), so a tile
matches when *any* element of its attribute equals *any* of the configured
values. Values are typed wrappers (discriminator `type`) rather than a bare
`str | int | float | bool` union, which the Fractal UI cannot render, and they
compare by kind: `Bool` matches only booleans, `Integer` only integers (never
`True`/`False`), `Float` any number, `String` only text. `Is None` also
matches NaN, which is how pandas stores empty cells of numeric columns.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import Field

from ome_zarr_converters_tools.core.api_line import presentation_config
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.models.base import UserFacingModel
from ome_zarr_converters_tools.pipelines.filters.base import (
    ModeFilterModel,
    describe_tile_for_filter,
)

if TYPE_CHECKING:
    from ome_zarr_converters_tools.core.tile import Tile

__all__ = [
    "AttributeFilter",
    "AttributeValue",
    "BoolValue",
    "FloatValue",
    "IntValue",
    "IsNoneValue",
    "IsNotNoneValue",
    "StringValue",
]

AttributeElement: TypeAlias = str | int | float | bool | None
"""One element of a tile attribute list."""


def _is_missing(element: AttributeElement) -> bool:
    """Tell whether an attribute element holds no value.

    pandas reads empty cells of numeric columns as NaN rather than `None`, so
    both count as missing.
    """
    return element is None or (isinstance(element, float) and math.isnan(element))


class BoolValue(UserFacingModel):
    """Match attribute elements equal to a true/false value."""

    model_config = presentation_config("BoolValue")

    type: Literal["Bool"] = "Bool"
    """Type of the value to match."""
    value: bool = True
    """The true/false value to match."""

    def matches(self, element: AttributeElement) -> bool:
        """Tell whether `element` is this boolean."""
        return isinstance(element, bool) and element == self.value


class StringValue(UserFacingModel):
    """Match attribute elements equal to a text value."""

    model_config = presentation_config("StringValue")

    type: Literal["String"] = "String"
    """Type of the value to match."""
    value: str
    """The text value to match (exact, case-sensitive)."""

    def matches(self, element: AttributeElement) -> bool:
        """Tell whether `element` is this text."""
        return isinstance(element, str) and element == self.value


class IntValue(UserFacingModel):
    """Match attribute elements equal to an integer value."""

    model_config = presentation_config("IntValue")

    type: Literal["Integer"] = "Integer"
    """Type of the value to match."""
    value: int
    """The integer value to match."""

    def matches(self, element: AttributeElement) -> bool:
        """Tell whether `element` is a number equal to this integer (not a bool)."""
        return (
            isinstance(element, int | float)
            and not isinstance(element, bool)
            and element == self.value
        )


class FloatValue(UserFacingModel):
    """Match attribute elements equal to a decimal value."""

    model_config = presentation_config("FloatValue")

    type: Literal["Float"] = "Float"
    """Type of the value to match."""
    value: float
    """The decimal value to match (exact comparison)."""

    def matches(self, element: AttributeElement) -> bool:
        """Tell whether `element` is a number equal to this value (not a bool)."""
        return (
            isinstance(element, int | float)
            and not isinstance(element, bool)
            and element == self.value
        )


class IsNoneValue(UserFacingModel):
    """Match attribute elements that have no value (are `None`)."""

    model_config = presentation_config("IsNoneValue")

    type: Literal["Is None"] = "Is None"
    """Type of the value to match."""

    def matches(self, element: AttributeElement) -> bool:
        """Tell whether `element` is missing (`None`, or NaN from a table)."""
        return _is_missing(element)


class IsNotNoneValue(UserFacingModel):
    """Match attribute elements that have any value (are not `None`)."""

    model_config = presentation_config("IsNotNoneValue")

    type: Literal["Is Not None"] = "Is Not None"
    """Type of the value to match."""

    def matches(self, element: AttributeElement) -> bool:
        """Tell whether `element` is present (neither `None` nor NaN)."""
        return not _is_missing(element)


AttributeValue: TypeAlias = Annotated[
    BoolValue | StringValue | IntValue | FloatValue | IsNoneValue | IsNotNoneValue,
    Field(discriminator="type"),
]
"""One typed value an `AttributeFilter` compares attribute elements with."""


class AttributeFilter(ModeFilterModel):
    """Keep or drop tiles based on the value of one of their attributes."""

    model_config = presentation_config("AttributeFilter")

    name: Literal["Attribute Filter"] = "Attribute Filter"
    """Name of the filter."""
    key: str
    """Attribute key to match. The attribute must be present on every tile."""
    values: list[AttributeValue]
    """Values to match against. A tile matches if *any* element of its
    attribute matches one of these; matching tiles are kept in `Include` mode
    and removed in `Exclude` mode."""

    def matches(self, tile: Tile[Any, Any]) -> bool:
        """Tell whether any element of the tile's attribute matches a value.

        Raises:
            ConvertersToolsUserError: If the tile has no attribute `key`.
        """
        if self.key not in tile.attributes:
            available = ", ".join(repr(key) for key in sorted(tile.attributes))
            raise ConvertersToolsUserError(
                f"Filter {self.name!r} reads attribute {self.key!r}, but "
                f"{describe_tile_for_filter(tile)} has no such attribute "
                f"(available: {available or 'none'}). Fix the filter key, or make "
                "the parser set this attribute on every tile."
            )
        return any(
            value.matches(element)
            for element in tile.attributes[self.key]
            for value in self.values
        )
