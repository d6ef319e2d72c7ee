"""Init-to-compute hand-off of TiledImages as inline JSON strings or JSON files.

The init task serialises each `TiledImage` with `model_dump_json()`. Small payloads
travel inline inside the parallelization list (`tiled_image_json_str`); large ones,
or any payload when init and compute run on different machines, are written to
files and referenced by URL (`tiled_image_json_dump_url`).
`TempJsonOptions.serialization` decides (`Memory`, `JSON`, or `Auto`: inline while
the total stays within `max_in_memory_bytes`).

The hand-off folder belongs to the run. `temp_url` is the user's folder (it may be
a shared scratch folder holding other files); each init run creates a fresh
folder below it, `<temp_url>/run-<hex>/`, writes its `<uuid4>.json` files there
and deletes nothing else. Each compute job deletes its own file after a
successful write, and the job that empties the run folder removes it. When the
run also had to create `temp_url` itself, the run folder's name ends in
`-new-parent` and `temp_url` is removed too once it is empty. A run that is
interrupted leaves its run folder, which is safe to delete by hand; later runs
never touch it.

The format is plain JSON (no pickles), so it works across processes, machines and
library patch versions. JSON carries no type tags, so the compute side parses the
payload as `TiledImage[collection_type, image_loader_type]`; that re-parametrisation
happens only in `parse_tiled_image`.

A shared filesystem may show a file written by the init job with a delay, so the
compute side retries reading a missing file with exponential back-off. The number
of attempts comes from the `num_retries` argument or, when that is not given, from
the environment variable `CONVERTERS_TOOLS_NUM_RETRIES` (default 5), read only in
`num_retries_from_env`.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsFileNotFoundError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.core.urls import (
    basename_url,
    filesystem_for_url,
    join_url_paths,
    parent_url,
)

if TYPE_CHECKING:
    from ome_zarr_converters_tools.models.runtime import TempJsonOptions

__all__ = [
    "DEFAULT_NUM_RETRIES",
    "DEFAULT_RETRY_DELAY",
    "NUM_RETRIES_ENV_VAR",
    "build_handoff_sources",
    "cleanup_if_exists",
    "create_run_folder",
    "dump_json_str",
    "dump_to_json",
    "format_temp_url",
    "num_retries_from_env",
    "parse_tiled_image",
    "release_handoff_file",
    "remove_json",
    "tiled_image_from_json",
    "tiled_image_from_json_str",
    "use_in_memory",
]

logger = logging.getLogger(__name__)

NUM_RETRIES_ENV_VAR = "CONVERTERS_TOOLS_NUM_RETRIES"
"""Environment variable overriding how often a missing hand-off file is read."""

DEFAULT_NUM_RETRIES = 5
"""Attempts to read a hand-off file when neither argument nor environment say."""

DEFAULT_RETRY_DELAY = 2.0
"""Seconds slept after the first failed attempt; doubled after each further one.

