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
        # Strided adds into one wide buffer: about 4x faster than a reshaped
        # `sum(axis=...)`, which walks the 2x2 windows element by element.
        wide = np.uint64 if block.dtype.itemsize == 4 else np.uint32
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
