"""Suite-wide configuration: which release line the tests run against.

This file also puts `tests/` on `sys.path` (pytest's default import mode), so
every test module can `from _api_lines import only_on_line, per_line`.
"""

from __future__ import annotations

import pytest
import zarr.errors

import ome_zarr_converters_tools as ozct


def pytest_configure(config: pytest.Config) -> None:
    """Silence zarr's own user warnings where this zarr has a class for them.

    `zarr.errors.ZarrUserWarning` exists from zarr 3.1.2 on; naming it in
    pyproject's `filterwarnings` would stop the floors leg (zarr 3.1.1) before
    a test runs. Older zarr emits the same texts as plain `UserWarning`, which
    the message filters there cover.
    """
    if hasattr(zarr.errors, "ZarrUserWarning"):
        config.addinivalue_line("filterwarnings", "ignore::zarr.errors.ZarrUserWarning")


def pytest_report_header() -> str:
    """Show the line in the header: the same tests expect per-line values."""
    return f"ome_zarr_converters_tools {ozct.__version__}, API_LINE={ozct.API_LINE!r}"
