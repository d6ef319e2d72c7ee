"""Naming rules (core/names.py) and the write/delete guard (core/url_guard.py)."""

from __future__ import annotations

import os
import pickle

import pandas as pd
import pytest
from pydantic import ValidationError

from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails, ChannelInfo
from ome_zarr_converters_tools.core.collection import ImageInPlate, SingleImage
from ome_zarr_converters_tools.core.dataframe import (
    hcs_images_from_dataframe,
    single_images_from_dataframe,
)
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsNameError,
    ConvertersToolsUnsafePathError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.names import (
    MAX_NAME_BYTES,
    check_attribute_value,
    check_column_name,
    check_fov_name,
    check_path_component,
    check_relative_path,
    check_zarr_name,
    describe_name,
)
from ome_zarr_converters_tools.core.url_guard import (
    check_below,
    check_removable,
    image_root,
    is_below,
    join_below,
    remove_below,
)

LONG = "x" * 300
HUGE = "y" * 5000

# --- path components ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "empty"),
        (".", "folder itself or its parent"),
        ("..", "folder itself or its parent"),
        ("a/b", "'/'"),
        ("../..", "'/'"),
        ("/abs", "'/'"),
        ("/", "'/'"),
        ("a\\b", "'\\\\'"),
        ("a\x00b", "control character"),
        ("a\nb", "control character"),
        ("tab\t", "control character"),
        ("del\x7f", "control character"),
        ("lone\ud800", "control character"),
        (LONG, f"more than the {MAX_NAME_BYTES} bytes"),
        ("é" * 128, "256 bytes long"),
    ],
)
def test_path_component_refusals_name_the_problem(name, problem):
    with pytest.raises(ConvertersToolsNameError, match="Invalid well row") as info:
        check_path_component(name, what="well row")
    message = str(info.value)
    assert problem in message
    assert "Allowed:" in message
    assert isinstance(info.value, ConvertersToolsUserError)


@pytest.mark.parametrize(
    "name", ["A", "0_FOV 1", "0_~", "0_..", "0_é", "é" * 127, "z" * 255]
)
def test_path_component_accepts_harmless_names(name):
    assert check_path_component(name, what="x") == name


def test_huge_names_are_shortened_in_messages():
    with pytest.raises(ConvertersToolsNameError) as info:
        check_path_component(HUGE, what="FOV")
    assert len(str(info.value)) < 600
    assert "5000 characters" in str(info.value)
    assert describe_name("short") == "'short'"


def test_name_error_survives_pickling():
    err = ConvertersToolsNameError("Invalid plate name 'a/b'")
    assert pickle.loads(pickle.dumps(err)).args == err.args


@pytest.mark.parametrize(
    "path", ["/abs/p", "~/p", "C:/p", "a//b", "a/./b", "a/../b", "a\\b", "a/\x00"]
)
def test_relative_path_refusals(path):
    with pytest.raises(ConvertersToolsNameError, match="image path"):
        check_relative_path(path)


def test_relative_path_accepts_plate_paths():
    assert check_relative_path("P.zarr/A/01/0_FOV 1") == "P.zarr/A/01/0_FOV 1"


# --- zarr names, FOV names, columns, values ------------------------------------


@pytest.mark.parametrize(
    "name", ["..", "../..", "a/../b", "/abs", "~", "/", "a\\b", "a\x00", "a\n", ""]
)
def test_zarr_names_keep_the_0_10_rule(name):
    with pytest.raises(ConvertersToolsNameError, match="Invalid Zarr name"):
        check_zarr_name(name, what="plate name")


def test_zarr_name_length_counts_the_zarr_suffix():
    name = "p" * 250
    assert check_zarr_name(name, what="plate name", written_as=f"{name}.zarr")
    with pytest.raises(ConvertersToolsNameError, match="256 bytes"):
        check_zarr_name("p" * 251, what="plate name", written_as="p" * 251 + ".zarr")


@pytest.mark.parametrize("name", ["a\x00b", "a\nb", "\r", "a\tb"])
def test_fov_names_refuse_control_characters_in_every_mode(name):
    with pytest.raises(ConvertersToolsNameError, match="Invalid FOV name"):
        check_fov_name(name, row=3)


@pytest.mark.parametrize("name", ["../..", "a/b", "~", "", LONG, "FOV[1]"])
def test_fov_names_are_free_where_they_do_not_become_paths(name):
    assert check_fov_name(name) == name


@pytest.mark.parametrize("name", ["", "a\x00b", "a\nb", 3])
def test_column_name_refusals(name):
    with pytest.raises(ConvertersToolsNameError, match="attribute column name"):
        check_column_name(name)


@pytest.mark.parametrize("name", ["drug", "../x", "a/b", "dose (µM)"])
def test_column_names_are_not_paths(name):
    assert check_column_name(name) == name


