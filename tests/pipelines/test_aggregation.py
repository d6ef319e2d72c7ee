"""tiles_aggregation_pipeline: filters, grouping into images, validators."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails
from ome_zarr_converters_tools.core.collection import ImageInPlate, SingleImage
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.loaders import ImageLoaderInterface
from ome_zarr_converters_tools.core.tile import Tile
from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.tiling import NoTiling
from ome_zarr_converters_tools.pipelines.aggregation import tiles_aggregation_pipeline
from ome_zarr_converters_tools.pipelines.filters import (
    FovNameFilter,
    RegexIncludeFilter,
    WellExcludeFilter,
    WellFilter,
)
from ome_zarr_converters_tools.pipelines.validators import ShapeDtypeProbeValidator


class ArrayLoader(ImageLoaderInterface):
    """In-memory loader with a fixed shape and dtype; counts nothing, reads no file."""

    label: str = "mem://tile"
    shape: tuple[int, ...] = (4, 4)
    dtype: str = "uint8"

    def load_data(self, resource: Any | None = None) -> np.ndarray:
        return np.zeros(self.shape, dtype=self.dtype)

    def describe_source(self, resource: Any | None = None) -> str:
        return self.label


def _tile(
    fov: str,
    *,
    row: str = "A",
    column: int = 1,
    dtype: str = "uint8",
    shape: tuple[int, ...] = (4, 4),
    start_x: float = 0.0,
    image_path: str | None = None,
) -> Tile[Any, Any]:
    collection: ImageInPlate | SingleImage = (
        ImageInPlate(plate_name="P", row=row, column=column)
        if image_path is None
        else SingleImage(image_path=image_path)
    )
    return Tile(
        fov_name=fov,
        start_x=start_x,
        start_y=0.0,
        length_x=4,
        length_y=4,
        collection=collection,
        image_loader=ArrayLoader(label=f"/data/{fov}.tif", shape=shape, dtype=dtype),
        acquisition_details=AcquisitionDetails(axes=["c", "z", "y", "x"]),
    )


@pytest.fixture
def tiles() -> list[Tile[Any, Any]]:
    return [
        _tile("FOV_1", row="A", start_x=0.0),
        _tile("FOV_2", row="A", start_x=4.0),
        _tile("FOV_1", row="B"),
        _tile("FOV_3", row="C"),
    ]


def _paths(images):
    return [image.path for image in images]


def test_without_filters_every_tile_is_grouped_per_image(tiles):
    images = tiles_aggregation_pipeline(tiles, converter_options=ConverterOptions())
    assert _paths(images) == ["P.zarr/A/01/0", "P.zarr/B/01/0", "P.zarr/C/01/0"]
    assert [len(image.regions) for image in images] == [2, 1, 1]


def test_filters_run_before_grouping(tiles):
    images = tiles_aggregation_pipeline(
        tiles,
        converter_options=ConverterOptions(),
        filters=[WellExcludeFilter(wells_to_remove=["C01"]), FovNameFilter(regex="1")],
    )
    assert _paths(images) == ["P.zarr/A/01/0", "P.zarr/B/01/0"]
    assert [len(image.regions) for image in images] == [1, 1]


def test_seed_filter_spelling(tiles):
    images = tiles_aggregation_pipeline(
        tiles,
        converter_options=ConverterOptions(),
        filters=[RegexIncludeFilter(field="fov_name", pattern="FOV_[12]")],
    )
    assert _paths(images) == ["P.zarr/A/01/0", "P.zarr/B/01/0"]


def test_0_10_filter_dicts_are_accepted(tiles):
    images = tiles_aggregation_pipeline(
        tiles,
        converter_options=ConverterOptions(),
        filters=[{"name": "Well Include Filter", "wells_to_include": ["B01"]}],
    )
    assert _paths(images) == ["P.zarr/B/01/0"]


def test_per_fov_split_follows_the_converter_options(tiles):
    images = tiles_aggregation_pipeline(
        tiles,
        converter_options=ConverterOptions(tiling_strategy=NoTiling()),
        filters=[WellFilter(wells=["A01"])],
    )
    assert _paths(images) == ["P.zarr/A/01/0_FOV_1", "P.zarr/A/01/0_FOV_2"]


def test_inputs_are_not_modified(tiles):
    before = [tile.model_dump() for tile in tiles]
    snapshot = list(tiles)
    tiles_aggregation_pipeline(
        tiles,
        converter_options=ConverterOptions(tiling_strategy=NoTiling()),
        filters=[WellFilter(wells=["A01"])],
    )
    assert tiles == snapshot
    assert [tile.model_dump() for tile in tiles] == before


def test_everything_filtered_names_each_filter_and_its_count(tiles):
    filters = [
        WellFilter(wells=["A01", "B01"]),
        FovNameFilter(regex="FOV_1", mode="Exclude"),
        RegexIncludeFilter(regex="never"),
    ]
    with pytest.raises(ConvertersToolsUserError) as info:
        tiles_aggregation_pipeline(
            tiles, converter_options=ConverterOptions(), filters=filters
        )
    message = str(info.value)
    assert "removed all 4 tile(s)" in message
    assert "'Well Filter' (mode='Include', wells=['A01', 'B01']) removed 1 of 4" in (
        message
    )
    assert "'FOV Name Filter' (mode='Exclude', regex='FOV_1') removed 2 of 3" in (
        message
    )
    assert "'Path Regex Include Filter' (regex='never') removed 1 of 1" in message


def test_empty_input_without_filters_is_a_user_error():
    with pytest.raises(ConvertersToolsUserError, match="No tiles"):
        tiles_aggregation_pipeline([], converter_options=ConverterOptions())


def test_empty_input_with_filters_is_a_user_error():
    with pytest.raises(ConvertersToolsUserError, match="No tiles"):
        tiles_aggregation_pipeline(
            [], converter_options=ConverterOptions(), filters=[WellFilter(wells=[])]
        )


def test_dtype_is_decided_per_image_not_by_the_first_tile():
    """FEATURES §6 item 12: 0.10 gave every image the dtype of tiles[0]."""
    tiles = [
        _tile("FOV_1", row="A", dtype="uint8"),
        _tile("FOV_1", row="B", dtype="uint16"),
    ]
    images = tiles_aggregation_pipeline(tiles, converter_options=ConverterOptions())
    assert [image.data_type for image in images] == ["uint8", "uint16"]
    # ... and the probe agrees with what the loaders return.
    tiles_aggregation_pipeline(
        tiles,
        converter_options=ConverterOptions(),
        validators=[ShapeDtypeProbeValidator()],
    )


def test_validators_run_on_the_aggregated_images(tiles):
    bad = [*tiles, _tile("FOV_9", row="D", shape=(5, 4))]
    with pytest.raises(ConvertersToolsUserError) as info:
        tiles_aggregation_pipeline(
            bad,
            converter_options=ConverterOptions(),
            validators=[ShapeDtypeProbeValidator()],
        )
    assert "P.zarr/D/01/0" in str(info.value)
    assert "/data/FOV_9.tif" in str(info.value)


def test_0_10_validator_step_dicts(tiles):
    images = tiles_aggregation_pipeline(
        tiles,
        converter_options=ConverterOptions(),
        validators=[{"name": "Shape and Dtype Probe", "params": {}}],
    )
    assert len(images) == 3


def test_filter_errors_propagate_with_context():
    tiles = [_tile("FOV_1", image_path="single")]
    with pytest.raises(ConvertersToolsUserError, match="SingleImage"):
        tiles_aggregation_pipeline(
            tiles,
            converter_options=ConverterOptions(),
            filters=[WellFilter(wells=["A01"])],
        )


def test_resource_reaches_the_validators(tiles, monkeypatch):
    from ome_zarr_converters_tools.pipelines import validators as room
    from ome_zarr_converters_tools.pipelines.validators import (
        ValidatorModel,
        add_validator,
    )

    registry = room._VALIDATORS
    monkeypatch.setattr(registry, "_items", dict(registry._items))
    seen = []

    class Record(ValidatorModel):
        name: str = "record resource"

    def record(tiled_image, validator_params, resource=None):
        seen.append((tiled_image.path, resource))

    add_validator(function=record, name="record resource")
    tiles_aggregation_pipeline(
        tiles[:1],
        converter_options=ConverterOptions(),
        validators=[Record()],
        resource="/acquisition",
    )
    assert seen == [("P.zarr/A/01/0", "/acquisition")]


def test_tiles_may_be_any_iterable(tiles):
    images = tiles_aggregation_pipeline(
        iter(tiles),
        converter_options=ConverterOptions(),
        filters=[WellFilter(wells=["C01"])],
    )
    assert _paths(images) == ["P.zarr/C/01/0"]
