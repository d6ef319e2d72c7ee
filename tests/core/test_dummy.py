import pickle

import numpy as np
import pytest

from ome_zarr_converters_tools.core import (
    TiledImage,
    build_dummy_tile,
    tiled_image_from_tiles,
)
from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails
from ome_zarr_converters_tools.core.collection import SingleImage
from ome_zarr_converters_tools.core.dummy import (
    DummyLoader,
    StartPosition,
    TileShape,
    rasterize_text_with_boundary,
)
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError

DETAILS = AcquisitionDetails(axes=["c", "z", "y", "x"], start_z_coo="pixel")


def test_rasterized_plane_border_background_text():
    plane = rasterize_text_with_boundary(64, 32, "FOV_1")
    assert plane.dtype == np.uint8
    assert plane.shape == (32, 64)
    assert (plane[0] == 255).all()
    assert (plane[-1] == 255).all()
    assert (plane[:, 0] == 255).all()
    assert (plane[:, -1] == 255).all()
    inner = plane[1:-1, 1:-1]
    assert (inner == 1).sum() > inner.size // 2
    assert (inner > 1).any(), "the text must be drawn"
    assert 0 not in plane


def test_keyword_and_positional_calls_agree():
    collection = SingleImage(image_path="img")
    kw = build_dummy_tile(
        fov_name="FOV_1",
        start=StartPosition(x=10, y=20),
        shape=TileShape(x=32, y=16),
        collection=collection,
        acquisition_details=DETAILS,
    )
    positional = build_dummy_tile(
        "FOV_1", StartPosition(x=10, y=20), TileShape(x=32, y=16), collection, DETAILS
    )
    assert kw == positional
    assert kw.start_x == 10
    assert kw.length_y == 16
    assert isinstance(kw.image_loader, DummyLoader)
    assert kw.image_loader.find_data_type() == "uint8"
    with pytest.raises(ConvertersToolsUserError, match="collection"):
        build_dummy_tile(fov_name="F", start=StartPosition(), shape=TileShape())


def test_dummy_image_loads_and_round_trips():
    collection = SingleImage(image_path="img")
    tiles = [
        build_dummy_tile(
            fov_name=f"FOV_{i}",
            start=StartPosition(x=32 * i, z=z),
            shape=TileShape(x=32, y=32),
            collection=collection,
            acquisition_details=DETAILS,
        )
        for i in range(2)
        for z in range(2)
    ]
    (image,) = tiled_image_from_tiles(tiles=tiles)
    assert image.data_type == "uint8"
    data = image.load_data()
    assert data.shape == (1, 2, 32, 64)
    assert data[0, 1, 0, 40] == 255
    rebuilt = TiledImage[SingleImage, DummyLoader].model_validate_json(
        image.model_dump_json()
    )
    assert rebuilt == image
    np.testing.assert_array_equal(rebuilt.load_data(), data)
    loader = pickle.loads(pickle.dumps(tiles[0].image_loader))
    assert loader == tiles[0].image_loader


def test_dummy_loader_without_axes_drops_leading_singletons():
    loader = DummyLoader(shape=TileShape(x=8, y=8, c=2), text="x")
    assert loader.load_data().shape == (2, 1, 8, 8)
    assert DummyLoader(shape=TileShape(x=8, y=4), text="x").load_data().shape == (4, 8)
    strict = DummyLoader(shape=TileShape(x=8, y=8, t=3), text="x", axes=["y", "x"])
    with pytest.raises(ConvertersToolsUserError, match=r"axes \['t'\]"):
        strict.load_data()
