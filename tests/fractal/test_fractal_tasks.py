"""Init and compute helpers end to end (fractal/init_task.py, compute_task.py)."""

from __future__ import annotations

import importlib
import json
import logging
import sys
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _fractal_factories import make_tiled_images, make_tiles, write_png_tiles
from _seed_blocks import SEED_COMPUTE_BLOCK, SEED_INIT_BLOCK, SEED_MANIFEST_BLOCK
from PIL import Image

from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles
from ome_zarr_converters_tools.core.collection import ImageInPlate, SingleImage
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsFileNotFoundError,
    ConvertersToolsOutputExistsError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.fractal import (
    ConvertParallelInitArgs,
    MultiprocessingRunner,
    SequentialRunner,
    ThreadedRunner,
    build_parallelization_list,
    exec_compound_task,
    generic_compute_task,
    setup_images_for_conversion,
)
from ome_zarr_converters_tools.fractal.handoff import NUM_RETRIES_ENV_VAR
from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.modes import OverwriteMode

PIXEL = 0.65
TILE_Y, TILE_X = 16, 20


# --- a tiny plate made by the tests ------------------------------------------


@pytest.fixture
def seed_data(tmp_path):
    """2 wells x 2 FOVs (side by side) x 2 z planes of 16x20 uint16 PNGs."""
    raw = tmp_path / "raw"
    raw.mkdir()
    rng = np.random.default_rng(42)
    rows, expected = [], {}
    for well_row, well_col in (("A", 1), ("B", 3)):
        planes = []
        for z in range(2):
            fovs = []
            for f in range(2):
                data = rng.integers(0, 60000, size=(TILE_Y, TILE_X)).astype(np.uint16)
                name = f"{well_row}{well_col:02d}_F{f + 1}_Z{z + 1}.png"
                Image.fromarray(data).save(raw / name)
                fovs.append(data)
                rows.append(
                    {
                        "file_path": name,
                        "row": well_row,
                        "column": well_col,
                        "fov_name": f"FOV_{f + 1}",
                        "start_x": f * TILE_X * PIXEL,
                        "start_y": 0.0,
                        "start_z": z * 5.0,
                        "length_x": TILE_X,
                        "length_y": TILE_Y,
                        "drug": "DMSO" if well_row == "A" else "Taxol",
                    }
                )
            planes.append(np.concatenate(fovs, axis=1))
        expected[f"{well_row}/{well_col:02d}/0"] = np.stack(planes)[None, None]
    csv = tmp_path / "tiles.csv"
    pd.DataFrame(rows).to_csv(csv, index=False)
    return {"raw": raw, "csv": csv, "expected": expected, "tmp": tmp_path}


@pytest.fixture
def seed_module(seed_data, monkeypatch):
    """The seed's init and compute blocks as an importable (picklable) module.

    Worker processes import it by name, so its folder goes on `sys.path`.
    """
    source = (SEED_INIT_BLOCK + SEED_COMPUTE_BLOCK).replace(
        "/path/to/image/data", str(seed_data["raw"])
    )
    package_dir = seed_data["tmp"] / "seed_pkg"
    package_dir.mkdir()
    name = f"seed_converter_tasks_{uuid.uuid4().hex}"
    (package_dir / f"{name}.py").write_text(source)
    monkeypatch.syspath_prepend(str(package_dir))
    yield importlib.import_module(name)
    sys.modules.pop(name, None)


def _check_written_plate(zarr_dir: Path, expected: dict) -> None:
    import ngio

    plate = ngio.open_ome_zarr_plate(str(zarr_dir / "MyPlate.zarr"))
    assert sorted(plate.wells_paths()) == ["A/01", "B/03"]
    for path, array in expected.items():
        container = plate.get_image(*path.split("/"))
        image = container.get_image()
        assert list(image.axes) == ["t", "c", "z", "y", "x"]
        assert image.dtype == "uint16"
        np.testing.assert_array_equal(image.get_array(mode="numpy"), array)
        assert image.pixel_size.x == pytest.approx(PIXEL)
        assert image.pixel_size.z == pytest.approx(5.0)
        assert container.channel_labels == ["DAPI"]
        assert set(container.list_tables()) >= {"FOV_ROI_table", "well_ROI_table"}


