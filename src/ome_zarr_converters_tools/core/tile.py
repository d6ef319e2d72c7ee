"""The `Tile` model: one loadable piece of an acquisition and its world-space ROI.

A tile says where its pixels sit (starts and lengths per axis), where they go
(`collection`), how to read them (`image_loader`) and how to interpret its
numbers (`acquisition_details`). `Tile.to_roi` turns it into a world-space ngio
ROI, the form every later step works on.

Coordinate semantics (FEATURES §2 step 3, §8 item 1): starts are world units by
default and lengths pixels, as declared per axis by the `*_coo` fields of
`AcquisitionDetails`; `c` is always an index; `swap_xy` reads x from the tile's
y fields and vice versa; `flip_x`/`flip_y` negate the start.
"""

from __future__ import annotations

import logging
import math
from typing import Any, Generic, TypeAlias

from ngio import Roi, RoiSlice
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails, DataTypeEnum
from ome_zarr_converters_tools.core.collection import CollectionInterfaceType
from ome_zarr_converters_tools.core.geometry import safe_to_world
from ome_zarr_converters_tools.core.loaders import ImageLoaderInterfaceType
from ome_zarr_converters_tools.core.ngio_compat import ROI_IS_FROZEN, roi_slices
from ome_zarr_converters_tools.core.region_loader import describe_tile

__all__ = ["AttributeType", "Tile", "describe_tile"]

logger = logging.getLogger(__name__)

AttributeType: TypeAlias = (
    list[str | None] | list[int | None] | list[float | None] | list[bool | None]
)
"""Values of one tile attribute: a list so condition tables can hold several rows."""

_ORIGINAL_AXES = ("x", "y", "z")
_SWAPPED = {"x": "y", "y": "x"}


_SLICE_CACHE: dict[tuple[str, float, float, float], RoiSlice] = {}
_SLICE_CACHE_MAX = 65_536


def _roi_slice(axis: str, start: float, length: float) -> RoiSlice:
    """Return a `RoiSlice`, reusing an equal one when possible.

    `RoiSlice` is frozen, so equal slices can be shared between ROIs; most
    tiles of an acquisition share their t, c, z and length slices, which makes
    `to_roi` several times cheaper on large acquisitions. On ngio 0.5 slices
    are mutable, so every call builds its own: a caller that edits one tile's
    ROI in place must not move the others.
    """
    if not ROI_IS_FROZEN:
        return RoiSlice.model_construct(axis_name=axis, start=start, length=length)
    # copysign keeps -0.0 (a flipped zero start) apart from 0.0, which compare
    # and hash equal but serialise differently.
    key = (axis, start, length, math.copysign(1.0, start))
    cached = _SLICE_CACHE.get(key)
    if cached is None:
        if len(_SLICE_CACHE) >= _SLICE_CACHE_MAX:
            _SLICE_CACHE.clear()
        cached = RoiSlice.model_construct(axis_name=axis, start=start, length=length)
        _SLICE_CACHE[key] = cached
    return cached


_FINITE_FIELDS = tuple(
    f"{kind}_{axis}" for kind in ("start", "length") for axis in ("x", "y", "z", "t")
)


