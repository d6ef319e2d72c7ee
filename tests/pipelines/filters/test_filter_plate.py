"""Well (0.10 and 1.x spellings) and acquisition filters, and the plate-only guard."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from _api_lines import ON_0_10
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsUnknownKeyWarning,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.pipelines.filters import (
    AcquisitionFilter,
    ImplementedFilters,
    WellExcludeFilter,
    WellFilter,
    WellIncludeFilter,
    apply_filter_pipeline,
)

ADAPTER = TypeAdapter(ImplementedFilters)


def _fovs(tiles):
    return [tile.fov_name for tile in tiles]


@pytest.fixture
def plate_tiles(make_tile):
    return [
        make_tile("FOV_1", row="A", column=1, acquisition=0),
        make_tile("FOV_2", row="A", column=1, acquisition=1),
        make_tile("FOV_3", row="B", column=2, acquisition=0),
        make_tile("FOV_4", row=3, column=11, acquisition=2),
    ]


def test_well_include_filter(plate_tiles):
    flt = WellIncludeFilter(wells_to_include=["A01", "C11"])
    assert _fovs(apply_filter_pipeline(plate_tiles, filters_config=[flt])) == [
        "FOV_1",
        "FOV_2",
        "FOV_4",
    ]


def test_well_exclude_filter(plate_tiles):
    flt = WellExcludeFilter(wells_to_remove=["A01"])
    assert _fovs(apply_filter_pipeline(plate_tiles, filters_config=[flt])) == [
        "FOV_3",
        "FOV_4",
    ]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("Include", ["FOV_3"]), ("Exclude", ["FOV_1", "FOV_2", "FOV_4"])],
)
def test_well_filter_mode(plate_tiles, mode, expected):
    flt = WellFilter(wells=["B02"], mode=mode)
    assert _fovs(apply_filter_pipeline(plate_tiles, filters_config=[flt])) == expected


def test_well_names_are_zero_padded_row_letter_and_column(plate_tiles):
    """ "A1" is not the well name; the tile's well is "A01"."""
    flt = WellFilter(wells=["A1"])
    assert apply_filter_pipeline(plate_tiles, filters_config=[flt]) == []


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("Include", ["FOV_2", "FOV_4"]), ("Exclude", ["FOV_1", "FOV_3"])],
)
def test_acquisition_filter_mode(plate_tiles, mode, expected):
    flt = AcquisitionFilter(acquisitions=[1, 2], mode=mode)
    assert _fovs(apply_filter_pipeline(plate_tiles, filters_config=[flt])) == expected


@pytest.mark.parametrize(
    "flt",
    [
        WellIncludeFilter(wells_to_include=["A01"]),
        WellExcludeFilter(wells_to_remove=["A01"]),
        WellFilter(wells=["A01"]),
        WellFilter(wells=["A01"], mode="Exclude"),
        AcquisitionFilter(acquisitions=[0]),
    ],
    ids=lambda flt: f"{flt.name}-{flt.filter_mode()}",
)
def test_plate_filters_refuse_single_images(make_tile, flt):
    tile = make_tile("FOV_5", image_path="lonely")
    with pytest.raises(ConvertersToolsUserError) as info:
        apply_filter_pipeline([tile], filters_config=[flt])
    message = str(info.value)
    assert flt.name in message
    assert "'FOV_5'" in message
    assert "lonely.zarr" in message
    assert "/data/FOV_5.tif" in message
    assert "SingleImage" in message
    assert "ImageInPlate" in message


def test_0_10_wire_dicts():
    include = ADAPTER.validate_python(
        {"name": "Well Include Filter", "wells_to_include": ["A01"]}
    )
    exclude = ADAPTER.validate_python(
        {"name": "Well Exclude Filter", "wells_to_remove": ["B02"]}
    )
    assert include == WellIncludeFilter(wells_to_include=["A01"])
    assert exclude == WellExcludeFilter(wells_to_remove=["B02"])


def test_1_x_wire_dicts():
    assert ADAPTER.validate_python(
        {"name": "Well Filter", "wells": ["A01"], "mode": "Exclude"}
    ) == WellFilter(wells=["A01"], mode="Exclude")
    assert ADAPTER.validate_python(
        {"name": "Acquisition Filter", "acquisitions": [0]}
    ) == AcquisitionFilter(acquisitions=[0])


def test_0_10_field_names_are_not_mixed_up():
    wrong = {"name": "Well Include Filter", "wells": ["A01"]}
    if ON_0_10:  # the unknown key is reported, then the missing one refused
        with (
            pytest.warns(ConvertersToolsUnknownKeyWarning, match="'wells'"),
            pytest.raises(ValidationError),
        ):
            ADAPTER.validate_python(wrong)
    else:  # refused as unknown, as 1.1.1 does
        with pytest.raises(ValidationError, match=r"wells\n.*Extra inputs"):
            ADAPTER.validate_python(wrong)
    with pytest.raises(ValidationError):
        ADAPTER.validate_python({"name": "Well Filter", "wells_to_include": ["A01"]})


def test_bad_mode_is_refused():
    with pytest.raises(ValidationError):
        WellFilter(wells=["A01"], mode="Keep")
