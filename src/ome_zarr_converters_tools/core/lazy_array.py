"""Build a lazy dask array from a `Placement`, one task per region loader.

The dask face of the placement core (`core.assembly`): the same boxes, the
same loaders and the same `paste` as the numpy path and the writers. The graph
is written directly as a `HighLevelGraph` with two layers:

- a *loader* layer with exactly one task per region, so a tile that spans
  several output chunks is still read once;
- an *output* layer with one task per chunk. The regions touching a chunk are
  found by `Placement.by_block` (O(regions x chunks per region) instead of
  O(regions x chunks)). Three cheap cases are special-cased:
  an empty chunk points at one shared `np.full` task per chunk shape, a chunk
  fully covered by one region is a plain `getitem` on that region's array, and
  everything else composites its regions in order (last writer wins).

The graph name is a deterministic token of the geometry **and** of every
loader (`RegionLoader.__dask_tokenize__` serialises the image loader), so two
images of identical geometry but different files never share keys when they
end up in one graph (FEATURES §6 item 1). Loaders stay small so tokenising them
is linear in the number of tiles (§6 item 21).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from typing import Any

import dask.array as da
import numpy as np
from dask.base import tokenize
from dask.highlevelgraph import HighLevelGraph

from ome_zarr_converters_tools.core.assembly import Placement, paste
from ome_zarr_converters_tools.core.errors import ConvertersToolsInternalError
from ome_zarr_converters_tools.core.geometry import Box

__all__ = [
    "ChunksLike",
    "aligned_chunks",
    "lazy_array",
    "normalize_block_sizes",
]

ChunksLike = Sequence[int | Sequence[int]]
"""Per axis: a uniform block size, or the explicit dask-style block sizes."""


def normalize_block_sizes(
    shape: Sequence[int], chunks: ChunksLike | None
) -> tuple[tuple[int, ...], ...]:
    """Turn a chunk specification into explicit block sizes per axis.

    Args:
        shape: Array shape.
        chunks: Uniform size or explicit sizes per axis; `None` means one
            block covering the whole array.

    Returns:
        Dask-style block sizes, one tuple per axis.

    Raises:
        ConvertersToolsInternalError: If `chunks` does not match `shape`.
    """
    shape = tuple(int(n) for n in shape)
    if chunks is None:
        return tuple((n,) for n in shape)
    if len(chunks) != len(shape):
        raise ConvertersToolsInternalError(
            f"Chunks {tuple(chunks)!r} have {len(chunks)} entries but the array "
            f"shape {shape} has {len(shape)} axes."
        )
    blocks: list[tuple[int, ...]] = []
    for size, chunk in zip(shape, chunks, strict=True):
        if isinstance(chunk, int | np.integer):
            step = int(chunk)
            if step <= 0:
                raise ConvertersToolsInternalError(
                    f"Chunk sizes must be positive; got {tuple(chunks)!r} for "
                    f"shape {shape}."
                )
            sizes = tuple(min(step, size - s) for s in range(0, size, step))
            blocks.append(sizes or (0,))
        else:
            explicit = tuple(int(n) for n in chunk)
            if sum(explicit) != size or any(n < 0 for n in explicit):
                raise ConvertersToolsInternalError(
                    f"Explicit block sizes {explicit} must be non-negative and "
                    f"sum to the axis length {size} (shape {shape})."
                )
            blocks.append(explicit)
    return tuple(blocks)


def aligned_chunks(
    start: Sequence[int], shape: Sequence[int], unit: Sequence[int]
) -> tuple[tuple[int, ...], ...]:
    """Block sizes for a region so that block edges fall on a global grid.

    Writers use this to cut a region `[start, start + shape)` of a bigger array
    on the array's write unit (chunk or shard): every block then touches a
    single write unit, so parallel block writes never race on one chunk
    (FEATURES §6 item 2).

    Args:
        start: Region origin in array coordinates.
        shape: Region size.
        unit: Write-unit size per axis (positive).

    Returns:
        Explicit block sizes per axis for `lazy_array`.

    Raises:
        ConvertersToolsInternalError: On mismatched lengths or a non-positive
            unit.
    """
    if not len(start) == len(shape) == len(unit):
        raise ConvertersToolsInternalError(
            f"start {tuple(start)}, shape {tuple(shape)} and unit {tuple(unit)} "
            "must have one entry per axis."
        )
    result: list[tuple[int, ...]] = []
    for axis_start, length, step in zip(start, shape, unit, strict=True):
        if step <= 0:
            raise ConvertersToolsInternalError(
                f"Write units must be positive; got {tuple(unit)}."
            )
        if length <= 0:
            result.append((0,))
            continue
        stop = axis_start + length
        edges = [axis_start]
        edge = (axis_start // step + 1) * step
        while edge < stop:
            edges.append(edge)
            edge += step
        edges.append(stop)
        result.append(tuple(b - a for a, b in itertools.pairwise(edges)))
    return tuple(result)


def _composite(
    chunk_bounds: Box,
    dtype: str,
    fill_value: float,
    *pairs: Any,
) -> np.ndarray:
    """Paste the arrays of several regions into one chunk, in order.

    `pairs` alternates loaded arrays (resolved from graph keys by dask) and
    their boxes (plain tuples, passed through), which keeps the graph flat.
    """
    out = np.full(
        tuple(stop - start for start, stop in chunk_bounds), fill_value, dtype=dtype
    )
    paste(
        out,
        [start for start, _ in chunk_bounds],
        (
            (box, data, [start for start, _ in box])
            for data, box in zip(pairs[::2], pairs[1::2], strict=True)
        ),
    )
    return out


def lazy_array(placement: Placement, *, chunks: ChunksLike | None = None) -> da.Array:
    """Lazy array of a placement; each loader runs at most once per compute.

    Args:
        placement: Shape, dtype, boxes and loaders (later regions win).
        chunks: Uniform or explicit block sizes per axis; one block by default.

    Returns:
        The dask array.

    Raises:
        ConvertersToolsInternalError: If the chunks do not match the shape.
    """
    shape = placement.shape
    dtype_str = placement.dtype.str
    fill_value = placement.fill_value
    blocks = normalize_block_sizes(shape, chunks)
    starts: list[list[int]] = [
        [0, *itertools.accumulate(axis_blocks)][:-1] for axis_blocks in blocks
    ]
    n_blocks = [len(axis_blocks) for axis_blocks in blocks]
    all_bounds = placement.boxes
    loaders = placement.loaders

    token = tokenize(shape, blocks, dtype_str, fill_value, all_bounds, loaders)
    load_name = f"ozct-load-{token}"
    out_name = f"ozct-regions-{token}"
    fill_name = f"ozct-fill-{token}"

    load_layer: dict[Any, Any] = {
        (load_name, index): (loader,) for index, loader in enumerate(loaders)
    }
    chunk_to_regions = placement.by_block(starts)

    out_layer: dict[Any, Any] = {}
    for chunk_index in itertools.product(*(range(n) for n in n_blocks)):
        chunk_bounds = tuple(
            (starts[axis][i], starts[axis][i] + blocks[axis][i])
            for axis, i in enumerate(chunk_index)
        )
        chunk_shape = tuple(stop - start for start, stop in chunk_bounds)
        key = (out_name, *chunk_index)
        members = chunk_to_regions.get(chunk_index)
        if not members:
            fill_key = (fill_name, *chunk_shape)
            if fill_key not in out_layer:
                out_layer[fill_key] = (np.full, chunk_shape, fill_value, dtype_str)
            out_layer[key] = fill_key
            continue
        last = all_bounds[members[-1]]
        if all(
            r_start <= c_start and c_stop <= r_stop
            for (c_start, c_stop), (r_start, r_stop) in zip(
                chunk_bounds, last, strict=True
            )
        ):
            # The last region covers the whole chunk and wins everywhere, so
            # earlier regions are not needed for it at all.
            src = tuple(
                slice(c_start - r_start, c_stop - r_start)
                for (c_start, c_stop), (r_start, _) in zip(
                    chunk_bounds, last, strict=True
                )
            )
            out_layer[key] = (
                np.asarray,
                (operator.getitem, (load_name, members[-1]), src),
                dtype_str,
            )
            continue
        flat: list[Any] = []
        for member in members:
            flat.extend(((load_name, member), all_bounds[member]))
        out_layer[key] = (_composite, chunk_bounds, dtype_str, fill_value, *flat)

    graph = HighLevelGraph(
        layers={load_name: load_layer, out_name: out_layer},
        dependencies={load_name: set(), out_name: {load_name}},
    )
    return da.Array(
        graph,
        out_name,
        blocks,
        dtype=np.dtype(dtype_str),
        meta=np.empty((0,) * len(shape), dtype=dtype_str),
    )
