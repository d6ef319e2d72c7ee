"""Grouping (1.x): one mosaic image per collection, or one image per FOV."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ome_zarr_converters_tools.core.api_line import PresentedType, presentation_config
from ome_zarr_converters_tools.models.base import UserFacingModel
from ome_zarr_converters_tools.models.tiling import (
    AutoTiling,
    InplaceTiling,
    TilingStrategy,
)

__all__ = ["Grouping", "MosaicGrouping", "PerFovGrouping"]


class MosaicGrouping(UserFacingModel):
    """Assemble all FOVs of an image into one mosaic, arranged by a tiling strategy.

    Tiling strategies: `Auto` snaps to a regular grid and falls back to `Snap to
    Corners` when the positions are irregular; `Snap to Grid` only accepts
    regular grids (optional tolerance in pixels) and removes overlaps;
    `Snap to Corners` moves each FOV to the nearest free grid corner; `Inplace`
    keeps the stage positions.
    """

    model_config = presentation_config("MosaicGrouping")

    mode: Literal["Mosaic"] = "Mosaic"
    """Assemble the FOVs of each well (or image path) into one mosaic image."""

    # The 1.x line shows 1.x's four strategies (no `NoTiling`): core/api_line.py.
    tiling_strategy: Annotated[
        TilingStrategy, PresentedType("MosaicGrouping.tiling_strategy")
    ] = Field(default_factory=AutoTiling, title="Tiling Strategy")
    """How the FOVs are placed next to each other inside the mosaic."""

    @property
    def split_per_fov(self) -> bool:
        """False: the FOVs of a collection path share one image."""
        return False

    def tiling_for_registration(self) -> TilingStrategy:
        """Return the tiling strategy the registration pipeline should use."""
        return self.tiling_strategy


class PerFovGrouping(UserFacingModel):
    """Write every FOV as its own image (path suffix `_<fov_name>`)."""

    model_config = presentation_config("PerFovGrouping")

    mode: Literal["Per-FOV"] = "Per-FOV"
    """Write every FOV as its own OME-Zarr image."""

    @property
    def split_per_fov(self) -> bool:
        """True: each FOV becomes a separate image."""
        return True

    def tiling_for_registration(self) -> TilingStrategy:
        """Return `InplaceTiling()`: a per-FOV image has nothing to arrange."""
        return InplaceTiling()


Grouping = Annotated[
    MosaicGrouping | PerFovGrouping,
    Field(discriminator="mode"),
]
"""Topology of the output: mosaic images or one image per FOV, selected by `mode`."""
