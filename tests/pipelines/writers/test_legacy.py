"""Upstream's internal writer names still work on a single ngio image level."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from ngio import PixelSize, Roi

from ome_zarr_converters_tools.models.modes import WriterMode
from ome_zarr_converters_tools.pipelines.writers import (
    dask_parallel_fov_writing,
    dask_parallel_tile_writing,
    dask_write_chunks,
    in_memory_writing,
    sequential_fov_writing,
    sequential_tile_writing,
    write_to_zarr,
)

from .conftest import make_container


@pytest.mark.parametrize(
    "function",
    [
        sequential_tile_writing,
        dask_parallel_tile_writing,
        sequential_fov_writing,
        dask_parallel_fov_writing,
        in_memory_writing,
    ],
)
def test_legacy_writers_fill_only_the_given_level(
    function: Any, tmp_path: Path, mosaic_factory: Any
) -> None:
    mosaic = mosaic_factory(n_c=1, n_z=2, seed=20)
    container = make_container(
        tmp_path / "o.zarr", shape=mosaic.reference.shape, axes=mosaic.axes, levels=2
    )
    image = container.get_image()
    function(mosaic.tiled_image, image, None)
    np.testing.assert_array_equal(image.zarr_array[...], mosaic.reference)
    level1 = container.get_image(path=container.level_paths[1]).zarr_array
    assert not np.asarray(level1[...]).any()  # the caller consolidates, as upstream


def test_write_to_zarr_dispatches_on_the_mode(
    tmp_path: Path, mosaic_factory: Any
) -> None:
    mosaic = mosaic_factory(n_c=1, n_z=1, seed=21)
    container = make_container(
        tmp_path / "o.zarr", shape=mosaic.reference.shape, axes=mosaic.axes, levels=1
    )
    write_to_zarr(
        image=container.get_image(),
        tiled_image=mosaic.tiled_image,
        writer_mode=WriterMode.BY_TILE_DASK,
    )
    np.testing.assert_array_equal(
        container.get_image().zarr_array[...], mosaic.reference
    )


def test_dask_write_chunks_cut_on_the_write_unit(tmp_path: Path) -> None:
    container = make_container(
        tmp_path / "o.zarr", shape=(2, 40, 50), axes=("c", "y", "x"), chunks=(1, 16, 16)
    )
    roi = Roi.from_values(
        {"c": (0, 2), "y": (10, 20), "x": (5, 30)}, name="FOV_1", space="pixel"
    )
    chunks = dask_write_chunks(
        roi,
        (2, 20, 30),
        ["c", "y", "x"],
        PixelSize(x=1, y=1, z=1),
        container.get_image(),
    )
    assert chunks == ((1, 1), (6, 14), (11, 16, 3))
