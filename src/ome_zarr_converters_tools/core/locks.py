"""Output locks: one collection setup per `zarr_dir`, one writer per image.

Setting up a plate is check-then-write (does the plate exist? which images
does it list?), and zarr's local store does not fail when a group it creates
already exists, so two init tasks started together on one `zarr_dir` could both
pass the check. `output_lock(zarr_dir)` makes the check and the writes of one
setup exclusive: the setup handlers run inside it (`setup_ome_zarr_collection`).

Writing an image is check-then-write too (is it finished? then keep it, else
delete and write it), so two compute jobs of the *same* image (a job resubmitted
while the first still runs, two `Extend` or `Overwrite` runs started together)
would interleave their deletes and writes. `image_lock(zarr_url, root=...)`
makes the check and the whole write of one image exclusive: the second job
waits, then sees the first one's result (`Extend` keeps the finished image,
`Overwrite` replaces it, `No Overwrite` refuses it). Jobs of different images
take different locks and still run in parallel. The image lock files live in
the folder `IMAGE_LOCKS` of `zarr_dir`, outside every zarr group, so no zarr
listing ever sees them and the plate stays what 0.10.4 writes.

Where the lock lives, and what it protects (docs/dev/architecture.md, "Locks"):

- Local `zarr_dir` (a local disk or a shared file system): the file
  `LOCK_FILE` in `zarr_dir`, locked with `filelock` (`flock`, released by the
  kernel when the process dies, so a killed init never leaves a stale lock).
  On NFS (v4, or v3 with a running lock manager), Lustre mounted with `flock`,
  GPFS and CephFS the lock holds across machines. On mounts without
  cross-client locks (Lustre `localflock`, NFS `nolock`) it only excludes
  processes of the same machine.
- Remote `zarr_dir` (`s3://...`): object stores have no locks. The lock file is
  then kept in the local temporary folder, named after the URL, so it excludes
  setups (and writers of one image) on the same machine only; concurrent jobs
  of one plate or image from different machines are not protected.

Lock files are empty and stay after use (removing one would race with a
waiting process); they are not part of any plate or image. A lock file that
cannot be created (disk full, read-only folder) is a `ConvertersToolsWriteError`
naming it, like any other refused write.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsUserError,
    ConvertersToolsWriteError,
)
from ome_zarr_converters_tools.core.url_guard import check_below
from ome_zarr_converters_tools.core.urls import (
    UrlType,
    find_url_type,
    local_url_to_path,
)

__all__ = ["IMAGE_LOCKS", "LOCK_FILE", "image_lock", "output_lock"]

logger = logging.getLogger(__name__)

LOCK_FILE = ".ome-zarr-converters-tools.lock"
"""Name of the lock file kept in a local `zarr_dir`."""

IMAGE_LOCKS = ".ome-zarr-converters-tools-locks"
"""Folder of a local `zarr_dir` holding one lock file per image written."""

_WAIT_NOTICE_SECONDS = 1.0


def _make_folder(folder: Path, *, zarr_dir: str) -> None:
    """Create `folder` (and its parents), naming a file in the way."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise ConvertersToolsUserError(
            f"The output folder zarr_dir={zarr_dir!r} cannot be created: "
            f"{exc.filename!r} is a file, not a folder. Choose another zarr_dir."
        ) from exc
    except OSError as exc:
        raise _write_error(exc, folder) from exc


def _local_lock_file(key: str) -> Path:
    """The lock file standing in for a remote URL (object stores lock nothing).

    Kept in the local temporary folder, named by a hash of `key`.
    """
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    folder = Path(tempfile.gettempdir()) / "ome-zarr-converters-tools-locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{digest}.lock"


def _lock_path(zarr_dir: str) -> Path:
    """Where the lock file of `zarr_dir` lives (created with its folder)."""
    if find_url_type(zarr_dir) is not UrlType.LOCAL:
        return _local_lock_file(zarr_dir.rstrip("/"))
    folder = local_url_to_path(zarr_dir)
    path = folder / LOCK_FILE
    check_below(str(path), root=str(folder), what="the output-folder lock")
    _make_folder(folder, zarr_dir=zarr_dir)
    return path


