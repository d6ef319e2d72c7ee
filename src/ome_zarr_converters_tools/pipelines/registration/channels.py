"""Registration step `reindex_channels`: compact the channel indices to 0..n-1.

When a converter filters channels (or an acquisition skips some), the covered
channel indices have gaps; the output `c` axis would then hold empty planes and
the channel metadata would not match. This step maps the covered indices, in
order, to 0, 1, ... and keeps only the matching `ChannelInfo` entries.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.models.corrections import StagePositionCorrections
from ome_zarr_converters_tools.pipelines.registration.arrays import RegionGeometry
from ome_zarr_converters_tools.pipelines.registration.base import (
    coerce_corrections,
    run_on_geometry,
)

__all__ = [
    "STEP_ALIASES",
    "STEP_NAME",
    "apply_reindex_channels",
    "reindex_channels_geometry",
]

logger = logging.getLogger(__name__)

STEP_NAME = "reindex_channels"
"""Registry name (1.x)."""
STEP_ALIASES: tuple[str, ...] = ()
"""Other registry names that resolve to this step."""


def reindex_channels_geometry(
    tiled_image: TiledImage[Any, Any],
    geometry: RegionGeometry,
    /,
    corrections: StagePositionCorrections | dict[str, Any] | None = None,
) -> RegionGeometry:
    """Array form of `apply_reindex_channels` (see there)."""
    options = coerce_corrections(corrections, step=STEP_NAME)
    col = geometry.column("c")
    if not options.reindex_channels or col is None or not geometry.names:
        return geometry
    c_start = geometry.starts[:, col]
    c_stop = c_start + geometry.lengths[:, col]
    bad = (c_start < 0) | (c_start != np.rint(c_start)) | (c_stop != np.rint(c_stop))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ConvertersToolsUserError(
            f"Image {tiled_image.path!r}: FOV {geometry.names[row]!r} covers "
            f"channels [{float(c_start[row])!r}, {float(c_stop[row])!r}); channel "
            "indices must be whole numbers >= 0. Fix start_c/length_c of the tiles."
        )
    starts_int = c_start.astype(np.int64)
    stops_int = c_stop.astype(np.int64)
    covered = np.zeros(int(stops_int.max()), dtype=bool)
    for start, stop in set(zip(starts_int.tolist(), stops_int.tolist(), strict=True)):
        covered[start:stop] = True
    present = np.flatnonzero(covered)
    update: dict[str, Any] = {}
    channels = geometry.update.get("channels", tiled_image.channels)
    if channels is not None:
        if present[-1] >= len(channels):
            row = int(np.argmax(stops_int))
            raise ConvertersToolsUserError(
                f"Image {tiled_image.path!r}: FOV {geometry.names[row]!r} covers "
                f"channel index {int(present[-1])} but channels lists "
                f"{len(channels)} entries "
                f"({[c.channel_label for c in channels]}). Give one ChannelInfo "
                "per channel index, or set channels=None."
            )
        update["channels"] = [channels[i] for i in present.tolist()]
    rank = np.cumsum(covered) - 1  # new index of each covered old index
    starts = geometry.starts.copy()
    starts[:, col] = rank[starts_int].astype(np.float64)
    logger.debug(
        "reindex channels on %s: %s -> 0..%s",
        tiled_image.path,
        present.tolist(),
        len(present) - 1,
    )
    return geometry.evolve(starts=starts, **update)


def apply_reindex_channels(
    tiled_image: TiledImage[Any, Any],
    /,
    corrections: StagePositionCorrections | dict[str, Any] | None = None,
) -> TiledImage[Any, Any]:
    """Map the covered channel indices to 0..n-1 and compact `channels`.

    A region spanning several channels (`length_c > 1`) covers consecutive
    indices, which stay consecutive after compaction, so only its start moves.
    No-op when `corrections.reindex_channels` is off or the image has no `c`
    axis; with it off, uncovered declared channels are written as empty planes.

    Args:
        tiled_image: The image; not modified.
        corrections: The stage-position corrections (None = defaults, on).

    Returns:
        A new image.

    Raises:
        ConvertersToolsUserError: If a region covers a channel index outside
            `channels`, or a negative or fractional one.
    """
    return run_on_geometry(
        reindex_channels_geometry, tiled_image, corrections=corrections
    )
