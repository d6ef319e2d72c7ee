"""Create an OME-Zarr image container, fill it, and attach its metadata and tables.

`write_tiled_image_as_zarr` is the one entry point. It validates the layout,
applies the overwrite mode, creates the empty container with ngio, hands it to
the writers room (which writes level 0 *and* the pyramid, so this module never
calls `consolidate()`), then sets the channel display windows and writes the
ROI and condition tables (FEATURES §2 steps 10-13, §3).

What "finished" means (docs/dev/architecture.md, "Finished images"):

- `INCOMPLETE_MARKER` is created in the image folder **before the first byte
  of the image** (the zarr group is then opened in that non-empty folder and
  handed to ngio), and removed **last**, after pixels, pyramid, windows,
  tables and the finished record. Deleting an image (`Overwrite`, or `Extend`
  redoing one) first writes the marker again and removes it last of all
  files. So at every instant an image that is not complete holds the marker,
  or holds no file at all.
- `FINISHED_RECORD` is written just before the marker is removed. It lists
  every file of the image with its size (and, opt-in, a checksum), so
  `Extend` can tell an image this library finished (redone if damaged) from
  one it did not write (refused if damaged, never deleted).

Both are plain files, not zarr keys: they change no metadata and are not group
members.
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import logging
import os
import time
from contextlib import AbstractContextManager
from typing import Any

import fsspec
from ngio import OmeZarrContainer, open_ome_zarr_container
from ngio.utils import ZarrGroupHandler

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsDamagedOutputError,
    ConvertersToolsError,
    ConvertersToolsOutputExistsError,
    ConvertersToolsUserError,
    ConvertersToolsWriteError,
)
from ome_zarr_converters_tools.core.locks import image_lock
from ome_zarr_converters_tools.core.ngio_compat import create_empty_ome_zarr
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.core.url_guard import (
    check_below,
    check_removable,
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
    "CHECKSUMS_ENV",
    "FINISHED_RECORD",
    "INCOMPLETE_MARKER",
    "VERIFY_ENV",
    "check_existing_image",
    "image_write_lock",
    "is_finished_image",
    "store_url",
    "verify_image",
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

FINISHED_RECORD = ".conversion-finished.json"
"""File written into an image folder just before `INCOMPLETE_MARKER` is removed:
every file of the finished image with its size (and checksum, opt-in). Its
presence says this library finished the image; `Extend` compares it with what
is stored before keeping the image."""

CHECKSUMS_ENV = "OZCT_RECORD_CHECKSUMS"
"""Set to `1` to record a checksum of every file in `FINISHED_RECORD` (reads
every written byte back once; see docs/concepts/writing.md for the cost)."""

VERIFY_ENV = "OZCT_VERIFY_EXISTING"
"""Set to `1` to make `Extend` also compare the recorded checksums before it
keeps a finished image (reads every stored byte)."""


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


_RECORD_KIND = "ome-zarr-converters-tools finished image"
_RECORD_VERSION = 1


def _env_flag(name: str) -> bool:
    """Tell whether the environment variable `name` is set to a true value."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _stripped(fs: fsspec.AbstractFileSystem, url: str) -> str:
    """`url` in the form `fs.find` returns paths (no protocol, no trailing slash)."""
    return str(fs._strip_protocol(url)).rstrip("/")


def _stored_files(zarr_url: str, fs: fsspec.AbstractFileSystem) -> dict[str, int]:
    """Every file below `zarr_url` (relative path -> size), markers excluded."""
    base = _stripped(fs, zarr_url)
    found = fs.find(zarr_url, detail=True)
    files: dict[str, int] = {}
    for path, info in found.items():
        relative = str(path)[len(base) :].lstrip("/")
        if relative in (INCOMPLETE_MARKER, FINISHED_RECORD) or not relative:
            continue
        files[relative] = int(info.get("size") or 0)
    return files


def _checksum(fs: fsspec.AbstractFileSystem, path: str) -> str:
    """BLAKE2b (128 bit) of one stored file."""
    return hashlib.blake2b(fs.cat_file(path), digest_size=16).hexdigest()


def _read_record(zarr_url: str, fs: fsspec.AbstractFileSystem) -> dict[str, Any] | None:
    """The finished record of `zarr_url`, `{}` if unreadable, None if absent."""
    path = join_url_paths(zarr_url, FINISHED_RECORD)
    if not fs.exists(path):
        return None
    try:
        record = json.loads(fs.cat_file(path))
    except (OSError, ValueError):
        return {}
    if not isinstance(record, dict) or record.get("kind") != _RECORD_KIND:
        return {}
    return record


