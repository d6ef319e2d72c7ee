"""Filter pipeline, registry, custom filters and the union of built-in filters."""

from __future__ import annotations

import typing
from typing import Literal

import pytest
from pydantic import TypeAdapter, ValidationError

from _api_lines import ON_0_10, per_line
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUnknownKeyWarning,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.pipelines import filters as filters_room
from ome_zarr_converters_tools.pipelines.filters import (
    AcquisitionFilter,
    AttributeFilter,
    ChannelFilter,
    FilterModel,
    FovNameFilter,
    ImplementedFilters,
    IsNotNoneValue,
    ModeFilterModel,
    RegexExcludeFilter,
    RegexFilter,
    RegexIncludeFilter,
    TRangeFilter,
    WellExcludeFilter,
    WellFilter,
    WellIncludeFilter,
    ZRangeFilter,
    add_filter,
    apply_filter_pipeline,
    apply_filter_pipeline_with_outcomes,
    built_in_filter_models,
)

ADAPTER = TypeAdapter(ImplementedFilters)

ONE_OF_EACH: list[FilterModel] = [
    RegexIncludeFilter(regex="A"),
    RegexExcludeFilter(regex="A"),
    WellIncludeFilter(wells_to_include=["A01"]),
    WellExcludeFilter(wells_to_remove=["A01"]),
    RegexFilter(regex="A"),
    WellFilter(wells=["A01"]),
    FovNameFilter(regex="1"),
    AcquisitionFilter(acquisitions=[0]),
    AttributeFilter(key="k", values=[IsNotNoneValue()]),
    ChannelFilter(channel_labels=["DAPI"]),
    ZRangeFilter(min_z=0),
    TRangeFilter(max_t=0),
]


@pytest.fixture
def isolated_registry(monkeypatch):
    """Let a test register filters without leaking them into other tests."""
    registry = filters_room._FILTERS
    monkeypatch.setattr(registry, "_items", dict(registry._items))
    monkeypatch.setattr(registry, "_aliases", dict(registry._aliases))
    return registry


def _fovs(tiles):
    return [tile.fov_name for tile in tiles]


ZERO_10_UNION = [
    RegexExcludeFilter,
    RegexIncludeFilter,
    WellExcludeFilter,
    WellIncludeFilter,
]
"""The filters of the 0.10 union, in 0.10's order."""

ONE_X_UNION = [
    RegexFilter,
    WellFilter,
    FovNameFilter,
    AcquisitionFilter,
    AttributeFilter,
    ChannelFilter,
    ZRangeFilter,
    TRangeFilter,
]
"""The filters of 1.1.1's union, in 1.1.1's order."""


def test_union_type_and_schema_hold_the_line_filters_in_the_line_order():
    # The type is the 0.10 union on both lines; the schema (the task form)
    # shows the union of the line: 0.10's four filters or 1.1.1's eight.
    union = typing.get_args(typing.get_args(ImplementedFilters)[0])
    assert list(union) == ZERO_10_UNION
    shown = per_line(v0_10=ZERO_10_UNION, v1=ONE_X_UNION)
    schema = ADAPTER.json_schema()
    assert [entry["$ref"] for entry in schema["oneOf"]] == [
        f"#/$defs/{model.__name__}" for model in shown
    ]
    assert sorted(schema["discriminator"]["mapping"]) == sorted(
        model.model_fields["name"].default for model in shown
    )
    assert {type(flt) for flt in ONE_OF_EACH} == set(built_in_filter_models().values())


@pytest.mark.parametrize("flt", ONE_OF_EACH, ids=lambda flt: flt.name)
def test_every_built_in_filter_validates_through_the_union(flt):
    # The 1.x filters are not in the schema but stay usable, as instances and
    # as dicts with their 1.x name.
    assert ADAPTER.validate_python(flt) is flt
    assert ADAPTER.validate_python(flt.model_dump()) == flt


