"""URL and fsspec helpers that treat local paths and s3:// URLs alike.

Every path the library reads or writes (source files, zarr directories, hand-off
JSON) goes through these helpers so that local and object-store locations follow
the same rules. All joins use POSIX semantics regardless of the host OS, because
an `os.path` join on Windows would rewrite forward slashes to backslashes and
corrupt S3 keys.
"""

from __future__ import annotations

import logging
import posixpath
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsUnsupportedUrlError,
    ConvertersToolsUserError,
)

if TYPE_CHECKING:
    import fsspec

__all__ = [
    "UrlType",
    "basename_url",
    "filesystem_for_url",
    "find_url_type",
    "glob_url_paths",
    "is_absolute_url",
    "join_url_paths",
    "local_url_to_path",
    "parent_url",
]

logger = logging.getLogger(__name__)

_PROTOCOL_SEPARATOR = "://"


class UrlType(Enum):
    """Kind of location a URL points to; the value is the fsspec protocol name."""

    LOCAL = "local"
    S3 = "s3"
    NOT_SUPPORTED = "not_supported"


def _split_protocol(url: str) -> tuple[str | None, str]:
    """Split `proto://rest` into `(proto, rest)`; plain paths give `(None, url)`.

    A Windows drive letter (`C:/...`) is not a protocol, so only a `://`
    separator with at least two characters before it counts.
    """
    head, sep, rest = url.partition(_PROTOCOL_SEPARATOR)
    if sep and len(head) > 1 and head.replace("+", "").replace("-", "").isalnum():
        return head, rest
    return None, url


def _is_windows_drive(url: str) -> bool:
    """Tell whether `url` starts with a drive letter such as `C:`."""
    return len(url) >= 2 and url[0].isalpha() and url[1] == ":"


def _is_local_absolute(url: str) -> bool:
    """Tell whether `url` is an absolute local path on any host OS.

    POSIX roots, `~` home paths, Windows drives and UNC shares all count, so the
    classification does not depend on the OS the converter happens to run on.
    """
    return url.startswith(("/", "~", "\\\\")) or _is_windows_drive(url)


def find_url_type(url: str) -> UrlType:
    """Classify a URL as local, S3 or unsupported.

    Relative paths and schemes other than `s3://` are `NOT_SUPPORTED`: the
    library needs absolute locations because init and compute may run in
    different working directories.

    Args:
        url: The URL or path to classify.

    Returns:
        The URL kind.
    """
    if url.startswith("s3://"):
        return UrlType.S3
    if _is_local_absolute(url):
        return UrlType.LOCAL
    return UrlType.NOT_SUPPORTED


def local_url_to_path(url: str) -> Path:
    """Turn a local URL into an absolute `Path`, expanding `~`.

    Nothing is created on disk: the caller decides whether the path must exist.

    Args:
        url: A local path.

    Returns:
        The resolved absolute path.
    """
    return Path(url).expanduser().resolve()


def join_url_paths(base_url: str, *paths: str) -> str:
    """Join path parts onto a URL with POSIX rules, keeping its protocol.

    `.`/`..` segments and repeated or back slashes are normalised. A part that
    starts with `/` is still appended below `base_url` (as in upstream); use
    `is_absolute_url` first when absolute parts must win.

    Args:
        base_url: Local path or `proto://` URL to join onto.
        *paths: Relative parts to append.

    Returns:
        The joined, normalised URL.

    Raises:
        ConvertersToolsUserError: If `..` segments climb above the bucket of a
            protocol URL (that would silently change the bucket).
    """
    protocol, base = _split_protocol(base_url)
    tail = "/".join(str(part) for part in paths)
    combined = f"{base}/{tail}".replace("\\", "/")
    joined = posixpath.normpath(combined)
    if protocol is None:
        return joined
    bucket = base.replace("\\", "/").split("/", 1)[0]
    if joined != bucket and not joined.startswith(f"{bucket}/"):
        raise ConvertersToolsUserError(
            f"Joining {list(paths)!r} onto {base_url!r} leaves the bucket "
            f"{bucket!r} through '..' segments (result {joined!r}). Use relative "
            "parts that stay inside the bucket."
        )
    return f"{protocol}://{joined}"


