"""Compare registered pixel ROIs with the published 0.10.4 and 1.1.1 packages.

Usage (from the repository root):

    PARITY_RANDOM=300 /work/venv/bin/python benchmarks/registration_parity.py
        (random sweep against 1.1.1; printed only)

    /work/venv/bin/python benchmarks/registration_parity.py            # compare
    /work/venv/bin/python benchmarks/registration_parity.py --write    # + refresh
        the expected ROIs written out in tests/pipelines/registration/test_parity.py

The script re-runs itself with `--emit` under each reference interpreter
(`/work/ref0104/bin/python`, `/work/ref111/bin/python`), where it imports only
the published package; it never imports their code into ours. The layouts come
from `benchmarks/registration_layouts.py` plus the example plate in
`/work/shared/data/hcs_plate` (z starts are pixel indices there).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from registration_layouts import build_layouts, random_layouts  # noqa: E402

REF = {"0.10.4": "/work/ref0104/bin/python", "1.1.1": "/work/ref111/bin/python"}
HCS = Path("/work/shared/data/hcs_plate")
TEST_FILE = HERE.parent / "tests/pipelines/registration/test_parity.py"
BEGIN = "# BEGIN GENERATED (benchmarks/registration_parity.py --write)\n"
END = "# END GENERATED\n"


def hcs_layout() -> dict[str, Any]:
    """The example plate as a layout (tiles.csv + acquisition_details.toml)."""
    import csv

    details = tomllib.loads((HCS / "acquisition_details.toml").read_text())
    tiles = []
    with open(HCS / "tiles.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            tiles.append(
                {
                    "fov": row["fov_name"],
                    "x": float(row["start_x"]),
                    "y": float(row["start_y"]),
                    "z": float(row["start_z"]),
                    "c": int(row["start_c"]),
                    "t": float(row["start_t"]),
                    "lx": float(row["length_x"]),
                    "ly": float(row["length_y"]),
                    "lz": float(row["length_z"]),
                    "lc": int(row["length_c"]),
                    "lt": float(row["length_t"]),
                    "image": [row["row"], int(row["column"]), 0],
                }
            )
    return {
        "id": "hcs_plate_example",
        "acq": {
            "pixelsize": details["pixelsize"],
            "z_spacing": details["z_spacing"],
            "t_spacing": details["t_spacing"],
            "axes": details["axes"],
            "channels": details["channel_names"],
            "start_z_coo": details["start_z_coo"],
            "start_t_coo": details["start_t_coo"],
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiles": tiles,
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "reference": "0.10.4",
    }


RANDOM = int(os.environ.get("PARITY_RANDOM", "0"))


def all_layouts() -> list[dict[str, Any]]:
    """Synthetic layouts plus the example plate (plus random ones on request)."""
    if RANDOM:
        return random_layouts(RANDOM, seed=int(os.environ.get("PARITY_SEED", "1")))
    return [*build_layouts(), hcs_layout()]


# --- reference side (runs inside a reference virtualenv) -------------------------


def _ref_run(layout: dict[str, Any]) -> Any:
    import importlib.metadata

    import ome_zarr_converters_tools as o
    from ome_zarr_converters_tools import models as m
    from ome_zarr_converters_tools import pipelines as p
    from ome_zarr_converters_tools.core import tiled_image_from_tiles

    v1 = importlib.metadata.version("ome-zarr-converters-tools").startswith("1.")
    acq = layout["acq"]
    space = "space" if v1 else "coo"
    kw: dict[str, Any] = {
        f"start_z_{space}": acq["start_z_coo"],
        f"start_t_{space}": acq["start_t_coo"],
        ("xy_pixel_size" if v1 else "pixelsize"): acq["pixelsize"],
        "z_spacing": acq["z_spacing"],
        "t_spacing": acq["t_spacing"],
        "axes": acq["axes"],
        "data_type": "uint16",
        "stage_orientation": m.StageOrientation(
            flip_x=acq["flip_x"], flip_y=acq["flip_y"], swap_xy=acq["swap_xy"]
        ),
    }
    if acq["channels"] is not None:
        kw["channels"] = [m.ChannelInfo(channel_label=c) for c in acq["channels"]]
    details = m.AcquisitionDetails(**kw)
    tiles = []
    for t in layout["tiles"]:
        if isinstance(t["image"], str):
            coll: Any = m.SingleImage(image_path=t["image"])
        else:
            row, col, acq_id = t["image"]
            coll = m.ImageInPlate(
                plate_name="plate", row=row, column=col, acquisition=acq_id
            )
        tiles.append(
            o.Tile(
                fov_name=t["fov"],
                start_x=t["x"],
                start_y=t["y"],
                start_z=t["z"],
                start_c=t["c"],
                start_t=t["t"],
                length_x=t["lx"],
                length_y=t["ly"],
                length_z=t["lz"],
                length_c=t["lc"],
                length_t=t["lt"],
                collection=coll,
                image_loader=m.DefaultImageLoader(file_path="x.png"),
                acquisition_details=details,
            )
        )
    tiling = dict(layout["tiling"])
    per_fov = tiling["mode"] == "No Tiling"
    if v1:
        if per_fov:
            tiling = {"mode": "Inplace"}
        strategy = {
            "Auto": m.AutoTiling,
            "Snap to Grid": m.SnapToGridTiling,
            "Snap to Corners": m.SnapToCornersTiling,
            "Inplace": m.InplaceTiling,
        }[tiling.pop("mode")](**tiling)
        images = tiled_image_from_tiles(tiles=tiles, split_per_fov=per_fov)
        corr = m.StagePositionCorrections(
            remove_xy_jitter=layout["align_xy"], **layout.get("corrections", {})
        )
    else:
        strategy = {
            "Auto": m.AutoTiling,
            "Snap to Grid": m.SnapToGridTiling,
            "Snap to Corners": m.SnapToCornersTiling,
            "Inplace": m.InplaceTiling,
            "No Tiling": m.NoTiling,
        }[tiling.pop("mode")](**tiling)
        opts = m.ConverterOptions(tiling_strategy=strategy)
        images = tiled_image_from_tiles(tiles=tiles, converter_options=opts)
        corr = m.StagePositionCorrections(align_xy=layout["align_xy"])
    pipeline = p.build_default_registration_pipeline(corr, strategy)
    out = []
    for image in images:
        try:
            reg = p.apply_registration_pipeline(image, pipeline)
        except Exception as err:
            out.append({"path": image.path, "error": type(err).__name__})
            continue
        out.append(summarise(reg))
    return out


def summarise(image: Any) -> dict[str, Any]:
    """Reduce a registered TiledImage to path, channel labels and pixel ROIs."""
    regions = []
    for region in image.regions:
        roi = region.roi
        regions.append(
            [
                roi.name,
                {s.axis_name: [s.start, s.length] for s in roi.slices},
            ]
        )
    channels = (
        None if image.channels is None else [c.channel_label for c in image.channels]
    )
    return {"path": image.path, "channels": channels, "regions": regions}


def emit() -> None:
    """Print the reference result of every layout as JSON (reference venv)."""
    import warnings

    warnings.simplefilter("ignore")
    result = {}
    for layout in all_layouts():
        try:
            result[layout["id"]] = _ref_run(layout)
        except Exception as err:
            result[layout["id"]] = {"error": f"{type(err).__name__}: {err}"}
    print(json.dumps(result))


# --- our side ---------------------------------------------------------------------


def reference_results() -> dict[str, dict[str, Any]]:
    """Run `--emit` under both reference interpreters."""
    out = {}
    for version, python in REF.items():
        proc = subprocess.run(
            [python, __file__, "--emit"],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": ""},
        )
        out[version] = json.loads(proc.stdout)
    return out


def our_results() -> dict[str, Any]:
    """Run our pipeline on every layout (through the test helper)."""
    sys.path.insert(0, str(TEST_FILE.parent))
    from test_parity import run_layout

    return {layout["id"]: run_layout(layout) for layout in all_layouts()}


def compact_image(image: dict[str, Any]) -> dict[str, Any]:
    """Compact form used in the test file (defined there)."""
    sys.path.insert(0, str(TEST_FILE.parent))
    from test_parity import compact_image as compact

    return compact(image)


def _same(a: Any, b: Any) -> bool:
    return json.loads(json.dumps(a)) == json.loads(json.dumps(b))


def main() -> None:
    """Compare, print a summary, and optionally rewrite the expected data."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--emit", action="store_true")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.emit:
        emit()
        return
    refs = reference_results()
    ours = our_results()
    cases = []
    matched = 0
    for layout in all_layouts():
        lid = layout["id"]
        target = layout["reference"]
        expected = refs[target][lid]
        ok = _same(
            [compact_image(i) for i in ours[lid]], [compact_image(i) for i in expected]
        )
        matched += ok
        other = "1.1.1" if target == "0.10.4" else "0.10.4"
        same_other = _same(
            [compact_image(i) for i in ours[lid]],
            [compact_image(i) for i in refs[other][lid]],
        )
        print(
            f"{lid:28s} target {target}: {'MATCH' if ok else 'DIFF '}"
            f"  (vs {other}: {'same' if same_other else 'differs'})"
        )
        if not ok:
            print("  ours:    ", json.dumps(ours[lid])[:600])
            print("  expected:", json.dumps(expected)[:600])
        cases.append({"layout": layout, "expected": expected})
    print(f"{matched}/{len(cases)} layouts match their reference")
    if RANDOM:
        return
    if args.write:
        text = TEST_FILE.read_text()
        head, rest = text.split(BEGIN)
        _, tail = rest.split(END)
        TEST_FILE.write_text(head + BEGIN + render_cases(cases) + END + tail)
        print(f"wrote {len(cases)} cases into {TEST_FILE}")