def _write_record(
    zarr_url: str, fs: fsspec.AbstractFileSystem, *, checksums: bool
) -> None:
    """Record every file of the just-written image (sorted, no timestamps).

    Deterministic on purpose: a rerun after a crash writes the same bytes as
    an uninterrupted run.
    """
    files = _stored_files(zarr_url, fs)
    record: dict[str, Any] = {
        "kind": _RECORD_KIND,
        "version": _RECORD_VERSION,
        "files": dict(sorted(files.items())),
    }
    if checksums:
        record["blake2b-128"] = {
            name: _checksum(fs, join_url_paths(zarr_url, name))
            for name in sorted(files)
        }
    text = json.dumps(record, indent=1, sort_keys=True) + "\n"
    fs.pipe_file(join_url_paths(zarr_url, FINISHED_RECORD), text.encode())


def _is_incomplete(zarr_url: str, fs: fsspec.AbstractFileSystem) -> bool:
    """Tell whether the image at `zarr_url` is an interrupted conversion."""
    return bool(fs.exists(join_url_paths(zarr_url, INCOMPLETE_MARKER)))


def _holds_files(zarr_url: str, fs: fsspec.AbstractFileSystem) -> bool:
    """Tell whether any file is stored below `zarr_url` (empty folders do not count).

    An interrupted delete can leave empty folders behind; they hold no data
    and are treated as no image at all.
    """
    return bool(fs.exists(zarr_url)) and bool(fs.find(zarr_url, maxdepth=None))


def _shape_problems(container: OmeZarrContainer) -> list[str]:
    """Levels and tables the metadata lists that do not open or have odd shapes."""
    problems: list[str] = []
    shapes: dict[str, tuple[int, ...]] = {}
    for path in container.level_paths:
        try:
            image = container.get_image(path=path)
            shapes[path] = tuple(int(n) for n in image.shape)
        except Exception as exc:
            problems.append(
                f"pyramid level {path!r} does not open ({type(exc).__name__}: {exc})"
            )
    paths = list(shapes)
    for previous, path in itertools.pairwise(paths):
        before, after = shapes[previous], shapes[path]
        if len(before) != len(after) or any(
            b < a for b, a in zip(before, after, strict=True)
        ):
            problems.append(
                f"pyramid level {path!r} has shape {after}, not a reduction of "
                f"level {previous!r} {before}"
            )
    try:
        tables = container.list_tables()
    except Exception as exc:
        problems.append(f"the table list does not open ({type(exc).__name__}: {exc})")
        tables = []
    for name in tables:
        try:
            table = container.get_table(name)
            _ = table.dataframe
        except Exception as exc:
            problems.append(
                f"table {name!r} does not open ({type(exc).__name__}: {exc})"
            )
    return problems


def check_existing_image(zarr_url: str, *, verify: bool | None = None) -> list[str]:
    """List what is wrong with the stored image at `zarr_url` (empty: nothing).

    The cheap check `Extend` runs before keeping an image: its OME metadata
    reads, every pyramid level listed opens with a shape that reduces the one
    before, every table listed opens, and, for an image this library finished,
    every file named in `FINISHED_RECORD` is stored with its recorded size (a
    deleted or truncated chunk is found without reading it). With `verify`
    (default: environment variable `OZCT_VERIFY_EXISTING=1`) the recorded
    checksums are compared too, which reads every stored byte.

    Args:
        zarr_url: URL of the image.
        verify: Compare checksums; None reads `VERIFY_ENV`.

    Returns:
        One sentence per problem, naming the level, table or file.
    """
    fs = filesystem_for_url(zarr_url, error_msg_prefix="Checking the output")
    url = store_url(zarr_url)
    if verify is None:
        verify = _env_flag(VERIFY_ENV)
    try:
        container = open_ome_zarr_container(url, mode="r")
    except Exception as exc:
        return [f"its OME-Zarr metadata does not read ({type(exc).__name__}: {exc})"]
    problems = _shape_problems(container)
    record = _read_record(url, fs)
    if record is None:
        return problems
    if not record:
        return [*problems, f"its record {FINISHED_RECORD!r} is unreadable"]
    stored = _stored_files(url, fs)
    for name, size in record.get("files", {}).items():
        if name not in stored:
            problems.append(f"file {name!r} is missing")
        elif stored[name] != size:
            problems.append(f"file {name!r} has {stored[name]} bytes, not {size}")
    sums = record.get("blake2b-128")
    if verify and sums and not problems:
        for name, digest in sums.items():
            if _checksum(fs, join_url_paths(url, name)) != digest:
                problems.append(f"file {name!r} does not match its recorded checksum")
    return problems


