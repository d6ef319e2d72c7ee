"""Tests of the individual registration steps."""

from __future__ import annotations

from typing import Any

import pytest
from _registration_factories import geometry, make_image, xy

from _api_lines import per_line
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.grid import NotAGridError, NotTilableError
from ome_zarr_converters_tools.models.corrections import StagePositionCorrections
from ome_zarr_converters_tools.models.grouping import MosaicGrouping, PerFovGrouping
from ome_zarr_converters_tools.models.tiling import (
    InplaceTiling,
    SnapToCornersTiling,
    SnapToGridTiling,
)
from ome_zarr_converters_tools.pipelines.registration import (
    apply_align_to_pixel_grid,
    apply_fov_alignment_corrections,
    apply_mosaic_tiling,
    apply_offset_removal,
    apply_reindex_channels,
    apply_remove_offsets,
    apply_xy_jitter_correction,
)

ON = StagePositionCorrections(align_xy=True)


def _mixed_image() -> Any:
    return make_image(
        [
            ("A", {"x": (10.3, 8), "y": (20.0, 6), "z": (3.0, 1), "c": (1, 1)}),
            ("B", {"x": (18.2, 8), "y": (20.4, 6), "z": (4.0, 1), "c": (3, 1)}),
            ("A", {"x": (10.6, 8), "y": (19.9, 6), "z": (5.0, 1), "c": (3, 1)}),
        ],
        channels=["a", "b", "c", "d"],
    )


def _pixel(image: Any) -> Any:
    return apply_align_to_pixel_grid(apply_offset_removal(image))


@pytest.mark.parametrize(
    ("step", "params", "pixel"),
    [
        (apply_offset_removal, {}, False),
        (apply_offset_removal, {"corrections": {"remove_z_offset": "Per-FOV"}}, False),
        (apply_align_to_pixel_grid, {}, False),
        (apply_xy_jitter_correction, {"corrections": ON}, False),
        (apply_fov_alignment_corrections, {"alignment_corrections": ON}, False),
        (apply_reindex_channels, {}, True),
        (apply_mosaic_tiling, {"tiling_strategy": SnapToCornersTiling()}, True),
    ],
)
def test_steps_leave_their_input_unchanged(step: Any, params: Any, pixel: bool) -> None:
    image = _pixel(_mixed_image()) if pixel else _mixed_image()
    before = image.model_dump_json()
    regions = list(image.regions)
    result = step(image, **params)
    assert result is not image
    assert image.model_dump_json() == before
    assert all(a is b for a, b in zip(image.regions, regions, strict=True))


# --- offset removal --------------------------------------------------------------


def test_offsets_removed_globally_on_xyzt_but_not_c() -> None:
    image = make_image(
        [
            (
                "A",
                {
                    "x": (-5.0, 4),
                    "y": (7.0, 4),
                    "z": (2.0, 1),
                    "c": (2, 1),
                    "t": (9.0, 1),
                },
            ),
            (
                "B",
                {
                    "x": (5.0, 4),
                    "y": (3.0, 4),
                    "z": (4.0, 1),
                    "c": (3, 1),
                    "t": (11.0, 1),
                },
            ),
        ],
        axes=("t", "c", "z", "y", "x"),
        channels=["a", "b", "c", "d"],
    )
    out = geometry(apply_offset_removal(image))
    assert out[0][1] == {
        "t": (0, 1),
        "c": (2, 1),
        "z": (0, 1),
        "y": (4, 4),
        "x": (0, 4),
    }
    assert out[1][1] == {
        "t": (2, 1),
        "c": (3, 1),
        "z": (2, 1),
        "y": (0, 4),
        "x": (10, 4),
    }


def test_remove_offsets_is_the_0_10_name_and_needs_no_params() -> None:
    image = _mixed_image()
    assert apply_remove_offsets is apply_offset_removal
    assert geometry(apply_remove_offsets(image)) == geometry(
        apply_offset_removal(image, corrections=StagePositionCorrections())
    )


