"""The spelling table of `core.api_line`: both spellings in, conflicts out.

Every option that 0.10.4 and 1.1.1 spell differently is one `Spelling` entry;
the models carry no alias validators of their own. Both spellings are accepted
on both lines; both given with different values is a validation error naming
both; the 1.x line shows and dumps the 1.x name (test_model_dumps.py).
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from _api_lines import per_line
from ome_zarr_converters_tools.core import api_line
from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.fractal.models import PixelSizeModel
from ome_zarr_converters_tools.models import (
    ConverterOptions,
    DaskScheduler,
    DefaultScheduler,
    NoTiling,
    OmeZarrOptions,
    ProcessScheduler,
    SnapToGridTiling,
    StagePositionCorrections,
    SynchronousScheduler,
    ThreadScheduler,
)

MODELS: dict[str, type[BaseModel]] = {
    model.__name__: model
    for model in (
        AcquisitionDetails,
        ConverterOptions,
        DefaultScheduler,
        OmeZarrOptions,
        PixelSizeModel,
        ProcessScheduler,
        StagePositionCorrections,
        SynchronousScheduler,
        ThreadScheduler,
        TiledImage,
    )
}


def test_every_spelling_names_a_real_field_and_converter() -> None:
    assert set(api_line._SPELLINGS) == {*MODELS, "DaskScheduler"}
    for name, spellings in api_line._SPELLINGS.items():
        model = MODELS.get(name, ThreadScheduler)
        for spelling in spellings:
            assert spelling.field in model.model_fields, (name, spelling)
            assert spelling.v1 not in model.model_fields, (name, spelling)
            assert spelling.v1 in api_line.accepted_input_keys(model)
            if spelling.convert:
                module, _, function = spelling.convert.partition(":")
                assert callable(getattr(importlib.import_module(module), function))


@pytest.mark.parametrize(
    ("model", "v0_10", "v1"),
    [
        (
            ConverterOptions,
            {"tiling_strategy": NoTiling()},
            {"grouping": {"mode": "Per-FOV"}},
        ),
        (
            ConverterOptions,
            {"tiling_strategy": SnapToGridTiling()},
            {
                "grouping": {
                    "mode": "Mosaic",
                    "tiling_strategy": {"mode": "Snap to Grid"},
                }
            },
        ),
        (StagePositionCorrections, {"align_xy": True}, {"remove_xy_jitter": True}),
        (OmeZarrOptions, {"num_levels": 3}, {"levels": 3}),
        (
            OmeZarrOptions,
            {"num_levels": 2, "level_names": ["a", "b"]},
            {"levels": {"mode": "Custom Names", "level_names": ["a", "b"]}},
        ),
        (ThreadScheduler, {"type": "Threads"}, {"mode": "Threads"}),
        (PixelSizeModel, {"pixelsize": 0.5, "z_spacing": 1, "t_spacing": 1}, None),
        (AcquisitionDetails, {"start_z_coo": "pixel"}, {"start_z_space": "pixel"}),
    ],
)
def test_both_spellings_give_the_same_model(
    model: type[BaseModel], v0_10: dict[str, Any], v1: dict[str, Any] | None
) -> None:
    if v1 is None:
        v1 = {**v0_10, "xy_pixel_size": v0_10["pixelsize"]}
        del v1["pixelsize"]
    assert model.model_validate(v1) == model.model_validate(v0_10)


def test_union_accepts_the_1x_discriminator() -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(DaskScheduler)
    chosen = adapter.validate_python({"mode": "Processes", "num_workers": 2})
    assert chosen == ProcessScheduler(num_workers=2)
    assert chosen.mode == "Processes"
    with pytest.raises(ValidationError, match=r"mode is the 1\.x spelling of type"):
        adapter.validate_python({"mode": "Processes", "type": "Threads"})


@pytest.mark.parametrize(
    ("model", "data", "named"),
    [
        (
            StagePositionCorrections,
            {"align_xy": False, "remove_xy_jitter": True},
            "align_xy",
        ),
        (OmeZarrOptions, {"num_levels": 4, "levels": 3}, "num_levels"),
        (
            ConverterOptions,
            {"tiling_strategy": {"mode": "Auto"}, "grouping": {"mode": "Per-FOV"}},
            "tiling_strategy",
        ),
        (ThreadScheduler, {"type": "Threads", "mode": "Processes"}, "type"),
        (
            AcquisitionDetails,
            {"length_x_coo": "pixel", "length_x_space": "world"},
            "length_x_coo",
        ),
    ],
)
def test_conflicting_spellings_are_refused(
    model: type[BaseModel], data: dict[str, Any], named: str
) -> None:
    with pytest.raises(ValidationError, match="disagree") as info:
        model.model_validate(data)
    assert named in str(info.value)


def test_agreeing_spellings_are_accepted() -> None:
    both = StagePositionCorrections(align_xy=True, remove_xy_jitter=True)
    assert both.remove_xy_jitter is True
    assert OmeZarrOptions(num_levels=3, levels=3).num_levels == 3


def test_1x_line_shows_the_table_names_0_10_line_the_fields() -> None:
    shown = api_line.presentation("AcquisitionDetails").fields
    renamed = per_line(v0_10=None, v1="xy_pixel_size")
    assert (shown["pixelsize"].name if "pixelsize" in shown else None) == renamed
