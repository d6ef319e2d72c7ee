"""Shared helpers of the registration steps: option coercion and array plumbing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.models.corrections import StagePositionCorrections
from ome_zarr_converters_tools.pipelines.registration.arrays import RegionGeometry

__all__ = ["GeometryStep", "coerce_corrections", "run_on_geometry"]

GeometryStep = Callable[..., RegionGeometry]
"""Array form of a built-in step: `fn(tiled_image, geometry, /, **params)`.

`tiled_image` is the image the geometry was read from (for its path, pixel
size, axes and channels); the function returns the new geometry.
"""


def run_on_geometry(
    step: GeometryStep, tiled_image: TiledImage[Any, Any], /, **params: Any
) -> TiledImage[Any, Any]:
    """Run one array-level step on an image and materialise the result."""
    geometry = RegionGeometry.from_image(tiled_image)
    return step(tiled_image, geometry, **params).to_image(tiled_image)


def coerce_corrections(
    value: StagePositionCorrections | dict[str, Any] | None, *, step: str
) -> StagePositionCorrections:
    """Return `value` as a `StagePositionCorrections` (None means the defaults).

    Steps accept a model, a plain dict (a pipeline read back from JSON) or None
    (0.10 pipelines called `remove_offsets` without parameters).

    Args:
        value: The step parameter.
        step: Step name, for the message.

    Raises:
        ConvertersToolsUserError: If `value` is of another type.
    """
    if value is None:
        return StagePositionCorrections()
    if isinstance(value, StagePositionCorrections):
        return value
    if isinstance(value, dict):
        return StagePositionCorrections.model_validate(value)
    raise ConvertersToolsUserError(
        f"Registration step {step!r} expects a StagePositionCorrections (or a dict "
        f"of its fields) but got {type(value).__name__}: {value!r}. Pass "
        "ConverterOptions.stage_position_corrections."
    )
