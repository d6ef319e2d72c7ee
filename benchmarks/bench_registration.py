"""Time aggregation + default registration for 1,000 and 10,000 tiles.

Target (issue 3): 10,000 tiles (96 wells x ~100 FOVs, z and channels) in under
2 s on a 2-core machine, growing linearly with the tile count. Building the
`Tile` objects is reported separately: converters do it while parsing.

CPU time of the process (`time.process_time`) is the headline figure because
wall time on a shared 2-core machine mostly measures the other processes; both
are printed.

Usage: /work/venv/bin/python benchmarks/bench_registration.py
"""

from __future__ import annotations

import gc
import time
from typing import Any

from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails, ChannelInfo
from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles
from ome_zarr_converters_tools.core.collection import ImageInPlate
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.core.tile import Tile
from ome_zarr_converters_tools.models.corrections import StagePositionCorrections
from ome_zarr_converters_tools.models.tiling import AutoTiling, SnapToCornersTiling
from ome_zarr_converters_tools.pipelines.registration import (
    apply_registration_pipeline,
    build_default_registration_pipeline,
)

ROWS = "ABCDEFGH"


def build_tiles(
    *, wells: int, fov_side: int, n_z: int, n_c: int, jitter: bool
) -> list[Tile[Any, Any]]:
    """A plate: `wells` wells of `fov_side**2` FOVs (10 % overlap) x z x c."""
    details = AcquisitionDetails(
        pixelsize=0.65,
        z_spacing=1.0,
        axes=["c", "z", "y", "x"],
        channels=[ChannelInfo(channel_label=f"ch{i}") for i in range(n_c)],
        data_type="uint16",
    )
    tiles = []
    for well in range(wells):
        collection = ImageInPlate(
            plate_name="bench", row=ROWS[well // 12], column=well % 12 + 1
        )
        for fy in range(fov_side):
            for fx in range(fov_side):
                x0 = 1000.0 + fx * 0.9 * 512 * 0.65
                y0 = 2000.0 + fy * 0.9 * 512 * 0.65
                for z in range(n_z):
                    for c in range(n_c):
                        dj = 0.05 * ((fx * 7 + fy * 3 + z) % 5) if jitter else 0.0
                        tiles.append(
                            Tile(
                                fov_name=f"FOV_{fy * fov_side + fx}",
                                start_x=x0 + dj,
                                start_y=y0 - dj,
                                start_z=float(z),
                                start_c=c,
                                length_x=512,
                                length_y=512,
                                collection=collection,
                                image_loader=DefaultImageLoader(
                                    file_path=f"w{well}_f{fx}_{fy}_z{z}_c{c}.tif"
                                ),
                                acquisition_details=details,
                            )
                        )
    return tiles


def run(
    label: str, tiles: list[Tile[Any, Any]], strategy: Any, *, frozen: bool = False
) -> float:
    """Time aggregation and registration; print one line; return the total.

    With `frozen`, the objects alive before the run (the tiles) are moved out
    of the garbage collector's sight (`gc.freeze`), which shows the cost of the
    algorithm itself without the collector's passes over the caller's heap.
    """
    corrections = StagePositionCorrections(align_xy=True)
    pipeline = build_default_registration_pipeline(corrections, strategy)
    gc.collect()
    if frozen:
        gc.freeze()
    c0, t0 = time.process_time(), time.perf_counter()
    images = tiled_image_from_tiles(tiles=tiles, split_per_fov=False)
    c1, _t1 = time.process_time(), time.perf_counter()
    registered = [apply_registration_pipeline(img, pipeline) for img in images]
    c2, t2 = time.process_time(), time.perf_counter()
    if frozen:
        gc.unfreeze()
    n_regions = sum(len(img.regions) for img in registered)
    print(
        f"{label:44s} tiles={len(tiles):6d} images={len(images):3d} "
        f"aggregation cpu={c1 - c0:6.3f}s registration cpu={c2 - c1:6.3f}s "
        f"total cpu={c2 - c0:6.3f}s wall={t2 - t0:6.3f}s "
        f"({(c2 - c0) / len(tiles) * 1e6:5.1f} us/tile cpu, {n_regions} regions)"
    )
    return c2 - c0


def _cfg(wells: int, fov_side: int, n_z: int, n_c: int) -> dict[str, int]:
    return {"wells": wells, "fov_side": fov_side, "n_z": n_z, "n_c": n_c}


def main() -> None:
    """Print the figures."""
    configs = [
        ("1k: 10 wells x 100 FOVs", _cfg(10, 10, 1, 1)),
        ("1k: 10 wells x 25 FOVs x 2z x 2c", _cfg(10, 5, 2, 2)),
        ("10k: 96 wells x 100 FOVs", _cfg(96, 10, 1, 1)),
        ("10k: 96 wells x 25 FOVs x 2z x 2c", _cfg(96, 5, 2, 2)),
    ]
    for label, cfg in configs:
        t0 = time.perf_counter()
        tiles = build_tiles(jitter=True, **cfg)
        build = time.perf_counter() - t0
        print(f"  (building {len(tiles)} Tile objects took {build:.3f}s, not counted)")
        run(f"{label}, Auto (grid)", tiles, AutoTiling())
        run(f"{label}, Snap to Corners", tiles, SnapToCornersTiling())
        run(f"{label}, Auto, heap frozen", tiles, AutoTiling(), frozen=True)


if __name__ == "__main__":
    main()
