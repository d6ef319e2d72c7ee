"""Timing of the core hot paths: table parsing, aggregation, lazy graph building.

Targets (FEATURES §6 item 21 and the H-core brief): 10,000 tiles aggregate in
well under 1 s; 10,000 table rows parse in well under 1 s; building the dask
graph grows linearly with the number of tiles (no quadratic tokenising).

Run: /work/venv/bin/python benchmarks/bench_core.py
"""

from __future__ import annotations

import time

import pandas as pd

from ome_zarr_converters_tools.core import (
    hcs_images_from_dataframe,
    tiled_image_from_tiles,
)
from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails


def table(n: int) -> pd.DataFrame:
    side = 100
    return pd.DataFrame(
        {
            "file_path": [f"/data/t{i}.tif" for i in range(n)],
            "row": ["A"] * n,
            "column": [1 + (i // (side * side)) % 12 for i in range(n)],
            "fov_name": [f"FOV_{i % (side * side)}" for i in range(n)],
            "start_x": [float((i % side) * 64) for i in range(n)],
            "start_y": [float(((i // side) % side) * 64) for i in range(n)],
            "length_x": [64] * n,
            "length_y": [64] * n,
            "drug": ["DMSO"] * n,
        }
    )


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<45s} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    details = AcquisitionDetails(data_type="uint16", axes=["c", "z", "y", "x"])
    df = table(10_000)
    tiles = timed(
        "hcs_images_from_dataframe (10k rows)",
        lambda: hcs_images_from_dataframe(tiles_table=df, acquisition_details=details),
    )
    timed(
        "tiled_image_from_tiles (10k tiles, mosaic)",
        lambda: tiled_image_from_tiles(tiles=tiles),
    )
    timed(
        "tiled_image_from_tiles (10k tiles, per FOV)",
        lambda: tiled_image_from_tiles(tiles=tiles, split_per_fov=True),
    )
    for n in (256, 1024, 4096):
        (image,) = tiled_image_from_tiles(tiles=tiles[:n])
        timed(
            f"load_data_dask graph ({n} tiles, 64x64 chunks)",
            lambda image=image: image.load_data_dask(chunks=(1, 1, 64, 64)),
        )


if __name__ == "__main__":
    main()
