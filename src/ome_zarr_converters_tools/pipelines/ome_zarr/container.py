"""Create an OME-Zarr image container, fill it, and attach its metadata and tables.

`write_tiled_image_as_zarr` is the one entry point. It validates the layout,
applies the overwrite mode, creates the empty container with ngio, hands it to
the writers room (which writes level 0 *and* the pyramid, so this module never
calls `consolidate()`), then sets the channel display windows and writes the
ROI and condition tables (FEATURES §2 steps 10-13, §3).

While an image is being written its folder holds the marker file
`INCOMPLETE_MARKER` (created with the empty container, before any pixel data,
and removed only after pixels, pyramid, windows and tables are all written).
ngio writes complete-looking OME metadata as soon as the empty container
exists, so without the marker an image whose conversion died half-way would
look finished and EXTEND would keep it. The marker is a plain file, not a zarr
key: it changes no metadata and is not a group member.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import fsspec
from ngio import OmeZarrContainer, open_ome_zarr_container

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsOutputExistsError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.ngio_compat import create_empty_ome_zarr
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.core.url_guard import (
    check_below,
    image_root,
    remove_below,
)
from ome_zarr_converters_tools.core.urls import (
    UrlType,
    filesystem_for_url,
    find_url_type,
    join_url_paths,
    local_url_to_path,
    parent_url,
)
from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.modes import OverwriteMode, WriterMode
from ome_zarr_converters_tools.pipelines.ome_zarr.layout import (
    build_channels_meta,
    check_layout,
    compute_chunk_shape,
    compute_shard_shape,
    zarr_format_for,
)
from ome_zarr_converters_tools.pipelines.ome_zarr.tables import (
    build_condition_frame,
    write_image_tables,
)
from ome_zarr_converters_tools.pipelines.writers import write_pixels

__all__ = [
    "INCOMPLETE_MARKER",
    "is_finished_image",
    "store_url",
    "write_tiled_image_as_zarr",
]

logger = logging.getLogger(__name__)

_GROUP_MARKERS = {2: ".zgroup", 3: "zarr.json"}

INCOMPLETE_MARKER = ".conversion-incomplete"
"""File in an image folder while its conversion runs; present afterwards only
if the conversion was interrupted (the image is then not a finished image)."""

_MARKER_TEXT = (
    b"This OME-Zarr image is being written by ome-zarr-converters-tools, or its\n"
    b"conversion was interrupted. Rerun the conversion with overwrite_mode\n"
    b"'Extend' or 'Overwrite' to write it again.\n"
)


def store_url(url: str) -> str:
    """Return the form of `url` that fsspec, zarr and ngio all resolve alike.

    fsspec expands `~` while zarr's local store takes it literally (it would
    create a folder named `~`), so local URLs become absolute paths; remote
    URLs are returned unchanged.

    Args:
        url: An absolute local path or a remote URL.

    Returns:
        The URL to open stores with.
    """
    if find_url_type(url) is UrlType.LOCAL:
        return str(local_url_to_path(url))
    return url


def _open_existing(zarr_url: str, *, image: str) -> OmeZarrContainer:
    """Open the image EXTEND keeps; an unreadable store is an error, never replaced.

    0.10 silently overwrote a store it could not open (FEATURES §6 item 7),
    losing whatever was there.
    """
    try:
        return open_ome_zarr_container(zarr_url)
    except Exception as exc:
        raise ConvertersToolsUserError(
            f"Image {image!r}: {zarr_url!r} exists but cannot be opened as an "
            f"OME-Zarr image ({type(exc).__name__}: {exc}). With overwrite_mode="
            f"{OverwriteMode.EXTEND.value!r} existing images are kept untouched, so "
            "it is not replaced. Inspect or delete it, or rerun with overwrite_mode="
            f"{OverwriteMode.OVERWRITE.value!r} to replace it."
        ) from exc


def _is_incomplete(zarr_url: str, fs: fsspec.AbstractFileSystem) -> bool:
    """Tell whether the image at `zarr_url` is an interrupted conversion."""
    return bool(fs.exists(join_url_paths(zarr_url, INCOMPLETE_MARKER)))


def is_finished_image(zarr_url: str) -> bool:
    """Tell whether a finished image is stored at `zarr_url`.

    Finished means stored and free of the in-progress marker: exactly the images
    `EXTEND` keeps untouched, so callers that report what a write did (the
    Fractal compute task) ask this rather than re-deriving the rule.
    """
    fs = filesystem_for_url(zarr_url, error_msg_prefix="Checking the output")
    url = store_url(zarr_url)
    return bool(fs.exists(url)) and not _is_incomplete(url, fs)


def _mark_incomplete(zarr_url: str, fs: fsspec.AbstractFileSystem) -> None:
    """Create the in-progress marker before any pixel data of the image exists.

    Written through the same fsspec filesystem as the existence checks, so
    local paths and `s3://` URLs behave alike.
    """
    fs.makedirs(zarr_url, exist_ok=True)
    fs.pipe_file(join_url_paths(zarr_url, INCOMPLETE_MARKER), _MARKER_TEXT)


def _mark_complete(zarr_url: str, fs: fsspec.AbstractFileSystem) -> None:
    """Remove the in-progress marker: the image is now finished."""
    fs.rm_file(join_url_paths(zarr_url, INCOMPLETE_MARKER))


def _check_parent_format(
    zarr_url: str, fs: fsspec.AbstractFileSystem, *, zarr_format: int, image: str
) -> None:
    """Refuse an image whose zarr format differs from the group it lives in.

    A plate set up as NGFF 0.4 (zarr v2) cannot hold NGFF 0.5 images (zarr v3)
    or the reverse; 0.10 let the init and compute versions drift apart
    (FEATURES §6 item 16).
    """
    try:
        parent = parent_url(zarr_url)
    except ConvertersToolsUserError:
        return
    other = 3 if zarr_format == 2 else 2
    if fs.exists(join_url_paths(parent, _GROUP_MARKERS[other])):
        version = {2: "0.4", 3: "0.5"}
        raise ConvertersToolsUserError(
            f"Image {image!r} is to be written as NGFF {version[zarr_format]} (zarr "
            f"v{zarr_format}) into {parent!r}, which is a zarr v{other} group (NGFF "
            f"{version[other]}). Use the same ngff_version for the collection setup "
            "(setup_images_for_conversion / setup_ome_zarr_collection) and for "
            "ConverterOptions.omezarr_options."
        )


def write_tiled_image_as_zarr(
    *,
    zarr_url: str,
    tiled_image: TiledImage[Any, Any],
    converter_options: ConverterOptions,
    writer_mode: WriterMode | str | None = None,
    overwrite_mode: OverwriteMode | str = OverwriteMode.NO_OVERWRITE,
    resource: Any | None = None,
) -> OmeZarrContainer:
    """Write a (registered) tiled image as one OME-Zarr image.

    Steps: check the layout (all user errors are raised before anything is
    written), apply the overwrite mode, create the empty container (NGFF 0.4 =
    zarr v2, 0.5 = zarr v3; chunks, shards, levels, channels, translation and
    dtype from the image and `converter_options.omezarr_options`), write every
    pyramid level, set the omero windows from the 0.1/99.9 percentiles of the
    lowest resolution, and write the tables.

    Args:
        zarr_url: Absolute URL of the image group (local path or `s3://`).
        tiled_image: The image; normally registered (pixel space), but
            world-space regions are accepted and rounded by their endpoints.
        converter_options: Conversion options; `omezarr_options` sets the layout.
        writer_mode: Writer to use; `converter_options.writer_mode` when `None`.
        overwrite_mode: `NO_OVERWRITE` refuses an existing image, `OVERWRITE`
            replaces it, `EXTEND` returns it untouched. An image left
            incomplete by an interrupted conversion (it still holds
            `INCOMPLETE_MARKER`) is not a finished image: `EXTEND` writes it
            again (with a warning), `NO_OVERWRITE` refuses it.
        resource: Passed to the image loaders.

    Returns:
        The ngio container of the image (the existing one in EXTEND mode).

    Raises:
        ConvertersToolsOutputExistsError: If the image exists (finished or
            interrupted) and the mode is `NO_OVERWRITE`.
        ConvertersToolsUserError: For an invalid layout (channels without a `c`
            axis, sharding with NGFF 0.4, ...), a zarr format differing from
            the parent plate, attribute lists of different lengths, or an
            unreadable existing image in EXTEND mode.
        ConvertersToolsNameError: If `tiled_image.path` is not a relative path
            of valid names.
        ConvertersToolsUnsafePathError: If `zarr_url` is a root or bucket, or
            could not be replaced safely (see `core/url_guard.py`).
    """
    overwrite_mode = OverwriteMode(overwrite_mode)
    mode = converter_options.writer_mode if writer_mode is None else writer_mode
    options = converter_options.omezarr_options
    image = tiled_image.path
    fs = filesystem_for_url(zarr_url, error_msg_prefix=f"Writing image {image!r}")
    zarr_url = store_url(zarr_url)
    # The image may only create or replace itself, below the folder it was
    # planned in (core/url_guard.py); checked before anything is touched.
    root = image_root(zarr_url, image)
    check_below(zarr_url, root=root, what=f"image {image!r}")
    exists = bool(fs.exists(zarr_url))
    incomplete = exists and _is_incomplete(zarr_url, fs)
    if incomplete and overwrite_mode is OverwriteMode.NO_OVERWRITE:
        raise ConvertersToolsOutputExistsError(
            f"Image {image!r} at {zarr_url!r} is an interrupted conversion: it still "
            f"holds the marker file {INCOMPLETE_MARKER!r}, so its pixels or tables "
            f"may be missing (overwrite_mode={OverwriteMode.NO_OVERWRITE.value!r}). "
            f"Rerun with overwrite_mode={OverwriteMode.EXTEND.value!r} or "
            f"{OverwriteMode.OVERWRITE.value!r} to write it again."
        )
    if incomplete and overwrite_mode is OverwriteMode.EXTEND:
        logger.warning(
            "Image %r at %r is an interrupted conversion (marker %r found); "
            "EXTEND writes it again",
            image,
            zarr_url,
            INCOMPLETE_MARKER,
        )
    elif exists and overwrite_mode is OverwriteMode.EXTEND:
        logger.info("Image %s exists; EXTEND keeps it untouched", zarr_url)
        return _open_existing(zarr_url, image=image)
    if exists and overwrite_mode is OverwriteMode.NO_OVERWRITE:
        raise ConvertersToolsOutputExistsError(
            f"Image {image!r} already exists at {zarr_url!r} (overwrite_mode="
            f"{OverwriteMode.NO_OVERWRITE.value!r}). Set overwrite_mode="
            f"{OverwriteMode.OVERWRITE.value!r} to replace it, "
            f"{OverwriteMode.EXTEND.value!r} to keep it, or choose another zarr_dir."
        )

    zarr_format = zarr_format_for(options.ngff_version)
    shape = tiled_image.output_shape()
    chunks = compute_chunk_shape(tiled_image, omezarr_options=options, shape=shape)
    shards = compute_shard_shape(
        chunks, axes=tiled_image.axes, omezarr_options=options, shape=shape
    )
    check_layout(tiled_image, omezarr_options=options, shape=shape, shards=shards)
    _check_parent_format(zarr_url, fs, zarr_format=zarr_format, image=image)
    build_condition_frame(tiled_image.attributes, image=image)
    channels_meta = build_channels_meta(tiled_image, shape=shape)

    if exists:
        remove_below(
            fs,
            zarr_url,
            root=root,
            what=f"the existing image {image!r} ({overwrite_mode.value})",
        )
    started = time.perf_counter()
    container = create_empty_ome_zarr(
        store=zarr_url,
        shape=shape,
        pixelsize=tiled_image.pixelsize,
        z_spacing=tiled_image.z_spacing,
        time_spacing=tiled_image.t_spacing,
        levels=options.to_ngio_levels(),
        translation=tiled_image.translation,
        axes_names=list(tiled_image.axes),
        channels_meta=channels_meta,
        ngff_version=options.ngff_version,
        chunks=chunks,
        shards=shards,
        dtype=tiled_image.data_type,
        overwrite=False,
    )
    # ngio refuses to create a container in a non-empty folder, so the marker
    # follows the (metadata-only) creation and precedes any pixel data. From
    # here until _mark_complete an exception leaves the marker behind on
    # purpose: the partial image stays recognisably incomplete.
    _mark_incomplete(zarr_url, fs)
    logger.info(
        "Created %s: shape %s, chunks %s, shards %s, NGFF %s",
        zarr_url,
        shape,
        chunks,
        shards,
        options.ngff_version,
    )
    write_pixels(tiled_image, container, writer_mode=mode, resource=resource)
    container.set_channel_windows_with_percentiles()
    write_image_tables(container, tiled_image, backend=options.table_backend.value)
    _mark_complete(zarr_url, fs)
    logger.info("Wrote image %s in %.2f s", zarr_url, time.perf_counter() - started)
    return container
