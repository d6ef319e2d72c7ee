"""The "In Memory" writer: assemble the whole image, then write it block by block.

The tiles are decoded in parallel on all cores and pasted in region order into
one array the size of the image (peak memory: the image plus the pyramid
blocks in flight). The write itself then reuses the streaming task tree, so
the storage units are encoded in parallel and the pyramid is built from the
array in memory instead of being read back from disk.
"""

from __future__ import annotations

import logging
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.pipelines.writers.base import (
    Box,
    Source,
    SourceRef,
    WritePlan,
    WriteTarget,
    load_tile_task,
    paste_pieces,
)
from ome_zarr_converters_tools.pipelines.writers.tree import (
    default_num_workers,
    run_writer_mode,
)

__all__ = ["load_whole_image", "write_in_memory"]

logger = logging.getLogger(__name__)


def load_whole_image(plan: WritePlan) -> np.ndarray:
    """Decode all tiles in parallel and paste them in region order.

    Args:
        plan: The write plan.

    Returns:
        The level-0 image.
    """
    out = np.zeros(plan.shape, dtype=plan.dtype)
    origin = (0,) * len(plan.shape)
    workers = default_num_workers()
    # Decode at most a few tiles ahead of the in-order paste, so decoded tiles
    # waiting for their turn never add up to a second copy of the image.
    ahead = 2 * workers
    pending: deque[tuple[Box, Future[np.ndarray]]] = deque()
    regions = iter(zip(plan.boxes, plan.loaders, strict=True))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        try:
            while True:
                while len(pending) < ahead:
                    nxt = next(regions, None)
                    if nxt is None:
                        break
                    pending.append((nxt[0], pool.submit(load_tile_task, nxt[1])))
                if not pending:
                    break
                box, future = pending.popleft()
                data = future.result()
                paste_pieces(out, origin, [(box, (data, tuple(b[0] for b in box)))])
        except BaseException:
            for _, future in pending:
                future.cancel()
            raise
    return out


def _whole_image_sources(plan: WritePlan) -> list[SourceRef]:
    """Load the whole image once; every region points at it."""
    whole: Source = (load_whole_image(plan), (0,) * len(plan.shape))
    return [(whole, None)] * len(plan.boxes)


def write_in_memory(
    tiled_image: TiledImage[Any, Any], container: WriteTarget, *, resource: Any | None
) -> None:
    """Write "In Memory": load the whole image, then write level 0 and the pyramid.

    Args:
        tiled_image: The registered tiled image.
        container: Its empty container (or one ngio image level).
        resource: Passed to every image loader.
    """
    run_writer_mode(
        tiled_image,
        container,
        resource=resource,
        description="In Memory",
        sources=_whole_image_sources,
        use_dask_config=False,
    )