def test_custom_filter_instance_passes_the_union_unchanged():
    class OnlyA(FilterModel):
        name: Literal["Only A"] = "Only A"

    custom = OnlyA()
    assert ADAPTER.validate_python(custom) is custom
    assert ADAPTER.dump_python(custom) == {"name": "Only A"}


def test_union_still_refuses_unknown_names_and_junk():
    with pytest.raises(ValidationError):
        ADAPTER.validate_python({"name": "Spiral Filter"})
    with pytest.raises(ValidationError):
        ADAPTER.validate_python("Well Filter")


def test_union_has_the_0_10_and_1_x_wire_names():
    assert list(built_in_filter_models()) == [
        "Path Regex Include Filter",
        "Path Regex Exclude Filter",
        "Well Include Filter",
        "Well Exclude Filter",
        "Path Regex Filter",
        "Well Filter",
        "FOV Name Filter",
        "Acquisition Filter",
        "Attribute Filter",
        "Channel Filter",
        "Z Range Filter",
        "Time Range Filter",
    ]


@pytest.mark.parametrize("flt", ONE_OF_EACH, ids=lambda flt: flt.name)
def test_every_filter_round_trips_through_json(flt):
    assert ADAPTER.validate_json(flt.model_dump_json()) == flt


@pytest.mark.parametrize("flt", ONE_OF_EACH, ids=lambda flt: flt.name)
def test_every_filter_has_a_title_and_an_unknown_key_policy(flt):
    schema = type(flt).model_json_schema()
    assert "description" in schema["properties"]["name"]
    extra = {**flt.model_dump(), "unknown_key": 1}
    if type(flt) in ZERO_10_UNION and not ON_0_10:
        # On the 1.x line, 0.10's filters keep their title but refuse unknown
        # keys like every 1.1.1 model.
        assert schema["title"] == type(flt).__name__
        assert schema["additionalProperties"] is False
        with pytest.raises(ValidationError, match="unknown_key"):
            ADAPTER.validate_python(extra)
    elif type(flt) in ZERO_10_UNION:
        # As in 0.10: the class name as title, unknown keys ignored (with a
        # warning here).
        assert schema["title"] == type(flt).__name__
        assert "additionalProperties" not in schema
        with pytest.warns(ConvertersToolsUnknownKeyWarning, match="'unknown_key'"):
            assert ADAPTER.validate_python(extra) == flt
    else:
        # 1.x-only filters keep their 1.x presentation: wire name, strict keys.
        assert schema["title"] == flt.name
        assert schema["additionalProperties"] is False
        with pytest.raises(ValidationError):
            ADAPTER.validate_python(extra)


def test_0_10_task_argument_file_keeps_validating():
    saved = [
        {"name": "Path Regex Include Filter", "regex": "A/0[12]"},
        {"name": "Path Regex Exclude Filter", "regex": "A/02"},
        {"name": "Well Include Filter", "wells_to_include": ["A01", "A02"]},
        {"name": "Well Exclude Filter", "wells_to_remove": ["B01"]},
    ]
    models = TypeAdapter(list[ImplementedFilters]).validate_python(saved)
    assert [type(m) for m in models] == [
        RegexIncludeFilter,
        RegexExcludeFilter,
        WellIncludeFilter,
        WellExcludeFilter,
    ]


@pytest.mark.parametrize(
    "flt",
    [flt for flt in ONE_OF_EACH if isinstance(flt, ModeFilterModel)],
    ids=lambda flt: flt.name,
)
def test_include_exclude_symmetry(make_tile, flt):
    tiles = [
        make_tile(
            f"FOV_{i}",
            row=row,
            acquisition=i % 2,
            channels=["DAPI", "GFP"],
            start_c=i % 2,
            attributes={"k": [None if i % 2 else "x"]},
        )
        for i, row in enumerate("AAB")
    ]
    include = flt.model_copy(update={"mode": "Include"})
    exclude = flt.model_copy(update={"mode": "Exclude"})
    for tile in tiles:
        assert include.keep(tile) is (not exclude.keep(tile))
        assert include.keep(tile) is include.matches(tile)


