"""Write the JSON schemas of every model a published release exports.

Run it with a Python in which the *published* `ome-zarr-converters-tools` of
the wanted version is installed (not this checkout), from the repository root
(`$REF` and `$V111` are virtualenvs holding 0.10.4 and 1.1.1):

    $REF/bin/python tests/data/generate_schemas.py 0.10.4 tests/data/schemas_0104
    $V111/bin/python tests/data/generate_schemas.py 1.1.1 tests/data/schemas_111

The fixtures were produced that way: 0.10.4 with ngio 0.5.14, 1.1.1 with
ngio 1.1.x, both with pydantic 2.12.

"Every model" means each pydantic model class named in the `__all__` of the
package root or of one of its subpackages, plus the classes listed by
`converters_tools_models()`. For each one `schemas.json` stores where the
release exports it and its schema in validation and serialization mode, with
every `description` removed (see `tests/_schemas.py`); the parity tests
(`tests/models/test_schema_parity_0104.py`, `test_schema_parity_111.py`)
compare the rest.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _schemas import exported_models, strip_descriptions


def main() -> int:
    """Write `<folder>/schemas.json`; refuse to run against another version."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", help="the published version that must be installed")
    parser.add_argument("folder", type=Path, help="where schemas.json is written")
    args = parser.parse_args()
    version = importlib.metadata.version("ome-zarr-converters-tools")
    if version != args.version:
        print(
            f"ome-zarr-converters-tools {version} is installed; run this script "
            f"in a virtualenv with the published {args.version}.",
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
    output = args.folder / "schemas.json"
    output.write_text(json.dumps(document, indent=1) + "\n")
    print(f"Wrote {len(result)} model schemas to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
