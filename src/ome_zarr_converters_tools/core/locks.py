"""The output-folder lock: one collection setup at a time per `zarr_dir`.

Setting up a plate is check-then-write (does the plate exist? which images
does it list?), and zarr's local store does not fail when a group it creates
already exists, so two init tasks started together on one `zarr_dir` could both
pass the check. `output_lock(zarr_dir)` makes the check and the writes of one
setup exclusive: the setup handlers run inside it (`setup_ome_zarr_collection`).

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
  setups on the same machine only; concurrent setups of one plate from
  different machines are not protected.

The lock file is empty and stays after the setup (removing it would race with
a waiting process); it is not part of any plate or image.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.url_guard import check_below
from ome_zarr_converters_tools.core.urls import (
    UrlType,
    find_url_type,
    local_url_to_path,
)

__all__ = ["LOCK_FILE", "output_lock"]

logger = logging.getLogger(__name__)

LOCK_FILE = ".ome-zarr-converters-tools.lock"
"""Name of the lock file kept in a local `zarr_dir`."""

_WAIT_NOTICE_SECONDS = 1.0


def _lock_path(zarr_dir: str) -> Path:
    """Where the lock file of `zarr_dir` lives (created with its folder)."""
    if find_url_type(zarr_dir) is UrlType.LOCAL:
        folder = local_url_to_path(zarr_dir)
        path = folder / LOCK_FILE
        check_below(str(path), root=str(folder), what="the output-folder lock")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            raise ConvertersToolsUserError(
                f"The output folder zarr_dir={zarr_dir!r} cannot be created: "
                f"{exc.filename!r} is a file, not a folder. Choose another zarr_dir."
            ) from exc
        return path
    digest = hashlib.sha256(zarr_dir.rstrip("/").encode()).hexdigest()[:32]
    folder = Path(tempfile.gettempdir()) / "ome-zarr-converters-tools-locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{digest}.lock"


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
    """
    path = _lock_path(zarr_dir)
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=_WAIT_NOTICE_SECONDS)
    except Timeout:
        logger.info(
            "Waiting for another process to finish its %s in %s (lock %s)",
            what,
            zarr_dir,
            path,
        )
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