def _image_lock_path(zarr_url: str, root: str) -> Path:
    """Where the lock file of the image at `zarr_url` (planned in `root`) lives.

    One file per image, named by a hash of the image path relative to `root`
    (image paths can be longer than a file name may be).
    """
    if find_url_type(root) is not UrlType.LOCAL:
        return _local_lock_file(f"image:{zarr_url.rstrip('/')}")
    relative = zarr_url.rstrip("/")[len(root.rstrip("/")) :].strip("/")
    folder = local_url_to_path(root) / IMAGE_LOCKS
    digest = hashlib.sha256(relative.encode()).hexdigest()[:32]
    path = folder / f"{digest}.lock"
    check_below(str(path), root=str(local_url_to_path(root)), what="an image lock")
    _make_folder(folder, zarr_dir=root)
    return path


def _write_error(exc: OSError, path: Path) -> ConvertersToolsWriteError:
    """A library error naming the lock file the file system refused to create."""
    target = exc.filename or path
    return ConvertersToolsWriteError(
        f"Could not create the lock file {str(target)!r} "
        f"({exc.strerror or exc}). Nothing of the output was written; free "
        "space or fix the permissions of the output folder, then rerun."
    )


_HELD = threading.local()
"""Lock files the current thread holds (`_held` is re-entrant per thread)."""


@contextmanager
def _held(path: Path, *, what: str, where: str) -> Iterator[None]:
    """Hold the `filelock` lock on `path`, logging once if it has to wait.

    Re-entrant within a thread: the compute task holds an image's lock over
    the write *and* the description it reads back, and the write takes the
    same lock inside. Other threads and processes wait.
    """
    held: set[str] = _HELD.__dict__.setdefault("paths", set())
    key = str(path)
    if key in held:
        yield
        return
    lock = FileLock(key)
    try:
        try:
            lock.acquire(timeout=_WAIT_NOTICE_SECONDS)
        except Timeout:
            logger.info(
                "Waiting for another process to finish its %s in %s (lock %s)",
                what,
                where,
                path,
            )
            lock.acquire()
    except OSError as exc:
        if isinstance(exc, ConvertersToolsWriteError):
            raise
        raise _write_error(exc, path) from exc
    held.add(key)
    try:
        yield
    finally:
        held.discard(key)
        lock.release()


@contextmanager
def output_lock(zarr_dir: str, *, what: str = "collection setup") -> Iterator[None]:
    """Hold the lock of `zarr_dir` for the duration of the block.

    Waits as long as another setup holds it (logging once after a second).

    Args:
        zarr_dir: The output folder.
        what: What is done under the lock, for the log.

    Raises:
        ConvertersToolsUserError: If `zarr_dir` cannot be created (a file is
            in the way).
        ConvertersToolsWriteError: If the lock file cannot be created.
    """
    with _held(_lock_path(zarr_dir), what=what, where=zarr_dir):
        yield


@contextmanager
def image_lock(zarr_url: str, *, root: str, image: str) -> Iterator[None]:
    """Hold the lock of one image for the duration of the block.

    Taken by `write_tiled_image_as_zarr` around the existence check and the
    whole write, so two jobs writing the same image run one after the other;
    waits as long as another job holds it (logging once after a second).

    Args:
        zarr_url: URL of the image.
        root: The output folder the image was planned in (`image_root`); the
            lock file lives in its `IMAGE_LOCKS` folder.
        image: The image path, for the log.

    Raises:
        ConvertersToolsUserError: If the output folder cannot be created (a
            file is in the way).
        ConvertersToolsWriteError: If the lock file cannot be created.
    """
    path = _image_lock_path(zarr_url, root)
    with _held(path, what=f"write of image {image!r}", where=zarr_url):
        yield