class Tile(BaseModel, Generic[CollectionInterfaceType, ImageLoaderInterfaceType]):
    """One loadable piece of an acquisition (usually one file or plane).

    Starts and lengths are read according to the coordinate spaces declared in
    `acquisition_details` (starts in world units and lengths in pixels unless
    the acquisition says otherwise); `start_c`/`length_c` are channel indices.
    """

    model_config = ConfigDict(extra="forbid")

    fov_name: str
    """Name of the field of view the tile belongs to."""
    start_x: float
    """Start along x."""
    start_y: float
    """Start along y."""
    start_z: float = 0.0
    """Start along z."""
    start_c: int = 0
    """Index of the first channel the tile holds."""
    start_t: float = 0.0
    """Start along t."""
    length_x: float = Field(gt=0)
    """Size along x."""
    length_y: float = Field(gt=0)
    """Size along y."""
    length_z: float = Field(default=1.0, gt=0)
    """Size along z."""
    length_c: int = Field(default=1, gt=0)
    """Number of adjacent channels the tile holds."""
    length_t: float = Field(default=1.0, gt=0)
    """Size along t."""
    attributes: dict[str, AttributeType] = Field(default_factory=dict)
    """Extra key-value pairs passed to the Fractal image list and condition tables."""
    collection: CollectionInterfaceType
    """Where the tile's image is written."""
    image_loader: ImageLoaderInterfaceType
    """How the tile's pixels are read."""
    acquisition_details: AcquisitionDetails
    """Spacings, coordinate spaces, channels and axes of the acquisition."""

    @model_validator(mode="after")
    def _check_finite(self) -> Tile[Any, Any]:
        """Refuse NaN and infinite positions and sizes before they reach the maths.

        pandas reads an empty cell as NaN; left alone it fails deep in compute
        with a bare "cannot convert float NaN to integer".
        """
        for field in _FINITE_FIELDS:
            value = getattr(self, field)
            if not math.isfinite(value):
                raise ValueError(
                    f"{describe_tile(self.fov_name, self.image_loader)} has "
                    f"{field}={value}; positions and sizes must be finite numbers. "
                    "An empty table cell reads as NaN: fill the value in every "
                    "row, or drop the column to use its default."
                )
        return self

    @model_validator(mode="after")
    def _check_channel_range(self) -> Tile[Any, Any]:
        """Refuse channel indices that do not resolve into the declared channels."""
        if self.start_c < 0:
            raise ValueError(
                f"{describe_tile(self.fov_name, self.image_loader)} has start_c="
                f"{self.start_c}; channel indices must be >= 0."
            )
        channels = self.acquisition_details.channels
        if channels is not None and self.start_c + self.length_c > len(channels):
            raise ValueError(
                f"{describe_tile(self.fov_name, self.image_loader)} covers channel "
                f"indices {self.start_c}..{self.start_c + self.length_c - 1} but "
                f"acquisition_details.channels has {len(channels)} entries. Give "
                "one ChannelInfo per channel index (pad unused slots, e.g. "
                "ChannelInfo(channel_label='unused_1')), or set channels=None to "
                "use generated channel names."
            )
        return self

    def to_roi(self) -> Roi:
        """Return the tile as a world-space ngio ROI named after `fov_name`.

        Applies the coordinate spaces, `swap_xy` (the x slice is built from the
        tile's y fields and vice versa), `flip_x`/`flip_y` (negated start) and
        keeps the resulting x/y/z starts as `{x,y,z}_micrometer_original`
        extras, which survive registration and end up in the ROI tables.

        Returns:
            The ROI, with one slice per axis of `acquisition_details.axes`.
        """
        details = self.acquisition_details
        orientation = details.stage_orientation
        spacings = {
            "x": details.pixelsize,
            "y": details.pixelsize,
            "z": details.z_spacing,
            "t": details.t_spacing,
        }
        slices = []
        originals: dict[str, float] = {}
        for axis in details.axes:
            source = _SWAPPED.get(axis, axis) if orientation.swap_xy else axis
            start = float(getattr(self, f"start_{source}"))
            length = float(getattr(self, f"length_{source}"))
            if source != "c":
                spacing = spacings[source]
                start = safe_to_world(
                    start=start,
                    spacing=spacing,
                    space=getattr(details, f"start_{source}_coo"),
                )
                length = safe_to_world(
                    start=length,
                    spacing=spacing,
                    space=getattr(details, f"length_{source}_coo"),
                )
            if (axis == "x" and orientation.flip_x) or (
                axis == "y" and orientation.flip_y
            ):
                start = -start
            slices.append(_roi_slice(axis, start, length))
            if axis in _ORIGINAL_AXES:
                originals[f"{axis}_micrometer_original"] = start
        # Built without re-validation: the Tile's own validation already
        # guarantees positive lengths and unique canonical axes, and this runs
        # once per tile (the hot path of aggregation).
        fields: dict[str, Any] = {
            "name": self.fov_name,
            "slices": roi_slices(slices),
            "label": None,
            "space": "world",
            **originals,
        }
        return Roi.model_construct(**fields)

    def find_data_type(self, resource: Any | None = None) -> str:
        """Return the output dtype: the declared one, or the loader's if autodetect.

        Args:
            resource: Passed to the loader when it has to be asked.

        Returns:
            A numpy dtype name such as `"uint16"`.
        """
        declared = self.acquisition_details.data_type
        if declared != DataTypeEnum.AUTODETECT:
            return DataTypeEnum(declared).value
        return str(self.image_loader.find_data_type(resource))

    def describe(self, resource: Any | None = None) -> str:
        """Label the tile for messages as `tile '<fov>' (source: <file>)`.

        Args:
            resource: Passed to the loader's `describe_source`.

        Returns:
            The label.
        """
        return describe_tile(self.fov_name, self.image_loader, resource)