_TILE_KEYS = ("fov", "x", "y", "z", "c", "t", "lx", "ly", "lz", "lc", "lt", "image")


def render_cases(cases: list[dict[str, Any]]) -> str:
    """Python source of the CASES literal: one tile and one region per line."""
    lines = ["CASES: list[dict[str, Any]] = ["]
    for case in cases:
        layout = case["layout"]
        lines.append("    {")
        for key in ("id", "reference", "acq", "tiling", "align_xy"):
            lines.append(f"        {key!r}: {layout[key]!r},")
        lines.append(f"        'corrections': {layout.get('corrections', {})!r},")
        lines.append("        'tiles': [")
        for tile in layout["tiles"]:
            values = tuple(
                tuple(tile[k]) if isinstance(tile[k], list) else tile[k]
                for k in _TILE_KEYS
            )
            lines.append(f"            {values!r},")
        lines.append("        ],")
        lines.append("        'expected': [")
        for image in case["expected"]:
            image = compact_image(image)
            if "error" in image:
                lines.append(f"            {image!r},")
                continue
            lines.append("            {")
            lines.append(f"                'path': {image['path']!r},")
            lines.append(f"                'channels': {image['channels']!r},")
            lines.append("                'regions': [")
            for region in image["regions"]:
                lines.append(f"                    {region!r},")
            lines.append("                ],")
            lines.append("            },")
        lines.append("        ],")
        lines.append("    },")
    lines.append("]")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
