"""The four layers import strictly downward: fractal -> pipelines -> models -> core."""

import ast
from pathlib import Path

import pytest

import ome_zarr_converters_tools

PACKAGE = Path(ome_zarr_converters_tools.__file__).parent
# `plotting` and `cli` sit above the four layers (optional matplotlib, click).
_ABOVE = ("plotting", "cli")
FORBIDDEN = {
    "core": ("models", "pipelines", "fractal", "testing", *_ABOVE),
    "models": ("pipelines", "fractal", "testing", *_ABOVE),
    "pipelines": ("fractal", "testing", *_ABOVE),
    "fractal": ("testing", *_ABOVE),
}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downward(layer):
    offending = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in _imported_modules(path):
            for upper in FORBIDDEN[layer]:
                if module.startswith(f"ome_zarr_converters_tools.{upper}"):
                    offending.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert not offending, "\n".join(offending)


def test_the_check_sees_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from ome_zarr_converters_tools.pipelines import add_filter\n")
    assert "ome_zarr_converters_tools.pipelines" in _imported_modules(bad)
