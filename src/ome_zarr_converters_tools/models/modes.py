"""WriterMode and OverwriteMode: how pixels are written, what happens to old output."""

from __future__ import annotations

import re
from enum import StrEnum

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError

__all__ = ["OverwriteMode", "WriterMode"]

_SEPARATORS = re.compile(r"[\s_\-()]+")


def _folded(text: str) -> str:
    """Fold case, underscores, dashes, brackets and spacing for matching."""
    return _SEPARATORS.sub(" ", text).strip().lower()


class _ForgivingStrEnum(StrEnum):
    """A wire-string enum that also matches its values and member names loosely.

    `"overwrite"`, `"OVERWRITE"` and `"no_overwrite"` find their member; any
    other value raises a library error listing the valid values. Only lookup
    changes: the members, their values and the JSON schemas stay the same.
    """

    @classmethod
    def _missing_(cls, value: object) -> _ForgivingStrEnum:
        if isinstance(value, str):
            wanted = _folded(value)
            for member in cls:
                if wanted in (_folded(member.value), _folded(member.name)):
                    return member
        valid = ", ".join(repr(member.value) for member in cls)
        raise ConvertersToolsUserError(
            f"{value!r} is not a valid {cls.__name__}; expected one of {valid} "
            "(case and underscores do not matter)."
        )


class WriterMode(_ForgivingStrEnum):
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


class OverwriteMode(_ForgivingStrEnum):
    """What to do when the output already exists; the values are UI wire strings.

    - `NO_OVERWRITE`: stop with an error naming the existing output.
    - `OVERWRITE`: delete the existing output and write it again.
    - `EXTEND`: add missing wells and images; existing images are left untouched.
    """

    NO_OVERWRITE = "No Overwrite"
    OVERWRITE = "Overwrite"
    EXTEND = "Extend"
