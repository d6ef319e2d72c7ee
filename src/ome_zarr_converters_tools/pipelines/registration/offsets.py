"""Registration step `remove_offsets` / `offset_removal`: move the origin to 0.

Stage positions are absolute (often thousands of micrometres); images start at
pixel 0, so the minimum start of each axis is subtracted. The channel axis is
never shifted: channel indices are handled by `reindex_channels` (0.10.4
shifted `c` too, which broke images whose first acquired channel was not 0,
FEATURES section 6 item 6).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.models.corrections import StagePositionCorrections
from ome_zarr_converters_tools.pipelines.registration.arrays import (
    RegionGeometry,
    fov_groups,
)
from ome_zarr_converters_tools.pipelines.registration.base import (
    coerce_corrections,
    run_on_geometry,
)

__all__ = [
    "STEP_ALIASES",
    "STEP_NAME",
    "apply_offset_removal",
    "offset_removal_geometry",
]

logger = logging.getLogger(__name__)

STEP_NAME = "remove_offsets"
"""Registry name (0.10 spelling)."""
STEP_ALIASES = ("offset_removal",)
"""Other registry names that resolve to this step (1.x spelling)."""


def _check_non_negative(
    geometry: RegionGeometry, col: int, axis: str, *, field: str, path: str
) -> None:
    """Refuse negative starts on an axis whose offset mode is `Keep`."""
    negative = np.flatnonzero(geometry.starts[:, col] < 0)
    if negative.size == 0:
        return
    row = int(negative[0])
    raise ConvertersToolsUserError(
        f"Image {path!r}: {field}='Keep' requires non-negative {axis} positions, "
        f"but FOV {geometry.names[row]!r} starts at {axis}="
        f"{float(geometry.starts[row, col])!r} ({negative.size} region(s) are "
        f"negative). Set {field}='Global' to shift the image so its minimum "
        "position becomes 0, or fix the stage positions the parser assigns to the "
        "tiles."
    )


def offset_removal_geometry(
    tiled_image: TiledImage[Any, Any],
    geometry: RegionGeometry,
    /,
    corrections: StagePositionCorrections | dict[str, Any] | None = None,
) -> RegionGeometry:
    """Array form of `apply_offset_removal` (see there)."""
    options = coerce_corrections(corrections, step=STEP_NAME)
    starts = geometry.starts.copy()
    modes = {
        "x": ("remove_xy_offset", options.remove_xy_offset),
        "y": ("remove_xy_offset", options.remove_xy_offset),
        "z": ("remove_z_offset", options.remove_z_offset),
        "t": ("remove_t_offset", options.remove_t_offset),
    }
    for axis, (field, mode) in modes.items():
        col = geometry.column(axis)
        if col is None or starts.shape[0] == 0:
            continue
        if mode == "Global":
            starts[:, col] = starts[:, col] + (-starts[:, col].min())
        elif mode == "Per-FOV":
            for rows in fov_groups(geometry.names):
                starts[rows, col] = starts[rows, col] + (-starts[rows, col].min())
        else:
            _check_non_negative(geometry, col, axis, field=field, path=tiled_image.path)
    logger.debug("offset removal on %s: %s", tiled_image.path, modes)
    return geometry.evolve(starts=starts)


def apply_offset_removal(
    tiled_image: TiledImage[Any, Any],
    /,
    corrections: StagePositionCorrections | dict[str, Any] | None = None,
) -> TiledImage[Any, Any]:
    """Shift the regions so that each axis starts at 0 (per the offset modes).

    With the default `corrections` (or none, as 0.10 pipelines call it) x, y, z
    and t are shifted globally. `remove_z_offset="Per-FOV"` zeroes z per FOV;
    `Keep` leaves an axis alone (positive starts become left padding) and
    refuses negative starts. `c` is never shifted.

    Args:
        tiled_image: The image (world or pixel space); not modified.
        corrections: The stage-position corrections.

    Returns:
        A new image with shifted regions.

    Raises:
        ConvertersToolsUserError: If an axis in `Keep` mode has negative starts.
    """
    return run_on_geometry(
        offset_removal_geometry, tiled_image, corrections=corrections
    )
