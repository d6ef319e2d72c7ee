"""Every writer mode runs through the shared mode runner with its own log lines."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ome_zarr_converters_tools.models.modes import WriterMode
from ome_zarr_converters_tools.pipelines.writers import write_pixels

from .conftest import make_container, read_levels

# The start line of each mode: its name and what it loads as one unit.
EXPECTED_START = {
    WriterMode.BY_TILE: "By Tile: writing image mosaic.zarr (12 tiles)",
    WriterMode.BY_FOV: "By FOV: writing image mosaic.zarr (6 FOVs, 12 tiles)",
    WriterMode.BY_TILE_DASK: (
        "By Tile (Using Dask): writing image mosaic.zarr (12 tiles)"
    ),
    WriterMode.BY_FOV_DASK: (
        "By FOV (Using Dask): writing image mosaic.zarr (6 FOVs, 12 tiles)"
    ),
    WriterMode.IN_MEMORY: "In Memory: writing image mosaic.zarr (12 tiles)",
}


@pytest.mark.parametrize("mode", list(WriterMode))
def test_mode_logs_its_own_start_and_end_lines(
    tmp_path: Path,
    mosaic_factory: Any,
    caplog: pytest.LogCaptureFixture,
    mode: WriterMode,
) -> None:
    mosaic = mosaic_factory(n_c=2, n_z=1, seed=3)
    shape = mosaic.reference.shape
    container = make_container(tmp_path / "o.zarr", shape=shape, axes=mosaic.axes)
    with caplog.at_level(logging.INFO, logger="ome_zarr_converters_tools"):
        write_pixels(mosaic.tiled_image, container, writer_mode=mode)
    messages = [record.getMessage() for record in caplog.records]
    assert EXPECTED_START[mode] in messages
    description = EXPECTED_START[mode].split(": writing")[0]
    assert any(
        message.startswith(f"{description}: wrote image mosaic.zarr in ")
        for message in messages
    )
    np.testing.assert_array_equal(read_levels(container)[0], mosaic.reference)


def test_modes_do_not_mutate_the_tiled_image(
    tmp_path: Path, mosaic_factory: Any
) -> None:
    mosaic = mosaic_factory(n_c=1, n_z=1, seed=4)
    before = mosaic.tiled_image.model_dump_json()
    for number, mode in enumerate(WriterMode):
        container = make_container(
            tmp_path / f"o{number}.zarr",
            shape=mosaic.reference.shape,
            axes=mosaic.axes,
        )
        write_pixels(mosaic.tiled_image, container, writer_mode=mode)
    assert mosaic.tiled_image.model_dump_json() == before
