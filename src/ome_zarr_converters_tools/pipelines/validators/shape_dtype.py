"""Init-time probe: a sample tile per image must load with its declared shape/dtype.

A parser that sets wrong `length_*` values or a wrong `data_type` otherwise only
fails inside a compute job, after the plate skeleton was created and jobs were
dispatched. The probe front-loads that failure to the init task at the cost of
one full tile read per image.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ConfigDict

from ome_zarr_converters_tools.core.acquisition import DataTypeEnum
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.geometry import roi_extent_shape
from ome_zarr_converters_tools.core.region_loader import describe_tile, load_region_data
from ome_zarr_converters_tools.pipelines.validators.base import ValidatorModel

if TYPE_CHECKING:
    from ome_zarr_converters_tools.core.tiled_image import TiledImage

__all__ = ["ShapeDtypeProbeValidator"]

logger = logging.getLogger(__name__)


class ShapeDtypeProbeValidator(ValidatorModel):
    """Pre-flight probe of one tile per image against its declared geometry.

    Runs `preflight` on every tile's image loader (a cheap reachability check,
    e.g. file existence, which warns on problems), then fully loads the first
    tile of each image and raises if its shape differs from the tile's declared
    pixel size (`length_*`) or its dtype from the image `data_type`.

    Note:
        Loading the sample tile costs one full tile read per image; enable this
        validator when that is cheaper than a failed compute job.
    """

    model_config = ConfigDict(title="Shape and Dtype Probe")

    name: Literal["Shape and Dtype Probe"] = "Shape and Dtype Probe"
    """Name of the validator."""

    def check(
        self, tiled_image: TiledImage[Any, Any], *, resource: Any | None = None
    ) -> None:
        """Preflight every loader, then load one sample tile and compare it.

        Args:
            tiled_image: The aggregated image (not modified).
            resource: Per-call context handed to the loaders.

        Raises:
            ConvertersToolsUserError: If the sample tile's shape or dtype differs
                from the declared one, or it has more axes than the image.
        """
        for region in tiled_image.regions:
            preflight = getattr(region.image_loader, "preflight", None)
            if callable(preflight):
                preflight(resource=resource)
        if not tiled_image.regions:
            logger.warning("Image %r has no tiles; nothing to probe", tiled_image.path)
            return

        sample = tiled_image.regions[0]
        axes = list(tiled_image.axes)
        label = describe_tile(sample.roi.name, sample.image_loader, resource)
        expected = roi_extent_shape(
            [sample.roi], axes=axes, pixel_size=tiled_image.pixel_size
        )
        data = load_region_data(
            sample.image_loader,
            axes=axes,
            resource=resource,
            fov_name=sample.roi.name,
            image_path=tiled_image.path,
        )
        if tuple(data.shape) != tuple(expected):
            raise ConvertersToolsUserError(
                f"Shape and Dtype Probe: {label} of image {tiled_image.path!r} "
                f"declares shape {tuple(expected)} (axes {axes}) but its loader "
                f"returned shape {tuple(data.shape)}. Fix the length_* values (and "
                "their coordinate spaces in AcquisitionDetails) that the parser "
                "sets on its tiles so that they match the data."
            )
        declared = str(tiled_image.data_type)
        if declared != DataTypeEnum.AUTODETECT.value and str(data.dtype) != declared:
            raise ConvertersToolsUserError(
                f"Shape and Dtype Probe: image {tiled_image.path!r} declares data "
                f"type {declared!r} but {label} loaded as {str(data.dtype)!r}. Fix "
                "data_type in AcquisitionDetails (or AcquisitionOptions), or leave "
                "it as 'autodetect'."
            )
        logger.debug(
            "Probe of image %r passed: shape %s, dtype %s",
            tiled_image.path,
            tuple(data.shape),
            data.dtype,
        )