With the defaults the compute job waits 2 + 4 + 8 + 16 = 30 s before failing.
"""

_JSON_SUFFIX = ".json"

_RUN_FOLDER_PREFIX = "run-"
_NEW_PARENT_SUFFIX = "-new-parent"
_RUN_FOLDER_RE = re.compile(
    rf"{_RUN_FOLDER_PREFIX}[0-9a-f]{{32}}(?P<new_parent>{_NEW_PARENT_SUFFIX})?"
)
"""Name of a run folder created by `create_run_folder`."""
_HANDOFF_FILE_RE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json"
)
"""Name of a file written by `dump_json_str`."""


def num_retries_from_env() -> int:
    """Return the number of read attempts configured by the environment.

    This is the only place that reads `CONVERTERS_TOOLS_NUM_RETRIES`.

    Returns:
        The configured value, or `DEFAULT_NUM_RETRIES` when the variable is unset.

    Raises:
        ConvertersToolsUserError: If the variable is not an integer or is below 1.
    """
    raw = os.environ.get(NUM_RETRIES_ENV_VAR)
    if raw is None or raw.strip() == "":
        return DEFAULT_NUM_RETRIES
    try:
        value = int(raw)
    except ValueError:
        raise ConvertersToolsUserError(
            f"{NUM_RETRIES_ENV_VAR} must be an integer >= 1, got {raw!r}. Set it to "
            f"a positive number of attempts (default {DEFAULT_NUM_RETRIES}) or unset "
            "it."
        ) from None
    return _check_num_retries(value, source=NUM_RETRIES_ENV_VAR)


def _check_num_retries(value: int, *, source: str) -> int:
    """Reject attempt counts below 1, which would never read the file."""
    if value < 1:
        raise ConvertersToolsUserError(
            f"{source} must be at least 1 (number of attempts to read the hand-off "
            f"JSON file), got {value}. Use a positive integer, e.g. "
            f"{DEFAULT_NUM_RETRIES}."
        )
    return value


def parse_tiled_image(
    json_str: str | bytes,
    *,
    collection_type: type[Any],
    image_loader_type: type[Any],
    source: str = "inline JSON",
) -> TiledImage[Any, Any]:
    """Parse a TiledImage JSON payload with concrete collection and loader types.

    `TiledImage` is generic and its JSON carries no type tags; without the concrete
    types pydantic would build the abstract base classes and lose every
    converter-specific field. This is the one place that parametrises it at run
    time.

    Args:
        json_str: The output of `TiledImage.model_dump_json()`.
        collection_type: The collection class the init task used (e.g.
            `ImageInPlate`).
        image_loader_type: The loader class the init task used (e.g.
            `DefaultImageLoader`).
        source: Where the payload came from, for error messages.

    Returns:
        The validated TiledImage.

    Raises:
        ConvertersToolsUserError: If a type argument is not a class.
        pydantic.ValidationError: If the payload does not match the types.
    """
    for what, value in (
        ("collection_type", collection_type),
        ("image_loader_type", image_loader_type),
    ):
        if not isinstance(value, type):
            raise ConvertersToolsUserError(
                f"Parsing the TiledImage from {source}: {what} must be a class (e.g. "
                f"ImageInPlate / DefaultImageLoader), got {value!r}."
            )
    concrete = TiledImage[collection_type, image_loader_type]  # type: ignore[valid-type]
    return concrete.model_validate_json(json_str)


def tiled_image_from_json_str(
    json_str: str,
    collection_type: type[Any],
    image_loader_type: type[Any],
) -> TiledImage[Any, Any]:
    """Deserialise an inline TiledImage JSON string (no filesystem access).

    Args:
        json_str: The output of `TiledImage.model_dump_json()`.
        collection_type: The concrete collection class.
        image_loader_type: The concrete image loader class.

    Returns:
        The validated TiledImage.
    """
    return parse_tiled_image(
        json_str,
        collection_type=collection_type,
        image_loader_type=image_loader_type,
    )


def tiled_image_from_json(
    tiled_image_json_dump_url: str,
    collection_type: type[Any],
    image_loader_type: type[Any],
    *,
    num_retries: int | None = None,
    retry_delay: float = DEFAULT_RETRY_DELAY,
) -> TiledImage[Any, Any]:
    """Read a TiledImage hand-off file, waiting for it when it is late.

    Args:
        tiled_image_json_dump_url: URL of the JSON file written by the init task.
        collection_type: The concrete collection class.
        image_loader_type: The concrete image loader class.
        num_retries: Attempts before giving up; None reads
            `CONVERTERS_TOOLS_NUM_RETRIES` (default 5).
        retry_delay: Seconds slept after the first failed attempt, doubled after
            each further one.

    Returns:
        The validated TiledImage.

    Raises:
        ConvertersToolsFileNotFoundError: If the file is still missing after the
            last attempt.
        ConvertersToolsUserError: If `num_retries` is below 1.
    """
    attempts = (
        num_retries_from_env()
        if num_retries is None
        else _check_num_retries(num_retries, source="num_retries")
    )
    url = tiled_image_json_dump_url
    fs = filesystem_for_url(url, error_msg_prefix="Reading the hand-off JSON")
    delay = retry_delay
    for attempt in range(1, attempts + 1):
        try:
            with fs.open(url, "r", encoding="utf-8") as handle:
                payload = handle.read()
        except FileNotFoundError:
            if attempt == attempts:
                break
            logger.warning(
                "Hand-off JSON %s not found (attempt %s/%s); retrying in %s s",
                url,
                attempt,
                attempts,
                delay,
            )
            time.sleep(delay)
            delay *= 2
            continue
        return parse_tiled_image(
            payload,
            collection_type=collection_type,
            image_loader_type=image_loader_type,
            source=url,
        )
    raise ConvertersToolsFileNotFoundError(
        f"The hand-off JSON file {url} does not exist after {attempts} attempt(s). "
        "The init task writes it and each compute job deletes its file after a "
        "successful write, so: check that the temporary folder (TempJsonOptions."
        "temp_url) is visible to both init and compute jobs, rerun the init task "
        f"before rerunning a compute job, or raise {NUM_RETRIES_ENV_VAR} on slow "
        "shared filesystems."
    )


def dump_json_str(temp_json_url: str, json_str: str) -> str:
    """Write a JSON string to a new `<temp_json_url>/<uuid4>.json` file.

    Args:
        temp_json_url: Folder for hand-off files (created when missing).
        json_str: The payload.

    Returns:
        The URL of the written file.
    """
    fs = filesystem_for_url(temp_json_url, error_msg_prefix="Writing hand-off JSON")
    fs.makedirs(temp_json_url, exist_ok=True)
    file_url = join_url_paths(temp_json_url, f"{uuid4()}{_JSON_SUFFIX}")
    with fs.open(file_url, "w", encoding="utf-8") as handle:
        handle.write(json_str)
    logger.debug("Hand-off JSON written: %s", file_url)
    return file_url


def dump_to_json(temp_json_url: str, tiled_image: TiledImage[Any, Any]) -> str:
    """Write one TiledImage as a hand-off JSON file.

    Args:
        temp_json_url: Folder for hand-off files (created when missing).
        tiled_image: The image to serialise.

    Returns:
        The URL of the written file.
    """
    return dump_json_str(temp_json_url, tiled_image.model_dump_json())


def remove_json(tiled_image_json_dump_url: str) -> None:
    """Delete a hand-off file, then its folder if that became empty.

    A failed deletion is logged with the path to remove by hand, never raised: a
    cleanup problem must not fail a conversion that already wrote its image. A
    file that is already gone (a retried job, a concurrent cleanup) is fine.

    Args:
        tiled_image_json_dump_url: URL of the file to delete.

    Raises:
        ConvertersToolsUnsupportedUrlError: If the URL is relative or uses a
            scheme other than local paths and `s3://` (a `NotImplementedError`).
    """
    url = tiled_image_json_dump_url
    fs = filesystem_for_url(url, error_msg_prefix="Removing hand-off JSON")
    try:
        fs.rm(url)
    except FileNotFoundError:
        # Nothing was deleted, so nothing says the folder is ours to remove.
        logger.info("Hand-off JSON %s was already removed", url)
        return
    except Exception as exc:  # cleanup is best effort by contract
        logger.error(
            "Could not remove the hand-off JSON %s (%s); it is safe to delete it by "
            "hand.",
            url,
            exc,
        )
        return
    _remove_empty_folder(fs, parent_url(url))


def _remove_empty_folder(fs: Any, folder_url: str) -> bool:
    """Remove `folder_url` if it is empty; report whether it is gone.

    `rmdir` refuses a non-empty folder, which is what we want: other compute jobs
    may still need their files, and no listing of the folder is needed.
    """
    try:
        fs.rmdir(folder_url)
    except Exception as exc:  # still in use, or already removed by another job
        logger.debug("Folder %s kept: %s", folder_url, exc)
        return False
    logger.debug("Removed the empty folder %s", folder_url)
    return True


def cleanup_if_exists(temp_json_url: str) -> None:
    """Delete a hand-off folder and everything in it, if it exists.

    The library only passes the run folder it created for one init run
    (`create_run_folder`), never the user's `temp_url`. Called by hand, it removes
    whatever folder it is given, as 0.10 did, so do not point it at a folder
    holding other data. Deletion errors are logged, not raised.

    Args:
        temp_json_url: The hand-off folder to remove.

    Raises:
        ConvertersToolsUserError: If `temp_json_url` exists and is a file.
        ConvertersToolsUnsupportedUrlError: If the URL is relative or uses a
            scheme other than local paths and `s3://` (a `NotImplementedError`).
    """
    fs = filesystem_for_url(temp_json_url, error_msg_prefix="Cleaning hand-off JSON")
    if not fs.exists(temp_json_url):
        return
    if not fs.isdir(temp_json_url):
        raise ConvertersToolsUserError(
            f"The hand-off folder {temp_json_url} is a file, expected a folder. "
            "Remove the file or set converter_options.runtime_settings."
            "temp_json_options.temp_url to another location."
        )
    try:
        fs.rm(temp_json_url, recursive=True)
    except Exception as exc:  # best effort, like remove_json
        logger.error(
            "Could not remove the hand-off folder %s (%s); it is safe to delete it "
            "by hand.",
            temp_json_url,
            exc,
        )


def create_run_folder(temp_url: str) -> str:
    """Create a new, empty hand-off folder for one init run below `temp_url`.

    The run writes and deletes only inside this folder, so a `temp_url` that
    points at an existing folder (a shared scratch space, a data folder typed by
    mistake) keeps every file it holds. When `temp_url` does not exist yet the
    run creates it, and says so in the folder name so that the compute job that
    removes the run folder also removes `temp_url` once it is empty.

    Args:
        temp_url: The user's temporary folder (`TempJsonOptions.temp_url`, with
            `{zarr_dir}` filled in).

    Returns:
        The URL of the new run folder, `<temp_url>/run-<hex>[-new-parent]`.

    Raises:
        ConvertersToolsUserError: If `temp_url` exists and is a file.
        ConvertersToolsUnsupportedUrlError: If the URL is relative or uses an
            unsupported scheme.
    """
    fs = filesystem_for_url(temp_url, error_msg_prefix="Creating the hand-off folder")
    existed = fs.exists(temp_url)
    if existed and not fs.isdir(temp_url):
        raise ConvertersToolsUserError(
            f"The hand-off folder {temp_url} is a file, expected a folder. Remove "
            "the file or set converter_options.runtime_settings.temp_json_options."
            "temp_url to another location."
        )
    name = f"{_RUN_FOLDER_PREFIX}{uuid4().hex}"
    if not existed:
        name += _NEW_PARENT_SUFFIX
    run_url = join_url_paths(temp_url, name)
    fs.makedirs(run_url, exist_ok=False)
    logger.debug("Hand-off folder of this run: %s", run_url)
    return run_url


def release_handoff_file(tiled_image_json_dump_url: str) -> None:
    """Delete a consumed hand-off file and the folders this run created for it.

    Called by the compute task after a successful write. Only a `<uuid4>.json`
    file inside a run folder made by `create_run_folder` is deleted; anything
    else (a file named in hand-made `init_args`) is kept and logged, because the
    library deletes only what it wrote. The job that empties the run folder
    removes it, and then `temp_url` when the run created it and it is empty.
    Never raises for a cleanup problem (see `remove_json`).

    Args:
        tiled_image_json_dump_url: URL of the consumed hand-off file.

    Raises:
        ConvertersToolsUnsupportedUrlError: If the URL is relative or uses an
            unsupported scheme.
    """
    url = tiled_image_json_dump_url
    fs = filesystem_for_url(url, error_msg_prefix="Removing hand-off JSON")
    run_url = parent_url(url)
    run_match = _RUN_FOLDER_RE.fullmatch(basename_url(run_url))
    if run_match is None or not _HANDOFF_FILE_RE.fullmatch(basename_url(url)):
        logger.info(
            "Kept the hand-off JSON %s: it is not in a run folder created by "
            "setup_images_for_conversion, so the library did not write it there.",
            url,
        )
        return
    remove_json(url)
    if run_match.group("new_parent") and not fs.exists(run_url):
        _remove_empty_folder(fs, parent_url(run_url))


def format_temp_url(temp_json_options: TempJsonOptions, *, zarr_dir: str) -> str:
    """Resolve the `{zarr_dir}` placeholder of `TempJsonOptions.temp_url`.

    Args:
        temp_json_options: The hand-off options.
        zarr_dir: The task's output folder.

    Returns:
        The normalised hand-off folder URL.
    """
    return join_url_paths(temp_json_options.temp_url.format(zarr_dir=zarr_dir))


def use_in_memory(temp_json_options: TempJsonOptions, *, total_bytes: int) -> bool:
    """Decide between inline strings and files for a payload of `total_bytes`.

    Args:
        temp_json_options: The hand-off options.
        total_bytes: UTF-8 size of all serialised images together.

    Returns:
        True to pass the JSON inline, False to write files.
    """
    serialization = temp_json_options.serialization
    mode = str(getattr(serialization, "value", serialization))
    if mode == "Memory":
        return True
    if mode == "JSON":
        return False
    return total_bytes <= temp_json_options.max_in_memory_bytes


def build_handoff_sources(
    json_strs: Sequence[str],
    *,
    zarr_dir: str,
    temp_json_options: TempJsonOptions,
) -> list[dict[str, str]]:
    """Turn serialised images into the JSON-source part of each `init_args`.

    In file mode a new run folder is created below `temp_url`
    (`create_run_folder`) and one file per image is written into it; nothing
    that was already in `temp_url` is read or deleted. If writing fails, the
    run folder is removed again.

    Args:
        json_strs: One `model_dump_json()` string per image.
        zarr_dir: The task's output folder (fills the `{zarr_dir}` placeholder).
        temp_json_options: The hand-off options.

    Returns:
        One dict per image with exactly one key: `tiled_image_json_str` or
        `tiled_image_json_dump_url`.
    """
    total_bytes = sum(len(s.encode("utf-8")) for s in json_strs)
    if use_in_memory(temp_json_options, total_bytes=total_bytes):
        logger.info(
            "Handing %s image(s) over inline (%s bytes of JSON)",
            len(json_strs),
            total_bytes,
        )
        return [{"tiled_image_json_str": s} for s in json_strs]
    temp_url = format_temp_url(temp_json_options, zarr_dir=zarr_dir)
    run_url = create_run_folder(temp_url)
    logger.info(
        "Handing %s image(s) over as JSON files in %s (%s bytes)",
        len(json_strs),
        run_url,
        total_bytes,
    )
    try:
        return [
            {"tiled_image_json_dump_url": dump_json_str(run_url, s)} for s in json_strs
        ]
    except BaseException:
        # No compute job will ever read a partial hand-off: drop it.
        cleanup_if_exists(run_url)
        if run_url.endswith(_NEW_PARENT_SUFFIX):
            _remove_empty_folder(
                filesystem_for_url(temp_url, error_msg_prefix="Cleaning hand-off"),
                temp_url,
            )
        raise
