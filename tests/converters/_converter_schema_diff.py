"""Field-by-field comparison of two JSON schemas that ignores description texts.

Used by the converter contract tests to compare the argument schemas that
fractal-task-tools regenerates against this library with the schemas that the
published converter packages ship in their `__FRACTAL_MANIFEST__.json`.

The comparison knows the JSON-schema structure, so only the `description`
*keyword* of a schema node is ignored: a property or a `$defs` entry that
happens to be called "description", and every literal value (`default`,
`enum`, `const`, `examples`, `required`), is compared in full. Everything else
counts: titles, types, defaults, `required`, `additionalProperties`, enum
values, union members and their order, numeric constraints, `$ref` targets and
the order of properties (the order in which Fractal's web client lays out the
form). Numbers are compared with their JSON type (`1` is not `1.0`, `true` is
not `1`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Keywords whose value maps names to sub-schemas.
_SCHEMA_MAPS = frozenset(
    {"properties", "$defs", "definitions", "patternProperties", "dependentSchemas"}
)
# Keywords whose value is one sub-schema (or, for some, a boolean).
_SCHEMA_VALUES = frozenset(
    {
        "additionalProperties",
        "items",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedProperties",
        "unevaluatedItems",
        "additionalItems",
    }
)
# Keywords whose value is a list of sub-schemas (a union or a tuple).
_SCHEMA_LISTS = frozenset({"anyOf", "oneOf", "allOf", "prefixItems"})
# Keywords that are free text: not part of the contract.
IGNORED_KEYWORDS = frozenset({"description"})


@dataclass(frozen=True)
class Difference:
    """One structural difference between the shipped and the regenerated schema."""

    path: str
    kind: str
    shipped: Any
    regenerated: Any

    def render(self, width: int = 160) -> str:
        """One readable line: `path [kind]: shipped X vs regenerated Y`."""
        return (
            f"{self.path} [{self.kind}]: shipped {_short(self.shipped, width)}"
            f" vs regenerated {_short(self.regenerated, width)}"
        )


_ABSENT = object()


def _short(value: Any, width: int) -> str:
    if value is _ABSENT:
        return "<absent>"
    text = json.dumps(value, sort_keys=False, default=str)
    return text if len(text) <= width else text[: width - 3] + "..."


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _member_label(schema: Any) -> str:
    """A short name for one union member, to show union changes at a glance."""
    if not isinstance(schema, dict):
        return json.dumps(schema)
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "const" in schema:
        return f"const {json.dumps(schema['const'])}"
    if "enum" in schema:
        return f"enum {json.dumps(schema['enum'])}"
    if "type" in schema:
        return str(schema["type"])
    return schema.get("title", "?")


def _join(path: str, key: str) -> str:
    return f"{path}/{key}" if path else key


def diff_schemas(shipped: Any, regenerated: Any, path: str = "") -> list[Difference]:
    """All structural differences between two schemas, descriptions ignored.

    Args:
        shipped: The schema the converter package ships.
        regenerated: The schema fractal-task-tools builds against this library.
        path: Prefix for the reported paths.

    Returns:
        The differences in document order; empty when the schemas agree.
    """
    return list(_diff_schema(shipped, regenerated, path))


def _diff_schema(shipped: Any, regen: Any, path: str) -> Iterator[Difference]:
    if not (isinstance(shipped, dict) and isinstance(regen, dict)):
        # Boolean schemas (e.g. additionalProperties: false) are plain values.
        yield from _diff_literal(shipped, regen, path)
        return
    shipped_keys = [k for k in shipped if k not in IGNORED_KEYWORDS]
    regen_keys = [k for k in regen if k not in IGNORED_KEYWORDS]
    for key in shipped_keys:
        sub = _join(path, key)
        if key not in regen:
            yield Difference(sub, f"keyword removed: {key}", shipped[key], _ABSENT)
            continue
        a, b = shipped[key], regen[key]
        if key in _SCHEMA_MAPS and isinstance(a, dict) and isinstance(b, dict):
            yield from _diff_schema_map(a, b, sub, ordered=key == "properties")
        elif key in _SCHEMA_LISTS and isinstance(a, list) and isinstance(b, list):
            yield from _diff_schema_list(a, b, sub, key)
        elif key in _SCHEMA_VALUES:
            yield from _diff_schema(a, b, sub)
        else:
            yield from _diff_literal(a, b, sub, keyword=key)
    for key in regen_keys:
        if key not in shipped:
            yield Difference(
                _join(path, key), f"keyword added: {key}", _ABSENT, regen[key]
            )


def _diff_schema_map(
    shipped: dict[str, Any], regen: dict[str, Any], path: str, *, ordered: bool
) -> Iterator[Difference]:
    for name in shipped:
        if name not in regen:
            yield Difference(_join(path, name), "entry removed", "<present>", _ABSENT)
        else:
            yield from _diff_schema(shipped[name], regen[name], _join(path, name))
    for name in regen:
        if name not in shipped:
            yield Difference(_join(path, name), "entry added", _ABSENT, "<present>")
    common = [n for n in shipped if n in regen]
    if ordered and common != [n for n in regen if n in shipped]:
        yield Difference(
            path, "property order", common, [n for n in regen if n in shipped]
        )


def _diff_schema_list(
    shipped: list[Any], regen: list[Any], path: str, keyword: str
) -> Iterator[Difference]:
    shipped_labels = [_member_label(s) for s in shipped]
    regen_labels = [_member_label(s) for s in regen]
    if shipped_labels != regen_labels:
        if sorted(shipped_labels) == sorted(regen_labels):
            kind = f"{keyword} member order"
        else:
            kind = f"{keyword} members"
        yield Difference(path, kind, shipped_labels, regen_labels)
        if len(set(shipped_labels)) == len(shipped) and len(set(regen_labels)) == len(
            regen
        ):
            # Pair the members present on both sides by name and compare those.
            for index, label in enumerate(shipped_labels):
                if label in regen_labels:
                    yield from _diff_schema(
                        shipped[index],
                        regen[regen_labels.index(label)],
                        f"{path}[{index}]",
                    )
        return
    for index, (a, b) in enumerate(zip(shipped, regen, strict=True)):
        yield from _diff_schema(a, b, f"{path}[{index}]")


def _diff_literal(
    shipped: Any, regen: Any, path: str, keyword: str | None = None
) -> Iterator[Difference]:
    kind_a, kind_b = _json_kind(shipped), _json_kind(regen)
    label = keyword or "value"
    if kind_a != kind_b:
        yield Difference(path, f"{label} changed", shipped, regen)
    elif isinstance(shipped, dict):
        # A literal object (e.g. a default): keys are data, nothing is ignored.
        for key in shipped:
            if key not in regen:
                yield Difference(
                    _join(path, key), f"{label}: key removed", shipped[key], _ABSENT
                )
            else:
                yield from _diff_literal(
                    shipped[key], regen[key], _join(path, key), keyword
                )
        for key in regen:
            if key not in shipped:
                yield Difference(
                    _join(path, key), f"{label}: key added", _ABSENT, regen[key]
                )
    elif isinstance(shipped, list):
        if len(shipped) != len(regen) or any(
            _json_kind(x) != _json_kind(y) or x != y
            for x, y in zip(shipped, regen, strict=False)
        ):
            yield Difference(path, f"{label} changed", shipped, regen)
    elif shipped != regen:
        yield Difference(path, f"{label} changed", shipped, regen)


def summarize(differences: list[Difference]) -> Counter[str]:
    """How many differences of each kind (for a short overview)."""
    return Counter(d.kind for d in differences)


def render_report(header: str, differences: list[Difference]) -> str:
    """A readable multi-line report: a count per kind, then one line each."""
    counts = summarize(differences)
    lines = [f"{header}: {len(differences)} difference(s)"]
    lines += [f"  {n:4d} x {kind}" for kind, n in counts.most_common()]
    lines += ["  " + d.render() for d in differences]
    return "\n".join(lines)
