"""Kill or fill the disk at every file-system mutation of a small conversion.

Run as a script (a fresh interpreter): it imports the library once, then forks
one child per run, so each run costs milliseconds of start-up. A child installs
an audit hook (`sys.addaudithook`) that counts every mutation below the output
folder (`open` for writing, `os.mkdir`, `os.remove`, `os.rename`, `os.rmdir`,
`shutil.rmtree`, ...) and, at mutation N, either kills its own process with
SIGKILL or raises `OSError(ENOSPC)` naming the file. The parent then reruns
the same conversion (another child) with `Extend` and, on a copy, with
`Overwrite`, and compares the output with an uninterrupted run: the same
files, chunk bytes equal, JSON metadata equal once parsed.

Scenarios (`--scenario`, several allowed):

- `fresh`: the first run (No Overwrite, empty folder) is killed at N.
- `overwrite`: an Overwrite run over a finished output is killed at N.
- `extend`: an Extend rerun over an output killed mid-compute is killed at N.
- `enospc`: the first run gets ENOSPC at N, then the reruns. At an `open`
  for writing the open itself fails (no inode left); `mkdir`, `rename`, ...
  fail likewise; removals never fail for lack of space and go through.
- `partial`: as `enospc`, but a file opened for writing at N is created and
  its first `write` stores only half of its bytes before failing with ENOSPC
  (a chunk, metadata or table file cut short by a full disk).

Under `enospc` and `partial` the run must end with `ConvertersToolsWriteError`
naming the file that could not be written; then, as if space had been freed,
the Extend and Overwrite reruns must give the uninterrupted output. A partial
write is simulated for files opened with `open`/`io.open`/`Path.open` (every
file zarr, fsspec, pandas and the library write); one opened otherwise (for
example with `os.open`) fails at the open instead.

`--stride k --offset o` visits N = o+1, o+1+k, ...; stride 1 is the full sweep
(.ci/crash_sweep.sh). Prints one line per failure and a summary; exit 1 if any
N failed.
"""

from __future__ import annotations

import argparse
import builtins
import errno
import io
import json
import os
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import numpy as np

from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ChannelInfo,
    ConverterOptions,
    DefaultImageLoader,
    ImageInPlate,
    OmeZarrOptions,
    OverwriteMode,
    Tile,
    generic_compute_task,
    setup_images_for_conversion,
    tiled_image_from_tiles,
)
from ome_zarr_converters_tools.core.errors import ConvertersToolsError

ROWS: list[str] = ["BC"]
"""Plate rows the conversion holds (a list so the sweep can set it before forking)."""

BACKEND = ["csv"]
"""Table backend of the conversion (a list so `main` can set it)."""

KILLED = -signal.SIGKILL
LIBRARY_ERROR = 3
OTHER_ERROR = 4

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PATH_EVENTS = {
    "os.mkdir",
    "os.remove",
    "os.rmdir",
    "os.rename",
    "os.truncate",
    "os.symlink",
    "os.link",
    "shutil.rmtree",
    "shutil.copyfile",
    "shutil.move",
}
_REMOVALS = {"os.remove", "os.rmdir", "shutil.rmtree"}
SCENARIOS = ("fresh", "overwrite", "extend", "enospc", "partial", "grow")


def _tiles(data: Path) -> None:
    """Two wells, one two-FOV image each, uint16, written as .npy files."""
    rng = np.random.default_rng(7)
    for well in ("B03", "C05"):
        for fov in (1, 2):
            array = rng.integers(1, 60000, size=(1, 1, 16, 16), dtype="uint16")
            np.save(data / f"{well}_{fov}.npy", array)


def _images(data: Path) -> list[Any]:
    acquisition = AcquisitionDetails(
        pixelsize=0.5,
        z_spacing=1.0,
        channels=[ChannelInfo(channel_label="DAPI", wavelength_id="405")],
        axes=["c", "z", "y", "x"],
        data_type="uint16",
    )
    tiles = []
    for well, (row, column) in {"B03": ("B", 3), "C05": ("C", 5)}.items():
        for fov in (1, 2):
            tiles.append(
                Tile(
                    fov_name=f"FOV_{fov}",
                    start_x=8.0 * (fov - 1),
                    start_y=0.0,
                    length_x=16,
                    length_y=16,
                    collection=ImageInPlate(
                        plate_name="Crash", row=row, column=column, acquisition=0
                    ),
                    image_loader=DefaultImageLoader(file_path=f"{well}_{fov}.npy"),
                    acquisition_details=acquisition,
                    attributes={"drug": [well.lower()]},
                )
            )
    images = tiled_image_from_tiles(tiles=tiles, resource=str(data))
    return [image for image in images if image.collection.row in ROWS[0]]


