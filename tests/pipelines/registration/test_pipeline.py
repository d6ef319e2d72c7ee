"""Tests of the registration registry, the default pipeline and its runner."""

from __future__ import annotations

from typing import Any

import pytest
from _registration_factories import geometry, make_image, xy

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.models.corrections import StagePositionCorrections
from ome_zarr_converters_tools.models.grouping import MosaicGrouping, PerFovGrouping
from ome_zarr_converters_tools.models.tiling import (
    AutoTiling,
    InplaceTiling,
    NoTiling,
    SnapToCornersTiling,
)
from ome_zarr_converters_tools.pipelines.registration import (
    RegistrationStep,
    add_registration_func,
    apply_align_to_pixel_grid,
    apply_fov_alignment_corrections,
    apply_mosaic_tiling,
    apply_offset_removal,
    apply_registration_pipeline,
    apply_reindex_channels,
    apply_xy_jitter_correction,
    build_default_registration_pipeline,
    check_registration_pipeline,
    registration_step_names,
)


def _image() -> TiledImage[Any, Any]:
    # Two FOVs of 10 x 10 px with 20 % overlap, 3 z planes with xy jitter,
    # channels 1 and 3 of four, stage origin far from 0.
    regions = []
    for z in range(3):
        for i, c in ((0, 1), (1, 3)):
            regions.append(
                (
                    f"F{i}",
                    {
                        "x": (1000.0 + 8.0 * i + 0.2 * z, 10),
                        "y": (500.0 - 0.3 * z, 10),
                        "z": (2.0 + z, 1),
                        "c": (c, 1),
                    },
                )
            )
    return make_image(regions, channels=["a", "b", "c", "d"])


def _call_one_by_one(image: Any, pipeline: list[RegistrationStep]) -> Any:
    functions = {
        "remove_offsets": apply_offset_removal,
        "align_to_pixel_grid": apply_align_to_pixel_grid,
        "fov_alignment_corrections": apply_fov_alignment_corrections,
        "reindex_channels": apply_reindex_channels,
        "tile_regions": apply_mosaic_tiling,
    }
    for step in pipeline:
        image = functions[step["name"]](image, **step["params"])
    return image


_ON = StagePositionCorrections(align_xy=True)


@pytest.mark.parametrize(
    ("name", "params", "function", "pixel"),
    [
        ("remove_offsets", {}, apply_offset_removal, False),
        ("offset_removal", {"corrections": _ON}, apply_offset_removal, False),
        ("align_to_pixel_grid", {}, apply_align_to_pixel_grid, False),
        (
            "fov_alignment_corrections",
            {"alignment_corrections": _ON},
            apply_fov_alignment_corrections,
            False,
        ),
        (
            "xy_jitter_correction",
            {"corrections": _ON},
            apply_xy_jitter_correction,
            False,
        ),
        ("reindex_channels", {"corrections": _ON}, apply_reindex_channels, True),
        ("tile_regions", {"tiling_strategy": AutoTiling()}, apply_mosaic_tiling, True),
    ],
)
def test_0_10_and_1_x_step_names_resolve(
    name: str, params: dict[str, Any], function: Any, pixel: bool
) -> None:
    image = _image()
    if pixel:
        image = apply_align_to_pixel_grid(apply_offset_removal(image))
    out = apply_registration_pipeline(image, [{"name": name, "params": params}])
    assert out.model_dump_json() == function(image, **params).model_dump_json()
    assert out.model_dump_json() != image.model_dump_json()


def test_step_names_listed() -> None:
    names = registration_step_names()
    for name in ("remove_offsets", "align_to_pixel_grid", "tile_regions"):
        assert name in names


def test_default_pipeline_order_and_params() -> None:
    corrections = StagePositionCorrections(align_xy=True)
    pipeline = build_default_registration_pipeline(corrections, SnapToCornersTiling())
    assert [step["name"] for step in pipeline] == [
        "remove_offsets",
        "align_to_pixel_grid",
        "fov_alignment_corrections",
        "reindex_channels",
        "tile_regions",
    ]
    assert pipeline[0]["params"] == {"corrections": corrections}
    assert pipeline[2]["params"] == {"alignment_corrections": corrections}
    assert pipeline[4]["params"] == {"tiling_strategy": SnapToCornersTiling()}


