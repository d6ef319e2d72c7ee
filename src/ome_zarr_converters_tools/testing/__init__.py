"""Snapshot test helpers for converters, resolved lazily on first use.

Importing this package (or the pytest plugin) does not import ngio, numpy or the
library: each name is imported from its module the first time it is accessed, so
loading the plugin in a consumer's conftest stays cheap and coverage can still
measure the modules when the tests import them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ome_zarr_converters_tools._lazy_namespace import lazy_namespace

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

__getattr__, __dir__ = lazy_namespace(globals(), _LOCATIONS)