def test_per_fov_z_offset_zeroes_each_fov() -> None:
    image = make_image(
        [
            ("A", {"x": (0, 4), "z": (3.0, 1)}),
            ("B", {"x": (4, 4), "z": (7.0, 1)}),
            ("A", {"x": (0, 4), "z": (4.0, 1)}),
        ]
    )
    out = apply_offset_removal(image, corrections={"remove_z_offset": "Per-FOV"})
    assert [g[1]["z"][0] for g in geometry(out)] == [0, 0, 1]


def test_keep_mode_keeps_positive_offsets() -> None:
    image = make_image([("A", {"x": (3.0, 4), "y": (2.0, 4), "z": (5.0, 1)})])
    keep = StagePositionCorrections(
        remove_xy_offset="Keep", remove_z_offset="Keep", remove_t_offset="Keep"
    )
    assert geometry(apply_offset_removal(image, corrections=keep)) == geometry(image)


def test_keep_mode_refuses_negative_positions_naming_image_and_fov() -> None:
    image = make_image([("A", {"x": (3.0, 4)}), ("NEG", {"x": (-1.5, 4)})])
    with pytest.raises(ConvertersToolsUserError) as info:
        apply_offset_removal(image, corrections={"remove_xy_offset": "Keep"})
    message = str(info.value)
    assert "'img.zarr'" in message
    assert "'NEG'" in message
    assert "-1.5" in message
    assert "remove_xy_offset='Global'" in message


def test_wrong_corrections_type_is_a_user_error() -> None:
    with pytest.raises(ConvertersToolsUserError, match="StagePositionCorrections"):
        apply_offset_removal(_mixed_image(), corrections=42)  # type: ignore[arg-type]


# --- pixel grid ------------------------------------------------------------------


def test_pixel_grid_rounds_endpoints_half_to_even() -> None:
    image = make_image(
        [
            ("A", {"x": (0.0, 10.0)}),
            ("B", {"x": (10.5, 10.5)}),  # 10.5 -> 10, 21.0 -> 21: length 11
            ("C", {"x": (21.5, 9.5)}),  # 21.5 -> 22, 31.0 -> 31: length 9
            ("D", {"x": (2.5, 1.0)}),  # 2.5 -> 2, 3.5 -> 4: length 2
        ]
    )
    out = apply_align_to_pixel_grid(image)
    assert [g[1]["x"] for g in geometry(out)] == [(0, 10), (10, 11), (22, 9), (2, 2)]
    assert all(region.roi.space == "pixel" for region in out.regions)


def test_pixel_grid_converts_world_units_with_spacings() -> None:
    image = make_image(
        [("A", {"x": (1.3, 6.5), "y": (0.65, 3.25), "z": (4.0, 2.0), "c": (1, 1)})],
        pixelsize=0.65,
        z_spacing=2.0,
        channels=["a", "b"],
    )
    out = geometry(apply_align_to_pixel_grid(image))[0][1]
    assert out == {"x": (2, 10), "y": (1, 5), "z": (2, 1), "c": (1, 1)}


@pytest.mark.parametrize(("mode", "expected"), [("floor", (2, 1)), ("ceil", (3, 1))])
def test_pixel_grid_floor_and_ceil(mode: str, expected: tuple[int, int]) -> None:
    image = make_image([("A", {"x": (2.4, 1.2)})])
    out = apply_align_to_pixel_grid(image, mode=mode)  # type: ignore[arg-type]
    assert geometry(out)[0][1]["x"] == expected


def test_pixel_grid_unknown_mode_is_a_user_error() -> None:
    with pytest.raises(ConvertersToolsUserError, match="'round'"):
        apply_align_to_pixel_grid(_mixed_image(), mode="nearest")  # type: ignore[arg-type]


def test_pixel_grid_keeps_roi_extras_and_names() -> None:
    image = make_image([("A", {"x": (1.6, 4.0)})])
    roi = apply_align_to_pixel_grid(image).regions[0].roi
    assert roi.name == "A"
    assert roi.model_extra == {"x_micrometer_original": 1.6}


def test_pixel_grid_on_pixel_rois_only_snaps() -> None:
    image = make_image([("A", {"x": (1.5, 3.0)})], space="pixel", pixelsize=0.5)
    assert geometry(apply_align_to_pixel_grid(image))[0][1]["x"] == (2, 2)


