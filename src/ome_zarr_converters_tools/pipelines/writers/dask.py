"""The two dask writers: "By FOV (Using Dask)" and "By Tile (Using Dask)".

Same task tree as the sequential writers (level 0 cut on the write unit, the
pyramid built from memory), but run on the dask scheduler that
`RuntimeSettings.apply()` configured (threads, processes or synchronous).
Every task's arguments are small and picklable (loaders, boxes, zarr arrays),
so the process scheduler works too. The image is never materialised: each
block is assembled when its node runs and released when its parent has
consumed it (FEATURES §6 items 2 and 20). Each write unit has exactly one
writer, so parallel writes cannot lose data on sharded arrays.
"""

from __future__ import annotations

import logging
from typing import Any

from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.pipelines.writers.base import WriteTarget
from ome_zarr_converters_tools.pipelines.writers.sequential import (
    fov_sources,
    tile_sources,
)
from ome_zarr_converters_tools.pipelines.writers.tree import run_writer_mode

__all__ = ["write_by_fov_dask", "write_by_tile_dask"]

logger = logging.getLogger(__name__)


def write_by_fov_dask(
    tiled_image: TiledImage[Any, Any], container: WriteTarget, *, resource: Any | None
) -> None:
    """Write "By FOV (Using Dask)": one load task per FOV group.

    Args:
        tiled_image: The registered tiled image.
        container: Its empty container (or one ngio image level).
        resource: Passed to every image loader.
    """
    run_writer_mode(
        tiled_image,
        container,
        resource=resource,
        description="By FOV (Using Dask)",
        sources=fov_sources,
        use_dask_config=True,
        count_fovs=True,
    )


def write_by_tile_dask(
    tiled_image: TiledImage[Any, Any], container: WriteTarget, *, resource: Any | None
) -> None:
    """Write "By Tile (Using Dask)": one load task per tile, streamed block by block.

    Args:
        tiled_image: The registered tiled image.
        container: Its empty container (or one ngio image level).
        resource: Passed to every image loader.
    """
    run_writer_mode(
        tiled_image,
        container,
        resource=resource,
        description="By Tile (Using Dask)",
        sources=tile_sources,
        use_dask_config=True,
    )