def verify_image(zarr_url: str) -> list[str]:
    """Check a stored image in full, recorded checksums included.

    For images written with `OZCT_RECORD_CHECKSUMS=1`; without checksums this
    is the cheap check of `check_existing_image` (sizes, levels, tables).

    Args:
        zarr_url: URL of the image.

    Returns:
        One sentence per problem; empty when the image is intact.
    """
    return check_existing_image(zarr_url, verify=True)


def is_finished_image(zarr_url: str) -> bool:
    """Tell whether a finished, intact image is stored at `zarr_url`.

    Finished means stored, free of the in-progress marker, and passing
    `check_existing_image`: exactly the images `EXTEND` keeps untouched, so
    callers that report what a write did (the Fractal compute task) ask this
    rather than re-deriving the rule.
    """
    fs = filesystem_for_url(zarr_url, error_msg_prefix="Checking the output")
    url = store_url(zarr_url)
    if not _holds_files(url, fs) or _is_incomplete(url, fs):
        return False
    return not check_existing_image(url)


def image_write_lock(zarr_url: str, image: str) -> AbstractContextManager[None]:
    """The lock `write_tiled_image_as_zarr` holds while it checks and writes an image.

    For callers that read the image back after writing it (the Fractal compute
    task describes it for the image list): holding it over both keeps a
    second job of the same image from replacing it in between. Re-entrant in
    one thread, so the write inside takes it again without waiting.

    Args:
        zarr_url: URL of the image.
        image: The image path (`TiledImage.path`).

    Returns:
        The context manager of the image's lock (`core/locks.py`).
    """
    url = store_url(zarr_url)
    return image_lock(url, root=image_root(url, image), image=image)


def _mark_incomplete(zarr_url: str, fs: fsspec.AbstractFileSystem) -> None:
    """Create the in-progress marker before any byte of the image exists.

    Written through the same fsspec filesystem as the existence checks, so
    local paths and `s3://` URLs behave alike.
    """
    fs.makedirs(zarr_url, exist_ok=True)
    fs.pipe_file(join_url_paths(zarr_url, INCOMPLETE_MARKER), _MARKER_TEXT)


def _mark_complete(zarr_url: str, fs: fsspec.AbstractFileSystem) -> None:
    """Remove the in-progress marker, the last step: the image is now finished."""
    fs.rm_file(join_url_paths(zarr_url, INCOMPLETE_MARKER))


def _remove_image(
    zarr_url: str, fs: fsspec.AbstractFileSystem, *, root: str, what: str
) -> None:
    """Delete an image so that no moment of the delete looks finished.

    The marker is (re)written first and removed after every other file, so a
    delete killed half-way leaves an image that is still marked unfinished, or
    only empty folders.
    """
    check_removable(zarr_url, root=root, what=what)
    if _holds_files(zarr_url, fs):
        _mark_incomplete(zarr_url, fs)
    remove_below(fs, zarr_url, root=root, what=what, last=(INCOMPLETE_MARKER,))


def _write_error(
    exc: OSError, *, image: str, zarr_url: str
) -> ConvertersToolsWriteError:
    """A library error naming the file the file system refused to write."""
    target = exc.filename or zarr_url
    reason = "the disk is full" if exc.errno in _FULL_ERRNOS else exc.strerror or exc
    return ConvertersToolsWriteError(
        f"Image {image!r}: could not write {str(target)!r} ({reason}). The image "
        f"stays marked unfinished ({INCOMPLETE_MARKER!r}); free space or fix the "
        f"cause, then rerun with overwrite_mode={OverwriteMode.EXTEND.value!r} "
        f"or {OverwriteMode.OVERWRITE.value!r} to complete it."
    )


