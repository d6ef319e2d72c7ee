"""Cost that scales: plate size x worker count through the Fractal init + compute flow.

Issue 13 item 4. For each plate size (`--sizes`, in GB of uint16 TIFF pixels) a
plate is generated with `bench_write.generate_plate` (same picture, same
jittered FOV grid), always with images of the same shape (`--grid` x `--grid`
FOVs x 2 channels x `--nz` z of `--tile`^2 px), so a larger plate has more
wells, not larger images. Each plate is then converted with
`exec_compound_task` (init task + one compute job per image, as Fractal runs
it) under each runner asked:

- `1`: `SequentialRunner` (one image at a time, like one Fractal job slot);
- `2`: `MultiprocessingRunner(num_processes=2)` (two images at a time, in
  fresh worker processes, like two Fractal jobs);
- `dask`: `DaskDistributedRunner(n_workers=2)`, a local cluster started for the
  run (its start-up is part of the time).

Every conversion runs in a child process watched from here with psutil: wall
time, CPU seconds (user + system of the whole process tree, worker processes
included), peak RSS of the whole tree (sum over its processes, sampled every
0.1 s), bytes read and written by the tree (`read_chars`/`write_chars`, each
byte once, see `_tree_io`: what the processes asked for, page cache or not)
and the size of the output on disk.
The report fits CPU seconds and wall time against plate bytes (least squares,
with the largest relative deviation from the line) and gives the peak RSS per
size, so "time linear, memory flat" can be read off directly.

Run it niced on a shared machine; the load average is printed before and
after every run, and CPU seconds are the measure to compare when it is high.

Usage:
    nice -n 10 /work/main/.venv/bin/python benchmarks/bench_scaling.py
        [--sizes 0.1 1.5 6] [--workers 1 2 dask] [--ngff 0.4 0.5]
        [--only-workers-for-largest 2] [--scratch /tmp/x]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_write import PIXEL_SIZE, _load, generate_plate


def plate_init(*, zarr_dir: str, table: str, ngff: str) -> dict[str, Any]:
    """Init task of the benchmark: table -> tiles -> images -> plate + job list."""
    import pandas as pd

    from ome_zarr_converters_tools import (
        AcquisitionDetails,
        ChannelInfo,
        ConverterOptions,
        OverwriteMode,
        setup_images_for_conversion,
        tiles_aggregation_pipeline,
    )
    from ome_zarr_converters_tools.core.dataframe import hcs_images_from_dataframe

    options = ConverterOptions.model_validate(
        {
            "omezarr_options": {"ngff_version": ngff},
            "runtime_settings": {"temp_json_options": {"serialization": "JSON"}},
        }
    )
    details = AcquisitionDetails(
        channels=[
            ChannelInfo(channel_label="DAPI", wavelength_id="405"),
            ChannelInfo(channel_label="GFP", wavelength_id="488"),
        ],
        xy_pixel_size=PIXEL_SIZE,
        z_spacing=1.0,
        axes=["c", "z", "y", "x"],
        start_z_space="pixel",
        data_type="uint16",
    )
    tiles = hcs_images_from_dataframe(
        tiles_table=pd.read_csv(table),
        acquisition_details=details,
        plate_name="ScalePlate",
    )
    images = tiles_aggregation_pipeline(tiles, converter_options=options)
    items = setup_images_for_conversion(
        images,
        zarr_dir=zarr_dir,
        collection_type="ImageInPlate",
        converter_options=options,
        overwrite_mode=OverwriteMode.OVERWRITE,
    )
    return {"parallelization_list": items}


def _runner(workers: str) -> Any:
    """The runner for one worker setting (see the module docstring)."""
    from ome_zarr_converters_tools import MultiprocessingRunner, SequentialRunner

    if workers == "1":
        return SequentialRunner()
    if workers == "dask":
        from ome_zarr_converters_tools.fractal.distributed import (
            DaskDistributedRunner,
        )

        return DaskDistributedRunner(n_workers=2, show_progress=False)
    return MultiprocessingRunner(num_processes=int(workers))


def child(args: dict[str, Any]) -> None:
    """Child process: run the compound task once and print its result count."""
    from ome_zarr_converters_tools import (
        DefaultImageLoader,
        ImageInPlate,
        exec_compound_task,
        generic_compute_task,
    )

    compute = partial(
        generic_compute_task,
        collection_type=ImageInPlate,
        image_loader_type=DefaultImageLoader,
    )
    results = exec_compound_task(
        partial(plate_init, ngff=args["ngff"]),
        compute,
        {"zarr_dir": args["out"], "table": args["table"]},
        runner=_runner(args["workers"]),
        progress=False,
    )
    print("RESULT " + json.dumps({"images": len(results)}))


def _watch(command: list[str]) -> dict[str, Any]:
    """Run `command`, sampling its whole process tree; return the measures.

    CPU seconds are the larger of two counts: the sum over every process seen
    of its last sampled user + system time (catches workers that are never
    reaped by their parent, e.g. forkserver children), and the child's own
    rusage from `wait4`, which includes every descendant reaped below it
    (catches what ran between the last sample and the end).
    """
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    # pid -> (CPU seconds, read chars, written chars, parent pid, sample number)
    seen: dict[int, tuple[float, int, int, int, int]] = {}
    sample = 0
    peak = 0
    # The child's exit status (and rusage) is taken with wait4, so the
    # pipes are drained by two threads rather than by communicate().
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []

    def pump(stream: Any, sink: list[bytes]) -> None:
        for chunk in iter(lambda: stream.read(65536), b""):
            sink.append(chunk)

    pumps = [
        threading.Thread(target=pump, args=(proc.stdout, out_chunks)),
        threading.Thread(target=pump, args=(proc.stderr, err_chunks)),
    ]
    for thread in pumps:
        thread.start()
    status = None
    rusage = None
    while status is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            tree = []
        total = 0
        for member in tree:
            try:
                with member.oneshot():
                    rss = member.memory_info().rss
                    times = member.cpu_times()
                    io = member.io_counters()
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            total += rss
            seen[member.pid] = (
                times.user + times.system,
                int(getattr(io, "read_chars", io.read_bytes)),
                int(getattr(io, "write_chars", io.write_bytes)),
                member.ppid(),
                sample,
            )
        peak = max(peak, total)
        sample += 1
        pid, code, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            status = code
        else:
            time.sleep(0.1)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    for thread in pumps:
        thread.join()
    stdout = b"".join(out_chunks).decode(errors="replace")
    stderr = b"".join(err_chunks).decode(errors="replace")
    lines = [line for line in stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(stdout[-3000:] + stderr[-6000:])
        raise SystemExit(f"child failed with code {proc.returncode}")
    assert rusage is not None
    sampled_cpu = sum(value[0] for value in seen.values())
    waited_cpu = rusage.ru_utime + rusage.ru_stime
    result: dict[str, Any] = json.loads(lines[-1][len("RESULT ") :])
    result.update(
        wall=wall,
        cpu=max(sampled_cpu, waited_cpu),
        peak_bytes=peak,
        processes=len(seen),
        read_chars=_tree_io(seen, 1),
        write_chars=_tree_io(seen, 2),
    )
    return result


def _tree_io(seen: dict[int, tuple[float, int, int, int, int]], field: int) -> int:
    """I/O characters of the tree from the last samples, each byte counted once.

    Linux adds a reaped child's I/O counters to its parent's (the pool or the
    forkserver that joins its workers), so summing every process would count
    the workers' bytes twice or three times. From each process's last count
    the last counts of its children that had gone before that sample are
    taken off (a child still alive then is not in its parent's count yet).
    """
    total = 0
    for pid, value in seen.items():
        gone = sum(
            int(child[field])
            for child in seen.values()
            if child[3] == pid and child[4] < value[4]
        )
        total += max(0, int(value[field]) - gone)
    return total


def _du(folder: Path) -> int:
    """Bytes of the regular files under `folder`."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _fit(xs: list[float], ys: list[float]) -> str:
    """Least-squares line y = a + b x, and the worst relative residual."""
    if len(xs) < 2:
        return "(one point)"
    slope, intercept = np.polyfit(xs, ys, 1)
    worst = max(
        abs(y - (intercept + slope * x)) / y for x, y in zip(xs, ys, strict=True)
    )
    return (
        f"{intercept:.2f} s + {slope:.2f} s/GB x GB = {1 / slope:.3f} GB/s "
        f"marginal (worst deviation {100 * worst:.0f} %)"
    )


def main() -> None:
    """Run the benchmark (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1.5, 6.0])
    parser.add_argument("--workers", nargs="+", default=["1", "2", "dask"])
    parser.add_argument(
        "--only-workers-for-largest",
        nargs="+",
        default=None,
        help="worker settings to run on the largest size only (to save time)",
    )
    parser.add_argument("--ngff", nargs="+", choices=["0.4", "0.5"], default=["0.4"])
    parser.add_argument("--grid", type=int, default=2)
    parser.add_argument("--tile", type=int, default=1024)
    parser.add_argument("--nz", type=int, default=6)
    parser.add_argument("--scratch", type=Path, default=None)
    args = parser.parse_args()
    if args.child is not None:
        child(json.loads(args.child))
        return

    well_bytes = args.grid**2 * 2 * args.nz * args.tile**2 * 2
    scratch = args.scratch or Path(
        tempfile.mkdtemp(prefix="bench_scaling_", dir="/tmp")
    )
    scratch.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    print(
        f"image: {args.grid}x{args.grid} FOVs x 2 ch x {args.nz} z of {args.tile}^2 "
        f"uint16 = {well_bytes / 1e9:.3f} GB; {os.cpu_count()} cores; "
        f"load average {_load()}",
        flush=True,
    )
    try:
        largest = max(args.sizes)
        for size in sorted(args.sizes):
            wells = max(1, round(size * 1e9 / well_bytes))
            if wells > 96:
                raise SystemExit(f"{size} GB needs {wells} wells; at most 96")
            t0 = time.perf_counter()
            shutil.rmtree(scratch / "tiles", ignore_errors=True)
            table, nbytes = generate_plate(
                scratch / "tiles",
                wells=wells,
                grid=args.grid,
                tile=args.tile,
                n_z=args.nz,
            )
            print(
                f"plate {nbytes / 1e9:.2f} GB ({wells} wells) generated in "
                f"{time.perf_counter() - t0:.0f} s",
                flush=True,
            )
            workers = args.workers
            if size == largest and args.only_workers_for_largest:
                workers = args.only_workers_for_largest
            for ngff in args.ngff:
                for setting in workers:
                    out = scratch / "out"
                    shutil.rmtree(out, ignore_errors=True)
                    load_before = _load()
                    job = {
                        "table": str(table),
                        "out": str(out),
                        "ngff": ngff,
                        "workers": setting,
                    }
                    result = _watch(
                        [sys.executable, __file__, "--child", json.dumps(job)]
                    )
                    result.update(
                        ngff=ngff,
                        workers=setting,
                        gb=nbytes / 1e9,
                        wells=wells,
                        out_bytes=_du(out),
                        load=f"{load_before} -> {_load()}",
                    )
                    shutil.rmtree(out, ignore_errors=True)
                    rows.append(result)
                    print("ROW " + json.dumps(result), flush=True)
        shutil.rmtree(scratch / "tiles", ignore_errors=True)
        _report(rows)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _report(rows: list[dict[str, Any]]) -> None:
    """Print the table and the fits per NGFF version and worker setting."""
    print(
        "\n| NGFF | workers | plate | images | wall | CPU | CPU / wall | "
        "GB per CPU-s | peak RSS (tree) | read / written | on disk | load avg |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print(
            f"| {row['ngff']} | {row['workers']} | {row['gb']:.2f} GB | "
            f"{row['images']} | {row['wall']:.1f} s | {row['cpu']:.1f} s | "
            f"{row['cpu'] / row['wall']:.2f} | {row['gb'] / row['cpu']:.3f} | "
            f"{row['peak_bytes'] / 2**20:.0f} MiB | "
            f"{row['read_chars'] / 1e9:.2f} / {row['write_chars'] / 1e9:.2f} GB | "
            f"{row['out_bytes'] / 1e9:.2f} GB | {row['load']} |"
        )
    print()
    keys = sorted({(row["ngff"], row["workers"]) for row in rows})
    for ngff, setting in keys:
        group = [r for r in rows if r["ngff"] == ngff and r["workers"] == setting]
        xs = [r["gb"] for r in group]
        peaks = ", ".join(f"{r['peak_bytes'] / 2**20:.0f}" for r in group)
        print(
            f"NGFF {ngff}, workers {setting}: CPU = "
            f"{_fit(xs, [r['cpu'] for r in group])}; wall = "
            f"{_fit(xs, [r['wall'] for r in group])}; peak RSS {peaks} MiB"
        )


if __name__ == "__main__":
    main()
