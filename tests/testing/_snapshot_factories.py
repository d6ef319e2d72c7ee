"""Tiny OME-Zarr outputs written with ngio directly, for the snapshot harness tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def write_image(url: str | Path, *, value: int = 0, ngff_version: str = "0.4"):
    """Write a 2-channel 32x40 image with a well_ROI_table and a FOV_ROI_table."""
    import ngio

    from ome_zarr_converters_tools.core.ngio_compat import consolidation_kwargs

    data = (np.arange(2 * 32 * 40).reshape(2, 32, 40) + value).astype("uint16")
    container = ngio.create_ome_zarr_from_array(
        str(url),
        data,
        pixelsize=0.5,
        axes_names=["c", "y", "x"],
        levels=2,
        channels_meta=["DAPI", "GFP"],
        **consolidation_kwargs(prefix="consolidation_"),
        ngff_version=ngff_version,
        overwrite=True,
    )
    container.add_table(
        "well_ROI_table", container.build_image_roi_table("image"), backend="csv"
    )
    fov_table = container.build_image_roi_table("FOV_1")
    container.add_table("FOV_ROI_table", fov_table, backend="csv")
    return container


def single_image_converter(*, zarr_dir: str, value: int = 0, overwrite=None) -> list:
    """A stand-in converter API: writes `scan.zarr` and returns compute results."""
    url = f"{zarr_dir}/scan.zarr"
    write_image(url, value=value)
    return [
        {
            "image_list_updates": [
                {"zarr_url": url, "types": {"is_3D": False}, "attributes": {}}
            ]
        }
    ]


def plate_converter(
    *, zarr_dir: str, value: int = 0, drug: str = "DMSO", overwrite=None
) -> list:
    """A stand-in converter API writing a 2-well plate `P.zarr`."""
    import ngio

    plate = ngio.create_empty_plate(
        f"{zarr_dir}/P.zarr",
        name="P",
        images=[
            ngio.ImageInWellPath(row="A", column="01", path="0", acquisition_id=0),
            ngio.ImageInWellPath(row="B", column="02", path="0", acquisition_id=0),
        ],
        overwrite=True,
    )
    del plate
    results = []
    for well in ("A/01", "B/02"):
        url = f"{zarr_dir}/P.zarr/{well}/0"
        write_image(url, value=value)
        results.append(
            {
                "image_list_updates": [
                    {
                        "zarr_url": url,
                        "types": {"is_3D": False},
                        "attributes": {"drug": drug, "well": well.replace("/", "")},
                    }
                ]
            }
        )
    return results
