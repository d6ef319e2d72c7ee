"""Where the library may write or delete: only strictly below the output folder.

Every location the library creates, overwrites or removes (plates, wells,
images) is checked here before it acts. The rule is one comparison: normalise
the URL and the output folder (`zarr_dir`) the same way, then require the
folder's components to be a proper prefix of the URL's components. Local paths
are normalised as the stores open them (`~` expanded, made absolute, symbolic
links resolved), so a location that only *looks* inside `zarr_dir` but resolves
elsewhere is refused too; remote URLs (`s3://bucket/...`) are normalised
lexically with POSIX rules and must keep the protocol and bucket.

A second rule covers deletes on object stores: fsspec expands `*`, `?` and `[`
in a remote path given to `rm`, so a remote URL containing one of them could
delete other objects than the one meant; such a removal is refused. Local
removal does not expand patterns.

A refusal raises `ConvertersToolsUnsafePathError` and nothing is written. Names
are checked earlier, at init, by `core/names.py`; this module is the last line
that holds even for a hand-made URL or a custom collection class.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ome_zarr_converters_tools.core.errors import ConvertersToolsUnsafePathError
from ome_zarr_converters_tools.core.names import check_relative_path, describe_name
from ome_zarr_converters_tools.core.urls import join_url_paths, local_url_to_path

if TYPE_CHECKING:
    import fsspec

__all__ = [
    "check_below",
    "check_removable",
    "image_root",
    "is_below",
    "join_below",
    "remove_below",
]

logger = logging.getLogger(__name__)

_PROTOCOL_SEPARATOR = "://"
_GLOB_CHARACTERS = ("*", "?", "[")


def _split(url: str) -> tuple[str, tuple[str, ...]]:
    """Normalise `url` into `(protocol, components)`; local paths have `""`.

    Local: `~` expanded, absolute, symbolic links resolved (what stores open).
    Remote: POSIX-normalised; the first component is the bucket.
    """
    head, sep, rest = url.partition(_PROTOCOL_SEPARATOR)
    if sep and len(head) > 1:
        path = posixpath.normpath("/" + rest.replace("\\", "/"))
        return head.lower(), tuple(part for part in path.split("/") if part)
    resolved = local_url_to_path(url.replace("\\", "/")).as_posix()
    return "", tuple(part for part in resolved.split("/") if part)


def is_below(url: str, root: str) -> bool:
    """Tell whether `url` lies strictly below the folder `root`.

    Args:
        url: A local path or a remote URL.
        root: The folder, in either form.

    Returns:
        True when both have the same protocol and the normalised components
        of `root` are a proper prefix of those of `url`.
    """
    url_protocol, url_parts = _split(url)
    root_protocol, root_parts = _split(root)
    return (
        url_protocol == root_protocol
        and len(url_parts) > len(root_parts)
        and url_parts[: len(root_parts)] == root_parts
    )


def check_below(url: str, *, root: str, what: str, action: str = "write") -> str:
    """Refuse to act on `url` unless it lies strictly below `root`.

    Args:
        url: The location about to be created, overwritten or removed.
        root: The output folder (`zarr_dir`) everything must stay in.
        what: What the location is (e.g. "image 'P.zarr/A/01/0'").
        action: The action, for the message ("write", "remove", ...).

    Returns:
        `url` unchanged.

    Raises:
        ConvertersToolsUnsafePathError: If `url` is not strictly below `root`.
    """
    if not is_below(url, root):
        raise ConvertersToolsUnsafePathError(
            f"Refusing to {action} {what} at {describe_name(url)}: it is not inside "
            f"the output folder {root!r}, and the library never writes or deletes "
            "anything outside it. Check the names that make up the path (plate, "
            "well, image, FOV) and the zarr_url given to the compute task; if they "
            "passed the checks of the init task, please report this as a bug."
        )
    return url


def check_removable(url: str, *, root: str, what: str) -> str:
    """Check, without removing, that `url` could be removed safely.

    Called at init for every location a later step may delete (an image under
    `Overwrite`), so a refusal comes before anything is written.

    Args:
        url: The location.
        root: The output folder.
        what: What the location is, for the message.

    Returns:
        `url` unchanged.

    Raises:
        ConvertersToolsUnsafePathError: If `url` is not strictly below `root`,
            or is remote and contains `*`, `?` or `[` (fsspec would expand them).
    """
    check_below(url, root=root, what=what, action="remove")
    protocol, _ = _split(url)
    if protocol and any(char in url for char in _GLOB_CHARACTERS):
        raise ConvertersToolsUnsafePathError(
            f"Refusing to remove {what} at {describe_name(url)}: on remote stores "
            "fsspec treats '*', '?' and '[' in a path as a pattern, so removing it "
            "could delete other objects. Rename the output folder or the names "
            "that contain these characters."
        )
    return url


def remove_below(
    fs: fsspec.AbstractFileSystem,
    url: str,
    *,
    root: str,
    what: str,
    last: Sequence[str] = (),
    keep: Sequence[str] = (),
) -> None:
    """Remove `url` recursively, after checking that it is safe to remove.

    The only way the library deletes a plate or an image.

    Args:
        fs: The fsspec filesystem of `url`.
        url: The location to remove.
        root: The output folder it must lie in.
        what: What the location is, for messages and the log.
        last: Names of files directly in `url` to remove only after every other
            file (in-progress markers), so a delete killed half-way still
            leaves them in place.
        keep: Names of files directly in `url` not to remove at all; with
            `keep`, only the other files go and `url` and its folders stay
            (a plate emptied before it is written again).

    Raises:
        ConvertersToolsUnsafePathError: If `check_removable` refuses `url`.
    """
    check_removable(url, root=root, what=what)
    logger.info("Removing %s at %s", what, url)
    if last or keep:
        base = str(fs._strip_protocol(url)).rstrip("/")
        kept = {f"{base}/{name}" for name in last}
        spared = {f"{base}/{name}" for name in keep}
        first = [path for path in fs.find(url) if path not in kept | spared]
        if first:
            fs.rm(first)
        if spared:
            _remove_empty_folders(fs, url)
            return
        for path in sorted(kept):
            if fs.exists(path):
                fs.rm_file(path)
        if not fs.exists(url):
            return
    fs.rm(url, recursive=True)


def _remove_empty_folders(fs: fsspec.AbstractFileSystem, url: str) -> None:
    """Remove the folders below `url` that hold no file (local stores only).

    Object stores have no folders: nothing to do there.
    """
    protocols = fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,)
    if "file" not in protocols:
        return
    found = fs.find(url, withdirs=True, detail=True)
    folders = [path for path, info in found.items() if info.get("type") == "directory"]
    for folder in sorted(folders, key=lambda path: path.count("/"), reverse=True):
        if not fs.ls(folder):
            fs.rmdir(folder)


def join_below(root: str, relative: str, *, what: str) -> str:
    """Join a relative output path onto `root`, refusing any other place.

    Args:
        root: The output folder (`zarr_dir`).
        relative: The path of a plate or image inside it (`P.zarr/A/01/0`).
        what: What the location is, for messages.

    Returns:
        The joined URL.

    Raises:
        ConvertersToolsNameError: If `relative` is not a relative path of valid
            components (see `core.names.check_relative_path`).
        ConvertersToolsUnsafePathError: If the joined URL is not below `root`.
    """
    check_relative_path(relative, what=what)
    return check_below(join_url_paths(root, relative), root=root, what=what)


def image_root(zarr_url: str, image_path: str) -> str:
    """Return the output folder an image URL was planned in.

    The compute task only gets the image URL; the init task planned it as
    `<zarr_dir>/<image path>`. When `zarr_url` ends with `image_path`, the
    folder is what precedes it; otherwise (a URL chosen by hand) it is the
    parent folder of `zarr_url`, so the image may still only replace itself.

    Args:
        zarr_url: URL of the image.
        image_path: The image's path relative to `zarr_dir` (`TiledImage.path`).

    Returns:
        The folder URL.

    Raises:
        ConvertersToolsNameError: If `image_path` is not a relative path of
            valid components.
        ConvertersToolsUnsafePathError: If `zarr_url` has no parent folder.
    """
    check_relative_path(image_path)
    protocol, parts = _split(zarr_url)
    tail = tuple(part for part in image_path.split("/") if part)
    keep = len(parts) - len(tail) if parts[-len(tail) :] == tail else len(parts) - 1
    if keep < (1 if protocol else 0):
        raise ConvertersToolsUnsafePathError(
            f"Refusing to write image {image_path!r} at {zarr_url!r}: the URL is a "
            "file-system root or a bucket, not a folder inside one. Pass the URL "
            "the init task planned (<zarr_dir>/<image path>)."
        )
    folder = "/".join(parts[:keep])
    return f"{protocol}://{folder}" if protocol else f"/{folder}"
