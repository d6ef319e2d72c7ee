"""Regenerate the 0.10.4 parity fixtures of `tests/integration/test_parity_0104.py`.

Not a test: run it by hand with an environment where the *published*
ome-zarr-converters-tools 0.10.4 is installed (ngio 0.5.x), for example

    /work/ref0104/bin/python tests/data/hcs_plate_small/make_reference_0104.py OUT

It converts the reduced HCS plate (plate `DemoPlate`) and the reduced single image
(`cardiomyocyte_scan`) of this folder with default options, NGFF 0.4 and 0.5, and
prints a JSON summary (sha256 of every pyramid level, plate/well/multiscales/omero
attributes, table contents) that the parity test pins as literals.

The data here is a 128x108 crop (rows 1000:1108, columns 1200:1328) of the four
2560x2160 PNGs of the example plate; stage positions were divided by 20 so that
the FOVs keep overlapping (FOV_1 and FOV_3), FOV_2 and FOV_3 still share a file,
and pixel size and z spacing are unchanged.
"""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import zarr
from ngio import open_ome_zarr_container

from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ChannelInfo,
    ConverterOptions,
    ImageInPlate,
    OmeZarrOptions,
    OverwriteMode,
    SingleImage,
    exec_compound_task,
    generic_compute_task,
    setup_images_for_conversion,
    tiles_aggregation_pipeline,
)
from ome_zarr_converters_tools.core import (
    hcs_images_from_dataframe,
    single_images_from_dataframe,
)
from ome_zarr_converters_tools.models import DefaultImageLoader, NoTiling

HERE = Path(__file__).parent


def _acquisition() -> AcquisitionDetails:
    return AcquisitionDetails(
        start_x_coo="world",
        start_y_coo="world",
        start_z_coo="pixel",
        start_t_coo="pixel",
        length_x_coo="pixel",
        length_y_coo="pixel",
        length_z_coo="pixel",
        length_t_coo="pixel",
        pixelsize=0.65,
        z_spacing=5.0,
        t_spacing=1.0,
        channels=[ChannelInfo(channel_label="DAPI", wavelength_id="405")],
        axes=["t", "c", "z", "y", "x"],
    )


def _convert(out: Path, version: str, kind: str) -> list:
    options = ConverterOptions(omezarr_options=OmeZarrOptions(ngff_version=version))
    if kind == "per_fov":
        options = ConverterOptions(tiling_strategy=NoTiling())
    if kind in ("plate", "per_fov"):
        table = pd.read_csv(HERE / "tiles.csv")
        tiles = hcs_images_from_dataframe(
            tiles_table=table,
            acquisition_details=_acquisition(),
            plate_name="DemoPlate",
            acquisition_id=1 if kind == "per_fov" else 0,
        )
        collection = ImageInPlate
    else:
        table = pd.read_csv(HERE / "single_tiles.csv")
        tiles = single_images_from_dataframe(
            tiles_table=table, acquisition_details=_acquisition()
        )
        collection = SingleImage
    images = tiles_aggregation_pipeline(
        tiles, converter_options=options, resource=str(HERE / "data")
    )
    return exec_compound_task(
        init_task_fn=lambda: {
            "parallelization_list": setup_images_for_conversion(
                images,
                zarr_dir=str(out),
                collection_type=collection.__name__,
                converter_options=options,
                overwrite_mode=OverwriteMode.OVERWRITE,
                ngff_version=version,
            )
        },
        compute_task_fn=generic_compute_task,
        init_task_kwargs={},
        compute_task_kwargs={
            "collection_type": collection,
            "image_loader_type": DefaultImageLoader,
            "resource": str(HERE / "data"),
        },
    )


def _attrs(group: zarr.Group) -> dict:
    return dict(group.attrs)


def _image_summary(url: Path) -> dict:
    container = open_ome_zarr_container(str(url))
    group = zarr.open_group(str(url), mode="r")
    levels = {}
    for path in container.levels_paths:  # ngio 0.5 spelling
        arr = group[path]
        data = np.ascontiguousarray(arr[...])
        levels[path] = {
            "shape": list(arr.shape),
            "chunks": list(arr.chunks),
            "dtype": str(arr.dtype),
            "sha256": hashlib.sha256(data.tobytes()).hexdigest(),
        }
    tables = {}
    for name in container.list_tables():
        df = container.get_table(name).dataframe.reset_index()
        tables[name] = {
            "dtypes": [str(t) for t in df.dtypes],
            **df.to_dict(orient="split"),
        }
    return {"attrs": _attrs(group), "levels": levels, "tables": tables}


def main(out: Path) -> None:
    summary: dict = {}
    for version in ("0.4", "0.5"):
        root = out / version
        updates = _convert(root, version, "plate")
        plate = zarr.open_group(str(root / "DemoPlate.zarr"), mode="r")
        plate_tables = pd.read_csv(
            root / "DemoPlate.zarr/tables/condition_table/table.csv"
        )
        summary[f"plate_{version}"] = {
            "updates": list(updates),
            "plate_attrs": _attrs(plate),
            "row_attrs": _attrs(plate["A"]),
            "well_attrs": _attrs(plate["A/01"]),
            "plate_condition_table": plate_tables.to_dict(orient="split"),
            "image": _image_summary(root / "DemoPlate.zarr/A/01/0"),
        }
        updates = _convert(root, version, "single")
        summary[f"single_{version}"] = {
            "updates": list(updates),
            "image": _image_summary(root / "cardiomyocyte_scan.zarr"),
        }
    root = out / "per_fov"
    updates = _convert(root, "0.4", "per_fov")
    well = zarr.open_group(str(root / "DemoPlate.zarr/A/01"), mode="r")
    summary["per_fov_0.4"] = {
        "updates": list(updates),
        "plate_attrs": _attrs(zarr.open_group(str(root / "DemoPlate.zarr"))),
        "well_attrs": _attrs(well),
        "images": {
            path: _image_summary(root / "DemoPlate.zarr/A/01" / path)
            for path in ("1_FOV_1", "1_FOV_2", "1_FOV_3")
        },
    }
    print(json.dumps(summary, indent=1, default=str))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
