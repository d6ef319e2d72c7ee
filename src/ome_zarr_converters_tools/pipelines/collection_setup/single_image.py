"""Collection handler for `SingleImage`: enforce NO_OVERWRITE, create nothing."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from ome_zarr_converters_tools.core.collection import SingleImage
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsOutputExistsError,
)
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.core.url_guard import join_below
from ome_zarr_converters_tools.core.urls import filesystem_for_url
from ome_zarr_converters_tools.models.modes import OverwriteMode
from ome_zarr_converters_tools.pipelines.ome_zarr.layout import zarr_format_for

__all__ = ["setup_singleimage"]

logger = logging.getLogger(__name__)


def setup_singleimage(
    zarr_dir: str,
    tiled_images: Sequence[TiledImage[Any, Any]],
    *,
    ngff_version: str = "0.4",
    overwrite_mode: OverwriteMode | str = OverwriteMode.NO_OVERWRITE,
) -> None:
    """Check that stand-alone images may be written (handler `SingleImage`).

    A single image needs no skeleton: the compute task creates its group. Under
    `NO_OVERWRITE` this fails early, in the init task, when any target exists,
    instead of in one compute job after others already ran.

    Args:
        zarr_dir: Absolute URL of the folder that holds the images.
        tiled_images: The images (collections are `SingleImage`).
        ngff_version: NGFF version of the images (only validated here).
        overwrite_mode: What to do with existing images.

    Raises:
        ConvertersToolsOutputExistsError: If an image exists under `NO_OVERWRITE`.
    """
    overwrite_mode = OverwriteMode(overwrite_mode)
    zarr_format_for(ngff_version)
    for image in tiled_images:
        collection = image.collection
        if not isinstance(collection, SingleImage):
            raise ConvertersToolsInternalError(
                f"The single-image setup handler received image {image.path!r} whose "
                f"collection is a {type(collection).__name__}, not a SingleImage; "
                "setup_ome_zarr_collection dispatched it to the wrong handler."
            )
        if overwrite_mode is not OverwriteMode.NO_OVERWRITE:
            continue
        url = join_below(zarr_dir, collection.path(), what=f"image {image.path!r}")
        fs = filesystem_for_url(
            url, error_msg_prefix=f"Setting up image {image.path!r}"
        )
        if fs.exists(url):
            raise ConvertersToolsOutputExistsError(
                f"Image {image.path!r} already exists at {url!r} (overwrite_mode="
                f"{OverwriteMode.NO_OVERWRITE.value!r}). Set overwrite_mode="
                f"{OverwriteMode.OVERWRITE.value!r} to replace it, "
                f"{OverwriteMode.EXTEND.value!r} to keep it, or choose another "
                "zarr_dir."
            )
    logger.debug("Checked %d single image target(s) in %s", len(tiled_images), zarr_dir)
