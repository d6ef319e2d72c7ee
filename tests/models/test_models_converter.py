import json

import pytest
from pydantic import ValidationError

from _api_lines import ON_0_10, per_line
from ome_zarr_converters_tools.models import (
    AutoTiling,
    ConverterOptions,
    InplaceTiling,
    MosaicGrouping,
    NoTiling,
    OmeZarrOptions,
    PerFovGrouping,
    RuntimeSettings,
    SnapToGridTiling,
    StagePositionCorrections,
    WriterMode,
)


def test_defaults():
    options = ConverterOptions()
    assert options.writer_mode is WriterMode.BY_FOV
    assert isinstance(options.tiling_strategy, AutoTiling)
    assert options.stage_position_corrections == StagePositionCorrections()
    assert options.omezarr_options == OmeZarrOptions()
    assert options.runtime_settings == RuntimeSettings()
    assert options.split_per_fov is False
    assert list(options.model_dump()) == [
        "writer_mode",
        per_line(v0_10="tiling_strategy", v1="grouping"),
        "stage_position_corrections",
        "omezarr_options",
        "runtime_settings",
    ]


def test_no_tiling_splits_per_fov():
    options = ConverterOptions(tiling_strategy=NoTiling())
    assert options.split_per_fov is True
    assert isinstance(options.grouping, PerFovGrouping)


def test_grouping_alias_mosaic():
    options = ConverterOptions(
        grouping=MosaicGrouping(tiling_strategy=SnapToGridTiling(tolerance=2))
    )
    assert options.tiling_strategy == SnapToGridTiling(tolerance=2)
    assert options.split_per_fov is False
    assert options.grouping == MosaicGrouping(
        tiling_strategy=SnapToGridTiling(tolerance=2)
    )
    # The dump uses the line's name: 1.x dumps the grouping it was given.
    dumped = options.model_dump(mode="json")
    if ON_0_10:
        assert "grouping" not in dumped
        assert dumped["tiling_strategy"]["mode"] == "Snap to Grid"
    else:
        assert "tiling_strategy" not in dumped
        assert dumped["grouping"]["mode"] == "Mosaic"
        assert dumped["grouping"]["tiling_strategy"]["mode"] == "Snap to Grid"


def test_grouping_alias_per_fov():
    options = ConverterOptions(grouping=PerFovGrouping())
    assert isinstance(options.tiling_strategy, NoTiling)
    assert options.split_per_fov is True


@pytest.mark.parametrize(
    ("grouping", "tiling"),
    [
        ({"mode": "Per-FOV"}, NoTiling()),
        ({"mode": "Mosaic"}, AutoTiling()),
        (
            {"mode": "Mosaic", "tiling_strategy": {"mode": "Inplace"}},
            InplaceTiling(),
        ),
    ],
)
def test_grouping_alias_from_json(grouping, tiling):
    options = ConverterOptions.model_validate_json(json.dumps({"grouping": grouping}))
    assert options.tiling_strategy == tiling


@pytest.mark.parametrize(
    "data",
    [
        {"grouping": {"mode": "Per-FOV"}, "tiling_strategy": {"mode": "Auto"}},
        {"grouping": {"mode": "Sideways"}},
        {"grouping": "mosaic"},
        {"grouping": {"mode": "Per-FOV", "tiling_strategy": {"mode": "Auto"}}},
        {"writer_mode": "By Pixel"},
        {"tiling": {"mode": "Auto"}},
    ],
)
def test_invalid(data):
    with pytest.raises(ValidationError):
        ConverterOptions.model_validate(data)


def test_full_1x_payload_round_trips_into_the_line_form():
    payload = {
        "writer_mode": "By Tile (Using Dask)",
        "grouping": {"mode": "Mosaic", "tiling_strategy": {"mode": "Snap to Corners"}},
        "stage_position_corrections": {
            "remove_xy_offset": "Global",
            "remove_z_offset": "Per-FOV",
            "remove_t_offset": "Keep",
            "remove_xy_jitter": True,
            "reindex_channels": True,
        },
        "omezarr_options": {
            "levels": {"mode": "Number of Levels", "num_levels": 3},
            "chunks": {"mode": "Fixed Size", "xy_chunk": 256},
            "shards": {"mode": "Multiple of Chunks", "xy_factor": 2},
            "ngff_version": "0.5",
            "table_backend": "csv",
        },
        "runtime_settings": {"dask_scheduler": {"mode": "Threads", "num_workers": 2}},
    }
    options = ConverterOptions.model_validate(payload)
    dumped = json.loads(options.model_dump_json())
    if ON_0_10:
        assert dumped["tiling_strategy"] == {"mode": "Snap to Corners"}
        assert dumped["stage_position_corrections"]["align_xy"] is True
        assert dumped["omezarr_options"]["num_levels"] == 3
    else:  # the payload's own spelling
        assert dumped["grouping"] == payload["grouping"]
        corrections = dumped["stage_position_corrections"]
        assert corrections == payload["stage_position_corrections"]
        levels = dumped["omezarr_options"]["levels"]
        assert levels == payload["omezarr_options"]["levels"]
    assert dumped["runtime_settings"]["dask_scheduler"] == {
        per_line(v0_10="type", v1="mode"): "Threads",
        "num_workers": 2,
    }
    again = ConverterOptions.model_validate(dumped)
    assert again == options
    assert again.omezarr_options.shard_shape(["y", "x"], [256, 256]) == (512, 512)


def test_010_payload_validates():
    payload = {
        "writer_mode": "In Memory",
        "tiling_strategy": {"mode": "No Tiling"},
        "stage_position_corrections": {"align_xy": True},
        "omezarr_options": {"num_levels": 2, "ngff_version": "0.5"},
        "runtime_settings": {"dask_scheduler": {"type": "Processes"}},
    }
    options = ConverterOptions.model_validate(payload)
    assert options.split_per_fov is True
    assert options.omezarr_options.level_paths() == ["0", "1"]


def test_schema_uses_the_line_names():
    schema = ConverterOptions.model_json_schema()
    assert list(schema["properties"]) == [
        "writer_mode",
        per_line(v0_10="tiling_strategy", v1="grouping"),
        "stage_position_corrections",
        "omezarr_options",
        "runtime_settings",
    ]
    assert schema["additionalProperties"] is False


def test_input_dict_not_mutated():
    data = {"grouping": {"mode": "Per-FOV"}}
    ConverterOptions.model_validate(data)
    assert data == {"grouping": {"mode": "Per-FOV"}}