_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


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
    lowest resolution, and write the tables. Calls for the same image (two
    compute jobs of one image) run one after the other under its image lock
    (`core/locks.py`): the second sees what the first left.

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
    image = tiled_image.path
    fs = filesystem_for_url(zarr_url, error_msg_prefix=f"Writing image {image!r}")
    zarr_url = store_url(zarr_url)
    # The image may only create or replace itself, below the folder it was
    # planned in (core/url_guard.py); checked before anything is touched.
    root = image_root(zarr_url, image)
    check_below(zarr_url, root=root, what=f"image {image!r}")
    # Checking what exists and writing are one step: a second job writing the
    # same image waits here, then sees the first one's result (core/locks.py).
    with image_lock(zarr_url, root=root, image=image):
        return _write_locked(
            zarr_url=zarr_url,
            tiled_image=tiled_image,
            converter_options=converter_options,
            mode=mode,
            overwrite_mode=overwrite_mode,
            resource=resource,
            fs=fs,
            root=root,
        )


def _write_locked(
    *,
    zarr_url: str,
    tiled_image: TiledImage[Any, Any],
    converter_options: ConverterOptions,
    mode: WriterMode | str,
    overwrite_mode: OverwriteMode,
    resource: Any | None,
    fs: fsspec.AbstractFileSystem,
    root: str,
) -> OmeZarrContainer:
    """The body of `write_tiled_image_as_zarr`, run under the image lock."""
    options = converter_options.omezarr_options
    image = tiled_image.path
    # Under Extend and Overwrite, empty folders (left by an interrupted
    # delete) hold no data: no image. No Overwrite refuses any existing path.
    exists = _holds_files(zarr_url, fs)
    if not exists and overwrite_mode is OverwriteMode.NO_OVERWRITE:
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
    elif (
        exists
        and overwrite_mode is OverwriteMode.EXTEND
        and _keep_existing(zarr_url, fs, image=image)
    ):
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

    started = time.perf_counter()
    try:
        if fs.exists(zarr_url):
            _remove_image(
                zarr_url,
                fs,
                root=root,
                what=f"the existing image {image!r} ({overwrite_mode.value})",
            )
        # The marker exists before the first byte of the image, and is removed
        # last (architecture.md, "Finished images"). From here on, an exception
        # or a kill leaves the image recognisably unfinished.
        _mark_incomplete(zarr_url, fs)
        # ngio only creates a container in an empty folder; the group, opened
        # here beside the marker, is handed to it instead of the URL.
        group = ZarrGroupHandler(
            store=zarr_url, mode="a", zarr_format=zarr_format
        ).group
        container = create_empty_ome_zarr(
            store=group,
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
        _write_record(zarr_url, fs, checksums=_env_flag(CHECKSUMS_ENV))
        _mark_complete(zarr_url, fs)
    except OSError as exc:
        if isinstance(exc, ConvertersToolsError):
            raise
        raise _write_error(exc, image=image, zarr_url=zarr_url) from exc
    logger.info("Wrote image %s in %.2f s", zarr_url, time.perf_counter() - started)
    return container


def _keep_existing(zarr_url: str, fs: fsspec.AbstractFileSystem, *, image: str) -> bool:
    """Decide whether `Extend` keeps the finished-looking image at `zarr_url`.

    Kept when `check_existing_image` finds nothing wrong. A damaged image this
    library finished (it holds `FINISHED_RECORD`) is redone; a damaged image
    without the record may hold data the library did not write, so it is
    refused, never deleted.

    Raises:
        ConvertersToolsDamagedOutputError: For a damaged image without record.
    """
    problems = check_existing_image(zarr_url)
    if not problems:
        return True
    listed = "; ".join(problems)
    if _read_record(zarr_url, fs) is not None:
        logger.warning(
            "Image %r at %r is damaged (%s); EXTEND writes it again",
            image,
            zarr_url,
            listed,
        )
        return False
    raise ConvertersToolsDamagedOutputError(
        f"Image {image!r} at {zarr_url!r} exists but cannot be opened as an "
        f"intact OME-Zarr image: {listed}. It has "
        f"no {FINISHED_RECORD!r}, so it was not finished by this version of the "
        "library and may hold data it did not write; overwrite_mode="
        f"{OverwriteMode.EXTEND.value!r} neither keeps nor deletes it. Inspect or "
        f"delete it, or rerun with overwrite_mode={OverwriteMode.OVERWRITE.value!r} "
        "to replace it."
    )