def test_attribute_values_refuse_only_nul():
    assert check_attribute_value("a\nb", column="c") == "a\nb"
    assert check_attribute_value(3, column="c") == 3
    with pytest.raises(ConvertersToolsNameError, match="attribute 'c'"):
        check_attribute_value("a\x00", column="c")


# --- collections: names checked where paths are computed -----------------------


@pytest.mark.parametrize(
    "fov",
    [
        "x/../../../../escape",
        "../../escape",
        "a/b",
        "/abs",
        "a\\b",
        "a\x00b",
        "a\nb",
        LONG,
    ],
)
def test_per_fov_image_names_refuse_what_would_leave_the_well(fov):
    image = ImageInPlate(plate_name="P", row="A", column=1).with_suffix(f"_{fov}")
    with pytest.raises(ConvertersToolsNameError, match="per-FOV image name"):
        image.path()


@pytest.mark.parametrize("fov", ["..", "~", "", "FOV 1", "é", "FOV[1]"])
def test_per_fov_image_names_keep_0_10_paths(fov):
    image = ImageInPlate(plate_name="P", row="A", column=1).with_suffix(f"_{fov}")
    assert image.path() == f"P.zarr/A/01/0_{fov}"


@pytest.mark.parametrize("fov", ["../x", "a/b", "~", "a\x00"])
def test_single_image_per_fov_names_follow_the_zarr_rule(fov):
    image = SingleImage(image_path="img").with_suffix(f"_{fov}")
    with pytest.raises(ConvertersToolsNameError, match="per-FOV suffix"):
        image.path()


@pytest.mark.parametrize("row", ["..", "A/B", "~", "A\x00B", "", "A" * 300])
def test_rows_are_refused_with_the_named_error(row):
    with pytest.raises(ValidationError) as info:
        ImageInPlate(plate_name="P", row=row, column=1)
    assert isinstance(info.value.errors()[0]["ctx"]["error"], ConvertersToolsNameError)


def test_huge_column_and_acquisition_are_refused():
    with pytest.raises(ConvertersToolsNameError, match="well column"):
        ImageInPlate(plate_name="P", row="A", column=10**300).path()
    with pytest.raises(ConvertersToolsNameError, match="acquisition"):
        ImageInPlate(plate_name="P", row="A", column=1, acquisition=10**300).path()


def test_long_plate_name_is_refused_before_any_os_error():
    with pytest.raises(ConvertersToolsNameError, match="plate name"):
        ImageInPlate(plate_name=LONG, row="A", column=1).path()


# --- tiles tables: the row is named ----------------------------------------------


@pytest.fixture
def acquisition():
    return AcquisitionDetails(
        channels=[ChannelInfo(channel_label="DAPI", wavelength_id="405")],
        pixelsize=1.0,
        z_spacing=1.0,
        data_type="uint16",
        axes=["c", "z", "y", "x"],
    )


def _table(**overrides):
    rows = [
        {
            "file_path": f"f{i}.png",
            "row": "A",
            "column": 1,
            "fov_name": f"FOV_{i}",
            "start_x": 0.0,
            "start_y": 0.0,
            "length_x": 8,
            "length_y": 8,
        }
        for i in range(3)
    ]
    for key, value in overrides.items():
        rows[2][key] = value
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("column", "value", "match"),
    [
        ("fov_name", "a\x00b", "Invalid FOV name"),
        ("fov_name", "a\nb", "Invalid FOV name"),
        ("row", "../x", "Invalid well row"),
        ("column", 10**300, "well column"),
        ("drug", "a\x00b", "attribute 'drug'"),
    ],
)
def test_tiles_table_names_the_row(acquisition, column, value, match):
    table = _table(**{column: value})
    if column != "drug":
        table["drug"] = "DMSO"
    with pytest.raises(ConvertersToolsNameError, match=match) as info:
        hcs_images_from_dataframe(tiles_table=table, acquisition_details=acquisition)
    assert "row 2 of the tiles table" in str(info.value)


@pytest.mark.parametrize("column", ["a\x00b", "a\nb", ""])
def test_tiles_table_attribute_columns_are_checked_first(acquisition, column):
    table = _table()
    table[column] = "v"
    with pytest.raises(ConvertersToolsNameError, match="attribute column name"):
        hcs_images_from_dataframe(tiles_table=table, acquisition_details=acquisition)


@pytest.mark.parametrize("plate_name", ["../x", LONG])
def test_tiles_table_plate_name(acquisition, plate_name):
    with pytest.raises(ConvertersToolsNameError, match="plate name"):
        hcs_images_from_dataframe(
            tiles_table=_table(), acquisition_details=acquisition, plate_name=plate_name
        )


def test_tiles_table_image_path_names_the_row(acquisition):
    table = _table().drop(columns=["row", "column"])
    table["image_path"] = ["a", "b", "../c"]
    with pytest.raises(ConvertersToolsNameError, match="row 2 of the tiles table"):
        single_images_from_dataframe(tiles_table=table, acquisition_details=acquisition)