def parent_url(url: str) -> str:
    """Return the parent folder of a URL, keeping its protocol.

    Args:
        url: Local path or `proto://` URL.

    Returns:
        The parent URL with POSIX separators.

    Raises:
        ConvertersToolsUserError: If `url` is a filesystem root, a bare bucket
            or empty, which have no parent.
    """
    protocol, path = _split_protocol(url)
    path = path.replace("\\", "/").rstrip("/")
    parent = posixpath.dirname(path)
    if not parent:
        raise ConvertersToolsUserError(
            f"The URL {url!r} has no parent folder: it is a filesystem root, a "
            "bucket or empty. Pass a path to a file or folder inside it."
        )
    return parent if protocol is None else f"{protocol}://{parent}"


def basename_url(url: str) -> str:
    """Return the last component of a URL; a trailing slash is ignored.

    Args:
        url: Local path or `proto://` URL.

    Returns:
        The last path component (a folder's own name for `.../folder/`).
    """
    return posixpath.basename(url.replace("\\", "/").rstrip("/"))


def is_absolute_url(url: str) -> bool:
    """Tell whether a URL is absolute (any protocol, `/`, `~`, Windows path).

    Used to decide whether a path from a table must be resolved against a base
    folder (the loader `resource`).

    Args:
        url: The URL or path to test.

    Returns:
        True for protocol URLs and absolute local paths on any host OS.
    """
    protocol, path = _split_protocol(url)
    return protocol is not None or _is_local_absolute(path)


def filesystem_for_url(
    url: str, error_msg_prefix: str = "File handling"
) -> fsspec.AbstractFileSystem:
    """Return the fsspec filesystem able to read and write `url`.

    Args:
        url: An absolute local path or an `s3://` URL.
        error_msg_prefix: Names the operation in the error message (for example
            "Reading the hand-off JSON").

    Returns:
        The fsspec filesystem for the URL kind.

    Raises:
        ConvertersToolsUnsupportedUrlError: If the URL is relative or uses another
            scheme (also a `NotImplementedError`, as in 0.10).
        ConvertersToolsUserError: If it is an `s3://` URL and `s3fs` is not
            installed.
    """
    import fsspec

    url_type = find_url_type(url)
    if url_type is UrlType.NOT_SUPPORTED:
        protocol, _ = _split_protocol(url)
        kind = f"the scheme {protocol!r}" if protocol else "a relative local path"
        raise ConvertersToolsUnsupportedUrlError(
            f"{error_msg_prefix}: the URL {url!r} uses {kind}, which is not "
            "supported. Expected an absolute local path (/..., ~/..., C:/...) or "
            "an s3:// URL; make the path absolute (for example with "
            "os.path.abspath) or copy the data to a supported location."
        )
    try:
        return fsspec.filesystem(url_type.value)
    except ImportError as exc:
        raise ConvertersToolsUserError(
            f"{error_msg_prefix}: accessing {url!r} needs the {url_type.value!r} "
            "fsspec backend, which is not installed. Install the 's3' extra: "
            "pip install 'ome-zarr-converters-tools[s3]'."
        ) from exc


def glob_url_paths(*, base_url: str | None, pattern: str) -> list[str]:
    """Glob a pattern below a URL and return full URLs with their protocol.

    A literal pattern that matches nothing gives `[]`, so the function doubles
    as an existence check.

    Args:
        base_url: Folder the pattern is relative to; `None` when the pattern
            itself is absolute.
        pattern: fsspec glob pattern (`*`, `**`, `?`, `[...]`).

    Returns:
        The matching URLs, sorted as fsspec returns them.

    Raises:
        ConvertersToolsUserError: If the resulting pattern is not an absolute
            local path or an `s3://` URL.
    """
    full_pattern = pattern if base_url is None else join_url_paths(base_url, pattern)
    fs = filesystem_for_url(full_pattern, error_msg_prefix="Globbing files")
    protocol, _ = _split_protocol(full_pattern)
    if protocol is None and full_pattern.startswith("~"):
        full_pattern = str(local_url_to_path(full_pattern))
    matches = fs.glob(full_pattern)
    logger.debug("Glob %s matched %s paths", full_pattern, len(matches))
    if protocol is None:
        return [str(m) for m in matches]
    return [f"{protocol}://{m}" for m in matches]
