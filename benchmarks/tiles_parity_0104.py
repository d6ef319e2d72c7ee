"""Compare the tiles and tiled images built from the example tables with 0.10.4.

Usage (from the repository root):

    /work/venv/bin/python benchmarks/tiles_parity_0104.py          # compare, print
    /work/venv/bin/python benchmarks/tiles_parity_0104.py --write  # + refresh the
        expected block of tests/integration/test_tiles_parity_0104.py

The script re-runs itself with `--emit` twice: under the published 0.10.4
interpreter (`/work/ref0104/bin/python`) and under ours (`/work/venv/bin/python`).
Each child imports only the package installed in its own interpreter, builds the
tiles of `/work/shared/data/hcs_plate/tiles.csv` and
`/work/shared/data/single_acquisitions/tiles.csv` with two acquisition details
(the seed's `AcquisitionDetails(channels=[ChannelInfo(channel_label="DAPI")],
pixelsize=0.65, z_spacing=5.0)` and the data's own `acquisition_details.toml`)
and prints, as JSON, `tile.model_dump(mode="json")`, `tile.to_roi()` and the
`TiledImage` dumps of `tiled_image_from_tiles` / `tiles_aggregation_pipeline`
(default `ConverterOptions()`, plus the per-FOV `NoTiling()` split), the derived
geometry (`shape()`, `roi()`, pixel size, FOV groups and reference slices), and
the FOV_ROI_table of a small end-to-end conversion (`SMALL_CSV`). The parent
diffs the two outputs field by field and prints every difference: the
`collection.suffix` field is our one intended extension (checked, not counted),
`KNOWN` lists the mismatches already reported to their owners, anything else is
counted as unexpected (exit code 1).

Why a subprocess: the two packages share an import name and depend on
different ngio majors, so they can never live in one interpreter.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TEST_FILE = HERE.parent / "tests/integration/test_tiles_parity_0104.py"
REF_PYTHON = "/work/ref0104/bin/python"
OUR_PYTHON = "/work/venv/bin/python"
DATA = Path("/work/shared/data")
BEGIN = "# BEGIN GENERATED (benchmarks/tiles_parity_0104.py --write)\n"
END = "# END GENERATED\n"
SAME = "same as tiled_images"

# Mismatches with 0.10.4 found by this script, each a 0.10.4 defect (FEATURES §6);
# the test marks them xfail(strict=True). Regexes on the diff line.
KNOWN = {
    r"(per_fov_)?geometry\[\d+\]\.fov_groups\[\d+\]\.roi\.[xyz]_micrometer_original": (
        "core/geometry.py union_rois: extras are the per-axis minimum; 0.10.4 keeps "
        "those of the first region (ngio Roi.union keeps the left operand's)"
    ),
    r"(per_fov_)?geometry\[\d+\]\.roi\.[xyz]_micrometer_original": (
        "core/geometry.py union_rois (same cause, whole-image union)"
    ),
    r"fov_roi_table\.FOV_\d\.[xyz]_micrometer_original": (
        "pipelines/ome_zarr/tables.py: *_original from the reference slice; 0.10.4 "
        "(and 1.1.1) from the FOV union ROI, i.e. the FOV's first region"
    ),
}

# The one intended difference: our collections carry a public `suffix` field
# (0.10.4 kept it in a private attribute, so it never reached the TiledImage
# JSON and the compute side lost the per-FOV suffix of `collection.path()`).
# It must be "" everywhere except in per-FOV images, where it is "_<fov_name>".


# ---- child side: runs under either interpreter ---------------------------------


def _acquisition_variants(data_dir: Path) -> dict[str, Any]:
    """Build the two AcquisitionDetails variants with the running package."""
    from ome_zarr_converters_tools import AcquisitionDetails, ChannelInfo

    seed = AcquisitionDetails(
        channels=[ChannelInfo(channel_label="DAPI")],
        pixelsize=0.65,
        z_spacing=5.0,
    )
    raw = tomllib.loads((data_dir / "hcs_plate/acquisition_details.toml").read_text())
    names = raw.pop("channel_names")
    wavelengths = raw.pop("wavelengths")
    channels = [
        ChannelInfo(channel_label=name, wavelength_id=wavelength)
        for name, wavelength in zip(names, wavelengths, strict=True)
    ]
    toml_details = AcquisitionDetails(channels=channels, **raw)
    return {"seed": seed, "toml": toml_details}


def _safe(fn: Any) -> Any:
    """Run `fn`; on failure return the error type and message instead."""
    try:
        return fn()
    except Exception as exc:  # the parent reports every failure
        return {"__error__": f"{type(exc).__name__}: {exc}"}


def _images(images: list[Any]) -> list[dict[str, Any]]:
    return [image.model_dump(mode="json") for image in images]


def _roi(roi: Any) -> dict[str, Any]:
    """A ROI dump with its slices in canonical t, c, z, y, x order.

    0.10.4 builds union ROIs through a set of axes, so their slice order changes
    with PYTHONHASHSEED; only the canonical order is comparable.
    """
    dump = roi.model_dump(mode="json")
    dump["slices"] = sorted(dump["slices"], key=lambda s: "tczyx".index(s["axis_name"]))
    return dump


def _geometry(images: list[Any]) -> list[dict[str, Any]]:
    """The derived geometry of each image: shape, union ROI and FOV groups."""
    out = []
    for image in images:
        size = image.pixel_size
        out.append(
            {
                "path": image.path,
                "shape": list(image.shape()),
                "roi": _roi(image.roi()),
                "pixel_size": [size.x, size.y, size.z, size.t],
                "fov_groups": [
                    {
                        "fov_name": group.fov_name,
                        "shape": list(group.shape()),
                        "roi": _roi(group.roi()),
                        "ref_slice": _roi(group.ref_slice().roi),
                    }
                    for group in image.group_by_fov()
                ],
            }
        )
    return out


# A 128x108-pixel copy of the example plate (positions divided by 20) with the
# two rows of FOV_1 and of FOV_3 swapped: each FOV's first region is then not
# its reference slice (the one nearest the origin). It probes which region's
# raw stage position ends up in the `*_original` columns of FOV_ROI_table.
SMALL_CSV = """\
file_path,row,column,fov_name,start_x,start_y,start_z,start_c,start_t,length_x,length_y,length_z,length_c,length_t,drug
F001_Z02.png,A,1,FOV_1,0.505,0.505,1.0,0,0,128,108,1,1,1,DMSO
F001_Z01.png,A,1,FOV_1,0.5,0.5,0.0,0,0,128,108,1,1,1,DMSO
F002_Z01.png,A,1,FOV_2,50.0,50.0,0.0,0,0,128,108,1,1,1,DMSO
F002_Z02.png,A,1,FOV_2,50.0,50.005,1.0,0,0,128,108,1,1,1,DMSO
F002_Z02.png,A,1,FOV_3,0.505,50.0,1.0,0,0,128,108,1,1,1,DMSO
F002_Z01.png,A,1,FOV_3,0.505,50.005,0.0,0,0,128,108,1,1,1,DMSO
"""


def emit_fov_table(details: Any) -> dict[str, dict[str, float]]:
    """Convert `SMALL_CSV` end to end (zeros PNGs) and read its FOV_ROI_table."""
    import tempfile
    from io import StringIO

    import numpy as np
    import pandas as pd
    from ngio import open_ome_zarr_container
    from PIL import Image

    from ome_zarr_converters_tools import (
        ConverterOptions,
        ImageInPlate,
        OverwriteMode,
        exec_compound_task,
        generic_compute_task,
        setup_images_for_conversion,
        tiles_aggregation_pipeline,
    )
    from ome_zarr_converters_tools.core import hcs_images_from_dataframe
    from ome_zarr_converters_tools.models import DefaultImageLoader

    table = pd.read_csv(StringIO(SMALL_CSV))
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        for name in sorted(set(table["file_path"])):
            Image.fromarray(np.zeros((108, 128), dtype=np.uint16)).save(data / name)
        tiles = hcs_images_from_dataframe(
            tiles_table=table, acquisition_details=details, plate_name="DemoPlate"
        )
        options = ConverterOptions()
        images = tiles_aggregation_pipeline(
            tiles, converter_options=options, resource=str(data)
        )
        out = Path(tmp) / "out"
        exec_compound_task(
            init_task_fn=lambda: {
                "parallelization_list": setup_images_for_conversion(
                    images,
                    zarr_dir=str(out),
                    collection_type="ImageInPlate",
                    converter_options=options,
                    overwrite_mode=OverwriteMode.OVERWRITE,
                )
            },
            compute_task_fn=generic_compute_task,
            init_task_kwargs={},
            compute_task_kwargs={
                "collection_type": ImageInPlate,
                "image_loader_type": DefaultImageLoader,
                "resource": str(data),
            },
        )
        container = open_ome_zarr_container(str(out / "DemoPlate.zarr/A/01/0"))
        frame = container.get_table("FOV_ROI_table").dataframe
    return {
        str(fov): {str(col): float(value) for col, value in row.items()}
        for fov, row in frame.iterrows()
    }


def emit(data_dir: Path) -> dict[str, Any]:
    """Build every case with the package of the running interpreter."""
    import pandas as pd

    import ome_zarr_converters_tools as package
    from ome_zarr_converters_tools import ConverterOptions, tiles_aggregation_pipeline
    from ome_zarr_converters_tools.core import (
        hcs_images_from_dataframe,
        single_images_from_dataframe,
        tiled_image_from_tiles,
    )
    from ome_zarr_converters_tools.models import NoTiling

    resource = str(data_dir / "hcs_plate/data")
    tables = {
        "hcs": pd.read_csv(data_dir / "hcs_plate/tiles.csv"),
        "single": pd.read_csv(data_dir / "single_acquisitions/tiles.csv"),
    }
    cases: dict[str, Any] = {}
    for acq_name, details in _acquisition_variants(data_dir).items():
        for table_name, table in tables.items():
            if table_name == "hcs":
                tiles = hcs_images_from_dataframe(
                    tiles_table=table,
                    acquisition_details=details,
                    plate_name="DemoPlate",
                )
            else:
                tiles = single_images_from_dataframe(
                    tiles_table=table, acquisition_details=details
                )
            options = ConverterOptions()
            per_fov = ConverterOptions(tiling_strategy=NoTiling())
            cases[f"{table_name}/{acq_name}"] = {
                "tiles": [tile.model_dump(mode="json") for tile in tiles],
                "rois": [tile.to_roi().model_dump(mode="json") for tile in tiles],
                "tiled_images": _safe(
                    lambda t=tiles, o=options: _images(
                        tiled_image_from_tiles(
                            tiles=t, converter_options=o, resource=resource
                        )
                    )
                ),
                "pipeline_images": _safe(
                    lambda t=tiles, o=options: _images(
                        tiles_aggregation_pipeline(
                            t, converter_options=o, resource=resource
                        )
                    )
                ),
                "geometry": _safe(
                    lambda t=tiles, o=options: _geometry(
                        tiled_image_from_tiles(
                            tiles=t, converter_options=o, resource=resource
                        )
                    )
                ),
                "per_fov_geometry": _safe(
                    lambda t=tiles, o=per_fov: _geometry(
                        tiled_image_from_tiles(
                            tiles=t, converter_options=o, resource=resource
                        )
                    )
                ),
                "per_fov_images": _safe(
                    lambda t=tiles, o=per_fov: _images(
                        tiled_image_from_tiles(
                            tiles=t, converter_options=o, resource=resource
                        )
                    )
                ),
            }
    cases["small_reordered/toml"] = {
        "fov_roi_table": _safe(
            lambda: emit_fov_table(_acquisition_variants(data_dir)["toml"])
        )
    }
    return {"version": getattr(package, "__version__", "?"), "cases": cases}


# ---- parent side ---------------------------------------------------------------


def run_child(python: str, data_dir: Path) -> dict[str, Any]:
    """Run this script with `--emit` under `python` and parse its JSON."""
    proc = subprocess.run(
        [python, str(Path(__file__).resolve()), "--emit", "--data", str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{python} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.splitlines()[-1])


def diff(expected: Any, actual: Any, path: str = "") -> list[str]:
    """List every field where `actual` differs from `expected` (JSON values)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out: list[str] = []
        for key in expected.keys() | actual.keys():
            sub = f"{path}.{key}" if path else str(key)
            if key not in actual:
                out.append(f"{sub}: missing in ours (0.10.4: {expected[key]!r})")
            elif key not in expected:
                out.append(f"{sub}: only in ours ({actual[key]!r})")
            else:
                out.extend(diff(expected[key], actual[key], sub))
        if list(expected) != [k for k in actual if k in expected]:
            out.append(f"{path}: key order {list(expected)} vs ours {list(actual)}")
        return sorted(out)
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: length 0.10.4 {len(expected)} vs ours {len(actual)}"]
        out = []
        for index, (exp, act) in enumerate(zip(expected, actual, strict=True)):
            out.extend(diff(exp, act, f"{path}[{index}]"))
        return out
    if type(expected) is not type(actual) or expected != actual:
        return [f"{path}: 0.10.4 {expected!r} vs ours {actual!r}"]
    return []


