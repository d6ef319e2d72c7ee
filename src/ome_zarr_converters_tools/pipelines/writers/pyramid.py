"""Pyramid maths: level factors, the exact block-wise envelope, block downsampling.

Parity target: ngio's `Image.consolidate(mode="auto")` (what the published
1.1.1 calls), linear order, each level built from the previous one, x/y halved
and z/c/t unchanged. Inside ngio's "integral downsample" envelope (every level
shape divides the previous one exactly) a level-k pixel depends only on the
`f x f` level-(k-1) pixels above it, so a pyramid computed on blocks aligned to
the factors is byte-identical to the whole-array one; `tree.py` streams the
pyramid on such blocks (*nodes* of one write unit). Outside the envelope (an
odd size somewhere, or a write unit not divisible by the factor) ngio's result
depends on its own dask block grid, so the levels are left to ngio.

The per-block zoom is ngio's own `numpy_zoom` (a private helper, reached
through `core.ngio_compat`, for exact parity), with a vectorised fast path for
unsigned integers whose result the tests pin to `numpy_zoom`.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ome_zarr_converters_tools.core.geometry import Box
from ome_zarr_converters_tools.core.ngio_compat import numpy_zoom

__all__ = [
    "Factors",
    "downsample",
    "morton_key",
    "node_boxes",
    "pyramid_factors",
    "streamable",
]

logger = logging.getLogger(__name__)

Factors = tuple[int, ...]
"""Integer downsampling factor per axis between two consecutive levels."""


def pyramid_factors(shapes: Sequence[Sequence[int]]) -> list[Factors] | None:
    """Factors between consecutive levels, or `None` outside ngio's envelope.

    Mirrors ngio's `_is_integral_downsample`: every target size must divide
    its source size exactly.

    Args:
        shapes: Level shapes, level 0 first.

    Returns:
        One factor tuple per level edge, or `None` if any edge is not integral.
    """
    factors: list[Factors] = []
    for source, target in itertools.pairwise(shapes):
        if not all(
            t >= 1 and s >= t and s % t == 0
            for s, t in zip(source, target, strict=True)
        ):
            return None
        factors.append(tuple(s // t for s, t in zip(source, target, strict=True)))
    return factors


def streamable(
    shapes: Sequence[Sequence[int]], factors: Sequence[Factors], unit: Sequence[int]
) -> bool:
    """Whether node boundaries land on factor boundaries at every level.

    An axis split into several nodes needs a node size divisible by the factor,
    else a target pixel would straddle two nodes.

    Args:
        shapes: Level shapes, level 0 first.
        factors: Factors per edge (from `pyramid_factors`).
        unit: Node size per axis (the level-0 write unit).

    Returns:
        `True` when the tree of nodes reproduces the whole-array pyramid.
    """
    for shape, edge in zip(shapes, factors, strict=False):
        for size, node, factor in zip(shape, unit, edge, strict=True):
            if math.ceil(size / node) > 1 and node % factor != 0:
                return False
    return True


def downsample(block: np.ndarray, factors: Sequence[int]) -> np.ndarray:
    """Downsample one block exactly as ngio's linear `numpy_zoom` would.

    Args:
        block: The block; every size must be divisible by its factor.
        factors: Integer factor per axis.

    Returns:
        The downsampled block, same dtype.
    """
    factors = tuple(int(f) for f in factors)
    if all(f == 1 for f in factors):
        return block
    target = tuple(s // f for s, f in zip(block.shape, factors, strict=True))
    fy, fx = factors[-2], factors[-1]
    if (
        block.dtype.kind == "u"
        and block.dtype.itemsize <= 4
        and all(f == 1 for f in factors[:-2])
        and fy in (1, 2)
        and fx in (1, 2)
    ):
        # Linear zoom by exactly 2 samples at the midpoint of each pair, so the
        # result is the mean of the fy*fx inputs, rounded half up (scipy adds
        # 0.5 and truncates for unsigned output).
        wide = np.uint64 if block.dtype.itemsize == 4 else np.uint32
        if fy == fx == 2:
            return _mean_2x2(block, wide)
        # Strided adds into one wide buffer: about 4x faster than a reshaped
        # `sum(axis=...)`, which walks the 2x2 windows element by element.
        total: npt.NDArray[np.unsignedinteger[Any]] = block[..., ::fy, ::fx].astype(
            wide
        )
        for dy, dx in itertools.product(range(fy), range(fx)):
            if dy or dx:
                np.add(total, block[..., dy::fy, dx::fx], out=total)
        count = fy * fx
        np.add(total, count // 2, out=total)
        # count is 1, 2 or 4: a shift, far cheaper than an integer division.
        np.right_shift(total, count.bit_length() - 1, out=total)
        return total.astype(block.dtype)
    return numpy_zoom(block, target_shape=target, order="linear")


_SLAB_BYTES = 1 << 19
"""Source bytes `_mean_2x2` reduces at a time: with its two wide buffers, about
1.5 MiB stays in a core's L2 cache (measured fastest at 0.5 to 1 MiB)."""