def test_0_10_pairs_are_complements(make_tile):
    tiles = [make_tile(f"FOV_{i}", row=row) for i, row in enumerate("ABA")]
    for tile in tiles:
        assert RegexIncludeFilter(regex="/A/").keep(tile) is not (
            RegexExcludeFilter(regex="/A/").keep(tile)
        )
        assert WellIncludeFilter(wells_to_include=["A01"]).keep(tile) is not (
            WellExcludeFilter(wells_to_remove=["A01"]).keep(tile)
        )


def test_filters_apply_sequentially_as_logical_and(make_tile):
    tiles = [
        make_tile("FOV_1", row="A"),
        make_tile("FOV_2", row="A"),
        make_tile("FOV_1", row="B"),
    ]
    kept = apply_filter_pipeline(
        tiles,
        filters_config=[WellFilter(wells=["A01"]), FovNameFilter(regex="_1$")],
    )
    assert kept == [tiles[0]]


def test_input_list_and_tiles_are_not_modified(make_tile):
    tiles = [make_tile("FOV_1", row="A"), make_tile("FOV_2", row="B")]
    before = [tile.model_dump() for tile in tiles]
    snapshot = list(tiles)
    kept = apply_filter_pipeline(tiles, filters_config=[WellFilter(wells=["B01"])])
    assert tiles == snapshot
    assert [tile.model_dump() for tile in tiles] == before
    assert kept[0] is tiles[1]
    assert kept is not tiles


def test_no_filters_returns_a_copy(make_tile):
    tiles = [make_tile()]
    kept = apply_filter_pipeline(tiles, filters_config=[])
    assert kept == tiles
    assert kept is not tiles


def test_outcomes_count_removed_tiles(make_tile):
    tiles = [make_tile(f"FOV_{i}", row=row) for i, row in enumerate("AAB")]
    kept, outcomes = apply_filter_pipeline_with_outcomes(
        tiles,
        filters_config=[WellFilter(wells=["A01"]), FovNameFilter(regex="0")],
    )
    assert _fovs(kept) == ["FOV_0"]
    assert [(o.tiles_in, o.tiles_kept, o.tiles_removed) for o in outcomes] == [
        (3, 2, 1),
        (2, 1, 1),
    ]
    assert outcomes[0].description == "'Well Filter' (mode='Include', wells=['A01'])"


def test_plain_dicts_of_built_in_filters_are_accepted(make_tile):
    tiles = [make_tile("FOV_1", row="A"), make_tile("FOV_2", row="B")]
    kept = apply_filter_pipeline(
        tiles,
        filters_config=[{"name": "Well Exclude Filter", "wells_to_remove": ["A01"]}],
    )
    assert _fovs(kept) == ["FOV_2"]


def test_plain_dict_with_unknown_name_lists_built_ins(make_tile):
    with pytest.raises(ConvertersToolsUserError, match="'Well Filter'") as info:
        apply_filter_pipeline([make_tile()], filters_config=[{"name": "Nope"}])
    assert "'Nope'" in str(info.value)


def test_config_of_wrong_type_is_a_user_error(make_tile):
    with pytest.raises(ConvertersToolsUserError, match="str"):
        apply_filter_pipeline([make_tile()], filters_config=["Well Filter"])


class UnregisteredFilter(FilterModel):
    name: Literal["Unregistered Filter"] = "Unregistered Filter"


def test_unknown_name_lists_available_filters(make_tile):
    with pytest.raises(ConvertersToolsUserError) as info:
        apply_filter_pipeline([make_tile()], filters_config=[UnregisteredFilter()])
    message = str(info.value)
    assert "'Unregistered Filter'" in message
    assert "'Path Regex Filter'" in message
    assert "'Well Include Filter'" in message


def test_unknown_name_fails_before_any_filter_runs(make_tile):
    tile = make_tile("FOV_1", image_path="single")
    # The well filter would raise on a single image; the unknown name wins.
    with pytest.raises(ConvertersToolsUserError, match="No filter named"):
        apply_filter_pipeline(
            [tile], filters_config=[WellFilter(wells=["A01"]), UnregisteredFilter()]
        )


