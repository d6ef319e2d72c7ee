"""The two non-dask streaming writers: "By Tile" and "By FOV".

Both cut level 0 on the write grid (`pyramid.run_write_tree`) and run the
tasks on a local thread pool over all cores; they differ in what is loaded as
one unit. "By Tile" loads single tiles, so a node holds only the tiles that
overlap it (the lowest memory). "By FOV" loads a whole FOV group (all its z
planes, channels and time points) as one unit, which reads each FOV's files
together. Either way every storage unit is written once, by one thread.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from dask.delayed import delayed

from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.pipelines.writers.base import (
    SourceRef,
    WritePlan,
    WriteTarget,
    load_group_task,
    load_tile_source,
)
from ome_zarr_converters_tools.pipelines.writers.tree import run_writer_mode

__all__ = ["fov_sources", "tile_sources", "write_by_fov", "write_by_tile"]

logger = logging.getLogger(__name__)


def tile_sources(plan: WritePlan) -> list[SourceRef]:
    """One lazy load per region (a tile is loaded once, shared by its nodes).

    Args:
        plan: The write plan.

    Returns:
        Per region, the task loading it.
    """
    load = delayed(load_tile_source, pure=False)
    token = uuid.uuid4().hex[:12]
    return [
        (load(loader, box, dask_key_name=f"ozct-tile-{token}-{index}"), None)
        for index, (loader, box) in enumerate(
            zip(plan.loaders, plan.boxes, strict=True)
        )
    ]


def fov_sources(plan: WritePlan) -> list[SourceRef]:
    """One lazy load per FOV group and storage slab; regions point at their load.

    A FOV group is split by the write unit along the non-planar axes (t, c,
    z): the tiles of one FOV that fall in the same unit slab are read
    together, which is all one node needs. Loading the whole FOV (every
    channel and z block) at once would hold data the running node does not
    use, doubling the memory in flight for a two-channel image.

    Args:
        plan: The write plan.

    Returns:
        Per region, the task loading its FOV part and its position in it.
    """
    load = delayed(load_group_task, pure=False)
    token = uuid.uuid4().hex[:12]
    sources: list[SourceRef] = [(None, None)] * len(plan.boxes)
    planar = len(plan.unit) - 2
    for number, indices in enumerate(plan.groups):
        parts: dict[tuple[int, ...], list[int]] = {}
        for index in indices:
            box = plan.boxes[index]
            slab = tuple(
                start // unit
                for (start, _), unit in zip(
                    box[:planar], plan.unit[:planar], strict=True
                )
            )
            parts.setdefault(slab, []).append(index)
        for slab, members in parts.items():
            task = load(
                [plan.loaders[i] for i in members],
                [plan.boxes[i] for i in members],
                dask_key_name=(f"ozct-fov-{token}-{number}-{'.'.join(map(str, slab))}"),
            )
            for position, index in enumerate(members):
                sources[index] = (task, position)
    return sources


def write_by_tile(
    tiled_image: TiledImage[Any, Any], container: WriteTarget, *, resource: Any | None
) -> None:
    """Write "By Tile": load tile by tile, write each unit once.

    Args:
        tiled_image: The registered tiled image.
        container: Its empty container (or one ngio image level).
        resource: Passed to every image loader.
    """
    run_writer_mode(
        tiled_image,
        container,
        resource=resource,
        description="By Tile",
        sources=tile_sources,
        use_dask_config=False,
    )


def write_by_fov(
    tiled_image: TiledImage[Any, Any], container: WriteTarget, *, resource: Any | None
) -> None:
    """Write "By FOV": load FOV group by FOV group, write each storage unit once.

    Args:
        tiled_image: The registered tiled image.
        container: Its empty container (or one ngio image level).
        resource: Passed to every image loader.
    """
    run_writer_mode(
        tiled_image,
        container,
        resource=resource,
        description="By FOV",
        sources=fov_sources,
        use_dask_config=False,
        count_fovs=True,
    )
