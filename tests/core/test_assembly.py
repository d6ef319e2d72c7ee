import pickle

import numpy as np
import pytest
from dask.base import tokenize

from ome_zarr_converters_tools.core.assembly import Placement, paste
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.core.region_loader import (
    RegionLoader,
    describe_tile,
    load_region_data,
)


def const(value, shape):
    def load():
        return np.full(shape, value, dtype="uint8")

    return load


def placement(regions, **kwargs):
    boxes, loaders = zip(*regions, strict=True) if regions else ((), ())
    return Placement(boxes=boxes, loaders=loaders, **kwargs)


def test_load_last_writer_wins_and_fill():
    regions = [
        (((0, 2), (0, 3)), const(1, (2, 3))),
        (((1, 3), (2, 4)), const(2, (2, 2))),
    ]
    plan = placement(regions, shape=(4, 5), dtype=np.dtype("uint16"), fill_value=7)
    out = plan.load(workers=1)
    assert plan.source_nbytes == 2 * (6 + 4)
    expected = np.array(
        [
            [1, 1, 1, 7, 7],
            [1, 1, 2, 2, 7],
            [7, 7, 2, 2, 7],
            [7, 7, 7, 7, 7],
        ],
        dtype="uint16",
    )
    np.testing.assert_array_equal(out, expected)
    assert out.dtype == np.uint16
    np.testing.assert_array_equal(plan.load(workers=3), expected)


def test_paste_copies_only_the_overlap_in_order():
    out = np.zeros((2, 4), dtype="uint8")
    data = np.arange(16, dtype="uint8").reshape(4, 4)
    # The piece covers rows 1..5 / columns 0..4 of a larger array; `out` holds
    # rows 2..4 / columns 1..5 of it. The second piece wins where they meet.
    paste(
        out,
        (2, 1),
        [
            (((1, 5), (0, 4)), data, (1, 0)),
            (((3, 4), (3, 5)), np.full((1, 2), 99), (3, 3)),
        ],
    )
    np.testing.assert_array_equal(out, [[5, 6, 7, 0], [9, 10, 99, 99]])


def test_by_block_lists_regions_per_block_in_order():
    regions = [
        (((0, 4), (0, 4)), const(1, (4, 4))),
        (((3, 6), (5, 6)), const(2, (3, 1))),
        (((2, 2), (0, 1)), const(3, (0, 1))),  # empty: in no block
    ]
    plan = placement(regions, shape=(6, 6), dtype=np.dtype("uint8"))
    assert plan.by_block([range(0, 6, 3), range(0, 6, 3)]) == {
        (0, 0): [0],
        (0, 1): [0],
        (1, 0): [0],
        (1, 1): [0, 1],
    }


def test_out_of_bounds_is_internal_error():
    with pytest.raises(ConvertersToolsInternalError, match="do not fit"):
        placement([(((0, 5),), const(1, (5,)))], shape=(4,), dtype=np.dtype("uint8"))


def test_load_region_data_pads_and_checks(loader_cls):
    loader = loader_cls(value=3, shape=[2, 3])
    data = load_region_data(loader, axes=["c", "z", "y", "x"])
    assert data.shape == (1, 1, 2, 3)
    with pytest.raises(ConvertersToolsUserError, match=r"3 axes.*only 2 axes"):
        load_region_data(loader_cls(value=1, shape=[1, 2, 3]), axes=["y", "x"])
    with pytest.raises(ConvertersToolsUserError) as info:
        load_region_data(
            loader,
            axes=["y", "x"],
            fov_name="F9",
            image_path="P.zarr/A/01/0",
            expected_shape=(2, 4),
        )
    message = str(info.value)
    assert "'F9'" in message
    assert "array-3.npy" in message
    assert "P.zarr/A/01/0" in message
    assert "(2, 3)" in message
    assert "(2, 4)" in message


def test_describe_tile_uses_describe_source():
    loader = DefaultImageLoader(file_path="/data/a.tif")
    assert describe_tile("F", loader) == "tile 'F' (source: /data/a.tif)"


def test_region_loader_pickles_and_tokenizes_by_loader_identity(tmp_path):
    paths = []
    for value in (1, 2):
        path = tmp_path / f"t{value}.npy"
        np.save(path, np.full((2, 2), value, dtype="uint8"))
        paths.append(str(path))

    def region_loader(path):
        return RegionLoader(
            DefaultImageLoader(file_path=path), axes=["y", "x"], expected_shape=(2, 2)
        )

    a, b, a2 = region_loader(paths[0]), region_loader(paths[1]), region_loader(paths[0])
    assert tokenize(a) == tokenize(a2)
    assert tokenize(a) != tokenize(b)
    clone = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(clone(), a())
    assert clone()[0, 0] == 1
    assert "RegionLoader" in repr(a)
