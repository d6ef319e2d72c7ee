"""Lazy package namespaces: names import on first access and are then cached."""

from __future__ import annotations

import importlib
import sys
import types

import pytest

from ome_zarr_converters_tools._lazy_namespace import lazy_namespace


def _package(name: str, locations: dict[str, str]) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__all__ = sorted(locations)  # type: ignore[attr-defined]
    getattr_, dir_ = lazy_namespace(module.__dict__, locations)
    module.__getattr__ = getattr_  # type: ignore[method-assign]
    module.__dir__ = dir_  # type: ignore[method-assign]
    return module


def test_name_is_imported_on_first_access_and_cached() -> None:
    package = _package("fake_pkg", {"dedent": "textwrap"})
    assert "dedent" not in vars(package)
    value = package.dedent
    assert value is importlib.import_module("textwrap").dedent
    assert vars(package)["dedent"] is value


def test_unknown_name_raises_attribute_error_naming_the_module() -> None:
    package = _package("fake_pkg", {"dedent": "textwrap"})
    with pytest.raises(AttributeError, match="module 'fake_pkg' has no attribute 'x'"):
        _ = package.x
    assert not hasattr(package, "y")


def test_dir_lists_public_names_before_they_are_loaded() -> None:
    package = _package("fake_pkg", {"dedent": "textwrap", "wrap": "textwrap"})
    assert {"dedent", "wrap"} <= set(dir(package))


@pytest.mark.parametrize(
    ("package_name", "public_name"),
    [
        ("ome_zarr_converters_tools.fractal", "SequentialRunner"),
        ("ome_zarr_converters_tools.testing", "build_snapshot"),
    ],
)
def test_real_packages_resolve_lazily(package_name: str, public_name: str) -> None:
    package = importlib.import_module(package_name)
    assert public_name in dir(package)
    assert getattr(package, public_name) is not None
    with pytest.raises(AttributeError, match=repr(package_name)):
        _ = package.no_such_name
    assert package_name in sys.modules