def _convert(
    zarr_dir: Path, data: Path, mode: OverwriteMode, ngff: str, backend: str
) -> None:
    options = ConverterOptions(
        omezarr_options=OmeZarrOptions(
            ngff_version=ngff, num_levels=2, table_backend=backend
        )
    )
    entries = setup_images_for_conversion(
        _images(data),
        zarr_dir=str(zarr_dir),
        collection_type="ImageInPlate",
        converter_options=options,
        overwrite_mode=mode,
    )
    for entry in entries:
        generic_compute_task(
            zarr_url=entry["zarr_url"],
            init_args=entry["init_args"],
            collection_type=ImageInPlate,
            image_loader_type=DefaultImageLoader,
            resource=str(data),
        )


def compute_entry(entry: dict[str, Any], data: str) -> None:
    """Run one compute job of `_convert` (for process pools)."""
    generic_compute_task(
        zarr_url=entry["zarr_url"],
        init_args=entry["init_args"],
        collection_type=ImageInPlate,
        image_loader_type=DefaultImageLoader,
        resource=data,
    )


class _Hook:
    """Counts mutations below `root`; kills or fails at mutation `at`.

    `action` is `kill` (SIGKILL), `enospc` (the mutation fails) or `partial`
    (a file opened for writing keeps half of its first write, then fails; see
    `_PartialFile`). `failed` is the path the simulated full disk refused.
    """

    def __init__(self, root: Path, at: int | None, action: str) -> None:
        self.root = str(root.resolve())
        self.at = at
        self.action = action
        self.count = 0
        self.failed: str | None = None
        self.armed: str | None = None

    def _path(self, event: str, args: tuple[Any, ...]) -> str | None:
        if event == "open":
            path, mode, flags = args
            if not isinstance(path, str | bytes | os.PathLike):
                return None
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITE_FLAGS
            )
            return os.fsdecode(path) if writes else None
        if (
            event in _PATH_EVENTS
            and args
            and isinstance(args[0], str | bytes | os.PathLike)
        ):
            path = os.fsdecode(args[0])
            if event == "os.mkdir" and os.path.isdir(path):
                return None  # exist_ok=True on an existing folder: no change
            return path
        return None

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        path = self._path(event, args)
        if path is None:
            return
        if not os.path.abspath(path).startswith(self.root):
            return
        self.count += 1
        if self.count != self.at:
            return
        if self.action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if event in _REMOVALS:
            return  # freeing space never fails for lack of it
        if self.action == "partial" and event == "open" and isinstance(args[1], str):
            self.armed = path  # `_open` wraps the file object it returns
            return
        self.failed = path
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)


