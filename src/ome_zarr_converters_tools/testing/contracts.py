"""Ready-made pytest test classes that check a converter's custom image loader.

A converter that ships its own `ImageLoaderInterface` subclass gets the loader
contract tested by subclassing `ImageLoaderContract` in its test suite::

    class TestMyLoader(ImageLoaderContract):
        def make_loader(self, tmp_path):
            path = write_my_format(tmp_path / "tile.xyz", data := np.ones((8, 8)))
            return MyLoader(path=str(path)), None, data

Every inherited `test_*` method then runs against that loader.
"""

from __future__ import annotations

import pickle
import warnings
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["ImageLoaderContract"]


class ImageLoaderContract:
    """Behaviour every image loader must have for the conversion pipeline.

    The loader travels as JSON from the init task to the compute jobs and, with
    `MultiprocessingRunner` or dask, by pickle; it must load the declared pixels,
    report their dtype, describe its source as text, and warn (never raise) in
    `preflight`.
    """

    def make_loader(self, tmp_path: Path) -> tuple[Any, Any, np.ndarray]:
        """Build the loader under test.

        Args:
            tmp_path: A fresh folder for the test's files.

        Returns:
            `(loader, resource, expected_pixels)`.
        """
        raise NotImplementedError("Implement make_loader in the test subclass.")

    def test_load_data_returns_the_expected_pixels(self, tmp_path: Path) -> None:
        """`load_data(resource)` returns exactly the expected array."""
        loader, resource, expected = self.make_loader(tmp_path)
        data = np.asarray(loader.load_data(resource))
        np.testing.assert_array_equal(data, expected)
        if data.dtype != expected.dtype:
            raise AssertionError(f"dtype {data.dtype} != expected {expected.dtype}")

    def test_find_data_type_matches_the_pixels(self, tmp_path: Path) -> None:
        """`find_data_type(resource)` names the dtype `load_data` returns."""
        loader, resource, expected = self.make_loader(tmp_path)
        found = loader.find_data_type(resource)
        if found != str(expected.dtype):
            raise AssertionError(f"find_data_type {found!r} != {expected.dtype}")

    def test_describe_source_is_text(self, tmp_path: Path) -> None:
        """`describe_source(resource)` returns a non-empty string."""
        loader, resource, _ = self.make_loader(tmp_path)
        text = loader.describe_source(resource)
        if not isinstance(text, str) or not text:
            raise AssertionError(f"describe_source returned {text!r}")

    def test_preflight_does_not_raise(self, tmp_path: Path) -> None:
        """`preflight(resource)` returns None; problems are warnings only."""
        loader, resource, _ = self.make_loader(tmp_path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = loader.preflight(resource)
        if result is not None:
            raise AssertionError(f"preflight returned {result!r}, expected None")

    def test_json_round_trip_is_exact(self, tmp_path: Path) -> None:
        """The loader survives the init-to-compute JSON hand-off unchanged."""
        loader, _, _ = self.make_loader(tmp_path)
        again = type(loader).model_validate_json(loader.model_dump_json())
        if again != loader:
            raise AssertionError(f"{again!r} != {loader!r} after a JSON round trip")

    def test_pickles(self, tmp_path: Path) -> None:
        """The loader pickles (process pools, dask workers)."""
        loader, resource, expected = self.make_loader(tmp_path)
        again = pickle.loads(pickle.dumps(loader))
        np.testing.assert_array_equal(np.asarray(again.load_data(resource)), expected)
