"""Conversion scenarios compared with the published 1.1.1, and their generator.

Not a test module: `test_parity_111.py` imports it to convert with this library,
and run as a script it writes the expected data `parity_111.json` next to it
from whatever `ome_zarr_converters_tools` the interpreter imports. Run it with
the published 1.1.1 (ngio 1.1.x) from the repository root:

    python -m venv /tmp/v111
    /tmp/v111/bin/pip install "ome-zarr-converters-tools==1.1.1"
    /tmp/v111/bin/python tests/integration/parity_111_scenarios.py

(`--check` prints the scenarios whose summary differs from the stored file
instead of writing it.) The inputs are the reduced example plate and single
image of `tests/data/hcs_plate_small` (see `make_reference_0104.py` there), the
scenarios those of the 0.10.4 parity test (`test_parity_0104.py`: plate and
single image, NGFF 0.4 and 0.5, the per-FOV split) plus the 1.x options (CSV
and AnnData tables, jitter removal on and off, shards, named levels, fixed
chunks, the tiling strategies, every writer mode). Options are written with
the 1.x spellings and every value whose default differs between the lines is
given explicitly, so the same scenario runs on both release lines of this
library. Only the public API both libraries share is used.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import zarr
from ngio import open_ome_zarr_container

from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ChannelInfo,
    ConverterOptions,
    DefaultImageLoader,
    ImageInPlate,
    OverwriteMode,
    SingleImage,
    exec_compound_task,
    generic_compute_task,
    hcs_images_from_dataframe,
    setup_images_for_conversion,
    single_images_from_dataframe,
    tiles_aggregation_pipeline,
)

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "hcs_plate_small"
EXPECTED = HERE / "parity_111.json"
REFERENCE = "ome-zarr-converters-tools 1.1.1"

_DEFAULTS_111: dict[str, Any] = {
    # 1.1.1's defaults of the values that differ between the lines, spelled out.
    "stage_position_corrections": {"remove_xy_jitter": True},
    "omezarr_options": {"table_backend": "csv"},
}


def _options(**changes: Any) -> dict[str, Any]:
    """Return 1.x option input: 1.1.1's defaults with `changes` merged in."""
    options: dict[str, Any] = json.loads(json.dumps(_DEFAULTS_111))
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(options.get(key), dict):
            options[key] = {**options[key], **value}
        else:
            options[key] = value
    return options


def _zarr(version: str, **more: Any) -> dict[str, Any]:
    return {"ngff_version": version, **more}


SCENARIOS: dict[str, dict[str, Any]] = {
    # The 0.10.4 parity scenarios, with 1.1.1's defaults.
    **{
        f"{kind}-{version}": {
            "kind": kind,
            "options": _options(omezarr_options=_zarr(version)),
        }
        for kind in ("plate", "single")
        for version in ("0.4", "0.5")
    },
    "per_fov-0.4": {
        "kind": "per_fov",
        "options": _options(grouping={"mode": "Per-FOV"}),
    },
    # The 0.10.4 parity scenarios with 0.10.4's defaults (AnnData, no jitter removal).
    **{
        f"{kind}-{version}-0.10.4-defaults": {
            "kind": kind,
            "options": _options(
                stage_position_corrections={"remove_xy_jitter": False},
                omezarr_options=_zarr(version, table_backend="anndata"),
            ),
        }
        for kind in ("plate", "single")
        for version in ("0.4", "0.5")
    },
    # 1.x options.
    "plate-0.5-shards": {
        "kind": "plate",
        "options": _options(
            omezarr_options=_zarr(
                "0.5", shards={"mode": "Multiple of Chunks", "xy_factor": 2}
            )
        ),
    },
    "plate-0.4-named-levels": {
        "kind": "plate",
        "options": _options(
            omezarr_options={
                "levels": {"mode": "Custom Names", "level_names": ["s0", "s1", "s2"]}
            }
        ),
    },
    "plate-0.4-three-levels-fixed-chunks": {
        "kind": "plate",
        "options": _options(
            omezarr_options={
                "levels": {"mode": "Number of Levels", "num_levels": 3},
                "chunks": {"mode": "Fixed Size", "xy_chunk": 64, "z_chunk": 1},
            }
        ),
    },
    **{
        f"plate-0.4-{mode.lower().replace(' ', '-')}": {
            "kind": "plate",
            "options": _options(
                grouping={"mode": "Mosaic", "tiling_strategy": {"mode": mode}}
            ),
        }
        for mode in ("Inplace", "Snap to Corners", "Snap to Grid")
    },
    **{
        "plate-0.4-"
        + "-".join(mode.lower().replace("(", "").replace(")", "").split()): {
            "kind": "plate",
            "options": _options(writer_mode=mode),
        }
        for mode in (
            "By Tile",
            "By Tile (Using Dask)",
            "By FOV (Using Dask)",
            "In Memory",
        )
    },
    "single-0.4-keep-offsets": {
        "kind": "single",
        "options": _options(
            stage_position_corrections={
                "remove_xy_offset": "Keep",
                "remove_z_offset": "Keep",
            }
        ),
    },
}
"""Scenario name -> input kind (`plate`, `single`, `per_fov`) and 1.x options."""