def _expected_updates(zarr_dir: Path) -> list:
    return [
        {
            "image_list_updates": [
                {
                    "zarr_url": f"{zarr_dir}/MyPlate.zarr/{well[0]}/{well[1:]}/0",
                    "types": {"is_3D": True},
                    "attributes": {
                        "drug": drug,
                        "plate": "MyPlate.zarr",
                        "well": well,
                        "acquisition": 0,
                    },
                }
            ]
        }
        for well, drug in (("A01", "DMSO"), ("B03", "Taxol"))
    ]


@pytest.mark.parametrize(
    "runner",
    [
        SequentialRunner(),
        ThreadedRunner(num_threads=2),
        # worker processes start fresh and import the library: several seconds
        pytest.param(MultiprocessingRunner(num_processes=2), marks=pytest.mark.slow),
    ],
    ids=lambda r: r.mode,
)
def test_seed_init_and_compute_blocks_run_verbatim(seed_data, seed_module, runner):
    zarr_dir = seed_data["tmp"] / "out"
    results = exec_compound_task(
        seed_module.my_init_task,
        seed_module.my_compute_task,
        {"zarr_dir": str(zarr_dir), "tiles_csv_path": str(seed_data["csv"])},
        runner=runner,
    )
    assert results == _expected_updates(zarr_dir)
    _check_written_plate(zarr_dir, seed_data["expected"])
    assert not (zarr_dir / "_tmp_json").exists()


def test_seed_init_returns_parallelization_list(seed_data, seed_module):
    zarr_dir = seed_data["tmp"] / "out"
    items = seed_module.my_init_task(
        zarr_dir=str(zarr_dir), tiles_csv_path=str(seed_data["csv"])
    )
    assert [i["zarr_url"] for i in items] == [
        f"{zarr_dir}/MyPlate.zarr/A/01/0",
        f"{zarr_dir}/MyPlate.zarr/B/03/0",
    ]
    for item in items:
        assert set(item) == {"zarr_url", "init_args"}
        # 0.10 contract: all four keys, the unused source None, the mode a member
        assert set(item["init_args"]) == {
            "tiled_image_json_str",
            "tiled_image_json_dump_url",
            "converter_options",
            "overwrite_mode",
        }
        assert item["init_args"]["tiled_image_json_dump_url"] is None
        assert item["init_args"]["overwrite_mode"] is OverwriteMode.OVERWRITE
        json.dumps(item)
    # the plate skeleton exists before any compute job runs
    assert (zarr_dir / "MyPlate.zarr").is_dir()
    # a compute job accepts the model as well as the dict
    update = seed_module.my_compute_task(
        zarr_url=items[0]["zarr_url"],
        init_args=ConvertParallelInitArgs.model_validate(items[0]["init_args"]),
    )
    assert update == _expected_updates(zarr_dir)[0]


def test_seed_manifest_block_runs_verbatim():
    namespace: dict = {}
    exec(compile(SEED_MANIFEST_BLOCK, "seed-manifest", "exec"), namespace)
    assert ("ome_zarr_converters_tools", "fractal/models.py", "AcquisitionOptions") in (
        namespace["models"]
    )


# --- init helpers ---------------------------------------------------------------


def _json_options(**temp_json):
    return ConverterOptions.model_validate(
        {"runtime_settings": {"temp_json_options": temp_json}}
    )


def test_duplicate_output_paths_are_refused(tmp_path):
    images = make_tiled_images() + make_tiled_images()
    for fn in (setup_images_for_conversion, build_parallelization_list):
        kwargs = (
            {"collection_type": "ImageInPlate"}
            if fn is setup_images_for_conversion
            else {}
        )
        with pytest.raises(ConvertersToolsUserError, match=r"TestPlate\.zarr/A/01/0"):
            fn(
                images,
                zarr_dir=str(tmp_path),
                converter_options=ConverterOptions(),
                **kwargs,
            )
    assert not (tmp_path / "TestPlate.zarr").exists()


def test_ngff_version_defaults_to_the_options(tmp_path):
    options = ConverterOptions.model_validate(
        {"omezarr_options": {"ngff_version": "0.5"}}
    )
    setup_images_for_conversion(
        make_tiled_images(),
        zarr_dir=str(tmp_path),
        collection_type="ImageInPlate",
        converter_options=options,
    )
    meta = json.loads((tmp_path / "TestPlate.zarr" / "zarr.json").read_text())
    assert meta["attributes"]["ome"]["version"] == "0.5"


