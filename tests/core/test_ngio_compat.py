"""The ngio compatibility layer behaves the same on whichever ngio line is installed."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from ngio import (
    ImageInWellPath,
    Roi,
    RoiSlice,
    create_empty_plate,
    open_ome_zarr_container,
    open_ome_zarr_plate,
)
from ngio.utils import ZarrGroupHandler

from ome_zarr_converters_tools.core import ngio_compat
from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails
from ome_zarr_converters_tools.core.collection import SingleImage
from ome_zarr_converters_tools.core.dummy import (
    StartPosition,
    TileShape,
    build_dummy_tile,
)
from ome_zarr_converters_tools.core.geometry import rebuild_roi
from ome_zarr_converters_tools.core.ngio_compat import (
    NGIO_LINE,
    NGIO_VERSION,
    ROI_IS_FROZEN,
    consolidate_image,
    consolidation_kwargs,
    create_empty_ome_zarr,
    level_shards,
    plate_image_paths,
    plate_images,
    plate_wells,
    read_well_meta,
    roi_slices,
    slices_repr,
)


def _roi(**extra: float) -> Roi:
    return Roi.from_values(
        {"y": (0.0, 4.0), "x": (2.0, 6.0)}, name="FOV_1", space="world", **extra
    )


def test_the_installed_line_is_one_of_the_two_supported() -> None:
    major_minor = tuple(int(part) for part in NGIO_VERSION.split(".")[:2])
    assert ("1.1" if major_minor >= (1, 0) else "0.5") == NGIO_LINE
    assert major_minor == (0, 5) or major_minor == (1, 1)


def test_frozen_flag_matches_ngio() -> None:
    roi_slice = RoiSlice(axis_name="x", start=0.0, length=1.0)
    try:
        roi_slice.start = 3.0
    except Exception:  # pydantic's frozen-instance ValidationError
        mutable = False
    else:
        mutable = True
    assert ROI_IS_FROZEN is not mutable
    assert ROI_IS_FROZEN is (NGIO_LINE == "1.1")


def test_roi_slices_use_the_container_ngio_validates_to() -> None:
    validated = _roi()
    built = roi_slices(validated.slices)
    assert type(built) is type(validated.slices)
    # A ROI built without validation equals the validated one and dumps cleanly.
    unvalidated = Roi.model_construct(
        name="FOV_1", slices=built, label=None, space="world"
    )
    assert unvalidated == validated
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert json.loads(unvalidated.model_dump_json()) == json.loads(
            validated.model_dump_json()
        )


def test_rebuilt_roi_round_trips_through_json() -> None:
    roi = rebuild_roi(_roi(x_micrometer_original=7.0), name="moved")
    again = Roi.model_validate_json(roi.model_dump_json())
    assert again == roi
    assert again.model_extra == {"x_micrometer_original": 7.0}


def test_slices_repr_is_the_0_10_list_form_on_both_lines() -> None:
    text = slices_repr(_roi().slices)
    assert text == "[y: 0.0->4.0, x: 2.0->8.0]"
    assert text.strip("[]") == str(_roi().slices)[1:-1]


def test_consolidation_kwargs_name_the_mode_per_call_site() -> None:
    expected = {"mode": "auto"} if NGIO_LINE == "1.1" else {}
    assert consolidation_kwargs() == expected
    assert consolidation_kwargs(prefix="consolidation_") == {
        f"consolidation_{key}": value for key, value in expected.items()
    }
    consolidation_kwargs()["mode"] = "changed"  # a fresh dict every call
    assert consolidation_kwargs() == expected


@pytest.mark.parametrize(
    ("shape", "chunks", "shards", "expected"),
    [
        ((40, 72), (8, 8), (16, 24), (16, 24)),  # level larger than the shard
        ((20, 36), (8, 8), (16, 24), (16, 32 - 8)),  # clip 24, already whole
        ((10, 18), (8, 8), (16, 24), (8, 16)),  # clip rounded down to chunks
        ((5, 9), (8, 8), (16, 24), (5, 8)),  # chunk clipped to a small level
    ],
)
def test_level_shards_follow_ngio_1_1(shape, chunks, shards, expected) -> None:
    assert level_shards(shape, chunks, shards) == expected


def _sharded(path: Path, shape: tuple[int, ...]):
    return create_empty_ome_zarr(
        store=str(path),
        shape=shape,
        pixelsize=0.5,
        levels=3,
        axes_names=["c", "y", "x"],
        chunks=(1, 8, 8),
        shards=(1, 16, 24),
        ngff_version="0.5",
        dtype="uint16",
        overwrite=True,
    )


def test_sharded_pyramid_with_odd_levels_is_created_and_filled(tmp_path) -> None:
    # Level 2 is (1, 10, 18): plain ngio 0.5 clips the shard to 18 x 10, which
    # is not a whole number of 8 x 8 chunks, and zarr refuses the array.
    container = _sharded(tmp_path / "odd.zarr", (1, 40, 72))
    shards = [
        tuple(container.get_image(path=path).zarr_array.shards)
        for path in container.level_paths
    ]
    assert shards == [(1, 16, 24), (1, 16, 24), (1, 8, 16)]
    rng = np.random.default_rng(0)
    level0 = rng.integers(1, 60000, size=(1, 40, 72)).astype("uint16")
    image = container.get_image()
    image.zarr_array[...] = level0
    consolidate_image(image)
    reopened = open_ome_zarr_container(str(tmp_path / "odd.zarr"))
    levels = [
        np.asarray(reopened.get_image(path=path).zarr_array[...])
        for path in reopened.level_paths
    ]
    assert [level.shape for level in levels] == [(1, 40, 72), (1, 20, 36), (1, 10, 18)]
    # Every pixel of every level was written: no shard lost to a write race.
    assert all(level.all() for level in levels)
    # The same zoom as an unsharded pyramid.
    plain = create_empty_ome_zarr(
        store=str(tmp_path / "plain.zarr"),
        shape=(1, 40, 72),
        pixelsize=0.5,
        levels=3,
        axes_names=["c", "y", "x"],
        chunks=(1, 8, 8),
        ngff_version="0.5",
        dtype="uint16",
        overwrite=True,
    )
    plain_image = plain.get_image()
    plain_image.zarr_array[...] = level0
    consolidate_image(plain_image)
    for path, level in zip(plain.level_paths, levels, strict=True):
        expected = np.asarray(plain.get_image(path=path).zarr_array[...])
        np.testing.assert_array_equal(level, expected)


def test_plate_listings_and_well_documents(tmp_path) -> None:
    url = str(tmp_path / "P.zarr")
    create_empty_plate(
        url,
        name="P",
        images=[
            ImageInWellPath(row="A", column="01", path="0", acquisition_id=0),
            ImageInWellPath(row="B", column="02", path="0", acquisition_id=0),
        ],
        overwrite=True,
    )
    for well in ("A/01", "B/02"):
        image = create_empty_ome_zarr(
            store=f"{url}/{well}/0",
            shape=(1, 8, 8),
            pixelsize=1.0,
            levels=1,
            axes_names=["c", "y", "x"],
            overwrite=True,
        )
        del image
    plate = open_ome_zarr_plate(url)
    assert sorted(plate_image_paths(plate)) == ["A/01/0", "B/02/0"]
    assert sorted(plate_image_paths(plate, concurrent=True)) == ["A/01/0", "B/02/0"]
    assert sorted(plate_wells(plate)) == ["A/01", "B/02"]
    assert sorted(plate_images(plate)) == ["A/01/0", "B/02/0"]
    handler = ZarrGroupHandler(store=f"{url}/A/01", mode="r")
    meta = read_well_meta(handler)
    assert meta.paths() == ["0"]


def test_private_helpers_are_ngios_own() -> None:
    assert ngio_compat.world_to_pixel(1.0, 0.5) == 2.0
    assert ngio_compat.pixel_to_world(2.0, 0.5) == 1.0
    zoomed = ngio_compat.numpy_zoom(
        np.arange(16, dtype="float32").reshape(4, 4), target_shape=(2, 2)
    )
    assert zoomed.shape == (2, 2)


def test_tiles_share_roi_slices_only_when_ngio_rois_are_frozen() -> None:
    def tile_roi(fov_name: str) -> Roi:
        return build_dummy_tile(
            fov_name=fov_name,
            start=StartPosition(x=10, y=20),
            shape=TileShape(x=32, y=16),
            collection=SingleImage(image_path="img"),
            acquisition_details=AcquisitionDetails(axes=["c", "z", "y", "x"]),
        ).to_roi()

    first, second = tile_roi("FOV_1"), tile_roi("FOV_2")
    assert first.slices == second.slices
    assert type(first.slices) is type(roi_slices([]))
    shared = [a is b for a, b in zip(first.slices, second.slices, strict=True)]
    if ROI_IS_FROZEN:
        assert all(shared)
    else:
        # ngio 0.5 ROIs are mutable: editing one tile's ROI must not move another.
        assert not any(shared)
        first.slices[0].start = 99.0
        assert second.slices[0].start != 99.0


@pytest.mark.parametrize(
    ("name", "values", "windows"),
    [
        # an ordinary channel: the same window on both lines
        ("ramp", np.arange(256), {"0.5": (1.0, 255.0), "1.1": (1.0, 255.0)}),
        ("empty", np.zeros(256), {"0.5": (0.0, 1.0), "1.1": (0.0, 1.0)}),
        # a constant channel: ngio's own policy differs (documented, kept);
        # ngio 1.1.2, the 1.x line's floor, still writes 0.5's window
        (
            "constant",
            np.full(256, 7),
            {"0.5": (7.0, 8.0), "1.1.2": (7.0, 8.0), "1.1": (0.0, 7.0)},
        ),
    ],
)
def test_channel_windows_per_line(tmp_path, name, values, windows) -> None:
    container = create_empty_ome_zarr(
        store=str(tmp_path / f"{name}.zarr"),
        shape=(1, 16, 16),
        pixelsize=1.0,
        levels=1,
        axes_names=["c", "y", "x"],
        dtype="uint16",
        overwrite=True,
    )
    container.get_image().set_array(values.reshape(1, 16, 16).astype("uint16"))
    container.set_channel_windows_with_percentiles()
    channel = container.get_image().meta.channels_meta.channels[0]
    window = channel.channel_visualisation
    expected = windows.get(ngio_compat.NGIO_VERSION, windows[NGIO_LINE])
    assert (window.start, window.end) == expected
