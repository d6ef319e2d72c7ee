"""Regenerate `schemas.json`: the JSON schemas of every model 0.10.4 publishes.

Run it with a Python in which the *published* `ome-zarr-converters-tools==0.10.4`
is installed (not this checkout), from any directory:

    /work/venvs/ref/bin/python tests/data/schemas_0104/generate.py

The fixture in this folder was produced that way, in a virtualenv holding
ome-zarr-converters-tools 0.10.4 with ngio 0.5.14 and pydantic 2.12.

"Every model" means each pydantic model class named in the `__all__` of the
package root or of one of its subpackages, plus the classes listed by
`converters_tools_models()` (which includes the four filters and
`TempJsonOptions`). For each one the file stores where 0.10.4 exports it and its
schema in validation and serialization mode, with every `description` removed:
descriptions are free text (this library writes its own), everything else
(titles, types, defaults, required keys, `additionalProperties`, enums, unions
and their order, discriminators, numeric constraints, `$defs` names) is the
structure that `tests/models/test_schema_parity_0104.py` compares.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import json
import pkgutil
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

EXPECTED_VERSION = "0.10.4"
OUTPUT = Path(__file__).with_name("schemas.json")


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


def main() -> int:
    """Write `schemas.json`; refuse to run against anything but 0.10.4."""
    version = importlib.metadata.version("ome-zarr-converters-tools")
    if version != EXPECTED_VERSION:
        print(
            f"ome-zarr-converters-tools {version} is installed; run this script "
            f"in a virtualenv with the published {EXPECTED_VERSION}.",
            file=sys.stderr,
        )
        return 1
    result: dict[str, Any] = {}
    for name, modules in sorted(exported_models().items()):
        model = getattr(importlib.import_module(modules[0]), name)
        result[name] = {
            "modules": modules,
            "validation": strip_descriptions(
                model.model_json_schema(mode="validation")
            ),
            "serialization": strip_descriptions(
                model.model_json_schema(mode="serialization")
            ),
        }
    document = {
        "generated_with": {
            "ome-zarr-converters-tools": version,
            "pydantic": importlib.metadata.version("pydantic"),
            "ngio": importlib.metadata.version("ngio"),
        },
        "models": result,
    }
    OUTPUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"Wrote {len(result)} model schemas to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
