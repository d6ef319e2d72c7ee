"""Fixtures of the ome_zarr room tests: tiny mosaics written as .npy tiles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _zarr_factories import make_image, register

from ome_zarr_converters_tools.core.tiled_image import TiledImage


@pytest.fixture
def tiles_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tiles"
    folder.mkdir()
    return folder


@pytest.fixture
def mosaic(tiles_dir: Path) -> TiledImage[Any, Any]:
    """A registered 3-FOV mosaic (2x2 grid, one empty cell), czyx uint16."""
    return register(make_image(tiles_dir))
