"""ConverterOptions: the bundle of conversion options a converter task exposes."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from pydantic import Field

from ome_zarr_converters_tools.core.api_line import PresentedType, presentation_config
from ome_zarr_converters_tools.models.base import UserFacingModel
from ome_zarr_converters_tools.models.corrections import StagePositionCorrections
from ome_zarr_converters_tools.models.grouping import MosaicGrouping, PerFovGrouping
from ome_zarr_converters_tools.models.modes import WriterMode
from ome_zarr_converters_tools.models.runtime import RuntimeSettings
from ome_zarr_converters_tools.models.storage import OmeZarrOptions
from ome_zarr_converters_tools.models.tiling import (
    AutoTiling,
    NoTiling,
    TilingStrategy,
)

__all__ = ["ConverterOptions"]

logger = logging.getLogger(__name__)


def tiling_from_grouping(grouping: Any) -> dict[str, Any]:
    """Translate a 1.x `grouping` input into the 0.10 field it sets.

    `MosaicGrouping(tiling_strategy=X)` sets `tiling_strategy=X` and
    `PerFovGrouping()` sets `NoTiling()` (the spelling table of
    `core.api_line` names this function).

    Raises:
        ValueError: If the grouping is neither form (pydantic reports it).
    """
    if isinstance(grouping, dict):
        mode = grouping.get("mode")
        if mode == "Per-FOV":
            grouping = PerFovGrouping.model_validate(grouping)
        elif mode == "Mosaic":
            grouping = MosaicGrouping.model_validate(grouping)
    if isinstance(grouping, PerFovGrouping):
        return {"tiling_strategy": NoTiling()}
    if isinstance(grouping, MosaicGrouping):
        return {"tiling_strategy": grouping.tiling_strategy}
    raise ValueError(
        f"grouping={grouping!r} is not understood: give MosaicGrouping(...) / "
        "{'mode': 'Mosaic', ...} or PerFovGrouping() / {'mode': 'Per-FOV'}, or use "
        "tiling_strategy instead."
    )


class ConverterOptions(UserFacingModel):
    """Options of the OME-Zarr conversion, forwarded from init to compute."""

    model_config = presentation_config("ConverterOptions")

    writer_mode: WriterMode = Field(default=WriterMode.BY_FOV, title="Writer Mode")
    """How pixels are read and written. Every mode writes the same output on all
    cores, chunk by chunk, with the pyramid built while writing; they differ in
    what is read at once and where the work runs.

    - By Tile: reads one tile at a time; least memory.
    - By Tile (Using Dask): as By Tile, run on the dask scheduler of the
      runtime settings.
    - By FOV: reads the tiles of one field of view together; the default.
    - By FOV (Using Dask): as By FOV, run on the dask scheduler of the
      runtime settings.
    - In Memory: reads the whole image into memory first, then writes it;
      needs memory for the whole image.
    """
    # Shown as the 1.x union `grouping` on the 1.x line (core/api_line.py).
    tiling_strategy: Annotated[
        TilingStrategy, PresentedType("ConverterOptions.tiling_strategy")
    ] = Field(default_factory=AutoTiling, title="Tiling Strategy")
    """How the fields of view are placed in the output (1.x: `grouping`).

    - Auto: snap to a regular grid when possible, else to the nearest corners;
      optional tolerance in pixels.
    - Snap to Grid: place FOVs on a regular grid (removes overlaps); fails on
      irregular positions; optional tolerance in pixels.
    - Snap to Corners: move each FOV to the nearest free grid corner.
    - Inplace: keep the stage positions (overlaps: last written wins).
    - No Tiling: write each field of view as its own OME-Zarr image.
    """
    stage_position_corrections: StagePositionCorrections = Field(
        default_factory=StagePositionCorrections,
        title="Stage Position Corrections",
    )
    """Stage position clean-ups applied before writing."""
    omezarr_options: OmeZarrOptions = Field(
        default_factory=OmeZarrOptions, title="OME-Zarr Options"
    )
    """Layout of the output OME-Zarr (levels, chunks, version, tables)."""
    runtime_settings: RuntimeSettings = Field(
        default_factory=RuntimeSettings, title="Runtime Settings"
    )
    """Dask scheduler, zarr codec and init-to-compute hand-off settings,
    applied only during the conversion."""

    @property
    def split_per_fov(self) -> bool:
        """True when every field of view becomes its own image (`NoTiling`)."""
        return isinstance(self.tiling_strategy, NoTiling)

    @property
    def grouping(self) -> MosaicGrouping | PerFovGrouping:
        """1.x view of `tiling_strategy` as a grouping."""
        if isinstance(self.tiling_strategy, NoTiling):
            return PerFovGrouping()
        return MosaicGrouping(tiling_strategy=self.tiling_strategy)
