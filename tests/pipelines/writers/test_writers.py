"""Every writer mode writes the same bytes on every level, and fails clearly."""

from __future__ import annotations

import logging
import tracemalloc
from pathlib import Path
from typing import Any

import dask
import numpy as np
import pytest

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsFileNotFoundError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.ngio_compat import consolidate_image
from ome_zarr_converters_tools.models.modes import WriterMode
from ome_zarr_converters_tools.pipelines.writers import (
    WRITERS,
    get_writer,
    write_pixels,
)

from .conftest import Mosaic, make_container, read_levels

ALL_MODES = list(WriterMode)


def _padded(reference: np.ndarray, yx: tuple[int, int]) -> np.ndarray:
    out = np.zeros((*reference.shape[:-2], *yx), dtype=reference.dtype)
    out[..., : reference.shape[-2], : reference.shape[-1]] = reference
    return out


def _consolidated_levels(
    path: Path, level0: np.ndarray, **container_kwargs: Any
) -> list[np.ndarray]:
    """What ngio's own consolidate builds from the same level 0 (`"auto"` on 1.1)."""
    container = make_container(path, shape=level0.shape, **container_kwargs)
    image = container.get_image()
    image.zarr_array[...] = level0
    consolidate_image(image)
    return read_levels(container)


def _write(
    mosaic: Mosaic, path: Path, mode: WriterMode | str, **container_kwargs: Any
) -> list[np.ndarray]:
    container = make_container(path, axes=mosaic.axes, **container_kwargs)
    write_pixels(mosaic.tiled_image, container, writer_mode=mode)
    return read_levels(container)


def test_every_writer_mode_has_a_writer() -> None:
    assert set(WRITERS) == {mode.value for mode in WriterMode}
    for mode in WriterMode:
        assert get_writer(mode) is WRITERS[mode.value]
        assert get_writer(mode.value) is WRITERS[mode.value]


@pytest.mark.parametrize("mode", ["By Pixel", 3, None])
def test_unknown_writer_mode_is_a_user_error(mode: Any, tmp_path: Path) -> None:
    container = make_container(tmp_path / "x.zarr", shape=(8, 8), axes=("y", "x"))
    with pytest.raises(ConvertersToolsUserError, match="Unknown writer mode") as info:
        write_pixels(object(), container, writer_mode=mode)
    assert "By FOV" in str(info.value)


@pytest.mark.parametrize("ngff_version", ["0.4", "0.5"])
@pytest.mark.parametrize("mode", ALL_MODES)
def test_modes_match_independent_reference_and_ngio_pyramid(
    mode: WriterMode, ngff_version: str, tmp_path: Path, mosaic_factory: Any
) -> None:
    mosaic = mosaic_factory(n_c=2, n_z=3, seed=1)
    level0 = _padded(mosaic.reference, (48, 80))
    kwargs = {
        "levels": 3,
        "chunks": (1, 2, 8, 16),
        "ngff_version": ngff_version,
    }
    written = _write(mosaic, tmp_path / "out.zarr", mode, shape=level0.shape, **kwargs)
    np.testing.assert_array_equal(written[0], level0)
    expected = _consolidated_levels(
        tmp_path / "ref.zarr", level0, axes=mosaic.axes, **kwargs
    )
    assert len(written) == len(expected) == 3
    for got, want in zip(written, expected, strict=True):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("mode", ALL_MODES)
def test_sharded_output_and_multi_plane_tiles(
    mode: WriterMode, tmp_path: Path, mosaic_factory: Any
) -> None:
    mosaic = mosaic_factory(
        axes=("t", "c", "z", "y", "x"), n_t=2, n_c=1, n_z=5, z_per_tile=2, seed=2
    )
    level0 = _padded(mosaic.reference, (40, 72))
    kwargs = {
        "levels": 3,
        "chunks": (1, 1, 2, 8, 8),
        "shards": (1, 1, 4, 16, 24),
        "ngff_version": "0.5",
    }
    written = _write(mosaic, tmp_path / "out.zarr", mode, shape=level0.shape, **kwargs)
    expected = _consolidated_levels(
        tmp_path / "ref.zarr", level0, axes=mosaic.axes, **kwargs
    )
    np.testing.assert_array_equal(written[0], level0)
    for got, want in zip(written, expected, strict=True):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize(
    ("yx", "chunks", "levels"),
    [
        ((45, 77), (9, 13), 4),  # odd sizes: outside the block-wise envelope
        ((48, 84), (7, 16), 3),  # odd chunk on a split axis: fallback too
        ((96, 128), (32, 32), 5),  # integral: streamed tree
        ((40, 72), (40, 72), 4),  # one node per level
        ((40, 72), (16, 16), 3),  # integral, clipped edge nodes on both axes
    ],
)
@pytest.mark.parametrize("ngff_version", ["0.4", "0.5"])
def test_pyramid_equals_ngio_consolidate(
    yx: tuple[int, int],
    chunks: tuple[int, int],
    levels: int,
    ngff_version: str,
    tmp_path: Path,
    mosaic_factory: Any,
) -> None:
    mosaic = mosaic_factory(axes=("z", "y", "x"), n_c=1, n_z=2, seed=3)
    level0 = _padded(mosaic.reference, yx)
    kwargs = {"levels": levels, "chunks": (1, *chunks), "ngff_version": ngff_version}
    written = _write(
        mosaic, tmp_path / "out.zarr", WriterMode.BY_FOV, shape=level0.shape, **kwargs
    )
    expected = _consolidated_levels(
        tmp_path / "ref.zarr", level0, axes=mosaic.axes, **kwargs
    )
    assert [w.shape for w in written] == [e.shape for e in expected]
    for got, want in zip(written, expected, strict=True):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", ["uint8", "uint32", "int16", "float32"])
