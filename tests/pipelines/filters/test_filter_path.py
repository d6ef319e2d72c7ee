"""Path regex filters: 0.10 include/exclude spellings, 1.x mode, `field`/`pattern`."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from _api_lines import ON_0_10
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsUnknownKeyWarning,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.pipelines.filters import (
    ImplementedFilters,
    RegexExcludeFilter,
    RegexFilter,
    RegexIncludeFilter,
    apply_filter_pipeline,
)

ADAPTER = TypeAdapter(ImplementedFilters)


def _fovs(tiles):
    return [tile.fov_name for tile in tiles]


@pytest.fixture
def plate_tiles(make_tile):
    return [
        make_tile("FOV_1", row="A", column=1),
        make_tile("FOV_2", row="B", column=3),
        make_tile("FOV_3", row="A", column=2),
    ]


def test_include_keeps_tiles_whose_image_path_matches(plate_tiles):
    kept = apply_filter_pipeline(
        plate_tiles, filters_config=[RegexIncludeFilter(regex=r"Plate\.zarr/A/")]
    )
    assert _fovs(kept) == ["FOV_1", "FOV_3"]


def test_exclude_drops_tiles_whose_image_path_matches(plate_tiles):
    kept = apply_filter_pipeline(
        plate_tiles, filters_config=[RegexExcludeFilter(regex="A/02")]
    )
    assert _fovs(kept) == ["FOV_1", "FOV_2"]


def test_default_field_is_the_output_image_path(make_tile):
    tile = make_tile("FOV_9", row="C", column=12, acquisition=2)
    assert RegexIncludeFilter(regex="^Plate.zarr/C/12/2$").matches(tile)
    assert not RegexIncludeFilter(regex="FOV_9").matches(tile)


def test_single_image_path_includes_zarr_suffix(make_tile):
    tile = make_tile("FOV_1", image_path="scan_01")
    assert RegexIncludeFilter(regex=r"^scan_01\.zarr$").matches(tile)


@pytest.mark.parametrize(
    ("mode", "expected"), [("Include", ["FOV_2"]), ("Exclude", ["FOV_1", "FOV_3"])]
)
def test_regex_filter_mode(plate_tiles, mode, expected):
    kept = apply_filter_pipeline(
        plate_tiles, filters_config=[RegexFilter(regex="/B/", mode=mode)]
    )
    assert _fovs(kept) == expected


def test_regex_filter_default_mode_is_include():
    assert RegexFilter(regex="x").mode == "Include"


def test_seed_spelling_field_and_pattern(make_tile):
    """The seed document writes `RegexIncludeFilter(field="fov_name", pattern=...)`."""
    tiles = [make_tile(f"FOV_{i}") for i in range(1, 5)]
    flt = RegexIncludeFilter(field="fov_name", pattern="FOV_[12]")
    assert flt.regex == "FOV_[12]"
    assert _fovs(apply_filter_pipeline(tiles, filters_config=[flt])) == [
        "FOV_1",
        "FOV_2",
    ]


@pytest.mark.parametrize(
    ("field", "regex", "expected"),
    [
        ("well", "^B03$", ["FOV_2"]),
        ("row", "^A$", ["FOV_1", "FOV_3"]),
        ("column", "^2$", ["FOV_3"]),
        ("plate_name", "Plate", ["FOV_1", "FOV_2", "FOV_3"]),
        ("path", "A/01", ["FOV_1"]),
        ("start_x", r"^0\.0$", ["FOV_1", "FOV_2", "FOV_3"]),
    ],
)
def test_field_selects_tile_or_collection_value(plate_tiles, field, regex, expected):
    flt = RegexIncludeFilter(field=field, regex=regex)
    assert _fovs(apply_filter_pipeline(plate_tiles, filters_config=[flt])) == expected


def test_field_on_exclude_and_mode_filters(plate_tiles):
    exclude = RegexExcludeFilter(field="fov_name", pattern="_2$")
    assert _fovs(apply_filter_pipeline(plate_tiles, filters_config=[exclude])) == [
        "FOV_1",
        "FOV_3",
    ]
    merged = RegexFilter(field="well", regex="A0", mode="Exclude")
    assert _fovs(apply_filter_pipeline(plate_tiles, filters_config=[merged])) == [
        "FOV_2"
    ]


def test_image_path_field_of_single_image(make_tile):
    tile = make_tile("FOV_1", image_path="sample")
    assert RegexIncludeFilter(field="image_path", regex="^sample$").matches(tile)


def test_unknown_field_names_field_tile_image_and_source(make_tile):
    tile = make_tile("FOV_7", image_path="img")
    flt = RegexIncludeFilter(field="well", regex="A01")
    with pytest.raises(ConvertersToolsUserError) as info:
        apply_filter_pipeline([tile], filters_config=[flt])
    message = str(info.value)
    assert "'well'" in message
    assert "'FOV_7'" in message
    assert "img.zarr" in message
    assert "/data/FOV_7.tif" in message
    assert "image_path" in message  # lists what is available


@pytest.mark.parametrize("bad", ["FOV_[12", "(unclosed", "*start"])
def test_invalid_regex_is_a_validation_error_naming_the_pattern(bad):
    for model in (RegexIncludeFilter, RegexExcludeFilter, RegexFilter):
        with pytest.raises(ValidationError) as info:
            model(regex=bad)
        assert repr(bad) in str(info.value)
    with pytest.raises(ValidationError, match="Invalid regular expression"):
        RegexIncludeFilter(pattern=bad)


def test_structured_field_is_refused():
    with pytest.raises(ValidationError, match="attributes"):
        RegexIncludeFilter(field="attributes", regex="x")


def test_missing_regex_is_a_validation_error():
    with pytest.raises(ValidationError):
        RegexIncludeFilter()


def test_unknown_key_is_ignored_with_a_warning_naming_the_closest_key():
    data = {"name": "Path Regex Include Filter", "regex": "x", "regexp": "y"}
    if not ON_0_10:  # 1.1.1 refuses unknown keys
        with pytest.raises(ValidationError, match="regexp"):
            ADAPTER.validate_python(data)
        return
    # 0.10 ignores unknown keys of its filters; this library also warns.
    with pytest.warns(
        ConvertersToolsUnknownKeyWarning, match="'regexp'.*closest valid key is 'regex'"
    ):
        flt = ADAPTER.validate_python(data)
    assert flt == RegexIncludeFilter(regex="x")


def test_field_and_pattern_are_accepted_without_warning_nor_schema_entry():
    flt = RegexIncludeFilter(field="fov_name", pattern="FOV")
    assert (flt.field, flt.regex) == ("fov_name", "FOV")
    assert RegexIncludeFilter(regex="x").model_dump() == {
        "name": "Path Regex Include Filter",
        "regex": "x",
    }
    for model in (RegexIncludeFilter, RegexExcludeFilter):
        assert list(model.model_json_schema()["properties"]) == ["name", "regex"]
    # `field` extends 1.1.1's RegexFilter: shown on the 0.10 line only, where
    # that filter is this library's own; hidden from the 1.x line's form.
    assert ("field" in RegexFilter.model_json_schema()["properties"]) is ON_0_10
    assert RegexFilter(field="well", regex="A").field == "well"


def test_0_10_wire_dicts_validate_to_the_0_10_models():
    include = ADAPTER.validate_python(
        {"name": "Path Regex Include Filter", "regex": "A/01"}
    )
    exclude = ADAPTER.validate_python(
        {"name": "Path Regex Exclude Filter", "regex": "A/01"}
    )
    assert isinstance(include, RegexIncludeFilter)
    assert isinstance(exclude, RegexExcludeFilter)
    assert include.field is None
    assert exclude.filter_mode() == "Exclude"


def test_1_x_wire_dict_validates():
    flt = ADAPTER.validate_python(
        {"name": "Path Regex Filter", "regex": "A/01", "mode": "Exclude"}
    )
    assert isinstance(flt, RegexFilter)
    assert flt.mode == "Exclude"


def test_dump_uses_regex_spelling_and_round_trips():
    flt = RegexIncludeFilter(field="fov_name", pattern="FOV_[12]")
    dumped = flt.model_dump()
    assert dumped == {
        "name": "Path Regex Include Filter",
        "regex": "FOV_[12]",
        "field": "fov_name",
    }
    assert ADAPTER.validate_json(flt.model_dump_json()) == flt
