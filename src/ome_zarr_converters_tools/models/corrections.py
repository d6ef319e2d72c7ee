"""StagePositionCorrections: which stage-position clean-ups registration applies.

The 0.10 fields (`align_xy`, `align_z`, `align_t`) and the 1.x fields are all
accepted and stored. Which ones the schema shows is the API line's choice
(`core.api_line`): the 0.10 line shows the 0.10 fields, the 1.x line the 1.x
ones (`align_xy` as `remove_xy_jitter`). Fields the line hides are left out of
dumps while they hold their default (`core.api_line.LinePresentedDump`), so 0.10
parameter files and JSON hand-offs look exactly as before.
"""

from __future__ import annotations

import logging
from typing import Literal

from pydantic import Field

from ome_zarr_converters_tools.core.api_line import line_default, presentation_config
from ome_zarr_converters_tools.models.base import UserFacingModel

__all__ = ["OffsetMode", "StagePositionCorrections", "ZOffsetMode"]

logger = logging.getLogger(__name__)

OffsetMode = Literal["Keep", "Global"]
"""How an axis offset is removed: keep stage positions or shift all together."""
ZOffsetMode = Literal["Keep", "Per-FOV", "Global"]
"""Like `OffsetMode`, plus shifting each field of view to z origin 0."""


class StagePositionCorrections(UserFacingModel):
    """Corrections applied to the stage positions before the image is written."""

    model_config = presentation_config("StagePositionCorrections")

    # Off on the 0.10 line, on (`remove_xy_jitter=True`) on the 1.x line.
    align_xy: bool = Field(
        default=line_default("StagePositionCorrections.align_xy"), title="Align XY"
    )
    """Snap the sub-tiles of each field of view to a shared xy origin.

    Removes the small stage imprecision between tiles of one FOV (z planes,
    channels, time points). 1.x name: `remove_xy_jitter`.
    """
    align_z: bool = Field(default=False, title="Align Z")
    """Align z positions per field of view (not implemented in 0.10; see
    `remove_z_offset="Per-FOV"`)."""
    align_t: bool = Field(default=False, title="Align T")
    """Align time positions per field of view (not implemented in 0.10)."""

    remove_xy_offset: OffsetMode = Field(default="Global")
    """1.x: `Global` shifts all positions so the xy origin is 0; `Keep` uses the
    stage positions as they are (negative positions are an error)."""
    remove_z_offset: ZOffsetMode = Field(default="Global")
    """1.x: `Global` shifts the z origin to 0, `Per-FOV` does it per field of
    view, `Keep` uses the stage positions."""
    remove_t_offset: OffsetMode = Field(default="Global")
    """1.x: `Global` shifts the time origin to 0, `Keep` uses the positions."""
    reindex_channels: bool = Field(default=True)
    """1.x: convert only the channels present and compact their indices; when
    False, channels declared but not acquired stay as empty planes."""
