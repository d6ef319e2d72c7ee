"""Channel filter: whole-tile matches, partial multi-channel match refused."""

from __future__ import annotations

import pytest

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.pipelines.filters import (
    ChannelFilter,
    apply_filter_pipeline,
)

LABELS = ["DAPI", "GFP", "RFP"]


@pytest.fixture
def tiles(make_tile):
    return [
        make_tile(f"c{index}", channels=LABELS, start_c=index)
        for index in range(len(LABELS))
    ]


@pytest.mark.parametrize(
    ("mode", "expected"), [("Include", ["c0", "c2"]), ("Exclude", ["c1"])]
)
def test_single_channel_tiles(tiles, mode, expected):
    flt = ChannelFilter(channel_labels=["DAPI", "RFP"], mode=mode)
    assert [t.fov_name for t in apply_filter_pipeline(tiles, filters_config=[flt])] == (
        expected
    )


def test_multi_channel_tile_matches_when_all_channels_are_listed(make_tile):
    tile = make_tile("all", channels=LABELS, start_c=1, length_c=2)
    assert ChannelFilter(channel_labels=["RFP", "GFP"]).keep(tile)
    assert not ChannelFilter(channel_labels=["DAPI"]).keep(tile)
    assert ChannelFilter(channel_labels=["DAPI"], mode="Exclude").keep(tile)


@pytest.mark.parametrize("mode", ["Include", "Exclude"])
def test_partial_match_of_multi_channel_tile_is_an_error(make_tile, mode):
    tile = make_tile("FOV_2", channels=LABELS, start_c=0, length_c=3)
    flt = ChannelFilter(channel_labels=["GFP"], mode=mode)
    with pytest.raises(ConvertersToolsUserError) as info:
        apply_filter_pipeline([tile], filters_config=[flt])
    message = str(info.value)
    assert "['GFP']" in message
    assert "['DAPI', 'GFP', 'RFP']" in message
    assert "'FOV_2'" in message
    assert "/data/FOV_2.tif" in message


def test_channel_filter_without_channel_metadata_is_an_error(make_tile):
    tile = make_tile("FOV_1", channels=None)
    with pytest.raises(ConvertersToolsUserError, match=r"channels=None") as info:
        ChannelFilter(channel_labels=["DAPI"]).keep(tile)
    assert "'FOV_1'" in str(info.value)


def test_channel_range_outside_declared_channels_is_an_error(make_tile):
    tile = make_tile("FOV_1", channels=["DAPI"]).model_copy(update={"start_c": 2})
    with pytest.raises(ConvertersToolsUserError, match=r"declares 1 channel"):
        ChannelFilter(channel_labels=["DAPI"]).keep(tile)
