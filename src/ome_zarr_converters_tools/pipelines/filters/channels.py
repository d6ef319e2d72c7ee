"""Filter on the channel labels a tile covers.

A tile covers the channels `start_c .. start_c + length_c - 1` of its
acquisition's channel list. Filters keep or drop whole tiles, never crop them,
so a multi-channel tile whose channels are only partly listed is an error: it
could be honoured neither by keeping nor by dropping the tile without silently
keeping or losing channels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ome_zarr_converters_tools.core.api_line import presentation_config
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.pipelines.filters.base import (
    ModeFilterModel,
    describe_tile_for_filter,
)

if TYPE_CHECKING:
    from ome_zarr_converters_tools.core.tile import Tile

__all__ = ["ChannelFilter"]


class ChannelFilter(ModeFilterModel):
    """Keep or drop tiles based on their channel labels."""

    model_config = presentation_config("ChannelFilter")

    name: Literal["Channel Filter"] = "Channel Filter"
    """Name of the filter."""
    channel_labels: list[str]
    """Channel labels to keep (`Include` mode) or remove (`Exclude` mode),
    e.g. `["DAPI", "GFP"]`. A tile matches only if *all* of its channels are
    in this list; a partial match **fails the conversion**."""

    def _tile_labels(self, tile: Tile[Any, Any]) -> list[str]:
        """Return the labels of the channels the tile covers.

        Raises:
            ConvertersToolsUserError: If the acquisition declares no channels or
                the tile's channel range lies outside them.
        """
        channels = tile.acquisition_details.channels
        if channels is None:
            raise ConvertersToolsUserError(
                f"Filter {self.name!r} needs channel metadata, but "
                f"{describe_tile_for_filter(tile)} has acquisition_details."
                "channels=None. Declare ChannelInfo entries in AcquisitionDetails "
                "(or AcquisitionOptions.channels), or remove the channel filter."
            )
        stop = tile.start_c + tile.length_c
        if tile.start_c < 0 or stop > len(channels):
            raise ConvertersToolsUserError(
                f"Filter {self.name!r}: {describe_tile_for_filter(tile)} covers "
                f"channel indices {tile.start_c}..{stop - 1}, but the acquisition "
                f"declares {len(channels)} channel(s) (indices 0.."
                f"{len(channels) - 1}). Fix start_c/length_c in the parser or the "
                "declared channels."
            )
        return [channels[index].channel_label for index in range(tile.start_c, stop)]

    def matches(self, tile: Tile[Any, Any]) -> bool:
        """Tell whether every channel of the tile is listed.

        Raises:
            ConvertersToolsUserError: If only some of the tile's channels are
                listed, or channel metadata is missing.
        """
        labels = self._tile_labels(tile)
        listed = [label for label in labels if label in self.channel_labels]
        if len(listed) == len(labels):
            return True
        if not listed:
            return False
        raise ConvertersToolsUserError(
            f"Filter {self.name!r} lists channels {listed} of "
            f"{describe_tile_for_filter(tile)}, which spans channels {labels}. "
            "Filters keep or drop whole tiles and never crop them: split tiles per "
            "channel in the parser, or list all or none of this tile's channels "
            f"(expected all of {labels} or none, got {listed})."
        )
