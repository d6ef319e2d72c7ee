"""Build OME-Zarr images and HCS plates from microscope tiles.

The root re-exports the public names of `core`, `models`, `pipelines` and the
user-facing names of `fractal`; the `testing` helpers live in
`ome_zarr_converters_tools.testing`.

`API_LINE` tells which release line this installation is: `"0.10"` (versions
0.10.x, the 0.10 API) or `"1"` (versions 1.2.x, the 1.1.1 API); the line is
chosen when the package is built (`OZCT_API_LINE`, see docs/release-lines.md).

Names are resolved on first access (module `__getattr__`). Every submodule import
runs this file first, so an eager root would make each worker process, task
command line and the pytest plugin pay for importing the whole library.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ome_zarr_converters_tools import core, fractal, models, pipelines
from ome_zarr_converters_tools._lazy_namespace import lazy_package

try:
    __version__ = version("ome-zarr-converters-tools")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"
__author__ = "ome-zarr-converters-tools developers"
__email__ = ""

lazy_package(
    globals(),
    core._EXPORTS,
    models._EXPORTS,
    pipelines._EXPORTS,
    fractal._EXPORTS,  # the user-facing ones, not the hand-off plumbing
    {"core.api_line": ("API_LINE",)},
)
