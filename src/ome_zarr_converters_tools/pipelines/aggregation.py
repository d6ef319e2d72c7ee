"""The init-time aggregation pipeline: filter tiles, group them into images, validate.

`tiles_aggregation_pipeline` is what a converter's init task calls after
parsing: the user's filters drop tiles, the remaining tiles are grouped into one
`TiledImage` per output image (per FOV when the tiling strategy asks for it),
and the validators check every image before any compute job is dispatched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.pipelines.filters import (
    FilterModel,
    FilterOutcome,
    apply_filter_pipeline_with_outcomes,
)
from ome_zarr_converters_tools.pipelines.preflight import (
    check_aggregated_images,
    headers_enabled,
)
from ome_zarr_converters_tools.pipelines.validators import (
    ValidatorModel,
    ValidatorStep,
    apply_validator_pipeline,
)

if TYPE_CHECKING:
    from ome_zarr_converters_tools.core.tile import Tile
    from ome_zarr_converters_tools.core.tiled_image import TiledImage
    from ome_zarr_converters_tools.models.converter import ConverterOptions

__all__ = ["tiles_aggregation_pipeline"]

logger = logging.getLogger(__name__)


def _everything_filtered_error(
    n_tiles: int, outcomes: Sequence[FilterOutcome]
) -> ConvertersToolsUserError:
    """Build the error naming the filters that removed every tile."""
    lines = [
        f"  - {outcome.description} removed {outcome.tiles_removed} of "
        f"{outcome.tiles_in} tile(s)"
        for outcome in outcomes
    ]
    return ConvertersToolsUserError(
        f"The filters removed all {n_tiles} tile(s), so there is nothing to "
        "convert (expected at least 1 tile after filtering, got 0):\n"
        + "\n".join(lines)
        + "\nCheck the filter parameters (well names such as 'A01', regular "
        "expressions, Include/Exclude mode) or remove the filters."
    )


def tiles_aggregation_pipeline(
    tiles: Iterable[Tile[Any, Any]],
    *,
    converter_options: ConverterOptions,
    filters: Sequence[FilterModel | Mapping[str, Any]] | None = None,
    validators: Sequence[ValidatorModel | ValidatorStep | Mapping[str, Any]]
    | None = None,
    resource: Any | None = None,
    check_headers: bool | None = None,
    ngff_names: bool | None = None,
) -> list[TiledImage[Any, Any]]:
    """Filter tiles, group them into `TiledImage`s, check and validate the images.

    Every image's tiling and registration plan is run as a dry run and checked
    (pyramid levels, tiles of one FOV writing the same voxels, channels without
    tiles), and every tile's file header is read (in threads) and compared with
    its planned region (shape, axes, dtype), so these problems stop the init
    task before anything is written (`pipelines/preflight.py`).

    Args:
        tiles: The parsed tiles (not modified).
        converter_options: Conversion options; the tiling strategy decides
            whether every FOV becomes its own image.
        filters: Filter models applied in order (logical AND), e.g.
            `acquisition_options.filters`; `None` keeps every tile.
        validators: Validator models or 0.10 `ValidatorStep` dicts run on every
            image; `None` runs none.
        resource: Per-call context handed to the loaders (dtype detection,
            header checks, validators).
        check_headers: Read the file headers at init. None (default) means
            yes unless the environment variable `OZCT_CHECK_HEADERS` is `0`;
            pass False (or set the variable) when the sources are remote and
            slow to open. A keyword of this function rather than an option
            field, so the 0.10 option schemas stay unchanged.
        ngff_names: Per-FOV conversions (`NoTiling`, per-FOV grouping) into a
            plate name their images with letters and digits only (`0FOV1`
            instead of the 0.10 name `0_FOV_1`, which NGFF validators reject).
            None (default) means no unless the environment variable
            `OZCT_NGFF_NAMES` is `1`. Also a keyword for the schema's sake.

    Returns:
        One `TiledImage` per output image.

    Raises:
        ConvertersToolsUserError: If the filters removed every tile (the message
            lists how many tiles each filter removed), `tiles` is empty, a
            filter or validator is unknown, a validator rejects an image, or
            an init check fails (the message names the image, tile and file).
        ConvertersToolsFileNotFoundError: If a file or the resource folder is
            missing (header checks).
    """
    kept = list(tiles)
    n_tiles = len(kept)
    if filters:
        kept, outcomes = apply_filter_pipeline_with_outcomes(
            kept, filters_config=filters
        )
        if n_tiles and not kept:
            raise _everything_filtered_error(n_tiles, outcomes)
    tiled_images: list[TiledImage[Any, Any]] = tiled_image_from_tiles(
        tiles=kept,
        converter_options=converter_options,
        resource=resource,
        ngff_names=ngff_names,
    )
    logger.info("Aggregated %d tile(s) into %d image(s)", len(kept), len(tiled_images))
    check_aggregated_images(
        tiled_images,
        converter_options=converter_options,
        resource=resource,
        read_headers=headers_enabled(check_headers),
    )
    if validators:
        tiled_images = apply_validator_pipeline(
            tiled_images, validators, resource=resource
        )
    return tiled_images