def test_bare_filter_model_has_no_logic(make_tile):
    with pytest.raises(ConvertersToolsInternalError):
        FilterModel(name="x").matches(make_tile())


def test_bare_filter_model_with_built_in_name_points_to_the_model(make_tile):
    with pytest.raises(ConvertersToolsUserError, match=r"WellFilter\(\.\.\.\)"):
        apply_filter_pipeline(
            [make_tile()], filters_config=[FilterModel(name="Well Filter")]
        )


class OddIndexFilter(FilterModel):
    name: Literal["Odd Index Filter"] = "Odd Index Filter"
    keep_odd: bool = True


def _odd_filter(tile, filter_params):
    odd = int(tile.fov_name.split("_")[1]) % 2 == 1
    return odd is filter_params.keep_odd


def test_custom_filter_registered_by_keyword(isolated_registry, make_tile):
    add_filter(function=_odd_filter, name="Odd Index Filter")
    tiles = [make_tile(f"FOV_{i}") for i in range(4)]
    kept = apply_filter_pipeline(tiles, filters_config=[OddIndexFilter()])
    assert _fovs(kept) == ["FOV_1", "FOV_3"]
    kept = apply_filter_pipeline(tiles, filters_config=[OddIndexFilter(keep_odd=False)])
    assert _fovs(kept) == ["FOV_0", "FOV_2"]


def test_custom_filter_registered_positionally_under_its_function_name(
    isolated_registry, make_tile
):
    class ByFunctionName(FilterModel):
        name: Literal["_odd_filter"] = "_odd_filter"
        keep_odd: bool = True

    add_filter(_odd_filter)
    assert "_odd_filter" in isolated_registry
    tiles = [make_tile(f"FOV_{i}") for i in range(3)]
    assert _fovs(apply_filter_pipeline(tiles, filters_config=[ByFunctionName()])) == [
        "FOV_1"
    ]


def test_registering_a_taken_name_needs_overwrite(isolated_registry):
    add_filter(_odd_filter, "Odd Index Filter")
    with pytest.raises(ConvertersToolsUserError, match="already registered"):
        add_filter(_odd_filter, "Odd Index Filter")
    with pytest.raises(ConvertersToolsUserError, match="already registered"):
        add_filter(function=_odd_filter, name="Well Filter")
    add_filter(_odd_filter, "Odd Index Filter", overwrite=True)


def test_overwriting_a_built_in_name_replaces_its_logic(isolated_registry, make_tile):
    calls = []

    def keep_everything(tile, filter_params):
        calls.append((tile.fov_name, filter_params.name))
        return True

    add_filter(function=keep_everything, name="Well Filter", overwrite=True)
    tiles = [make_tile("FOV_1", image_path="single")]  # built-in would raise
    assert apply_filter_pipeline(tiles, filters_config=[WellFilter(wells=["A01"])]) == (
        tiles
    )
    assert calls == [("FOV_1", "Well Filter")]


def test_self_contained_custom_model_needs_no_registration(make_tile):
    class StartsAtOrigin(FilterModel):
        name: Literal["Starts At Origin"] = "Starts At Origin"

        def matches(self, tile):
            return tile.start_x == 0 and tile.start_y == 0

    tiles = [make_tile("a"), make_tile("b", start_x=5.0)]
    assert _fovs(apply_filter_pipeline(tiles, filters_config=[StartsAtOrigin()])) == [
        "a"
    ]


def test_function_without_name_needs_an_explicit_name(isolated_registry):
    import functools

    nameless = functools.partial(_odd_filter)
    with pytest.raises(ConvertersToolsUserError, match="__name__"):
        add_filter(nameless)
    add_filter(nameless, "partial filter")
    assert "partial filter" in isolated_registry


def test_registry_fixture_restores_state():
    assert "Odd Index Filter" not in filters_room._FILTERS
