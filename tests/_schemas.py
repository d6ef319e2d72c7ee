"""Reference JSON schemas of the published packages: what is compared, and how.

Shared by the generator `tests/data/generate_schemas.py` (run in a virtualenv with
a published release) and the parity tests that read its fixtures. Descriptions are
free text (this library writes its own); everything else in a schema (titles,
types, defaults, required keys, `additionalProperties`, enums, unions and their
order, discriminators, numeric constraints, `$defs` names) is structure.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

from pydantic import BaseModel


def strip_descriptions(node: Any) -> Any:
    """Return `node` without any `description` key, at any depth."""
    if isinstance(node, dict):
        return {
            key: strip_descriptions(value)
            for key, value in node.items()
            if key != "description"
        }
    if isinstance(node, list):
        return [strip_descriptions(value) for value in node]
    return node


def exported_models() -> dict[str, list[str]]:
    """Map every exported model class name to the modules exporting it."""
    package = importlib.import_module("ome_zarr_converters_tools")
    modules = [package] + [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
        if info.ispkg
    ]
    found: dict[str, list[str]] = {}
    for module in modules:
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, BaseModel):
                found.setdefault(name, []).append(module.__name__)
    for base, module_file, name in package.converters_tools_models():
        module_name = base + "." + module_file.removesuffix(".py").replace("/", ".")
        if module_name not in found.setdefault(name, []):
            found[name].append(module_name)
    return found