def test_pyramid_parity_for_other_dtypes(
    dtype: str, tmp_path: Path, mosaic_factory: Any
) -> None:
    mosaic = mosaic_factory(axes=("y", "x"), n_c=1, n_z=1, dtype=dtype, seed=4)
    level0 = _padded(mosaic.reference, (48, 80))
    kwargs = {"levels": 3, "chunks": (16, 16), "dtype": dtype}
    written = _write(
        mosaic, tmp_path / "o.zarr", WriterMode.BY_TILE, shape=level0.shape, **kwargs
    )
    expected = _consolidated_levels(
        tmp_path / "r.zarr", level0, axes=mosaic.axes, **kwargs
    )
    for got, want in zip(written, expected, strict=True):
        np.testing.assert_array_equal(got, want)


def test_overlaps_follow_region_order_not_fov_order(
    tmp_path: Path, mosaic_factory: Any
) -> None:
    interleaved = mosaic_factory(n_c=1, n_z=2, seed=5, interleave=True)
    by_fov = mosaic_factory(n_c=1, n_z=2, seed=5, interleave=False)
    # Same pixels per file position differ only by write order; references differ.
    for mosaic, name in ((interleaved, "a"), (by_fov, "b")):
        level0 = _padded(mosaic.reference, (40, 72))
        for mode in ALL_MODES:
            written = _write(
                mosaic,
                tmp_path / f"{name}-{mode.name}.zarr",
                mode,
                shape=level0.shape,
                levels=1,
                chunks=(1, 1, 16, 16),
            )
            np.testing.assert_array_equal(written[0], level0)


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
@pytest.mark.parametrize("mode", [WriterMode.BY_FOV_DASK, WriterMode.BY_TILE_DASK])
def test_dask_modes_follow_the_configured_scheduler(
    mode: WriterMode, scheduler: str, tmp_path: Path, mosaic_factory: Any
) -> None:
    mosaic = mosaic_factory(n_c=1, n_z=2, seed=6)
    level0 = _padded(mosaic.reference, (40, 72))
    with dask.config.set(scheduler=scheduler):
        written = _write(
            mosaic,
            tmp_path / "o.zarr",
            mode,
            shape=level0.shape,
            levels=2,
            chunks=(1, 1, 8, 8),
        )
    np.testing.assert_array_equal(written[0], level0)


def test_writers_do_not_mutate_the_tiled_image(
    tmp_path: Path, mosaic_factory: Any
) -> None:
    mosaic = mosaic_factory(n_c=1, n_z=1, seed=7)
    before = mosaic.tiled_image.model_dump_json()
    level0 = _padded(mosaic.reference, (40, 72))
    for mode in ALL_MODES:
        _write(mosaic, tmp_path / f"{mode.name}.zarr", mode, shape=level0.shape)
    assert mosaic.tiled_image.model_dump_json() == before


@pytest.mark.parametrize("mode", ALL_MODES)
def test_missing_tile_file_names_image_and_file(
    mode: WriterMode, tmp_path: Path, mosaic_factory: Any
) -> None:
    mosaic = mosaic_factory(n_c=1, n_z=1, seed=8)
    missing = mosaic.tiled_image.regions[2].image_loader.file_path
    Path(missing).unlink()
    container = make_container(
        tmp_path / "o.zarr", shape=mosaic.reference.shape, axes=mosaic.axes
    )
    with pytest.raises(ConvertersToolsFileNotFoundError) as info:
        write_pixels(mosaic.tiled_image, container, writer_mode=mode)
    message = str(info.value)
    assert "mosaic.zarr" in message
    assert Path(missing).name in message
    assert mosaic.tiled_image.regions[2].roi.name in message
    assert isinstance(info.value, FileNotFoundError)


