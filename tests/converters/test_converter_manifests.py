"""The converters' task argument schemas, regenerated against this library, equal
the schemas they ship.

A converter's Fractal manifest is built by fractal-task-tools from the
converter's `dev/task_list.py`, and its argument schemas come from this
library's models (options, filters, tiling modes, init args). The manifest is
regenerated here exactly that way (`create_manifest`, in process: the
`fractal-manifest create` CLI would write into the installed package) and each
task's `args_schema_non_parallel` / `args_schema_parallel` is compared with the
shipped `__FRACTAL_MANIFEST__.json` field by field, description texts ignored
(see `_converter_schema_diff`). A difference is a different task form for
Fractal users and a stored workflow that may stop validating.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from _converter_packages import (
    PACKAGES,
    TASK_LIST_PATH,
    require,
    shipped_manifest,
    task_params,
)
from _converter_schema_diff import diff_schemas, render_report

# Regenerated manifest per package (or the error that stopped it), shared by all
# tests of this worker process: regenerating imports every task module.
_REGENERATED: dict[str, dict[str, Any] | Exception] = {}


def regenerated_manifest(package: str) -> dict[str, Any]:
    require(package)
    if package not in _REGENERATED:
        # Private module of fractal-task-tools: its only entry point that builds a
        # manifest without writing it into the package folder.
        from fractal_task_tools._create_manifest import create_manifest

        logging.getLogger("fractal_task_tools").setLevel(logging.WARNING)
        try:
            _REGENERATED[package] = create_manifest(
                raw_package_name=package, task_list_path=TASK_LIST_PATH
            )
        except Exception as error:
            _REGENERATED[package] = error
    result = _REGENERATED[package]
    if isinstance(result, Exception):
        raise RuntimeError(
            f"fractal-task-tools could not regenerate the manifest of {package} "
            f"against this library: {type(result).__name__}: {result}"
        ) from result
    return result


def _task(manifest: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    for task in manifest["task_list"]:
        if task["name"] == name:
            return task
    pytest.fail(f"task {name!r} is missing from the {where} manifest", pytrace=False)


@pytest.mark.parametrize("kind", ["non_parallel", "parallel"])
@pytest.mark.parametrize(("package", "task_name"), task_params())
def test_args_schema_equals_the_shipped_one(
    package: str, task_name: str | None, kind: str
) -> None:
    require(package)
    assert task_name is not None
    key = f"args_schema_{kind}"
    shipped = _task(shipped_manifest(package), task_name, "shipped")
    regenerated = _task(regenerated_manifest(package), task_name, "regenerated")
    assert (key in shipped) == (key in regenerated), f"{key} present in only one"
    if key not in shipped:
        return
    differences = diff_schemas(shipped[key], regenerated[key])
    if differences:
        pytest.fail(
            render_report(
                f"{package} / {task_name} / {key}: shipped vs regenerated",
                differences,
            ),
            pytrace=False,
        )


@pytest.mark.parametrize("package", list(PACKAGES))
def test_everything_but_the_schemas_is_regenerated_identically(package: str) -> None:
    # Task names, order, executables, meta, tags, docs: these come from the
    # converter package itself. If they differ, the regeneration is not the one
    # the package was built with, and the schema comparison would be suspect.
    shipped = shipped_manifest(package)
    regenerated = regenerated_manifest(package)

    def strip(manifest: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in manifest.items() if k != "task_list"}
        out["task_list"] = [
            {k: v for k, v in task.items() if not k.startswith("args_schema_")}
            for task in manifest["task_list"]
        ]
        return out

    differences = diff_schemas(strip(shipped), strip(regenerated))
    if differences:
        pytest.fail(render_report(f"{package} manifest", differences), pytrace=False)
