import itertools

import pytest
from pydantic import ValidationError

from ome_zarr_converters_tools.core.acquisition import (
    AcquisitionDetails,
    ChannelInfo,
    StageOrientation,
)
from ome_zarr_converters_tools.core.collection import SingleImage
from ome_zarr_converters_tools.core.geometry import axis_interval
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.core.tile import Tile

SPACES = ("world", "pixel")
FIELDS = {
    "start_x": 10.0,
    "start_y": 20.0,
    "start_z": 3.0,
    "start_c": 1,
    "start_t": 2.0,
    "length_x": 8.0,
    "length_y": 6.0,
    "length_z": 2.0,
    "length_c": 1,
    "length_t": 1.0,
}
SPACING = {"x": 0.5, "y": 0.5, "z": 2.0, "t": 1.5}


def build(start_space, length_space, orientation, **overrides):
    details = AcquisitionDetails(
        pixelsize=0.5,
        z_spacing=2.0,
        t_spacing=1.5,
        axes=["t", "c", "z", "y", "x"],
        stage_orientation=orientation,
        **{f"start_{a}_coo": start_space for a in "xyzt"},
        **{f"length_{a}_coo": length_space for a in "xyzt"},
    )
    return Tile(
        fov_name="FOV_7",
        collection=SingleImage(image_path="img"),
        image_loader=DefaultImageLoader(file_path="/data/a.tif"),
        acquisition_details=details,
        **{**FIELDS, **overrides},
    )


def expected_interval(axis, source, start_space, length_space, flip):
    start = FIELDS[f"start_{source}"]
    length = FIELDS[f"length_{source}"]
    if source != "c":
        if start_space == "pixel":
            start *= SPACING[source]
        if length_space == "pixel":
            length *= SPACING[source]
    if flip:
        start = -start
    return start, length


@pytest.mark.parametrize(
    ("start_space", "length_space", "flip_x", "flip_y", "swap_xy"),
    list(
        itertools.product(SPACES, SPACES, (False, True), (False, True), (False, True))
    ),
)
def test_to_roi_every_space_flip_swap_combination(
    start_space, length_space, flip_x, flip_y, swap_xy
):
    orientation = StageOrientation(flip_x=flip_x, flip_y=flip_y, swap_xy=swap_xy)
    roi = build(start_space, length_space, orientation).to_roi()
    assert roi.name == "FOV_7"
    assert roi.space == "world"
    assert [s.axis_name for s in roi.slices] == ["t", "c", "z", "y", "x"]
    swap = {"x": "y", "y": "x"} if swap_xy else {}
    flips = {"x": flip_x, "y": flip_y}
    for axis in "tczyx":
        source = swap.get(axis, axis)
        expected = expected_interval(
            axis, source, start_space, length_space, flips.get(axis, False)
        )
        assert axis_interval(roi, axis) == pytest.approx(expected), axis
    extra = roi.model_extra
    assert set(extra) == {
        "x_micrometer_original",
        "y_micrometer_original",
        "z_micrometer_original",
    }
    for axis in "xyz":
        assert extra[f"{axis}_micrometer_original"] == axis_interval(roi, axis)[0]


def test_swap_xy_really_swaps():
    roi = build("world", "pixel", StageOrientation(swap_xy=True)).to_roi()
    assert axis_interval(roi, "x")[0] == 20.0
    assert axis_interval(roi, "y")[0] == 10.0


def test_default_spaces_starts_world_lengths_pixel():
    details = AcquisitionDetails(pixelsize=0.5, axes=["y", "x"])
    tile = Tile(
        fov_name="F",
        start_x=10.0,
        start_y=4.0,
        length_x=8.0,
        length_y=6.0,
        collection=SingleImage(image_path="img"),
        image_loader=DefaultImageLoader(file_path="/a.tif"),
        acquisition_details=details,
    )
    roi = tile.to_roi()
    assert axis_interval(roi, "x") == (10.0, 4.0)
    assert axis_interval(roi, "y") == (4.0, 3.0)
    assert "z_micrometer_original" not in roi.model_extra


def test_extra_fields_forbidden_and_lengths_positive():
    with pytest.raises(ValidationError):
        build("world", "pixel", StageOrientation(), bogus=1)
    with pytest.raises(ValidationError):
        build("world", "pixel", StageOrientation(), length_x=0)


def test_channel_range_validation_names_tile_and_file():
    channels = [ChannelInfo(channel_label="A"), ChannelInfo(channel_label="B")]
    details = AcquisitionDetails(channels=channels, axes=["c", "y", "x"])
    common = {
        "fov_name": "FOV_3",
        "start_x": 0,
        "start_y": 0,
        "length_x": 2,
        "length_y": 2,
        "collection": SingleImage(image_path="img"),
        "image_loader": DefaultImageLoader(file_path="/data/c.tif"),
        "acquisition_details": details,
    }
    Tile(**common, start_c=1)
    with pytest.raises(ValidationError, match=r"FOV_3.*/data/c.tif.*2 entries"):
        Tile(**common, start_c=1, length_c=2)
    with pytest.raises(ValidationError, match=">= 0"):
        Tile(**common, start_c=-1)


def test_find_data_type_declared_or_autodetect(tmp_path):
    import numpy as np

    path = tmp_path / "a.npy"
    np.save(path, np.zeros((2, 2), dtype="uint8"))
    common = {
        "fov_name": "F",
        "start_x": 0,
        "start_y": 0,
        "length_x": 2,
        "length_y": 2,
        "collection": SingleImage(image_path="img"),
        "image_loader": DefaultImageLoader(file_path=str(path)),
    }
    auto = Tile(**common, acquisition_details=AcquisitionDetails(axes=["y", "x"]))
    assert auto.find_data_type() == "uint8"
    fixed = Tile(
        **common,
        acquisition_details=AcquisitionDetails(axes=["y", "x"], data_type="uint16"),
    )
    assert fixed.find_data_type() == "uint16"
    assert isinstance(fixed.find_data_type(), str)
    assert fixed.describe() == f"tile 'F' (source: {path})"


def test_flipped_zero_start_keeps_its_sign():
    import math

    plain = build("world", "pixel", StageOrientation(), start_x=0.0).to_roi()
    flipped = build("world", "pixel", StageOrientation(flip_x=True), start_x=0.0)
    roi = flipped.to_roi()
    assert math.copysign(1.0, axis_interval(plain, "x")[0]) == 1.0
    assert math.copysign(1.0, axis_interval(roi, "x")[0]) == -1.0
    assert '"start":-0.0' in roi.model_dump_json()