def test_region_outside_the_array_is_a_user_error(
    tmp_path: Path, mosaic_factory: Any
) -> None:
    mosaic = mosaic_factory(n_c=1, n_z=1, seed=9)
    small = (*mosaic.reference.shape[:-1], mosaic.reference.shape[-1] - 3)
    container = make_container(tmp_path / "o.zarr", shape=small, axes=mosaic.axes)
    with pytest.raises(ConvertersToolsUserError, match="axis 'x'") as info:
        write_pixels(mosaic.tiled_image, container, writer_mode=WriterMode.BY_FOV)
    assert "mosaic.zarr" in str(info.value)


def test_tile_with_wrong_shape_is_a_user_error(
    tmp_path: Path, mosaic_factory: Any
) -> None:
    mosaic = mosaic_factory(n_c=1, n_z=1, seed=10)
    path = Path(mosaic.tiled_image.regions[0].image_loader.file_path)
    np.save(path, np.zeros((5, 5), dtype="uint16"))
    container = make_container(
        tmp_path / "o.zarr", shape=mosaic.reference.shape, axes=mosaic.axes
    )
    with pytest.raises(ConvertersToolsUserError, match="shape"):
        write_pixels(mosaic.tiled_image, container, writer_mode=WriterMode.IN_MEMORY)


@pytest.mark.slow
def test_dask_process_scheduler_writes_the_same_bytes(
    tmp_path: Path, mosaic_factory: Any
) -> None:
    mosaic = mosaic_factory(n_c=1, n_z=2, seed=11)
    level0 = _padded(mosaic.reference, (40, 72))
    kwargs = {"levels": 2, "chunks": (1, 1, 16, 16)}
    with dask.config.set(scheduler="processes", num_workers=1):
        written = _write(
            mosaic,
            tmp_path / "o.zarr",
            WriterMode.BY_TILE_DASK,
            shape=level0.shape,
            **kwargs,
        )
    expected = _consolidated_levels(
        tmp_path / "r.zarr", level0, axes=mosaic.axes, **kwargs
    )
    for got, want in zip(written, expected, strict=True):
        np.testing.assert_array_equal(got, want)


def test_progress_is_logged_per_image(
    tmp_path: Path, mosaic_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    mosaic = mosaic_factory(n_c=1, n_z=1, seed=12)
    level0 = _padded(mosaic.reference, (40, 72))
    with caplog.at_level(logging.INFO, logger="ome_zarr_converters_tools"):
        _write(mosaic, tmp_path / "o.zarr", WriterMode.BY_FOV, shape=level0.shape)
    text = caplog.text
    assert "Writing mosaic.zarr (units)" in text
    assert "By FOV: wrote image mosaic.zarr" in text


@pytest.mark.parametrize(
    "mode",
    [
        WriterMode.BY_TILE,
        WriterMode.BY_FOV,
        WriterMode.BY_FOV_DASK,
        WriterMode.BY_TILE_DASK,
    ],
)
def test_streaming_modes_never_hold_the_whole_image(
    mode: WriterMode, tmp_path: Path, mosaic_factory: Any
) -> None:
    small = mosaic_factory(grid=(1, 2), n_c=1, n_z=1, seed=14)
    _write(small, tmp_path / "warm.zarr", mode, shape=small.reference.shape)
    mosaic = mosaic_factory(
        grid=(4, 4),
        tile_yx=(256, 256),
        step_yx=(256, 256),
        n_c=2,
        n_z=4,
        seed=13,
        interleave=False,
        jitter=1,  # FOVs on the chunk grid, as after snap-to-grid
    )
    image_bytes = mosaic.reference.nbytes
    container = make_container(
        tmp_path / "o.zarr",
        shape=mosaic.reference.shape,
        axes=mosaic.axes,
        levels=2,
        chunks=(1, 4, 128, 128),
    )
    tracemalloc.start()
    try:
        write_pixels(mosaic.tiled_image, container, writer_mode=mode)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Everything allocated during the write, graph and codec buffers included:
    # a few FOVs and units in flight (about 0.2 of the image measured alone,
    # more when thread timing lets loads run ahead), never the whole image.
    assert peak < 0.5 * image_bytes, (peak, image_bytes)
    np.testing.assert_array_equal(read_levels(container)[0], mosaic.reference)


def test_named_levels_are_all_written(tmp_path: Path, mosaic_factory: Any) -> None:
    mosaic = mosaic_factory(n_c=1, n_z=2, seed=15)
    level0 = _padded(mosaic.reference, (40, 72))
    kwargs = {"levels": ["s0", "s1", "s2"], "chunks": (1, 1, 8, 8)}
    written = _write(
        mosaic, tmp_path / "o.zarr", WriterMode.BY_FOV, shape=level0.shape, **kwargs
    )
    expected = _consolidated_levels(
        tmp_path / "r.zarr", level0, axes=mosaic.axes, **kwargs
    )
    assert len(written) == 3
    for got, want in zip(written, expected, strict=True):
        np.testing.assert_array_equal(got, want)
