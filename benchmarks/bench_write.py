"""Benchmark of the pixel writers against the published ome-zarr-converters-tools 1.1.1.

What it does, in one run:

1. generates a synthetic HCS plate of uint16 TIFF files (several wells, FOVs on
   a jittered grid, 2 channels, a z-stack; >= 1 GB by default) in a scratch
   folder (default under /tmp);
2. converts it with this library and with the published 1.1.1 (its own
   virtualenv, default /work/ref111), each in a child process running the
   same driver script with the same options (NGFF version, default chunking,
   5 levels, By FOV, csv tables): wall time, throughput (MB/s of source
   pixels) and peak RSS of each child;
3. measures the bare limit: decode every source file and encode + write level
   0 with the same codec and chunks (no pyramid, no metadata);
4. compares the two outputs array by array on every level (parity);
5. memory check: one mosaic image of >= 1 GiB converted with this library; its
   RSS growth (peak minus the RSS after imports) must stay under 25 % of the
   image size.

Usage:
    /work/venv/bin/python benchmarks/bench_write.py [--scratch /tmp/x]
        [--ngff 0.4|0.5] [--wells 4] [--grid 3] [--tile 1024] [--nz 8]
        [--mode "By FOV"] [--repeat 1] [--skip-ref] [--skip-memory] [--keep]
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

    baseline_kb = status_kb("VmRSS")
    start = time.perf_counter()
    table = pd.read_csv(args["table"])
    details = AcquisitionDetails(
        channels=[ChannelInfo(channel_label="DAPI", wavelength_id="405"),
                  ChannelInfo(channel_label="GFP", wavelength_id="488")],
        xy_pixel_size=args["pixel_size"], z_spacing=1.0, axes=["c", "z", "y", "x"],
        start_z_space="pixel", data_type="uint16")
    tiles = hcs_images_from_dataframe(tiles_table=table, acquisition_details=details,
                                      plate_name="BenchPlate")
    options = ConverterOptions(
        writer_mode=args["mode"],
        omezarr_options=OmeZarrOptions(ngff_version=args["ngff"], table_backend="csv"))
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
    print("RESULT " + json.dumps({"wall": wall, "peak_kb": peak_kb,
                                  "baseline_kb": baseline_kb, "images": paths}))
    """
)

BARE = textwrap.dedent(
    r"""
    import json, os, resource, sys, time
    from concurrent.futures import ThreadPoolExecutor
    args = json.loads(sys.argv[1])
    import numpy as np, pandas as pd, tifffile, zarr
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
    print("RESULT " + json.dumps({"wall": wall, "peak_kb": peak_kb}))
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


def _run_child(python: str, script: str, args: dict[str, Any]) -> dict[str, Any]:
    """Run a driver in a fresh interpreter and return its RESULT line."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(script)
    try:
        start = time.perf_counter()
        proc = subprocess.run(
            [python, handle.name, json.dumps(args)],
            capture_output=True,
            text=True,
            check=False,
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


def _median_run(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The median-wall run (peak RSS reported as the maximum over runs)."""
    ordered = sorted(results, key=lambda result: float(result["wall"]))
    median = dict(ordered[len(ordered) // 2])
    median["peak_kb"] = max(int(result["peak_kb"]) for result in results)
    return median


def _report(label: str, result: dict[str, Any], nbytes: int) -> None:
    wall = float(result["wall"])
    peak = int(result["peak_kb"]) / 1024
    print(
        f"{label:<28} wall {wall:7.1f} s  {nbytes / 1e6 / wall:7.1f} MB/s  "
        f"peak RSS {peak:7.0f} MiB"
    )


def main() -> None:
    """Run the benchmark (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scratch", type=Path, default=None)
    parser.add_argument("--ngff", choices=["0.4", "0.5"], default="0.4")
    parser.add_argument("--wells", type=int, default=4)
    parser.add_argument("--grid", type=int, default=3)
    parser.add_argument("--tile", type=int, default=1024)
    parser.add_argument("--nz", type=int, default=8)
    parser.add_argument("--mode", default="By FOV")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--ref-python", default="/work/ref111/bin/python")
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
            f"(generated in {time.perf_counter() - t0:.1f} s), NGFF {args.ngff}, "
            f"mode {args.mode!r}, {os.cpu_count()} cores"
        )
        common = {
            "table": str(table),
            "ngff": args.ngff,
            "mode": args.mode,
            "pixel_size": PIXEL_SIZE,
        }
        # The machine may be shared: run the three contenders interleaved,
        # `--repeat` times, and report each one's median wall time.
        runs: dict[str, list[dict[str, Any]]] = {"bare": [], "ours": [], "ref": []}
        for _ in range(args.repeat):
            runs["bare"].append(
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
            runs["ours"].append(
                _run_child(
                    sys.executable, DRIVER, {**common, "out": str(scratch / "ours")}
                )
            )
            if not args.skip_ref:
                runs["ref"].append(
                    _run_child(
                        args.ref_python,
                        DRIVER,
                        {**common, "out": str(scratch / "ref111")},
                    )
                )
        bare = _median_run(runs["bare"])
        ours = _median_run(runs["ours"])
        _report("bare limit (decode+L0)", bare, nbytes)
        _report("ours", ours, nbytes)
        if not args.skip_ref:
            ref = _median_run(runs["ref"])
            _report("published 1.1.1", ref, nbytes)
            ratio = float(ours["wall"]) / float(ref["wall"])
            print(
                f"time ours/1.1.1 = {ratio:.2f} (target <= 0.5); peak RSS ours/1.1.1 = "
                f"{int(ours['peak_kb']) / int(ref['peak_kb']):.2f} (target <= 1); "
                f"walls ours {[round(r['wall'], 1) for r in runs['ours']]}, "
                f"1.1.1 {[round(r['wall'], 1) for r in runs['ref']]}"
            )
            equal, total = _compare(
                scratch / "ours",
                scratch / "ref111",
                list(ref["images"]),
            )
            print(f"parity: {equal}/{total} arrays identical (all levels, all images)")
        shutil.rmtree(scratch / "ours", ignore_errors=True)
        shutil.rmtree(scratch / "ref111", ignore_errors=True)
        shutil.rmtree(scratch / "bare.zarr", ignore_errors=True)

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
                sys.executable,
                DRIVER,
                {**common, "table": str(table), "out": str(scratch / "mosaic_out")},
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
