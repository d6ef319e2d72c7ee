"""The task tree that writes level 0 and, from memory, every pyramid level.

Level 0 is cut into *nodes* of one write unit (`pyramid.node_boxes`). A
level-0 node task pastes the regions overlapping it in region order (last
writer wins), writes the unit once and returns it downsampled; a level-k node
task pastes its at most `2 x 2` children, writes itself and feeds its parent.
The regions overlapping a node come from the placement core
(`Placement.by_block`) and are pasted with its `paste`, like every other path
that places pixels. The tasks are dask `Delayed` objects of small picklable
arguments, so the same tree runs on a local thread pool (the "threads" modes)
or on the scheduler the job chose, `RuntimeSettings.job()` (the "dask"
modes); `modes.py` says which mode loads what and runs where. Outside ngio's exact
block-wise envelope (see `pyramid`) only level 0 is in the tree and ngio
builds the levels afterwards.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import dask
import dask.threaded
import numpy as np
from dask.callbacks import Callback
from dask.delayed import Delayed, delayed
from ngio import Image

from ome_zarr_converters_tools.core.assembly import paste
from ome_zarr_converters_tools.core.geometry import Box, box_slices
from ome_zarr_converters_tools.core.ngio_compat import consolidate_image
from ome_zarr_converters_tools.core.progress import Progress
from ome_zarr_converters_tools.core.region_loader import default_num_workers
from ome_zarr_converters_tools.models.runtime import job_dask_options
from ome_zarr_converters_tools.pipelines.writers.base import (
    SourceRef,
    WritePlan,
    WriteTarget,
    release_free_memory,
)
from ome_zarr_converters_tools.pipelines.writers.pyramid import (
    Factors,
    downsample,
    morton_key,
    pyramid_factors,
    streamable,
)
from ome_zarr_converters_tools.pipelines.writers.store import UnitWriter

__all__ = [
    "build_write_tree",
    "run_write_tree",
    "write_level0_node",
    "write_parent_node",
]

logger = logging.getLogger(__name__)


def write_level0_node(
    box: Box,
    piece_boxes: Sequence[Box],
    piece_refs: Sequence[tuple[int, int | None]],
    sources: Sequence[Any],
    writer: UnitWriter,
    factors: Factors | None,
) -> np.ndarray | None:
    """Assemble one level-0 node from its pieces, write it, return its child.

    Args:
        box: The node box.
        piece_boxes: Boxes of the regions overlapping the node, region order.
        piece_refs: Per piece, the position of its source in `sources` and,
            when that source is a list (a FOV group), the position inside it.
        sources: The loaded sources the pieces refer to.
        writer: Writes the level-0 array.
        factors: Factors to the next level, or `None` at the top.

    Returns:
        The node downsampled for its parent, or `None` at the top.
    """
    out = np.zeros([stop - start for start, stop in box], dtype=writer.array.dtype)
    pieces = []
    for piece_box, (at, sub) in zip(piece_boxes, piece_refs, strict=True):
        data, origin = sources[at] if sub is None else sources[at][sub]
        pieces.append((piece_box, data, origin))
    paste(out, [start for start, _ in box], pieces)
    del pieces
    writer.write(box, out)
    child = None if factors is None else downsample(out, factors)
    del out
    release_free_memory()
    return child


def write_parent_node(
    box: Box,
    child_boxes: Sequence[Box],
    children: Sequence[np.ndarray | None],
    writer: UnitWriter,
    factors: Factors | None,
) -> np.ndarray | None:
    """Assemble a level-k node from its downsampled children and write it.

    Args:
        box: The node box in level-k pixels.
        child_boxes: Where each child lands, in level-k pixels.
        children: The downsampled children.
        writer: Writes the level-k array.
        factors: Factors to the next level, or `None` at the top.

    Returns:
        The node downsampled for its parent, or `None` at the top.
    """
    origin = tuple(start for start, _ in box)
    out = np.zeros([stop - start for start, stop in box], dtype=writer.array.dtype)
    for child_box, child in zip(child_boxes, children, strict=True):
        if child is not None:
            out[box_slices(child_box, origin)] = child
    writer.write(box, out)
    result = None if factors is None else downsample(out, factors)
    del out
    release_free_memory()
    return result


class _Static:
    """Task arguments that hold no dask object, kept out of dask's sight.

    `delayed(f)(*args)` walks every argument, recursively, looking for dask
    objects; the boxes of a node (tuples of tuples) made that walk most of the
    time spent building the tree (0.15 s of Python, under the GIL, for 32
    nodes). Wrapped in this plain object they are passed through untouched.
    """

    __slots__ = ("values",)

    def __init__(self, *values: Any) -> None:
        self.values = values


def _level0_task(static: _Static, sources: Sequence[Any]) -> np.ndarray | None:
    """`write_level0_node` with its plain arguments unwrapped."""
    box, piece_boxes, piece_refs, writer, factors = static.values
    return write_level0_node(box, piece_boxes, piece_refs, sources, writer, factors)


def _parent_task(
    static: _Static, children: Sequence[np.ndarray | None]
) -> np.ndarray | None:
    """`write_parent_node` with its plain arguments unwrapped."""
    box, child_boxes, writer, factors = static.values
    return write_parent_node(box, child_boxes, children, writer, factors)


def _pieces_for(
    regions: Sequence[int], plan: WritePlan, region_sources: Sequence[SourceRef]
) -> tuple[list[Box], list[tuple[int, int | None]], list[Any]]:
    """Boxes of `regions` (region order) with deduplicated sources."""
    boxes: list[Box] = []
    refs: list[tuple[int, int | None]] = []
    sources: list[Any] = []
    positions: dict[int, int] = {}
    for number in regions:
        source, sub = region_sources[number]
        at = positions.setdefault(id(source), len(sources))
        if at == len(sources):
            sources.append(source)
        boxes.append(plan.placement.boxes[number])
        refs.append((at, sub))
    return boxes, refs, sources


def build_write_tree(
    plan: WritePlan, region_sources: Sequence[SourceRef], *, with_pyramid: bool
) -> tuple[list[Delayed], str, int]:
    """Build the dask tasks writing level 0 (and the pyramid when `with_pyramid`).

    Args:
        plan: The write plan.
        region_sources: Per region, `(source, position)`: a `Delayed` loading
            a tile (position `None`) or a FOV group (position of the region in
            the group), or an already loaded `(array, origin)` pair.
        with_pyramid: Also build levels 1..n in the tree (requires the
            streamable envelope).

    Returns:
        The root tasks (computing them writes everything), the key prefix of
        the level-0 node tasks and their number (for progress reports).
    """
    token = uuid.uuid4().hex[:12]
    shapes = [tuple(array.shape) for array in plan.arrays]
    factors = pyramid_factors(shapes) if with_pyramid else None
    n_levels = len(shapes) if factors is not None else 1
    writers = [UnitWriter(array) for array in plan.arrays]
    level0 = delayed(_level0_task, pure=False)
    parent_fn = delayed(_parent_task, pure=False)

    current: dict[tuple[int, ...], tuple[Box, Delayed]] = {}
    by_node = plan.placement.by_block(
        [range(0, size, node) for size, node in zip(shapes[0], plan.unit, strict=True)]
    )
    prefix = f"ozct-write-{token}-0-"
    n_nodes = len(by_node)
    edge = factors[0] if factors is not None and n_levels > 1 else None
    for index in sorted(by_node, key=lambda index: (index[:-2], morton_key(index))):
        # Nodes no region covers are skipped: the fill value is already right.
        box = tuple(
            (i * node, min((i + 1) * node, size))
            for i, node, size in zip(index, plan.unit, shapes[0], strict=True)
        )
        piece_boxes, piece_refs, sources = _pieces_for(
            by_node[index], plan, region_sources
        )
        current[index] = (
            box,
            level0(
                _Static(box, piece_boxes, piece_refs, writers[0], edge),
                sources,
                dask_key_name=f"{prefix}{'.'.join(map(str, index))}",
            ),
        )

    for level in range(1, n_levels):
        edge_in = factors[level - 1] if factors is not None else ()
        grouped: dict[tuple[int, ...], list[tuple[Box, Delayed]]] = {}
        for box, task in current.values():
            child_box = tuple(
                (start // f, stop // f)
                for (start, stop), f in zip(box, edge_in, strict=True)
            )
            parent_index = tuple(
                start // node
                for (start, _), node in zip(child_box, plan.unit, strict=True)
            )
            grouped.setdefault(parent_index, []).append((child_box, task))
        edge_out = (
            factors[level] if factors is not None and level < n_levels - 1 else None
        )
        shape = shapes[level]
        nxt: dict[tuple[int, ...], tuple[Box, Delayed]] = {}
        for parent_index in sorted(
            grouped, key=lambda index: (index[:-2], morton_key(index))
        ):
            children = grouped[parent_index]
            parent_box = tuple(
                (i * node, min((i + 1) * node, size))
                for i, node, size in zip(parent_index, plan.unit, shape, strict=True)
            )
            nxt[parent_index] = (
                parent_box,
                parent_fn(
                    _Static(
                        parent_box,
                        [child_box for child_box, _ in children],
                        writers[level],
                        edge_out,
                    ),
                    [task for _, task in children],
                    dask_key_name=(
                        f"ozct-write-{token}-{level}-{'.'.join(map(str, parent_index))}"
                    ),
                ),
            )
        current = nxt
    return [task for _, task in current.values()], prefix, n_nodes


class _NodeProgress(Callback):
    """Count finished level-0 node tasks of one write (local dask schedulers).

    The key prefix carries a per-write token, so concurrent writes in other
    threads never advance this bar.
    """

    def __init__(self, progress: Progress, prefix: str) -> None:
        super().__init__()
        self._progress = progress
        self._prefix = prefix

    def _posttask(
        self, key: Any, result: Any, dsk: Any, state: Any, worker_id: Any
    ) -> None:
        if isinstance(key, str) and key.startswith(self._prefix):
            self._progress.update()


def run_write_tree(
    plan: WritePlan,
    container: WriteTarget,
    region_sources: Sequence[SourceRef],
    *,
    use_dask_config: bool,
) -> None:
    """Write level 0 and every pyramid level, streaming where exact.

    Args:
        plan: The write plan.
        container: The container being written (for the ngio fallback).
        region_sources: Per region, its source (see `build_write_tree`).
        use_dask_config: `True` runs the tasks on the dask scheduler of the
            running job (`RuntimeSettings.job()`, else the caller's dask
            configuration); `False` uses a local thread pool over all cores.
    """
    shapes = [tuple(array.shape) for array in plan.arrays]
    factors = pyramid_factors(shapes)
    exact_tree = factors is not None and streamable(shapes, factors, plan.unit)
    roots, prefix, n_nodes = build_write_tree(
        plan, region_sources, with_pyramid=exact_tree
    )
    with (
        Progress(
            n_nodes,
            description=f"Writing {plan.image_path} (units)",
            log=logger,
        ) as progress,
        _NodeProgress(progress, prefix),
    ):
        _compute_and_drain(roots, use_dask_config=use_dask_config)
    if len(shapes) > 1 and not exact_tree:
        logger.info(
            "Image %s: level shapes %s are outside the exact block-wise envelope; "
            "building the pyramid with ngio consolidate(mode='auto').",
            plan.image_path,
            shapes,
        )
        image = container if isinstance(container, Image) else container.get_image()
        consolidate_image(image)


def _compute_and_drain(roots: Sequence[Delayed], *, use_dask_config: bool) -> None:
    """Run the task tree; on failure, stop every write before raising.

    dask's threaded scheduler raises as soon as one task fails while the tasks
    already running go on writing chunks in the background. A caller that
    inspects or rewrites the image after the error (Extend after an
    interrupted conversion) must see a store that no longer changes, so thread
    runs use a pool of their own that is drained, and its queue cancelled,
    before the error propagates.
    """
    # The job's own scheduler choice (RuntimeSettings.job()), passed to dask
    # explicitly: process-wide dask configuration is shared by every thread.
    options = job_dask_options() if use_dask_config else {"scheduler": "threads"}
    scheduler = options.get("scheduler")
    if scheduler not in (None, "threads", "threading"):
        dask.compute(*roots, **options)
        return
    configured = options.get("num_workers")
    workers = configured if isinstance(configured, int) and configured > 0 else None
    with ThreadPoolExecutor(max_workers=workers or default_num_workers()) as pool:
        # The threaded scheduler as a function: `scheduler="threads"` makes
        # dask look for a distributed client first, which imports
        # `distributed` when it is installed (0.25 s per process).
        threaded = functools.partial(dask.threaded.get, pool=pool)
        try:
            dask.compute(*roots, scheduler=threaded)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
