"""A real conversion through the public tasks of fractal-uzh-converters.

The custom-TIFF plate converter reads a `tiles.csv` table and plain TIFF files,
so the test writes its own small plate: 2 wells (B/03 and C/05), each with 2
fields of view of 32 x 48 uint16 pixels side by side along x, pixel size 0.5 um,
one channel. It runs the init task and then the compute task for every item of
the parallelization list, the way Fractal does (arguments through JSON), and
through the package's Python API, on NGFF 0.4 and 0.5. The plate is read back
with readers that are not this library (zarr, ome-zarr-models, anndata) and
checked: pixels equal the written tiles, plate/well/image metadata, ROI tables,
and the image-list updates Fractal receives.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _converter_packages import require

PLATE = "MyPlate"
WELLS = (("B", 3), ("C", 5))
FOVS = 2
TILE_YX = (32, 48)
PIXEL_SIZE = 0.5


@pytest.fixture
def tiff_plate(tmp_path: Path) -> tuple[Path, dict[tuple[str, int], np.ndarray]]:
    """A custom-TIFF acquisition folder and, per well, the expected level-0 image."""
    require("fractal_uzh_converters")
    import tifffile

    acquisition = tmp_path / PLATE
    acquisition.mkdir()
    rng = np.random.default_rng(20240917)
    rows = ["file_path,row,column,fov_name,start_x,start_y"]
    expected: dict[tuple[str, int], np.ndarray] = {}
    for row, column in WELLS:
        tiles = []
        for fov in range(FOVS):
            data = rng.integers(1, 60_000, size=TILE_YX, dtype=np.uint16)
            name = f"{row}{column:02d}_fov{fov}.tif"
            tifffile.imwrite(acquisition / name, data)
            tiles.append(data)
            start_x = fov * TILE_YX[1] * PIXEL_SIZE  # world units (micrometers)
            rows.append(f"{name},{row},{column},FOV_{fov},{start_x},0.0")
        expected[(row, column)] = np.concatenate(tiles, axis=1)
    (acquisition / "tiles.csv").write_text("\n".join(rows) + "\n")
    (acquisition / "acquisition_details.toml").write_text(
        f'pixelsize = {PIXEL_SIZE}\nchannel_names = ["DAPI"]\n'
        'wavelengths = ["A01_C01"]\n'
    )
    return acquisition, expected


def _run_as_fractal(acquisition: Path, zarr_dir: Path, ngff: str) -> list[Any]:
    """Init task, then the compute task per item, arguments through JSON."""
    from fractal_uzh_converters.common import image_in_plate_compute_task
    from fractal_uzh_converters.custom_tiff import convert_hcs_tiff_init_task

    init_args = {
        "zarr_dir": str(zarr_dir),
        "acquisitions": [{"path": str(acquisition)}],
        "converter_options": {"omezarr_options": {"ngff_version": ngff}},
        "overwrite": "No Overwrite",
    }
    result = convert_hcs_tiff_init_task(**json.loads(json.dumps(init_args)))
    # Fractal stores the init task's output as JSON and passes each item on.
    items = json.loads(json.dumps(result["parallelization_list"]))
    assert sorted(item["zarr_url"] for item in items) == [
        f"{zarr_dir}/{PLATE}.zarr/{row}/{column:02d}/0" for row, column in WELLS
    ]
    return [image_in_plate_compute_task(**item) for item in items]


def _run_api(acquisition: Path, zarr_dir: Path, ngff: str) -> list[Any]:
    from fractal_uzh_converters.custom_tiff import (
        HcsTiffAcquisitionModel,
        convert_hcs_tiff,
    )

    from ome_zarr_converters_tools import ConverterOptions

    options = ConverterOptions.model_validate(
        {"omezarr_options": {"ngff_version": ngff}}
    )
    return convert_hcs_tiff(
        zarr_dir=str(zarr_dir),
        acquisitions=[HcsTiffAcquisitionModel(path=str(acquisition))],
        converter_options=options,
    )


def _ome_attrs(group: Any, ngff: str) -> dict[str, Any]:
    attrs = dict(group.attrs)
    if ngff == "0.5":
        assert attrs["ome"]["version"] == "0.5"
        return attrs["ome"]
    return attrs


@pytest.mark.integration
@pytest.mark.parametrize(
    ("how", "ngff"),
    [("tasks", "0.4"), ("tasks", "0.5"), ("api", "0.4")],
)
def test_custom_tiff_plate_conversion(
    tiff_plate: tuple[Path, dict[tuple[str, int], np.ndarray]],
    tmp_path: Path,
    how: str,
    ngff: str,
) -> None:
    import anndata
    import zarr
    from ome_zarr_models.v04.hcs import HCSAttrs as HCSAttrs04
    from ome_zarr_models.v04.image import ImageAttrs as ImageAttrs04
    from ome_zarr_models.v04.well import WellAttrs as WellAttrs04
    from ome_zarr_models.v05.hcs import HCSAttrs as HCSAttrs05
    from ome_zarr_models.v05.image import ImageAttrs as ImageAttrs05
    from ome_zarr_models.v05.well import WellAttrs as WellAttrs05

    acquisition, expected = tiff_plate
    zarr_dir = tmp_path / "zarr"
    run = _run_as_fractal if how == "tasks" else _run_api
    updates = run(acquisition, zarr_dir, ngff)

    # What Fractal receives: one image per well, with plate/well attributes.
    received = sorted(
        (u for result in updates for u in result["image_list_updates"]),
        key=lambda u: u["zarr_url"],
    )
    assert received == [
        {
            "zarr_url": f"{zarr_dir}/{PLATE}.zarr/{row}/{column:02d}/0",
            "types": {"is_3D": False},
            "attributes": {
                "plate": f"{PLATE}.zarr",
                "well": f"{row}{column:02d}",
                "acquisition": 0,
            },
        }
        for row, column in WELLS
    ]

    # Plate metadata, validated by ome-zarr-models.
    hcs_model, well_model, image_model = (
        (HCSAttrs05, WellAttrs05, ImageAttrs05)
        if ngff == "0.5"
        else (HCSAttrs04, WellAttrs04, ImageAttrs04)
    )
    plate_group = zarr.open_group(zarr_dir / f"{PLATE}.zarr", mode="r")
    assert plate_group.metadata.zarr_format == (3 if ngff == "0.5" else 2)
    plate = hcs_model.model_validate(_ome_attrs(plate_group, ngff)).plate
    assert plate.name == f"{PLATE}.zarr"
    assert [r.name for r in plate.rows] == ["B", "C"]
    assert [c.name for c in plate.columns] == ["03", "05"]
    assert [(w.path, w.rowIndex, w.columnIndex) for w in plate.wells] == [
        ("B/03", 0, 0),
        ("C/05", 1, 1),
    ]

    for (row, column), image in expected.items():
        well_group = plate_group[f"{row}/{column:02d}"]
        well = well_model.model_validate(_ome_attrs(well_group, ngff)).well
        assert [(i.path, i.acquisition) for i in well.images] == [("0", 0)]

        image_group = well_group["0"]
        image_path = zarr_dir / f"{PLATE}.zarr" / row / f"{column:02d}" / "0"
        attrs = _ome_attrs(image_group, ngff)
        multiscale = image_model.model_validate(attrs).multiscales[0]
        assert [a.name for a in multiscale.axes] == ["t", "c", "z", "y", "x"]
        scale0 = multiscale.datasets[0].coordinateTransformations[0].scale
        assert list(scale0)[-2:] == [PIXEL_SIZE, PIXEL_SIZE]
        channels = attrs["omero"]["channels"]
        assert [(c["label"], c["wavelength_id"]) for c in channels] == [
            ("DAPI", "A01_C01")
        ]

        # Pixels: the two fields of view side by side, exactly as written.
        level0 = image_group[multiscale.datasets[0].path]
        assert level0.dtype == np.uint16
        assert level0.shape == (1, 1, 1, *image.shape)
        np.testing.assert_array_equal(level0[0, 0, 0], image)
        level1 = image_group[multiscale.datasets[1].path]
        assert level1.shape[-2:] == (image.shape[0] // 2, image.shape[1] // 2)

        # ROI tables: one row per field of view, in micrometers.
        fovs = anndata.read_zarr(image_path / "tables" / "FOV_ROI_table").to_df()
        assert list(fovs.index) == [f"FOV_{i}" for i in range(FOVS)]
        width = TILE_YX[1] * PIXEL_SIZE
        assert fovs["x_micrometer"].tolist() == [i * width for i in range(FOVS)]
        assert fovs["len_x_micrometer"].tolist() == [width] * FOVS
        assert fovs["y_micrometer"].tolist() == [0.0] * FOVS
        assert fovs["len_y_micrometer"].tolist() == [TILE_YX[0] * PIXEL_SIZE] * FOVS
        well_table = anndata.read_zarr(image_path / "tables" / "well_ROI_table").to_df()
        assert well_table["len_x_micrometer"].tolist() == [FOVS * width]
