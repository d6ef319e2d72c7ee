import pytest
from pydantic import ValidationError

from _api_lines import per_line
from ome_zarr_converters_tools.models import (
    AcquisitionDetails,
    ChannelInfo,
    DataTypeEnum,
    StageOrientation,
    default_axes_builder,
)


def test_data_type_enum_values():
    assert [m.value for m in DataTypeEnum] == [
        "autodetect",
        "uint8",
        "uint16",
        "uint32",
    ]
    assert DataTypeEnum("uint16") is DataTypeEnum.UINT16


def test_default_axes_builder_exported():
    assert default_axes_builder(is_time_series=False) == ["c", "z", "y", "x"]


@pytest.mark.parametrize(
    ("wavelength", "color"),
    [
        ("200", "#FF00FF"),
        ("379", "#FF00FF"),
        ("380", "#0000FF"),
        ("405", "#0000FF"),
        ("450", "#00FFFF"),
        ("488", "#00FFFF"),
        ("495", "#00FF00"),
        ("519", "#00FF00"),
        ("520", "#00FF80"),
        ("561", "#FFFF00"),
        ("590", "#FF8000"),
        ("620", "#FF0000"),
        ("640", "#FF0000"),
        ("749", "#FF0000"),
        ("750", "#FF0000"),
        ("751", "#FF00FF"),
        ("1500", "#FF00FF"),
        ("C488", "#00FFFF"),
        ("laser 561nm", "#FFFF00"),
    ],
)
def test_colour_from_wavelength(wavelength, color):
    # the label points elsewhere: the wavelength must win
    info = ChannelInfo(channel_label="brightfield", wavelength_id=wavelength)
    assert info.color == color


@pytest.mark.parametrize(
    ("label", "wavelength", "color"),
    [
        ("DAPI", None, "#0000FF"),
        ("Hoechst 33342", None, "#0000FF"),
        ("GFP", None, "#00FF00"),
        ("mCherry", None, "#FF0000"),
        ("Cy5", None, "#FF0000"),
        ("cy7", None, "#FF00FF"),
        ("Brightfield", None, "#808080"),
        ("yellow", None, "#FFFF00"),
        ("DAPI", "C01", "#0000FF"),  # number 1 outside 200-1500 nm
        ("GFP", "A01_C561", "#00FF00"),  # first number (1) decides: label wins
        ("GFP", "2000nm", "#00FF00"),  # out of range: label decides
        ("DAPI", "no digits", "#0000FF"),
    ],
)
def test_colour_from_label(label, wavelength, color):
    assert ChannelInfo(channel_label=label, wavelength_id=wavelength).color == color


def test_unknown_label_still_gets_a_colour():
    color = ChannelInfo(channel_label="zzzz").color
    assert color is not None
    assert color.startswith("#")


def test_explicit_colour_is_kept():
    info = ChannelInfo(channel_label="DAPI", wavelength_id="488", color="#abc")
    assert info.color == "#abc"


# colour names such as "red" are accepted (tests/core/test_friendly_errors.py)
@pytest.mark.parametrize("bad", ["reddish", "#12345", "#GGGGGG", "123456"])
def test_invalid_colour(bad):
    with pytest.raises(ValidationError):
        ChannelInfo(channel_label="x", color=bad)


def test_channel_info_round_trip_and_no_input_mutation():
    data = {"channel_label": "DAPI"}
    info = ChannelInfo.model_validate(data)
    assert data == {"channel_label": "DAPI"}
    assert ChannelInfo.model_validate_json(info.model_dump_json()) == info


def test_channel_info_missing_label():
    with pytest.raises(ValidationError):
        ChannelInfo()


def test_stage_orientation_defaults_and_forbid():
    assert StageOrientation().model_dump() == {
        "flip_x": False,
        "flip_y": False,
        "swap_xy": False,
    }
    with pytest.raises(ValidationError):
        StageOrientation(flip=True)


