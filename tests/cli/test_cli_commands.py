"""The command line, called as users call it: a subprocess per command.

Each subprocess pays the library import (about 2 s), so the work is grouped: one
conversion per NGFF version (module fixture), then inspect/validate on it; the
corrupted-plate and error cases reuse that output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "data" / "example_plate"
TABLE = EXAMPLE / "tiles.csv"
DETAILS = EXAMPLE / "acquisition_details.json"
SCRIPT = Path(sys.executable).parent / "ome-zarr-converters-tools"

# The exit codes documented in docs/cli.md and cli/__init__.py.
OK, INVALID, USAGE, USER_ERROR = 0, 1, 2, 3


def run(*args: str | Path, script: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the CLI (`python -m` or the console script) and capture its output."""
    command = (
        [str(SCRIPT)] if script else [sys.executable, "-m", "ome_zarr_converters_tools"]
    )
    env = {k: v for k, v in os.environ.items() if k != "OZCT_PROGRESS"}
    return subprocess.run(
        [*command, *(str(arg) for arg in args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def _convert(
    zarr_dir: Path, ngff: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    return run(
        "convert",
        TABLE,
        zarr_dir,
        "--acquisition-details",
        DETAILS,
        "--plate-name",
        "CliPlate",
        "--ngff-version",
        ngff,
        *extra,
    )


@pytest.fixture(scope="module")
def conversions(tmp_path_factory):
    """Convert the example plate once per NGFF version, on first use."""
    done: dict[str, tuple[str, Path, subprocess.CompletedProcess[str]]] = {}

    def get(ngff: str) -> tuple[str, Path, subprocess.CompletedProcess[str]]:
        if ngff not in done:
            zarr_dir = tmp_path_factory.mktemp(f"cli_{ngff}")
            # 0.4 in threads, 0.5 sequentially: both go through exec_compound_task.
            # Progress asked for without a terminal: log lines; off with -v: none.
            extra = (
                ("--runner", "threads", "--workers", "2", "--progress")
                if ngff == "0.4"
                else ("--no-progress", "-v")
            )
            result = _convert(zarr_dir, ngff, *extra)
            assert result.returncode == OK, result.stderr
            done[ngff] = (ngff, zarr_dir / "CliPlate.zarr", result)
        return done[ngff]

    return get


@pytest.fixture(params=["0.4", "0.5"])
def converted(request, conversions):
    return conversions(request.param)


def test_convert_prints_what_was_written_and_how_to_view_it(converted):
    ngff, plate, result = converted
    out = result.stdout
    assert f"Plate CliPlate.zarr at {plate} (NGFF {ngff}): 2 well(s), 2 image(s)" in out
    assert "shape (c=1, z=2, y=128, x=160) uint16" in out
    assert "channels: DAPI" in out
    assert "5 level(s): 0, 1, 2, 3, 4" in out
    assert "FOV_ROI_table" in out
    assert f"napari --plugin napari-ome-zarr {plate}" in out
    assert "ngio.open_ome_zarr_plate" in out
    assert (plate / "B" / "03" / "0").is_dir()


def test_progress_switch_of_convert(converted):
    ngff, _, result = converted
    if ngff == "0.4":  # --progress, threads, stderr is a pipe
        assert "cli_compute_task (Threaded): 2/2 done (100%)" in result.stderr
    else:  # --no-progress -v: the INFO logs, but no progress lines
        assert "Running 2 compute job(s) with the Synchronous runner" in result.stderr
        assert "done (" not in result.stderr


def test_inspect_json_describes_the_plate(converted):
    ngff, plate, _ = converted
    result = run("inspect", plate, "--json")
    assert result.returncode == OK, result.stderr
    info = json.loads(result.stdout)
    assert info["type"] == "plate"
    assert info["ngff_version"] == ngff
    assert [well["path"].rsplit("/", 2)[-2:] for well in info["wells"]] == [
        ["B", "03"],
        ["B", "04"],
    ]
    image = info["wells"][0]["images"][0]
    assert image["axes"] == ["c", "z", "y", "x"]
    assert image["shape"] == [1, 2, 128, 160]
    assert image["dtype"] == "uint16"
    assert image["pixel_sizes"] == {"z": 5.0, "y": 0.65, "x": 0.65}
    assert image["channels"] == ["DAPI"]
    assert image["levels"] == ["0", "1", "2", "3", "4"]
    assert "FOV_ROI_table" in image["tables"]


def test_validate_accepts_the_written_plate(converted):
    ngff, plate, _ = converted
    # The console script on 0.5, python -m on 0.4: both entry points are used.
    result = run("validate", plate, script=ngff == "0.5")
    assert result.returncode == OK, result.stderr
    assert f"Valid: {plate} is an NGFF {ngff} plate." in result.stdout


def test_validate_names_what_is_wrong_in_a_corrupted_copy(conversions, tmp_path):
    _, plate, _ = conversions("0.4")  # NGFF 0.4 metadata is plain .zattrs JSON
    broken = tmp_path / "Broken.zarr"
    shutil.copytree(plate, broken)
    well_attrs = broken / "B" / "04" / ".zattrs"
    attrs = json.loads(well_attrs.read_text())
    attrs["well"]["images"][0]["path"] = "0_FOV_1"  # not alphanumeric, and missing
    well_attrs.write_text(json.dumps(attrs))
    shutil.rmtree(broken / "B" / "03" / "0" / "2")  # a listed level is gone
    result = run("validate", broken)
    assert result.returncode == INVALID
    assert "Invalid:" in result.stderr
    assert "B/04: well.images.0.path: String should match pattern" in result.stderr
    assert "B/03/0: level '2' is listed but missing" in result.stderr


def test_convert_into_an_existing_plate_is_one_line_with_the_fix(conversions):
    ngff, plate, _ = conversions("0.5")
    result = _convert(plate.parent, ngff)
    assert result.returncode == USER_ERROR
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: A plate already exists")
    assert "--overwrite overwrite" in lines[0]
    assert "Traceback" not in result.stderr


def test_bad_table_is_a_user_error_and_debug_shows_the_traceback(tmp_path):
    table = tmp_path / "tiles.csv"
    table.write_text(
        "file_path,row,column,start_x,start_y,length_x,length_y\na.png,B,3,0,0,8,8\n"
    )
    result = run("--debug", "preview", table, tmp_path / "out.png", "--kind", "hcs")
    assert result.returncode == USER_ERROR
    assert "Traceback (most recent call last)" in result.stderr
    assert "lacks the required column(s) ['fov_name']" in result.stderr


def test_preview_draws_the_layout_and_errors_stay_one_line(tmp_path):
    from matplotlib.image import imread

    out = tmp_path / "layout.png"
    result = run("preview", TABLE, out, "--acquisition-details", DETAILS, "--mosaic")
    assert result.returncode == OK, result.stderr
    assert "2 panel(s)" in result.stdout
    pixels = imread(out)
    assert pixels.shape[0] > 200
    assert pixels.shape[1] > 400
    # Not blank: outlines, labels and the mosaic give many distinct colours.
    assert len({tuple(p) for p in pixels.reshape(-1, pixels.shape[-1])[::7]}) > 50

    missing = run("preview", TABLE, tmp_path / "x.png", "--kind", "single")
    assert missing.returncode == USER_ERROR
    lines = [line for line in missing.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, missing.stderr
    assert "image_path" in lines[0]
    assert "Traceback" not in missing.stderr


def test_usage_errors_exit_with_two():
    result = run("convert", "--no-such-option")
    assert result.returncode == USAGE
    assert "No such option" in result.stderr


def test_console_script_is_installed():
    assert SCRIPT.exists(), f"{SCRIPT} missing: reinstall with pip install -e ."


def test_single_images_table_with_options_in_processes(tmp_path):
    data = ROOT / "tests" / "data" / "hcs_plate_small"
    result = run(
        "convert",
        data / "single_tiles.csv",
        tmp_path,
        "--image-dir",
        data / "data",
        "--pixel-size",
        "0.65",
        "--z-spacing",
        "5",
        "--space",
        "start_z=pixel",
        "--space",
        "start_t=pixel",
        "--channel",
        "DAPI:405",
        "--runner",
        "processes",
        "--workers",
        "2",
        "--writer-mode",
        "in_memory",
        "--json",
    )
    assert result.returncode == OK, result.stderr
    summary = json.loads(result.stdout)
    (image,) = summary["written"]
    assert image["type"] == "image"
    assert image["path"] == str(tmp_path / "cardiomyocyte_scan.zarr")
    assert image["shape"] == [1, 1, 2, 216, 256]
    assert image["pixel_sizes"] == {"t": 1.0, "z": 5.0, "y": 0.65, "x": 0.65}
    assert image["channels"] == ["DAPI"]


def test_ngff_names_give_a_per_fov_plate_that_validates(tmp_path):
    options = tmp_path / "options.json"
    options.write_text(json.dumps({"tiling_strategy": {"mode": "No Tiling"}}))
    zarr_dir = tmp_path / "out"
    result = _convert(zarr_dir, "0.5", "--options", str(options), "--ngff-names")
    assert result.returncode == OK, result.stderr
    plate = zarr_dir / "CliPlate.zarr"
    images = sorted(
        p.name
        for well in plate.glob("*/*")
        if well.is_dir()
        for p in well.iterdir()
        if p.is_dir()
    )
    assert images, result.stdout
    assert all(name.isalnum() for name in images), images
    checked = run("validate", plate)
    assert checked.returncode == OK, checked.stdout + checked.stderr
