"""Block-wise pyramid maths agrees with ngio's whole-array zoom."""

from __future__ import annotations

import numpy as np
import pytest
from ngio.common._zoom import numpy_zoom

from ome_zarr_converters_tools.pipelines.writers import pyramid
from ome_zarr_converters_tools.pipelines.writers.pyramid import (
    downsample,
    node_boxes,
    pyramid_factors,
    streamable,
)


@pytest.mark.parametrize("dtype", ["uint8", "uint16", "uint32", "int16", "float32"])
@pytest.mark.parametrize("factors", [(1, 2, 2), (1, 2, 1), (1, 1, 2), (1, 3, 2)])
def test_downsample_equals_ngio_numpy_zoom(
    dtype: str, factors: tuple[int, int, int]
) -> None:
    rng = np.random.default_rng(0)
    shape = (3, 12 * factors[1], 10 * factors[2])
    if np.dtype(dtype).kind in "ui":
        info = np.iinfo(dtype)
        block = rng.integers(info.min, info.max, size=shape, endpoint=True)
        block = block.astype(dtype)
    else:
        block = (rng.standard_normal(shape) * 100).astype(dtype)
    target = tuple(s // f for s, f in zip(shape, factors, strict=True))
    expected = numpy_zoom(block, target_shape=target, order="linear")
    got = downsample(block, factors)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("dtype", ["uint8", "uint16", "uint32"])
@pytest.mark.parametrize("shape", [(22, 16), (2, 3, 46, 8), (1, 6, 2)])
def test_downsample_in_row_slabs_equals_numpy_zoom(
    dtype: str, shape: tuple[int, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Slabs of a few rows: several per plane, the last one shorter, so every
    # slab boundary and the reuse of the wide buffers are exercised.
    monkeypatch.setattr(
        pyramid, "_SLAB_BYTES", 3 * shape[-1] * np.dtype(dtype).itemsize
    )
    rng = np.random.default_rng(1)
    info = np.iinfo(dtype)
    big = rng.integers(
        info.min, info.max, size=(*shape[:-1], 2 * shape[-1]), endpoint=True
    )
    block = big.astype(dtype)[..., ::2]  # a strided view, not a contiguous block
    factors = (1,) * (len(shape) - 2) + (2, 2)
    target = tuple(s // f for s, f in zip(shape, factors, strict=True))
    expected = numpy_zoom(block, target_shape=target, order="linear")
    got = downsample(block, factors)
    assert got.dtype == expected.dtype
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def test_downsample_by_one_returns_the_block() -> None:
    block = np.arange(12, dtype="uint16").reshape(3, 4)
    assert downsample(block, (1, 1)) is block


def test_pyramid_factors_follow_ngio_integral_rule() -> None:
    assert pyramid_factors([(2, 8, 12), (2, 4, 6), (2, 2, 3)]) == [(1, 2, 2)] * 2
    assert pyramid_factors([(2, 6, 3), (2, 3, 1)]) == [(1, 2, 3)]
    assert pyramid_factors([(9, 13), (4, 6)]) is None
    assert pyramid_factors([(8, 8)]) == []


def test_streamable_needs_node_sizes_divisible_by_factors() -> None:
    shapes = [(48, 84), (24, 42)]
    factors = [(2, 2)]
    assert streamable(shapes, factors, (8, 14))
    assert not streamable(shapes, factors, (7, 14))
    # A single node on the axis never straddles.
    assert streamable(shapes, factors, (49, 85))


def test_node_boxes_tile_the_level_exactly() -> None:
    shape = (2, 10, 13)
    boxes = node_boxes(shape, (1, 4, 5))
    covered = np.zeros(shape, dtype=int)
    for _, box in boxes:
        covered[tuple(slice(a, b) for a, b in box)] += 1
    assert (covered == 1).all()
    # z outermost, then a Z-order walk of the (y, x) nodes.
    assert [index for index, _ in boxes[:4]] == [
        (0, 0, 0),
        (0, 0, 1),
        (0, 1, 0),
        (0, 1, 1),
    ]
