"""Tiles and tiled images of the example tables, as 0.10.4 builds them; generator.

Not a test module: `test_tiles_parity_0104.py` imports the inputs and builders
from here to build this library's values, and run as a script it writes the
expected data `tiles_parity_0104.json` next to it from whatever
`ome_zarr_converters_tools` the interpreter imports. Run it with the published
0.10.4 (ngio 0.5.x) from the repository root:

    python -m venv /tmp/ref0104
    /tmp/ref0104/bin/pip install "ome-zarr-converters-tools==0.10.4" pillow
    /tmp/ref0104/bin/python tests/integration/tiles_parity_0104_cases.py

(`--check` compares with the stored file instead of writing it.) The inputs are
copies of the example plate's and single acquisition's `tiles.csv` and of the
plate's `acquisition_details.toml`; the images are 4x4 uint16 stand-ins with the
example file names (only their dtype is read). Per table and acquisition-details
variant (the seed documentation's `AcquisitionDetails(channels=[ChannelInfo(
channel_label="DAPI")], pixelsize=0.65, z_spacing=5.0)` and the TOML file) it
records every tile's `model_dump(mode="json")` and `to_roi()`, the `TiledImage`
dumps of `tiled_image_from_tiles` and `tiles_aggregation_pipeline` with default
`ConverterOptions()` and of the per-FOV split (`NoTiling()`), the derived
geometry (`shape()`, `roi()`, pixel size, FOV groups, reference slices), and the
FOV_ROI_table of a small end-to-end conversion (`SMALL_CSV`). Only public names
both libraries share are used.
"""

from __future__ import annotations

import inspect
import json
import sys
import tempfile
import tomllib
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from ngio import open_ome_zarr_container
from PIL import Image

from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ChannelInfo,
    ConverterOptions,
    ImageInPlate,
    OverwriteMode,
    exec_compound_task,
    generic_compute_task,
    setup_images_for_conversion,
    tiles_aggregation_pipeline,
)
from ome_zarr_converters_tools.core import (
    hcs_images_from_dataframe,
    single_images_from_dataframe,
    tiled_image_from_tiles,
)
from ome_zarr_converters_tools.models import DefaultImageLoader, NoTiling

REFERENCE = "0.10.4"
EXPECTED = Path(__file__).with_name("tiles_parity_0104.json")

_PNG = "20200812-CardiomyocyteDifferentiation14-Cycle1_B03_T0001{}L01A01{}C01.png"
_HCS_ROWS = [
    ("F001", "Z01", "FOV_1", "10.0,10.0,0.0"),
    ("F001", "Z02", "FOV_1", "10.1,10.1,1.0"),
    ("F002", "Z01", "FOV_2", "1000.0,1000.0,0.0"),
    ("F002", "Z02", "FOV_2", "1000.0,1000.1,1.0"),
    ("F002", "Z01", "FOV_3", "10.1,1000.1,0.0"),
    ("F002", "Z02", "FOV_3", "10.1,1000.0,1.0"),
]
_COLUMNS = "fov_name,start_x,start_y,start_z,start_c,start_t,length_x,length_y,"
_COLUMNS += "length_z,length_c,length_t"
_SIZE = "0,0,2560,2160,1,1,1"
HCS_CSV = f"file_path,row,column,{_COLUMNS},drug\n" + "".join(
    f'{_PNG.format(f, z)},A,1,{fov},{start},{_SIZE},"DMSO"\n'
    for f, z, fov, start in _HCS_ROWS
)
SINGLE_CSV = f"file_path,image_path,{_COLUMNS}\n" + "".join(
    f"{_PNG.format(f, z)},cardiomyocyte_scan,{fov},{start},{_SIZE}\n"
    for f, z, fov, start in _HCS_ROWS[:4]
)
ACQUISITION_TOML = """\
start_x_coo = "world"
start_y_coo = "world"
start_z_coo = "pixel"
start_t_coo = "pixel"
length_x_coo = "pixel"
length_y_coo = "pixel"
length_z_coo = "pixel"
length_t_coo = "pixel"
pixelsize = 0.65
z_spacing = 5.0
t_spacing = 1.0
channel_names = ["DAPI"]
wavelengths = ["405"]
axes = ["t", "c", "z", "y", "x"]
"""
# A 128x108-pixel copy of the plate (positions divided by 20) with the two rows
# of FOV_1 and of FOV_3 swapped: each FOV's first region is then not its
# reference slice (the one nearest the origin). It probes which region's raw
# stage position ends up in the `*_original` columns of FOV_ROI_table.
SMALL_CSV = """\
file_path,row,column,fov_name,start_x,start_y,start_z,start_c,start_t,length_x,length_y,length_z,length_c,length_t,drug
F001_Z02.png,A,1,FOV_1,0.505,0.505,1.0,0,0,128,108,1,1,1,DMSO
F001_Z01.png,A,1,FOV_1,0.5,0.5,0.0,0,0,128,108,1,1,1,DMSO
F002_Z01.png,A,1,FOV_2,50.0,50.0,0.0,0,0,128,108,1,1,1,DMSO
F002_Z02.png,A,1,FOV_2,50.0,50.005,1.0,0,0,128,108,1,1,1,DMSO
F002_Z02.png,A,1,FOV_3,0.505,50.0,1.0,0,0,128,108,1,1,1,DMSO
F002_Z01.png,A,1,FOV_3,0.505,50.005,0.0,0,0,128,108,1,1,1,DMSO
"""