def test_default_pipeline_accepts_groupings_and_defaults() -> None:
    mosaic = build_default_registration_pipeline(
        StagePositionCorrections(),
        MosaicGrouping(tiling_strategy=SnapToCornersTiling()),
    )
    assert mosaic[-1]["params"]["tiling_strategy"] == SnapToCornersTiling()
    per_fov = build_default_registration_pipeline(
        StagePositionCorrections(), PerFovGrouping()
    )
    assert per_fov[-1]["params"]["tiling_strategy"] == InplaceTiling()
    default = build_default_registration_pipeline()
    assert default[-1]["params"]["tiling_strategy"] == AutoTiling()
    keyword = build_default_registration_pipeline(
        alignment_corrections=None, tiling_strategy=NoTiling()
    )
    assert keyword[-1]["params"]["tiling_strategy"] == NoTiling()


def test_default_pipeline_registers_an_image_end_to_end() -> None:
    image = _image()
    pipeline = build_default_registration_pipeline(
        StagePositionCorrections(align_xy=True), AutoTiling()
    )
    out = apply_registration_pipeline(image, pipeline)
    # y: min over planes is 499.4, the first plane (500.0) lands on 0.6 -> 1
    assert xy(out) == [("F0", 0, 1)] * 3 + [("F1", 10, 1)] * 3
    assert [g[1]["z"][0] for g in geometry(out)] == [0, 1, 2, 0, 1, 2]
    assert [g[1]["c"][0] for g in geometry(out)] == [0, 0, 0, 1, 1, 1]
    assert [c.channel_label for c in out.channels] == ["b", "d"]
    assert all(r.roi.space == "pixel" for r in out.regions)


@pytest.mark.parametrize("align", [False, True])
@pytest.mark.parametrize(
    "strategy", [AutoTiling(), SnapToCornersTiling(), InplaceTiling()]
)
def test_runner_equals_calling_steps_one_by_one(align: bool, strategy: Any) -> None:
    pipeline = build_default_registration_pipeline(
        StagePositionCorrections(align_xy=align), strategy
    )
    image = _image()
    fused = apply_registration_pipeline(image, pipeline)
    assert (
        fused.model_dump_json() == _call_one_by_one(image, pipeline).model_dump_json()
    )


def test_registered_image_round_trips_through_json() -> None:
    from ome_zarr_converters_tools.core.collection import SingleImage
    from ome_zarr_converters_tools.core.loaders import DefaultImageLoader

    out = apply_registration_pipeline(_image(), build_default_registration_pipeline())
    typed = TiledImage[SingleImage, DefaultImageLoader]
    assert typed.model_validate_json(out.model_dump_json()) == out


def test_runner_does_not_mutate_input() -> None:
    image = _image()
    before = image.model_dump_json()
    out = apply_registration_pipeline(image, build_default_registration_pipeline())
    assert image.model_dump_json() == before
    assert out is not image
    assert apply_registration_pipeline(image, []) is not image


def test_unknown_step_lists_available_names() -> None:
    with pytest.raises(ConvertersToolsUserError) as info:
        apply_registration_pipeline(_image(), [{"name": "warp", "params": {}}])
    assert "'warp'" in str(info.value)
    assert "'align_to_pixel_grid'" in str(info.value)


def test_misspelt_param_fails_before_any_step_runs() -> None:
    calls: list[str] = []

    def spy(tiled_image: Any, /) -> Any:
        calls.append("spy")
        return tiled_image

    add_registration_func(spy, "spy_step_for_misspelling", overwrite=True)
    pipeline = [
        {"name": "spy_step_for_misspelling", "params": {}},
        {"name": "align_to_pixel_grid", "params": {"mdoe": "round"}},
    ]
    with pytest.raises(ConvertersToolsUserError) as info:
        apply_registration_pipeline(_image(), pipeline)  # type: ignore[arg-type]
    assert calls == []
    assert "'mdoe'" in str(info.value)
    assert "['mode']" in str(info.value)


