"""FOV name filter."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ome_zarr_converters_tools.pipelines.filters import (
    FovNameFilter,
    apply_filter_pipeline,
)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("Include", ["FOV_1", "FOV_10"]), ("Exclude", ["FOV_2", "Site_1"])],
)
def test_fov_name_filter_mode(make_tile, mode, expected):
    tiles = [make_tile(name) for name in ("FOV_1", "FOV_2", "FOV_10", "Site_1")]
    flt = FovNameFilter(regex="^FOV_1", mode=mode)
    assert [t.fov_name for t in apply_filter_pipeline(tiles, filters_config=[flt])] == (
        expected
    )


def test_search_matches_anywhere_unless_anchored(make_tile):
    tile = make_tile("well_A_FOV_3")
    assert FovNameFilter(regex="FOV_3").matches(tile)
    assert not FovNameFilter(regex="^FOV_3$").matches(tile)


def test_fov_filter_looks_at_fov_name_not_path(make_tile):
    tile = make_tile("FOV_1", row="B", column=2)
    assert not FovNameFilter(regex="B").matches(tile)


def test_pattern_alias_and_bad_regex():
    assert FovNameFilter(pattern="a+").regex == "a+"
    with pytest.raises(ValidationError, match=r"'\[a'"):
        FovNameFilter(regex="[a")
