"""The output locks (core/locks.py): where the lock files live, who waits, and errors.

Races between real processes are in tests/integration/test_crash_safety.py; here
the lock files and the waiting are checked within one process (a `flock` taken
through another file descriptor excludes a thread of the same process too).
"""

from __future__ import annotations

import errno
import tempfile
import threading
import time
from pathlib import Path

import pytest

from ome_zarr_converters_tools.core import locks
from ome_zarr_converters_tools.core.errors import ConvertersToolsWriteError
from ome_zarr_converters_tools.core.locks import (
    IMAGE_LOCKS,
    LOCK_FILE,
    image_lock,
    output_lock,
)


def test_image_locks_live_outside_the_plate_one_per_image(tmp_path: Path) -> None:
    root = str(tmp_path)
    first = f"{root}/Plate.zarr/B/03/0"
    second = f"{root}/Plate.zarr/B/03/1"

    with (
        image_lock(first, root=root, image="Plate.zarr/B/03/0"),
        image_lock(second, root=root, image="Plate.zarr/B/03/1"),
    ):
        pass  # different images never wait for each other

    lock_files = sorted(p.name for p in (tmp_path / IMAGE_LOCKS).iterdir())
    assert len(lock_files) == 2
    assert all(name.endswith(".lock") for name in lock_files)
    assert not (tmp_path / "Plate.zarr").exists()  # nothing inside the plate


def test_a_second_writer_of_one_image_waits_for_the_first(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = str(tmp_path)
    url = f"{root}/Plate.zarr/B/03/0"
    entered = threading.Event()

    def second_writer() -> None:
        with image_lock(url, root=root, image="Plate.zarr/B/03/0"):
            entered.set()

    with caplog.at_level("INFO", logger=locks.__name__):
        with image_lock(url, root=root, image="Plate.zarr/B/03/0"):
            thread = threading.Thread(target=second_writer)
            thread.start()
            time.sleep(1.5)  # past the one-second notice
            assert not entered.is_set()
        thread.join(timeout=30)

    assert entered.is_set()
    assert any("Waiting for another process" in r.getMessage() for r in caplog.records)


def test_an_image_lock_is_reentrant_in_one_thread(tmp_path: Path) -> None:
    """The compute task holds it over the write, which takes it again inside."""
    root = str(tmp_path)
    url = f"{root}/img.zarr"
    done = threading.Event()

    def nested() -> None:
        with (
            image_lock(url, root=root, image="img.zarr"),
            image_lock(url, root=root, image="img.zarr"),
        ):
            done.set()

    thread = threading.Thread(target=nested, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert done.is_set()
    with image_lock(url, root=root, image="img.zarr"):
        pass  # released again after the outer block


def test_setup_lock_and_image_locks_are_different_files(tmp_path: Path) -> None:
    root = str(tmp_path)
    with output_lock(root), image_lock(f"{root}/img.zarr", root=root, image="img.zarr"):
        pass
    assert (tmp_path / LOCK_FILE).is_file()
    assert len(list((tmp_path / IMAGE_LOCKS).iterdir())) == 1


def test_remote_image_lock_is_a_local_file(tmp_path: Path) -> None:
    url = "s3://bucket/out/Plate.zarr/B/03/0"
    with image_lock(url, root="s3://bucket/out", image="Plate.zarr/B/03/0"):
        folder = Path(tempfile.gettempdir()) / "ome-zarr-converters-tools-locks"
        assert folder.is_dir()


class _FullDiskLock:
    """Stands in for `filelock.FileLock` on a full disk."""

    def __init__(self, path: str) -> None:
        self.path = path

    def acquire(self, timeout: float | None = None) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", self.path)

    def release(self) -> None:  # pragma: no cover - never acquired
        raise AssertionError


@pytest.mark.parametrize("which", ["image", "setup"])
def test_a_lock_file_on_a_full_disk_is_a_named_write_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    monkeypatch.setattr(locks, "FileLock", _FullDiskLock)
    root = str(tmp_path)

    lock = (
        image_lock(f"{root}/img.zarr", root=root, image="img.zarr")
        if which == "image"
        else output_lock(root)
    )

    with pytest.raises(ConvertersToolsWriteError) as info:
        lock.__enter__()

    message = str(info.value)
    assert "No space left" in message
    folder = str(tmp_path / IMAGE_LOCKS) if which == "image" else str(tmp_path)
    assert folder in message
    assert ".lock" in message
