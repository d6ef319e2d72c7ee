"""Fixtures of the collection setup tests; reuses the ome_zarr test factories."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_FACTORIES = Path(__file__).resolve().parents[1] / "ome_zarr"
if str(_FACTORIES) not in sys.path:
    sys.path.insert(0, str(_FACTORIES))


@pytest.fixture
def tiles_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tiles"
    folder.mkdir()
    return folder


@pytest.fixture
def zarr_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder
