"""Tests of core/aggregation.py (file named uniquely across the test tree)."""

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from ome_zarr_converters_tools.core import tiled_image_from_tiles
from ome_zarr_converters_tools.core.collection import ImageInPlate, SingleImage
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.loaders import ImageLoaderInterface

PROBES: dict[str, int] = {}


class ProbeLoader(ImageLoaderInterface):
    """Loader whose dtype probes are counted in PROBES."""

    dtype: str

    def load_data(self, resource: Any | None = None) -> np.ndarray:
        return np.zeros((4, 4), dtype=self.dtype)

    def find_data_type(self, resource: Any | None = None) -> str:
        PROBES[self.dtype] = PROBES.get(self.dtype, 0) + 1
        return self.dtype


def test_groups_by_path_in_first_seen_order(make_tile):
    c1 = ImageInPlate(plate_name="P", row="A", column=1)
    c2 = ImageInPlate(plate_name="P", row="B", column=2)
    tiles = [
        make_tile("F1", collection=c2),
        make_tile("F1", collection=c1),
        make_tile("F2", x=4.0, collection=c2),
    ]
    images = tiled_image_from_tiles(tiles=tiles)
    assert [i.path for i in images] == ["P.zarr/B/02/0", "P.zarr/A/01/0"]
    assert [len(i.regions) for i in images] == [2, 1]
    assert all(i.translation is None for i in images)
    assert images[0].collection == c2
    assert images[0].collection is not c2


def test_per_fov_split_copies_shared_collection(make_tile):
    shared = ImageInPlate(plate_name="P", row="A", column=1, acquisition=1)
    tiles = [
        make_tile("FOV0", x=10.0, y=20.0, collection=shared),
        make_tile("FOV1", x=30.0, y=5.0, collection=shared),
        make_tile("FOV0", x=10.0, y=20.0, z=1.0, collection=shared),
    ]
    before = [t.model_dump() for t in tiles]
    images = tiled_image_from_tiles(tiles=tiles, split_per_fov=True)
    assert [i.path for i in images] == ["P.zarr/A/01/1_FOV0", "P.zarr/A/01/1_FOV1"]
    assert [i.collection.path() for i in images] == [i.path for i in images]
    assert shared.suffix == ""
    assert shared.path() == "P.zarr/A/01/1"
    assert [t.model_dump() for t in tiles] == before
    # axes c, z, y, x -> per-axis minimum original origin
    assert images[0].translation == [0.0, 0.0, 20.0, 10.0]
    assert images[1].translation == [0.0, 0.0, 5.0, 30.0]


def test_single_image_split_paths(make_tile):
    tiles = [
        make_tile("FOV_1", collection=SingleImage(image_path="scan")),
        make_tile("FOV_2", collection=SingleImage(image_path="scan")),
    ]
    images = tiled_image_from_tiles(tiles=tiles, split_per_fov=True)
    assert [i.path for i in images] == ["scan_FOV_1.zarr", "scan_FOV_2.zarr"]


def test_dtype_decided_per_image_with_one_probe_each(make_tile, make_details):
    PROBES.clear()
    details = make_details(data_type="autodetect")
    c1 = ImageInPlate(plate_name="P", row="A", column=1)
    c2 = ImageInPlate(plate_name="P", row="A", column=2)
    tiles = []
    for collection, dtype in ((c1, "uint8"), (c2, "uint16")):
        for x in (0.0, 4.0):
            tile = make_tile("F", x=x, collection=collection, details=details)
            tiles.append(
                tile.model_copy(update={"image_loader": ProbeLoader(dtype=dtype)})
            )
    images = tiled_image_from_tiles(tiles=tiles)
    assert [i.data_type for i in images] == ["uint8", "uint16"]
    assert PROBES == {"uint8": 1, "uint16": 1}


def test_attributes_from_first_tile_are_copied(make_tile):
    first = make_tile("F1", attributes={"drug": ["A"]})
    second = make_tile("F2", x=4.0, attributes={"drug": ["B"]})
    (image,) = tiled_image_from_tiles(tiles=[first, second])
    assert image.attributes == {"drug": ["A"]}
    image.attributes["drug"].append("C")
    assert first.attributes == {"drug": ["A"]}


def test_converter_options_duck_typed(make_tile):
    tiles = [make_tile("F1"), make_tile("F2", x=4.0)]
    split = SimpleNamespace(split_per_fov=True)
    mosaic = SimpleNamespace(split_per_fov=False)
    legacy = SimpleNamespace(tiling_strategy=SimpleNamespace(split_per_fov=True))
    assert len(tiled_image_from_tiles(tiles=tiles, converter_options=split)) == 2
    assert len(tiled_image_from_tiles(tiles=tiles, converter_options=mosaic)) == 1
    assert len(tiled_image_from_tiles(tiles=tiles, converter_options=legacy)) == 2
    assert len(tiled_image_from_tiles(tiles=tiles)) == 1
    with pytest.raises(ConvertersToolsUserError, match="pass only one"):
        tiled_image_from_tiles(
            tiles=tiles, converter_options=split, split_per_fov=False
        )
    with pytest.raises(ConvertersToolsUserError, match="split_per_fov"):
        tiled_image_from_tiles(tiles=tiles, converter_options=object())


def test_real_converter_options_if_available(make_tile):
    converter = pytest.importorskip("ome_zarr_converters_tools.models.converter")
    tiling = pytest.importorskip("ome_zarr_converters_tools.models.tiling")
    tiles = [make_tile("F1"), make_tile("F2", x=4.0)]
    per_fov = converter.ConverterOptions(tiling_strategy=tiling.NoTiling())
    assert len(tiled_image_from_tiles(tiles=tiles, converter_options=per_fov)) == 2
    default = converter.ConverterOptions()
    assert len(tiled_image_from_tiles(tiles=tiles, converter_options=default)) == 1


def test_empty_input_mentions_filters():
    with pytest.raises(ConvertersToolsUserError, match="filters"):
        tiled_image_from_tiles(tiles=[])


def test_accepts_any_iterable(make_tile):
    images = tiled_image_from_tiles(tiles=(t for t in [make_tile()]))
    assert len(images) == 1


def test_mismatched_tile_in_one_image_fails(make_tile, make_details):
    tiles = [make_tile("F1"), make_tile("F2", details=make_details(pixelsize=2.0))]
    with pytest.raises(ConvertersToolsUserError, match=r"pixelsize is 2\.0"):
        tiled_image_from_tiles(tiles=tiles)
