"""WriterMode and OverwriteMode: how pixels are written, what happens to old output."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["OverwriteMode", "WriterMode"]


class WriterMode(StrEnum):
    """How pixel data is loaded and written; the values are UI wire strings.

    - `BY_TILE`: load and write one tile at a time (lowest memory).
    - `BY_FOV`: load and write one field of view at a time.
    - `BY_FOV_DASK`: one lazy dask array per FOV, written in parallel.
    - `BY_TILE_DASK`: one lazy dask array for the image, streamed on the write grid.
    - `IN_MEMORY`: assemble the whole image in memory, then write it once.
    """

    BY_TILE = "By Tile"
    BY_FOV = "By FOV"
    BY_FOV_DASK = "By FOV (Using Dask)"
    BY_TILE_DASK = "By Tile (Using Dask)"
    IN_MEMORY = "In Memory"


class OverwriteMode(StrEnum):
    """What to do when the output already exists; the values are UI wire strings.

    - `NO_OVERWRITE`: stop with an error naming the existing output.
    - `OVERWRITE`: delete the existing output and write it again.
    - `EXTEND`: add missing wells and images; existing images are left untouched.
    """

    NO_OVERWRITE = "No Overwrite"
    OVERWRITE = "Overwrite"
    EXTEND = "Extend"
