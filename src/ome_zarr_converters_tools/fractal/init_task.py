"""Init-task helpers: set up the output collection and plan one job per image."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.core.url_guard import join_below
from ome_zarr_converters_tools.fractal.handoff import build_handoff_sources
from ome_zarr_converters_tools.fractal.models import ConvertParallelInitArgs
from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.modes import OverwriteMode
from ome_zarr_converters_tools.pipelines.collection_setup import (
    setup_ome_zarr_collection,
)
from ome_zarr_converters_tools.pipelines.collection_setup.base import (
    check_unique_paths,
)
from ome_zarr_converters_tools.pipelines.preflight import (
    check_images_before_writing,
)

__all__ = ["build_parallelization_list", "setup_images_for_conversion"]

logger = logging.getLogger(__name__)


def build_parallelization_list(
    tiled_images: Sequence[TiledImage[Any, Any]],
    *,
    zarr_dir: str,
    converter_options: ConverterOptions,
    overwrite_mode: OverwriteMode = OverwriteMode.NO_OVERWRITE,
) -> list[dict[str, Any]]:
    """Serialise the images and return one compute-job entry per image.

    Each TiledImage travels inline or as a JSON file, as
    `converter_options.runtime_settings.temp_json_options` decides.

    Args:
        tiled_images: The images to convert (not modified).
        zarr_dir: The output folder of the task.
        converter_options: Options of the run, passed on to every compute job.
        overwrite_mode: What the compute jobs do with existing images.

    Returns:
        `[{"zarr_url": <zarr_dir>/<image path>, "init_args": {...}}, ...]`, in the
        order of `tiled_images`. Each `init_args` holds `converter_options`,
        `overwrite_mode` (an `OverwriteMode` member), `tiled_image_json_str` and
        `tiled_image_json_dump_url`, exactly one of the last two not None.

    Raises:
        ConvertersToolsUserError: If two images share an output path.
        ConvertersToolsNameError: If an image path is not a relative path of
            valid names.
        ConvertersToolsUnsafePathError: If an image would lie outside
            `zarr_dir`.
    """
    check_unique_paths(tiled_images)
    # Every URL is checked to lie below zarr_dir before any hand-off file exists.
    zarr_urls = [
        join_below(zarr_dir, image.path, what=f"image {image.path!r}")
        for image in tiled_images
    ]
    json_strs = [image.model_dump_json() for image in tiled_images]
    sources = build_handoff_sources(
        json_strs,
        zarr_dir=zarr_dir,
        temp_json_options=converter_options.runtime_settings.temp_json_options,
    )
    entries: list[dict[str, Any]] = []
    for zarr_url, source in zip(zarr_urls, sources, strict=True):
        init_args = ConvertParallelInitArgs(
            converter_options=converter_options,
            overwrite_mode=overwrite_mode,
            **source,
        )
        entries.append(
            {
                "zarr_url": zarr_url,
                # 0.10 contract: all four keys, the unused source as None and
                # the enums as members (callers compare with OverwriteMode.X).
                # Every value still dumps to JSON for Fractal.
                "init_args": init_args.model_dump(),
            }
        )
    return entries


def setup_images_for_conversion(
    tiled_images: Sequence[TiledImage[Any, Any]],
    *,
    zarr_dir: str,
    collection_type: str | type[Any],
    converter_options: ConverterOptions,
    overwrite_mode: OverwriteMode = OverwriteMode.NO_OVERWRITE,
    ngff_version: str | None = None,
) -> list[dict[str, Any]]:
    """Create the output collection (plates, wells) and plan the compute jobs.

    Args:
        tiled_images: The images to convert (not modified).
        zarr_dir: The output folder of the task.
        collection_type: `"ImageInPlate"`, `"SingleImage"` or the class itself.
        converter_options: Options of the run.
        overwrite_mode: What to do with existing plates and images.
        ngff_version: NGFF version of the collection; None (recommended) takes
            `converter_options.omezarr_options.ngff_version`, the version the
            images are written with. Kept for 0.10 callers; a value that differs
            from the options is refused, because a plate and its images must
            share one version.

    Returns:
        The parallelization list (see `build_parallelization_list`); a Fractal
        init task returns it as `{"parallelization_list": ...}`.

    Raises:
        ConvertersToolsUserError: If two images share an output path,
            `ngff_version` contradicts the converter options, `zarr_dir` is a
            file, or an image's registration plan fails the init checks of
            `pipelines/preflight.py` (checked before anything is written).
        ConvertersToolsOutputExistsError: If the output exists and
            `overwrite_mode` is `No Overwrite`.
    """
    start = time.perf_counter()
    options_version = str(converter_options.omezarr_options.ngff_version)
    if ngff_version is not None and str(ngff_version) != options_version:
        raise ConvertersToolsUserError(
            f"setup_images_for_conversion got ngff_version={str(ngff_version)!r} but "
            f"the images are written with converter_options.omezarr_options."
            f"ngff_version={options_version!r}; a plate and its images must use "
            "the same version. Drop the ngff_version argument and set the version "
            "in OmeZarrOptions instead."
        )
    check_unique_paths(tiled_images)
    # Everything that can be known from the metadata is checked before the
    # first folder is created, so a refusal leaves nothing on disk.
    check_images_before_writing(
        tiled_images, converter_options=converter_options, zarr_dir=zarr_dir
    )
    setup_ome_zarr_collection(
        tiled_images=list(tiled_images),
        collection_type=collection_type,
        zarr_dir=zarr_dir,
        ngff_version=options_version,
        overwrite_mode=overwrite_mode,
    )
    entries = build_parallelization_list(
        tiled_images,
        zarr_dir=zarr_dir,
        converter_options=converter_options,
        overwrite_mode=overwrite_mode,
    )
    logger.info(
        "Set up %s image(s) under %s in %.2f s",
        len(entries),
        zarr_dir,
        time.perf_counter() - start,
    )
    return entries