# --- the guard ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "root", "below"),
    [
        ("/data/zarr/P.zarr", "/data/zarr", True),
        ("/data/zarr/P.zarr/A/01/0", "/data/zarr/", True),
        ("/data/zarr", "/data/zarr", False),
        ("/data/zarr2/P.zarr", "/data/zarr", False),
        ("/data/zarr/../escape", "/data/zarr", False),
        ("/data/zarr/P.zarr/../../escape", "/data/zarr", False),
        ("/data/zarr/a/../b", "/data/zarr", True),
        ("/data", "/data/zarr", False),
        ("s3://bucket/zarr/P.zarr", "s3://bucket/zarr", True),
        ("s3://bucket/zarr", "s3://bucket/zarr", False),
        ("s3://bucket/zarr/../x", "s3://bucket/zarr", False),
        ("s3://other/zarr/P.zarr", "s3://bucket/zarr", False),
        ("s3://bucket/zarr/P.zarr", "/bucket/zarr", False),
        ("/bucket/zarr/P.zarr", "s3://bucket/zarr", False),
        ("s3://bucket/zarrx/P.zarr", "s3://bucket/zarr", False),
    ],
)
def test_is_below_compares_whole_components(url, root, below):
    assert is_below(url, root) is below


def test_is_below_expands_home(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert is_below("~/zarr/P.zarr", str(tmp_path / "zarr"))
    assert not is_below(str(tmp_path / "other"), "~/zarr")


def test_symbolic_link_out_of_zarr_dir_is_refused(tmp_path):
    zarr_dir = tmp_path / "zarr"
    zarr_dir.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, zarr_dir / "P.zarr")
    with pytest.raises(ConvertersToolsUnsafePathError, match="not inside"):
        check_below(str(zarr_dir / "P.zarr" / "A"), root=str(zarr_dir), what="well")


def test_check_below_names_the_action_and_folder():
    with pytest.raises(ConvertersToolsUnsafePathError) as info:
        check_below("/a/escape", root="/a/zarr", what="image 'x'", action="remove")
    text = str(info.value)
    assert "Refusing to remove image 'x' at '/a/escape'" in text
    assert "'/a/zarr'" in text


def test_remote_removal_refuses_glob_characters():
    url = "s3://bucket/zarr/P.zarr/A/01/0_FOV[1]"
    assert check_below(url, root="s3://bucket/zarr", what="image")
    with pytest.raises(ConvertersToolsUnsafePathError, match="pattern"):
        check_removable(url, root="s3://bucket/zarr", what="image")
    with pytest.raises(ConvertersToolsUnsafePathError, match="pattern"):
        check_removable("s3://b/exp[1]/P.zarr", root="s3://b/exp[1]", what="plate")
    assert check_removable("/d/exp[1]/P.zarr", root="/d/exp[1]", what="plate")


class _RecordingFs:
    def __init__(self):
        self.removed = []

    def rm(self, url, recursive=False):
        self.removed.append((url, recursive))


def test_remove_below_removes_only_inside():
    fs = _RecordingFs()
    remove_below(fs, "/a/zarr/P.zarr", root="/a/zarr", what="plate")
    assert fs.removed == [("/a/zarr/P.zarr", True)]
    for url in ("/a/zarr", "/a", "/a/zarr/../other", "/"):
        with pytest.raises(ConvertersToolsUnsafePathError):
            remove_below(fs, url, root="/a/zarr", what="plate")
    assert len(fs.removed) == 1


def test_join_below_checks_names_then_location():
    assert (
        join_below("/a/zarr", "P.zarr/A/01/0", what="image") == "/a/zarr/P.zarr/A/01/0"
    )
    assert join_below("s3://b/z", "P.zarr", what="plate") == "s3://b/z/P.zarr"
    for relative in ("../x", "P.zarr/../../x", "/etc", "~"):
        with pytest.raises(ConvertersToolsNameError):
            join_below("/a/zarr", relative, what="image")


@pytest.mark.parametrize(
    ("zarr_url", "path", "root"),
    [
        ("/a/zarr/P.zarr/A/01/0", "P.zarr/A/01/0", "/a/zarr"),
        ("/a/elsewhere/img.zarr", "P.zarr/A/01/0", "/a/elsewhere"),
        ("s3://b/zarr/img.zarr", "img.zarr", "s3://b/zarr"),
        ("s3://b/img.zarr", "other.zarr", "s3://b"),
    ],
)
def test_image_root(zarr_url, path, root):
    assert image_root(zarr_url, path) == root


def test_image_root_refuses_roots_and_bad_paths():
    with pytest.raises(ConvertersToolsUnsafePathError, match="root or a bucket"):
        image_root("s3://bucket", "x.zarr")
    with pytest.raises(ConvertersToolsNameError):
        image_root("/a/zarr/escape", "P.zarr/A/01/0_x/../../../../escape")
