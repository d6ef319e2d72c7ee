"""pytest plugin options, marker and fixture (testing/plugin.py)."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

_TESTS = """
import pytest

pytest_plugins = ["ome_zarr_converters_tools.testing.plugin"]


def test_plain(update_snapshots):
    print("UPDATE", update_snapshots)


@pytest.mark.extended
def test_big():
    pass
"""


@pytest.fixture
def suite(pytester):
    pytester.makeconftest(
        'pytest_plugins = ["ome_zarr_converters_tools.testing.plugin"]\n'
    )
    pytester.makepyfile(
        test_suite=_TESTS.replace(
            'pytest_plugins = ["ome_zarr_converters_tools.testing.plugin"]\n', ""
        )
    )
    return pytester


def test_extended_tests_are_skipped_by_default(suite):
    result = suite.runpytest_inprocess("--strict-markers", "-s", "-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*UPDATE False*", "*--extended*"])


def test_extended_flag_runs_them(suite):
    result = suite.runpytest_inprocess("--strict-markers", "--extended")
    result.assert_outcomes(passed=2)


def test_update_snapshots_fixture(suite):
    result = suite.runpytest_inprocess("-s", "--update-snapshots")
    result.stdout.fnmatch_lines(["*UPDATE True*"])
