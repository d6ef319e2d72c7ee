"""Fractal UI models and the manifest model list (fractal/models.py, manifest.py)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

import ome_zarr_converters_tools
from _api_lines import ON_0_10
from ome_zarr_converters_tools.core.acquisition import (
    AcquisitionDetails,
    ChannelInfo,
    DataTypeEnum,
    StageOrientation,
)
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsUnknownKeyWarning,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.fractal import (
    AcquisitionOptions,
    ChannelInfoUI,
    ColorMenu,
    ConvertParallelInitArgs,
    PixelSizeModel,
    converters_tools_models,
)
from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.modes import OverwriteMode
from ome_zarr_converters_tools.pipelines.filters import RegexIncludeFilter

EXPECTED_COLORS = {
    "Blue": "#0000FF",
    "Red": "#FF0000",
    "Yellow": "#FFFF00",
    "Magenta": "#FF00FF",
    "Cyan": "#00FFFF",
    "Gray": "#808080",
    "Green": "#00FF00",
    "Orange": "#FF8000",
    "Purple": "#8000FF",
    "Teal": "#008080",
    "Lime": "#00FF80",
    "Amber": "#FFBF00",
    "Pink": "#FF0080",
    "Navy": "#000080",
    "Maroon": "#800000",
    "Olive": "#808000",
    "Coral": "#FF7F50",
    "Violet": "#EE82EE",
}


def _base_details(**overrides):
    values = {
        "channels": [ChannelInfo(channel_label="DAPI", wavelength_id="405")],
        "pixelsize": 0.65,
        "z_spacing": 5.0,
        "t_spacing": 2.0,
        "axes": ["c", "z", "y", "x"],
        "stage_orientation": StageOrientation(flip_y=True),
    }
    values.update(overrides)
    return AcquisitionDetails(**values)


def test_color_menu_members_and_hex():
    assert [m.name for m in ColorMenu] == ["Auto", *EXPECTED_COLORS]
    assert ColorMenu.Auto.value == "Auto"
    assert ColorMenu.Auto.to_hexstr() is None
    for name, hexstr in EXPECTED_COLORS.items():
        member = ColorMenu[name]
        assert member.value == f"{name} ({hexstr})"
        assert member.to_hexstr() == hexstr
        assert ColorMenu(member.value) is member


def test_channel_info_ui_defaults_and_conversion():
    ui = ChannelInfoUI(channel_label="DAPI")
    assert ui.color is ColorMenu.Auto
    assert ui.wavelength_id is None
    assert (
        ChannelInfoUI(channel_label="x", color="Red (#FF0000)").color is ColorMenu.Red
    )
    assert ChannelInfoUI(
        channel_label="x", color=ColorMenu.Navy
    ).to_channel_info() == ChannelInfo(channel_label="x", color="#000080")
    # Auto colour is chosen exactly as ChannelInfo would choose it
    assert ChannelInfoUI(
        channel_label="mCherry", wavelength_id="561"
    ).to_channel_info() == ChannelInfo(channel_label="mCherry", wavelength_id="561")


def test_pixel_size_model_accepts_both_spellings():
    a = PixelSizeModel(pixelsize=0.3, z_spacing=1, t_spacing=2)
    b = PixelSizeModel(xy_pixel_size=0.3, z_spacing=1, t_spacing=2)
    assert a == b
    assert b.xy_pixel_size == 0.3
    with pytest.raises(ValidationError):
        PixelSizeModel(pixelsize=0.3, z_spacing=1)
    with pytest.raises(ValidationError):
        PixelSizeModel(pixelsize=0, z_spacing=1, t_spacing=1)


def test_acquisition_options_defaults():
    options = AcquisitionOptions()
    assert options.channels is None
    assert options.pixel_info is None
    assert options.condition_table_path is None
    assert options.axes is None
    assert options.data_type is DataTypeEnum.AUTODETECT
    assert options.stage_orientation == StageOrientation()
    assert options.filters == []
    base = _base_details()
    assert options.update_acquisition_details(base) == base


def test_seed_acquisition_options_snippet_runs_verbatim():
    namespace = {
        "ChannelInfo": ChannelInfo,
        "PixelSizeModel": PixelSizeModel,
        "RegexIncludeFilter": RegexIncludeFilter,
        "base_acquisition_details": _base_details(),
    }
    code = """