def _acquisition() -> AcquisitionDetails:
    """The acquisition of the reduced plate, in 1.x spellings."""
    return AcquisitionDetails.model_validate(
        {
            "start_x_space": "world",
            "start_y_space": "world",
            "start_z_space": "pixel",
            "start_t_space": "pixel",
            "length_x_space": "pixel",
            "length_y_space": "pixel",
            "length_z_space": "pixel",
            "length_t_space": "pixel",
            "xy_pixel_size": 0.65,
            "z_spacing": 5.0,
            "t_spacing": 1.0,
            "channels": [ChannelInfo(channel_label="DAPI", wavelength_id="405")],
            "axes": ["t", "c", "z", "y", "x"],
        }
    )


def convert(out: Path, scenario: str) -> list[Any]:
    """Convert one scenario into `out` through the Fractal init/compute helpers."""
    spec = SCENARIOS[scenario]
    options = ConverterOptions.model_validate(spec["options"])
    kind = spec["kind"]
    if kind == "single":
        tiles = single_images_from_dataframe(
            tiles_table=pd.read_csv(DATA / "single_tiles.csv"),
            acquisition_details=_acquisition(),
        )
        collection: type[Any] = SingleImage
    else:
        tiles = hcs_images_from_dataframe(
            tiles_table=pd.read_csv(DATA / "tiles.csv"),
            acquisition_details=_acquisition(),
            plate_name="DemoPlate",
            acquisition_id=1 if kind == "per_fov" else 0,
        )
        collection = ImageInPlate
    resource = str(DATA / "data")
    images = tiles_aggregation_pipeline(
        tiles, converter_options=options, resource=resource
    )
    return exec_compound_task(
        init_task_fn=lambda: {
            "parallelization_list": setup_images_for_conversion(
                images,
                zarr_dir=str(out),
                collection_type=collection.__name__,
                converter_options=options,
                overwrite_mode=OverwriteMode.OVERWRITE,
            )
        },
        compute_task_fn=generic_compute_task,
        init_task_kwargs={},
        compute_task_kwargs={
            "collection_type": collection,
            "image_loader_type": DefaultImageLoader,
            "resource": resource,
        },
    )


def _json(value: Any) -> Any:
    """Round-trip through JSON so numpy scalars and tuples compare as stored."""
    return json.loads(json.dumps(value, default=str))


def _dtype(dtype: Any) -> str:
    """Name a column dtype; text columns are `str` (pandas 2: object, 3: str)."""
    return "str" if pd.api.types.is_string_dtype(dtype) else str(dtype)


def _table(container: Any, name: str) -> dict[str, Any]:
    frame = container.get_table(name).dataframe.reset_index()
    return _json(
        {"dtypes": [_dtype(t) for t in frame.dtypes], **frame.to_dict("split")}
    )


