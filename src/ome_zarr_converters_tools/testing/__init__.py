"""Snapshot test helpers for converters, resolved lazily on first use.

Importing this package (or the pytest plugin) does not import ngio, numpy or the
library: each name is imported from its module the first time it is accessed, so
loading the plugin in a consumer's conftest stays cheap and coverage can still
measure the modules when the tests import them.
"""

from ome_zarr_converters_tools._lazy_namespace import lazy_package

_EXPORTS = {
    "testing.contracts": ("ImageLoaderContract",),
    "testing.snapshot.build": ("build_snapshot",),
    "testing.snapshot.compare": ("compare_snapshots",),
    "testing.snapshot.models": (
        "FingerprintModel",
        "ImageAssertionModel",
        "MultiPlateAssertionModel",
        "MultiSingleImageAssertionModel",
        "PlateAssertionModel",
        "RoiAssertionModel",
        "TableAssertionModel",
    ),
    "testing.snapshot.run": ("run_converter_test",),
}

lazy_package(globals(), _EXPORTS)
