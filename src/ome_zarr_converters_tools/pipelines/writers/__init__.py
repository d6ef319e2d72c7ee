"""Writer room: `write_pixels` and the mapping from each `WriterMode` to its writer.

A writer fills level 0 and every pyramid level of an existing, empty ngio
`OmeZarrContainer` from a registered (pixel-space) `TiledImage`. Every mode
runs the same task tree and produces byte-identical arrays; a mode only
chooses what is loaded as one unit and where the tasks run (the table in
`modes.py`).
"""

from __future__ import annotations

import logging
from typing import Any

from ngio import Image, OmeZarrContainer

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.models.modes import WriterMode
from ome_zarr_converters_tools.pipelines.writers.base import Writer
from ome_zarr_converters_tools.pipelines.writers.legacy import (
    dask_parallel_fov_writing,
    dask_parallel_tile_writing,
    dask_write_chunks,
    in_memory_writing,
    sequential_fov_writing,
    sequential_tile_writing,
)
from ome_zarr_converters_tools.pipelines.writers.modes import (
    MODES,
    write_by_fov,
    write_by_fov_dask,
    write_by_tile,
    write_by_tile_dask,
    write_in_memory,
)

__all__ = [
    "WRITERS",
    "Writer",
    "dask_parallel_fov_writing",
    "dask_parallel_tile_writing",
    "dask_write_chunks",
    "get_writer",
    "in_memory_writing",
    "sequential_fov_writing",
    "sequential_tile_writing",
    "write_by_fov",
    "write_by_fov_dask",
    "write_by_tile",
    "write_by_tile_dask",
    "write_in_memory",
    "write_pixels",
    "write_to_zarr",
]

logger = logging.getLogger(__name__)


WRITERS: dict[str, Writer] = {
    WriterMode.BY_TILE.value: write_by_tile,
    WriterMode.BY_FOV.value: write_by_fov,
    WriterMode.BY_FOV_DASK.value: write_by_fov_dask,
    WriterMode.BY_TILE_DASK.value: write_by_tile_dask,
    WriterMode.IN_MEMORY.value: write_in_memory,
}
if set(WRITERS) != {mode.value for mode in MODES}:  # pragma: no cover - import guard
    raise ImportError("WRITERS and writers.modes.MODES list different modes")
"""Every `WriterMode` value mapped to the function that implements it."""


def get_writer(writer_mode: Any) -> Writer:
    """Return the writer implementing `writer_mode`.

    Args:
        writer_mode: A `WriterMode` member or its string value.

    Returns:
        The writer function.

    Raises:
        ConvertersToolsUserError: If the mode is not one of the known modes.
    """
    key = getattr(writer_mode, "value", writer_mode)
    writer = WRITERS.get(key) if isinstance(key, str) else None
    if writer is None:
        raise ConvertersToolsUserError(
            f"Unknown writer mode {writer_mode!r}; expected one of "
            f"{sorted(WRITERS)}. Set ConverterOptions.writer_mode to one of them."
        )
    return writer


def write_pixels(
    tiled_image: TiledImage[Any, Any],
    container: OmeZarrContainer,
    *,
    writer_mode: Any,
    resource: Any | None = None,
) -> None:
    """Write level 0 and every pyramid level of `container` from `tiled_image`.

    The pyramid is built from the blocks already in memory, so level 0 is
    never read back; the result equals ngio's `consolidate(mode="auto")` byte
    for byte, so callers must not consolidate again.

    Args:
        tiled_image: A registered (pixel-space) `TiledImage`.
        container: The empty container created for this image.
        writer_mode: Which writer to use (`WriterMode` or its value).
        resource: Passed to every image loader.

    Raises:
        ConvertersToolsUserError: If the writer mode is unknown, a region lies
            outside the container, or a tile's data has the wrong shape.
        ConvertersToolsFileNotFoundError: If a tile's source file is missing.
    """
    writer = get_writer(writer_mode)
    writer(tiled_image, container, resource=resource)


def write_to_zarr(
    *,
    image: Image,
    tiled_image: TiledImage[Any, Any],
    resource: Any | None = None,
    writer_mode: Any,
) -> None:
    """Fill one ngio image level (upstream's internal dispatcher, kept for imports).

    Unlike `write_pixels` it writes only `image`'s level; the caller builds the
    pyramid, as upstream did.

    Args:
        image: The ngio image level to fill.
        tiled_image: A registered (pixel-space) `TiledImage`.
        resource: Passed to every image loader.
        writer_mode: Which writer to use (`WriterMode` or its value).
    """
    get_writer(writer_mode)(tiled_image, image, resource=resource)
