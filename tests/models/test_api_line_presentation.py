"""The line's presentation: unknown keys, input aliases, schema-neutral checks.

Schema equality itself is `test_schema_parity_0104.py` (0.10 line) and
`test_schema_parity_111.py` (1.x line); this file checks the behaviour behind
it on the line this installation was built as: which models refuse unknown keys
and which ignore them with a warning (0.10; the 1.x line refuses them all, as
1.1.1), that the other line's spellings still validate without showing in the
schemas, that converters' subclasses inherit the right policy and title, and
that the stricter-than-0.10 checks live in validators.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import pytest
from pydantic import BaseModel, Field, ValidationError, model_validator

from _api_lines import ON_0_10, per_line
from ome_zarr_converters_tools import (
    AcquisitionOptions,
    ChannelInfo,
    ChannelInfoUI,
    ConverterOptions,
    ConvertParallelInitArgs,
    OmeZarrOptions,
    RuntimeSettings,
    ThreadScheduler,
)
from ome_zarr_converters_tools.core.api_line import (
    API_LINE,
    TEST_OVERRIDE_ENV,
    accepted_input_keys,
    presentation,
)
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUnknownKeyWarning,
    ConvertersToolsWarning,
)
from ome_zarr_converters_tools.fractal import PixelSizeModel
from ome_zarr_converters_tools.models import (
    AutoTiling,
    FixedSizeChunking,
    FovBasedChunking,
    MosaicGrouping,
    NamedLevels,
    NoTiling,
    PerFovGrouping,
    SnapToGridTiling,
    StagePositionCorrections,
    TempJsonOptions,
    UserFacingModel,
)
from ome_zarr_converters_tools.pipelines.filters import (
    RegexIncludeFilter,
    WellFilter,
    WellIncludeFilter,
)


def _without_descriptions(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: _without_descriptions(v) for k, v in node.items() if k != "description"
        }
    if isinstance(node, list):
        return [_without_descriptions(v) for v in node]
    return node


def _schema_text(model: type[BaseModel]) -> str:
    """Both schemas of `model` as text, without the (free-text) descriptions."""
    return json.dumps(
        _without_descriptions(
            [model.model_json_schema(mode=m) for m in ("validation", "serialization")]
        )
    )


def test_this_build_presents_its_line() -> None:
    assert API_LINE in ("0.10", "1")
    assert presentation("AutoTiling").title == per_line(v0_10="AutoTiling", v1="Auto")
    assert AutoTiling.model_json_schema()["title"] == presentation("AutoTiling").title


@pytest.mark.skipif(
    bool(os.environ.get(TEST_OVERRIDE_ENV)),
    reason=f"{TEST_OVERRIDE_ENV} replaces the built line; the version is the build's",
)
def test_version_tells_the_built_line() -> None:
    import ome_zarr_converters_tools as ozct

    assert ozct.API_LINE == API_LINE
    assert ozct.__version__.startswith(per_line(v0_10="0.10.", v1="1.2."))
    assert presentation("MosaicGrouping").title == "Mosaic"  # 1.x-only model
    with pytest.raises(ConvertersToolsInternalError, match=r"core/api_line\.py"):
        presentation("NoSuchModel")


# --- unknown keys ---------------------------------------------------------------

FORBIDDING: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (ConverterOptions, {}),
    (OmeZarrOptions, {}),
    (RuntimeSettings, {}),
    (ThreadScheduler, {}),
    (StagePositionCorrections, {}),
]


@pytest.mark.parametrize(("model", "data"), FORBIDDING, ids=lambda v: str(v))
def test_models_that_0_10_made_strict_refuse_unknown_keys(
    model: type[BaseModel], data: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError, match=r"extra_forbidden|Extra inputs"):
        model.model_validate({**data, "unknown_key": 1})
    assert model.model_json_schema()["additionalProperties"] is False


IGNORING: list[tuple[type[BaseModel], dict[str, Any], str, str]] = [
    (AcquisitionOptions, {}, "chanels", "channels"),
    (ChannelInfoUI, {"channel_label": "A"}, "wavelenght_id", "wavelength_id"),
    (ChannelInfo, {"channel_label": "A"}, "colour", "color"),
    (
        PixelSizeModel,
        {"pixelsize": 1, "z_spacing": 1, "t_spacing": 1},
        "z_spaceing",
        "z_spacing",
    ),
    (AutoTiling, {}, "tolerence", "tolerance"),
    (FovBasedChunking, {}, "z_chunks", "z_chunk"),
    (FixedSizeChunking, {}, "xy_chunks", "xy_chunk"),
    (TempJsonOptions, {}, "serialisation", "serialization"),
    (RegexIncludeFilter, {"regex": "A"}, "regexp", "regex"),
    (
        WellIncludeFilter,
        {"wells_to_include": ["A01"]},
        "wells_to_includ",
        "wells_to_include",
    ),
]


@pytest.mark.parametrize(
    ("model", "data", "typo", "closest"), IGNORING, ids=lambda v: str(v)
)
def test_models_that_0_10_made_lenient_warn_about_each_ignored_key(
    model: type[BaseModel], data: dict[str, Any], typo: str, closest: str
) -> None:
    if not ON_0_10:
        # 1.1.1 refuses unknown keys in every model, and so does the 1.x line.
        with pytest.raises(ValidationError, match=rf"{typo}\n.*Extra inputs"):
            model.model_validate({**data, typo: 1})
        assert model.model_json_schema()["additionalProperties"] is False
        return
    with pytest.warns(ConvertersToolsUnknownKeyWarning) as caught:
        parsed = model.model_validate({**data, typo: 1})
    (record,) = caught
    message = str(record.message)
    assert f"{model.__name__} ignores the unknown key {typo!r}" in message
    assert f"the closest valid key is {closest!r}" in message
    assert issubclass(record.category, ConvertersToolsWarning)
    assert parsed == model.model_validate(data)
    assert "additionalProperties" not in model.model_json_schema()


def test_nested_unknown_keys_warn_from_the_model_that_owns_them() -> None:
    if not ON_0_10:
        with pytest.raises(ValidationError, match=r"tiling_strategy\.Auto\.tol\n"):
            ConverterOptions.model_validate(
                {"tiling_strategy": {"mode": "Auto", "tol": 3}}
            )
        return
    with pytest.warns(ConvertersToolsUnknownKeyWarning, match="AutoTiling.*'tol'"):
        options = ConverterOptions.model_validate(
            {"tiling_strategy": {"mode": "Auto", "tol": 3}}
        )
    assert options.tiling_strategy == AutoTiling()


def test_dumps_validate_again_without_any_warning() -> None:
    # pytest turns warnings into errors: any false positive fails here.
    options = ConverterOptions(
        tiling_strategy=SnapToGridTiling(tolerance=2),
        omezarr_options=OmeZarrOptions(chunks=FixedSizeChunking(xy_chunk=512)),
    )
    assert ConverterOptions.model_validate_json(options.model_dump_json()) == options
    acquisition = AcquisitionOptions(
        channels=[ChannelInfoUI(channel_label="DAPI", wavelength_id="405")],
        pixel_info=PixelSizeModel(pixelsize=0.5, z_spacing=1, t_spacing=1),
        filters=[
            RegexIncludeFilter(regex="A", field="fov_name"),
            WellFilter(wells=["A01"]),
        ],
    )
    again = AcquisitionOptions.model_validate_json(acquisition.model_dump_json())
    assert again == acquisition
    init_args = ConvertParallelInitArgs(
        tiled_image_json_str="{}", converter_options=options
    )
    assert ConvertParallelInitArgs.model_validate(init_args.model_dump()) == init_args


# --- the other line's spellings ---------------------------------------------------


def test_1x_spellings_validate_without_warning_and_stay_out_of_the_schemas() -> None:
    pixel = PixelSizeModel.model_validate(
        {"xy_pixel_size": 0.5, "z_spacing": 1, "t_spacing": 1}
    )
    assert pixel.pixelsize == 0.5
    options = ConverterOptions.model_validate(
        {
            "grouping": {"mode": "Per-FOV"},
            "omezarr_options": {
                "levels": {"mode": "Custom Names", "level_names": ["a", "b"]}
            },
            "runtime_settings": {
                "dask_scheduler": {"mode": "Threads", "num_workers": 2}
            },
            "stage_position_corrections": {"remove_xy_jitter": True},
        }
    )
    assert isinstance(options.tiling_strategy, NoTiling)
    assert options.omezarr_options.levels == NamedLevels(level_names=["a", "b"])
    assert options.runtime_settings.dask_scheduler == ThreadScheduler(num_workers=2)
    assert options.stage_position_corrections.align_xy is True
    assert RegexIncludeFilter.model_validate({"pattern": "A"}).regex == "A"
    assert ConverterOptions(grouping=MosaicGrouping()).grouping == MosaicGrouping()
    assert isinstance(
        ConverterOptions(grouping=PerFovGrouping()).grouping, PerFovGrouping
    )

    # The schemas show only this line's spellings: 1.x names on the 0.10 line,
    # 0.10 names on the 1.x line ("tiling_strategy" and "num_levels" are 1.x
    # names too, inside `grouping` and `levels`).
    hidden = per_line(
        v0_10=[
            (PixelSizeModel, ["xy_pixel_size"]),
            (
                ConverterOptions,
                ['"grouping"', '"levels"', "remove_xy_jitter", "Mosaic"],
            ),
            (AcquisitionOptions, ['"field"', "Well Filter", "xy_pixel_size"]),
        ],
        v1=[
            (PixelSizeModel, ['"pixelsize"']),
            (
                ConverterOptions,
                ["align_xy", '"title": "NoTiling"', '"title": "AutoTiling"'],
            ),
            (AcquisitionOptions, ['"pixelsize"', '"title": "RegexIncludeFilter"']),
        ],
    )
    for model, spellings in hidden:
        text = _schema_text(model)
        for spelling in spellings:
            assert spelling not in text, f"{spelling} shows in {model.__name__}"


def test_input_aliases_are_known_keys() -> None:
    assert {"pixelsize", "xy_pixel_size"} <= accepted_input_keys(PixelSizeModel)
    assert {"regex", "pattern", "field"} <= accepted_input_keys(RegexIncludeFilter)


# --- converters' subclasses -----------------------------------------------------


def test_converter_subclass_keeps_the_line_form_and_policy() -> None:
    class MyAcquisitionOptions(AcquisitionOptions):
        convert_only_projections: bool = False

    schema = MyAcquisitionOptions.model_json_schema()
    assert schema["title"] == "MyAcquisitionOptions"
    if ON_0_10:
        assert "additionalProperties" not in schema
        with pytest.warns(
            ConvertersToolsUnknownKeyWarning, match="'convert_only_projection'"
        ):
            parsed = MyAcquisitionOptions.model_validate(
                {"convert_only_projection": True}
            )
        assert parsed.convert_only_projections is False
    else:  # refused, as by a subclass of 1.1.1's AcquisitionOptions
        assert schema["additionalProperties"] is False
        with pytest.raises(ValidationError, match="convert_only_projection\n"):
            MyAcquisitionOptions.model_validate({"convert_only_projection": True})
    assert MyAcquisitionOptions(convert_only_projections=True).convert_only_projections


def test_subclass_declared_input_aliases_do_not_warn() -> None:
    class Renamed(AcquisitionOptions):
        input_aliases = frozenset({"old_name"})
        new_name: int = Field(default=0)

        @model_validator(mode="before")
        @classmethod
        def _old_name(cls, data: Any) -> Any:
            if isinstance(data, dict) and "old_name" in data:
                data = {**data, "new_name": data["old_name"]}
                del data["old_name"]
            return data

    # No warning (an error here) on the 0.10 line; accepted on the 1.x line,
    # where unknown keys are refused.
    assert Renamed.model_validate({"old_name": 1}) == Renamed(new_name=1)


def test_new_user_facing_models_stay_strict() -> None:
    class MyOptions(UserFacingModel):
        level: int = 1

    with pytest.raises(ValidationError):
        MyOptions.model_validate({"levle": 2})
    assert MyOptions.model_json_schema()["additionalProperties"] is False


# --- stricter than 0.10, same schema --------------------------------------------


@pytest.mark.parametrize("field", ["pixelsize", "z_spacing", "t_spacing"])
@pytest.mark.parametrize("value", [0, -0.5, math.nan])
def test_pixel_sizes_must_be_positive_through_a_validator(
    field: str, value: float
) -> None:
    data = {"pixelsize": 0.5, "z_spacing": 1.0, "t_spacing": 1.0, field: value}
    with pytest.raises(ValidationError, match=f"{field}=.*must be greater than 0"):
        PixelSizeModel.model_validate(data)
    properties = PixelSizeModel.model_json_schema()["properties"]
    shown = field if field != "pixelsize" else per_line(v0_10=field, v1="xy_pixel_size")
    assert "exclusiveMinimum" not in properties[shown]