def test_contradicting_ngff_version_is_refused(tmp_path):
    with pytest.raises(ConvertersToolsUserError, match="ngff_version"):
        setup_images_for_conversion(
            make_tiled_images(),
            zarr_dir=str(tmp_path),
            collection_type="ImageInPlate",
            converter_options=ConverterOptions(),
            ngff_version="0.5",
        )
    # the same version, spelled explicitly (0.10 callers), is fine
    setup_images_for_conversion(
        make_tiled_images(),
        zarr_dir=str(tmp_path),
        collection_type="ImageInPlate",
        converter_options=ConverterOptions(),
        ngff_version="0.4",
    )


def test_existing_plate_with_no_overwrite(tmp_path):
    kwargs = {
        "zarr_dir": str(tmp_path),
        "collection_type": "ImageInPlate",
        "converter_options": ConverterOptions(),
    }
    setup_images_for_conversion(make_tiled_images(), **kwargs)
    with pytest.raises(ConvertersToolsOutputExistsError):
        setup_images_for_conversion(make_tiled_images(), **kwargs)


def test_parallelization_list_in_file_mode(tmp_path):
    images = make_tiled_images(wells=(("A", 1), ("B", 2)))
    before = [image.model_dump_json() for image in images]
    items = build_parallelization_list(
        images,
        zarr_dir=str(tmp_path),
        converter_options=_json_options(serialization="JSON"),
    )
    assert [image.model_dump_json() for image in images] == before
    for item, image in zip(items, images, strict=True):
        assert item["zarr_url"] == f"{tmp_path}/{image.path}"
        args = item["init_args"]
        assert args["tiled_image_json_str"] is None
        url = args["tiled_image_json_dump_url"]
        assert url.startswith(f"{tmp_path}/_tmp_json/run-")
        assert Path(url).read_text() == image.model_dump_json()
        assert args["overwrite_mode"] is OverwriteMode.NO_OVERWRITE
        assert ConverterOptions.model_validate(args["converter_options"]) == (
            _json_options(serialization="JSON")
        )


def _convert_all(tmp_path, images, options, *, overwrite=OverwriteMode.NO_OVERWRITE):
    raw = tmp_path / "raw"
    items = setup_images_for_conversion(
        images,
        zarr_dir=str(tmp_path / "out"),
        collection_type="ImageInPlate",
        converter_options=options,
        overwrite_mode=overwrite,
    )
    return items, [
        generic_compute_task(
            **item,
            collection_type=ImageInPlate,
            image_loader_type=DefaultImageLoader,
            resource=str(raw),
        )
        for item in items
    ]


def test_file_hand_off_is_cleaned_after_the_writes(tmp_path, caplog):
    tiles = make_tiles(wells=(("A", 1), ("B", 2)))
    write_png_tiles(tmp_path / "raw", tiles)
    images = tiled_image_from_tiles(tiles=tiles)
    options = _json_options(serialization="JSON")
    caplog.set_level(logging.INFO, logger="ome_zarr_converters_tools.fractal")
    items, results = _convert_all(tmp_path, images, options)
    assert not (tmp_path / "out" / "_tmp_json").exists()
    assert [r["image_list_updates"][0]["zarr_url"] for r in results] == [
        i["zarr_url"] for i in items
    ]
    # the compute task says what it converted, how long it took and what it wrote
    messages = [r.getMessage() for r in caplog.records if "Converted" in r.getMessage()]
    assert len(messages) == 2
    assert " s, " in messages[0]
    assert int(messages[0].split(", ")[1].split(" bytes")[0]) > 0


def test_file_hand_off_survives_a_json_round_trip_of_the_list(tmp_path):
    tiles = make_tiles()
    write_png_tiles(tmp_path / "raw", tiles)
    options = _json_options(serialization="JSON")
    items = json.loads(
        json.dumps(
            setup_images_for_conversion(
                tiled_image_from_tiles(tiles=tiles),
                zarr_dir=str(tmp_path / "out"),
                collection_type=ImageInPlate,
                converter_options=options,
            )
        )
    )
    result = generic_compute_task(
        **items[0],
        collection_type=ImageInPlate,
        image_loader_type=DefaultImageLoader,
        resource=str(tmp_path / "raw"),
    )
    assert result["image_list_updates"][0]["attributes"]["well"] == "A01"


