"""Z and time range filters: inclusive bounds on the tile start."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from ome_zarr_converters_tools.pipelines.filters import (
    ImplementedFilters,
    TRangeFilter,
    ZRangeFilter,
    apply_filter_pipeline,
)


@pytest.fixture
def z_tiles(make_tile):
    return [make_tile(f"z{z}", start_z=float(z), length_z=5) for z in range(5)]


@pytest.fixture
def t_tiles(make_tile):
    return [make_tile(f"t{t}", start_t=float(t)) for t in range(5)]


def _kept(tiles, flt):
    return [t.fov_name for t in apply_filter_pipeline(tiles, filters_config=[flt])]


def test_z_bounds_are_inclusive_on_the_tile_start(z_tiles):
    assert _kept(z_tiles, ZRangeFilter(min_z=1, max_z=3)) == ["z1", "z2", "z3"]


def test_z_open_bounds(z_tiles):
    assert _kept(z_tiles, ZRangeFilter(min_z=3)) == ["z3", "z4"]
    assert _kept(z_tiles, ZRangeFilter(max_z=0.5)) == ["z0"]
    assert _kept(z_tiles, ZRangeFilter()) == ["z0", "z1", "z2", "z3", "z4"]


def test_t_bounds(t_tiles):
    assert _kept(t_tiles, TRangeFilter(min_t=2, max_t=2)) == ["t2"]
    assert _kept(t_tiles, TRangeFilter(min_t=3.5)) == ["t4"]
    assert _kept(t_tiles, TRangeFilter(max_t=1)) == ["t0", "t1"]


def test_bounds_default_to_none():
    assert ZRangeFilter().bounds() == (None, None)
    assert TRangeFilter().bounds() == (None, None)


@pytest.mark.parametrize(("model", "field"), [(ZRangeFilter, "z"), (TRangeFilter, "t")])
def test_inverted_bounds_are_a_validation_error(model, field):
    with pytest.raises(ValidationError, match=f"min_{field}=3.0 is greater"):
        model(**{f"min_{field}": 3, f"max_{field}": 1})


def test_range_filters_have_no_mode():
    with pytest.raises(ValidationError):
        ZRangeFilter(mode="Exclude")


def test_wire_names():
    adapter = TypeAdapter(ImplementedFilters)
    assert isinstance(
        adapter.validate_python({"name": "Z Range Filter", "min_z": 1}), ZRangeFilter
    )
    assert isinstance(
        adapter.validate_python({"name": "Time Range Filter", "max_t": 1}),
        TRangeFilter,
    )
