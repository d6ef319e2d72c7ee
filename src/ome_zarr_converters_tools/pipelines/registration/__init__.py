"""Registration pipeline: the step registry, the default order and its runner.

A registration step is a function `fn(tiled_image, /, **params) -> TiledImage`
that returns a new image and leaves its input untouched. Steps are looked up by
name in a `Registry`; the 0.10 names (`remove_offsets`, `align_to_pixel_grid`,
`fov_alignment_corrections`, `tile_regions`) and the 1.x names
(`offset_removal`, `xy_jitter_correction`, `reindex_channels`) all resolve. A
pipeline is a list of `RegistrationStep` dicts, the serialisable description of
the calls. Parameters are bound against each function's signature before any
step runs, so a misspelt parameter fails at once with the list of accepted
names instead of deep inside a compute job.

The default pipeline keeps 0.10.4's semantics with the defects fixed as in
1.1.1 (FEATURES section 2 step 8 and section 6 items 3, 5, 6): offsets removed
on x, y, z and t (never c), interval endpoints rounded to pixels, xy jitter
removed when `align_xy` is set, channel indices compacted, then FOVs tiled.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypedDict

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.registry import Registry
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.models.corrections import StagePositionCorrections
from ome_zarr_converters_tools.models.grouping import Grouping
from ome_zarr_converters_tools.models.tiling import TilingStrategy
from ome_zarr_converters_tools.pipelines.registration import (
    channels,
    jitter,
    mosaic,
    offsets,
    pixel_grid,
)
from ome_zarr_converters_tools.pipelines.registration.arrays import RegionGeometry
from ome_zarr_converters_tools.pipelines.registration.base import (
    GeometryStep,
    coerce_corrections,
)
from ome_zarr_converters_tools.pipelines.registration.channels import (
    apply_reindex_channels,
    reindex_channels_geometry,
)
from ome_zarr_converters_tools.pipelines.registration.jitter import (
    apply_fov_alignment_corrections,
    apply_xy_jitter_correction,
    fov_alignment_corrections_geometry,
    xy_jitter_correction_geometry,
)
from ome_zarr_converters_tools.pipelines.registration.mosaic import (
    apply_mosaic_tiling,
    mosaic_tiling_geometry,
    resolve_tiling,
)
from ome_zarr_converters_tools.pipelines.registration.offsets import (
    apply_offset_removal,
    offset_removal_geometry,
)
from ome_zarr_converters_tools.pipelines.registration.pixel_grid import (
    align_to_pixel_grid_geometry,
    apply_align_to_pixel_grid,
)

__all__ = [
    "RegistrationFunction",
    "RegistrationStep",
    "add_registration_func",
    "apply_align_to_pixel_grid",
    "apply_fov_alignment_corrections",
    "apply_mosaic_tiling",
    "apply_offset_removal",
    "apply_registration_pipeline",
    "apply_reindex_channels",
    "apply_remove_offsets",
    "apply_xy_jitter_correction",
    "build_default_registration_pipeline",
    "check_registration_pipeline",
    "registration_step_names",
]

logger = logging.getLogger(__name__)

RegistrationFunction = Callable[..., TiledImage[Any, Any]]
"""A registration step: `fn(tiled_image, /, **params) -> TiledImage`."""

apply_remove_offsets = apply_offset_removal
"""0.10 name of `apply_offset_removal`."""


class RegistrationStep(TypedDict):
    """One call of a registration pipeline: a registered name and its parameters."""

    name: str
    params: dict[str, Any]


_REGISTRY: Registry[RegistrationFunction] = Registry("registration step")
for _module, _function in (
    (offsets, apply_offset_removal),
    (pixel_grid, apply_align_to_pixel_grid),
    (jitter, apply_xy_jitter_correction),
    (channels, apply_reindex_channels),
    (mosaic, apply_mosaic_tiling),
):
    _REGISTRY.add(_module.STEP_NAME, _function, aliases=_module.STEP_ALIASES)
_REGISTRY.add(jitter.LEGACY_STEP_NAME, apply_fov_alignment_corrections)
del _module, _function

_ARRAY_FORMS: dict[Callable[..., Any], GeometryStep] = {
    apply_offset_removal: offset_removal_geometry,
    apply_align_to_pixel_grid: align_to_pixel_grid_geometry,
    apply_xy_jitter_correction: xy_jitter_correction_geometry,
    apply_fov_alignment_corrections: fov_alignment_corrections_geometry,
    apply_reindex_channels: reindex_channels_geometry,
    apply_mosaic_tiling: mosaic_tiling_geometry,
}
"""Built-in steps and their array forms, chained without rebuilding ROIs."""


def registration_step_names() -> list[str]:
    """Return the canonical names of the registered steps, in registration order."""
    return _REGISTRY.names()


def add_registration_func(
    function: RegistrationFunction,
    name: str | None = None,
    overwrite: bool = False,
) -> None:
    """Register a custom registration step.

    Accepts the 0.10 positional call `add_registration_func(fn, "name")` and the
    1.x keyword call `add_registration_func(function=fn, name=None)`. Register
    at import time of the module that defines the step, so that worker
    processes (MultiprocessingRunner, dask workers) see it too.

    Args:
        function: `fn(tiled_image, /, **params) -> TiledImage`; it should return
            a new image (`tiled_image.model_copy(update=...)`) rather than
            modify its argument.
        name: Registry name; defaults to `function.__name__`.
        overwrite: Replace a step already registered under `name`.

    Raises:
        ConvertersToolsUserError: If `function` is not callable, or the name is
            taken and `overwrite` is false.
    """
    if not callable(function):
        raise ConvertersToolsUserError(
            f"add_registration_func expects a function, got "
            f"{type(function).__name__}: {function!r}. Pass the step function "
            "itself: add_registration_func(my_step, 'my_step')."
        )
    _REGISTRY.register(
        function, name, overwrite=overwrite, add_fn="add_registration_func"
    )


def _bind_step(step: Any, index: int) -> tuple[str, Callable[..., Any], dict[str, Any]]:
    """Resolve a step and check its parameters; return name, function, params."""
    if not isinstance(step, Mapping) or not isinstance(step.get("name"), str):
        raise ConvertersToolsUserError(
            f"Registration step {index} is {step!r}; each step must be a dict like "
            "{'name': 'align_to_pixel_grid', 'params': {}}."
        )
    name = step["name"]
    params = step.get("params") or {}
    if not isinstance(params, Mapping):
        raise ConvertersToolsUserError(
            f"Registration step {index} ({name!r}) has params={params!r}; params "
            "must be a dict of keyword arguments."
        )
    function = _REGISTRY.get(name)
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # callables without a signature: bind at call
        return name, function, dict(params)
    try:
        signature.bind(None, **params)
    except TypeError as err:
        accepted = [
            p.name
            for p in list(signature.parameters.values())[1:]
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        ]
        raise ConvertersToolsUserError(
            f"Registration step {index} ({name!r}) cannot take params "
            f"{sorted(params)}: {err}. Accepted parameters: {accepted}. Check the "
            "spelling of the parameter names."
        ) from None
    return name, function, dict(params)


def check_registration_pipeline(pipeline_config: Sequence[RegistrationStep]) -> None:
    """Check that every step is registered and accepts its parameters.

    Args:
        pipeline_config: The steps.

    Raises:
        ConvertersToolsUserError: On an unknown step name (the message lists the
            registered ones), a malformed step or a parameter the function does
            not accept.
    """
    for index, step in enumerate(pipeline_config):
        _bind_step(step, index)


def apply_registration_pipeline(
    tiled_image: TiledImage[Any, Any],
    pipeline_config: Sequence[RegistrationStep],
) -> TiledImage[Any, Any]:
    """Run the registration steps in order and return the registered image.

    Every step is resolved and its parameters checked before the first one
    runs. Consecutive built-in steps work on one array view of the regions and
    the ROIs are rebuilt once, which is what keeps a 10,000-tile plate fast;
    the result is the same as calling the step functions one after another.

    Args:
        tiled_image: The image, as produced by `tiled_image_from_tiles`; not
            modified by the built-in steps.
        pipeline_config: The steps, e.g. from `build_default_registration_pipeline`.

    Returns:
        The image returned by the last step.

    Raises:
        ConvertersToolsUserError: On an invalid pipeline (see
            `check_registration_pipeline`) or a custom step that does not
            return a `TiledImage`.
    """
    bound = [_bind_step(step, i) for i, step in enumerate(pipeline_config)]
    image = tiled_image
    geometry: RegionGeometry | None = None
    for name, function, params in bound:
        started = time.perf_counter()
        array_form = _ARRAY_FORMS.get(function)
        if array_form is not None:
            if geometry is None:
                geometry = RegionGeometry.from_image(image)
            geometry = array_form(image, geometry, **params)
        else:
            if geometry is not None:
                image = geometry.to_image(image)
                geometry = None
            # 0.10-style custom steps assign `region.roi` and `image.regions` in
            # place; hand them copies so the caller's image stays untouched.
            own = image.model_copy(
                update={"regions": [r.model_copy() for r in image.regions]}
            )
            result = function(own, **params)
            if not isinstance(result, TiledImage):
                raise ConvertersToolsUserError(
                    f"Image {tiled_image.path!r}: registration step {name!r} "
                    f"returned {type(result).__name__} instead of a TiledImage. A "
                    "step must return the (new) image, e.g. "
                    "`return tiled_image.model_copy(update=...)`."
                )
            image = result
        logger.debug(
            "registration step %s on %s took %.4f s",
            name,
            tiled_image.path,
            time.perf_counter() - started,
        )
    if geometry is not None:
        image = geometry.to_image(image)
    if image is tiled_image:
        image = tiled_image.model_copy()
    return image


def build_default_registration_pipeline(
    alignment_corrections: StagePositionCorrections | dict[str, Any] | None = None,
    tiling_strategy: TilingStrategy | Grouping | dict[str, Any] | None = None,
) -> list[RegistrationStep]:
    """Return the default registration steps for the given options.

    Order: `remove_offsets` (x, y, z, t per the offset modes; never c),
    `align_to_pixel_grid` (endpoints rounded half to even),
    `fov_alignment_corrections` (xy jitter, when `align_xy`), `reindex_channels`
    (when `reindex_channels`, default on), `tile_regions`.

    Args:
        alignment_corrections: `ConverterOptions.stage_position_corrections`
            (None = defaults).
        tiling_strategy: A tiling strategy (0.10 `ConverterOptions.tiling_strategy`)
            or a grouping (1.x `MosaicGrouping` / `PerFovGrouping`); None means
            `AutoTiling()`.

    Returns:
        The pipeline, ready for `apply_registration_pipeline`.

    Raises:
        ConvertersToolsUserError: If the options are of the wrong type.
    """
    corrections = coerce_corrections(
        alignment_corrections, step="build_default_registration_pipeline"
    )
    if tiling_strategy is None:
        tiling_strategy = {"mode": "Auto"}
    strategy = resolve_tiling(tiling_strategy)
    pipeline = [
        RegistrationStep(name=offsets.STEP_NAME, params={"corrections": corrections}),
        RegistrationStep(name=pixel_grid.STEP_NAME, params={}),
        RegistrationStep(
            name=jitter.LEGACY_STEP_NAME,
            params={"alignment_corrections": corrections},
        ),
        RegistrationStep(name=channels.STEP_NAME, params={"corrections": corrections}),
        RegistrationStep(name=mosaic.STEP_NAME, params={"tiling_strategy": strategy}),
    ]
    check_registration_pipeline(pipeline)
    return pipeline
