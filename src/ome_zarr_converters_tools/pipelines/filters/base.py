"""Base class of tile filters: include/exclude logic and shared guards, written once.

A filter decides, tile by tile, whether a tile takes part in the conversion. Each
filter model says whether a tile *matches* (`matches`); `keep` turns that into the
final decision according to the filter's mode (kept when matching in include mode,
dropped when matching in exclude mode). Filters only ever keep or drop whole tiles,
they never crop them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import WithJsonSchema

from ome_zarr_converters_tools.core.api_line import presentation_config
from ome_zarr_converters_tools.core.collection import ImageInPlate
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsError,
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.region_loader import describe_tile
from ome_zarr_converters_tools.models.base import UserFacingModel

if TYPE_CHECKING:
    from ome_zarr_converters_tools.core.tile import Tile

__all__ = [
    "FilterMode",
    "FilterModel",
    "ModeFilterModel",
    "describe_tile_for_filter",
]

FilterMode: TypeAlias = Literal["Include", "Exclude"]
"""Whether matching tiles are kept (`Include`) or dropped (`Exclude`)."""


def _describe_image(tile: Tile[Any, Any]) -> str:
    """Return the output image path of a tile, or the collection if it has none."""
    try:
        return repr(tile.collection.path())
    except ConvertersToolsError:
        # An invalid zarr name must not mask the filter error being reported.
        return repr(tile.collection)


def describe_tile_for_filter(tile: Tile[Any, Any]) -> str:
    """Name a tile in an error message: its FOV, output image and source file.

    Args:
        tile: The tile to describe.

    Returns:
        Text such as `tile 'FOV_1' (source: /data/f1.tif) of image 'P.zarr/A/01/0'`.
    """
    return (
        f"{describe_tile(tile.fov_name, tile.image_loader)} of image "
        f"{_describe_image(tile)}"
    )


class FilterModel(UserFacingModel):
    """Base of every filter configuration.

    `name` is the discriminator of `ImplementedFilters` and the key under which
    custom filter functions are registered with `add_filter`. A subclass either
    implements `matches` (built-in filters and self-contained custom filters) or
    leaves it out and registers a function under its `name`.

    Unknown keys are ignored with a warning, as 0.10 ignored them; custom
    filters inherit that unless they set `extra="forbid"` themselves.
    """

    model_config = presentation_config("FilterModel")

    name: Annotated[str, WithJsonSchema({})]
    """Name of the filter (wire value; selects the implementation). The schema
    leaves its type open, as 0.10 did; subclasses narrow it to one literal."""

    def filter_mode(self) -> FilterMode:
        """Return whether matching tiles are kept or dropped.

        Filters with a fixed behaviour (the 0.10 `*Include*`/`*Exclude*` models)
        override this; filters with a `mode` field return it.
        """
        return "Include"

    def matches(self, tile: Tile[Any, Any]) -> bool:
        """Tell whether `tile` matches the filter criterion (mode not applied).

        Raises:
            ConvertersToolsInternalError: Always, on the base class: subclasses
                that do not implement it must be applied through a function
                registered with `add_filter`.
        """
        raise ConvertersToolsInternalError(
            f"Filter {self.name!r} ({type(self).__name__}) has no `matches` method; "
            "it must be applied through a function registered with add_filter."
        )

    def keep(self, tile: Tile[Any, Any]) -> bool:
        """Tell whether `tile` stays in the conversion.

        Args:
            tile: The tile to judge.

        Returns:
            `matches(tile)` in include mode, its negation in exclude mode.
        """
        matched = self.matches(tile)
        return not matched if self.filter_mode() == "Exclude" else matched

    @classmethod
    def implements_matches(cls) -> bool:
        """Tell whether this filter class carries its own matching logic."""
        return cls.matches is not FilterModel.matches

    def describe(self) -> str:
        """Return the filter name and its parameters, for log and error messages."""
        params = self.model_dump(exclude={"name"}, exclude_none=True, mode="json")
        text = ", ".join(f"{key}={value!r}" for key, value in params.items())
        return f"{self.name!r} ({text})" if text else repr(self.name)

    def plate_collection(self, tile: Tile[Any, Any]) -> ImageInPlate:
        """Return the plate collection of `tile`, refusing non-plate tiles.

        Shared guard of every plate-only filter (wells, acquisitions).

        Raises:
            ConvertersToolsUserError: If the tile is not part of an HCS plate.
        """
        collection = tile.collection
        if not isinstance(collection, ImageInPlate):
            raise ConvertersToolsUserError(
                f"Filter {self.name!r} works on HCS plates only, but "
                f"{describe_tile_for_filter(tile)} has a "
                f"{type(collection).__name__} collection (expected ImageInPlate). "
                "Remove the filter from the converter options, or convert the "
                "data as a plate."
            )
        return collection


class ModeFilterModel(FilterModel):
    """Base of filters whose include/exclude behaviour is chosen by `mode`."""

    mode: FilterMode = "Include"
    """Whether matching tiles are **included** (kept) or **excluded** (removed)."""

    def filter_mode(self) -> FilterMode:
        """Return the configured mode."""
        return self.mode
