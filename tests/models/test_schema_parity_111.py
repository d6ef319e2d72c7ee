"""JSON-schema parity of the 1.x line with the published 1.1.1, for every model.

The 1.x line (`OZCT_API_LINE=1` at build time) must show each model that 1.1.1
exports with 1.1.1's schema apart from descriptions: field names, titles,
defaults, unions, discriminators and `additionalProperties`. The reference was
written by `tests/data/generate_schemas.py` in a virtualenv with 1.1.1.

The line is fixed at import, so the schemas are generated in a subprocess that
selects the 1.x line with the test-only override `_OZCT_TEST_API_LINE=1`
(`core.api_line.TEST_OVERRIDE_ENV`); an installed 1.x build runs the same test
in-process. The same subprocess checks that the 0.10 spellings stay accepted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from test_schema_parity_0104 import structural_differences

from _schemas import strip_descriptions
from ome_zarr_converters_tools.core.api_line import API_LINE, TEST_OVERRIDE_ENV

FIXTURE = Path(__file__).parents[1] / "data" / "schemas_111" / "schemas.json"
REFERENCE: dict[str, Any] = json.loads(FIXTURE.read_text())["models"]
MODES = ("validation", "serialization")

# Models whose 1.x schema still differs from 1.1.1's (1.x-only validator and
# snapshot-assertion models that no converter task form uses). Each entry must
# really differ: the test fails when one starts to match, so the list shrinks.
KNOWN_DIFFERENT = frozenset(
    {
        "ImplementedValidators",
        "MultiPlateAssertionModel",
        "MultiSingleImageAssertionModel",
        "ValidatorModel",
    }
)

_DUMP_SCHEMAS = r"""
import importlib, json, sys
names = json.loads(sys.argv[1])
out = {}
places = ("ome_zarr_converters_tools", "ome_zarr_converters_tools.models",
          "ome_zarr_converters_tools.fractal", "ome_zarr_converters_tools.pipelines",
          "ome_zarr_converters_tools.testing")
for name in names:
    model = None
    for place in places:
        model = getattr(importlib.import_module(place), name, None)
        if model is not None:
            break
    out[name] = {m: model.model_json_schema(mode=m)
                 for m in ("validation", "serialization")}
import ome_zarr_converters_tools as root
out["__line__"] = root.API_LINE
print(json.dumps(out))
"""


@cache
def schemas_on_line_1() -> dict[str, Any]:
    env = {**os.environ, TEST_OVERRIDE_ENV: "1"}
    result = subprocess.run(
        [sys.executable, "-c", _DUMP_SCHEMAS, json.dumps(sorted(REFERENCE))],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(result.stdout)


def test_override_selects_the_1x_line() -> None:
    assert schemas_on_line_1()["__line__"] == "1"
    assert API_LINE in ("0.10", "1")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_schema_equals_111_except_descriptions(name: str, mode: str) -> None:
    actual = strip_descriptions(schemas_on_line_1()[name][mode])
    differences = list(structural_differences(REFERENCE[name][mode], actual))
    if name in KNOWN_DIFFERENT:
        assert differences, f"{name} now matches 1.1.1: drop it from KNOWN_DIFFERENT"
        return
    assert not differences, f"{name} ({mode}) differs from 1.1.1:\n" + "\n".join(
        differences
    )


_ACCEPTS_BOTH = r"""
import json
from ome_zarr_converters_tools import ConverterOptions, NoTiling, API_LINE
from ome_zarr_converters_tools.fractal import PixelSizeModel
old = ConverterOptions.model_validate({
    "tiling_strategy": {"mode": "No Tiling"},
    "stage_position_corrections": {"align_xy": False},
    "omezarr_options": {"num_levels": 3},
    "runtime_settings": {"dask_scheduler": {"type": "Threads", "num_workers": 2}},
})
new = ConverterOptions.model_validate({
    "grouping": {"mode": "Per-FOV"},
    "stage_position_corrections": {"remove_xy_jitter": False},
    "omezarr_options": {"levels": {"mode": "Number of Levels", "num_levels": 3}},
    "runtime_settings": {"dask_scheduler": {"mode": "Threads", "num_workers": 2}},
})
assert old == new, (old, new)
assert isinstance(new.tiling_strategy, NoTiling)
dump = ConverterOptions().model_dump(mode="json")
again = ConverterOptions.model_validate(dump)
assert again == ConverterOptions()
pixel = PixelSizeModel.model_validate(
    {"pixelsize": 0.5, "z_spacing": 1, "t_spacing": 1})
print(json.dumps({"line": API_LINE, "dump": dump,
                  "pixel": pixel.model_dump(mode="json"),
                  "defaults": [ConverterOptions().omezarr_options.table_backend,
                               ConverterOptions().stage_position_corrections.align_xy]}))
"""


@pytest.mark.parametrize("line", ["0.10", "1"])
def test_both_spellings_are_input_on_both_lines(line: str) -> None:
    env = {**os.environ, TEST_OVERRIDE_ENV: line}
    result = subprocess.run(
        [sys.executable, "-c", _ACCEPTS_BOTH],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["line"] == line
    dump = out["dump"]
    if line == "1":
        # 1.1.1's names and defaults.
        assert list(dump)[1] == "grouping"
        assert dump["grouping"]["mode"] == "Mosaic"
        assert dump["omezarr_options"]["levels"] == {
            "mode": "Number of Levels",
            "num_levels": 5,
        }
        assert dump["runtime_settings"]["dask_scheduler"] == {"mode": "Default"}
        assert dump["stage_position_corrections"]["remove_xy_jitter"] is True
        assert out["pixel"] == {
            "xy_pixel_size": 0.5,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
        }
        assert out["defaults"] == ["csv", True]
    else:
        assert "tiling_strategy" in dump
        assert dump["omezarr_options"]["num_levels"] == 5
        assert "shards" not in dump["omezarr_options"]
        assert dump["runtime_settings"]["dask_scheduler"] == {"type": "Default"}
        assert out["pixel"]["pixelsize"] == 0.5
        assert out["defaults"] == ["anndata", False]


def test_unknown_line_is_refused() -> None:
    env = {**os.environ, TEST_OVERRIDE_ENV: "2"}
    result = subprocess.run(
        [sys.executable, "-c", "import ome_zarr_converters_tools as r; r.API_LINE"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "Unknown API line '2'" in result.stderr
