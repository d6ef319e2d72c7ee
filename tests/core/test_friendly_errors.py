"""Where people slip: misspelt columns, loose enum values, colour names, table files.

Each error is a library error (never a bare `ValueError`) and names the fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import tifffile
from pydantic import ValidationError

from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ChannelInfo,
    ConverterOptions,
    ConvertersToolsError,
    ConvertersToolsUserError,
    ConvertersToolsWarning,
    OverwriteMode,
    WriterMode,
    setup_images_for_conversion,
    tiles_aggregation_pipeline,
)
from ome_zarr_converters_tools.core import hcs_images_from_dataframe
from ome_zarr_converters_tools.models import OmeZarrOptions

ROW: dict[str, Any] = {
    "file_path": "a.tif",
    "row": "A",
    "column": 1,
    "fov_name": "FOV_1",
    "start_x": 0.0,
    "start_y": 0.0,
    "length_x": 16,
    "length_y": 16,
}


def _tiles(table: pd.DataFrame) -> list[Any]:
    return hcs_images_from_dataframe(
        tiles_table=table, acquisition_details=AcquisitionDetails(pixelsize=0.5)
    )


def test_misspelt_required_column_gets_did_you_mean() -> None:
    table = pd.DataFrame([ROW]).rename(columns={"length_x": "lenght_x"})
    with pytest.raises(ConvertersToolsUserError) as info:
        _tiles(table)
    assert "['length_x']" in str(info.value)
    assert "did you mean 'length_x'?" in str(info.value)


def test_misspelt_optional_column_warns_with_did_you_mean() -> None:
    table = pd.DataFrame([{**ROW, "strat_z": 2.0}])
    with pytest.warns(ConvertersToolsWarning, match="did you mean 'start_z'"):
        tiles = _tiles(table)
    assert tiles[0].attributes == {"strat_z": [2.0]}


def test_ordinary_attribute_columns_do_not_warn() -> None:
    _tiles(pd.DataFrame([{**ROW, "drug": "DMSO", "start_time": 3}]))


def test_table_errors_name_the_csv_file(tmp_path: Path) -> None:
    csv = tmp_path / "tiles.csv"
    pd.DataFrame([{**ROW, "column": 0}]).to_csv(csv, index=False)
    table = pd.read_csv(csv)
    table.attrs["source"] = str(csv)
    with pytest.raises(ConvertersToolsUserError, match=r"tiles\.csv") as info:
        _tiles(table)
    assert "row 0" in str(info.value)


@pytest.mark.parametrize(
    ("text", "member"),
    [
        ("overwrite", OverwriteMode.OVERWRITE),
        ("OVERWRITE", OverwriteMode.OVERWRITE),
        ("no_overwrite", OverwriteMode.NO_OVERWRITE),
        ("no overwrite", OverwriteMode.NO_OVERWRITE),
        ("extend", OverwriteMode.EXTEND),
    ],
)
def test_overwrite_mode_matches_loosely(text: str, member: OverwriteMode) -> None:
    assert OverwriteMode(text) is member


@pytest.mark.parametrize(
    ("text", "member"),
    [
        ("by fov", WriterMode.BY_FOV),
        ("BY_TILE_DASK", WriterMode.BY_TILE_DASK),
        ("by fov (using dask)", WriterMode.BY_FOV_DASK),
        ("in_memory", WriterMode.IN_MEMORY),
    ],
)
def test_writer_mode_matches_loosely_also_in_options(
    text: str, member: WriterMode
) -> None:
    assert WriterMode(text) is member
    assert ConverterOptions(writer_mode=text).writer_mode is member


def test_unknown_enum_value_is_a_library_error_listing_values() -> None:
    with pytest.raises(ConvertersToolsUserError) as info:
        OverwriteMode("replace")
    assert "'No Overwrite', 'Overwrite', 'Extend'" in str(info.value)
    with pytest.raises(ValidationError, match="'By Tile'"):
        ConverterOptions(writer_mode="fast")


def test_setup_accepts_a_lowercase_overwrite_mode(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    tifffile.imwrite(data / "a.tif", np.zeros((16, 16), dtype=np.uint16))
    options = ConverterOptions(omezarr_options=OmeZarrOptions(num_levels=1))
    images = tiles_aggregation_pipeline(
        _tiles(pd.DataFrame([ROW])), converter_options=options, resource=str(data)
    )
    out = tmp_path / "out"
    for _ in range(2):  # the second run replaces the first
        entries = setup_images_for_conversion(
            images,
            zarr_dir=str(out),
            collection_type="ImageInPlate",
            converter_options=options,
            overwrite_mode="overwrite",  # type: ignore[arg-type]
        )
    assert entries[0]["init_args"]["overwrite_mode"] is OverwriteMode.OVERWRITE
    with pytest.raises(ConvertersToolsError, match="'Extend'"):
        setup_images_for_conversion(
            images,
            zarr_dir=str(out),
            collection_type="ImageInPlate",
            converter_options=options,
            overwrite_mode="replace",  # type: ignore[arg-type]
        )


@pytest.mark.parametrize(
    ("given", "stored"),
    [("magenta", "#FF00FF"), ("Grey", "#808080"), (" #00ff00 ", "#00ff00")],
)
def test_channel_colour_accepts_names(given: str, stored: str) -> None:
    assert ChannelInfo(channel_label="x", color=given).color == stored


def test_channel_colour_error_says_rrggbb_not_a_regex() -> None:
    with pytest.raises(ValidationError) as info:
        ChannelInfo(channel_label="x", color="bluish")
    message = str(info.value)
    assert "'#RRGGBB'" in message
    assert "^#" not in message
    assert "magenta" in message


def test_channel_colour_schema_keeps_the_pattern() -> None:
    schema = ChannelInfo.model_json_schema()["properties"]["color"]
    patterns = [item.get("pattern") for item in schema.get("anyOf", [schema])]
    assert r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$" in patterns
