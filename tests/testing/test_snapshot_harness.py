"""Snapshot harness: models, build, compare, run (testing/)."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest
from _snapshot_factories import plate_converter, single_image_converter

from ome_zarr_converters_tools.core.errors import ConvertersToolsFileNotFoundError
from ome_zarr_converters_tools.testing import (
    FingerprintModel,
    ImageAssertionModel,
    MultiPlateAssertionModel,
    MultiSingleImageAssertionModel,
    PlateAssertionModel,
    RoiAssertionModel,
    TableAssertionModel,
    build_snapshot,
    compare_snapshots,
    run_converter_test,
)


def _image(**overrides):
    values = {
        "axes": ["c", "y", "x"],
        "shape": [2, 32, 40],
        "pixelsize": [1.0, 1.0, 0.5, 0.5],
        "types": {"is_3D": False},
    }
    values.update(overrides)
    return values


# --- models ------------------------------------------------------------------


def test_fingerprint_is_rounded_and_hash_is_stable():
    arr = np.array([[0.1234567891, 2.0], [3.0, 4.0]])
    fp = FingerprintModel.from_array(arr)
    assert fp.mean == round(float(arr.mean()), 6)
    assert fp.min == 0.123457
    assert fp.max == 4.0
    same = FingerprintModel.from_array(arr + 1e-9)
    assert same.hash == fp.hash
    other = FingerprintModel.from_array(arr + 1e-3)
    assert other.hash != fp.hash


def test_fingerprint_hash_depends_on_dtype_and_values():
    a = FingerprintModel.from_array(np.zeros((2, 2), dtype="uint8"))
    b = FingerprintModel.from_array(np.zeros((2, 2), dtype="uint16"))
    assert a.hash != b.hash
    assert (a.mean, a.std, a.min, a.max) == (0.0, 0.0, 0.0, 0.0)


def test_images_common_is_the_base_and_images_override():
    plate = PlateAssertionModel.model_validate(
        {
            "wells": ["A/01", "B/02"],
            "images_common": _image(
                types={"is_3D": False, "is_time_series": True},
                attributes={"drug": "DMSO"},
            ),
            "images": {
                "A/01/0": {"attributes": {"drug": "Taxol"}},
                "B/02/0": {"types": {"is_3D": True}},
            },
        }
    )
    a, b = plate.images["A/01/0"], plate.images["B/02/0"]
    assert a.attributes == {"drug": "Taxol"}
    assert a.types == {"is_3D": False, "is_time_series": True}
    assert a.shape == (2, 32, 40)
    # nested dicts merge key by key, the image wins
    assert b.types == {"is_3D": True, "is_time_series": True}
    assert b.attributes == {"drug": "DMSO"}
    assert "images_common" not in plate.model_dump()


def test_images_common_in_single_image_snapshots():
    snap = MultiSingleImageAssertionModel.model_validate(
        {"images_common": _image(), "images": {"a.zarr": {}, "b.zarr": {"shape": [1]}}}
    )
    assert snap.images["a.zarr"].shape == (2, 32, 40)
    assert snap.images["b.zarr"].shape == (1,)


def test_images_common_input_is_not_mutated():
    common = _image(attributes={"x": 1})
    data = {"wells": [], "images_common": common, "images": {"p": {"shape": [1]}}}
    PlateAssertionModel.model_validate(data)
    assert "images_common" in data
    assert common["attributes"] == {"x": 1}
    assert data["images"] == {"p": {"shape": [1]}}


# --- compare -------------------------------------------------------------------


def _single(image=None, rois=None):
    roi = RoiAssertionModel(
        slice_repr="(x: 0.0->40.0)",
        finger_print=FingerprintModel(mean=1, std=2, min=0, max=3, hash="abc"),
        yx_origin=None,
    )
    tables = {
        "well_ROI_table": TableAssertionModel(
            rois={"image": roi} if rois is None else rois
        )
    }
    return MultiSingleImageAssertionModel(
        images={"s.zarr": ImageAssertionModel(**_image(**(image or {})), tables=tables)}
    )


def test_identical_snapshots_have_no_difference():
    assert compare_snapshots(_single(), _single()) == []


def test_every_difference_is_listed_with_its_path():
    expected = _single()
    actual = _single(image={"shape": [2, 32, 41], "attributes": {"a": 1}})
    diffs = compare_snapshots(expected, actual)
    assert len(diffs) == 2
    assert any(d.startswith("images['s.zarr'].shape") for d in diffs)
    assert any(d.startswith("images['s.zarr'].attributes") for d in diffs)


def test_stats_use_a_tolerance_and_hash_is_exact():
    expected = _single()
    close = expected.model_copy(deep=True)
    fp = close.images["s.zarr"].tables["well_ROI_table"].rois["image"].finger_print
    fp.mean += 1e-9
    assert compare_snapshots(expected, close) == []
    fp.hash = "def"
    fp.std += 1
    diffs = compare_snapshots(expected, close)
    assert [d.rsplit(":", 1)[0].rsplit(".", 1)[1] for d in diffs] == ["std", "hash"]


def test_channels_and_origin_only_checked_when_pinned():
    unpinned = _single()
    pinned = _single(image={"channel_labels": ["DAPI"], "wavelength_ids": ["405"]})
    assert compare_snapshots(unpinned, pinned) == []
    assert len(compare_snapshots(pinned, unpinned)) == 2
    with_origin = pinned.model_copy(deep=True)
    roi = with_origin.images["s.zarr"].tables["well_ROI_table"].rois["image"]
    roi.yx_origin = [1.0, 2.0]
    assert compare_snapshots(pinned, with_origin) == []
    diffs = compare_snapshots(with_origin, pinned)
    assert len(diffs) == 1
    assert "yx_origin" in diffs[0]


def test_versions_are_never_compared():
    a, b = _single(), _single()
    a.versions = {"ngio": "1.0"}
    b.versions = {"ngio": "2.0"}
    assert compare_snapshots(a, b) == []


def test_snapshot_kind_mismatch_is_reported():
    plate = MultiPlateAssertionModel(plates={})
    assert "snapshot type mismatch" in compare_snapshots(plate, _single())[0]


def test_missing_and_extra_names_are_reported():
    diffs = compare_snapshots(_single(rois={}), _single())
    assert diffs == [
        "images['s.zarr'].tables['well_ROI_table'].rois: expected [] != actual "
        "['image'] (missing [], unexpected ['image'])"
    ]


# --- build + run ----------------------------------------------------------------


def test_build_single_image_snapshot(tmp_path):
    results = single_image_converter(zarr_dir=str(tmp_path))
    snap = build_snapshot(
        zarr_dir=tmp_path, image_list_updates=results, output_type="single_image"
    )
    image = snap.images["scan.zarr"]
    assert image.axes == ("c", "y", "x")
    assert image.shape == (2, 32, 40)
    assert image.pixelsize == (1.0, 1.0, 0.5, 0.5)
    assert image.channel_labels == ["DAPI", "GFP"]
    assert image.types == {"is_3D": False}
    assert set(image.tables) == {"FOV_ROI_table", "well_ROI_table"}
    roi = image.tables["well_ROI_table"].rois["image"]
    assert roi.finger_print.max == 2 * 32 * 40 - 1
    assert snap.versions["ngio"]


def test_build_plate_snapshot(tmp_path):
    results = plate_converter(zarr_dir=str(tmp_path))
    snap = build_snapshot(zarr_dir=tmp_path, image_list_updates=results)
    plate = snap.plates["P.zarr"]
    assert plate.wells == ["A/01", "B/02"]
    assert sorted(plate.images) == ["A/01/0", "B/02/0"]
    assert plate.images["B/02/0"].attributes == {"drug": "DMSO", "well": "B02"}


def test_run_converter_test_update_then_check(tmp_path):
    snapshot = tmp_path / "snapshots" / "plate.json"
    calls = []

    def api(**kwargs):
        calls.append(kwargs)
        return plate_converter(**kwargs)

    run_converter_test(
        tmp_path=tmp_path,
        api_fn=api,
        api_kwargs={"drug": "DMSO"},
        snapshot_path=snapshot,
        update_snapshots=True,
    )
    assert calls[0]["overwrite"] == "Overwrite"
    assert calls[0]["zarr_dir"] == str((tmp_path / "output").resolve())
    stored = json.loads(snapshot.read_text())
    assert "P.zarr" in stored["plates"]
    run_converter_test(
        tmp_path=tmp_path / "check",
        api_fn=api,
        api_kwargs={"drug": "DMSO"},
        snapshot_path=snapshot,
        update_snapshots=False,
    )
    assert "overwrite" not in calls[1]
    with pytest.raises(AssertionError, match=r"2 difference") as info:
        run_converter_test(
            tmp_path=tmp_path / "check2",
            api_fn=api,
            api_kwargs={"drug": "Taxol"},
            snapshot_path=snapshot,
            update_snapshots=False,
        )
    assert "attributes" in str(info.value)


def test_run_converter_test_passes_converter_options(tmp_path):
    seen = {}

    def api(*, zarr_dir, converter_options, value=0, overwrite=None):
        seen["options"] = converter_options
        return single_image_converter(zarr_dir=zarr_dir, value=value)

    snapshot = tmp_path / "snap" / "single.json"
    run_converter_test(
        tmp_path=tmp_path,
        api_fn=api,
        api_kwargs={},
        snapshot_path=snapshot,
        update_snapshots=True,
        converter_options="OPTIONS",
        output_type="single_image",
    )
    assert seen["options"] == "OPTIONS"
    with pytest.raises(AssertionError, match="hash"):
        run_converter_test(
            tmp_path=tmp_path / "c",
            api_fn=api,
            api_kwargs={"value": 1},
            snapshot_path=snapshot,
            update_snapshots=False,
            converter_options="OPTIONS",
            output_type="single_image",
        )


def test_missing_snapshot_is_a_file_not_found_error(tmp_path):
    with pytest.raises(ConvertersToolsFileNotFoundError, match="update-snapshots"):
        run_converter_test(
            tmp_path=tmp_path,
            api_fn=single_image_converter,
            api_kwargs={},
            snapshot_path=tmp_path / "nope.json",
            update_snapshots=False,
            output_type="single_image",
        )


def test_testing_package_imports_lazily():
    # Execute a fresh copy of testing/__init__.py: it must import nothing.
    import importlib.util

    import ome_zarr_converters_tools.testing as testing_pkg

    spec = importlib.util.spec_from_file_location(
        "_fresh_testing_init", testing_pkg.__file__
    )
    fresh = importlib.util.module_from_spec(spec)
    before = set(sys.modules)
    spec.loader.exec_module(fresh)
    assert set(sys.modules) - before == set()
    assert "FingerprintModel" not in vars(fresh)
    assert fresh.FingerprintModel is FingerprintModel  # resolved on first access
    assert "FingerprintModel" in vars(fresh)
    assert sorted(fresh.__all__) == sorted(testing_pkg.__all__)
    with pytest.raises(AttributeError):
        _ = fresh.not_a_name


def test_plugin_module_imports_nothing_from_the_library():
    import importlib.util

    import ome_zarr_converters_tools.testing.plugin as plugin

    spec = importlib.util.spec_from_file_location("_fresh_plugin", plugin.__file__)
    fresh = importlib.util.module_from_spec(spec)
    before = set(sys.modules)
    spec.loader.exec_module(fresh)
    assert not [m for m in set(sys.modules) - before if "converters_tools" in m]


def test_build_snapshot_rejects_bad_input(tmp_path):
    from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError

    outside = [{"zarr_url": "/elsewhere/x.zarr", "types": {}, "attributes": {}}]
    with pytest.raises(ConvertersToolsUserError, match="not inside"):
        build_snapshot(
            zarr_dir=tmp_path, image_list_updates=outside, output_type="single_image"
        )
    with pytest.raises(ConvertersToolsUserError, match="Cannot read"):
        build_snapshot(zarr_dir=tmp_path, image_list_updates=["nonsense"])
    with pytest.raises(ConvertersToolsUserError, match="output_type"):
        build_snapshot(zarr_dir=tmp_path, image_list_updates=[], output_type="movie")


def test_flat_update_entries_are_accepted(tmp_path):
    results = single_image_converter(zarr_dir=str(tmp_path))
    flat = results[0]["image_list_updates"]
    a = build_snapshot(
        zarr_dir=tmp_path, image_list_updates=results, output_type="single_image"
    )
    b = build_snapshot(
        zarr_dir=tmp_path, image_list_updates=flat, output_type="single_image"
    )
    assert compare_snapshots(a, b) == []
