"""Tests of the Fractal end-to-end driver without a real fractal-server.

The REST client talks to a tiny local HTTP server; the output checks read small
plates written here with zarr. The real server run is `.ci/fractal_e2e.sh`.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import zarr


def load_driver() -> ModuleType:
    path = Path(__file__).with_name("fractal_server_driver.py")
    spec = importlib.util.spec_from_file_location("fractal_server_driver", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


driver = load_driver()


def read_checks(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


# ------------------------------------------------------------------ checks


def test_recorder_counts_and_appends(tmp_path: Path) -> None:
    path = tmp_path / "checks.jsonl"
    checks = driver.CheckRecorder(str(path))
    assert checks.equal("same", 1, 1)
    assert not checks.equal("different", [1], [2])
    assert (checks.passed, checks.failed) == (1, 1)
    lines = read_checks(path)
    assert [(c["name"], c["ok"]) for c in lines] == [
        ("same", True),
        ("different", False),
    ]
    assert lines[1]["detail"] == "expected [2], got [1]"


IMAGES = [
    {
        "zarr_url": "/data/zarr/P.zarr/A/01/0",
        "types": {"is_3D": True},
        "attributes": {"plate": "P.zarr", "well": "A01", "acquisition": 0},
    }
]


def test_image_list_matches_expectation() -> None:
    checks = driver.CheckRecorder(None)
    expect = {
        "n_images": 1,
        "images": {
            "P.zarr/A/01/0": {
                "types": {"is_3D": True},
                "attributes": {"plate": "P.zarr", "well": "A01", "acquisition": 0},
            }
        },
    }
    driver.check_image_list(IMAGES, zarr_dir="/data/zarr", expect=expect, checks=checks)
    assert (checks.passed, checks.failed) == (4, 0)


@pytest.mark.parametrize(
    ("zarr_dir", "expect"),
    [
        ("/elsewhere", {}),  # zarr_url outside zarr_dir
        ("/data/zarr", {"n_images": 2}),
        ("/data/zarr", {"images": {"P.zarr/B/01/0": {}}}),  # not listed
        ("/data/zarr", {"images": {"P.zarr/A/01/0": {"types": {"is_3D": False}}}}),
        ("/data/zarr", {"images": {"P.zarr/A/01/0": {"attributes": {}}}}),
    ],
)
def test_image_list_mismatches_fail(zarr_dir: str, expect: dict[str, Any]) -> None:
    checks = driver.CheckRecorder(None)
    driver.check_image_list(IMAGES, zarr_dir=zarr_dir, expect=expect, checks=checks)
    assert checks.failed == 1


def write_plate(root: Path, *, version: str) -> None:
    """A one-well plate with one 2-level image, NGFF 0.4 (v2) or 0.5 (v3)."""
    zarr_format = 2 if version == "0.4" else 3
    plate = {
        "acquisitions": [{"id": 0, "name": "0"}],
        "wells": [{"path": "A/01", "rowIndex": 0, "columnIndex": 0}],
        "version": version,
    }
    well = {"images": [{"path": "0", "acquisition": 0}], "version": version}
    multiscales = [{"datasets": [{"path": "0"}, {"path": "1"}], "axes": []}]

    def attrs(**meta: Any) -> dict[str, Any]:
        if version == "0.4":
            return meta
        return {"ome": {"version": version, **meta}}

    group = zarr.open_group(root / "P.zarr", mode="w", zarr_format=zarr_format)
    group.attrs.update(attrs(plate=plate))
    group.create_group("A").create_group("01").attrs.update(attrs(well=well))
    image = group["A/01"].create_group("0")
    image.attrs.update(attrs(multiscales=multiscales))
    level0 = image.create_array("0", shape=(4, 6), dtype="uint16")
    level0[...] = np.arange(24, dtype="uint16").reshape(4, 6)
    image.create_array("1", shape=(2, 3), dtype="uint16")


@pytest.mark.parametrize("version", ["0.4", "0.5"])
def test_written_plate_passes(tmp_path: Path, version: str) -> None:
    write_plate(tmp_path, version=version)
    checks = driver.CheckRecorder(None)
    expect = {
        "plates": {
            "P.zarr": {"wells": ["A/01"], "ngff_version": version, "acquisitions": [0]}
        },
        "arrays": {"P.zarr/A/01/0/0": {"shape": [4, 6], "dtype": "uint16"}},
        "absent": ["_tmp_json"],
    }
    driver.check_written_output(
        zarr_dir=str(tmp_path),
        image_paths=["P.zarr/A/01/0"],
        expect=expect,
        checks=checks,
    )
    assert (checks.passed, checks.failed) == (8, 0)


def test_written_plate_problems_fail(tmp_path: Path) -> None:
    write_plate(tmp_path, version="0.4")
    (tmp_path / "_tmp_json").mkdir()
    checks = driver.CheckRecorder(None)
    expect = {
        "plates": {"P.zarr": {"wells": ["A/01", "A/02"]}, "Q.zarr": {}},
        "arrays": {"P.zarr/A/01/0/0": {"dtype": "uint8"}},
        "absent": ["_tmp_json"],
    }
    driver.check_written_output(
        zarr_dir=str(tmp_path),
        image_paths=["P.zarr/A/01/0", "P.zarr/A/02/0"],
        expect=expect,
        checks=checks,
    )
    # wrong wells, image list != wells, missing plate Q, unreadable A/02,
    # wrong dtype, leftover _tmp_json
    assert checks.failed == 6


def test_all_zero_image_fails(tmp_path: Path) -> None:
    write_plate(tmp_path, version="0.4")
    zarr.open_array(tmp_path / "P.zarr/A/01/0/0", mode="r+")[...] = 0
    checks = driver.CheckRecorder(None)
    driver.check_written_output(
        zarr_dir=str(tmp_path), image_paths=["P.zarr/A/01/0"], expect={}, checks=checks
    )
    assert checks.failed == 1


# --------------------------------------------------------------- REST client


class FakeFractal(BaseHTTPRequestHandler):
    """Answers the few routes the client uses; everything else is a 404."""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean

    def reply(self, status: int, body: Any) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self) -> None:
        if self.path == "/api/alive/":
            self.reply(200, {"alive": True, "version": "fake"})
        elif self.path == "/openapi.json":
            route = "/api/v2/project/{project_id}/workflow/{workflow_id}/wftask/"
            schema = {"type": "object"}
            content = {"application/json": {"schema": schema}}
            body = {"paths": {route: {"post": {"requestBody": {"content": content}}}}}
            self.reply(200, body)
        else:
            self.reply(404, {"detail": "Not Found"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode()
        if self.path == "/auth/token/login/":
            ok = "username=admin%40example.org" in body and "password=pw" in body
            self.reply(200 if ok else 400, {"access_token": "tok"} if ok else {})
        elif self.path == "/api/v2/task/collect/custom/":
            if self.headers.get("Authorization") != "Bearer tok":
                self.reply(401, {"detail": "Unauthorized"})
                return
            manifest = json.loads(body)["manifest"]
            tasks = [
                {"id": i, "name": t["name"]}
                for i, t in enumerate(manifest["task_list"])
            ]
            self.reply(201, tasks)
        else:
            self.reply(422, {"detail": "bad request"})


@pytest.fixture
def fake_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeFractal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_client_login_and_routes(fake_url: str) -> None:
    api = driver.FractalApi(fake_url)
    api.login("admin@example.org", "pw")
    assert api.token == "tok"
    assert api.alive() == {"alive": True, "version": "fake"}
    assert api.wftask_takes_list() is False
    with pytest.raises(driver.ApiError, match=r"HTTP 422: .*bad request"):
        api.call("POST", "/api/v2/project/", payload={"name": "x"})


def test_wait_alive_and_register_commands(fake_url: str, tmp_path: Path) -> None:
    checks_file = tmp_path / "checks.jsonl"
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"task_list": [{"name": "Convert"}]}))
    common = ["--url", fake_url, "--checks", str(checks_file)]
    login = ["--email", "admin@example.org", "--password", "pw"]
    assert driver.main([*common, "wait-alive", "--timeout", "5"]) == 0
    register = [
        "register",
        "--manifest",
        str(manifest),
        "--python",
        "/usr/bin/python3",
        "--package-name",
        "pkg",
        "--label",
        "pkg",
        "--version",
        "1.0",
    ]
    assert driver.main([*common, *login, *register]) == 0
    # a wrong password is a failed check, not a crash
    bad = ["--email", "admin@example.org", "--password", "wrong"]
    assert driver.main([*common, *bad, *register]) == 1
    assert [c["ok"] for c in read_checks(checks_file)] == [True, True, False]


def test_wait_alive_gives_up(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    checks_file = tmp_path / "checks.jsonl"
    argv = ["--url", f"http://127.0.0.1:{port}", "--checks", str(checks_file)]
    assert driver.main([*argv, "wait-alive", "--timeout", "0.5"]) == 1
    assert read_checks(checks_file)[0]["ok"] is False


# ------------------------------------------------------- local re-run compare

FAKE_INIT = """
def fake_init(*, zarr_dir, value):
    return {"parallelization_list": [
        {"zarr_url": f"{zarr_dir}/P.zarr/A/01/0", "init_args": {"value": value}}
    ]}
