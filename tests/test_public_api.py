"""The public API: upstream names keep working, and every `__all__` is pinned."""

import importlib

import pytest

import ome_zarr_converters_tools as root
from upstream_exports import UPSTREAM_EXPORTS

SUBPACKAGES = ("core", "models", "pipelines", "fractal", "testing")


def _module(place: str):
    if place == "root":
        return root
    return importlib.import_module(f"ome_zarr_converters_tools.{place}")


@pytest.mark.parametrize(
    ("name", "place"),
    [(name, place) for name, places in UPSTREAM_EXPORTS.items() for place in places],
)
def test_upstream_name_is_exported_where_upstream_had_it(name, place):
    module = _module(place)
    assert name in module.__all__, f"{name} missing from {place}.__all__"
    assert getattr(module, name) is not None


@pytest.mark.parametrize("sub", ["core", "models", "pipelines"])
def test_root_reexports_every_public_name_of_the_layers(sub):
    module = _module(sub)
    missing = sorted(set(module.__all__) - set(root.__all__))
    assert not missing


@pytest.mark.parametrize("place", ["root", *SUBPACKAGES])
def test_every_listed_name_resolves_and_all_is_sorted_unique(place):
    module = _module(place)
    names = list(module.__all__)
    assert len(names) == len(set(names))
    for name in names:
        assert getattr(module, name, None) is not None, f"{place}.{name}"


def test_root_exports_resolve_to_the_same_objects_as_the_subpackages():
    for sub in ("core", "models", "pipelines", "fractal"):
        module = _module(sub)
        for name in set(module.__all__) & set(root.__all__):
            assert getattr(root, name) is getattr(module, name), name


def test_version_metadata():
    assert root.__version__.count(".") >= 2
    assert isinstance(root.__author__, str)


def test_compatibility_shims_reexport_the_real_classes():
    from ome_zarr_converters_tools.models import _converter_options, _loader
    from ome_zarr_converters_tools.pipelines import _filters

    assert _loader.ImageLoaderInterface is root.ImageLoaderInterface
    assert _converter_options.BackendType is root.BackendType
    assert _filters.RegexIncludeFilter is root.RegexIncludeFilter


def test_root_and_plugin_import_cheaply():
    """Worker processes and the pytest plugin must not import the whole stack."""
    import subprocess
    import sys

    code = (
        "import sys; import ome_zarr_converters_tools; "
        "import ome_zarr_converters_tools.testing.plugin; "
        "print('ngio' in sys.modules, 'dask' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "False"]


def test_unknown_root_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = root.no_such_name
    assert "Tile" in dir(root)