class _PartialFile:
    """A file object whose first write stores half of the data, then fails.

    What a full disk does to a file being written: the bytes that fitted are
    stored (and stay when the file is closed), the rest raises ENOSPC.
    """

    def __init__(self, file: Any, path: str, hook: _Hook) -> None:
        self._file = file
        self._path = path
        self._hook = hook

    def write(self, data: Any) -> int:
        self._hook.failed = self._path
        if isinstance(data, str):
            self._file.write(data[: len(data) // 2])
        else:
            view = memoryview(data).cast("B")
            self._file.write(view[: len(view) // 2])
        self._file.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self._path)

    def __enter__(self) -> _PartialFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def __iter__(self) -> Any:
        return iter(self._file)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def _install_partial_open(hook: _Hook) -> None:
    """Route `open` through `hook`: the armed file comes back as `_PartialFile`."""
    real_open = io.open

    def _open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened = real_open(file, *args, **kwargs)
        armed = hook.armed
        if (
            armed is not None
            and isinstance(file, str | bytes | os.PathLike)
            and os.fsdecode(file) == armed
        ):
            hook.armed = None
            return _PartialFile(opened, armed, hook)
        return opened

    builtins.open = _open
    io.open = _open


def _child(
    zarr_dir: Path,
    data: Path,
    mode: OverwriteMode,
    ngff: str,
    at: int | None,
    action: str,
    report: Path,
    backend: str,
) -> int:
    hook = _Hook(zarr_dir, at, action)
    sys.addaudithook(hook)
    if action == "partial":
        _install_partial_open(hook)
    outcome: dict[str, Any] = {}
    code = 0
    try:
        _convert(zarr_dir, data, mode, ngff, backend)
    except ConvertersToolsError as exc:
        outcome = {"error": type(exc).__name__, "message": str(exc)}
        code = LIBRARY_ERROR
    except BaseException as exc:
        outcome = {"error": type(exc).__name__, "message": traceback.format_exc()}
        code = OTHER_ERROR
    outcome["count"] = hook.count
    outcome["failed"] = hook.failed
    report.write_text(json.dumps(outcome))
    return code


def run(
    zarr_dir: Path,
    data: Path,
    mode: OverwriteMode,
    ngff: str,
    *,
    at: int | None = None,
    action: str = "kill",
) -> tuple[int, dict[str, Any]]:
    backend = BACKEND[0]
    """One conversion in a forked child; returns (status, report)."""
    report = zarr_dir.parent / f".{zarr_dir.name}.report.json"
    report.unlink(missing_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        code = OTHER_ERROR
        try:
            code = _child(zarr_dir, data, mode, ngff, at, action, report, backend)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    outcome = json.loads(report.read_text()) if report.exists() else {}
    return code, outcome


DISK_FULL = ("enospc", "partial")


def _disk_full_problem(code: int, outcome: dict[str, Any]) -> str | None:
    """What is wrong with how a run ended on a full disk (None: nothing).

    Required: `ConvertersToolsWriteError` whose message names the refused
    file and says the disk is full. `"not simulated"` when no write failed
    (the mutation was a removal, or a file opened but never written);
    `"recovered"` when a write failed and the run still succeeded (filelock
    probes its folder with a throw-away file and copes with a refusal): the
    output must then be complete as it is.
    """
    failed = outcome.get("failed")
    if code == 0:
        return "not simulated" if failed is None else "recovered"
    if code != LIBRARY_ERROR or outcome.get("error") != "ConvertersToolsWriteError":
        return f"ENOSPC gave {code} {outcome}"
    message = outcome["message"]
    if "No space" not in message and "disk is full" not in message:
        return f"ENOSPC error hides the cause: {outcome}"
    if failed is None or failed not in message:
        return f"ENOSPC error does not name {failed!r}: {outcome}"
    return None


def snapshot(root: Path) -> dict[str, Any]:
    """Every file below `root`: parsed JSON for metadata, bytes otherwise."""
    files: dict[str, Any] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        content = path.read_bytes()
        if path.name in {"zarr.json", ".zattrs", ".zarray", ".zgroup"} or (
            path.suffix == ".json"
        ):
            try:
                files[str(path.relative_to(root))] = json.loads(content)
                continue
            except ValueError:
                pass
        files[str(path.relative_to(root))] = content
    return files


def differences(got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    changed = sorted(k for k in set(got) & set(want) if got[k] != want[k])
    out = []
    if missing:
        out.append(f"missing {missing[:5]}{'...' if len(missing) > 5 else ''}")
    if extra:
        out.append(f"extra {extra[:5]}{'...' if len(extra) > 5 else ''}")
    if changed:
        out.append(f"changed {changed[:5]}{'...' if len(changed) > 5 else ''}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--ngff", default="0.4")
    parser.add_argument("--stride", type=int, default=1)
    parser.add_argument(
        "--backend", default="csv", help="table backend (anndata: slow)"
    )
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--stop", type=int, default=None, help="last N to visit")
    parser.add_argument(
        "--progress", type=int, default=0, help="print a line every that many N"
    )
    parser.add_argument(
        "--scenario",
        action="append",
        choices=[*SCENARIOS],
    )
    args = parser.parse_args(argv)
    BACKEND[0] = args.backend
    scenarios = args.scenario or [*SCENARIOS]
    work: Path = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    data = work / "data"
    data.mkdir(exist_ok=True)
    _tiles(data)
    ngff = args.ngff
    started = time.perf_counter()

    reference = work / "reference"
    code, outcome = run(reference, data, OverwriteMode.NO_OVERWRITE, ngff)
    if code != 0:
        print(f"reference run failed: {outcome}")
        return 1
    total = int(outcome["count"])
    want = snapshot(reference)
    failures: list[str] = []
    checked = 0
    unsimulated = 0
    recovered = 0

    def rerun_and_compare(label: str, state: Path) -> None:
        copy = state.with_name(state.name + "-ov")
        shutil.rmtree(copy, ignore_errors=True)
        if state.exists():
            shutil.copytree(state, copy)
        for mode, target in (
            (OverwriteMode.EXTEND, state),
            (OverwriteMode.OVERWRITE, copy),
        ):
            code, outcome = run(target, data, mode, ngff)
            if code != 0:
                failures.append(f"{label}: rerun {mode.value} -> {code} {outcome}")
                continue
            diff = differences(snapshot(target), want)
            if diff:
                failures.append(f"{label}: rerun {mode.value} differs: {diff}")

    def prepare(name: str, source: Path | None) -> Path:
        target = work / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.rmtree(target.with_name(name + "-ov"), ignore_errors=True)
        if source is not None:
            shutil.copytree(source, target)
        return target

    # State for `extend`: the first run killed half-way through (compute).
    half = work / "half"
    shutil.rmtree(half, ignore_errors=True)
    run(half, data, OverwriteMode.NO_OVERWRITE, ngff, at=(2 * total) // 3)

    # State for `grow`: a plate of row B only, then extended with row C.
    small = work / "small"
    shutil.rmtree(small, ignore_errors=True)
    ROWS[0] = "B"
    run(small, data, OverwriteMode.NO_OVERWRITE, ngff)
    ROWS[0] = "BC"
    grown = prepare("grown", small)
    run(grown, data, OverwriteMode.EXTEND, ngff)
    want_grown = snapshot(grown)

    for scenario in scenarios:
        if scenario == "grow":
            code, outcome = run(
                prepare("probe", small), data, OverwriteMode.EXTEND, ngff
            )
            count = int(outcome.get("count", 0))
        elif scenario == "overwrite":
            code, outcome = run(
                prepare("probe", reference), data, OverwriteMode.OVERWRITE, ngff
            )
            count = int(outcome.get("count", 0))
        elif scenario == "extend":
            code, outcome = run(
                prepare("probe", half), data, OverwriteMode.EXTEND, ngff
            )
            count = int(outcome.get("count", 0))
        else:
            count = total
        last = count if args.stop is None else min(count, args.stop)
        for at in range(args.offset + 1, last + 1, args.stride):
            label = f"{scenario} N={at}/{count}"
            if args.progress and at % args.progress == 0:
                print(
                    f"... {label}, {len(failures)} failure(s), "
                    f"{time.perf_counter() - started:.0f} s",
                    flush=True,
                )
            if scenario == "fresh":
                state = prepare("state", None)
                code, outcome = run(
                    state, data, OverwriteMode.NO_OVERWRITE, ngff, at=at
                )
            elif scenario == "overwrite":
                state = prepare("state", reference)
                code, outcome = run(state, data, OverwriteMode.OVERWRITE, ngff, at=at)
            elif scenario == "grow":
                state = prepare("state", small)
                code, outcome = run(state, data, OverwriteMode.EXTEND, ngff, at=at)
            elif scenario == "extend":
                state = prepare("state", half)
                code, outcome = run(state, data, OverwriteMode.EXTEND, ngff, at=at)
            else:
                state = prepare("state", None)
                code, outcome = run(
                    state,
                    data,
                    OverwriteMode.NO_OVERWRITE,
                    ngff,
                    at=at,
                    action=scenario,
                )
                problem = _disk_full_problem(code, outcome)
                if problem == "not simulated":
                    unsimulated += 1
                elif problem == "recovered":
                    recovered += 1
                    diff = differences(snapshot(state), want)
                    if diff:
                        failures.append(f"{label}: recovered from ENOSPC, {diff}")
                        continue
                elif problem:
                    failures.append(f"{label}: {problem}")
                    continue
            if scenario not in DISK_FULL and code != KILLED:
                failures.append(f"{label}: expected a kill, got {code} {outcome}")
                continue
            checked += 1
            if scenario == "grow":
                # Overwrite would rebuild the plate in one pass: compare Extend only.
                code, outcome = run(state, data, OverwriteMode.EXTEND, ngff)
                diff = differences(snapshot(state), want_grown)
                if code != 0 or diff:
                    failures.append(f"{label}: rerun Extend -> {code} {outcome} {diff}")
                continue
            rerun_and_compare(label, state)
    elapsed = time.perf_counter() - started
    for failure in failures:
        print("FAIL", failure)
    print(
        f"crash sweep ngff {ngff}: {total} mutations per run, {checked} kill points "
        f"checked ({', '.join(scenarios)}; full disk: {unsimulated} at a removal "
        f"or a file never written, {recovered} recovered), {len(failures)} "
        f"failure(s), {elapsed:.1f} s"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