def test_malformed_steps_are_user_errors() -> None:
    with pytest.raises(ConvertersToolsUserError, match="must be a dict"):
        check_registration_pipeline(["align_to_pixel_grid"])  # type: ignore[list-item]
    with pytest.raises(ConvertersToolsUserError, match="params must be a dict"):
        check_registration_pipeline([{"name": "align_to_pixel_grid", "params": [1]}])  # type: ignore[typeddict-item]
    check_registration_pipeline([{"name": "align_to_pixel_grid"}])  # type: ignore[typeddict-item]


def test_add_registration_func_positional_0_10_style() -> None:
    def shift_x(tiled_image: Any, /, dx: float = 1.0) -> Any:
        regions = [
            r.model_copy(
                update={
                    "roi": r.roi.model_copy(
                        update={
                            "slices": tuple(
                                s.model_copy(update={"start": s.start + dx})
                                if s.axis_name == "x"
                                else s
                                for s in r.roi.slices
                            )
                        }
                    )
                }
            )
            for r in tiled_image.regions
        ]
        return tiled_image.model_copy(update={"regions": regions})

    add_registration_func(shift_x, "shift_x_positional", True)
    image = _image()
    pipeline = [
        *build_default_registration_pipeline(
            StagePositionCorrections(), InplaceTiling()
        )[:2],
        {"name": "shift_x_positional", "params": {"dx": 5.0}},
        {"name": "align_to_pixel_grid", "params": {}},
    ]
    out = apply_registration_pipeline(image, pipeline)  # type: ignore[arg-type]
    assert min(r.roi.get("x").start for r in out.regions) == 5


def test_add_registration_func_keyword_1_x_style_defaults_to_function_name() -> None:
    def keyword_style_step(tiled_image: Any) -> Any:
        return tiled_image.model_copy(update={"name": "renamed"})

    add_registration_func(function=keyword_style_step, overwrite=True)
    assert "keyword_style_step" in registration_step_names()
    out = apply_registration_pipeline(
        _image(), [{"name": "keyword_style_step", "params": {}}]
    )
    assert out.name == "renamed"


def test_duplicate_registration_needs_overwrite() -> None:
    def dup(tiled_image: Any) -> Any:
        return tiled_image

    add_registration_func(dup, "dup_step", overwrite=True)
    with pytest.raises(ConvertersToolsUserError, match="overwrite=True"):
        add_registration_func(dup, "dup_step")
    with pytest.raises(ConvertersToolsUserError, match="already registered"):
        add_registration_func(dup, "remove_offsets")


def test_add_registration_func_rejects_non_callables() -> None:
    with pytest.raises(ConvertersToolsUserError, match="expects a function"):
        add_registration_func("not a function", "x")  # type: ignore[arg-type]


def test_custom_step_must_return_a_tiled_image() -> None:
    def returns_none(tiled_image: Any) -> None:
        return None

    add_registration_func(returns_none, "returns_none_step", overwrite=True)
    with pytest.raises(ConvertersToolsUserError, match="returned NoneType"):
        apply_registration_pipeline(
            _image(), [{"name": "returns_none_step", "params": {}}]
        )


def test_wrong_option_types_fail_when_building() -> None:
    with pytest.raises(ConvertersToolsUserError):
        build_default_registration_pipeline("yes", AutoTiling())  # type: ignore[arg-type]
    with pytest.raises(ConvertersToolsUserError):
        build_default_registration_pipeline(None, "Auto")


def test_in_place_custom_steps_do_not_touch_the_callers_image() -> None:
    def legacy_in_place(tiled_image: Any) -> Any:
        for region in tiled_image.regions:
            region.roi = region.roi.model_copy(update={"name": "changed"})
        tiled_image.regions.append(tiled_image.regions[0])
        return tiled_image

    add_registration_func(legacy_in_place, "legacy_in_place_step", overwrite=True)
    image = _image()
    before = image.model_dump_json()
    out = apply_registration_pipeline(
        image, [{"name": "legacy_in_place_step", "params": {}}]
    )
    assert image.model_dump_json() == before
    assert len(out.regions) == len(image.regions) + 1
    assert {r.roi.name for r in out.regions} == {"changed"}
