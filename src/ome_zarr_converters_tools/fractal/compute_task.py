"""Compute-task helper: convert one handed-off TiledImage and report it to Fractal."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any, TypedDict

from ome_zarr_converters_tools.core.collection import ImageInPlate
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.core.urls import filesystem_for_url
from ome_zarr_converters_tools.fractal.handoff import (
    release_handoff_file,
    tiled_image_from_json,
    tiled_image_from_json_str,
)
from ome_zarr_converters_tools.fractal.payload import ConvertParallelInitArgs
from ome_zarr_converters_tools.models.modes import OverwriteMode
from ome_zarr_converters_tools.pipelines.creation import (
    tiled_image_creation_pipeline,
)
from ome_zarr_converters_tools.pipelines.ome_zarr.container import (
    image_write_lock,
    is_finished_image,
)
from ome_zarr_converters_tools.pipelines.registration import (
    build_default_registration_pipeline,
)

__all__ = ["ImageListUpdateDict", "UpdateDict", "generic_compute_task"]

logger = logging.getLogger(__name__)


class UpdateDict(TypedDict):
    """One Fractal image-list entry produced by a compute task."""

    zarr_url: str
    types: dict[str, Any]
    attributes: dict[str, str | int | float | bool | None]


class ImageListUpdateDict(TypedDict):
    """What a converter compute task returns to Fractal."""

    image_list_updates: list[UpdateDict]


def _collapse_attribute(values: Any) -> str | int | float | bool | None:
    """Turn a tile attribute list into one image-list value.

    One element stays as it is (None included); several are joined with `" & "`
    after `str()`, so `[1, None]` becomes `"1 & None"`.
    """
    if not isinstance(values, list | tuple):
        return values  # type: ignore[no-any-return]
    if len(values) == 1:
        return values[0]  # type: ignore[no-any-return]
    return " & ".join(str(value) for value in values)


def _image_types(container: Any) -> dict[str, bool]:
    """Build the `types` of the update: `is_3D` always, `is_time_series` if true."""
    image = container.get_image()
    sizes = dict(zip(image.axes, image.shape, strict=True))
    types = {"is_3D": sizes.get("z", 1) > 1}
    if sizes.get("t", 1) > 1:
        types["is_time_series"] = True
    return types


def _build_update(
    *, zarr_url: str, container: Any, tiled_image: TiledImage[Any, Any]
) -> ImageListUpdateDict:
    """Assemble the image-list update of one converted image."""
    attributes = {
        key: _collapse_attribute(value) for key, value in tiled_image.attributes.items()
    }
    collection = tiled_image.collection
    if isinstance(collection, ImageInPlate):
        attributes["plate"] = collection.plate_path()
        attributes["well"] = collection.well
        attributes["acquisition"] = collection.acquisition
    update = UpdateDict(
        zarr_url=zarr_url, types=_image_types(container), attributes=attributes
    )
    return ImageListUpdateDict(image_list_updates=[update])


def _finished_image_exists(url: str) -> bool:
    """Tell whether a finished image is stored at `url` (False if unknown)."""
    try:
        return is_finished_image(url)
    except (OSError, ConvertersToolsUserError) as exc:
        logger.debug("Could not check whether %s exists: %s", url, exc)
        return False


def _stored_bytes(url: str) -> int:
    """Return the bytes stored under `url` (0 when it cannot be measured)."""
    try:
        fs = filesystem_for_url(url, error_msg_prefix="Measuring the output")
        return int(fs.du(url, total=True))
    except (OSError, ConvertersToolsUserError) as exc:
        logger.debug("Could not measure the size of %s: %s", url, exc)
        return 0


def _load_tiled_image(
    args: ConvertParallelInitArgs,
    *,
    collection_type: type[Any],
    image_loader_type: type[Any],
) -> TiledImage[Any, Any]:
    """Read the TiledImage from whichever JSON source the init task used."""
    if args.tiled_image_json_str is not None:
        return tiled_image_from_json_str(
            args.tiled_image_json_str, collection_type, image_loader_type
        )
    url = str(args.tiled_image_json_dump_url)
    return tiled_image_from_json(url, collection_type, image_loader_type)


def generic_compute_task(
    *,
    zarr_url: str,
    init_args: ConvertParallelInitArgs | Mapping[str, Any],
    collection_type: type[Any],
    image_loader_type: type[Any],
    resource: Any | None = None,
) -> ImageListUpdateDict:
    """Convert one image handed over by the init task and describe it for Fractal.

    Loads the TiledImage (inline or from its JSON file, waiting for a late file),
    runs the default registration pipeline of the converter options, writes the
    OME-Zarr image, deletes the hand-off file after the successful write (and
    the run's hand-off folder when it was the last one), and returns the
    image-list update. In `Extend` mode an existing image is left
    untouched and still reported.

    Args:
        zarr_url: The image URL from the parallelization list.
        init_args: `ConvertParallelInitArgs` or its dict form.
        collection_type: The collection class the init task used (e.g.
            `ImageInPlate`); JSON carries no type tags.
        image_loader_type: The loader class the init task used (e.g.
            `DefaultImageLoader`).
        resource: Passed to the loaders (e.g. the raw data folder).

    Returns:
        `{"image_list_updates": [{"zarr_url", "types", "attributes"}]}`.

    Raises:
        ConvertersToolsFileNotFoundError: If the hand-off file never appears.
        pydantic.ValidationError: If `init_args` is malformed.
    """
    start = time.perf_counter()
    args = ConvertParallelInitArgs.model_validate(init_args)
    tiled_image = _load_tiled_image(
        args, collection_type=collection_type, image_loader_type=image_loader_type
    )
    options = args.converter_options
    if not zarr_url.rstrip("/").endswith(tiled_image.path):
        # Fractal passes the URL the init task planned; a different one means the
        # image-list attributes (plate, well) will not describe where it lands.
        logger.warning(
            "zarr_url %s does not end with the image path %s planned by the init "
            "task; the image is written at zarr_url anyway",
            zarr_url,
            tiled_image.path,
        )
    logger.info(
        "Converting %s (%s region(s), axes %s, dtype %s) to %s",
        tiled_image.path,
        len(tiled_image.regions),
        "".join(tiled_image.axes),
        tiled_image.data_type,
        zarr_url,
    )
    # A second job of the same image waits until this one has written *and*
    # described it (an Overwrite would otherwise replace it in between).
    with image_write_lock(zarr_url, tiled_image.path):
        # In Extend mode a finished image is kept as it is: nothing gets written. An
        # interrupted one (it still carries the marker) is written again.
        kept_as_is = args.overwrite_mode == OverwriteMode.EXTEND and (
            _finished_image_exists(zarr_url)
        )
        registration_pipeline = build_default_registration_pipeline(
            options.stage_position_corrections,
            options.tiling_strategy,
        )
        container = tiled_image_creation_pipeline(
            zarr_url=zarr_url,
            tiled_image=tiled_image,
            registration_pipeline=registration_pipeline,
            converter_options=options,
            writer_mode=options.writer_mode,
            overwrite_mode=args.overwrite_mode,
            resource=resource,
        )
        if args.tiled_image_json_dump_url is not None:
            # Deletes only what the init task wrote: this job's file, then the run
            # folder (and a temp_url the run created) once the last job is done.
            release_handoff_file(args.tiled_image_json_dump_url)
        elapsed = time.perf_counter() - start
        if kept_as_is:
            logger.info(
                "Kept the existing image %s (Extend mode) in %.2f s, 0 bytes written",
                zarr_url,
                elapsed,
            )
        else:
            logger.info(
                "Converted %s in %.2f s, %s bytes written",
                zarr_url,
                elapsed,
                _stored_bytes(zarr_url),
            )
        return _build_update(
            zarr_url=zarr_url, container=container, tiled_image=tiled_image
        )
