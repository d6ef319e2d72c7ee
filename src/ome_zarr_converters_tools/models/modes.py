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
    """How pixel data is read and written; the values are UI wire strings.

    Every mode writes the same bytes the same way: each storage unit (chunk,
    or shard when sharded) is assembled from the tiles overlapping it,
    compressed and written once, units in parallel on all cores, with the
    pyramid built from memory. The modes differ in what is read as one unit
    and where the work runs (`pipelines.writers.modes`):

    - `BY_TILE`: reads one tile at a time (lowest memory); threads.
    - `BY_FOV`: reads the tiles of one field of view together, one storage
      slab of its channels / z planes at a time; threads.
    - `BY_FOV_DASK`: as `BY_FOV`, on the dask scheduler of the runtime settings.
    - `BY_TILE_DASK`: as `BY_TILE`, on the dask scheduler of the runtime settings.
    - `IN_MEMORY`: reads the whole image into memory first (memory: the image),
      then writes it; threads.
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
