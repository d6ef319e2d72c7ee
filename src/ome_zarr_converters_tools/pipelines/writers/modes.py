"""The five writer modes: what is loaded as one unit x where the tasks run.

Every mode writes with the same task tree (`tree.py`): level 0 is cut into
storage units, each unit is assembled from the regions overlapping it (last
writer wins) and encoded and written once by one worker, and the pyramid is
built from the units in memory. So every mode writes the same bytes; a mode
only chooses

- what is **loaded as one unit**: a single tile; the tiles of one FOV that
  fall in one storage slab (its channels / z planes / time points of one unit
  along those axes, read together); or the whole image, decoded on all cores
  into one array before the write starts (memory: the image);
- and **where the tasks run**: a thread pool over all cores of this process,
  or the dask scheduler the job chose (`RuntimeSettings.job()`: threads,
  processes or synchronous).

| mode | loads as one unit | runs on |
| --- | --- | --- |
| By Tile | a tile | threads, all cores |
| By FOV | a FOV's tiles in one storage slab | threads, all cores |
| By Tile (Using Dask) | a tile | the dask scheduler |
| By FOV (Using Dask) | a FOV's tiles in one storage slab | the dask scheduler |
| In Memory | the whole image | threads, all cores |
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from dask.delayed import delayed

from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.models.modes import WriterMode
from ome_zarr_converters_tools.pipelines.writers.base import (
    Source,
    SourceRef,
    WritePlan,
    Writer,
    WriteTarget,
    build_write_plan,
    load_group_task,
    load_tile_source,
    log_timing,
)
from ome_zarr_converters_tools.pipelines.writers.tree import run_write_tree

__all__ = [
    "MODES",
    "ModeSpec",
    "fov_sources",
    "image_sources",
    "tile_sources",
    "write_by_fov",
    "write_by_fov_dask",
    "write_by_tile",
    "write_by_tile_dask",
    "write_in_memory",
    "write_with_mode",
]

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
    placement = plan.placement
    return [
        (load(loader, box, dask_key_name=f"ozct-tile-{token}-{index}"), None)
        for index, (loader, box) in enumerate(
            zip(placement.loaders, placement.boxes, strict=True)
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
    boxes, loaders = plan.placement.boxes, plan.placement.loaders
    sources: list[SourceRef] = [(None, None)] * len(boxes)
    planar = len(plan.unit) - 2
    for number, members in enumerate(plan.groups):
        parts: dict[tuple[int, ...], list[int]] = {}
        for index in members:
            slab = tuple(
                start // unit
                for (start, _), unit in zip(
                    boxes[index][:planar], plan.unit[:planar], strict=True
                )
            )
            parts.setdefault(slab, []).append(index)
        for slab, part in parts.items():
            task = load(
                [loaders[i] for i in part],
                [boxes[i] for i in part],
                dask_key_name=f"ozct-fov-{token}-{number}-{'.'.join(map(str, slab))}",
            )
            for position, index in enumerate(part):
                sources[index] = (task, position)
    return sources


def image_sources(plan: WritePlan) -> list[SourceRef]:
    """Load the whole image once (all cores); every region points at it.

    Args:
        plan: The write plan.

    Returns:
        Per region, the loaded image anchored at pixel 0.
    """
    placement = plan.placement
    whole: Source = (placement.load(), (0,) * len(placement.shape))
    return [(whole, None)] * len(placement.boxes)


@dataclass(frozen=True)
class ModeSpec:
    """One writer mode: what is loaded as one unit and where the tasks run.

    Attributes:
        loads: `"tile"`, `"fov"` (a FOV's tiles in one storage slab) or
            `"image"` (the whole image, before writing starts).
        runs_on: `"threads"` (a pool over all cores) or `"dask"` (the
            scheduler the job chose, `RuntimeSettings.job()`).
    """

    loads: Literal["tile", "fov", "image"]
    runs_on: Literal["threads", "dask"]

    @property
    def sources(self) -> Callable[[WritePlan], Sequence[SourceRef]]:
        """The function building each region's source for this mode."""
        return {"tile": tile_sources, "fov": fov_sources, "image": image_sources}[
            self.loads
        ]


MODES: dict[WriterMode, ModeSpec] = {
    WriterMode.BY_TILE: ModeSpec(loads="tile", runs_on="threads"),
    WriterMode.BY_FOV: ModeSpec(loads="fov", runs_on="threads"),
    WriterMode.BY_TILE_DASK: ModeSpec(loads="tile", runs_on="dask"),
    WriterMode.BY_FOV_DASK: ModeSpec(loads="fov", runs_on="dask"),
    WriterMode.IN_MEMORY: ModeSpec(loads="image", runs_on="threads"),
}
"""Every writer mode as its (unit loaded, scheduler) pair."""


def write_with_mode(
    mode: WriterMode,
    tiled_image: TiledImage[Any, Any],
    container: WriteTarget,
    *,
    resource: Any | None,
) -> None:
    """Plan, log and run the task tree of one writer mode.

    Args:
        mode: The writer mode (its `MODES` entry decides sources and scheduler).
        tiled_image: The registered tiled image.
        container: Its empty container (or one ngio image level).
        resource: Passed to every image loader.
    """
    spec = MODES[mode]
    plan = build_write_plan(tiled_image, container, resource=resource)
    n_tiles = len(plan.placement.boxes)
    fovs = f"{len(plan.groups)} FOVs, " if spec.loads == "fov" else ""
    with log_timing(
        mode.value,
        image_path=plan.image_path,
        nbytes=plan.placement.source_nbytes,
        extra=f"({fovs}{n_tiles} tiles)",
    ):
        # Loading the whole image ("image" sources) happens here, timed too.
        sources = spec.sources(plan)
        run_write_tree(plan, container, sources, use_dask_config=spec.runs_on == "dask")


def _mode_writer(mode: WriterMode, name: str) -> Writer:
    """The public writer function of one mode (a `Writer`)."""
    spec = MODES[mode]

    def write(
        tiled_image: TiledImage[Any, Any],
        container: WriteTarget,
        *,
        resource: Any | None,
    ) -> None:
        write_with_mode(mode, tiled_image, container, resource=resource)

    write.__name__ = write.__qualname__ = name
    write.__doc__ = (
        f'Write "{mode.value}": load {spec.loads} units, run on {spec.runs_on}.\n\n'
        "See `pipelines.writers.modes` for what the modes share.\n"
    )
    return write


write_by_tile = _mode_writer(WriterMode.BY_TILE, "write_by_tile")
write_by_fov = _mode_writer(WriterMode.BY_FOV, "write_by_fov")
write_by_tile_dask = _mode_writer(WriterMode.BY_TILE_DASK, "write_by_tile_dask")
write_by_fov_dask = _mode_writer(WriterMode.BY_FOV_DASK, "write_by_fov_dask")
write_in_memory = _mode_writer(WriterMode.IN_MEMORY, "write_in_memory")
