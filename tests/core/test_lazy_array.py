import dask
import numpy as np
import pytest

from ome_zarr_converters_tools.core.assembly import Placement
from ome_zarr_converters_tools.core.errors import ConvertersToolsInternalError
from ome_zarr_converters_tools.core.lazy_array import (
    aligned_chunks,
    lazy_array,
    normalize_block_sizes,
)
from ome_zarr_converters_tools.core.region_loader import RegionLoader


class CountingLoader:
    def __init__(self, value, shape):
        self.value = value
        self.shape = shape
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return np.arange(np.prod(self.shape)).reshape(self.shape) + self.value

    def __dask_tokenize__(self):
        return ("CountingLoader", self.value, self.shape)


def placement(regs, shape=(8, 10), dtype="uint16", fill_value=0):
    boxes, loaders = zip(*regs, strict=True)
    return Placement(
        shape=shape,
        dtype=np.dtype(dtype),
        boxes=boxes,
        loaders=loaders,
        fill_value=fill_value,
    )


def paste_regions(regs, **kwargs):
    return placement(regs, **kwargs).load(workers=1)


def lazy_array_from_regions(regs, chunks=None, **kwargs):
    return lazy_array(placement(regs, **kwargs), chunks=chunks)


def regions():
    return [
        (((0, 4), (0, 4)), CountingLoader(0, (4, 4))),
        (((2, 6), (3, 7)), CountingLoader(100, (4, 4))),
        (((0, 1), (9, 10)), CountingLoader(200, (1, 1))),
    ]


@pytest.mark.parametrize(
    "chunks", [None, (3, 3), (1, 1), ((2, 6), (5, 5)), (8, 10), (5, 4)]
)
def test_dask_equals_numpy(chunks):
    expected = paste_regions(regions(), shape=(8, 10), dtype="uint16")
    lazy = lazy_array_from_regions(
        regions(), shape=(8, 10), chunks=chunks, dtype="uint16"
    )
    assert lazy.dtype == np.uint16
    computed = lazy.compute(scheduler="sync")
    np.testing.assert_array_equal(computed, expected)
    assert computed.dtype == np.uint16


def test_each_loader_runs_once_even_across_chunks():
    regs = regions()
    lazy = lazy_array_from_regions(regs, shape=(8, 10), chunks=(1, 1), dtype="uint16")
    lazy.compute(scheduler="sync")
    assert [loader.calls for _, loader in regs] == [1, 1, 1]


def test_empty_chunks_share_one_fill_task():
    lazy = lazy_array_from_regions(
        [(((0, 2), (0, 2)), CountingLoader(1, (2, 2)))],
        shape=(20, 20),
        chunks=(2, 2),
        fill_value=5,
        dtype="uint8",
    )
    graph = dict(lazy.__dask_graph__())
    fill_tasks = [key for key in graph if "fill" in str(key[0])]
    assert len(fill_tasks) == 1
    out = lazy.compute(scheduler="sync")
    assert out[0, 0] == 1
    assert (out[2:, :] == 5).all()


def test_graph_keys_differ_for_different_loaders(loader_cls):
    def build(value):
        loader = RegionLoader(
            loader_cls(value=value, shape=[2, 2]),
            axes=["y", "x"],
            expected_shape=(2, 2),
        )
        return lazy_array_from_regions([(((0, 2), (0, 2)), loader)], shape=(2, 2))

    a, b, a2 = build(1), build(2), build(1)
    assert a.name != b.name
    assert a.name == a2.name
    both = dask.compute(a, b, scheduler="sync")
    assert both[0][0, 0] == 1
    assert both[1][0, 0] == 2


def test_bad_bounds_and_chunks():
    with pytest.raises(ConvertersToolsInternalError, match="do not fit"):
        lazy_array_from_regions([(((0, 3),), CountingLoader(0, (3,)))], shape=(2,))
    with pytest.raises(ConvertersToolsInternalError, match="sum to"):
        normalize_block_sizes((4,), ((1, 2),))
    with pytest.raises(ConvertersToolsInternalError, match="entries"):
        normalize_block_sizes((4, 4), (2,))


def test_aligned_chunks_cut_on_global_grid():
    assert aligned_chunks((5, 0), (20, 7), (8, 4)) == ((3, 8, 8, 1), (4, 3))
    assert aligned_chunks((0,), (0,), (4,)) == ((0,),)
    with pytest.raises(ConvertersToolsInternalError):
        aligned_chunks((0,), (4,), (0,))


def test_slicing_culls_and_threaded_scheduler_agrees():
    expected = paste_regions(regions(), shape=(8, 10), dtype="uint16")
    regs = regions()
    lazy = lazy_array_from_regions(regs, shape=(8, 10), chunks=(2, 2), dtype="uint16")
    np.testing.assert_array_equal(
        lazy[0:2, 8:10].compute(scheduler="sync"), expected[0:2, 8:10]
    )
    # only the loader overlapping the selected block ran
    assert [loader.calls for _, loader in regs] == [0, 0, 1]
    np.testing.assert_array_equal(lazy.compute(scheduler="threads"), expected)