SPACE = per_line(v0_10="coo", v1="space")
"""Suffix of the coordinate-space keys in dumps: 0.10.4's or 1.1.1's."""
PIXELSIZE = per_line(v0_10="pixelsize", v1="xy_pixel_size")


def test_acquisition_details_defaults():
    acq = AcquisitionDetails()
    assert acq.model_dump(mode="json") == {
        f"start_x_{SPACE}": "world",
        f"start_y_{SPACE}": "world",
        f"start_z_{SPACE}": "world",
        f"start_t_{SPACE}": "world",
        f"length_x_{SPACE}": "pixel",
        f"length_y_{SPACE}": "pixel",
        f"length_z_{SPACE}": "pixel",
        f"length_t_{SPACE}": "pixel",
        PIXELSIZE: 1.0,
        "z_spacing": 1.0,
        "t_spacing": 1.0,
        "channels": None,
        "axes": ["t", "c", "z", "y", "x"],
        "data_type": "autodetect",
        "condition_table_path": None,
        "stage_orientation": {"flip_x": False, "flip_y": False, "swap_xy": False},
    }
    assert acq.axes is not AcquisitionDetails().axes


def test_acquisition_details_1x_spellings():
    acq = AcquisitionDetails(
        xy_pixel_size=0.65,
        start_z_space="pixel",
        length_x_space="world",
    )
    assert acq.pixelsize == 0.65
    assert acq.xy_pixel_size == 0.65
    assert acq.start_z_coo == "pixel"
    assert acq.start_z_space == "pixel"
    assert acq.length_x_coo == "world"
    assert acq.length_x_space == "world"
    for name in ("start_x", "start_y", "start_t", "length_y", "length_z", "length_t"):
        assert getattr(acq, f"{name}_space") == getattr(acq, f"{name}_coo")
    dumped = acq.model_dump()
    assert dumped[PIXELSIZE] == 0.65
    assert dumped[f"start_z_{SPACE}"] == "pixel"
    other = per_line(v0_10=("xy_pixel_size", "start_z_space"), v1=("pixelsize",))
    assert not set(other) & set(dumped)
    assert AcquisitionDetails.model_validate(dumped) == acq


def test_acquisition_details_both_spellings_must_agree():
    assert AcquisitionDetails(pixelsize=0.5, xy_pixel_size=0.5).pixelsize == 0.5
    with pytest.raises(ValidationError, match=r"xy_pixel_size is the 1\.x spelling"):
        AcquisitionDetails(pixelsize=0.5, xy_pixel_size=0.6)


def test_acquisition_details_json_round_trip():
    acq = AcquisitionDetails(
        pixelsize=0.3,
        channels=[ChannelInfo(channel_label="DAPI", wavelength_id="405")],
        axes=["c", "y", "x"],
        data_type="uint8",
    )
    again = AcquisitionDetails.model_validate_json(acq.model_dump_json())
    assert again == acq
    assert again.data_type is DataTypeEnum.UINT8


@pytest.mark.parametrize(
    "kwargs",
    [
        {"pixelsize": 0},
        {"z_spacing": -1},
        {"t_spacing": 0},
        {"start_x_coo": "micron"},
        {"axes": ["x"]},
        {"axes": ["t", "c", "z", "y", "x", "x"]},
        {"axes": ["c", "x", "y"]},
        {"axes": ["c", "c", "y", "x"]},
        {"axes": ["q", "y", "x"]},
        {"data_type": "float64"},
        {"unknown_field": 1},
    ],
)
def test_acquisition_details_validation_errors(kwargs):
    with pytest.raises(ValidationError):
        AcquisitionDetails(**kwargs)


def test_axes_error_message_shows_axes():
    with pytest.raises(ValidationError, match=r"\['z', 'c', 'y', 'x'\]"):
        AcquisitionDetails(axes=["z", "c", "y", "x"])


def test_acquisition_details_is_assignable():
    acq = AcquisitionDetails()
    acq.pixelsize = 2.0
    assert acq.xy_pixel_size == 2.0
