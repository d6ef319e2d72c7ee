"""JSON-schema parity with the published 0.10.4 for every model it exports.

A converter's Fractal task form is generated from these schemas, so any
structural change (a title, a type, a default, `additionalProperties`, a union
member or its order, a constraint, a `$defs` name, the order of the properties)
changes what Fractal users see. Only descriptions may differ: they are free text
and this library writes its own. The reference schemas were written by
`tests/data/generate_schemas.py` in a virtualenv with 0.10.4 installed.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from _api_lines import only_on_line
from _schemas import strip_descriptions

FIXTURE = Path(__file__).parents[1] / "data" / "schemas_0104" / "schemas.json"
REFERENCE: dict[str, Any] = json.loads(FIXTURE.read_text())["models"]
MODES = ("validation", "serialization")

# 0.10.4 lists `TempJsonOptions` only through `converters_tools_models()`, under
# its private module `models._runtime_settings`; this library exports it from
# `models`. Every other model is imported from the path 0.10.4 uses.
FALLBACK_MODULES = ("ome_zarr_converters_tools.models",)


def structural_differences(
    expected: Any, actual: Any, path: str = "#"
) -> Iterator[str]:
    """Yield one line per difference between two description-free schemas.

    Dict keys are compared as sets, except that the order of `properties`
    matters (it is the order of the fields in the task form); lists (unions,
    `required`, enums) are compared in order.
    """
    if type(expected) is not type(actual):
        yield f"{path}: expected {expected!r}, got {actual!r}"
        return
    if isinstance(expected, dict):
        if path.endswith("/properties") and list(expected) != list(actual):
            yield f"{path}: property order {list(expected)} != {list(actual)}"
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                yield f"{path}/{key}: missing (expected {expected[key]!r})"
            elif key not in expected:
                yield f"{path}/{key}: unexpected {actual[key]!r}"
            else:
                yield from structural_differences(
                    expected[key], actual[key], f"{path}/{key}"
                )
    elif isinstance(expected, list):
        if len(expected) != len(actual):
            yield f"{path}: expected {expected!r}, got {actual!r}"
            return
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            yield from structural_differences(left, right, f"{path}[{index}]")
    elif expected != actual:
        yield f"{path}: expected {expected!r}, got {actual!r}"


def resolve_model(name: str) -> type[BaseModel]:
    """Import the model 0.10.4 exports as `name`, from where 0.10.4 exports it."""
    for module_name in (*REFERENCE[name]["modules"], *FALLBACK_MODULES):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        model = getattr(module, name, None)
        if isinstance(model, type) and issubclass(model, BaseModel):
            return model
    raise AssertionError(f"{name} is not importable from {REFERENCE[name]['modules']}")


def test_fixture_covers_every_exported_model() -> None:
    # 46 models: root and subpackage exports plus converters_tools_models().
    assert len(REFERENCE) == 46
    assert {"AcquisitionOptions", "ConverterOptions", "TiledImage"} <= set(REFERENCE)
    assert "description" not in FIXTURE.read_text()


@only_on_line(
    "0.10", "the 1.x line is compared with 1.1.1 in test_schema_parity_111.py"
)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_schema_equals_0104_except_descriptions(name: str, mode: str) -> None:
    model = resolve_model(name)
    actual = strip_descriptions(model.model_json_schema(mode=mode))  # type: ignore[arg-type]
    differences = list(structural_differences(REFERENCE[name][mode], actual))
    assert not differences, f"{name} ({mode}) differs from 0.10.4:\n" + "\n".join(
        differences
    )


def test_difference_finder_reports_titles_order_and_flags() -> None:
    expected = {
        "title": "AutoTiling",
        "properties": {"mode": {"const": "Auto"}, "tolerance": {"minimum": 0}},
        "oneOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}],
    }
    actual = {
        "title": "Auto",
        "properties": {"tolerance": {"minimum": 0}, "mode": {"const": "Auto"}},
        "oneOf": [{"$ref": "#/$defs/B"}, {"$ref": "#/$defs/A"}],
        "additionalProperties": False,
    }
    found = "\n".join(structural_differences(expected, actual))
    assert "#/title: expected 'AutoTiling', got 'Auto'" in found
    assert "property order" in found
    assert "#/oneOf[0]/$ref" in found
    assert "#/additionalProperties: unexpected False" in found
    described = {**expected, "description": "our own words"}
    assert not list(structural_differences(expected, strip_descriptions(described)))
