"""The loader contract test class (testing/contracts.py) on the default loader."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.testing.contracts import ImageLoaderContract


class TestDefaultLoaderWithResource(ImageLoaderContract):
    def make_loader(self, tmp_path):
        data = np.arange(12 * 10, dtype=np.uint16).reshape(12, 10)
        Image.fromarray(data).save(tmp_path / "tile.png")
        return DefaultImageLoader(file_path="tile.png"), str(tmp_path), data


class TestDefaultLoaderWithNpy(ImageLoaderContract):
    def make_loader(self, tmp_path):
        data = np.linspace(0, 1, 24, dtype=np.float32).reshape(2, 3, 4)
        np.save(tmp_path / "tile.npy", data)
        return DefaultImageLoader(file_path=str(tmp_path / "tile.npy")), None, data


class _WrongDtypeLoader(ImageLoaderContract):
    def make_loader(self, tmp_path):
        data = np.zeros((4, 4), dtype=np.uint8)
        Image.fromarray(data).save(tmp_path / "t.png")
        return DefaultImageLoader(file_path="t.png"), str(tmp_path), data.astype("u2")


def test_contract_detects_a_wrong_expectation(tmp_path):
    with pytest.raises(AssertionError, match="dtype"):
        _WrongDtypeLoader().test_load_data_returns_the_expected_pixels(tmp_path)


def test_make_loader_must_be_implemented(tmp_path):
    with pytest.raises(NotImplementedError):
        ImageLoaderContract().make_loader(tmp_path)
