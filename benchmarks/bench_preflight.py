"""Timing of the init checks: 10,000 tiles with real TIFF headers.

Target (issue 10 item 1): the checks of `tiles_aggregation_pipeline` (dry-run
registration plan, plane collisions, channel coverage and the file header of
every tile, read in threads) and of `setup_images_for_conversion` (plan, levels,
output location) take a few seconds for 10,000 tiles on 2 cores.

Layout: 96 wells x 26 FOVs x 2 z x 2 c = 9,984 tiles, one 64 x 64 uint16 TIFF
each (written once into a cache folder; the page cache is warm after the first
run, so the figures are for local disks, not for remote sources).

Run: .venv/bin/python benchmarks/bench_preflight.py [cache_dir]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import tifffile

from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ChannelInfo,
    ConverterOptions,
)
from ome_zarr_converters_tools.core import hcs_images_from_dataframe
from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles
from ome_zarr_converters_tools.pipelines.preflight import (
    check_aggregated_images,
    check_images_before_writing,
)

ROWS, COLUMNS, FOVS, Z, C, SIDE = 8, 12, 26, 2, 2, 64


def write_files(folder: Path) -> pd.DataFrame:
    """Write the TIFFs (once) and return the tiles table."""
    folder.mkdir(parents=True, exist_ok=True)
    plane = np.zeros((SIDE, SIDE), dtype=np.uint16)
    rows = []
    for r in range(ROWS):
        for col in range(1, COLUMNS + 1):
            for fov in range(FOVS):
                for z in range(Z):
                    for c in range(C):
                        name = f"{chr(65 + r)}{col:02d}_f{fov}_z{z}_c{c}.tif"
                        if not (folder / name).exists():
                            tifffile.imwrite(folder / name, plane)
                        rows.append(
                            {
                                "file_path": name,
                                "row": chr(65 + r),
                                "column": col,
                                "fov_name": f"FOV_{fov}",
                                "start_x": float((fov % 6) * SIDE * 0.5),
                                "start_y": float((fov // 6) * SIDE * 0.5),
                                "start_z": z,
                                "start_c": c,
                                "length_x": SIDE,
                                "length_y": SIDE,
                            }
                        )
    return pd.DataFrame(rows)


def main() -> None:
    cache = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(tempfile.gettempdir()) / "ozct_bench_preflight"
    )
    table = write_files(cache)
    details = AcquisitionDetails(
        channels=[ChannelInfo(channel_label="DAPI"), ChannelInfo(channel_label="GFP")],
        pixelsize=0.5,
        start_z_coo="pixel",
    )
    options = ConverterOptions()
    tiles = hcs_images_from_dataframe(tiles_table=table, acquisition_details=details)
    images = tiled_image_from_tiles(
        tiles=tiles, converter_options=options, resource=str(cache)
    )
    print(f"{len(tiles)} tiles in {len(images)} images")
    for label, headers in (("plan only", False), ("plan + headers", True)):
        start, cpu = time.perf_counter(), time.process_time()
        check_aggregated_images(
            images, converter_options=options, resource=str(cache), read_headers=headers
        )
        wall, used = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"check_aggregated_images, {label:<15s} "
            f"wall {wall:6.2f} s  cpu {used:6.2f} s"
        )
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        check_images_before_writing(
            images, converter_options=options, zarr_dir=str(Path(out) / "o")
        )
        wall = time.perf_counter() - start
        print(f"check_images_before_writing              wall {wall:6.2f} s")


if __name__ == "__main__":
    main()
