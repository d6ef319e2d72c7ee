"""Snapshot test helpers for converters, resolved lazily on first use.

Importing this package (or the pytest plugin) does not import ngio, numpy or the
library: each name is imported from its module the first time it is accessed, so
loading the plugin in a consumer's conftest stays cheap and coverage can still
measure the modules when the tests import them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ome_zarr_converters_tools.testing.contracts import ImageLoaderContract
    from ome_zarr_converters_tools.testing.snapshot.build import build_snapshot
    from ome_zarr_converters_tools.testing.snapshot.compare import compare_snapshots
    from ome_zarr_converters_tools.testing.snapshot.models import (
        FingerprintModel,
        ImageAssertionModel,
        MultiPlateAssertionModel,
        MultiSingleImageAssertionModel,
        PlateAssertionModel,
        RoiAssertionModel,
        TableAssertionModel,
    )
    from ome_zarr_converters_tools.testing.snapshot.run import run_converter_test

_MODELS = "ome_zarr_converters_tools.testing.snapshot.models"
_LOCATIONS = {
    "FingerprintModel": _MODELS,
    "ImageAssertionModel": _MODELS,
    "MultiPlateAssertionModel": _MODELS,
    "MultiSingleImageAssertionModel": _MODELS,
    "PlateAssertionModel": _MODELS,
    "RoiAssertionModel": _MODELS,
    "TableAssertionModel": _MODELS,
    "ImageLoaderContract": "ome_zarr_converters_tools.testing.contracts",
    "build_snapshot": "ome_zarr_converters_tools.testing.snapshot.build",
    "compare_snapshots": "ome_zarr_converters_tools.testing.snapshot.compare",
    "run_converter_test": "ome_zarr_converters_tools.testing.snapshot.run",
}

__all__ = [
    "FingerprintModel",
    "ImageAssertionModel",
    "ImageLoaderContract",
    "MultiPlateAssertionModel",
    "MultiSingleImageAssertionModel",
    "PlateAssertionModel",
    "RoiAssertionModel",
    "TableAssertionModel",
    "build_snapshot",
    "compare_snapshots",
    "run_converter_test",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first access."""
    module_name = _LOCATIONS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
