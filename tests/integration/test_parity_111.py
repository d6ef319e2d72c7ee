"""Parity with the published 1.1.1 on the scenarios compared with 0.10.4.

The expected data, `parity_111.json`, was written by the published
ome-zarr-converters-tools 1.1.1 (ngio 1.1.3) with the generator
`parity_111_scenarios.py` next to this file (its docstring says how to install
1.1.1 and run it). Each scenario converts the reduced example plate or single
image of `tests/data/hcs_plate_small` through the Fractal init/compute helpers
with options in 1.x spellings, every value whose default differs between the
release lines given explicitly, so that both lines of this library are compared
with 1.1.1: the pixels (sha256 of every pyramid level, shapes, chunks, shards),
the image attributes (multiscales, omero), the plate and well attributes, the
plate condition table, every table (attributes and content) and the
image-list updates must be equal.

`test_111_against_0104` records, per compared item, whether 1.1.1 writes what
0.10.4 wrote (`test_parity_0104.py`) or differs by design; `1.x defaults` says
that the 1.x line's defaults are 1.1.1's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from parity_111_scenarios import EXPECTED, REFERENCE, SCENARIOS, _options, dumps, run
from test_parity_0104 import (
    FOV_NAMES,
    FOV_ROI_ROWS,
    IMAGE_TABLES,
    LEVEL_SHA256,
    MULTISCALE_04,
    MULTISCALE_05,
    PER_FOV_LEVELS,
    PLATE,
    PLATE_CONDITION_CSV,
    UPDATE_ATTRIBUTES,
    omero,
)

from _api_lines import only_on_line
from ome_zarr_converters_tools import ConverterOptions

pytestmark = pytest.mark.integration

STORED: dict[str, Any] = json.loads(EXPECTED.read_text())
RESULTS_111: dict[str, Any] = STORED["scenarios"]


def test_expected_data_names_its_reference() -> None:
    assert STORED["reference"] == REFERENCE
    assert STORED["written_by"].startswith(REFERENCE)
    assert sorted(RESULTS_111) == sorted(SCENARIOS)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_conversion_equals_111(tmp_path: Path, scenario: str) -> None:
    ours = run(scenario, tmp_path)
    expected = RESULTS_111[scenario]
    assert ours.keys() == expected.keys()
    assert ours["updates"] == expected["updates"]
    for key in ("plate_attrs", "well_attrs", "plate_condition_csv"):
        assert ours.get(key) == expected.get(key), key
    assert ours["images"].keys() == expected["images"].keys()
    for path, image in expected["images"].items():
        mine = ours["images"][path]
        assert mine["levels"] == image["levels"], path
        assert mine["attrs"] == image["attrs"], path
        assert mine["tables"] == image["tables"], path


@only_on_line("1", "the 0.10 line's defaults are 0.10.4's: test_parity_0104.py")
def test_1x_defaults_are_the_explicit_111_defaults() -> None:
    # The scenarios spell out 1.1.1's defaults so that both lines run them; on
    # the 1.x line leaving them out must give the same options.
    assert ConverterOptions() == ConverterOptions.model_validate(_options())


@only_on_line("1", "the 0.10 line dumps 0.10.4's names: test_tiles_parity_0104.py")
@pytest.mark.parametrize(
    "model", ["ConverterOptions", "AcquisitionDetails", "Tile", "TiledImage"]
)
def test_dumps_equal_111(model: str) -> None:
    ours = dumps()[model]
    expected = STORED["dumps"][model]
    if model in ("Tile", "TiledImage"):
        # Intended difference (as with 0.10.4, see test_tiles_parity_0104.py):
        # our collection dumps its per-FOV `suffix`, which 1.1.1 keeps private
        # and loses in the init-to-compute hand-off.
        assert ours["collection"].pop("suffix") == ""
    assert list(ours) == list(expected)
    assert ours == expected


# ---- 1.1.1 against 0.10.4 -----------------------------------------------------------

CSV_BY_DESIGN = (
    "1.1.1 writes ROI tables as CSV by default (0.10.4: AnnData; FEATURES.md, "
    "OmeZarrOptions); CSV keeps no column dtype, whole numbers read back as int64"
)


def _first_image(summary: dict[str, Any]) -> dict[str, Any]:
    return next(iter(summary["images"].values()))


def _fov_rows(summary: dict[str, Any]) -> dict[str, list[float]]:
    content = _first_image(summary)["tables"]["FOV_ROI_table"]["content"]
    return {row[0]: [float(v) for v in row[1:]] for row in content["data"]}


def _table_backend(summary: dict[str, Any]) -> set[str]:
    return {
        table["attrs"].get("backend", "")
        for image in summary["images"].values()
        for name, table in image["tables"].items()
        if name != "condition_table"
    }


def _compared(kind: str, version: str, summary: dict[str, Any]) -> dict[str, Any]:
    """The items test_parity_0104.py pins, read from a 1.1.1 summary."""
    image = _first_image(summary)
    items: dict[str, Any] = {
        "pixels": {level: x["sha256"] for level, x in image["levels"].items()},
        "multiscales and omero": image["attrs"],
        "tables": list(image["tables"]),
        "FOV_ROI_table rows": _fov_rows(summary),
        "table backend": _table_backend(summary),
        "image-list update": summary["updates"][0]["image_list_updates"][0][
            "attributes"
        ],
    }
    if kind == "plate":
        items["plate"] = summary["plate_attrs"]
        items["plate condition table"] = summary["plate_condition_csv"]
    return items


def _expected_0104(kind: str, version: str) -> dict[str, Any]:
    """The same items as 0.10.4 wrote them (test_parity_0104.py)."""
    multiscale = MULTISCALE_04 if version == "0.4" else MULTISCALE_05
    attrs: dict[str, Any] = {"multiscales": [multiscale], "omero": omero(kind)}
    items: dict[str, Any] = {
        "pixels": LEVEL_SHA256[kind],
        "multiscales and omero": (
            attrs if version == "0.4" else {"ome": {"version": "0.5", **attrs}}
        ),
        "tables": IMAGE_TABLES[kind],
        "FOV_ROI_table rows": {name: FOV_ROI_ROWS[name] for name in FOV_NAMES[kind]},
        "table backend": {"anndata"},
        "image-list update": UPDATE_ATTRIBUTES[kind],
    }
    if kind == "plate":
        plate = {**PLATE, "version": version}
        items["plate"] = (
            {"plate": plate, "version": "0.4"}
            if version == "0.4"
            else {"ome": {"version": "0.5", "plate": plate}}
        )
        items["plate condition table"] = PLATE_CONDITION_CSV
    return items


AGAINST_0104 = [
    pytest.param(
        f"{kind}-{version}{defaults}",
        "same" if defaults or item != "table backend" else CSV_BY_DESIGN,
        item,
        id=f"{kind}-{version}{defaults}-{item}",
    )
    for kind in ("plate", "single")
    for version in ("0.4", "0.5")
    for defaults in ("", "-0.10.4-defaults")
    for item in _expected_0104(kind, version)
]


@pytest.mark.parametrize(("scenario", "expectation", "item"), AGAINST_0104)
def test_111_against_0104(scenario: str, expectation: str, item: str) -> None:
    """Where 1.1.1 writes what 0.10.4 wrote, and where it differs by design.

    With 0.10.4's defaults given explicitly (AnnData tables, no xy jitter
    removal) 1.1.1 writes the same; with its own defaults only the table
    backend differs. The reduced plate has no jitter a pixel grid would show,
    so `remove_xy_jitter` changes no pixel here.
    """
    kind, version = scenario.split("-")[:2]
    ours = _compared(kind, version, RESULTS_111[scenario])[item]
    reference = _expected_0104(kind, version)[item]
    if expectation == "same":
        assert ours == reference
    else:
        assert ours != reference, expectation
        assert ours == {"csv"}


def test_111_per_fov_pixels_equal_0104() -> None:
    images = RESULTS_111["per_fov-0.4"]["images"]
    for path, levels in PER_FOV_LEVELS.items():
        written = images[f"DemoPlate.zarr/A/01/{path}"]["levels"]
        assert {level: written[level]["sha256"] for level in levels} == levels
