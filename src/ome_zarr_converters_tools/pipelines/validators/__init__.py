"""Image validators: the `ImplementedValidators` union, registry and pipeline.

Validators run at init time on every aggregated `TiledImage` and raise when an
image would fail later in a compute job. Two conventions are supported:

- 1.x: a `ValidatorModel` config. Built-in and self-contained models implement
  `check(tiled_image, resource=...)`; a function registered under the model's
  `name` is called as `function(tiled_image, validator_params=config,
  resource=resource)`.
- 0.10: a `ValidatorStep` dict `{"name": ..., "params": {...}}`; the function
  registered under `name` is called as `function(tiled_image, **params)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

from pydantic import Field

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.registry import ModelRegistry
from ome_zarr_converters_tools.pipelines.validators.base import (
    ValidatorModel,
    ValidatorStep,
)
from ome_zarr_converters_tools.pipelines.validators.shape_dtype import (
    ShapeDtypeProbeValidator,
)

if TYPE_CHECKING:
    from ome_zarr_converters_tools.core.tiled_image import TiledImage

__all__ = [
    "ImplementedValidators",
    "ShapeDtypeProbeValidator",
    "ValidatorFunction",
    "ValidatorModel",
    "ValidatorStep",
    "add_validator",
    "apply_validator_pipeline",
    "built_in_validator_models",
]

logger = logging.getLogger(__name__)

ValidatorFunction: TypeAlias = Callable[..., Any]
"""A custom validator: raises on failure, its return value is ignored."""

ImplementedValidators: TypeAlias = Annotated[
    ShapeDtypeProbeValidator, Field(discriminator="name")
]
"""Every built-in validator, discriminated on `name` (one member so far)."""

_VALIDATORS: ModelRegistry[ValidatorFunction] = ModelRegistry(
    "validator", [ShapeDtypeProbeValidator]
)


def built_in_validator_models() -> dict[str, type[ValidatorModel]]:
    """Return the built-in validator models keyed by their wire name.

    Returns:
        A new dict `{name: model class}`.
    """
    return dict(_VALIDATORS.models)


def add_validator(
    function: ValidatorFunction,
    name: str | None = None,
    overwrite: bool = False,
) -> None:
    """Register a custom validator function.

    With a `ValidatorModel` config the function is called as
    `function(tiled_image, validator_params=config, resource=resource)`; with a
    0.10 `ValidatorStep` dict as `function(tiled_image, **params)`. It raises
    (preferably `ConvertersToolsUserError`) when the image is invalid. Register
    at import time: registries are per process.

    Args:
        function: The validator function.
        name: Registry name; defaults to `function.__name__`.
        overwrite: Replace an existing validator (also a built-in) of that name.

    Raises:
        ConvertersToolsUserError: If the name is taken and `overwrite` is false,
            or no name is given and the function has no `__name__`.
    """
    _VALIDATORS.register(function, name, overwrite=overwrite, add_fn="add_validator")


ValidatorCall: TypeAlias = Callable[["TiledImage[Any, Any]"], Any]


def _model_call(step: ValidatorModel, resource: Any | None) -> ValidatorCall:
    """Find the logic of a model step: a registered function, else the model."""
    if step.name not in _VALIDATORS and type(step).implements_check():
        return lambda image: step.check(image, resource=resource)
    # Raises a user error listing every registered name when `name` is unknown.
    function = _VALIDATORS.function(step.name)
    if function is not None:
        return lambda image: function(image, validator_params=step, resource=resource)
    if type(step).implements_check():
        return lambda image: step.check(image, resource=resource)
    model = _VALIDATORS.models[step.name]
    raise ConvertersToolsUserError(
        f"Validator {step.name!r} was given as {type(step).__name__}, which has no "
        f"checking logic. Use {model.__name__}(...) instead."
    )


def _step_call(
    step: ValidatorModel | ValidatorStep | Mapping[str, Any], resource: Any | None
) -> tuple[str, ValidatorCall]:
    """Turn one configured step into its name and a one-argument callable."""
    if isinstance(step, ValidatorModel):
        return step.name, _model_call(step, resource)
    if not isinstance(step, Mapping) or not isinstance(step.get("name"), str):
        raise ConvertersToolsUserError(
            f"Validator config {step!r} is neither a ValidatorModel nor a dict "
            "with a string 'name' (0.10 ValidatorStep {'name': ..., 'params': "
            "{...}}). Pass e.g. ShapeDtypeProbeValidator()."
        )
    name: str = step["name"]
    params = dict(step.get("params") or {})
    function = _VALIDATORS.function(name)
    if function is None:
        # A 0.10-style dict naming a built-in: its params are the model fields.
        model = _VALIDATORS.models[name].model_validate({"name": name, **params})
        return name, _model_call(model, resource)
    return name, lambda image: function(image, **params)


def apply_validator_pipeline(
    tiled_images: Sequence[TiledImage[Any, Any]],
    validators_config: Sequence[ValidatorModel | ValidatorStep | Mapping[str, Any]]
    | None = None,
    *,
    resource: Any | None = None,
) -> list[TiledImage[Any, Any]]:
    """Run every validator on every image, in order; raise on the first failure.

    Args:
        tiled_images: The aggregated images (not modified).
        validators_config: `ValidatorModel` instances (e.g.
            `ShapeDtypeProbeValidator()`) and/or 0.10 `ValidatorStep` dicts;
            `None` runs nothing.
        resource: Per-call context handed to the loaders and to 1.x validators.

    Returns:
        The images, as a new list in input order.

    Raises:
        ConvertersToolsUserError: If a validator name is not registered (the
            message lists the available names) or a validator rejects an image.
    """
    images = list(tiled_images)
    steps = [_step_call(step, resource) for step in validators_config or ()]
    for name, call in steps:
        for image in images:
            call(image)
        logger.info("Validator %r passed on %d image(s)", name, len(images))
    return images
