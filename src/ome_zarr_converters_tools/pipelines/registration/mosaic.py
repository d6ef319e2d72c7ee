"""Registration step `tile_regions`: place the FOVs of a mosaic with a tiling strategy.

One reference slice per FOV (the slice whose start is closest to the origin
over all axes; the first one on ties) describes the FOV's position. The
strategy (`models.tiling`) turns the reference positions into one xy offset per
FOV, which moves every slice of that FOV. This module does not know which
strategy it runs: each strategy model computes its own offsets.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from pydantic import TypeAdapter, ValidationError

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.grid import NotAGridError, NotTilableError
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.models.grouping import Grouping
from ome_zarr_converters_tools.models.tiling import TilingStrategy
from ome_zarr_converters_tools.pipelines.registration.arrays import (
    RegionGeometry,
    fov_groups,
)
from ome_zarr_converters_tools.pipelines.registration.base import run_on_geometry

__all__ = [
    "STEP_ALIASES",
    "STEP_NAME",
    "apply_mosaic_tiling",
    "mosaic_tiling_geometry",
    "resolve_tiling",
]

logger = logging.getLogger(__name__)

STEP_NAME = "tile_regions"
"""Registry name (same in 0.10 and 1.x)."""
STEP_ALIASES: tuple[str, ...] = ()
"""Other registry names that resolve to this step."""

_STRATEGY_OR_GROUPING: TypeAdapter[Any] = TypeAdapter(TilingStrategy | Grouping)


def resolve_tiling(value: Any) -> Any:
    """Return the tiling strategy to run for a strategy, a grouping or a dict.

    A grouping (1.x) hands over `tiling_for_registration()`; a dict (a pipeline
    read back from JSON) is validated against both unions.

    Raises:
        ConvertersToolsUserError: If `value` is neither.
    """
    if isinstance(value, dict):
        try:
            value = _STRATEGY_OR_GROUPING.validate_python(value)
        except ValidationError as err:
            raise ConvertersToolsUserError(
                f"tile_regions got tiling_strategy={value!r}, which is neither a "
                "tiling strategy nor a grouping (e.g. {'mode': 'Auto', "
                f"'tolerance': 1}} or {{'mode': 'Per-FOV'}}): {err}"
            ) from err
    for_registration = getattr(value, "tiling_for_registration", None)
    if callable(for_registration):
        value = for_registration()
    if not callable(getattr(value, "compute_offsets", None)):
        raise ConvertersToolsUserError(
            f"tile_regions needs a tiling strategy (AutoTiling(), "
            "SnapToGridTiling(), SnapToCornersTiling(), InplaceTiling(), "
            f"NoTiling()) or a grouping, but got {type(value).__name__}: {value!r}."
        )
    return value


def _reference_rows(geometry: RegionGeometry, groups: list[np.ndarray]) -> np.ndarray:
    """Row of each FOV's reference slice (closest start to the origin).

    Squared distances are compared, accumulated axis by axis in image order;
    after pixel snapping the starts are integers, so this ranks exactly as the
    published Euclidean distance does, ties keeping the first slice.
    """
    squared = np.zeros(len(geometry.names))
    for col in range(len(geometry.axes)):
        squared = squared + geometry.starts[:, col] * geometry.starts[:, col]
    return np.array([rows[int(np.argmin(squared[rows]))] for rows in groups])


def mosaic_tiling_geometry(
    tiled_image: TiledImage[Any, Any],
    geometry: RegionGeometry,
    /,
    tiling_strategy: TilingStrategy | Grouping | dict[str, Any],
) -> RegionGeometry:
    """Array form of `apply_mosaic_tiling` (see there)."""
    strategy = resolve_tiling(tiling_strategy)
    if not geometry.names:
        return geometry
    if "world" in geometry.spaces:
        raise ConvertersToolsUserError(
            f"Image {tiled_image.path!r}: tile_regions needs pixel-space ROIs, but "
            f"FOV {geometry.names[geometry.spaces.index('world')]!r} is still in "
            "world space. Run the 'align_to_pixel_grid' step before 'tile_regions' "
            "(build_default_registration_pipeline does)."
        )
    col_y, col_x = geometry.column("y"), geometry.column("x")
    if col_y is None or col_x is None:
        raise ConvertersToolsUserError(
            f"Image {tiled_image.path!r} has axes {list(geometry.axes)}; tiling "
            "needs both 'y' and 'x'."
        )
    groups = fov_groups(geometry.names)
    ref = _reference_rows(geometry, groups)
    xy = np.array([col_y, col_x], dtype=np.int64)
    names = [geometry.names[row] for row in ref.tolist()]
    try:
        offsets = strategy.compute_offsets(
            geometry.starts[np.ix_(ref, xy)], geometry.lengths[np.ix_(ref, xy)], names
        )
    except (NotAGridError, NotTilableError) as err:
        raise type(err)(f"Image {tiled_image.path!r}: {err}") from err
    starts = geometry.starts.copy()
    fov_of_row = np.empty(len(geometry.names), dtype=np.int64)
    for index, rows in enumerate(groups):
        fov_of_row[rows] = index
    starts[:, col_y] = starts[:, col_y] + offsets[fov_of_row, 0]
    starts[:, col_x] = starts[:, col_x] + offsets[fov_of_row, 1]
    logger.debug(
        "tiling %s with %s: %s FOVs",
        tiled_image.path,
        getattr(strategy, "mode", type(strategy).__name__),
        len(groups),
    )
    return geometry.evolve(starts=starts, order=np.concatenate(groups))


def apply_mosaic_tiling(
    tiled_image: TiledImage[Any, Any],
    /,
    tiling_strategy: TilingStrategy | Grouping | dict[str, Any],
) -> TiledImage[Any, Any]:
    """Move every FOV by the xy offset its tiling strategy computes.

    Regions come out grouped by FOV, FOVs in first-seen order (later slices
    still win overlaps when written).

    Args:
        tiled_image: A pixel-space image (after `align_to_pixel_grid`); not
            modified.
        tiling_strategy: A tiling strategy model, a grouping, or a dict of one.

    Returns:
        A new image.

    Raises:
        ConvertersToolsUserError: If the ROIs are still in world space.
        NotAGridError: From `SnapToGridTiling` on irregular positions.
        NotTilableError: When FOVs of different xy size are snapped.
    """
    return run_on_geometry(
        mosaic_tiling_geometry, tiled_image, tiling_strategy=tiling_strategy
    )
