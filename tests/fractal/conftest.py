"""Fixtures shared by the fractal tests (no data from /work/shared)."""

from __future__ import annotations

import pytest
from _fractal_factories import make_tiled_images


@pytest.fixture
def tiled_images():
    return make_tiled_images(wells=(("A", 1), ("B", 3)))
