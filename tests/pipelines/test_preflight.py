"""Init refuses what compute would fail on, or silently lose, before writing anything.

Every case goes through the public path a converter takes: a tiles table ->
`hcs_images_from_dataframe` -> `tiles_aggregation_pipeline` ->
`setup_images_for_conversion` (-> `generic_compute_task`), with its own small
files, and checks that a refusal leaves the output folder absent.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import tifffile
from PIL import Image

import ome_zarr_converters_tools
from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ChannelInfo,
    ConverterOptions,
    ConvertersToolsError,
    ConvertersToolsFileNotFoundError,
    ConvertersToolsUserError,
    ConvertersToolsWarning,
    generic_compute_task,
    setup_images_for_conversion,
    tiles_aggregation_pipeline,
)
from ome_zarr_converters_tools.core import hcs_images_from_dataframe
from ome_zarr_converters_tools.core.collection import ImageInPlate
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.models import OmeZarrOptions, SnapToGridTiling

ROW: dict[str, Any] = {
    "row": "A",
    "column": 1,
    "fov_name": "FOV_1",
    "start_x": 0.0,
    "start_y": 0.0,
    "length_x": 32,
    "length_y": 32,
}


def _tif(
    folder: Path, name: str, shape: tuple[int, ...] = (32, 32), dtype: Any = np.uint16
) -> str:
    tifffile.imwrite(folder / name, np.full(shape, 7, dtype=dtype))
    return name


def _details(**kwargs: Any) -> AcquisitionDetails:
    values: dict[str, Any] = {
        "channels": [ChannelInfo(channel_label="DAPI")],
        "pixelsize": 0.5,
        "z_spacing": 5.0,
    }
    values.update(kwargs)
    return AcquisitionDetails(**values)


def _convert(
    rows: list[dict[str, Any]],
    data: Path,
    out: Path,
    *,
    details: AcquisitionDetails | None = None,
    options: ConverterOptions | None = None,
    compute: bool = False,
    **pipeline_kwargs: Any,
) -> list[dict[str, Any]]:
    """Run the public init path (and optionally compute) on a tiles table."""
    options = options or ConverterOptions(omezarr_options=OmeZarrOptions(num_levels=2))
    tiles = hcs_images_from_dataframe(
        tiles_table=pd.DataFrame(rows), acquisition_details=details or _details()
    )
    images = tiles_aggregation_pipeline(
        tiles, converter_options=options, resource=str(data), **pipeline_kwargs
    )
    entries = setup_images_for_conversion(
        images,
        zarr_dir=str(out),
        collection_type="ImageInPlate",
        converter_options=options,
    )
    if compute:
        for entry in entries:
            generic_compute_task(
                zarr_url=entry["zarr_url"],
                init_args=entry["init_args"],
                collection_type=ImageInPlate,
                image_loader_type=DefaultImageLoader,
                resource=str(data),
            )
    return entries


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


# ---- item 2: no two tiles may silently write the same voxels -------------------


def test_plane_indices_read_as_micrometres_are_refused(data: Path, out: Path) -> None:
    rows = [
        {**ROW, "file_path": _tif(data, f"z{z}.tif"), "start_z": z} for z in range(2)
    ]
    with pytest.raises(ConvertersToolsUserError) as info:
        _convert(rows, data, out)
    message = str(info.value)
    assert "Plate.zarr/A/01/0" in message
    assert "'FOV_1'" in message
    assert "z0.tif" in message
    assert "z1.tif" in message
    assert "start_z_coo='pixel'" in message
    assert not out.exists()


def test_plane_indices_with_pixel_space_convert_both_planes(
    data: Path, out: Path
) -> None:
    rows = [
        {**ROW, "file_path": _tif(data, f"z{z}.tif"), "start_z": z} for z in range(2)
    ]
    entries = _convert(
        rows, data, out, details=_details(start_z_coo="pixel"), compute=True
    )
    from ngio import open_ome_zarr_container

    image = open_ome_zarr_container(entries[0]["zarr_url"]).get_image()
    assert image.dimensions.get("z") == 2


def test_duplicate_rows_are_refused(data: Path, out: Path) -> None:
    row = {**ROW, "file_path": _tif(data, "a.tif")}
    with pytest.raises(ConvertersToolsUserError, match="duplicate rows") as info:
        _convert([row, dict(row)], data, out)
    assert "a.tif" in str(info.value)
    assert not out.exists()


def test_xy_overlap_of_neighbouring_fovs_stays_allowed(data: Path, out: Path) -> None:
    rows = [
        {**ROW, "file_path": _tif(data, "f1.tif")},
        # 8 pixels (4 um) of overlap with FOV_1
        {
            **ROW,
            "fov_name": "FOV_2",
            "start_x": 12.0,
            "file_path": _tif(data, "f2.tif"),
        },
    ]
    entries = _convert(rows, data, out)
    assert len(entries) == 1


def test_declared_channel_without_tiles_warns(data: Path, out: Path) -> None:
    details = _details(
        channels=[ChannelInfo(channel_label="DAPI"), ChannelInfo(channel_label="GFP")]
    )
    rows = [{**ROW, "file_path": _tif(data, "a.tif")}]
    with pytest.warns(ConvertersToolsWarning, match="'GFP'"):
        _convert(rows, data, out, details=details)


# ---- item 1: headers, positions, plan, output location -------------------------


def test_file_shape_differing_from_declared_size_is_refused(
    data: Path, out: Path
) -> None:
    rows = [{**ROW, "file_path": _tif(data, "small.tif", shape=(16, 32))}]
    with pytest.raises(ConvertersToolsUserError) as info:
        _convert(rows, data, out)
    message = str(info.value)
    assert "small.tif" in message
    assert "(16, 32)" in message
    assert "length_x/length_y" in message
    assert not out.exists()


def test_rgb_png_for_a_grey_channel_is_refused(data: Path, out: Path) -> None:
    Image.fromarray(np.zeros((32, 32, 3), dtype=np.uint8)).save(data / "rgb.png")
    details = _details(axes=["c", "y", "x"])
    rows = [{**ROW, "file_path": "rgb.png"}]
    with pytest.raises(ConvertersToolsUserError, match="RGB") as info:
        _convert(rows, data, out, details=details)
    assert "rgb.png" in str(info.value)
    assert not out.exists()


def test_narrower_tile_dtype_than_the_image_is_refused(data: Path, out: Path) -> None:
    rows = [
        {**ROW, "file_path": _tif(data, "a.tif", dtype=np.uint8)},
        {**ROW, "fov_name": "FOV_2", "start_x": 16.0, "file_path": _tif(data, "b.tif")},
    ]
    with pytest.raises(ConvertersToolsUserError, match="'uint16'") as info:
        _convert(rows, data, out)
    assert "b.tif" in str(info.value)
    assert "'uint8'" in str(info.value)
    assert not out.exists()


def test_wider_image_dtype_than_a_tile_warns(data: Path, out: Path) -> None:
    rows = [
        {**ROW, "file_path": _tif(data, "a.tif")},
        {
            **ROW,
            "fov_name": "FOV_2",
            "start_x": 16.0,
            "file_path": _tif(data, "b.tif", dtype=np.uint8),
        },
    ]
    with pytest.warns(ConvertersToolsWarning, match="b.tif"):
        _convert(rows, data, out)


def test_nan_position_is_refused_naming_the_row(data: Path, out: Path) -> None:
    rows = [
        {**ROW, "file_path": _tif(data, "a.tif"), "start_z": 0.0},
        {**ROW, "fov_name": "FOV_2", "file_path": "b.tif"},  # start_z left empty
    ]
    with pytest.raises(ConvertersToolsUserError, match="row 1") as info:
        _convert(rows, data, out)
    assert "start_z=nan" in str(info.value)
    assert not out.exists()


def test_tiling_plan_failure_is_reported_at_init(data: Path, out: Path) -> None:
    rows = [
        {**ROW, "file_path": _tif(data, "a.tif")},
        {
            **ROW,
            "fov_name": "FOV_2",
            "start_x": 40.0,
            "length_x": 16,
            "file_path": _tif(data, "b.tif", shape=(32, 16)),
        },
    ]
    options = ConverterOptions(
        tiling_strategy=SnapToGridTiling(),
        omezarr_options=OmeZarrOptions(num_levels=2),
    )
    with pytest.raises(ConvertersToolsUserError):
        _convert(rows, data, out, options=options)
    assert not out.exists()


def test_too_many_levels_for_a_small_image_are_refused(data: Path, out: Path) -> None:
    rows = [
        {
            **ROW,
            "length_x": 8,
            "length_y": 8,
            "file_path": _tif(data, "a.tif", shape=(8, 8)),
        }
    ]
    with pytest.raises(ConvertersToolsUserError, match="num_levels=4"):
        _convert(rows, data, out, options=ConverterOptions())
    assert not out.exists()
    # the suggested number of levels converts
    _convert(
        rows,
        data,
        out,
        options=ConverterOptions(omezarr_options=OmeZarrOptions(num_levels=4)),
        compute=True,
    )


def test_zarr_dir_that_is_a_file_is_refused(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("keep me")
    rows = [{**ROW, "file_path": _tif(data, "a.tif")}]
    with pytest.raises(ConvertersToolsUserError, match="is a file"):
        _convert(rows, data, target)
    with pytest.raises(ConvertersToolsUserError, match="lies below"):
        _convert(rows, data, target / "sub")
    assert target.read_text() == "keep me"


def test_missing_resource_folder_is_named(tmp_path: Path, out: Path) -> None:
    rows = [{**ROW, "file_path": "a.tif"}]
    tiles = hcs_images_from_dataframe(
        tiles_table=pd.DataFrame(rows), acquisition_details=_details(data_type="uint16")
    )
    with pytest.raises(ConvertersToolsFileNotFoundError, match="resource folder"):
        tiles_aggregation_pipeline(
            tiles,
            converter_options=ConverterOptions(),
            resource=str(tmp_path / "no_such_folder"),
        )


def test_missing_file_is_refused_at_init_naming_image(data: Path, out: Path) -> None:
    rows = [{**ROW, "file_path": "gone.tif"}]
    with pytest.raises(ConvertersToolsFileNotFoundError) as info:
        _convert(rows, data, out, details=_details(data_type="uint16"))
    assert "Plate.zarr/A/01/0" in str(info.value)
    assert "gone.tif" in str(info.value)
    assert not out.exists()


def test_header_checks_can_be_skipped(
    data: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [{**ROW, "file_path": _tif(data, "small.tif", shape=(16, 32))}]
    _convert(rows, data, out, check_headers=False)
    monkeypatch.setenv("OZCT_CHECK_HEADERS", "0")
    _convert(rows, data, tmp := out.parent / "out2")
    assert tmp.exists()


def test_corrupt_pixels_behind_a_valid_header_fail_in_compute_named(
    data: Path, out: Path
) -> None:
    name = _tif(data, "broken.tif")
    raw = (data / name).read_bytes()
    (data / name).write_bytes(raw[: len(raw) // 2])  # header intact, pixels cut
    rows = [{**ROW, "file_path": name}]
    with pytest.raises(ConvertersToolsError, match=r"broken\.tif"):
        _convert(rows, data, out, compute=True)


def test_implausible_pixel_size_warns(data: Path, out: Path) -> None:
    rows = [{**ROW, "file_path": _tif(data, "a.tif")}]
    with pytest.warns(ConvertersToolsWarning, match="nanometres"):
        _convert(rows, data, out, details=_details(pixelsize=650.0))


def test_plausible_input_converts_without_warnings(data: Path, out: Path) -> None:
    rows = [{**ROW, "file_path": _tif(data, "a.tif")}]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _convert(rows, data, out, compute=True)
    # Only this library's own warnings count: dependencies (anndata on pandas 3,
    # zarr) warn about each other whatever the input.
    package = Path(ome_zarr_converters_tools.__file__).parent
    ours = [
        str(w.message)
        for w in caught
        if issubclass(w.category, ConvertersToolsWarning)
        or Path(w.filename).is_relative_to(package)
    ]
    assert ours == []


def test_well_row_zz_is_valid_ngff_and_non_ascii_is_refused(
    data: Path, out: Path
) -> None:
    _convert([{**ROW, "row": "ZZ", "file_path": _tif(data, "a.tif")}], data, out)
    assert (out / "Plate.zarr" / "ZZ" / "01").is_dir()
    with pytest.raises(ConvertersToolsUserError, match="ASCII"):
        _convert([{**ROW, "row": "Ä", "file_path": "a.tif"}], data, out.parent / "o2")


@pytest.mark.parametrize(
    ("name", "array"),
    [
        ("grey.png", np.zeros((5, 7), dtype=np.uint8)),
        ("grey16.png", np.zeros((5, 7), dtype=np.uint16)),
        ("rgb.png", np.zeros((5, 7, 3), dtype=np.uint8)),
        ("stack.tif", np.zeros((3, 5, 7), dtype=np.uint16)),
        ("plane.npy", np.zeros((5, 7), dtype=np.float32)),
    ],
)
def test_header_matches_what_load_data_returns(
    data: Path, name: str, array: np.ndarray
) -> None:
    path = data / name
    if name.endswith(".png"):
        Image.fromarray(array).save(path)
    elif name.endswith(".tif"):
        tifffile.imwrite(path, array, photometric="minisblack")
    else:
        np.save(path, array)
    loader = DefaultImageLoader(file_path=name)
    loaded = loader.load_data(str(data))
    header = loader.read_header(str(data))
    assert header is not None
    assert header.shape == loaded.shape
    assert header.dtype == str(loaded.dtype)
