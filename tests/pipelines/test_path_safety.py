"""Hostile names through the public API never touch anything outside zarr_dir.

Every place a name becomes a path (plate name, well row and column, image path,
FOV name in per-FOV mode, acquisition) and the attribute columns that become
table columns are tried with `..`, separators, absolute and home paths, control
characters, empty and very long names, in the three overwrite modes, through
the tiles-table path: `hcs_images_from_dataframe` / `single_images_from_dataframe`
-> `tiled_image_from_tiles` -> `setup_images_for_conversion` ->
`generic_compute_task`. A refused name must fail with `ConvertersToolsNameError`
before any compute job runs, leaving `zarr_dir` and its surroundings exactly as
they were (tree, sizes, mtimes, contents). An accepted name must land where
0.10.4 puts it and still leave the surroundings untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ChannelInfo,
    ConverterOptions,
    DefaultImageLoader,
    ImageInPlate,
    NoTiling,
    OverwriteMode,
    SingleImage,
    generic_compute_task,
    hcs_images_from_dataframe,
    setup_images_for_conversion,
    single_images_from_dataframe,
    tiled_image_from_tiles,
)
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsNameError,
    ConvertersToolsUserError,
)

SIZE = 32
MODES = [OverwriteMode.NO_OVERWRITE, OverwriteMode.OVERWRITE, OverwriteMode.EXTEND]

HOSTILE = {
    "dotdot": "..",
    "dotdot2": "../..",
    "inner_dotdot": "a/../../b",
    "climb": "x/../../../../../../escape",
    "absolute": "/tmp/escape",
    "home": "~",
    "home_path": "~/escape",
    "slash": "/",
    "backslash": "..\\..\\escape",
    "nul": "a\x00b",
    "newline": "a\nb",
    "empty": "",
    "long": "x" * 300,
    "huge": "y" * 5000,
}
"""Names tried everywhere; where one is harmless it is accepted (see below)."""

ACCEPTED = {
    # plate_name "" means the default "Plate", as in 0.10.
    "plate_name": {"empty"},
    # `0_..`, `0_~` and `0_` are ordinary folder names inside the well.
    "fov_plate": {"dotdot", "home", "empty"},
    # `img_...zarr` and `img_.zarr` pass the 0.10 zarr-name rule.
    "fov_single": {"dotdot", "empty"},
}


def _cases(place):
    return [
        pytest.param(place, HOSTILE[key], mode, id=f"{place}-{key}-{mode.name}")
        for key in HOSTILE
        if key not in ACCEPTED.get(place, set())
        for mode in MODES
    ]


# --- data and layout ---------------------------------------------------------


def _acquisition():
    return AcquisitionDetails(
        channels=[ChannelInfo(channel_label="DAPI", wavelength_id="405")],
        pixelsize=1.0,
        z_spacing=1.0,
        data_type="uint16",
        axes=["c", "z", "y", "x"],
    )


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    rng = np.random.default_rng(0)
    for i in range(2):
        data = rng.integers(0, 4000, size=(SIZE, SIZE)).astype(np.uint16)
        Image.fromarray(data).save(raw / f"f{i}.png")
    return raw


def _rows(kind):
    rows = []
    for i in range(2):
        row = {
            "file_path": f"f{i}.png",
            "fov_name": f"FOV_{i + 1}",
            "start_x": float(i * SIZE),
            "start_y": 0.0,
            "length_x": SIZE,
            "length_y": SIZE,
            "drug": "DMSO",
        }
        if kind == "plate":
            row.update(row="A", column=1)
        else:
            row["image_path"] = "img"
        rows.append(row)
    return rows


def _convert(
    raw,
    zarr_dir,
    *,
    kind="plate",
    mode=OverwriteMode.NO_OVERWRITE,
    per_fov=False,
    last_row=None,
    columns=None,
    plate_name="P",
    acquisition_id=0,
    progress=None,
):
    """Run the public tiles-table flow; `progress` records the stages reached."""
    progress = [] if progress is None else progress
    rows = _rows(kind)
    rows[-1].update(last_row or {})
    table = pd.DataFrame(rows)
    if columns:
        table = table.rename(columns=columns)
    progress.append("table")
    if kind == "plate":
        tiles = hcs_images_from_dataframe(
            tiles_table=table,
            acquisition_details=_acquisition(),
            plate_name=plate_name,
            acquisition_id=acquisition_id,
        )
        collection_type = ImageInPlate
    else:
        tiles = single_images_from_dataframe(
            tiles_table=table, acquisition_details=_acquisition()
        )
        collection_type = SingleImage
    options = ConverterOptions(tiling_strategy=NoTiling()) if per_fov else None
    options = options or ConverterOptions()
    progress.append("aggregate")
    images = tiled_image_from_tiles(tiles=tiles, converter_options=options)
    progress.append("init")
    entries = setup_images_for_conversion(
        images,
        zarr_dir=str(zarr_dir),
        collection_type=collection_type.__name__,
        converter_options=options,
        overwrite_mode=mode,
    )
    progress.append("compute")
    for entry in entries:
        generic_compute_task(
            zarr_url=entry["zarr_url"],
            init_args=entry["init_args"],
            collection_type=collection_type,
            image_loader_type=DefaultImageLoader,
            resource=str(raw),
        )
    return [entry["zarr_url"] for entry in entries]


def _tree(root: Path, *, skip: Path | None = None) -> dict[str, tuple]:
    """Every entry below `root` with its type, size, mtime and content hash."""
    entries: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if skip is not None and here == skip:
            dirs[:] = []
            continue
        for name in dirs + files:
            path = here / name
            if path == skip:
                continue  # zarr_dir itself changes when its content does
            stat = path.lstat()
            digest = ""
            if path.is_file() and not path.is_symlink():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            entries[str(path.relative_to(root))] = (
                path.is_dir(),
                stat.st_size,
                stat.st_mtime_ns,
                digest,
            )
    return entries


@pytest.fixture(scope="module")
def existing_output(raw_dir, tmp_path_factory):
    """A finished plate `P.zarr` and image `img.zarr`, copied into each test."""
    template = tmp_path_factory.mktemp("template") / "zarr"
    _convert(raw_dir, template, kind="plate")
    _convert(raw_dir, template, kind="single")
    return template


@pytest.fixture
def layout(tmp_path, existing_output):
    """`zarr_dir` deep inside `work/`, with decoy user folders where `..` leads."""
    work = tmp_path / "work"
    zarr_dir = work / "deep" / "er" / "zarr"

    def prepare(mode):
        if mode is OverwriteMode.NO_OVERWRITE:
            zarr_dir.mkdir(parents=True)
        else:
            shutil.copytree(existing_output, zarr_dir)
        for decoy in (
            work / "escape",
            work / "deep" / "escape",
            work / "deep" / "er" / "escape",
            work / "b",
            zarr_dir / "escape",
            zarr_dir / "P.zarr" / "A" / "01" / "escape",
        ):
            if decoy.parent.exists():
                decoy.mkdir(exist_ok=True)
                (decoy / "keep.txt").write_text("user data")
        return zarr_dir

    return work, prepare


def _assert_refused_at_init(error_type, run, work, zarr_dir, match=None):
    outside_before = _tree(work, skip=zarr_dir)
    inside_before = _tree(zarr_dir)
    progress: list[str] = []
    with pytest.raises(error_type, match=match) as info:
        run(progress)
    assert "compute" not in progress, f"refused only in {progress[-1]}"
    assert _tree(work, skip=zarr_dir) == outside_before
    assert _tree(zarr_dir) == inside_before
    return info.value


# --- refused names: nothing written, anywhere --------------------------------


@pytest.mark.parametrize(
    ("place", "name", "mode"),
    _cases("plate_name")
    + _cases("row")
    + _cases("image_path")
    + _cases("fov_plate")
    + _cases("fov_single"),
)
def test_hostile_name_is_refused_at_init(raw_dir, layout, place, name, mode):
    work, prepare = layout
    zarr_dir = prepare(mode)
    kwargs = {"mode": mode}
    if place == "plate_name":
        kwargs["plate_name"] = name
    elif place == "row":
        kwargs["last_row"] = {"row": name}
    elif place == "image_path":
        kwargs.update(kind="single", last_row={"image_path": name})
    elif place == "fov_plate":
        kwargs.update(per_fov=True, last_row={"fov_name": name})
    else:
        kwargs.update(kind="single", per_fov=True, last_row={"fov_name": name})

    error = _assert_refused_at_init(
        ConvertersToolsNameError,
        lambda progress: _convert(raw_dir, zarr_dir, progress=progress, **kwargs),
        work,
        zarr_dir,
    )
    message = str(error)
    assert "Invalid" in message
    assert "Allowed" in message or "only A-Z" in message
    assert len(message) < 2000
    if place in ("row", "image_path"):
        assert "row 1 of the tiles table" in message


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.name)
@pytest.mark.parametrize(
    ("last_row", "kwargs", "error_type"),
    [
        ({"column": 10**300}, {}, ConvertersToolsNameError),
        ({"column": "../.."}, {}, ConvertersToolsUserError),
        ({"column": "/"}, {}, ConvertersToolsUserError),
        ({}, {"acquisition_id": 10**300}, ConvertersToolsNameError),
        ({}, {"acquisition_id": 10**300, "per_fov": True}, ConvertersToolsNameError),
        ({"fov_name": "a\x00b"}, {}, ConvertersToolsNameError),
        ({"fov_name": "a\nb"}, {}, ConvertersToolsNameError),
        ({"drug": "a\x00b"}, {}, ConvertersToolsNameError),
        ({}, {"columns": {"drug": "a\x00b"}}, ConvertersToolsNameError),
        ({}, {"columns": {"drug": "a\nb"}}, ConvertersToolsNameError),
        ({}, {"columns": {"drug": ""}}, ConvertersToolsNameError),
    ],
    ids=[
        "huge-column",
        "column-dotdot",
        "column-slash",
        "huge-acquisition",
        "huge-acquisition-per-fov",
        "mosaic-fov-nul",
        "mosaic-fov-newline",
        "attribute-value-nul",
        "attribute-column-nul",
        "attribute-column-newline",
        "attribute-column-empty",
    ],
)
def test_other_hostile_values_are_refused_at_init(
    raw_dir, layout, mode, last_row, kwargs, error_type
):
    work, prepare = layout
    zarr_dir = prepare(mode)
    _assert_refused_at_init(
        error_type,
        lambda progress: _convert(
            raw_dir,
            zarr_dir,
            mode=mode,
            last_row=last_row,
            progress=progress,
            **kwargs,
        ),
        work,
        zarr_dir,
    )


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.name)
def test_attribute_names_of_hand_built_tiles_are_checked_before_the_plate(
    raw_dir, layout, mode
):
    """Tiles built in code skip the table checks; init still refuses the name."""
    work, prepare = layout
    zarr_dir = prepare(mode)
    tiles = hcs_images_from_dataframe(
        tiles_table=pd.DataFrame(_rows("plate")),
        acquisition_details=_acquisition(),
        plate_name="P",
    )
    tiles = [
        tile.model_copy(update={"attributes": {"a\x00b": ["v"]}}) for tile in tiles
    ]
    images = tiled_image_from_tiles(tiles=tiles)

    def run(progress):
        progress.append("init")
        setup_images_for_conversion(
            images,
            zarr_dir=str(zarr_dir),
            collection_type="ImageInPlate",
            converter_options=ConverterOptions(),
            overwrite_mode=mode,
        )
        progress.append("compute")

    error = _assert_refused_at_init(
        ConvertersToolsNameError, run, work, zarr_dir, match="attribute column name"
    )
    assert "P.zarr/A/01/0" in str(error)


# --- accepted names: 0.10.4's paths, nothing outside -------------------------


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.name)
@pytest.mark.parametrize(
    ("place", "key", "expected"),
    [
        ("fov_plate", "dotdot", "P.zarr/A/01/0_.."),
        ("fov_plate", "home", "P.zarr/A/01/0_~"),
        ("fov_plate", "empty", "P.zarr/A/01/0_"),
        ("fov_single", "dotdot", "img_...zarr"),
        ("fov_single", "empty", "img_.zarr"),
        ("plate_name", "empty", "Plate.zarr/A/01/0"),
    ],
)
def test_harmless_names_keep_their_0_10_paths(
    raw_dir, layout, mode, place, key, expected
):
    work, prepare = layout
    zarr_dir = prepare(mode)
    name = HOSTILE[key]
    if place == "plate_name":
        kwargs = {"plate_name": name}
    else:
        kwargs = {
            "kind": "plate" if place == "fov_plate" else "single",
            "per_fov": True,
            "last_row": {"fov_name": name},
        }
    outside_before = _tree(work, skip=zarr_dir)
    urls = _convert(raw_dir, zarr_dir, mode=mode, **kwargs)
    assert f"{zarr_dir}/{expected}" in urls
    assert (zarr_dir / expected / ".zattrs").is_file()
    assert _tree(work, skip=zarr_dir) == outside_before
    if place == "fov_plate":
        well = json.loads((zarr_dir / "P.zarr" / "A" / "01" / ".zattrs").read_text())
        listed = [image["path"] for image in well["well"]["images"]]
        assert expected.rsplit("/", 1)[1] in listed


@pytest.mark.parametrize(
    "name", ["../..", "x/../../../../../../escape", "/tmp/escape", "~/escape", "a\\b"]
)
def test_mosaic_fov_names_never_become_paths(raw_dir, layout, name):
    work, prepare = layout
    zarr_dir = prepare(OverwriteMode.NO_OVERWRITE)
    outside_before = _tree(work, skip=zarr_dir)
    urls = _convert(raw_dir, zarr_dir, last_row={"fov_name": name})
    assert urls == [f"{zarr_dir}/P.zarr/A/01/0"]
    assert _tree(work, skip=zarr_dir) == outside_before


@pytest.mark.parametrize("name", ["..", "a/b", "dose (µM)"])
def test_attribute_columns_are_not_paths(raw_dir, layout, name):
    work, prepare = layout
    zarr_dir = prepare(OverwriteMode.NO_OVERWRITE)
    outside_before = _tree(work, skip=zarr_dir)
    _convert(raw_dir, zarr_dir, columns={"drug": name})
    table = zarr_dir / "P.zarr" / "tables" / "condition_table"
    assert any(table.iterdir())
    assert _tree(work, skip=zarr_dir) == outside_before


# --- the compute task holds the line on its own --------------------------------


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.name)
def test_compute_refuses_a_forged_hand_off_path(raw_dir, layout, mode):
    """A hand-off edited (or written by another tool) to climb out is refused."""
    work, prepare = layout
    zarr_dir = prepare(mode)
    tiles = hcs_images_from_dataframe(
        tiles_table=pd.DataFrame(_rows("plate")),
        acquisition_details=_acquisition(),
        plate_name="P",
    )
    images = tiled_image_from_tiles(tiles=tiles)
    entries = setup_images_for_conversion(
        images,
        zarr_dir=str(zarr_dir),
        collection_type="ImageInPlate",
        converter_options=ConverterOptions(),
        overwrite_mode=OverwriteMode.OVERWRITE,
    )
    entry = entries[0]
    init_args = dict(entry["init_args"])
    forged = "P.zarr/A/01/0/../../../../../../escape"
    init_args["tiled_image_json_str"] = init_args["tiled_image_json_str"].replace(
        '"path":"P.zarr/A/01/0"', json.dumps({"path": forged})[1:-1]
    )
    init_args["overwrite_mode"] = mode
    assert forged in init_args["tiled_image_json_str"]
    outside_before = _tree(work, skip=zarr_dir)
    inside_before = _tree(zarr_dir)
    with pytest.raises(ConvertersToolsNameError, match="image path"):
        generic_compute_task(
            zarr_url=str(work / "deep" / "escape"),
            init_args=init_args,
            collection_type=ImageInPlate,
            image_loader_type=DefaultImageLoader,
            resource=str(raw_dir),
        )
    assert _tree(work, skip=zarr_dir) == outside_before
    assert _tree(zarr_dir) == inside_before
