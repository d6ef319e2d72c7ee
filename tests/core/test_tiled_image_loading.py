"""Both load methods of images and FOV groups share one layout and one check."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles
from ome_zarr_converters_tools.core.errors import ConvertersToolsInternalError


def test_empty_image_loads_fail_naming_the_image(make_tile: Any) -> None:
    (image,) = tiled_image_from_tiles(tiles=[make_tile()])
    empty = image.model_copy(update={"regions": []})
    expected = rf"Image {empty.path!r} has no regions"
    with pytest.raises(ConvertersToolsInternalError, match=expected):
        empty.load_data()
    with pytest.raises(ConvertersToolsInternalError, match=expected):
        empty.load_data_dask()


def test_empty_fov_group_loads_fail_naming_the_fov(make_tile: Any) -> None:
    (image,) = tiled_image_from_tiles(tiles=[make_tile("F9")])
    (group,) = image.group_by_fov()
    empty = group.model_copy(update={"regions": []})
    expected = r"FOV group 'F9' has no regions"
    with pytest.raises(ConvertersToolsInternalError, match=expected):
        empty.load_data()
    with pytest.raises(ConvertersToolsInternalError, match=expected):
        empty.load_data_dask()


def test_eager_and_lazy_loads_agree(make_tile: Any) -> None:
    tiles = [make_tile("A", x=0.0, value=2), make_tile("B", x=4.0, value=5)]
    (image,) = tiled_image_from_tiles(tiles=tiles)
    eager = image.load_data()
    np.testing.assert_array_equal(
        image.load_data_dask(chunks=(1, 1, 2, 2)).compute(scheduler="sync"), eager
    )
    assert eager.shape == image.shape()
    for group in image.group_by_fov():
        np.testing.assert_array_equal(
            group.load_data_dask().compute(scheduler="sync"), group.load_data()
        )
