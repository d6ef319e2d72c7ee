"""Regular-expression filters on a tile's output image path (or another named field).

Both wire spellings are here: the 0.10 pair `RegexIncludeFilter` /
`RegexExcludeFilter` and the 1.x `RegexFilter` with a `mode`. All three search
(`re.search`, so the pattern may match anywhere) the text of one tile field: by
default the path of the image the tile is written to (`collection.path()`, e.g.
`"MyPlate.zarr/A/01/0"`), or any named tile field (`fov_name`) or collection
field (`row`, `well`, `image_path`, ...) given in `field`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from ome_zarr_converters_tools.core.api_line import presentation_config
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.pipelines.filters.base import (
    FilterMode,
    FilterModel,
    ModeFilterModel,
    describe_tile_for_filter,
)

if TYPE_CHECKING:
    from ome_zarr_converters_tools.core.tile import Tile

__all__ = [
    "PathRegexFilterModel",
    "RegexExcludeFilter",
    "RegexFilter",
    "RegexIncludeFilter",
    "check_regex",
    "tile_field_text",
]

_PATH_FIELDS = ("path", "collection.path")
"""Values of `field` that select the output image path (same as leaving it empty)."""

_NON_TEXT_TILE_FIELDS = frozenset(
    {"attributes", "collection", "image_loader", "acquisition_details"}
)
"""Tile fields that hold structures, not one value a regex could search."""


def check_regex(value: str) -> str:
    """Compile `value` once so that a bad pattern fails when options are parsed.

    Args:
        value: The regular expression.

    Returns:
        The unchanged pattern.

    Raises:
        ValueError: If the pattern does not compile (pydantic turns it into a
            validation error).
    """
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(
            f"Invalid regular expression {value!r}: {exc}. Fix the pattern (Python "
            "`re` syntax; escape literal characters such as '.', '(' or '[' "
            "with a backslash)."
        ) from exc
    return value


def _collection_text_fields(tile: Tile[Any, Any]) -> list[str]:
    """List the collection attributes that `field` may name for this tile."""
    collection_type = type(tile.collection)
    names = list(collection_type.model_fields)
    for name in dir(collection_type):
        if not name.startswith("_") and isinstance(
            getattr(collection_type, name, None), property
        ):
            names.append(name)
    return names


def _available_fields(tile: Tile[Any, Any]) -> list[str]:
    """List every value of `field` that works for this tile, for error messages."""
    tile_fields = [
        name for name in type(tile).model_fields if name not in _NON_TEXT_TILE_FIELDS
    ]
    return ["path", *tile_fields, *_collection_text_fields(tile)]


def tile_field_text(
    tile: Tile[Any, Any], field: str | None, *, filter_name: str
) -> str:
    """Return the text of one tile field that a regex filter searches.

    Args:
        tile: The tile.
        field: `None` or `"path"` for the output image path, a tile field
            (`fov_name`, `start_x`, ...) or a collection field (`row`, `column`,
            `well`, `acquisition`, `plate_name`, `image_path`, ...).
        filter_name: Name of the filter, for the error message.

    Returns:
        The field value as text (numbers through `str`).

    Raises:
        ConvertersToolsUserError: If the tile has no such field.
    """
    if field is None or field in _PATH_FIELDS:
        return str(tile.collection.path())
    if field in type(tile).model_fields and field not in _NON_TEXT_TILE_FIELDS:
        return str(getattr(tile, field))
    if field in _collection_text_fields(tile):
        return str(getattr(tile.collection, field))
    raise ConvertersToolsUserError(
        f"Filter {filter_name!r} searches field {field!r}, but "
        f"{describe_tile_for_filter(tile)} has no such field. Available fields: "
        f"{', '.join(_available_fields(tile))}. Fix `field` in the filter (leave it "
        "empty to search the output image path; use an Attribute Filter for tile "
        "attributes)."
    )


class PathRegexFilterModel(FilterModel):
    """Shared fields and matching of the path regex filters."""

    regex: str = Field(validation_alias=AliasChoices("regex", "pattern"))
    """
    Regular expression searched (anywhere, `re.search`) in the text of `field`.
    `pattern` is accepted as another spelling.
    """
    field: SkipJsonSchema[str | None] = Field(
        default=None, exclude_if=lambda value: value is None
    )
    """
    Tile or collection field to search, e.g. `fov_name`, `well`, `row`. Leave
    empty to search the path of the output image (e.g. `MyPlate.zarr/A/01/0`).
    Accepted by the 0.10 filters but not shown in their schema (0.10 had no
    such option); `RegexFilter` shows it.
    """

    @field_validator("regex")
    @classmethod
    def _check_regex(cls, value: str) -> str:
        return check_regex(value)

    @field_validator("field")
    @classmethod
    def _check_field(cls, value: str | None) -> str | None:
        if value is not None and value in _NON_TEXT_TILE_FIELDS:
            raise ValueError(
                f"Field {value!r} holds a structure, not a value a regular "
                "expression can search. Name a single field such as 'fov_name' "
                "or 'well', or leave it empty to search the output image path."
            )
        return value

    def matches(self, tile: Tile[Any, Any]) -> bool:
        """Tell whether the regex occurs in the selected field of `tile`."""
        text = tile_field_text(tile, self.field, filter_name=self.name)
        return re.search(self.regex, text) is not None


class RegexIncludeFilter(PathRegexFilterModel):
    """Keep only the tiles whose output image path matches a regex (0.10 spelling)."""

    model_config = presentation_config("RegexIncludeFilter")

    name: Literal["Path Regex Include Filter"] = "Path Regex Include Filter"
    """Name of the filter."""


class RegexExcludeFilter(PathRegexFilterModel):
    """Drop the tiles whose output image path matches a regex (0.10 spelling)."""

    model_config = presentation_config("RegexExcludeFilter")

    name: Literal["Path Regex Exclude Filter"] = "Path Regex Exclude Filter"
    """Name of the filter."""

    def filter_mode(self) -> FilterMode:
        """Return `Exclude`: matching tiles are always dropped."""
        return "Exclude"


class RegexFilter(PathRegexFilterModel, ModeFilterModel):
    """Keep or drop the tiles whose output image path matches a regex."""

    model_config = presentation_config("RegexFilter")

    name: Literal["Path Regex Filter"] = "Path Regex Filter"
    """Name of the filter."""
    field: str | None = None
    """
    Tile or collection field to search, e.g. `fov_name`, `well`, `row`. Leave
    empty to search the path of the output image (e.g. `MyPlate.zarr/A/01/0`).
    """