# --- xy jitter ------------------------------------------------------------------


def _jittered() -> Any:
    return make_image(
        [
            ("A", {"x": (10.0, 4), "y": (20.0, 4), "z": (0.0, 1)}),
            ("B", {"x": (30.0, 4), "y": (20.0, 4), "z": (0.0, 1)}),
            ("A", {"x": (10.4, 4), "y": (19.7, 4), "z": (1.0, 1)}),
            ("B", {"x": (29.0, 4), "y": (21.0, 4), "z": (1.0, 1)}),
        ]
    )


def test_jitter_moves_slices_to_first_slice_of_fov_and_groups_by_fov() -> None:
    out = apply_xy_jitter_correction(_jittered(), corrections=ON)
    assert xy(out) == [("A", 10, 20), ("A", 10, 20), ("B", 30, 20), ("B", 30, 20)]
    assert [g[1]["z"][0] for g in geometry(out)] == [0, 1, 0, 1]


def test_jitter_default_is_the_line_default() -> None:
    # 0.10 leaves the xy jitter by default, 1.1.1 removes it.
    image = _jittered()
    corrected = geometry(apply_xy_jitter_correction(image, corrections=ON))
    assert corrected != geometry(image)
    expected = per_line(v0_10=geometry(image), v1=corrected)
    assert geometry(apply_xy_jitter_correction(image)) == expected
    assert geometry(apply_fov_alignment_corrections(image)) == expected


def test_jitter_accepts_1x_field_name() -> None:
    out = apply_xy_jitter_correction(
        _jittered(), corrections={"remove_xy_jitter": True}
    )
    assert xy(out)[1] == ("A", 10, 20)


def test_fov_alignment_corrections_is_the_0_10_spelling() -> None:
    image = _jittered()
    assert geometry(
        apply_fov_alignment_corrections(image, alignment_corrections=ON)
    ) == geometry(apply_xy_jitter_correction(image, corrections=ON))


# --- channel reindexing ---------------------------------------------------------


def test_reindex_compacts_gaps_and_channels() -> None:
    out = apply_reindex_channels(_pixel(_mixed_image()))
    assert [g[1]["c"][0] for g in geometry(out)] == [0, 1, 1]
    assert [c.channel_label for c in out.channels] == ["b", "d"]


def test_reindex_keeps_multi_channel_spans_consecutive() -> None:
    image = make_image(
        [("A", {"c": (2, 2)}), ("B", {"c": (4, 1)}), ("C", {"c": (3, 2)})],
        space="pixel",
        channels=list("abcdef"),
    )
    out = apply_reindex_channels(image)
    assert [g[1]["c"] for g in geometry(out)] == [(0, 2), (2, 1), (1, 2)]
    assert [c.channel_label for c in out.channels] == ["c", "d", "e"]


def test_reindex_off_keeps_gaps() -> None:
    image = _pixel(_mixed_image())
    out = apply_reindex_channels(image, corrections={"reindex_channels": False})
    assert geometry(out) == geometry(image)
    assert len(out.channels) == 4


def test_reindex_without_c_axis_is_a_no_op() -> None:
    image = make_image([("A", {"x": (0, 4)})], axes=("y", "x"))
    assert geometry(apply_reindex_channels(image)) == geometry(image)


def test_reindex_without_channel_metadata_compacts_indices() -> None:
    image = make_image([("A", {"c": (3, 1)}), ("B", {"c": (5, 1)})], space="pixel")
    out = apply_reindex_channels(image)
    assert [g[1]["c"][0] for g in geometry(out)] == [0, 1]
    assert out.channels is None


def test_reindex_dense_channels_still_compacts_metadata() -> None:
    image = make_image([("A", {"c": (0, 1)})], space="pixel", channels=["a", "b"])
    assert [c.channel_label for c in apply_reindex_channels(image).channels] == ["a"]


# --- mosaic tiling ---------------------------------------------------------------


def _overlapping() -> Any:
    # FOVs of 10 x 10 px at x = 0, 8, 16 (20 % overlap), two z planes each.
    return make_image(
        [
            (f"F{i}", {"x": (8.0 * i, 10), "y": (0.0, 10), "z": (float(z), 1)})
            for z in range(2)
            for i in range(3)
        ],
        space="pixel",
    )