def test_missing_hand_off_file_fails_naming_it(tmp_path, monkeypatch):
    monkeypatch.setenv(NUM_RETRIES_ENV_VAR, "1")
    args = {
        "tiled_image_json_dump_url": str(tmp_path / "gone.json"),
        "converter_options": {},
    }
    with pytest.raises(ConvertersToolsFileNotFoundError, match=r"gone\.json"):
        generic_compute_task(
            zarr_url=str(tmp_path / "x.zarr"),
            init_args=args,
            collection_type=ImageInPlate,
            image_loader_type=DefaultImageLoader,
        )


def test_attributes_are_collapsed(tmp_path):
    tiles = make_tiles(attributes={"many": [1, None], "s": ["a", "b"], "f": [0.5, 2.0]})
    write_png_tiles(tmp_path / "raw", tiles)
    _, results = _convert_all(
        tmp_path, tiled_image_from_tiles(tiles=tiles), ConverterOptions()
    )
    attributes = results[0]["image_list_updates"][0]["attributes"]
    assert attributes == {
        "many": "1 & None",
        "s": "a & b",
        "f": "0.5 & 2.0",
        "plate": "TestPlate.zarr",
        "well": "A01",
        "acquisition": 0,
    }


def test_extend_mode_still_reports_existing_images(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="ome_zarr_converters_tools.fractal")
    tiles = make_tiles()
    write_png_tiles(tmp_path / "raw", tiles)
    _, first = _convert_all(
        tmp_path, tiled_image_from_tiles(tiles=tiles), ConverterOptions()
    )
    _, again = _convert_all(
        tmp_path,
        tiled_image_from_tiles(tiles=tiles),
        ConverterOptions(),
        overwrite=OverwriteMode.EXTEND,
    )
    assert again == first
    assert "Kept the existing image" in caplog.text


def test_single_images_add_no_plate_attributes(tmp_path):
    tiles = [
        t.model_copy(update={"collection": SingleImage(image_path="scan")})
        for t in make_tiles(attributes={"drug": ["DMSO"], "batch": [None]})
    ]
    write_png_tiles(tmp_path / "raw", tiles)
    images = tiled_image_from_tiles(tiles=tiles)
    items = setup_images_for_conversion(
        images,
        zarr_dir=str(tmp_path / "out"),
        collection_type="SingleImage",
        converter_options=ConverterOptions(),
    )
    result = generic_compute_task(
        **items[0],
        collection_type=SingleImage,
        image_loader_type=DefaultImageLoader,
        resource=str(tmp_path / "raw"),
    )
    assert result == {
        "image_list_updates": [
            {
                "zarr_url": f"{tmp_path}/out/scan.zarr",
                "types": {"is_3D": False},
                "attributes": {"drug": "DMSO", "batch": None},
            }
        ]
    }


@pytest.mark.parametrize(
    "options",
    [
        {"tiling_strategy": {"mode": "No Tiling"}},
        {"grouping": {"mode": "Per-FOV"}},
    ],
    ids=["0.10-NoTiling", "1.x-PerFovGrouping"],
)
def test_per_fov_images_through_init_and_compute(tmp_path, options):
    tiles = make_tiles()
    write_png_tiles(tmp_path / "raw", tiles)
    converter_options = ConverterOptions.model_validate(options)
    images = tiled_image_from_tiles(tiles=tiles, converter_options=converter_options)
    _, results = _convert_all(tmp_path, images, converter_options)
    urls = [r["image_list_updates"][0]["zarr_url"] for r in results]
    assert urls == [
        f"{tmp_path}/out/TestPlate.zarr/A/01/0_FOV_1",
        f"{tmp_path}/out/TestPlate.zarr/A/01/0_FOV_2",
    ]
    import ngio

    second = ngio.open_ome_zarr_container(urls[1]).get_image()
    assert second.shape[-2:] == (16, 20)
    raw = np.asarray(Image.open(tmp_path / "raw" / tiles[1].image_loader.file_path))
    np.testing.assert_array_equal(second.get_array(mode="numpy")[0, 0], raw)


