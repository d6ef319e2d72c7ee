"""Plain TIFF planes read without tifffile give exactly what tifffile gives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tifffile

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.core.plain_tiff import plain_tiff_layout

SHAPE = (37, 45)


def _pixels(dtype: str, shape: tuple[int, ...] = SHAPE) -> np.ndarray:
    rng = np.random.default_rng(7)
    if np.dtype(dtype).kind == "f":
        return (rng.standard_normal(shape) * 1000).astype(dtype)
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, size=shape, endpoint=True).astype(dtype)


PLAIN: dict[str, tuple[np.ndarray, dict[str, Any]]] = {
    **{
        dtype: (_pixels(dtype), {})
        for dtype in ("uint8", "uint16", "uint32", "int8", "int16", "int32")
    },
    "float32": (_pixels("float32"), {}),
    "float64": (_pixels("float64"), {}),
    "no description": (_pixels("uint16"), {"description": None, "metadata": None}),
    "strips of 5 rows": (_pixels("uint16"), {"rowsperstrip": 5}),
    "resolution and time": (
        _pixels("uint16"),
        {"resolution": (1.5, 2.5), "datetime": True, "software": "microscope"},
    ),
}
"""Files the plain reader takes (tifffile defaults: shaped description)."""

OTHER: dict[str, tuple[np.ndarray, dict[str, Any]]] = {
    "zlib": (_pixels("uint16"), {"compression": "zlib"}),
    "tiled": (_pixels("uint16", (64, 48)), {"tile": (16, 16)}),
    "several pages": (_pixels("uint16", (3, *SHAPE)), {"photometric": "minisblack"}),
    "one page shaped 3-D": (
        _pixels("uint16", (1, *SHAPE)),
        {"photometric": "minisblack"},
    ),
    "imagej": (_pixels("uint16"), {"imagej": True}),
    "imagej stack": (_pixels("uint16", (4, *SHAPE)), {"imagej": True}),
    "rgb": (_pixels("uint8", (*SHAPE, 3)), {"photometric": "rgb"}),
    "bigtiff": (_pixels("uint16"), {"bigtiff": True}),
    "big-endian": (_pixels("uint16"), {"byteorder": ">"}),
    "min-is-white": (_pixels("uint16"), {"photometric": "miniswhite"}),
    "float16": (_pixels("float16"), {}),
    "free-text description": (
        _pixels("uint16"),
        {"description": "acquired on Tuesday", "metadata": None},
    ),
    "ome": (_pixels("uint16", (2, *SHAPE)), {"ome": True, "photometric": "minisblack"}),
}
"""Files left to tifffile, which the loader must still read like tifffile."""


def _write(tmp_path: Path, name: str, data: np.ndarray, options: dict[str, Any]) -> str:
    path = tmp_path / f"{name.replace(' ', '_')}.tif"
    tifffile.imwrite(path, data, **options)
    return str(path)


def _check_like_tifffile(path: str) -> None:
    expected = tifffile.imread(path)
    loader = DefaultImageLoader(file_path=path)
    got = loader.load_data()
    assert got.dtype == expected.dtype
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)
    header = loader.read_header()
    assert header is not None
    assert header.shape == expected.shape
    assert header.dtype == str(expected.dtype)
    assert loader.find_data_type() == str(expected.dtype)


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_plain_planes_skip_tifffile_and_match_it(name: str, tmp_path: Path) -> None:
    data, options = PLAIN[name]
    path = _write(tmp_path, name, data, options)
    layout = plain_tiff_layout(path)
    assert layout is not None
    assert layout.shape == data.shape
    _check_like_tifffile(path)


@pytest.mark.parametrize("name", sorted(OTHER))
def test_other_tiffs_go_to_tifffile(name: str, tmp_path: Path) -> None:
    data, options = OTHER[name]
    path = _write(tmp_path, name, data, options)
    assert plain_tiff_layout(path) is None
    _check_like_tifffile(path)


def _same_outcome_as_tifffile(path: Path) -> None:
    """The loader returns tifffile's pixels, or fails where tifffile fails."""
    try:
        expected: np.ndarray | None = tifffile.imread(path)
    except Exception:
        expected = None
    loader = DefaultImageLoader(file_path=str(path))
    if expected is None:
        with pytest.raises(ConvertersToolsUserError, match=re.escape(path.name)):
            loader.load_data()
    else:
        np.testing.assert_array_equal(loader.load_data(), expected)


def test_truncated_plain_plane_is_reported_as_tifffile_reports_it(
    tmp_path: Path,
) -> None:
    data = _pixels("uint16")
    path = _write(tmp_path, "whole", data, {"description": None, "metadata": None})
    layout = plain_tiff_layout(path)
    assert layout is not None
    raw = Path(path).read_bytes()
    # Cut inside the pixels: the header still says 37 x 45 planes of uint16.
    cut = tmp_path / "cut.tif"
    cut.write_bytes(raw[: layout.offset + data.nbytes // 2])
    assert plain_tiff_layout(str(cut)) is not None
    _same_outcome_as_tifffile(cut)


@pytest.mark.parametrize(
    "content",
    [b"", b"II*\x00", b"not a tiff at all", b"II*\x00\xff\xff\xff\xff"],
)
def test_garbage_is_not_a_plain_plane(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "bad.tif"
    path.write_bytes(content)
    assert plain_tiff_layout(str(path)) is None
    _same_outcome_as_tifffile(path)


def test_zero_denominator_resolution_is_still_a_plain_plane(tmp_path: Path) -> None:
    data = _pixels("uint16")
    path = _write(tmp_path, "zero", data, {"resolution": (1.5, 2.5)})
    with tifffile.TiffFile(path) as tif:
        tag = tif.pages[0].tags["XResolution"]
        at = tag.valueoffset
    raw = bytearray(Path(path).read_bytes())
    raw[at + 4 : at + 8] = b"\0\0\0\0"  # XResolution = n / 0
    Path(path).write_bytes(bytes(raw))
    assert plain_tiff_layout(path) is not None
    _check_like_tifffile(path)
