"""The example converter package, its manifest, data and scripts (examples/)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import tifffile
from _fractal_cli import run_converter_task
from PIL import Image

from _api_lines import ON_0_10, only_on_line, per_line

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
PACKAGE_SRC = EXAMPLES / "tiles_table_converter" / "src"
PACKAGE_DIR = PACKAGE_SRC / "tiles_table_converter"
MANIFEST = PACKAGE_DIR / "__FRACTAL_MANIFEST__.json"
DATA = EXAMPLES / "data" / "example_plate"
TASK_NAME = "Convert Tiles Table to OME-Zarr"
TILE_Y, TILE_X = 64, 80


def _env(package_src: Path = PACKAGE_SRC) -> dict[str, str]:
    """Subprocess environment with the example package importable."""
    paths = [str(package_src), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


def _manifest_cli(command: str, cwd: Path, env: dict[str, str]) -> None:
    """Run `fractal-manifest <command> --package tiles_table_converter`."""
    code = (
        "import sys\n"
        "from fractal_task_tools._cli import main\n"
        f"sys.argv = ['fractal-manifest', {command!r}, '--package', "
        "'tiles_table_converter']\n"
        "sys.exit(main())\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, (
        f"fractal-manifest {command} failed (the example manifest may be stale; "
        "regenerate it with `cd examples/tiles_table_converter && fractal-manifest "
        f"create --package tiles_table_converter`).\n{proc.stderr[-3000:]}"
    )


def _manifest_of_this_line(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The example's manifest as this build presents it, and the env to run it.

    The shipped manifest is generated with the 0.10 line (the default build).
    On the 1.x line the task forms are 1.1.1's, so the manifest is regenerated
    in a copy of the package, as the converter would ship it on that line.
    """
    if ON_0_10:
        return MANIFEST, _env()
    copy = tmp_path / "example_src"
    shutil.copytree(PACKAGE_SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    env = _env(copy)
    _manifest_cli("create", copy, env)
    return copy / "tiles_table_converter" / MANIFEST.name, env


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(
        f"example_script_{name}", EXAMPLES / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def example_package(monkeypatch):
    monkeypatch.syspath_prepend(str(PACKAGE_SRC))
    import tiles_table_converter

    return tiles_table_converter


def _read_tile(name: str) -> np.ndarray:
    path = DATA / name
    if path.suffix == ".tif":
        return tifffile.imread(path)
    return np.asarray(Image.open(path))


def _expected_well(well: str) -> np.ndarray:
    """The 2 x 2 mosaic of a well, per z plane, as Auto tiling snaps it."""
    table = pd.read_csv(DATA / "tiles.csv")
    rows = table[(table["row"] + table["column"].map("{:02d}".format)) == well]
    mosaic = np.zeros((1, 2, 2 * TILE_Y, 2 * TILE_X), dtype=np.uint16)
    cells = {"FOV_1": (0, 0), "FOV_2": (0, 1), "FOV_3": (1, 0), "FOV_4": (1, 1)}
    for _, row in rows.iterrows():
        gy, gx = cells[row["fov_name"]]
        mosaic[
            0,
            int(row["start_z"]),
            gy * TILE_Y : (gy + 1) * TILE_Y,
            gx * TILE_X : (gx + 1) * TILE_X,
        ] = _read_tile(row["file_path"])
    return mosaic


def _check_plate(zarr_dir: Path, plate_name: str, wells: dict[str, str]) -> None:
    import ngio

    plate = ngio.open_ome_zarr_plate(str(zarr_dir / f"{plate_name}.zarr"))
    assert sorted(plate.wells_paths()) == sorted(f"{w[0]}/{w[1:]}" for w in wells)
    for well in wells:
        container = plate.get_image(well[0], well[1:], "0")
        image = container.get_image()
        assert list(image.axes) == ["c", "z", "y", "x"]
        np.testing.assert_array_equal(
            image.get_array(mode="numpy"), _expected_well(well)
        )
        assert container.channel_labels == ["DAPI"]
        assert image.pixel_size.x == pytest.approx(0.65)


# --- bundled data -----------------------------------------------------------------


def test_example_data_is_small_and_reproducible(tmp_path):
    files = sorted(DATA.iterdir())
    assert sum(f.stat().st_size for f in files) < 500 * 1024
    generator = importlib.util.spec_from_file_location(
        "make_example_plate", EXAMPLES / "data" / "make_example_plate.py"
    )
    module = importlib.util.module_from_spec(generator)
    generator.loader.exec_module(module)
    module.main(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f.name for f in files]
    for name in ("tiles.csv", "acquisition_details.json"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes()
    for path in files:
        if path.suffix in (".png", ".tif"):
            fresh = (
                tifffile.imread(tmp_path / path.name)
                if path.suffix == ".tif"
                else np.asarray(Image.open(tmp_path / path.name))
            )
            np.testing.assert_array_equal(fresh, _read_tile(path.name))


# --- manifest ---------------------------------------------------------------------


@pytest.mark.slow  # a fresh interpreter imports the library and builds the schemas
@only_on_line("0.10", "the shipped example manifest is the 0.10 line's task form")
def test_manifest_is_current():
    _manifest_cli("check", EXAMPLES / "tiles_table_converter", _env())


def test_manifest_declares_the_compound_task():
    manifest = json.loads(MANIFEST.read_text())
    assert manifest["manifest_version"] == "2"
    (task,) = manifest["task_list"]
    assert task["name"] == TASK_NAME
    assert task["type"] == "converter_compound"
    assert (PACKAGE_DIR / task["executable_non_parallel"]).is_file()
    assert (PACKAGE_DIR / task["executable_parallel"]).is_file()
    init_props = task["args_schema_non_parallel"]["properties"]
    assert {"zarr_dir", "acquisitions", "converter_options", "overwrite"} <= set(
        init_props
    )
    assert set(task["args_schema_parallel"]["properties"]) == {"zarr_url", "init_args"}
    # nested library models carry their field help text
    defs = task["args_schema_non_parallel"]["$defs"]
    assert defs["AcquisitionOptions"]["properties"]["channels"]["description"]
    assert defs["ConverterOptions"]["properties"]


# --- the tasks through the real task command line ---------------------------------


@pytest.mark.slow
@pytest.mark.integration
def test_tasks_run_through_the_fractal_cli(tmp_path):
    # Default hand-off (Auto -> inline JSON); one well (a filter in the args) to
    # keep it to two fresh interpreters. The file hand-off across processes and
    # both wells are covered in-process elsewhere.
    zarr_dir = tmp_path / "zarr"
    init_args = {
        "acquisitions": [
            {
                "tiles_table_path": str(DATA / "tiles.csv"),
                "acquisition_details_path": str(DATA / "acquisition_details.json"),
                "plate_name": "CliPlate",
                "advanced": {
                    # A filter of the line's task form (0.10's or 1.1.1's union).
                    "filters": [
                        per_line(
                            v0_10={
                                "name": "Well Include Filter",
                                "wells_to_include": ["B04"],
                            },
                            v1={
                                "name": "Well Filter",
                                "mode": "Include",
                                "wells": ["B04"],
                            },
                        )
                    ]
                },
            }
        ],
        "converter_options": {"writer_mode": "By Tile"},
        "overwrite": "No Overwrite",
    }
    manifest, env = _manifest_of_this_line(tmp_path)
    images = run_converter_task(
        manifest_path=manifest,
        task_name=TASK_NAME,
        zarr_dir=zarr_dir,
        init_args=init_args,
        workdir=tmp_path / "jobs",
        env=env,
    )
    assert images == [
        {
            "zarr_url": f"{zarr_dir}/CliPlate.zarr/B/04/0",
            "types": {"is_3D": True},
            "attributes": {
                "drug": "Taxol",
                "plate": "CliPlate.zarr",
                "well": "B04",
                "acquisition": 0,
            },
        }
    ]
    _check_plate(zarr_dir, "CliPlate", {"B04": "tif"})
    sent = json.loads((tmp_path / "jobs" / "compute-0-args.json").read_text())
    # 0.10 contract: all four keys travel, the unused source as null
    assert set(sent["init_args"]) == {
        "tiled_image_json_str",
        "tiled_image_json_dump_url",
        "converter_options",
        "overwrite_mode",
    }
    assert sent["init_args"]["tiled_image_json_dump_url"] is None
    assert sent["init_args"]["overwrite_mode"] == "No Overwrite"
    assert sent["init_args"]["converter_options"]["writer_mode"] == "By Tile"


def test_bad_init_args_are_caught_by_the_schema(tmp_path):
    with pytest.raises(AssertionError, match="manifest schema"):
        run_converter_task(
            manifest_path=MANIFEST,
            task_name=TASK_NAME,
            zarr_dir=tmp_path,
            init_args={"acquisitions": [{"tiles_table_path": 3}]},
            workdir=tmp_path / "jobs",
        )


# --- Python API, scripts -----------------------------------------------------------


def test_api_with_parquet_table_and_overrides(tmp_path, example_package):
    from ome_zarr_converters_tools import (
        AcquisitionOptions,
        ChannelInfoUI,
        ColorMenu,
        ThreadedRunner,
    )
    from ome_zarr_converters_tools.pipelines.filters import WellIncludeFilter

    table = pd.read_csv(DATA / "tiles.csv")
    table.to_parquet(tmp_path / "tiles.parquet")
    acquisition = example_package.TilesTableAcquisition(
        tiles_table_path=str(tmp_path / "tiles.parquet"),
        acquisition_details_path=str(DATA / "acquisition_details.json"),
        image_dir=str(DATA),
        plate_name="Parquet",
        acquisition_id=2,
        advanced=AcquisitionOptions(
            channels=[ChannelInfoUI(channel_label="Hoechst", color=ColorMenu.Violet)],
            filters=[WellIncludeFilter(wells_to_include=["B04"])],
        ),
    )
    results = example_package.convert_tiles_table(
        zarr_dir=str(tmp_path / "out"),
        acquisitions=[acquisition],
        runner=ThreadedRunner(num_threads=2),
    )
    (update,) = [u for r in results for u in r["image_list_updates"]]
    assert update["zarr_url"] == f"{tmp_path}/out/Parquet.zarr/B/04/2"
    assert update["attributes"]["acquisition"] == 2
    import ngio

    container = ngio.open_ome_zarr_container(update["zarr_url"])
    assert container.channel_labels == ["Hoechst"]
    np.testing.assert_array_equal(
        container.get_image().get_array(mode="numpy"), _expected_well("B04")
    )


def test_convert_plate_script(tmp_path, capsys):
    script = _load_script("convert_plate")
    results = script.convert(tmp_path, "threaded")
    assert [r["image_list_updates"][0]["attributes"]["well"] for r in results] == [
        "B03",
        "B04",
    ]
    _check_plate(tmp_path, "ExamplePlate", {"B03": "png", "B04": "tif"})


def test_walkthrough_script(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["walkthrough.py", str(tmp_path)])
    script = _load_script("walkthrough")
    script.main()
    out = capsys.readouterr().out
    assert "Walkthrough.zarr/B/03/0" in out
    assert (tmp_path / "Walkthrough.zarr" / "B" / "03" / "0").is_dir()
    assert not (tmp_path / "Walkthrough.zarr" / "B" / "04").exists()