"""

FAKE_COMPUTE = """
import numpy as np
import zarr

def fake_compute(*, zarr_url, init_args):
    array = zarr.open_array(f"{zarr_url}/0", mode="w", shape=(3,), dtype="uint8")
    array[...] = np.full(3, init_args["value"], dtype="uint8")
    return {"image_list_updates": [
        {"zarr_url": zarr_url, "types": {"is_3D": False},
         "attributes": {"value": init_args["value"]}}
    ]}
"""


@pytest.fixture
def fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    package = tmp_path / "src" / "e2e_fake_converter"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "fake_init.py").write_text(FAKE_INIT)
    (package / "fake_compute.py").write_text(FAKE_COMPUTE)
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    return {
        "task_list": [
            {
                "name": "Fake",
                "executable_non_parallel": "fake_init.py",
                "executable_parallel": "fake_compute.py",
                "output_types": {"is_fake": True},
            }
        ]
    }


def fractal_side(zarr_dir: Path, value: int) -> list[dict[str, Any]]:
    """What the Fractal job would have written and listed."""
    from e2e_fake_converter.fake_compute import fake_compute

    url = f"{zarr_dir}/P.zarr/A/01/0"
    fake_compute(zarr_url=url, init_args={"value": value})
    return [
        {
            "zarr_url": url,
            "types": {"is_fake": True, "is_3D": False},
            "attributes": {"value": value},
        }
    ]


@pytest.mark.parametrize(("fractal_value", "failed"), [(7, 0), (8, 2)])
def test_compare_with_local_run(
    tmp_path: Path, fake_package: dict[str, Any], fractal_value: int, failed: int
) -> None:
    fractal_dir = tmp_path / "fractal"
    images = fractal_side(fractal_dir, fractal_value)
    checks = driver.CheckRecorder(None)
    driver.compare_with_local_run(
        manifest=fake_package,
        fractal_images=images,
        task_name="Fake",
        package="e2e_fake_converter",
        init_args={"value": 7},
        parallel_args={},
        fractal_zarr_dir=str(fractal_dir),
        local_zarr_dir=str(tmp_path / "local"),
        checks=checks,
    )
    # with a different value both the image list and the pixels disagree
    assert (checks.passed, checks.failed) == (3 - failed, failed)
