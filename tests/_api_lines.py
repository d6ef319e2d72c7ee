"""What the tests expect from the release line this installation was built as.

One source tree builds two release lines (docs/release-lines.md): `0.10` (the
default build) and `1` (`OZCT_API_LINE=1`). They share all behaviour and differ
in presentation (JSON-schema names, titles, dumps) and in the few defaults that
1.1.1 changed (CSV tables, xy jitter removal on, unknown keys refused). The
whole suite runs on both builds (`.ci/run` and `.ci/converters.sh 1`), so a
test either

- pins one line's presentation and is skipped on the other with
  `only_on_line(line, reason)` (the other line has its own test, named in the
  reason), or
- checks shared behaviour and takes the line-dependent expected value from
  `per_line(v0_10=..., v1=...)`, so that both lines are really tested.

Import it as `from _api_lines import ...` (tests/conftest.py puts `tests/` on
`sys.path`).
"""

from __future__ import annotations

from typing import TypeVar

import pytest

from ome_zarr_converters_tools.core.api_line import API_LINE, API_LINES

__all__ = ["API_LINE", "ON_0_10", "ON_1", "only_on_line", "per_line"]

T = TypeVar("T")

ON_0_10 = API_LINE == "0.10"
"""This installation is the 0.10 line (the default build)."""
ON_1 = API_LINE == "1"
"""This installation is the 1.x line (`OZCT_API_LINE=1`)."""


def only_on_line(line: str, reason: str) -> pytest.MarkDecorator:
    """Skip the test (or module, via `pytestmark`) unless this build is `line`.

    Args:
        line: `"0.10"` or `"1"`.
        reason: What the test pins and where the other line is tested instead.
    """
    if line not in API_LINES:
        raise ValueError(f"unknown API line {line!r}; expected one of {API_LINES}")
    return pytest.mark.skipif(
        line != API_LINE,
        reason=f"{line} line only ({reason}); this build is API_LINE={API_LINE!r}",
    )


def per_line(*, v0_10: T, v1: T) -> T:
    """Return the expected value for this build's line."""
    return v0_10 if ON_0_10 else v1