def _mean_2x2(block: np.ndarray, wide: type[np.unsignedinteger[Any]]) -> np.ndarray:
    """Mean of every 2 x 2 window in y and x, rounded half up, in row slabs.

    Adding the two rows of each pair first reads contiguous memory (the row
    sums are then paired along x), and working on slabs of a few hundred rows
    keeps the wide intermediates in cache: 2.4 times faster than four strided
    adds over the whole block, and the same integers.
    """
    height, width = block.shape[-2:]
    planes = block.reshape(-1, height, width)
    result = np.empty((planes.shape[0], height // 2, width // 2), dtype=block.dtype)
    rows = max(2, _SLAB_BYTES // max(1, width * block.itemsize) // 2 * 2)
    pairs = np.empty((rows // 2, width), dtype=wide)
    sums = np.empty((rows // 2, width // 2), dtype=wide)
    for plane, out in zip(planes, result, strict=True):
        for top in range(0, height, rows):
            slab = plane[top : top + rows]
            n = slab.shape[0] // 2
            np.add(slab[0::2], slab[1::2], out=pairs[:n], dtype=wide)
            np.add(pairs[:n, 0::2], pairs[:n, 1::2], out=sums[:n])
            np.add(sums[:n], 2, out=sums[:n])
            np.right_shift(sums[:n], 2, out=sums[:n])
            out[top // 2 : top // 2 + n] = sums[:n]
    return result.reshape(*block.shape[:-2], height // 2, width // 2)


def morton_key(index: Sequence[int]) -> int:
    """Interleave the bits of the last two indices (y, x) for a Z-order walk."""
    y, x = index[-2], index[-1]
    key = 0
    for bit in range(32):
        key |= ((y >> bit) & 1) << (2 * bit + 1)
        key |= ((x >> bit) & 1) << (2 * bit)
    return key


def node_boxes(
    shape: Sequence[int], unit: Sequence[int]
) -> list[tuple[tuple[int, ...], Box]]:
    """All nodes of one level: grid index and box, in a pyramid-friendly order.

    Non-planar indices vary slowest; within a plane the nodes follow a Z-order
    curve so that the children of a parent complete close together and its
    buffer is released early.

    Args:
        shape: The level shape.
        unit: Node size per axis.

    Returns:
        `(index, box)` pairs.
    """
    counts = [math.ceil(size / node) for size, node in zip(shape, unit, strict=True)]
    indices = sorted(
        itertools.product(*(range(count) for count in counts)),
        key=lambda index: (index[:-2], morton_key(index)),
    )
    return [
        (
            index,
            tuple(
                (i * node, min((i + 1) * node, size))
                for i, node, size in zip(index, unit, shape, strict=True)
            ),
        )
        for index in indices
    ]
