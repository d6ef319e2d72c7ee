"""Registration step `align_to_pixel_grid`: world ROIs to integer pixel ROIs.

Interval endpoints are rounded, not start and length separately: rounding
both independently could leave 1-pixel gaps or overlaps between neighbouring
tiles (FEATURES section 6 item 3). Rounding is Python's (half to even), so a
start of 0.5 px goes to 0 and 1.5 px to 2.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

import numpy as np

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.pipelines.registration.arrays import RegionGeometry
from ome_zarr_converters_tools.pipelines.registration.base import run_on_geometry

__all__ = [
    "STEP_ALIASES",
    "STEP_NAME",
    "align_to_pixel_grid_geometry",
    "apply_align_to_pixel_grid",
]

logger = logging.getLogger(__name__)

STEP_NAME = "align_to_pixel_grid"
"""Registry name (same in 0.10 and 1.x)."""
STEP_ALIASES: tuple[str, ...] = ()
"""Other registry names that resolve to this step."""

_SNAP_EPS = 1e-2
"""ngio's world-to-pixel snapping tolerance (values this close to an integer
are taken as that integer, absorbing float noise of the spacing)."""

_ROUNDING = {"round": np.rint, "floor": np.floor, "ceil": np.ceil}


def _world_to_pixel(values: np.ndarray, spacing: np.ndarray) -> np.ndarray:
    """Vectorised ngio `world_to_pixel`: divide, snap near-integers."""
    raster = values / spacing
    nearest = np.rint(raster)
    return np.where(np.abs(nearest - raster) < _SNAP_EPS, nearest, raster)


def align_to_pixel_grid_geometry(
    tiled_image: TiledImage[Any, Any],
    geometry: RegionGeometry,
    /,
    mode: Literal["round", "floor", "ceil"] = "round",
) -> RegionGeometry:
    """Array form of `apply_align_to_pixel_grid` (see there)."""
    if mode not in _ROUNDING:
        raise ConvertersToolsUserError(
            f"Image {tiled_image.path!r}: align_to_pixel_grid got mode={mode!r}; "
            f"use one of {sorted(_ROUNDING)} (default 'round')."
        )
    op = _ROUNDING[mode]
    pixel_size = tiled_image.pixel_size
    spacing = np.array(
        [float(pixel_size.get(axis, default=1.0)) for axis in geometry.axes]
    )
    world = np.array([space == "world" for space in geometry.spaces], dtype=bool)
    world = world.reshape(-1, 1)
    starts = np.where(world, _world_to_pixel(geometry.starts, spacing), geometry.starts)
    lengths = np.where(
        world, _world_to_pixel(geometry.lengths, spacing), geometry.lengths
    )
    new_starts = op(starts)
    new_lengths = op(starts + lengths) - new_starts
    logger.debug(
        "align to pixel grid (%s) on %s: %s regions",
        mode,
        tiled_image.path,
        len(geometry.names),
    )
    return geometry.evolve(
        starts=new_starts,
        lengths=new_lengths,
        spaces=["pixel"] * len(geometry.names),
    )


def apply_align_to_pixel_grid(
    tiled_image: TiledImage[Any, Any],
    /,
    mode: Literal["round", "floor", "ceil"] = "round",
) -> TiledImage[Any, Any]:
    """Convert every region to pixel space and snap it to whole pixels.

    `start` becomes `op(start)` and `length` becomes `op(start + length) -
    op(start)`, with `op` the rounding `mode`. Regions already in pixel space
    are only snapped.

    Args:
        tiled_image: The image; not modified.
        mode: `"round"` (half to even), `"floor"` or `"ceil"`.

    Returns:
        A new image whose ROIs are pixel-space with integer values.

    Raises:
        ConvertersToolsUserError: If `mode` is not one of the three values.
    """
    return run_on_geometry(align_to_pixel_grid_geometry, tiled_image, mode=mode)