def test_unplanned_zarr_url_is_logged(tmp_path, caplog):
    tiles = make_tiles()
    write_png_tiles(tmp_path / "raw", tiles)
    (item,) = setup_images_for_conversion(
        tiled_image_from_tiles(tiles=tiles),
        zarr_dir=str(tmp_path / "out"),
        collection_type="ImageInPlate",
        converter_options=ConverterOptions(),
    )
    other = str(tmp_path / "elsewhere.zarr")
    result = generic_compute_task(
        zarr_url=other,
        init_args=item["init_args"],
        collection_type=ImageInPlate,
        image_loader_type=DefaultImageLoader,
        resource=str(tmp_path / "raw"),
    )
    assert result["image_list_updates"][0]["zarr_url"] == other
    assert "does not end with the image path TestPlate.zarr/A/01/0" in caplog.text


# --- 0.10 contracts of the init output and the hand-off folder ------------------


@pytest.mark.parametrize("serialization", ["Memory", "JSON"])
def test_init_args_hold_all_four_keys_as_in_0_10(tmp_path, serialization):
    tiles = make_tiles(wells=(("A", 1), ("B", 2)))
    write_png_tiles(tmp_path / "raw", tiles)
    options = _json_options(serialization=serialization)
    items = setup_images_for_conversion(
        tiled_image_from_tiles(tiles=tiles),
        zarr_dir=str(tmp_path / "out"),
        collection_type="ImageInPlate",
        converter_options=options,
        overwrite_mode=OverwriteMode.OVERWRITE,
    )
    used, unused = (
        ("tiled_image_json_str", "tiled_image_json_dump_url")
        if serialization == "Memory"
        else ("tiled_image_json_dump_url", "tiled_image_json_str")
    )
    for item in items:
        args = item["init_args"]
        assert set(args) == {
            "converter_options",
            "overwrite_mode",
            "tiled_image_json_dump_url",
            "tiled_image_json_str",
        }
        assert args[unused] is None
        assert isinstance(args[used], str)
        assert type(args["overwrite_mode"]) is OverwriteMode
        assert args["overwrite_mode"] is OverwriteMode.OVERWRITE
        assert ConverterOptions.model_validate(args["converter_options"]) == options
    # Fractal stores the list as JSON; the compute job gets it back from there.
    stored = json.loads(json.dumps(items))
    results = [
        generic_compute_task(
            **item,
            collection_type=ImageInPlate,
            image_loader_type=DefaultImageLoader,
            resource=str(tmp_path / "raw"),
        )
        for item in stored
    ]
    assert [r["image_list_updates"][0]["zarr_url"] for r in results] == [
        i["zarr_url"] for i in items
    ]


def test_user_files_in_temp_url_survive_init_and_compute(tmp_path):
    # A temp_url typed into the task form that points at a folder with data.
    tiles = make_tiles(wells=(("A", 1), ("B", 2)))
    write_png_tiles(tmp_path / "raw", tiles)
    scratch = tmp_path / "scratch"
    (scratch / "sub").mkdir(parents=True)
    user_files = {
        "notes.json": '{"mine": true}',
        "table.csv": "a,b\n1,2\n",
        "sub/deep.json": "{}",
    }
    for name, text in user_files.items():
        (scratch / name).write_text(text)
    options = _json_options(serialization="JSON", temp_url=str(scratch))
    items = setup_images_for_conversion(
        tiled_image_from_tiles(tiles=tiles),
        zarr_dir=str(tmp_path / "out"),
        collection_type="ImageInPlate",
        converter_options=options,
    )
    urls = [item["init_args"]["tiled_image_json_dump_url"] for item in items]
    run_folders = {Path(url).parent for url in urls}
    assert len(run_folders) == 1
    (run_folder,) = run_folders
    assert run_folder.parent == scratch  # a folder of the run, below temp_url
    for item in items:
        assert run_folder.is_dir()  # still needed until the last job is done
        generic_compute_task(
            **item,
            collection_type=ImageInPlate,
            image_loader_type=DefaultImageLoader,
            resource=str(tmp_path / "raw"),
        )
    assert not run_folder.exists()
    for name, text in user_files.items():
        assert (scratch / name).read_text() == text
    assert sorted(p.name for p in scratch.iterdir()) == [
        "notes.json",
        "sub",
        "table.csv",
    ]
