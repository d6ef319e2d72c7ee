"""Benchmark of the pixel writers against the published ome-zarr-converters-tools 1.1.1.

What it does, in one run:

1. generates a synthetic HCS plate of uint16 TIFF files (several wells, FOVs on
   a jittered grid, 2 channels, a z-stack; >= 1 GB by default) in a scratch
   folder (default under /tmp);
2. for each NGFF version asked (`--ngff 0.4 0.5`), converts it with this
   library (every `--modes` entry), optionally with another source tree of
   this library (`--before-src`, e.g. an exported older commit, put first on
   `PYTHONPATH`) and with the published 1.1.1 (its own virtualenv), each in a
   child process running the same driver script with the same options
   (default chunking, 5 levels, csv tables): wall time, CPU time (user +
   system, all threads), peak RSS of each child;
3. measures the floor: decode every source file and encode + write level 0
   with the same codec and chunks on all cores (no pyramid, no metadata);
4. compares the outputs array by array on every level (parity);
5. memory check: one mosaic image of >= 1 GiB converted with this library; its
   RSS growth (peak minus the RSS after imports) must stay under 25 % of the
   image size.

The machine may be shared: contenders run interleaved, `--repeat` times, and
the report gives medians, every run's wall time and the load average before
and after.

Usage:
    /work/main/.venv/bin/python benchmarks/bench_write.py [--scratch /tmp/x]
        [--ngff 0.4 0.5] [--wells 4] [--grid 3] [--tile 1024] [--nz 8]
        [--modes "By FOV" "By Tile"] [--before-src /tmp/old/src] [--repeat 3]
        [--ref-python /work/venvs/v111/bin/python] [--ours-python PYTHON]
        [--zarrs] [--skip-ref] [--skip-memory]
        [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

PIXEL_SIZE = 0.65

DRIVER = textwrap.dedent(
    r"""
    import json, resource, sys, time
    args = json.loads(sys.argv[1])
    import pandas as pd
    import ome_zarr_converters_tools as ozct

    def pick(*candidates):
        for module_name, name in candidates:
            try:
                module = __import__(module_name, fromlist=[name])
                return getattr(module, name)
            except (ImportError, AttributeError):
                continue
        raise ImportError(candidates)

    P = "ome_zarr_converters_tools"
    # (name, fallback module) pairs: the root export first, then our module.
    WHERE = {
        "hcs_images_from_dataframe": ".core.dataframe",
        "tiles_aggregation_pipeline": ".pipelines.aggregation",
        "setup_ome_zarr_collection": ".pipelines.collection_setup",
        "build_default_registration_pipeline": ".pipelines.registration",
        "tiled_image_creation_pipeline": ".pipelines.creation",
        "ConverterOptions": ".models.converter",
        "OmeZarrOptions": ".models.storage",
        "AcquisitionDetails": ".core.acquisition",
        "ChannelInfo": ".core.acquisition",
        "OverwriteMode": ".models.modes",
    }
    for name, module in WHERE.items():
        globals()[name] = pick((P, name), (P + module, name))

    def status_kb(field):
        # VmHWM/VmRSS of this process image: unlike ru_maxrss, the high-water
        # mark is not inherited from the parent across fork + exec.
        try:
            with open("/proc/self/status") as handle:
                for line in handle:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def cpu_s():
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    # This library only: time the pixel writes (level 0 + pyramid) of every
    # image, to tell how many cores they keep busy apart from the metadata work.
    pixels = {"wall": 0.0, "cpu": 0.0}
    try:
        import importlib
        container_module = importlib.import_module(P + ".pipelines.ome_zarr.container")
        write_pixels = container_module.write_pixels
    except (ImportError, AttributeError):
        pixels = None
    else:
        def timed_write_pixels(*a, **k):
            t, c = time.perf_counter(), cpu_s()
            try:
                return write_pixels(*a, **k)
            finally:
                pixels["wall"] += time.perf_counter() - t
                pixels["cpu"] += cpu_s() - c
        container_module.write_pixels = timed_write_pixels

    baseline_kb = status_kb("VmRSS")
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage0.ru_utime + usage0.ru_stime
    start = time.perf_counter()
    table = pd.read_csv(args["table"])
    details = AcquisitionDetails(
        channels=[ChannelInfo(channel_label="DAPI", wavelength_id="405"),
                  ChannelInfo(channel_label="GFP", wavelength_id="488")],
        xy_pixel_size=args["pixel_size"], z_spacing=1.0, axes=["c", "z", "y", "x"],
        start_z_space="pixel", data_type="uint16")
    tiles = hcs_images_from_dataframe(tiles_table=table, acquisition_details=details,
                                      plate_name="BenchPlate")
    extra = {}
    if args.get("zarrs"):
        RuntimeSettings = pick(
            (P, "RuntimeSettings"), (P + ".models.runtime", "RuntimeSettings"))
        extra["runtime_settings"] = RuntimeSettings(use_zarrs_codec=True)
    options = ConverterOptions(
        writer_mode=args["mode"],
        omezarr_options=OmeZarrOptions(ngff_version=args["ngff"], table_backend="csv"),
        **extra)
    images = tiles_aggregation_pipeline(tiles, converter_options=options)
    setup_ome_zarr_collection(tiled_images=images, collection_type="ImageInPlate",
                              zarr_dir=args["out"], ngff_version=args["ngff"],
                              overwrite_mode=OverwriteMode.OVERWRITE)
    tiling = getattr(options, "tiling_strategy", None)
    if tiling is None:
        tiling = options.grouping.tiling_strategy
    steps = build_default_registration_pipeline(
        options.stage_position_corrections, tiling)
    paths = []
    for image in images:
        url = args["out"].rstrip("/") + "/" + image.path
        tiled_image_creation_pipeline(
            zarr_url=url, tiled_image=image, registration_pipeline=steps,
            converter_options=options, writer_mode=options.writer_mode,
            overwrite_mode=OverwriteMode.OVERWRITE)
        paths.append(image.path)
    wall = time.perf_counter() - start
    peak_kb = status_kb("VmHWM")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu0
    print("RESULT " + json.dumps({"wall": wall, "peak_kb": peak_kb, "cpu": cpu,
                                  "baseline_kb": baseline_kb, "images": paths,
                                  "pixels": pixels}))
    """
)

BARE = textwrap.dedent(
    r"""
    import json, os, resource, sys, time
    from concurrent.futures import ThreadPoolExecutor
    args = json.loads(sys.argv[1])
    import numpy as np, pandas as pd, tifffile, zarr
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    table = pd.read_csv(args["table"])
    tile = args["tile"]; nz = args["nz"]
    if args["ngff"] == "0.4":
        import numcodecs
        compressors = numcodecs.Blosc(cname="lz4", clevel=5, shuffle=1)
    else:
        compressors = zarr.codecs.ZstdCodec(level=0)
    root = zarr.open_group(
        args["out"], mode="w", zarr_format=2 if args["ngff"] == "0.4" else 3)
    jobs = []
    for (row, column), well in table.groupby(["row", "column"]):
        grid = int(round(len(well["fov_name"].unique()) ** 0.5))
        array = root.create_array(
            f"{row}{column}", shape=(2, nz, grid * tile, grid * tile),
            chunks=(1, min(10, nz), tile, tile), dtype="uint16",
            compressors=compressors)
        fovs = well.groupby("fov_name", sort=True)
        for fov_number, (fov, fov_rows) in enumerate(fovs):
            jobs.append((array, fov_number // grid, fov_number % grid, fov_rows))
    def run(job):
        array, gy, gx, fov_rows = job
        block = np.zeros((2, nz, tile, tile), dtype="uint16")
        for rec in fov_rows.itertuples():
            block[int(rec.start_c), int(rec.start_z)] = tifffile.imread(rec.file_path)
        array[:, :, gy * tile:(gy + 1) * tile, gx * tile:(gx + 1) * tile] = block
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(run, jobs))
    wall = time.perf_counter() - start
    with open("/proc/self/status") as handle:
        peak_kb = [int(line.split()[1]) for line in handle
                   if line.startswith("VmHWM:")][0]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (usage.ru_utime + usage.ru_stime) - (usage0.ru_utime + usage0.ru_stime)
    print("RESULT " + json.dumps({"wall": wall, "peak_kb": peak_kb, "cpu": cpu}))
    """
)


def _tile_pattern(rng: np.random.Generator, tile: int) -> np.ndarray:
    """A smooth, cell-like uint16 picture (compresses like real data)."""
    small = rng.gamma(2.0, 300.0, size=(tile // 32, tile // 32))
    big = np.kron(small, np.ones((32, 32)))
    yy, xx = np.mgrid[0:tile, 0:tile]
    ripple = 200 * (1 + np.sin(xx / 37.0) * np.cos(yy / 53.0))
    return (big + ripple + 100).astype(np.uint16)


def generate_plate(
    folder: Path,
    *,
    wells: int,
    grid: int,
    tile: int,
    n_z: int,
    seed: int = 0,
) -> tuple[Path, int]:
    """Write the TIFF tiles and the tiles table; return the table path and bytes."""
    import pandas as pd
    import tifffile

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    rows = []
    jobs = []
    for well in range(wells):
        row, column = "ABCDEFGH"[well // 12], well % 12 + 1
        for gy in range(grid):
            for gx in range(grid):
                fov = f"FOV_{gy * grid + gx + 1}"
                jitter = rng.uniform(-0.3, 0.3, size=2) * PIXEL_SIZE
                x = gx * tile * PIXEL_SIZE + 100.0 + jitter[0]
                y = gy * tile * PIXEL_SIZE + 100.0 + jitter[1]
                base = _tile_pattern(rng, tile)
                for c in range(2):
                    for z in range(n_z):
                        path = folder / f"{row}{column:02d}_{fov}_c{c}_z{z:02d}.tif"
                        rows.append(
                            {
                                "file_path": str(path),
                                "fov_name": fov,
                                "start_x": x,
                                "start_y": y,
                                "start_z": z,
                                "start_c": c,
                                "length_x": tile,
                                "length_y": tile,
                                "row": row,
                                "column": column,
                            }
                        )
                        jobs.append((path, base, c, z, int(rng.integers(1 << 30))))

    def write(job: tuple[Path, np.ndarray, int, int, int]) -> None:
        path, base, c, z, job_seed = job
        local = np.random.default_rng(job_seed)
        noise = local.integers(0, 64, size=base.shape, dtype=np.uint16)
        data = np.roll(base, shift=5 * z + 50 * c, axis=1) + noise
        tifffile.imwrite(path, data)

    with ThreadPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(write, jobs))
    table = folder / "tiles.csv"
    pd.DataFrame(rows).to_csv(table, index=False)
    return table, len(jobs) * tile * tile * 2


def _run_child(
    python: str,
    script: str,
    args: dict[str, Any],
    *,
    pythonpath: str | None = None,
) -> dict[str, Any]:
    """Run a driver in a fresh interpreter and return its RESULT line."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(script)
    try:
        start = time.perf_counter()
        proc = subprocess.run(
            [python, handle.name, json.dumps(args)],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        outer = time.perf_counter() - start
    finally:
        os.unlink(handle.name)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-6000:])
        raise SystemExit(f"child {python} failed with code {proc.returncode}")
    result: dict[str, Any] = json.loads(lines[-1][len("RESULT ") :])
    result["process_wall"] = outer
    return result