CASES = ["hcs/seed", "single/seed", "hcs/toml", "single/toml"]
IMAGE_KINDS = ["tiled_images", "pipeline_images", "per_fov_images"]
GEOMETRY_KINDS = ["geometry", "per_fov_geometry"]


def details(variant: str) -> Any:
    """The seed's AcquisitionDetails (`"seed"`) or the TOML file's (`"toml"`)."""
    if variant == "seed":
        return AcquisitionDetails(
            channels=[ChannelInfo(channel_label="DAPI")], pixelsize=0.65, z_spacing=5.0
        )
    raw = tomllib.loads(ACQUISITION_TOML)
    names, wavelengths = raw.pop("channel_names"), raw.pop("wavelengths")
    channels = [
        ChannelInfo(channel_label=name, wavelength_id=wavelength)
        for name, wavelength in zip(names, wavelengths, strict=True)
    ]
    return AcquisitionDetails(channels=channels, **raw)


def table(name: str) -> pd.DataFrame:
    """The plate (`"hcs"`) or single-acquisition tiles table."""
    return pd.read_csv(StringIO(HCS_CSV if name == "hcs" else SINGLE_CSV))


def build_tiles(case: str) -> list[Any]:
    """The tiles of one case (`"<table>/<variant>"`)."""
    table_name, variant = case.split("/")
    if table_name == "hcs":
        return hcs_images_from_dataframe(
            tiles_table=table("hcs"),
            acquisition_details=details(variant),
            plate_name="DemoPlate",
        )
    return single_images_from_dataframe(
        tiles_table=table("single"), acquisition_details=details(variant)
    )


def write_stand_ins(folder: Path) -> str:
    """Write 4x4 uint16 PNGs named like the example files; return the folder."""
    for name in sorted(set(table("hcs")["file_path"])):
        Image.fromarray(np.zeros((4, 4), dtype=np.uint16)).save(folder / name)
    return str(folder)


def _options(kind: str) -> Any:
    per_fov = kind.startswith("per_fov")
    return (
        ConverterOptions(tiling_strategy=NoTiling()) if per_fov else ConverterOptions()
    )


def image_dumps(case: str, kind: str, resource: str) -> list[dict[str, Any]]:
    """The TiledImage dumps of one case and kind (see `IMAGE_KINDS`)."""
    tiles = build_tiles(case)
    if kind == "pipeline_images":
        # The stand-ins are tiny; this library's init header check (not in
        # 0.10) would refuse them, and the parity concerns the dumps.
        parameters = inspect.signature(tiles_aggregation_pipeline).parameters
        extra = {"check_headers": False} if "check_headers" in parameters else {}
        images = tiles_aggregation_pipeline(
            tiles, converter_options=_options(kind), resource=resource, **extra
        )
    else:
        images = tiled_image_from_tiles(
            tiles=tiles, converter_options=_options(kind), resource=resource
        )
    return [image.model_dump(mode="json") for image in images]


