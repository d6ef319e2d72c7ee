"""pytest plugin for converter test suites: snapshot and extended-data options.

Load it from the consumer's `tests/conftest.py` with
`pytest_plugins = ["ome_zarr_converters_tools.testing.plugin"]`. It is deliberately
not a `pytest11` entry point: an entry point is imported while pytest bootstraps,
before coverage starts, so the whole package would be reported as not measured.
This module imports nothing from the library, so loading it stays cheap.
"""

from __future__ import annotations

import pytest

__all__ = [
    "pytest_addoption",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "update_snapshots",
]

_EXTENDED = "extended"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add `--update-snapshots` and `--extended`."""
    group = parser.getgroup("ome-zarr-converters-tools")
    group.addoption(
        "--update-snapshots",
        action="store_true",
        default=False,
        help="Rewrite the snapshot JSON files instead of comparing against them.",
    )
    group.addoption(
        "--extended",
        action="store_true",
        default=False,
        help="Also run tests marked 'extended' (large datasets).",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Declare the `extended` marker (so `--strict-markers` accepts it)."""
    config.addinivalue_line(
        "markers",
        f"{_EXTENDED}: needs the extended test datasets (run with --extended)",
    )


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Skip `extended` tests unless `--extended` was given."""
    if config.getoption("--extended"):
        return
    skip = pytest.mark.skip(reason="extended test: pass --extended to run it")
    for item in items:
        if item.get_closest_marker(_EXTENDED) is not None:
            item.add_marker(skip)


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites snapshots (`--update-snapshots`)."""
    return bool(request.config.getoption("--update-snapshots"))
