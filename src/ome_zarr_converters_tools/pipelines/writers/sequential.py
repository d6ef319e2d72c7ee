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
from ngio import OmeZarrContainer

from ome_zarr_converters_tools.pipelines.writers.base import (
    WritePlan,
    build_write_plan,
    load_group_task,
    load_tile_source,
    log_timing,
)
from ome_zarr_converters_tools.pipelines.writers.pyramid import run_write_tree

__all__ = ["fov_sources", "tile_sources", "write_by_fov", "write_by_tile"]

logger = logging.getLogger(__name__)


def tile_sources(plan: WritePlan) -> list[Any]:
    """One lazy load per region (a tile is loaded once, shared by its nodes).

    Args:
        plan: The write plan.

    Returns:
        Per region, the task loading it.
    """
    load = delayed(load_tile_source, pure=False)
    token = uuid.uuid4().hex[:12]
    return [
        load(loader, box, dask_key_name=f"ozct-tile-{token}-{index}")
        for index, (loader, box) in enumerate(
            zip(plan.loaders, plan.boxes, strict=True)
        )
    ]


def fov_sources(plan: WritePlan) -> list[Any]:
    """One lazy load per FOV group; each region points at its group's load.

    Args:
        plan: The write plan.

    Returns:
        Per region, the task loading its FOV group.
    """
    load = delayed(load_group_task, pure=False)
    token = uuid.uuid4().hex[:12]
    sources: list[Any] = [None] * len(plan.boxes)
    for number, indices in enumerate(plan.groups):
        task = load(
            [plan.loaders[i] for i in indices],
            [plan.boxes[i] for i in indices],
            plan.dtype,
            dask_key_name=f"ozct-fov-{token}-{number}",
        )
        for index in indices:
            sources[index] = task
    return sources


def write_by_tile(
    tiled_image: Any, container: OmeZarrContainer, *, resource: Any | None
) -> None:
    """Write "By Tile": load tile by tile, write each unit once.

    Args:
        tiled_image: The registered tiled image.
        container: Its empty container.
        resource: Passed to every image loader.
    """
    plan = build_write_plan(tiled_image, container, resource=resource)
    with log_timing(
        "By Tile",
        image_path=plan.image_path,
        nbytes=plan.source_nbytes,
        extra=f"({len(plan.boxes)} tiles)",
    ):
        run_write_tree(plan, container, tile_sources(plan), use_dask_config=False)


def write_by_fov(
    tiled_image: Any, container: OmeZarrContainer, *, resource: Any | None
) -> None:
    """Write "By FOV": load FOV group by FOV group, write each storage unit once.

    Args:
        tiled_image: The registered tiled image.
        container: Its empty container.
        resource: Passed to every image loader.
    """
    plan = build_write_plan(tiled_image, container, resource=resource)
    with log_timing(
        "By FOV",
        image_path=plan.image_path,
        nbytes=plan.source_nbytes,
        extra=f"({len(plan.groups)} FOVs, {len(plan.boxes)} tiles)",
    ):
        run_write_tree(plan, container, fov_sources(plan), use_dask_config=False)