def test_tiling_applies_fov_offset_to_all_slices_grouped_by_fov() -> None:
    out = apply_mosaic_tiling(_overlapping(), tiling_strategy=SnapToGridTiling())
    assert xy(out) == [
        ("F0", 0, 0),
        ("F0", 0, 0),
        ("F1", 10, 0),
        ("F1", 10, 0),
        ("F2", 20, 0),
        ("F2", 20, 0),
    ]


def test_tiling_uses_reference_slice_closest_to_origin() -> None:
    image = make_image(
        [
            ("A", {"x": (0.0, 10), "z": (3.0, 1)}),
            ("B", {"x": (11.0, 10), "z": (9.0, 1)}),  # distance^2 = 202
            ("B", {"x": (12.0, 10), "z": (0.0, 1)}),  # 144: reference, offset -2
        ],
        space="pixel",
    )
    out = apply_mosaic_tiling(image, tiling_strategy=SnapToGridTiling())
    assert xy(out) == [("A", 0, 0), ("B", 9, 0), ("B", 10, 0)]


def test_tiling_accepts_groupings_and_dicts() -> None:
    image = _overlapping()
    expected = xy(apply_mosaic_tiling(image, tiling_strategy=SnapToGridTiling()))
    grouped = MosaicGrouping(tiling_strategy=SnapToGridTiling())
    assert xy(apply_mosaic_tiling(image, tiling_strategy=grouped)) == expected
    as_dict = {"mode": "Snap to Grid", "tolerance": 1}
    assert xy(apply_mosaic_tiling(image, tiling_strategy=as_dict)) == expected
    per_fov = apply_mosaic_tiling(image, tiling_strategy=PerFovGrouping())
    assert sorted(xy(per_fov)) == sorted(xy(image))


def test_tiling_rejects_unknown_strategies() -> None:
    with pytest.raises(ConvertersToolsUserError, match="tiling strategy"):
        apply_mosaic_tiling(_overlapping(), tiling_strategy="Auto")
    with pytest.raises(ConvertersToolsUserError, match="neither"):
        apply_mosaic_tiling(_overlapping(), tiling_strategy={"mode": "Spiral"})


def test_tiling_world_space_is_a_user_error_with_fix() -> None:
    image = make_image([("A", {"x": (0.0, 10)})])
    with pytest.raises(ConvertersToolsUserError, match="align_to_pixel_grid"):
        apply_mosaic_tiling(image, tiling_strategy=InplaceTiling())


def test_tiling_errors_name_the_image() -> None:
    image = make_image(
        [("A", {"x": (0.0, 10)}), ("B", {"x": (30.0, 10)}), ("C", {"x": (70.0, 10)})],
        space="pixel",
    )
    with pytest.raises(NotAGridError, match=r"Image 'img\.zarr'.*'A' -> 'B'"):
        apply_mosaic_tiling(image, tiling_strategy=SnapToGridTiling())
    sized = make_image(
        [("A", {"x": (0.0, 10)}), ("B", {"x": (10.0, 12)})], space="pixel"
    )
    with pytest.raises(NotTilableError, match=r"Image 'img\.zarr'.*'B'"):
        apply_mosaic_tiling(sized, tiling_strategy=SnapToCornersTiling())


def test_tiling_needs_x_and_y_axes() -> None:
    image = make_image([("A", {"z": (0.0, 1)})], axes=("c", "z"), space="pixel")
    with pytest.raises(ConvertersToolsUserError, match="'y' and 'x'"):
        apply_mosaic_tiling(image, tiling_strategy=InplaceTiling())


def test_steps_on_an_empty_image_return_a_copy() -> None:
    image = make_image([])
    for step, params in (
        (apply_offset_removal, {}),
        (apply_align_to_pixel_grid, {}),
        (apply_xy_jitter_correction, {"corrections": ON}),
        (apply_reindex_channels, {}),
        (apply_mosaic_tiling, {"tiling_strategy": SnapToGridTiling()}),
    ):
        out = step(image, **params)
        assert out is not image
        assert out.regions == []
