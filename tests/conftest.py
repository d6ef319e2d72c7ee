"""Suite-wide configuration: which release line the tests run against.

This file also puts `tests/` on `sys.path` (pytest's default import mode), so
every test module can `from _api_lines import only_on_line, per_line`.
"""

from __future__ import annotations

import ome_zarr_converters_tools as ozct


def pytest_report_header() -> str:
    """Show the line in the header: the same tests expect per-line values."""
    return f"ome_zarr_converters_tools {ozct.__version__}, API_LINE={ozct.API_LINE!r}"