def _image(url: Path) -> dict[str, Any]:
    """Pixels (sha256 per level) and metadata of one image."""
    group = zarr.open_group(str(url), mode="r")
    container = open_ome_zarr_container(str(url))
    levels = {}
    for path in sorted(k for k in group.array_keys()):
        array = group[path]
        data = np.ascontiguousarray(array[...])
        levels[path] = {
            "shape": list(array.shape),
            "chunks": list(array.chunks),
            "shards": list(array.shards) if getattr(array, "shards", None) else None,
            "dtype": str(array.dtype),
            "sha256": hashlib.sha256(data.tobytes()).hexdigest(),
        }
    tables = {}
    for name in container.list_tables():
        attrs = dict(zarr.open_group(str(url / "tables" / name), mode="r").attrs)
        tables[name] = {"attrs": _json(attrs), "content": _table(container, name)}
    return {"attrs": _json(dict(group.attrs)), "levels": levels, "tables": tables}


def _relative(value: Any, root: Path) -> Any:
    """Replace the output folder in image-list updates by `<zarr_dir>`."""
    return json.loads(json.dumps(value, default=str).replace(str(root), "<zarr_dir>"))


def summarise(out: Path, scenario: str, updates: list[Any]) -> dict[str, Any]:
    """Return what the parity test compares: updates, plate/well, every image."""
    summary: dict[str, Any] = {"updates": _relative(updates, out)}
    image_urls = sorted(
        {
            Path(update["zarr_url"])
            for result in updates
            for update in result["image_list_updates"]
        }
    )
    plate_dir = out / "DemoPlate.zarr"
    if plate_dir.exists():
        plate = zarr.open_group(str(plate_dir), mode="r")
        summary["plate_attrs"] = _json(dict(plate.attrs))
        summary["well_attrs"] = _json(dict(plate["A/01"].attrs))
        csv = plate_dir / "tables" / "condition_table" / "table.csv"
        summary["plate_condition_csv"] = csv.read_text() if csv.exists() else None
    summary["images"] = {str(url.relative_to(out)): _image(url) for url in image_urls}
    return summary


def dumps() -> dict[str, Any]:
    """Return the JSON dumps of the models the scenarios build (1.x names)."""
    tiles = hcs_images_from_dataframe(
        tiles_table=pd.read_csv(DATA / "tiles.csv"),
        acquisition_details=_acquisition(),
        plate_name="DemoPlate",
    )
    options = ConverterOptions.model_validate(_options())
    images = tiles_aggregation_pipeline(
        tiles, converter_options=options, resource=str(DATA / "data")
    )
    return _json(
        {
            "ConverterOptions": ConverterOptions().model_dump(mode="json"),
            "AcquisitionDetails": _acquisition().model_dump(mode="json"),
            "Tile": tiles[0].model_dump(mode="json"),
            "TiledImage": images[0].model_dump(mode="json"),
        }
    )


def run(scenario: str, out: Path) -> dict[str, Any]:
    """Convert and summarise one scenario in the empty folder `out`."""
    return summarise(out, scenario, convert(out, scenario))


def main(argv: list[str]) -> int:
    """Write (or with `--check`, compare) the expected data of every scenario."""
    import ome_zarr_converters_tools

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scenario in SCENARIOS:
            results[scenario] = run(scenario, Path(tmp) / scenario)
    if "--check" in argv:
        stored = json.loads(EXPECTED.read_text())["scenarios"]
        differ = [name for name in SCENARIOS if stored.get(name) != results[name]]
        print(
            f"{len(SCENARIOS) - len(differ)}/{len(SCENARIOS)} match; differ: {differ}"
        )
        return 1 if differ else 0
    import ngio

    document = {
        "reference": REFERENCE,
        "written_by": (
            f"ome-zarr-converters-tools {ome_zarr_converters_tools.__version__}, "
            f"ngio {ngio.__version__}, zarr {zarr.__version__}"
        ),
        "generator": "tests/integration/parity_111_scenarios.py",
        "dumps": dumps(),
        "scenarios": results,
    }
    EXPECTED.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n")
    print(f"wrote {len(results)} scenarios to {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
