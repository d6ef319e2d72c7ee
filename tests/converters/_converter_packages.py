"""What the converter contract tests know about the published converter packages.

The contract tests run where `fractal-uzh-converters` and `fractal-lif-converters`
are installed next to this library (the CI stage `.ci/converters.sh`). Elsewhere
they skip with a reason that says so; with `OZCT_REQUIRE_CONVERTERS=1` (set by
that stage) a missing package is a failure instead, so the stage can never pass
by skipping everything.

Everything here is found WITHOUT importing the packages (importing them imports
this library, and an import failure must show up as a failing test, not as a
skip or a collection error).
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ome_zarr_converters_tools.core.api_line import API_LINE

REQUIRE_ENV = "OZCT_REQUIRE_CONVERTERS"

# Per release line of this library (`ome_zarr_converters_tools.API_LINE`):
# import name -> (distribution name, version the contract was written against).
# Listed once, in published_converters.json, which the CI stage
# `.ci/converters.sh LINE` installs from.
_LISTING = json.loads(
    (Path(__file__).with_name("published_converters.json")).read_text()
)
PACKAGES_BY_LINE: dict[str, dict[str, tuple[str, str]]] = {
    line: {name: (dist, version) for name, (dist, version) in entry["packages"].items()}
    for line, entry in _LISTING.items()
    if not line.startswith("_")
}
PACKAGES: dict[str, tuple[str, str]] = PACKAGES_BY_LINE[API_LINE]
MANIFEST_NAME = "__FRACTAL_MANIFEST__.json"
TASK_LIST_PATH = "dev.task_list"


def package_root(package: str) -> Path | None:
    """The package folder, or None when the package is not installed."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def missing_reason(package: str) -> str:
    dist, version = PACKAGES[package]
    build = "OZCT_API_LINE=1 " if API_LINE == "1" else ""
    return (
        f"{dist} is not installed: the converter contract runs in the CI stage "
        f".ci/converters.sh {API_LINE} ({build}pip install <this checkout>[test] "
        f"{dist}=={version})"
    )


def require(package: str) -> Path:
    """The package folder; skip (or fail under OZCT_REQUIRE_CONVERTERS=1) if absent.

    A package of the other release line always skips: it cannot be installed
    next to this line (its version pin on this library excludes it).
    """
    if package not in PACKAGES:
        pytest.skip(
            f"{package} is a converter of another release line than this build's "
            f"API_LINE={API_LINE!r}"
        )
    root = package_root(package)
    if root is None:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(missing_reason(package) + f" ({REQUIRE_ENV}=1)")
        pytest.skip(missing_reason(package))
    return root


def shipped_manifest(package: str) -> dict[str, Any]:
    root = require(package)
    with open(root / MANIFEST_NAME, encoding="utf-8") as handle:
        return json.load(handle)


def _missing_param(package: str) -> Any:
    # One placeholder so that the test runs and skips/fails with a clear reason
    # (an empty parameter set would only say "got empty parameter set").
    return pytest.param(package, None, id=f"{package}-not-installed")


def module_params() -> list[Any]:
    """(package, dotted module name) for every .py file of both packages."""
    params: list[Any] = []
    for package in PACKAGES:
        root = package_root(package)
        if root is None:
            params.append(_missing_param(package))
            continue
        for path in sorted(root.rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            name = ".".join((package, *parts))
            params.append(pytest.param(package, name, id=name))
    return params


def _manifests() -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(package, shipped manifest or None when the package is not installed)."""
    for package in PACKAGES:
        root = package_root(package)
        if root is None:
            yield package, None
            continue
        with open(root / MANIFEST_NAME, encoding="utf-8") as handle:
            yield package, json.load(handle)


def task_params() -> list[Any]:
    """(package, task name) for every task in the shipped manifests."""
    params: list[Any] = []
    for package, manifest in _manifests():
        if manifest is None:
            params.append(_missing_param(package))
            continue
        for task in manifest["task_list"]:
            params.append(
                pytest.param(package, task["name"], id=f"{package}:{task['name']}")
            )
    return params


def executable_params() -> list[Any]:
    """(package, executable) for every distinct executable in the shipped manifests."""
    params: list[Any] = []
    for package, manifest in _manifests():
        if manifest is None:
            params.append(_missing_param(package))
            continue
        seen: list[str] = []
        for task in manifest["task_list"]:
            for kind in ("non_parallel", "parallel"):
                executable = task.get(f"executable_{kind}")
                if executable is not None and executable not in seen:
                    seen.append(executable)
        params += [pytest.param(package, e, id=f"{package}:{e}") for e in sorted(seen)]
    return params