def _compare(ours: Path, ref: Path, images: list[str]) -> tuple[int, int]:
    """Count equal arrays between the two outputs over every level of every image."""
    import zarr

    equal = total = 0
    for image in images:
        ours_group = zarr.open_group(str(ours / image), mode="r")
        ref_group = zarr.open_group(str(ref / image), mode="r")
        for name in sorted(ref_group.array_keys()):
            total += 1
            if name in list(ours_group.array_keys()) and np.array_equal(
                ours_group[name][...], ref_group[name][...]
            ):
                equal += 1
    return equal, total


def _same_chunk_files(ours: Path, ref: Path, images: list[str]) -> tuple[int, int]:
    """Count the stored chunk files of `ref` that `ours` holds with the same bytes."""
    same = total = 0
    for image in images:
        root = ref / image
        for path in root.rglob("*"):
            if not path.is_file() or path.name.startswith((".z", "zarr.json")):
                continue
            if not path.relative_to(root).parts[0].isdigit():
                continue  # tables and records: not pixels
            total += 1
            mine = ours / image / path.relative_to(root)
            same += mine.is_file() and mine.read_bytes() == path.read_bytes()
    return same, total


def _median(results: list[dict[str, Any]], key: str) -> float:
    """Median of one field over the runs."""
    return float(np.median([float(result[key]) for result in results]))


