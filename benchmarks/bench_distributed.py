"""Convert a generated plate with DaskDistributedRunner on 1, 2 and 4 workers.

For each worker count a LocalCluster (worker processes, one thread each) is
started first and timed on its own ("startup", includes importing the library in
every worker); then the whole compound task (init + one compute job per well) is
timed with the runner pointed at that cluster ("convert"). The sequential runner
gives the baseline, and every distributed output is compared byte for byte with
it. On a 2-core machine expect the best time at 2 workers; 4 workers only add
contention.

Usage:
    /work/venv/bin/python benchmarks/bench_distributed.py [--wells 8] [--fovs 4]
        [--size 512] [--workers 1 2 4]
"""

from __future__ import annotations

import argparse
import importlib
import logging
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ChannelInfo,
    ConverterOptions,
    DefaultImageLoader,
    ImageInPlate,
    OverwriteMode,
    SequentialRunner,
    exec_compound_task,
    generic_compute_task,
    setup_images_for_conversion,
    tiles_aggregation_pipeline,
)
from ome_zarr_converters_tools.core.dataframe import hcs_images_from_dataframe
from ome_zarr_converters_tools.fractal.distributed import DaskDistributedRunner


def make_plate(folder: Path, *, wells: int, fovs: int, size: int) -> Path:
    """Write `wells` x `fovs` x 2 z-planes of uint16 .npy tiles and a table."""
    rng = np.random.default_rng(0)
    rows = []
    for well in range(wells):
        row, column = "ABCDEFGH"[well // 12], well % 12 + 1
        for fov in range(fovs):
            for z in range(2):
                name = f"{row}{column:02d}_f{fov}_z{z}.npy"
                np.save(folder / name, rng.integers(0, 4096, (size, size), np.uint16))
                rows.append(
                    {
                        "file_path": str(folder / name),
                        "row": row,
                        "column": column,
                        "fov_name": f"FOV_{fov}",
                        "start_x": float(fov % 2 * size),
                        "start_y": float(fov // 2 * size),
                        "start_z": z,
                        "length_x": size,
                        "length_y": size,
                    }
                )
    table = folder / "tiles.csv"
    pd.DataFrame(rows).to_csv(table, index=False)
    return table


def plate_init(*, zarr_dir: str, table: str) -> dict[str, Any]:
    """Init task: table -> tiles -> images -> plate + JSON hand-off files."""
    options = ConverterOptions.model_validate(
        {"runtime_settings": {"temp_json_options": {"serialization": "JSON"}}}
    )
    details = AcquisitionDetails(
        pixelsize=0.5,
        start_z_coo="pixel",
        axes=["c", "z", "y", "x"],
        channels=[ChannelInfo(channel_label="DAPI", wavelength_id="405")],
        data_type="uint16",
    )
    tiles = hcs_images_from_dataframe(
        tiles_table=pd.read_csv(table), acquisition_details=details, plate_name="Bench"
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


COMPUTE = partial(
    generic_compute_task,
    collection_type=ImageInPlate,
    image_loader_type=DefaultImageLoader,
)


def convert(table: Path, zarr_dir: Path, runner: Any) -> float:
    start = time.perf_counter()
    exec_compound_task(
        plate_init,
        COMPUTE,
        {"zarr_dir": str(zarr_dir), "table": str(table)},
        runner=runner,
    )
    return time.perf_counter() - start


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wells", type=int, default=8)
    parser.add_argument("--fovs", type=int, default=4)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()

    import distributed

    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="bench-distributed-") as tmp:
        root = Path(tmp)
        (root / "input").mkdir()
        table = make_plate(
            root / "input", wells=args.wells, fovs=args.fovs, size=args.size
        )
        megabytes = args.wells * args.fovs * 2 * args.size**2 * 2 / 2**20
        print(
            f"plate: {args.wells} wells x {args.fovs} FOVs x 2 z of "
            f"{args.size}x{args.size} uint16 ({megabytes:.0f} MiB of pixels)"
        )
        baseline_dir = root / "sequential"
        seconds = convert(table, baseline_dir, SequentialRunner())
        print(f"{'sequential':>12}: convert {seconds:6.2f} s")
        baseline = tree(baseline_dir)
        for workers in args.workers:
            start = time.perf_counter()
            with distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address="127.0.0.1:0",
                silence_logs=logging.ERROR,
            ) as cluster:
                with distributed.Client(cluster, set_as_default=False) as client:
                    client.run(importlib.import_module, "ome_zarr_converters_tools")
                startup = time.perf_counter() - start
                runner = DaskDistributedRunner(
                    scheduler_address=cluster.scheduler_address, show_progress=False
                )
                out = root / f"dask_{workers}"
                seconds = convert(table, out, runner)
            same = tree(out) == baseline
            print(
                f"{workers:>4} worker(s): startup {startup:6.2f} s, convert "
                f"{seconds:6.2f} s, output identical to sequential: {same}"
            )


if __name__ == "__main__":
    main()
