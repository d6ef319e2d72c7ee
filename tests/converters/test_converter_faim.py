"""A real conversion through the public tasks of faim-fractal-converters (1.x line).

faim-fractal-converters 0.2.0 is built on the 1.1.1 API, so it runs next to the
1.x line of this library (`.ci/converters.sh 1`); elsewhere the test skips
(`_converter_packages.require`). Its VisiView companion converter reads an OME
companion file (OME-XML that lists the TIFF file of every plane and the stage
position of every plane) and plain TIFF files, which the test writes itself:
one scan of two stage positions side by side along x, two channels, 32 x 40
uint16 pixels each, pixel size 0.5 um. VisiView names the images
`<scan>_<n>:<position>_sg:<group>`, so both positions become fields of view of
one image, `scan_sg1`. The init and compute tasks run the way Fractal runs them
(arguments through JSON); the image is read back with ngio and zarr and
checked: pixels of both positions where they belong, channels, pixel sizes, the
FOV ROI table and the image-list update Fractal receives.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _converter_packages import require

SCAN = "scan"
IMAGE = f"{SCAN}_sg1"
POSITIONS = 2
CHANNELS = (("DAPI", 405, (0, 0, 255)), ("GFP", 488, (0, 255, 0)))
TILE_YX = (32, 40)
PIXEL_SIZE = 0.5


def _write_companion(folder: Path) -> dict[str, np.ndarray]:
    """Write the TIFF files and the companion file; return the expected image.

    Returns:
        Per channel label, the level-0 plane (both positions side by side).
    """
    import tifffile
    from ome_types import to_xml
    from ome_types.model import (
        OME,
        Channel,
        Image,
        Pixels,
        Pixels_DimensionOrder,
        PixelType,
        Plane,
        StageLabel,
        TiffData,
        UnitsLength,
    )

    rng = np.random.default_rng(20260105)
    expected: dict[str, list[np.ndarray]] = {label: [] for label, _, _ in CHANNELS}
    images = []
    for position in range(POSITIONS):
        start_x = position * TILE_YX[1] * PIXEL_SIZE  # micrometers
        blocks, planes = [], []
        for c, (label, _, _) in enumerate(CHANNELS):
            data = rng.integers(1, 60_000, size=TILE_YX, dtype=np.uint16)
            file_name = f"{SCAN}_s{position + 1}_w{c + 1}.tif"
            tifffile.imwrite(folder / file_name, data)
            expected[label].append(data)
            blocks.append(
                TiffData(
                    first_c=c,
                    first_t=0,
                    first_z=0,
                    ifd=0,
                    plane_count=1,
                    uuid=TiffData.UUID(
                        file_name=file_name,
                        value=f"urn:uuid:{uuid.UUID(int=16 * position + c)}",
                    ),
                )
            )
            planes.append(
                Plane(
                    the_c=c,
                    the_t=0,
                    the_z=0,
                    position_x=start_x,
                    position_x_unit=UnitsLength.MICROMETER,
                    position_y=0.0,
                    position_y_unit=UnitsLength.MICROMETER,
                    position_z=0.0,
                    position_z_unit=UnitsLength.MICROMETER,
                )
            )
        stage = f"{position}:Pos{position + 1}_sg:1"
        images.append(
            Image(
                id=f"Image:{position}",
                name=f"{SCAN}_{position + 1}:Pos{position + 1}_sg:1",
                stage_label=StageLabel(name=stage),
                pixels=Pixels(
                    id=f"Pixels:{position}",
                    dimension_order=Pixels_DimensionOrder.XYZCT,
                    type=PixelType.UINT16,
                    size_x=TILE_YX[1],
                    size_y=TILE_YX[0],
                    size_z=1,
                    size_c=len(CHANNELS),
                    size_t=1,
                    physical_size_x=PIXEL_SIZE,
                    physical_size_y=PIXEL_SIZE,
                    physical_size_z=1.0,
                    channels=[
                        Channel(
                            id=f"Channel:{position}:{c}",
                            name=label,
                            excitation_wavelength=wavelength,
                            color=rgb,
                            samples_per_pixel=1,
                        )
                        for c, (label, wavelength, rgb) in enumerate(CHANNELS)
                    ],
                    tiff_data_blocks=blocks,
                    planes=planes,
                ),
            )
        )
    (folder / f"{SCAN}.companion.ome").write_text(
        to_xml(OME(images=images)), encoding="utf-8"
    )
    return {label: np.concatenate(tiles, axis=1) for label, tiles in expected.items()}


@pytest.fixture
def companion(tmp_path: Path) -> tuple[Path, dict[str, np.ndarray]]:
    """A VisiView-like acquisition folder and the expected planes per channel."""
    require("faim_fractal_converters")
    folder = tmp_path / "visiview"
    folder.mkdir()
    return folder, _write_companion(folder)


def _run_as_fractal(folder: Path, zarr_dir: Path, ngff: str) -> list[Any]:
    """Init task, then the compute task per item, arguments through JSON."""
    from faim_fractal_converters import (
        convert_visiview_init_task,
        single_image_compute_task,
    )

    init_args = {
        "zarr_dir": str(zarr_dir),
        "input_options": {"mode": "folder", "folder_path": str(folder)},
        "converter_options": {"omezarr_options": {"ngff_version": ngff}},
    }
    result = convert_visiview_init_task(**json.loads(json.dumps(init_args)))
    # Fractal stores the init task's output as JSON and passes each item on.
    items = json.loads(json.dumps(result["parallelization_list"]))
    assert [item["zarr_url"] for item in items] == [f"{zarr_dir}/{IMAGE}.zarr"]
    return [single_image_compute_task(**item) for item in items]


@pytest.mark.integration
@pytest.mark.parametrize("ngff", ["0.4", "0.5"])
def test_visiview_companion_conversion(
    companion: tuple[Path, dict[str, np.ndarray]], tmp_path: Path, ngff: str
) -> None:
    import zarr
    from ngio import open_ome_zarr_container

    folder, expected = companion
    zarr_dir = tmp_path / "zarr"
    updates = _run_as_fractal(folder, zarr_dir, ngff)

    image_url = zarr_dir / f"{IMAGE}.zarr"
    received = [u for result in updates for u in result["image_list_updates"]]
    assert received == [
        {"zarr_url": str(image_url), "types": {"is_3D": False}, "attributes": {}}
    ]

    group = zarr.open_group(image_url, mode="r")
    assert group.metadata.zarr_format == (3 if ngff == "0.5" else 2)

    container = open_ome_zarr_container(str(image_url))
    image = container.get_image()
    assert image.channel_labels == [label for label, _, _ in CHANNELS]
    assert image.pixel_size.x == PIXEL_SIZE
    assert image.pixel_size.y == PIXEL_SIZE
    assert image.dtype == "uint16"
    assert list(image.axes) == ["t", "c", "z", "y", "x"]
    data = np.asarray(image.get_array(mode="numpy"))
    assert data.shape == (1, len(CHANNELS), 1, TILE_YX[0], POSITIONS * TILE_YX[1])
    # Pixels: both stage positions side by side along x, per channel, as written.
    for c, (label, _, _) in enumerate(CHANNELS):
        np.testing.assert_array_equal(data[0, c, 0], expected[label])
    omero = dict(group.attrs)["ome"]["omero"] if ngff == "0.5" else group.attrs["omero"]
    assert [(ch["wavelength_id"], ch["color"]) for ch in omero["channels"]] == [
        ("405.0", "0000FF"),
        ("488.0", "00FF00"),
    ]

    # One FOV per stage position, in micrometers; CSV tables, the 1.x default.
    assert container.list_tables() == ["FOV_ROI_table", "well_ROI_table"]
    assert group["tables/FOV_ROI_table"].attrs["backend"] == "csv"
    fovs = container.get_table("FOV_ROI_table").dataframe
    assert list(fovs.index) == [f"s{p + 1}" for p in range(POSITIONS)]
    width = TILE_YX[1] * PIXEL_SIZE
    assert fovs["x_micrometer"].tolist() == [p * width for p in range(POSITIONS)]
    assert fovs["len_x_micrometer"].tolist() == [width] * POSITIONS
    assert fovs["len_y_micrometer"].tolist() == [TILE_YX[0] * PIXEL_SIZE] * POSITIONS