from ome_zarr_converters_tools import AcquisitionOptions

# User-provided overrides
acq_options = AcquisitionOptions(
    channels=[ChannelInfo(channel_label="GFP", wavelength_id="488")],
    pixel_info=PixelSizeModel(pixelsize=0.325, z_spacing=1.0, t_spacing=1.0),
    filters=[RegexIncludeFilter(field="fov_name", pattern="FOV_[12]")],
)

# Apply overrides to base acquisition details
updated_acq = acq_options.update_acquisition_details(base_acquisition_details)
"""
    exec(compile(code, "seed-snippet", "exec"), namespace)
    updated = namespace["updated_acq"]
    assert updated.channels == [ChannelInfo(channel_label="GFP", wavelength_id="488")]
    assert (updated.pixelsize, updated.z_spacing, updated.t_spacing) == (
        0.325,
        1.0,
        1.0,
    )
    # untouched fields keep the base values
    assert updated.axes == ["c", "z", "y", "x"]
    assert updated.stage_orientation == StageOrientation(flip_y=True)
    assert namespace["acq_options"].filters[0].regex == "FOV_[12]"


def test_update_applies_every_override_without_mutating():
    base = _base_details()
    before = base.model_dump()
    options = AcquisitionOptions(
        channels=[
            ChannelInfoUI(channel_label="A", color=ColorMenu.Coral),
            ChannelInfoUI(channel_label="B", wavelength_id="640"),
        ],
        pixel_info=PixelSizeModel(pixelsize=0.1, z_spacing=0.2, t_spacing=0.3),
        condition_table_path="/data/conditions.csv",
        axes="tczyx",
        data_type="uint8",
        stage_orientation=StageOrientation(flip_x=True, swap_xy=True),
    )
    updated = options.update_acquisition_details(base)
    assert updated.channels == [
        ChannelInfo(channel_label="A", color="#FF7F50"),
        ChannelInfo(channel_label="B", wavelength_id="640"),
    ]
    assert updated.pixelsize == 0.1
    assert updated.z_spacing == 0.2
    assert updated.t_spacing == 0.3
    assert updated.condition_table_path == "/data/conditions.csv"
    assert updated.axes == ["t", "c", "z", "y", "x"]
    assert updated.data_type is DataTypeEnum.UINT8
    assert updated.stage_orientation == StageOrientation(flip_x=True, swap_xy=True)
    assert base.model_dump() == before
    assert updated is not base


def test_default_stage_orientation_keeps_metadata_orientation():
    base = _base_details()
    updated = AcquisitionOptions(
        stage_orientation=StageOrientation()
    ).update_acquisition_details(base)
    assert updated.stage_orientation == StageOrientation(flip_y=True)


@pytest.mark.parametrize("axes", ["qyx", "cyz", "x", "ccyx"])
def test_bad_axes_string_is_a_user_error(axes):
    options = AcquisitionOptions(axes=axes)
    with pytest.raises(ConvertersToolsUserError, match=axes):
        options.to_axes_list()


def test_axes_string_to_list():
    assert AcquisitionOptions(axes="czyx").to_axes_list() == ["c", "z", "y", "x"]
    assert AcquisitionOptions().to_axes_list() is None


def test_acquisition_options_ignore_unknown_keys_with_a_warning():
    if not ON_0_10:  # 1.1.1 refuses unknown keys
        with pytest.raises(ValidationError, match="pixel_size"):
            AcquisitionOptions(pixel_size=1)
        return
    # 0.10 ignores unknown keys here (stored workflows with stale keys keep
    # validating); this library names the key and the closest valid one.
    with pytest.warns(
        ConvertersToolsUnknownKeyWarning,
        match="'pixel_size'.*closest valid key is 'pixel_info'",
    ):
        options = AcquisitionOptions(pixel_size=1)
    assert options == AcquisitionOptions()


def test_acquisition_options_json_round_trip():
    options = AcquisitionOptions(
        channels=[ChannelInfoUI(channel_label="A", color=ColorMenu.Teal)],
        filters=[RegexIncludeFilter(regex="A/01")],
    )
    again = AcquisitionOptions.model_validate_json(options.model_dump_json())
    assert again == options


def test_convert_parallel_init_args_needs_exactly_one_source():
    options = ConverterOptions()
    with pytest.raises(ValidationError, match="Exactly one"):
        ConvertParallelInitArgs(converter_options=options)
    with pytest.raises(ValidationError, match="Exactly one"):
        ConvertParallelInitArgs(
            converter_options=options,
            tiled_image_json_str="{}",
            tiled_image_json_dump_url="/tmp/x.json",
        )
    args = ConvertParallelInitArgs(converter_options=options, tiled_image_json_str="{}")
    assert args.overwrite_mode is OverwriteMode.NO_OVERWRITE


@pytest.mark.parametrize(
    ("source", "unused"),
    [
        ({"tiled_image_json_str": "{}"}, "tiled_image_json_dump_url"),
        ({"tiled_image_json_dump_url": "/t/x.json"}, "tiled_image_json_str"),
    ],
)
def test_init_args_emit_only_the_used_source(source, unused):
    args = ConvertParallelInitArgs(converter_options=ConverterOptions(), **source)
    dumped = args.to_init_args()
    assert unused not in dumped
    assert set(dumped) == {*source, "converter_options", "overwrite_mode"}
    json.dumps(dumped)  # JSON-ready
    assert ConvertParallelInitArgs.model_validate(dumped) == args


# --- converters_tools_models -------------------------------------------------


def test_converters_tools_models_point_at_real_classes():
    package_dir = Path(ome_zarr_converters_tools.__file__).parent
    models = converters_tools_models()
    assert len(models) == len(set(models))
    for package, module_path, class_name in models:
        assert package == "ome_zarr_converters_tools"
        source = package_dir / module_path
        assert source.is_file(), module_path
        tree = ast.parse(source.read_text())
        classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
        assert class_name in classes, (module_path, class_name)


def test_converters_tools_models_cover_the_task_models():
    names = {name for _, _, name in converters_tools_models()}
    required = {
        "AcquisitionOptions",
        "ChannelInfoUI",
        "PixelSizeModel",
        "ConverterOptions",
        "StagePositionCorrections",
        "OmeZarrOptions",
        "FovBasedChunking",
        "FixedSizeChunking",
        "StageOrientation",
        "ChannelInfo",
        "TempJsonOptions",
        "RegexIncludeFilter",
        "RegexExcludeFilter",
        "WellIncludeFilter",
        "WellExcludeFilter",
        "ConvertParallelInitArgs",
    }
    assert required <= names
    assert converters_tools_models()[0] == (
        "ome_zarr_converters_tools",
        "fractal/models.py",
        "AcquisitionOptions",
    )


def test_converters_tools_models_base_argument():
    assert {p for p, _, _ in converters_tools_models(base="vendored")} == {"vendored"}


def test_field_descriptions_do_not_depend_on_import_order():
    # A fresh interpreter that never imports fractal_task_tools (which switches
    # attribute docstrings on globally): every field must still be described.
    code = """