def roi_dump(roi: Any) -> dict[str, Any]:
    """ROI dump with slices in canonical order (0.10.4's order is hash-seeded)."""
    dump = roi.model_dump(mode="json")
    dump["slices"] = sorted(dump["slices"], key=lambda s: "tczyx".index(s["axis_name"]))
    return dump


def geometry(case: str, kind: str, resource: str) -> list[dict[str, Any]]:
    """Shape, union ROI, pixel size and FOV groups of each image of one case."""
    images = tiled_image_from_tiles(
        tiles=build_tiles(case), converter_options=_options(kind), resource=resource
    )
    return [
        {
            "path": image.path,
            "shape": list(image.shape()),
            "roi": roi_dump(image.roi()),
            "pixel_size": [getattr(image.pixel_size, axis) for axis in "xyzt"],
            "fov_groups": [
                {
                    "fov_name": group.fov_name,
                    "shape": list(group.shape()),
                    "roi": roi_dump(group.roi()),
                    "ref_slice": roi_dump(group.ref_slice().roi),
                }
                for group in image.group_by_fov()
            ],
        }
        for image in images
    ]


def fov_roi_table(root: Path) -> dict[str, dict[str, float]]:
    """Convert `SMALL_CSV` end to end (zeros PNGs) and read its FOV_ROI_table."""
    data = root / "data"
    data.mkdir()
    small = pd.read_csv(StringIO(SMALL_CSV))
    for name in sorted(set(small["file_path"])):
        Image.fromarray(np.zeros((108, 128), dtype=np.uint16)).save(data / name)
    tiles = hcs_images_from_dataframe(
        tiles_table=small, acquisition_details=details("toml"), plate_name="DemoPlate"
    )
    options = ConverterOptions()
    images = tiles_aggregation_pipeline(
        tiles, converter_options=options, resource=str(data)
    )
    out = root / "out"
    exec_compound_task(
        init_task_fn=lambda: {
            "parallelization_list": setup_images_for_conversion(
                images,
                zarr_dir=str(out),
                collection_type="ImageInPlate",
                converter_options=options,
                overwrite_mode=OverwriteMode.OVERWRITE,
            )
        },
        compute_task_fn=generic_compute_task,
        init_task_kwargs={},
        compute_task_kwargs={
            "collection_type": ImageInPlate,
            "image_loader_type": DefaultImageLoader,
            "resource": str(data),
        },
    )
    container = open_ome_zarr_container(str(out / "DemoPlate.zarr/A/01/0"))
    frame = container.get_table("FOV_ROI_table").dataframe
    return {
        str(fov): {str(col): float(value) for col, value in row.items()}
        for fov, row in frame.iterrows()
    }


def emit(root: Path) -> dict[str, Any]:
    """Every expected value, built with the package this interpreter imports."""
    resource = write_stand_ins(root)
    cases: dict[str, Any] = {}
    for case in CASES:
        tiles = build_tiles(case)
        cases[case] = {
            "tiles": [tile.model_dump(mode="json") for tile in tiles],
            "rois": [tile.to_roi().model_dump(mode="json") for tile in tiles],
            **{kind: image_dumps(case, kind, resource) for kind in IMAGE_KINDS},
            **{kind: geometry(case, kind, resource) for kind in GEOMETRY_KINDS},
        }
    small = root / "small"
    small.mkdir()
    cases["small_reordered/toml"] = {"fov_roi_table": fov_roi_table(small)}
    return cases


def main() -> int:
    """Write (or with `--check`, compare) the expected data."""
    import ome_zarr_converters_tools

    version = ome_zarr_converters_tools.__version__
    if version != REFERENCE:
        print(f"warning: recording {version}, not the reference {REFERENCE}")
    with tempfile.TemporaryDirectory() as tmp:
        text = json.dumps(emit(Path(tmp)), indent=1) + "\n"
    if "--check" in sys.argv:
        same = EXPECTED.read_text() == text
        print("equal to the stored file" if same else f"differs from {EXPECTED}")
        return 0 if same else 1
    EXPECTED.write_text(text)
    print(f"wrote {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
