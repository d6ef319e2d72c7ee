"""Attribute filter and its typed values."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.pipelines.filters import (
    AttributeFilter,
    BoolValue,
    FloatValue,
    ImplementedFilters,
    IntValue,
    IsNoneValue,
    IsNotNoneValue,
    StringValue,
    apply_filter_pipeline,
)

ADAPTER = TypeAdapter(ImplementedFilters)


@pytest.fixture
def tiles(make_tile):
    return [
        make_tile("s", attributes={"v": ["drug"]}),
        make_tile("i", attributes={"v": [1]}),
        make_tile("f", attributes={"v": [1.5]}),
        make_tile("b", attributes={"v": [True]}),
        make_tile("n", attributes={"v": [None]}),
        make_tile("multi", attributes={"v": ["ctrl", None]}),
    ]


def _kept(tiles, *values, mode="Include"):
    flt = AttributeFilter(key="v", values=list(values), mode=mode)
    return [t.fov_name for t in apply_filter_pipeline(tiles, filters_config=[flt])]


def test_string_value(tiles):
    assert _kept(tiles, StringValue(value="drug")) == ["s"]
    assert _kept(tiles, StringValue(value="1")) == []


def test_int_value_matches_numbers_but_not_booleans(tiles):
    assert _kept(tiles, IntValue(value=1)) == ["i"]


def test_float_value(tiles):
    assert _kept(tiles, FloatValue(value=1.5)) == ["f"]
    assert _kept(tiles, FloatValue(value=1.0)) == ["i"]


def test_bool_value_matches_only_booleans(tiles):
    assert _kept(tiles, BoolValue()) == ["b"]
    assert _kept(tiles, BoolValue(value=False)) == []


def test_is_none_and_is_not_none_look_at_any_element(tiles):
    assert _kept(tiles, IsNoneValue()) == ["n", "multi"]
    assert _kept(tiles, IsNotNoneValue()) == ["s", "i", "f", "b", "multi"]


def test_several_values_are_ored(tiles):
    assert _kept(tiles, StringValue(value="ctrl"), IntValue(value=1)) == [
        "i",
        "multi",
    ]


def test_exclude_mode(tiles):
    assert _kept(tiles, StringValue(value="drug"), IsNoneValue(), mode="Exclude") == [
        "i",
        "f",
        "b",
    ]


def test_missing_key_is_a_user_error_naming_key_tile_and_available(make_tile):
    tile = make_tile("FOV_3", attributes={"drug": ["x"], "dose": [1]})
    flt = AttributeFilter(key="treatment", values=[StringValue(value="x")])
    with pytest.raises(ConvertersToolsUserError) as info:
        apply_filter_pipeline([tile], filters_config=[flt])
    message = str(info.value)
    assert "'treatment'" in message
    assert "'FOV_3'" in message
    assert "/data/FOV_3.tif" in message
    assert "Plate.zarr/A/01/0" in message
    assert "'dose', 'drug'" in message


def test_missing_key_on_tile_without_attributes(make_tile):
    with pytest.raises(ConvertersToolsUserError, match="available: none"):
        AttributeFilter(key="k", values=[IsNoneValue()]).matches(make_tile())


def test_wire_dict_with_typed_values():
    flt = ADAPTER.validate_python(
        {
            "name": "Attribute Filter",
            "key": "drug",
            "mode": "Exclude",
            "values": [
                {"type": "String", "value": "DMSO"},
                {"type": "Integer", "value": 3},
                {"type": "Float", "value": 0.5},
                {"type": "Bool", "value": False},
                {"type": "Is None"},
                {"type": "Is Not None"},
            ],
        }
    )
    assert isinstance(flt, AttributeFilter)
    assert [type(v) for v in flt.values] == [
        StringValue,
        IntValue,
        FloatValue,
        BoolValue,
        IsNoneValue,
        IsNotNoneValue,
    ]
    assert ADAPTER.validate_json(flt.model_dump_json()) == flt


def test_unknown_value_type_is_refused():
    with pytest.raises(ValidationError):
        AttributeFilter(key="k", values=[{"type": "Date", "value": "x"}])


def test_bool_value_defaults_to_true():
    assert BoolValue().value is True


def test_nan_from_a_table_counts_as_missing(make_tile):
    tiles = [
        make_tile("nan", attributes={"conc": [float("nan")]}),
        make_tile("value", attributes={"conc": [0.5]}),
    ]
    assert _kept([make_tile("x", attributes={"v": [float("nan")]})], IsNoneValue()) == [
        "x"
    ]
    flt = AttributeFilter(key="conc", values=[IsNotNoneValue()])
    assert [t.fov_name for t in apply_filter_pipeline(tiles, filters_config=[flt])] == [
        "value"
    ]


def test_error_message_survives_an_invalid_image_name(make_tile):
    tile = make_tile("FOV_1", plate_name="bad name/")
    with pytest.raises(ConvertersToolsUserError) as info:
        AttributeFilter(key="k", values=[IsNoneValue()]).matches(tile)
    assert "'FOV_1'" in str(info.value)
    assert "bad name/" in str(info.value)
