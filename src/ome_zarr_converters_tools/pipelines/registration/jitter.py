"""Registration steps `xy_jitter_correction` / `fov_alignment_corrections`.

The tiles of one FOV (z planes, channels, time points) should sit at one xy
position, but stages report slightly different positions for each of them.
When enabled, every slice of a FOV is moved to the xy start of the FOV's first
slice, so the planes stack exactly.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

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
    "LEGACY_STEP_NAME",
    "STEP_ALIASES",
    "STEP_NAME",
    "apply_fov_alignment_corrections",
    "apply_xy_jitter_correction",
    "fov_alignment_corrections_geometry",
    "xy_jitter_correction_geometry",
]

logger = logging.getLogger(__name__)

STEP_NAME = "xy_jitter_correction"
"""Registry name (1.x spelling, parameter `corrections`)."""
STEP_ALIASES: tuple[str, ...] = ()
"""Other registry names that resolve to `apply_xy_jitter_correction`."""
LEGACY_STEP_NAME = "fov_alignment_corrections"
"""Registry name of the 0.10 step (parameter `alignment_corrections`)."""


def _align_xy(geometry: RegionGeometry) -> RegionGeometry:
    """Move every slice of each FOV to the xy start of the FOV's first slice.

    Regions come out grouped by FOV (FOVs in first-seen order), as in the
    published versions; later steps and writers keep that order.
    """
    if not geometry.names:
        return geometry
    starts = geometry.starts.copy()
    groups = fov_groups(geometry.names)
    cols = [c for c in (geometry.column("x"), geometry.column("y")) if c is not None]
    for rows in groups:
        for col in cols:
            starts[rows, col] = starts[rows[0], col]
    return geometry.evolve(starts=starts, order=np.concatenate(groups))


def xy_jitter_correction_geometry(
    tiled_image: TiledImage[Any, Any],
    geometry: RegionGeometry,
    /,
    corrections: StagePositionCorrections | dict[str, Any] | None = None,
) -> RegionGeometry:
    """Array form of `apply_xy_jitter_correction` (see there)."""
    options = coerce_corrections(corrections, step=STEP_NAME)
    if not options.align_xy:
        return geometry
    logger.debug("xy jitter correction on %s", tiled_image.path)
    return _align_xy(geometry)


def fov_alignment_corrections_geometry(
    tiled_image: TiledImage[Any, Any],
    geometry: RegionGeometry,
    /,
    alignment_corrections: StagePositionCorrections | dict[str, Any] | None = None,
) -> RegionGeometry:
    """Array form of `apply_fov_alignment_corrections` (see there)."""
    options = coerce_corrections(alignment_corrections, step=LEGACY_STEP_NAME)
    if options.align_z or options.align_t:
        logger.warning(
            "Image %s: align_z/align_t are not implemented and are ignored; use "
            "remove_z_offset='Per-FOV' to zero z per FOV.",
            tiled_image.path,
        )
    if not options.align_xy:
        return geometry
    logger.debug("xy jitter correction on %s", tiled_image.path)
    return _align_xy(geometry)


def apply_xy_jitter_correction(
    tiled_image: TiledImage[Any, Any],
    /,
    corrections: StagePositionCorrections | dict[str, Any] | None = None,
) -> TiledImage[Any, Any]:
    """Remove intra-FOV xy jitter when `corrections.align_xy` is set.

    `align_xy` is the 0.10 name of the 1.x `remove_xy_jitter`; both spellings
    are accepted by `StagePositionCorrections`.

    Args:
        tiled_image: The image; not modified.
        corrections: The stage-position corrections (None = defaults, off).

    Returns:
        A new image (an unchanged copy when the correction is off).
    """
    return run_on_geometry(
        xy_jitter_correction_geometry, tiled_image, corrections=corrections
    )


def apply_fov_alignment_corrections(
    tiled_image: TiledImage[Any, Any],
    /,
    alignment_corrections: StagePositionCorrections | dict[str, Any] | None = None,
) -> TiledImage[Any, Any]:
    """0.10 spelling of `apply_xy_jitter_correction`.

    `align_z` and `align_t` were never implemented upstream (they are logged
    and ignored); per-FOV z offsets are `remove_z_offset="Per-FOV"` of the
    offset-removal step.

    Args:
        tiled_image: The image; not modified.
        alignment_corrections: The stage-position corrections.

    Returns:
        A new image.
    """
    return run_on_geometry(
        fov_alignment_corrections_geometry,
        tiled_image,
        alignment_corrections=alignment_corrections,
    )
