"""Drive a running fractal-server over REST and check what a converter job produced.

Used by `.ci/fractal_e2e.sh`; runs with the task environment's Python (it needs
`zarr` and `numpy` for the output checks, everything else is the standard
library). Sub-commands:

* `wait-alive`: poll `GET /api/alive/` until the server answers.
* `register`: register a task package installed in an existing virtualenv
  ("custom" collection, `POST /api/v2/task/collect/custom/`).
* `run`: create a project, a dataset and a one-task workflow, submit a job,
  wait for it, then check the dataset's image list and the written OME-Zarr
  against an expectation file; optionally rerun the same init/compute pair in
  this process (`exec_compound_task`) and compare every array byte for byte.

Every check is appended as one JSON line (`{"name", "ok", "detail"}`) to the
file given with `--checks`; the shell script counts them for its closing
"N passed, N failed" line. The exit status is 1 when any check of the call
failed.

Expectation file (JSON, all keys optional):

```
{"n_images": 2,
 "images": {"<path below zarr_dir>": {"types": {...}, "attributes": {...}}},
 "plates": {"<plate>.zarr": {"wells": ["A/01"], "ngff_version": "0.4",
                             "acquisitions": [0]}},
 "arrays": {"<path below zarr_dir>/0": {"shape": [...], "dtype": "uint16"}},
 "absent": ["_tmp_json"],
 "compare_local": true}
```
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

JsonDict = dict[str, Any]


def log(message: str) -> None:
    """Progress line on stderr (stdout is kept for the JSON result)."""
    stamp = time.strftime("%H:%M:%S")
    print(f"[driver {stamp}] {message}", file=sys.stderr, flush=True)


class CheckRecorder:
    """Collect named pass/fail checks and append them to a JSON-lines file."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.passed = 0
        self.failed = 0

    def record(self, name: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        mark = "PASS" if ok else "FAIL"
        log(f"{mark} {name}{': ' + detail if detail else ''}")
        if self.path:
            with open(self.path, "a", encoding="utf-8") as handle:
                line = {"name": name, "ok": ok, "detail": detail}
                handle.write(json.dumps(line) + "\n")
        return ok

    def equal(self, name: str, actual: Any, expected: Any) -> bool:
        ok = actual == expected
        detail = "" if ok else f"expected {expected!r}, got {actual!r}"
        return self.record(name, ok, detail)


class ApiError(RuntimeError):
    """An HTTP call to fractal-server answered with an unexpected status."""


class FractalApi:
    """Minimal fractal-server v2 REST client (bearer token, JSON bodies)."""

    def __init__(self, base_url: str, *, timeout: float = 120.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.token: str | None = None

    def call(
        self,
        method: str,
        path: str,
        *,
        payload: Any = None,
        form: dict[str, str] | None = None,
    ) -> Any:
        headers: dict[str, str] = {}
        data: bytes | None = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif payload is not None:
            data = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(
            self.base_url + path, data=data, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as err:
            body = err.read().decode(errors="replace")[:4000]
            raise ApiError(f"{method} {path} -> HTTP {err.code}: {body}") from err
        return json.loads(raw) if raw else None

    def login(self, email: str, password: str) -> None:
        answer = self.call(
            "POST",
            "/auth/token/login/",
            form={"username": email, "password": password},
        )
        self.token = answer["access_token"]

    def alive(self) -> JsonDict:
        return self.call("GET", "/api/alive/")

    def wftask_takes_list(self) -> bool:
        """Whether `POST .../wftask/` takes a list (changed after 2.18)."""
        spec = self.call("GET", "/openapi.json")
        route = "/api/v2/project/{project_id}/workflow/{workflow_id}/wftask/"
        body = spec["paths"][route]["post"]["requestBody"]
        return body["content"]["application/json"]["schema"].get("type") == "array"


def api_from_args(args: argparse.Namespace) -> FractalApi:
    api = FractalApi(args.url)
    api.login(args.email, args.password)
    return api


# --------------------------------------------------------------------------- wait


def cmd_wait_alive(args: argparse.Namespace, checks: CheckRecorder) -> int:
    api = FractalApi(args.url, timeout=2.0)
    deadline = time.monotonic() + args.timeout
    last_error = ""
    while time.monotonic() < deadline:
        try:
            answer = api.alive()
        except (OSError, ApiError) as err:
            last_error = str(err)
            time.sleep(0.3)
            continue
        ok = bool(answer.get("alive"))
        checks.record("server answers /api/alive/", ok, json.dumps(answer))
        return 0 if ok else 1
    checks.record(
        "server answers /api/alive/",
        False,
        f"no answer within {args.timeout} s: {last_error}",
    )
    return 1


# ----------------------------------------------------------------------- register


def cmd_register(args: argparse.Namespace, checks: CheckRecorder) -> int:
    api = api_from_args(args)
    manifest = json.loads(Path(args.manifest).read_text(encoding="utf-8"))
    payload = {
        "manifest": manifest,
        "python_interpreter": args.python,
        "label": args.label,
        "version": args.version,
        "package_name": args.package_name,
    }
    try:
        tasks = api.call("POST", "/api/v2/task/collect/custom/", payload=payload)
    except ApiError as err:
        checks.record("task package registered (custom collection)", False, str(err))
        return 1
    names = sorted(task["name"] for task in tasks)
    expected = sorted(task["name"] for task in manifest["task_list"])
    ok = checks.equal("registered tasks match the manifest", names, expected)
    print(json.dumps([{"id": t["id"], "name": t["name"]} for t in tasks], indent=1))
    return 0 if ok else 1


# ---------------------------------------------------------------------------- run


def _find_task(api: FractalApi, task_name: str, version: str | None) -> JsonDict:
    groups = api.call("GET", "/api/v2/task-group/")
    flat: list[JsonDict] = []
    for group in groups:
        # 2.18 lists groups; later releases list [pkg_name, [groups]] pairs.
        flat.extend([group] if isinstance(group, dict) else group[1])
    hits = [
        task
        for group in flat
        if version is None or group.get("version") == version
        for task in group.get("task_list", [])
        if task["name"] == task_name
    ]
    if not hits:
        found = [(g["pkg_name"], g.get("version")) for g in flat]
        raise ApiError(f"task {task_name!r} not found among task groups {found}")
    return api.call("GET", f"/api/v2/task/{hits[-1]['id']}/")


def _submit_and_wait(
    api: FractalApi, args: argparse.Namespace, checks: CheckRecorder
) -> tuple[JsonDict, JsonDict, int]:
    """Create project/dataset/workflow, submit, wait; return job, dataset, pid."""
    task = _find_task(api, args.task_name, args.pkg_version)
    stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    project = api.call("POST", "/api/v2/project/", payload={"name": f"e2e-{stamp}"})
    pid = project["id"]
    dataset = api.call(
        "POST",
        f"/api/v2/project/{pid}/dataset/",
        payload={
            "name": "e2e-dataset",
            "project_dir": args.project_dir,
            "zarr_subfolder": args.zarr_subfolder,
        },
    )
    workflow = api.call(
        "POST", f"/api/v2/project/{pid}/workflow/", payload={"name": "e2e-workflow"}
    )
    wftask: JsonDict = {"args_non_parallel": _load_json(args.args_non_parallel)}
    if args.args_parallel:
        wftask["args_parallel"] = _load_json(args.args_parallel)
    route = f"/api/v2/project/{pid}/workflow/{workflow['id']}/wftask/"
    if api.wftask_takes_list():
        api.call("POST", route, payload=[{"task_id": task["id"], **wftask}])
    else:
        api.call("POST", f"{route}?task_id={task['id']}", payload=wftask)
    start = time.monotonic()
    job = api.call(
        "POST",
        f"/api/v2/project/{pid}/job/submit/"
        f"?workflow_id={workflow['id']}&dataset_id={dataset['id']}",
        payload={},
    )
    log(f"job {job['id']} submitted (dataset zarr_dir {dataset['zarr_dir']})")
    while job["status"] == "submitted":
        if time.monotonic() - start > args.timeout:
            checks.record("job finished", False, f"still running after {args.timeout}s")
            return job, dataset, pid
        time.sleep(0.5)
        job = api.call("GET", f"/api/v2/project/{pid}/job/{job['id']}/")
    elapsed = time.monotonic() - start
    ok = checks.equal("job status", job["status"], "done")
    log(f"job {job['id']} {job['status']} after {elapsed:.1f} s")
    if not ok:
        print(job.get("log") or "(no job log)", file=sys.stderr)
    return job, dataset, pid


def _load_json(path: str) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def check_image_list(
    images: list[JsonDict],
    *,
    zarr_dir: str,
    expect: JsonDict,
    checks: CheckRecorder,
) -> None:
    """Compare the dataset image list with the expectation."""
    if "n_images" in expect:
        checks.equal("number of images in the dataset", len(images), expect["n_images"])
    prefix = zarr_dir.rstrip("/") + "/"
    outside = [
        img["zarr_url"] for img in images if not img["zarr_url"].startswith(prefix)
    ]
    checks.record(
        "every zarr_url lies inside the dataset zarr_dir",
        not outside,
        f"outside {zarr_dir}: {outside}" if outside else "",
    )
    by_path = {img["zarr_url"][len(prefix) :]: img for img in images}
    for path, wanted in sorted(expect.get("images", {}).items()):
        image = by_path.get(path)
        if image is None:
            checks.record(f"image {path} listed", False, f"listed: {sorted(by_path)}")
            continue
        if "types" in wanted:
            checks.equal(f"types of {path}", image.get("types"), wanted["types"])
        if "attributes" in wanted:
            checks.equal(
                f"attributes of {path}", image.get("attributes"), wanted["attributes"]
            )


def _ome_attrs(group: Any) -> tuple[JsonDict, str]:
    """OME metadata of a zarr group and its NGFF version (0.4 flat, 0.5 `ome`)."""
    attrs = dict(group.attrs)
    if "ome" in attrs:
        ome = dict(attrs["ome"])
        return ome, str(ome.get("version", "0.5"))
    version = ""
    for key in ("plate", "well"):
        if key in attrs:
            version = str(attrs[key].get("version", ""))
    if "multiscales" in attrs:
        version = str(attrs["multiscales"][0].get("version", version))
    return attrs, version


def check_written_output(
    *,
    zarr_dir: str,
    image_paths: list[str],
    expect: JsonDict,
    checks: CheckRecorder,
) -> None:
    """Read plates, wells, images and arrays back with zarr and check them."""
    import numpy as np
    import zarr

    for plate_name, wanted in sorted(expect.get("plates", {}).items()):
        plate_path = os.path.join(zarr_dir, plate_name)
        try:
            group = zarr.open_group(plate_path, mode="r")
        except Exception as err:  # any zarr failure is a failed check
            checks.record(f"plate {plate_name} opens with zarr", False, repr(err))
            continue
        meta, version = _ome_attrs(group)
        plate = meta.get("plate", {})
        if "ngff_version" in wanted:
            checks.equal(
                f"NGFF version of {plate_name}", version, wanted["ngff_version"]
            )
        wells = sorted(well["path"] for well in plate.get("wells", []))
        if "wells" in wanted:
            checks.equal(f"wells of {plate_name}", wells, sorted(wanted["wells"]))
        if "acquisitions" in wanted:
            ids = sorted(acq["id"] for acq in plate.get("acquisitions", []))
            checks.equal(f"acquisitions of {plate_name}", ids, wanted["acquisitions"])
        listed = {
            f"{plate_name}/{well}/{image['path']}"
            for well in wells
            for image in _ome_attrs(group[well])[0].get("well", {}).get("images", [])
        }
        in_plate = {p for p in image_paths if p.startswith(f"{plate_name}/")}
        checks.equal(
            f"images listed in the wells of {plate_name} = dataset images",
            sorted(listed),
            sorted(in_plate),
        )

    for path in image_paths:
        try:
            image = zarr.open_group(os.path.join(zarr_dir, path), mode="r")
            meta, _ = _ome_attrs(image)
            datasets = [d["path"] for d in meta["multiscales"][0]["datasets"]]
            level0 = image[datasets[0]]
            data = np.asarray(level0[...])
        except Exception as err:  # any read failure is a failed check
            checks.record(f"image {path} reads back", False, repr(err))
            continue
        checks.record(
            f"image {path} reads back",
            data.size > 0 and bool(np.any(data)),
            f"{len(datasets)} level(s), level 0 {level0.shape} {level0.dtype}, "
            f"sum {int(data.sum())}",
        )
    for path in expect.get("absent", []):
        checks.record(
            f"{path} does not exist after the job (hand-off files consumed)",
            not os.path.exists(os.path.join(zarr_dir, path)),
        )
    for path, wanted in sorted(expect.get("arrays", {}).items()):
        try:
            array = zarr.open_array(os.path.join(zarr_dir, path), mode="r")
        except Exception as err:  # any read failure is a failed check
            checks.record(f"array {path} opens", False, repr(err))
            continue
        if "shape" in wanted:
            checks.equal(f"shape of {path}", list(array.shape), wanted["shape"])
        if "dtype" in wanted:
            checks.equal(f"dtype of {path}", str(array.dtype), wanted["dtype"])


def _task_function(package: str, executable: str) -> Callable[..., Any]:
    """Import the function a manifest executable runs (`<stem>` in `<stem>.py`)."""
    module_path = executable.removesuffix(".py").replace("/", ".")
    module = importlib.import_module(f"{package}.{module_path}")
    return getattr(module, module_path.rsplit(".", 1)[-1])


def _relative_updates(
    updates: list[JsonDict], zarr_dir: str
) -> dict[str, dict[str, Any]]:
    """Key image-list entries by their path below `zarr_dir`.

    Accepts Fractal image-list items and compute-task returns (one
    `{"image_list_updates": [...]}` per job) alike.
    """
    flat: list[JsonDict] = []
    for update in updates:
        flat.extend(update.get("image_list_updates", [update]))
    prefix = zarr_dir.rstrip("/") + "/"
    return {
        entry["zarr_url"].removeprefix(prefix): {
            "types": dict(entry.get("types", {})),
            "attributes": dict(entry.get("attributes", {})),
        }
        for entry in flat
    }


def compare_with_local_run(
    *,
    manifest: JsonDict,
    fractal_images: list[JsonDict],
    task_name: str,
    package: str,
    init_args: JsonDict,
    parallel_args: JsonDict,
    fractal_zarr_dir: str,
    local_zarr_dir: str,
    checks: CheckRecorder,
) -> None:
    """Run the same task pair with `exec_compound_task` and diff all arrays."""
    import numpy as np
    import zarr

    from ome_zarr_converters_tools import exec_compound_task

    task = next(t for t in manifest["task_list"] if t["name"] == task_name)
    init_fn = _task_function(package, task["executable_non_parallel"])
    compute_fn = _task_function(package, task["executable_parallel"])
    try:
        updates = exec_compound_task(
            init_fn,
            compute_fn,
            {**init_args, "zarr_dir": local_zarr_dir},
            parallel_args or None,
        )
    except Exception:  # the local run failing is a failed check
        checks.record("local exec_compound_task run", False, traceback.format_exc())
        return
    checks.record("local exec_compound_task run", True, f"{len(updates)} update(s)")
    local_list = _relative_updates(updates, local_zarr_dir)
    fractal_list = _relative_updates(fractal_images, fractal_zarr_dir)
    # Fractal merges the manifest's output_types into `types`; the rest must agree.
    output_types = task.get("output_types", {})
    for entry in local_list.values():
        entry["types"] = {**output_types, **entry["types"]}
    checks.equal(
        "Fractal image list = local compute updates (paths, types, attributes)",
        fractal_list,
        local_list,
    )
    differences: list[str] = []
    arrays_compared = 0
    local_root = Path(local_zarr_dir)
    for marker in sorted(local_root.rglob("*")):
        if marker.name not in (".zarray", "zarr.json"):
            continue
        relative = marker.parent.relative_to(local_root).as_posix()
        if marker.name == "zarr.json":
            node = json.loads(marker.read_text(encoding="utf-8"))
            if node.get("node_type") != "array":
                continue
        local = zarr.open_array(str(marker.parent), mode="r")
        try:
            remote = zarr.open_array(os.path.join(fractal_zarr_dir, relative), mode="r")
        except Exception as err:  # missing on the Fractal side
            differences.append(f"{relative}: missing in the Fractal output ({err!r})")
            continue
        arrays_compared += 1
        if local.shape != remote.shape or local.dtype != remote.dtype:
            differences.append(
                f"{relative}: local {local.shape} {local.dtype}, "
                f"fractal {remote.shape} {remote.dtype}"
            )
        elif not np.array_equal(np.asarray(local[...]), np.asarray(remote[...])):
            differences.append(f"{relative}: pixel values differ")
    checks.record(
        "Fractal output = local exec_compound_task output (every array)",
        arrays_compared > 0 and not differences,
        f"{arrays_compared} array(s) compared; " + "; ".join(differences[:10]),
    )


def cmd_run(args: argparse.Namespace, checks: CheckRecorder) -> int:
    failed_before = checks.failed
    api = api_from_args(args)
    expect = _load_json(args.expect) if args.expect else {}
    job, dataset, pid = _submit_and_wait(api, args, checks)
    zarr_dir = dataset["zarr_dir"]
    page = api.call(
        "POST",
        f"/api/v2/project/{pid}/dataset/{dataset['id']}/images/query/?page_size=1000",
        payload={},
    )
    images = page.get("items", [])
    result = {
        "job_id": job["id"],
        "job_status": job["status"],
        "zarr_dir": zarr_dir,
        "total_images": page.get("total_count"),
        "types": page.get("types"),
        "attributes": page.get("attributes"),
        "images": images,
    }
    print(json.dumps(result, indent=1))
    if job["status"] == "done":
        check_image_list(images, zarr_dir=zarr_dir, expect=expect, checks=checks)
        prefix = zarr_dir.rstrip("/") + "/"
        paths = sorted(img["zarr_url"][len(prefix) :] for img in images)
        check_written_output(
            zarr_dir=zarr_dir, image_paths=paths, expect=expect, checks=checks
        )
        if args.compare_local and expect.get("compare_local", True):
            compare_with_local_run(
                manifest=_load_json(args.manifest),
                fractal_images=images,
                task_name=args.task_name,
                package=args.package_name,
                init_args=_load_json(args.args_non_parallel),
                parallel_args=(
                    _load_json(args.args_parallel) if args.args_parallel else {}
                ),
                fractal_zarr_dir=zarr_dir,
                local_zarr_dir=args.compare_local,
                checks=checks,
            )
    return 1 if checks.failed > failed_before else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default=os.environ.get("FRACTAL_URL", ""))
    parser.add_argument("--email", default=os.environ.get("FRACTAL_EMAIL", ""))
    parser.add_argument("--password", default=os.environ.get("FRACTAL_PASSWORD", ""))
    parser.add_argument("--checks", default=None, help="JSON-lines file of checks")
    sub = parser.add_subparsers(dest="command", required=True)

    wait = sub.add_parser("wait-alive")
    wait.add_argument("--timeout", type=float, default=90.0)

    register = sub.add_parser("register")
    register.add_argument("--manifest", required=True)
    register.add_argument("--python", required=True)
    register.add_argument("--package-name", required=True)
    register.add_argument("--label", required=True)
    register.add_argument("--version", required=True)

    run = sub.add_parser("run")
    run.add_argument("--task-name", required=True)
    run.add_argument("--pkg-version", default=None)
    run.add_argument("--package-name", required=True)
    run.add_argument("--manifest", required=True)
    run.add_argument("--args-non-parallel", required=True)
    run.add_argument("--args-parallel", default=None)
    run.add_argument("--project-dir", required=True)
    run.add_argument("--zarr-subfolder", default="zarr")
    run.add_argument("--expect", default=None)
    run.add_argument("--compare-local", default=None, help="local zarr_dir")
    run.add_argument("--timeout", type=float, default=600.0)
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace, CheckRecorder], int]] = {
    "wait-alive": cmd_wait_alive,
    "register": cmd_register,
    "run": cmd_run,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    checks = CheckRecorder(args.checks)
    try:
        return COMMANDS[args.command](args, checks)
    except (ApiError, OSError, KeyError, ValueError) as err:
        checks.record(f"driver {args.command}", False, f"{type(err).__name__}: {err}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
