"""List the library's task-argument models for Fractal manifest tooling.

Converters append `converters_tools_models()` to their manifest's `INPUT_MODELS`
so that manifest generators older than fractal-task-tools 0.5 can find the
docstrings of the nested models. The list is derived from the models themselves
(every pydantic model reachable from the task arguments), so it cannot name a
class or a file that does not exist.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from ome_zarr_converters_tools.core.acquisition import ChannelInfo, StageOrientation
from ome_zarr_converters_tools.fractal.models import (
    AcquisitionOptions,
    ConvertParallelInitArgs,
)
from ome_zarr_converters_tools.models.converter import ConverterOptions

__all__ = ["converters_tools_models"]

_PACKAGE = "ome_zarr_converters_tools"

# Roots of the argument tree a converter task exposes; everything they contain
# is found by walking their fields.
_ROOT_MODELS: tuple[type[BaseModel], ...] = (
    AcquisitionOptions,
    ConverterOptions,
    ChannelInfo,
    StageOrientation,
    ConvertParallelInitArgs,
)


def _models_in_annotation(annotation: Any) -> Iterator[type[BaseModel]]:
    """Yield the pydantic model classes mentioned anywhere in a type annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    if get_origin(annotation) is None and not isinstance(annotation, types.UnionType):
        return
    # Unions, Annotated, list[...], dict[...]: look inside every argument.
    for arg in get_args(annotation):
        yield from _models_in_annotation(arg)


def _walk_models() -> list[type[BaseModel]]:
    """Return every model reachable from the roots, depth first, without repeats."""
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen or not model.__module__.startswith(f"{_PACKAGE}."):
            return
        seen.append(model)
        for field in model.model_fields.values():
            for nested in _models_in_annotation(field.annotation):
                visit(nested)

    for root in _ROOT_MODELS:
        visit(root)
    return seen


def _module_file(model: type[BaseModel]) -> str:
    """Return the path of the file defining `model`, relative to the package."""
    module = model.__module__.removeprefix(f"{_PACKAGE}.")
    return module.replace(".", "/") + ".py"


def converters_tools_models(
    base: str = _PACKAGE,
) -> list[tuple[str, str, str]]:
    """Return `(package, module file, class name)` for every task-argument model.

    Args:
        base: Package name to put in the first position (for a vendored copy).

    Returns:
        One triple per model, e.g.
        `("ome_zarr_converters_tools", "fractal/models.py", "AcquisitionOptions")`;
        each module file exists in the package and defines the class.
    """
    return [(base, _module_file(model), model.__name__) for model in _walk_models()]