def _load() -> str:
    """The 1, 5 and 15 minute load averages, for the report."""
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


Contender = tuple[str, str, str | None, dict[str, Any]]
"""(label, python, extra PYTHONPATH, driver arguments) of one converter run."""


def _contenders(args: argparse.Namespace) -> list[Contender]:
    """Every converter run of one round, in run order."""
    first = args.modes[0]
    ours: list[Contender] = [
        (f"ours {mode}", args.ours_python, None, {"mode": mode}) for mode in args.modes
    ]
    if args.zarrs:
        ours.append(
            (
                f"ours {first}, zarrs",
                args.ours_python,
                None,
                {"mode": first, "zarrs": True},
            )
        )
    before: list[Contender] = (
        [(f"before {first}", args.ours_python, str(args.before_src), {"mode": first})]
        if args.before_src
        else []
    )
    ref: list[Contender] = (
        [] if args.skip_ref else [("1.1.1", args.ref_python, None, {"mode": first})]
    )
    return [*ours, *before, *ref]


def _report_table(
    ngff: str,
    runs: dict[str, list[dict[str, Any]]],
    nbytes: int,
) -> None:
    """Print one NGFF version's medians as a Markdown table."""
    ref_wall = _median(runs["1.1.1"], "wall") if "1.1.1" in runs else None
    ref_peak = _median(runs["1.1.1"], "peak_kb") if "1.1.1" in runs else None
    ref_cpu = _median(runs["1.1.1"], "cpu") if "1.1.1" in runs else None
    floor = _median(runs["floor"], "wall")
    print(f"\nNGFF {ngff}, medians of {len(runs['floor'])} interleaved runs")
    print(
        "| contender | wall (runs) | MB/s | peak RSS | CPU | CPU / wall | "
        "pixel writes CPU / wall | wall / 1.1.1 | CPU / 1.1.1 | RSS / 1.1.1 | "
        "floor / wall |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, results in runs.items():
        wall = _median(results, "wall")
        peak = _median(results, "peak_kb")
        cpu = _median(results, "cpu")
        walls = ", ".join(f"{float(r['wall']):.1f}" for r in results)
        vs_ref = f"{wall / ref_wall:.2f}" if ref_wall else "-"
        vs_rss = f"{peak / ref_peak:.2f}" if ref_peak else "-"
        vs_cpu = f"{cpu / ref_cpu:.2f}" if ref_cpu else "-"
        ratio = _median(
            [{"r": float(r["cpu"]) / float(r["wall"])} for r in results], "r"
        )
        timed = [r["pixels"] for r in results if r.get("pixels")]
        in_pixels = (
            f"{np.median([t['cpu'] / t['wall'] for t in timed]):.2f}" if timed else "-"
        )
        print(
            f"| {label} | {wall:.1f} s ({walls}) | {nbytes / 1e6 / wall:.0f} | "
            f"{peak / 1024:.0f} MiB | {cpu:.1f} s | {ratio:.2f} | {in_pixels} | "
            f"{vs_ref} | {vs_cpu} | {vs_rss} | {floor / wall:.2f} |"
        )


def main() -> None:
    """Run the benchmark (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scratch", type=Path, default=None)
    parser.add_argument("--ngff", nargs="+", choices=["0.4", "0.5"], default=["0.4"])
    parser.add_argument("--wells", type=int, default=4)
    parser.add_argument("--grid", type=int, default=3)
    parser.add_argument("--tile", type=int, default=1024)
    parser.add_argument("--nz", type=int, default=8)
    parser.add_argument("--modes", nargs="+", default=["By FOV"])
    parser.add_argument("--before-src", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--ref-python", default="/work/venvs/v111/bin/python")
    # This library's interpreter. A virtualenv with the package alone (no test
    # extra) is what a converter installs; the test extra adds `distributed`,
    # which dask imports (0.25 s) at the first compute without a scheduler.
    parser.add_argument("--ours-python", default=sys.executable)
    # One more contender: the first mode with RuntimeSettings(use_zarrs_codec=True).
    parser.add_argument("--zarrs", action="store_true")
    parser.add_argument("--skip-ref", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="bench_write_", dir="/tmp"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        table, nbytes = generate_plate(
            scratch / "tiles",
            wells=args.wells,
            grid=args.grid,
            tile=args.tile,
            n_z=args.nz,
        )
        print(
            f"plate: {args.wells} wells x {args.grid}x{args.grid} FOVs x 2 ch x "
            f"{args.nz} z of {args.tile}^2 uint16 = {nbytes / 1e9:.2f} GB "
            f"(generated in {time.perf_counter() - t0:.1f} s), {os.cpu_count()} "
            f"cores, load average before {_load()}"
        )
        contenders = _contenders(args)
        # The machine may be shared: every contender of every NGFF version runs
        # once per round, rounds `--repeat` times; the report gives medians.
        runs: dict[str, dict[str, list[dict[str, Any]]]] = {
            ngff: {"floor": [], **{label: [] for label, *_ in contenders}}
            for ngff in args.ngff
        }
        parity: dict[str, list[str]] = {ngff: [] for ngff in args.ngff}
        for _ in range(args.repeat):
            for ngff in args.ngff:
                common = {
                    "table": str(table),
                    "ngff": ngff,
                    "pixel_size": PIXEL_SIZE,
                }
                runs[ngff]["floor"].append(
                    _run_child(
                        sys.executable,
                        BARE,
                        {
                            **common,
                            "out": str(scratch / "bare.zarr"),
                            "tile": args.tile,
                            "nz": args.nz,
                        },
                    )
                )
                shutil.rmtree(scratch / "bare.zarr", ignore_errors=True)
                outputs = {}
                for number, (label, python, path, extra) in enumerate(contenders):
                    out = scratch / f"out{number}"
                    result = _run_child(
                        python,
                        DRIVER,
                        {**common, **extra, "out": str(out)},
                        pythonpath=path,
                    )
                    runs[ngff][label].append(result)
                    outputs[label] = (out, result["images"])
                if not parity[ngff]:
                    first_out, images = outputs[contenders[-1][0]]
                    for label, (out, _) in outputs.items():
                        equal, total = _compare(out, first_out, images)
                        same, files = _same_chunk_files(out, first_out, images)
                        parity[ngff].append(
                            f"{label}: {equal}/{total} (chunk files byte-identical "
                            f"{same}/{files})"
                        )
                for out, _ in outputs.values():
                    shutil.rmtree(out, ignore_errors=True)
        for ngff in args.ngff:
            _report_table(ngff, runs[ngff], nbytes)
            print(
                f"arrays identical to {contenders[-1][0]} (all levels, all "
                f"images): {'; '.join(parity[ngff])}"
            )
        print(f"load average after {_load()}")

        if not args.skip_memory:
            shutil.rmtree(scratch / "tiles", ignore_errors=True)
            grid = max(args.grid, 1)
            while 2 * args.nz * (grid * args.tile) ** 2 * 2 < 2**30:
                grid += 1
            table, image_bytes = generate_plate(
                scratch / "mosaic",
                wells=1,
                grid=grid,
                tile=args.tile,
                n_z=args.nz,
                seed=1,
            )
            mem = _run_child(
                args.ours_python,
                DRIVER,
                {
                    "table": str(table),
                    "ngff": args.ngff[0],
                    "mode": args.modes[0],
                    "pixel_size": PIXEL_SIZE,
                    "out": str(scratch / "mosaic_out"),
                },
            )
            growth = (int(mem["peak_kb"]) - int(mem["baseline_kb"])) * 1024
            verdict = "PASS" if growth < 0.25 * image_bytes else "FAIL"
            print(
                f"memory check: one {image_bytes / 2**30:.2f} GiB mosaic "
                f"({grid}x{grid} FOVs): wall {float(mem['wall']):.1f} s, RSS growth "
                f"{growth / 2**20:.0f} MiB = {100 * growth / image_bytes:.1f} % of the "
                f"image (limit 25 %): {verdict}"
            )
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
