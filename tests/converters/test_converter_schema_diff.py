"""The schema comparison used by the converter contract finds what it must.

Runs everywhere (no converter package needed): the manifest comparison is only
as good as this diff, so each kind of difference it promises to see is tried.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from _converter_schema_diff import diff_schemas, render_report

BASE: dict[str, Any] = {
    "title": "Task",
    "type": "object",
    "description": "Top-level text.",
    "properties": {
        "tiling": {
            "title": "Tiling",
            "description": "Which tiling.",
            "anyOf": [{"$ref": "#/$defs/Auto"}, {"$ref": "#/$defs/Grid"}],
            "default": {"mode": "auto", "overlap": 1.0},
        },
        "description": {"title": "Description", "type": "string"},
        "size": {"title": "Size", "type": "number", "minimum": 0},
        "mode": {"title": "Mode", "enum": ["a", "b"], "type": "string"},
    },
    "required": ["tiling", "size"],
    "$defs": {
        "Auto": {"title": "AutoTiling", "type": "object", "properties": {}},
        "Grid": {
            "title": "GridTiling",
            "type": "object",
            "description": "Grid.",
            "properties": {"n": {"type": "integer", "default": 2}},
        },
    },
}


def changed(edit: Any) -> dict[str, Any]:
    schema = copy.deepcopy(BASE)
    edit(schema)
    return schema


def test_identical_and_description_only_changes_are_equal() -> None:
    assert diff_schemas(BASE, copy.deepcopy(BASE)) == []

    def rewrite_descriptions(s: dict[str, Any]) -> None:
        s["description"] = "Other words."
        s["properties"]["tiling"]["description"] = "Other words."
        del s["$defs"]["Grid"]["description"]
        s["$defs"]["Auto"]["description"] = "New text."

    assert diff_schemas(BASE, changed(rewrite_descriptions)) == []


@pytest.mark.parametrize(
    ("edit", "path", "kind"),
    [
        (
            lambda s: s["$defs"]["Auto"].update(title="Auto"),
            "$defs/Auto/title",
            "title changed",
        ),
        (
            lambda s: s["$defs"]["Grid"].update(additionalProperties=False),
            "$defs/Grid/additionalProperties",
            "keyword added: additionalProperties",
        ),
        (
            lambda s: s["properties"]["tiling"]["anyOf"].reverse(),
            "properties/tiling/anyOf",
            "anyOf member order",
        ),
        (
            lambda s: s["properties"]["tiling"]["anyOf"].append({"type": "null"}),
            "properties/tiling/anyOf",
            "anyOf members",
        ),
        (
            lambda s: s["properties"]["tiling"]["default"].update(overlap=1),
            "properties/tiling/default/overlap",
            "default changed",
        ),
        (
            lambda s: s["$defs"]["Grid"]["properties"]["n"].update(default=True),
            "$defs/Grid/properties/n/default",
            "default changed",
        ),
        (
            lambda s: s["properties"]["size"].update(exclusiveMinimum=0),
            "properties/size/exclusiveMinimum",
            "keyword added: exclusiveMinimum",
        ),
        (
            lambda s: s["properties"]["size"].pop("minimum"),
            "properties/size/minimum",
            "keyword removed: minimum",
        ),
        (
            lambda s: s["properties"]["mode"].update(enum=["b", "a"]),
            "properties/mode/enum",
            "enum changed",
        ),
        (
            lambda s: s["required"].append("mode"),
            "required",
            "required changed",
        ),
        (
            # a property that is *called* "description" is not free text
            lambda s: s["properties"].pop("description"),
            "properties/description",
            "entry removed",
        ),
        (
            lambda s: s["properties"]["description"].update(type="integer"),
            "properties/description/type",
            "type changed",
        ),
        (
            lambda s: s["$defs"]["Grid"]["properties"].update(field={"type": "string"}),
            "$defs/Grid/properties/field",
            "entry added",
        ),
        (
            lambda s: s.update(
                properties=dict(reversed(list(s["properties"].items())))
            ),
            "properties",
            "property order",
        ),
    ],
)
def test_each_structural_change_is_reported(edit: Any, path: str, kind: str) -> None:
    differences = diff_schemas(BASE, changed(edit))
    assert [(d.path, d.kind) for d in differences] == [(path, kind)]
    report = render_report("case", differences)
    assert path in report
    assert "shipped" in report
    assert "regenerated" in report
