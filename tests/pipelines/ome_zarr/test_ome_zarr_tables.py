"""Condition tables of images and plates, and the EXTEND merge."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from _zarr_factories import make_image, plate_collection

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.pipelines.ome_zarr.tables import (
    build_condition_frame,
    build_plate_condition_frame,
    merge_condition_frames,
)


def _plate_image(
    folder: Path, attributes: dict[str, list[Any]], **collection: Any
) -> TiledImage[Any, Any]:
    return make_image(
        folder,
        collection=plate_collection(**collection),
        fovs=[("FOV_1", 0.0, 0.0)],
        attributes=attributes,
    )


def test_image_condition_frame() -> None:
    frame = build_condition_frame({"drug": ["DMSO", None]}, image="img.zarr")

    assert frame is not None
    assert frame.to_dict(as_series=False) == {"drug": ["DMSO", None]}
    assert build_condition_frame({}, image="img.zarr") is None


def test_image_condition_frame_rejects_unequal_lists() -> None:
    with pytest.raises(ConvertersToolsUserError, match=r"'img\.zarr'") as info:
        build_condition_frame({"a": [1], "b": [1, 2]}, image="img.zarr")
    assert "{'a': 1, 'b': 2}" in str(info.value)


def test_plate_condition_frame_rows_per_value(tiles_dir: Path) -> None:
    images = [
        _plate_image(tiles_dir, {"drug": ["DMSO"], "dose": [0]}),
        _plate_image(tiles_dir, {"drug": ["A", "B"], "dose": [1, 2]}, column=2),
        _plate_image(tiles_dir, {}, column=3),
    ]

    frame = build_plate_condition_frame(images)

    assert frame is not None
    assert frame.columns == [
        "row",
        "column",
        "acquisition",
        "path_in_well",
        "drug",
        "dose",
    ]
    assert frame.rows() == [
        ("A", 1, 0, "0", "DMSO", 0),
        ("A", 2, 0, "0", "A", 1),
        ("A", 2, 0, "0", "B", 2),
    ]


def test_plate_condition_frame_without_attributes(tiles_dir: Path) -> None:
    assert build_plate_condition_frame([_plate_image(tiles_dir, {})]) is None


def test_plate_condition_frame_rejects_different_keys(tiles_dir: Path) -> None:
    images = [
        _plate_image(tiles_dir, {"drug": ["DMSO"]}),
        _plate_image(tiles_dir, {"dose": [1]}, column=2),
    ]

    with pytest.raises(ConvertersToolsUserError, match="same attributes") as info:
        build_plate_condition_frame(images)

    assert "P.zarr/A/01/0" in str(info.value)
    assert "P.zarr/A/02/0" in str(info.value)


def test_plate_condition_frame_rejects_reserved_names(tiles_dir: Path) -> None:
    with pytest.raises(ConvertersToolsUserError, match="'row'"):
        build_plate_condition_frame([_plate_image(tiles_dir, {"row": ["x"]})])


def test_merge_keeps_existing_rows_and_restores_types() -> None:
    existing = pl.DataFrame(
        {
            "row": ["A"],
            "column": [1],
            "acquisition": [0],
            "path_in_well": [0],  # what a CSV round trip gives back
            "drug": ["DMSO"],
        }
    )
    new = pl.DataFrame(
        {
            "row": ["B"],
            "column": [2],
            "acquisition": [1],
            "path_in_well": ["1_FOV_1"],
            "drug": ["X"],
        }
    )

    merged = merge_condition_frames(existing, new, plate="P.zarr")

    assert merged.rows() == [("A", 1, 0, "0", "DMSO"), ("B", 2, 1, "1_FOV_1", "X")]


def test_merge_rejects_other_columns() -> None:
    existing = pl.DataFrame({"row": ["A"], "drug": ["x"]})
    new = pl.DataFrame({"row": ["B"], "dose": [1]})

    with pytest.raises(ConvertersToolsUserError, match=r"'P\.zarr'"):
        merge_condition_frames(existing, new, plate="P.zarr")
