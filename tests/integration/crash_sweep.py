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
- `enospc`: the first run gets ENOSPC at N (a library error naming the file
  is required), then the reruns.

`--stride k --offset o` visits N = o+1, o+1+k, ...; stride 1 is the full sweep
(.ci/crash_sweep.sh). Prints one line per failure and a summary; exit 1 if any
N failed.
"""

from __future__ import annotations

import argparse
import errno
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
    """Counts mutations below `root`; kills or fails at mutation `at`."""

    def __init__(self, root: Path, at: int | None, action: str) -> None:
        self.root = str(root.resolve())
        self.at = at
        self.action = action
        self.count = 0

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
        if event not in _REMOVALS:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)


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
        "--scenario",
        action="append",
        choices=["fresh", "overwrite", "extend", "enospc", "grow"],
    )
    args = parser.parse_args(argv)
    BACKEND[0] = args.backend
    scenarios = args.scenario or ["fresh", "overwrite", "extend", "enospc", "grow"]
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
                    action="enospc",
                )
                if code == 0 and outcome.get("count", 0) >= at:
                    pass  # the failing mutation was a removal: nothing raised
                elif code != LIBRARY_ERROR:
                    failures.append(f"{label}: ENOSPC gave {code} {outcome}")
                    continue
                elif (
                    "No space" not in outcome["message"]
                    and "disk is full" not in (outcome["message"])
                ):
                    failures.append(f"{label}: ENOSPC error hides the cause: {outcome}")
                elif str(state) not in outcome["message"]:
                    failures.append(f"{label}: ENOSPC error names no file: {outcome}")
            if scenario != "enospc" and code != KILLED:
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
        f"checked ({', '.join(scenarios)}), {len(failures)} failure(s), "
        f"{elapsed:.1f} s"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
