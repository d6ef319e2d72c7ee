"""Run converter tasks the way Fractal's local runner does, without a server.

Each task part runs as `<python> <package>/<executable> --args-json A --out-json O`
(fractal-task-tools' `run_fractal_task` command line) with real JSON files. Args are
checked against the manifest's JSON schemas (jsonschema); outputs are parsed with
fractal-server's `InitTaskOutput` / `TaskOutput` when fractal-server is importable,
otherwise with the local equivalents below (same fields, extra keys forbidden).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
from pydantic import BaseModel, ConfigDict, Field


class LocalInitArgsItem(BaseModel):
    """One parallelization item, as fractal-server accepts it."""

    model_config = ConfigDict(extra="forbid")

    zarr_url: str
    init_args: dict[str, Any] = Field(default_factory=dict)


class LocalInitTaskOutput(BaseModel):
    """Local equivalent of fractal-server's `InitTaskOutput`."""

    model_config = ConfigDict(extra="forbid")

    parallelization_list: list[LocalInitArgsItem] = Field(default_factory=list)


class LocalImageUpdate(BaseModel):
    """One image-list entry, as fractal-server accepts it."""

    model_config = ConfigDict(extra="forbid")

    zarr_url: str
    origin: str | None = None
    attributes: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    types: dict[str, bool] = Field(default_factory=dict)


class LocalTaskOutput(BaseModel):
    """Local equivalent of fractal-server's `TaskOutput`."""

    model_config = ConfigDict(extra="forbid")

    image_list_updates: list[LocalImageUpdate] = Field(default_factory=list)
    image_list_removals: list[str] = Field(default_factory=list)


def output_models() -> tuple[type[BaseModel], type[BaseModel]]:
    """Return fractal-server's output models, or the local equivalents."""
    try:
        from fractal_server.runner.v2.task_interface import (  # type: ignore
            InitTaskOutput,
            TaskOutput,
        )
    except ImportError:
        return LocalInitTaskOutput, LocalTaskOutput
    return InitTaskOutput, TaskOutput


def check_args(schema: dict[str, Any], args: dict[str, Any], what: str) -> None:
    """Validate task arguments against a manifest schema (raises on mismatch)."""
    try:
        jsonschema.validate(instance=args, schema=schema)
    except jsonschema.ValidationError as err:
        raise AssertionError(
            f"{what} args do not match the manifest schema: {err.message} "
            f"(at {list(err.absolute_path)})"
        ) from None


def call_task(
    script: Path, args: dict[str, Any], workdir: Path, tag: str, env: dict[str, str]
) -> Any:
    """Run one task executable with --args-json/--out-json and return its output."""
    args_path = workdir / f"{tag}-args.json"
    out_path = workdir / f"{tag}-out.json"
    args_path.write_text(json.dumps(args))
    proc = subprocess.run(
        [
            sys.executable,
            str(script),
            *("--args-json", str(args_path)),
            *("--out-json", str(out_path)),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise AssertionError(f"{tag} failed ({proc.returncode}):\n{proc.stderr}")
    if not out_path.exists():
        return None
    return json.loads(out_path.read_text())


def run_converter_task(
    *,
    manifest_path: Path,
    task_name: str,
    zarr_dir: Path,
    init_args: dict[str, Any],
    workdir: Path,
    env: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Run a converter compound task (init then every compute part).

    Returns:
        The image list the server would build (zarr_url, types, attributes).
    """
    manifest = json.loads(manifest_path.read_text())
    package_root = manifest_path.parent
    task = next(t for t in manifest["task_list"] if t["name"] == task_name)
    assert task["type"] == "converter_compound"
    init_model, out_model = output_models()
    run_env = {**os.environ, **(env or {})}
    workdir.mkdir(parents=True, exist_ok=True)
    zarr_dir_str = os.path.normpath(str(zarr_dir))

    np_args = {"zarr_dir": zarr_dir_str, **init_args}
    check_args(task["args_schema_non_parallel"], np_args, "init")
    init_out = call_task(
        package_root / task["executable_non_parallel"],
        np_args,
        workdir,
        "init",
        run_env,
    )
    items = [
        item.model_dump()
        for item in init_model(**(init_out or {})).parallelization_list
    ]
    images: dict[str, dict[str, Any]] = {}
    for index, item in enumerate(items):
        p_args = {"zarr_url": item["zarr_url"], "init_args": item["init_args"]}
        check_args(task["args_schema_parallel"], p_args, "compute")
        out = call_task(
            package_root / task["executable_parallel"],
            p_args,
            workdir,
            f"compute-{index}",
            run_env,
        )
        parsed = out_model(**(out or {}))
        for update in parsed.image_list_updates:
            url = os.path.normpath(update.zarr_url)
            assert url.startswith(zarr_dir_str + "/"), (url, zarr_dir_str)
            assert url not in images, f"{url} reported twice"
            types = {**update.types, **task.get("output_types", {})}
            images[url] = {
                "zarr_url": url,
                "types": types,
                "attributes": dict(update.attributes),
            }
    return list(images.values())
