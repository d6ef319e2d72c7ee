"""Every module of the published converter packages imports against this library.

The packages are found on disk, never imported at collection time, so a module
that fails to import is one failing test with its traceback (not a skip and not
a collection error of the whole suite).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
from pathlib import Path

import pytest
from _converter_packages import (
    PACKAGES,
    REQUIRE_ENV,
    TASK_LIST_PATH,
    executable_params,
    module_params,
    require,
    shipped_manifest,
)


@pytest.mark.parametrize("package", list(PACKAGES))
def test_installed_version_is_the_one_of_the_contract(package: str) -> None:
    require(package)
    dist, expected = PACKAGES[package]
    installed = importlib.metadata.version(dist)
    if installed != expected:
        message = (
            f"{dist} {installed} is installed, the contract was written for "
            f"{expected}: update PACKAGES in tests/converters/_converter_packages.py"
            " and the pins in .ci/converters.sh together"
        )
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.parametrize(("package", "module"), module_params())
def test_module_imports(package: str, module: str | None) -> None:
    require(package)
    assert module is not None
    importlib.import_module(module)


@pytest.mark.parametrize(("package", "executable"), executable_params())
def test_task_executable_defines_its_task_function(
    package: str, executable: str | None
) -> None:
    # Fractal runs `python <executable>`; fractal-task-tools finds the task
    # function as the module-level callable named like the file.
    require(package)
    assert executable is not None
    module = importlib.import_module(
        f"{package}." + executable.removesuffix(".py").replace("/", ".")
    )
    function_name = Path(executable).stem
    function = getattr(module, function_name, None)
    assert callable(function), f"{module.__name__} has no task {function_name}()"


@pytest.mark.parametrize("package", list(PACKAGES))
def test_task_list_names_the_tasks_of_the_manifest(package: str) -> None:
    # The manifest comparison regenerates from dev/task_list.py: it must describe
    # the same tasks, with the same executables, as the shipped manifest.
    manifest = shipped_manifest(package)
    task_list = importlib.import_module(f"{package}.{TASK_LIST_PATH}").TASK_LIST
    from_task_list = [
        (task.name, task.executable_non_parallel, task.executable_parallel)
        for task in task_list
    ]
    from_manifest = [
        (
            task["name"],
            task.get("executable_non_parallel"),
            task.get("executable_parallel"),
        )
        for task in manifest["task_list"]
    ]
    assert from_task_list == from_manifest
