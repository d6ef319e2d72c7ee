"""Tiling strategies: how the FOVs of one mosaic are placed next to each other.

Each strategy owns its behaviour through `compute_offsets`, which calls the pure
algorithms of `core.grid`; the mosaic registration step just asks the strategy,
so no other module switches on the strategy type.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Annotated, Literal

import numpy as np
from pydantic import Field

from ome_zarr_converters_tools.core.api_line import presentation_config
from ome_zarr_converters_tools.core.grid import (
    NotAGridError,
    inplace_offsets,
    snap_to_corners_offsets,
    snap_to_grid_offsets,
)
from ome_zarr_converters_tools.models.base import UserFacingModel

__all__ = [
    "AutoTiling",
    "InplaceTiling",
    "NoTiling",
    "SnapToCornersTiling",
    "SnapToGridTiling",
    "TilingStrategy",
]

logger = logging.getLogger(__name__)


class _MosaicTiling(UserFacingModel):
    """Base of the strategies that assemble all FOVs into one mosaic image.

    It adds no field, so the option models' schemas stay those of their own
    fields; only `NoTiling` splits the FOVs into separate images.
    """

    @property
    def split_per_fov(self) -> bool:
        """False: the FOVs are assembled into one mosaic image."""
        return False


class AutoTiling(_MosaicTiling):
    """Snap to a regular grid when the FOVs form one, else to the nearest corners.

    Only an irregular grid (`NotAGridError`) triggers the fallback; FOVs of
    different sizes (`NotTilableError`) still fail.
    """

    model_config = presentation_config("AutoTiling")

    mode: Literal["Auto"] = "Auto"
    """Snap to a regular grid when the FOV positions form one (within the
    tolerance), otherwise snap each FOV to the nearest free grid corner."""

    tolerance: float = Field(default=1, ge=0, title="Tiling Tolerance (in pixels)")
    """Stage jitter, in pixels, accepted between grid steps; steps up to this size
    count as the same row or column."""

    def compute_offsets(
        self, starts: np.ndarray, lengths: np.ndarray, names: Sequence[str]
    ) -> np.ndarray:
        """Return `(dy, dx)` offsets per FOV (see `core.grid`).

        Args:
            starts: `(n_fov, 2)` reference starts in pixels, `(y, x)` order.
            lengths: `(n_fov, 2)` reference lengths in pixels, `(y, x)` order.
            names: FOV names, used in error messages.
        """
        try:
            return snap_to_grid_offsets(
                starts, lengths, names, tolerance=self.tolerance
            )
        except NotAGridError as err:
            logger.info(
                "FOVs do not form a regular grid, snapping to corners instead: %s",
                err,
            )
            return snap_to_corners_offsets(starts, lengths, names)


class SnapToGridTiling(_MosaicTiling):
    """Snap the FOVs to a regular grid with tile-size pitch (removes overlaps).

    Overlapping FOVs are spread apart so that they touch; nothing is cropped.
    Fails when the grid steps are irregular beyond the tolerance.
    """

    model_config = presentation_config("SnapToGridTiling")

    mode: Literal["Snap to Grid"] = "Snap to Grid"
    """Place the FOVs on a regular grid with the tile size as pitch; only works
    when the stage positions form a grid (overlap allowed)."""

    tolerance: float = Field(default=1, ge=0, title="Tiling Tolerance (in pixels)")
    """Stage jitter, in pixels, accepted between grid steps; steps up to this size
    count as the same row or column."""

    def compute_offsets(
        self, starts: np.ndarray, lengths: np.ndarray, names: Sequence[str]
    ) -> np.ndarray:
        """Return `(dy, dx)` offsets per FOV (see `core.grid.snap_to_grid_offsets`).

        Args:
            starts: `(n_fov, 2)` reference starts in pixels, `(y, x)` order.
            lengths: `(n_fov, 2)` reference lengths in pixels, `(y, x)` order.
            names: FOV names, used in error messages.
        """
        return snap_to_grid_offsets(starts, lengths, names, tolerance=self.tolerance)


class SnapToCornersTiling(_MosaicTiling):
    """Move each FOV to its nearest free corner of a tile-size grid.

    Works on irregular layouts; FOVs are served in acquisition order.
    """

    model_config = presentation_config("SnapToCornersTiling")

    mode: Literal["Snap to Corners"] = "Snap to Corners"
    """Move each FOV to the nearest free corner of a grid with the tile size as
    pitch; works for irregular positions."""

    def compute_offsets(
        self, starts: np.ndarray, lengths: np.ndarray, names: Sequence[str]
    ) -> np.ndarray:
        """Return `(dy, dx)` offsets per FOV (see `core.grid`).

        Args:
            starts: `(n_fov, 2)` reference starts in pixels, `(y, x)` order.
            lengths: `(n_fov, 2)` reference lengths in pixels, `(y, x)` order.
            names: FOV names, used in error messages.
        """
        return snap_to_corners_offsets(starts, lengths, names)


class InplaceTiling(_MosaicTiling):
    """Keep the stage positions; where FOVs overlap the last written one wins."""

    model_config = presentation_config("InplaceTiling")

    mode: Literal["Inplace"] = "Inplace"
    """Write the FOVs at their stage positions. Imprecise positions show as
    seams; where FOVs overlap, the one written last wins."""

    def compute_offsets(
        self, starts: np.ndarray, lengths: np.ndarray, names: Sequence[str]
    ) -> np.ndarray:
        """Return zero offsets: every FOV stays where the stage put it.

        Args:
            starts: `(n_fov, 2)` reference starts in pixels, `(y, x)` order.
            lengths: Unused; kept for the common signature.
            names: Unused; kept for the common signature.
        """
        return inplace_offsets(starts)


class NoTiling(UserFacingModel):
    """Write one OME-Zarr image per FOV (0.10 spelling of `PerFovGrouping`)."""

    model_config = presentation_config("NoTiling")

    mode: Literal["No Tiling"] = "No Tiling"
    """Write every FOV as its own OME-Zarr image."""

    @property
    def split_per_fov(self) -> bool:
        """True: every FOV becomes its own image."""
        return True

    def compute_offsets(
        self, starts: np.ndarray, lengths: np.ndarray, names: Sequence[str]
    ) -> np.ndarray:
        """Return zero offsets: a per-FOV image holds a single FOV.

        Args:
            starts: `(n_fov, 2)` reference starts in pixels, `(y, x)` order.
            lengths: Unused; kept for the common signature.
            names: Unused; kept for the common signature.
        """
        return inplace_offsets(starts)


TilingStrategy = Annotated[
    AutoTiling | SnapToGridTiling | SnapToCornersTiling | InplaceTiling | NoTiling,
    Field(discriminator="mode"),
]
"""Arrangement of the FOVs inside a mosaic, selected by `mode`."""

MosaicTilingStrategy = Annotated[
    AutoTiling | SnapToGridTiling | SnapToCornersTiling | InplaceTiling,
    Field(discriminator="mode"),
]
"""The strategies a 1.x `MosaicGrouping` offers (1.x has no `NoTiling`); the
schema the 1.x line shows for `MosaicGrouping.tiling_strategy`."""