def strip_intended(kind: str, dumps: Any) -> tuple[Any, list[str], int]:
    """Remove our documented extra fields from `dumps` (a copy) after checking them.

    Returns:
        The dumps without the extra fields, the problems found with their
        values, and how many were removed.
    """
    if not isinstance(dumps, list):
        return dumps, [], 0
    stripped: list[Any] = []
    problems: list[str] = []
    removed = 0
    for index, dump in enumerate(dumps):
        if not isinstance(dump, dict) or "collection" not in dump:
            stripped.append(dump)
            continue
        collection = dict(dump["collection"])
        expected = ""
        if kind == "per_fov_images":
            expected = "_" + dump["regions"][0]["roi"]["name"]
        suffix = collection.pop("suffix", None)
        if suffix != expected:
            problems.append(
                f"{kind}[{index}].collection.suffix: expected {expected!r}, "
                f"ours {suffix!r}"
            )
        stripped.append({**dump, "collection": collection})
        removed += 1
    return stripped, problems, removed


def render(cases: dict[str, Any]) -> str:
    """The expected block as ruff-formatted Python source.

    File names longer than the line limit become module constants (`PNG_*`),
    and an image list equal to the `tiled_images` one of the same case is
    written as the string `"same as tiled_images"` (the test resolves it).
    """
    cases = copy.deepcopy(cases)
    for case in cases.values():
        for kind in ("pipeline_images", "per_fov_images"):
            if kind not in case:
                continue
            if case[kind] == case["tiled_images"]:
                case[kind] = SAME
    body = repr(cases)
    names = sorted(set(re.findall(r"'([^']{40,}\.png)'", body)))
    constants = []
    for name in names:
        match = re.search(r"(F\d+)L\d+A\d+(Z\d+)C\d+\.png$", name)
        if match is None:
            raise SystemExit(f"unexpected file name {name!r}")
        constant = f"PNG_{match.group(1)}_{match.group(2)}"
        head, tail = name[: match.start()], name[match.start() :]
        constants.append(f"{constant} = ({head!r} {tail!r})\n")
        body = body.replace(repr(name), constant)
    source = (
        f'SMALL_CSV = """\\\n{SMALL_CSV}"""\n'
        + "".join(constants)
        + "EXPECTED_0104: dict[str, Any] = "
        + body
        + "\n"
    )
    proc = subprocess.run(
        [str(Path(OUR_PYTHON).parent / "ruff"), "format", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def main() -> int:
    """Compare the two packages; optionally rewrite the test's expected block."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emit", action="store_true", help="child mode")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--ref-python", default=REF_PYTHON)
    parser.add_argument("--our-python", default=OUR_PYTHON)
    args = parser.parse_args()
    if args.emit:
        print(json.dumps(emit(args.data)))
        return 0

    theirs = run_child(args.ref_python, args.data)
    ours = run_child(args.our_python, args.data)
    print(f"reference {theirs['version']} vs ours {ours['version']}")
    unexpected = 0
    for case, expected in theirs["cases"].items():
        for kind, value in expected.items():
            mine, other, n_intended = strip_intended(kind, ours["cases"][case][kind])
            other += diff(value, mine, kind)
            known = [
                line
                for line in other
                if any(re.match(pattern, line) for pattern in KNOWN)
            ]
            other = [line for line in other if line not in known]
            unexpected += len(other)
            status = "EQUAL" if not other else f"{len(other)} UNEXPECTED"
            print(
                f"{case:20s} {kind:16s} {status} ({n_intended} suffix checked, "
                f"{len(known)} known)"
            )
            for line in other:
                print("    ", line[:400])
            for line in known:
                print("     KNOWN", line[:300])
    print(f"unexpected differences: {unexpected}")
    if args.write:
        text = TEST_FILE.read_text()
        head, rest = text.split(BEGIN)
        _, tail = rest.split(END)
        TEST_FILE.write_text(head + BEGIN + render(theirs["cases"]) + END + tail)
        print(f"rewrote the expected block of {TEST_FILE}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
