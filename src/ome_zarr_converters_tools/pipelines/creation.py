"""Compute-side orchestrator: register one tiled image, then write it as OME-Zarr."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from ngio import OmeZarrContainer

from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.modes import OverwriteMode, WriterMode
from ome_zarr_converters_tools.pipelines.ome_zarr.container import (
    write_tiled_image_as_zarr,
)
from ome_zarr_converters_tools.pipelines.registration import (
    RegistrationStep,
    apply_registration_pipeline,
)

__all__ = ["tiled_image_creation_pipeline"]

logger = logging.getLogger(__name__)


def tiled_image_creation_pipeline(
    *,
    zarr_url: str,
    tiled_image: TiledImage[Any, Any],
    registration_pipeline: Sequence[RegistrationStep],
    converter_options: ConverterOptions,
    writer_mode: WriterMode | str | None = None,
    overwrite_mode: OverwriteMode | str = OverwriteMode.NO_OVERWRITE,
    resource: Any | None = None,
) -> OmeZarrContainer:
    """Register `tiled_image` and write it to `zarr_url`.

    Both steps run inside `converter_options.runtime_settings.job()`, so the
    dask scheduler (and the zarrs codec, when enabled) chosen by the user apply
    to this job's pixel writers, and to nothing else: no process-wide dask or
    zarr configuration changes, so jobs overlapping in other threads keep
    their own settings. The input image is left unchanged.

    Args:
        zarr_url: Absolute URL of the image group to write.
        tiled_image: The image, as built by `tiles_aggregation_pipeline`.
        registration_pipeline: The registration steps, e.g. from
            `build_default_registration_pipeline`.
        converter_options: Conversion options (layout, runtime settings).
        writer_mode: Writer to use; `converter_options.writer_mode` when `None`.
        overwrite_mode: What to do when the image already exists.
        resource: Passed to the image loaders.

    Returns:
        The ngio container of the written (or, with EXTEND, existing) image.
    """
    with converter_options.runtime_settings.job():
        logger.info(
            "Registering image %s (%d steps)",
            tiled_image.path,
            len(registration_pipeline),
        )
        registered = apply_registration_pipeline(
            tiled_image, list(registration_pipeline)
        )
        return write_tiled_image_as_zarr(
            zarr_url=zarr_url,
            tiled_image=registered,
            converter_options=converter_options,
            writer_mode=writer_mode,
            overwrite_mode=overwrite_mode,
            resource=resource,
        )
