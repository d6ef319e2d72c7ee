"""Generate the tiny example plate bundled with the examples (deterministic).

Two wells (B03 as PNG, B04 as TIFF) x 4 FOVs on a 2 x 2 grid with a little stage
jitter x 2 z planes, one DAPI channel, 64 x 80 uint16 pixels per tile; plus the
tiles table (`tiles.csv`, one row per file) and `acquisition_details.json`.
Run `python examples/data/make_example_plate.py` to rebuild it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import tifffile
from PIL import Image

HERE = Path(__file__).resolve().parent / "example_plate"
TILE_Y, TILE_X = 64, 80
PIXEL_SIZE = 0.65
WELLS = {("B", 3): "png", ("B", 4): "tif"}
DRUGS = {("B", 3): "DMSO", ("B", 4): "Taxol"}
# FOV offsets on a 2 x 2 grid in micrometres, with sub-pixel stage jitter
FOV_POSITIONS = {
    "FOV_1": (0.0, 0.0),
    "FOV_2": (TILE_X * PIXEL_SIZE + 0.2, 0.1),
    "FOV_3": (0.1, TILE_Y * PIXEL_SIZE - 0.2),
    "FOV_4": (TILE_X * PIXEL_SIZE, TILE_Y * PIXEL_SIZE + 0.3),
}


def _nuclei(rng: np.random.Generator, z: int) -> np.ndarray:
    """Blurry bright blobs on a dark background: compresses well, looks real."""
    yy, xx = np.mgrid[0:TILE_Y, 0:TILE_X]
    image = np.full((TILE_Y, TILE_X), 200.0)
    for _ in range(6):
        cy, cx = rng.uniform(0, TILE_Y), rng.uniform(0, TILE_X)
        radius = rng.uniform(4, 9) * (1.0 - 0.2 * z)
        image += 3000 * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * radius**2))
    return image.astype(np.uint16)


def main(folder: Path = HERE) -> None:
    """Write the PNG/TIFF tiles, the tiles table and the acquisition details."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2024)
    rows = []
    for (row, column), suffix in WELLS.items():
        for fov, (x, y) in FOV_POSITIONS.items():
            for z in range(2):
                name = f"{row}{column:02d}_{fov}_Z{z + 1}.{suffix}"
                data = _nuclei(rng, z)
                if suffix == "png":
                    Image.fromarray(data).save(folder / name)
                else:
                    tifffile.imwrite(folder / name, data)
                rows.append(
                    {
                        "file_path": name,
                        "row": row,
                        "column": column,
                        "fov_name": fov,
                        "start_x": x,
                        "start_y": y,
                        "start_z": z,
                        "length_x": TILE_X,
                        "length_y": TILE_Y,
                        "drug": DRUGS[(row, column)],
                    }
                )
    pd.DataFrame(rows).to_csv(folder / "tiles.csv", index=False)
    details = {
        "pixelsize": PIXEL_SIZE,
        "z_spacing": 5.0,
        "channels": [{"channel_label": "DAPI", "wavelength_id": "405"}],
        "axes": ["c", "z", "y", "x"],
        "start_z_coo": "pixel",
        "data_type": "uint16",
    }
    text = json.dumps(details, indent=2) + "\n"
    (folder / "acquisition_details.json").write_text(text)


if __name__ == "__main__":
    main()