import importlib, json, sys
from ome_zarr_converters_tools.fractal.manifest import converters_tools_models
assert "fractal_task_tools" not in sys.modules
missing = []
for _, path, name in converters_tools_models():
    module = importlib.import_module(
        "ome_zarr_converters_tools." + path[:-3].replace("/", ".")
    )
    cls = getattr(module, name)
    for field_name, field in cls.model_fields.items():
        if not field.description:
            missing.append(f"{name}.{field_name}")
print(json.dumps(missing))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []


def test_channel_info_with_a_colour_outside_the_menu_keeps_it():
    options = AcquisitionOptions(
        channels=[ChannelInfo(channel_label="x", color="#123456")]
    )
    assert options.channels[0].color is ColorMenu.Auto
    updated = options.update_acquisition_details(_base_details())
    assert updated.channels == [ChannelInfo(channel_label="x", color="#123456")]
    assert ColorMenu.from_hexstr("#ff7f50") is ColorMenu.Coral
    assert ColorMenu.from_hexstr("#123456") is None


def test_init_args_of_0_10_with_a_null_source_still_validate():
    payload = {
        "tiled_image_json_dump_url": None,
        "tiled_image_json_str": "{}",
        "converter_options": {},
        "overwrite_mode": "Extend",
    }
    args = ConvertParallelInitArgs.model_validate(payload)
    assert args.overwrite_mode is OverwriteMode.EXTEND
    assert "tiled_image_json_dump_url" not in args.to_init_args()
