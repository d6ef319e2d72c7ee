"""Tiled images: `TileSlice`, `TileFOVGroup` and `TiledImage`, data and geometry only.

A `TiledImage` is the unit that becomes one OME-Zarr image. It holds its
regions (`TileSlice`: a ROI plus a loader) and the image-level metadata, and is
what crosses the init-to-compute boundary as JSON. Because JSON carries no type
tags, the compute side re-parametrises it with the concrete collection and
loader classes: `TiledImage[ImageInPlate, DefaultImageLoader].model_validate_json`.

Both kinds of region sets (`TileFOVGroup`, `TiledImage`) share one set of
geometry and loading methods (`_RegionSet`): they build a `Placement` (the
placement core in `core.assembly`, which the writers use too) and load it with
numpy or with dask, so both paths place pixels identically. Regions are placed
relative to the union origin, so images whose regions do not start at pixel 0
load correctly (FEATURES §6 item 4).

The three models share their loading helpers and generic parametrisation, so
they stay in one module even though it exceeds the usual ~400 lines.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Generic, get_args

import dask.array as da
import numpy as np
from ngio import PixelSize, Roi
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from ome_zarr_converters_tools.core.acquisition import ChannelInfo
from ome_zarr_converters_tools.core.api_line import (
    LinePresentedDump,
    presentation_config,
)
from ome_zarr_converters_tools.core.assembly import Placement, place_regions
from ome_zarr_converters_tools.core.axes import AxisName
from ome_zarr_converters_tools.core.collection import CollectionInterfaceType
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.geometry import (
    pixel_layout,
    roi_distance_to_point,
    union_rois,
)
from ome_zarr_converters_tools.core.lazy_array import ChunksLike, lazy_array
from ome_zarr_converters_tools.core.loaders import ImageLoaderInterfaceType
from ome_zarr_converters_tools.core.region_loader import describe_tile, load_region_data
from ome_zarr_converters_tools.core.tile import AttributeType, Tile

__all__ = ["TileFOVGroup", "TileSlice", "TiledImage"]

logger = logging.getLogger(__name__)

_MATCHED_FIELDS: tuple[tuple[str, str], ...] = (
    ("channels", "channels"),
    ("axes", "axes"),
    ("pixelsize", "pixelsize"),
    ("z_spacing", "z_spacing"),
    ("t_spacing", "t_spacing"),
)
"""(TiledImage field, AcquisitionDetails field) pairs all tiles of an image share."""


def _format_value(value: Any) -> str:
    """Render a compared field for a message; channels show their labels."""
    if isinstance(value, list) and value and isinstance(value[0], ChannelInfo):
        return repr([channel.channel_label for channel in value])
    return repr(value)


class TileSlice(BaseModel, Generic[ImageLoaderInterfaceType]):
    """The smallest loadable unit of a tiled image: a ROI and its loader."""

    model_config = ConfigDict(extra="forbid")

    roi: Roi
    """Where the pixels go (world space until registration, then pixel space)."""
    image_loader: ImageLoaderInterfaceType
    """How the pixels are read."""

    @classmethod
    def from_tile(cls, tile: Tile[Any, Any]) -> TileSlice[Any]:
        """Build a slice from a tile (its world-space ROI and its loader).

        Args:
            tile: The tile.

        Returns:
            The new slice.
        """
        return cls.model_construct(roi=tile.to_roi(), image_loader=tile.image_loader)

    def load_data(
        self, *, axes: Sequence[str], resource: Any | None = None
    ) -> np.ndarray:
        """Load the slice's pixels with exactly `len(axes)` dimensions.

        Missing leading axes are added with size 1.

        Args:
            axes: The image axes.
            resource: Passed to the loader.

        Returns:
            The pixels.

        Raises:
            ConvertersToolsUserError: If the loader returns more dimensions than
                `axes`.
        """
        return load_region_data(
            self.image_loader, axes=axes, resource=resource, fov_name=self.roi.name
        )


@functools.cache
def _slice_type_of(image_type: type[BaseModel]) -> type[TileSlice[Any]]:
    """`TileSlice` parametrisation used by the `regions` field of `image_type`.

    Appended slices must have exactly this class, or pydantic warns about an
    unexpected type when serialising a parametrised `TiledImage`.
    """
    annotation = image_type.model_fields["regions"].annotation
    (slice_type,) = get_args(annotation)
    return slice_type  # type: ignore[no-any-return]


def _check_not_empty(regions: Sequence[Any], what: str) -> None:
    if not regions:
        raise ConvertersToolsInternalError(
            f"{what} has no regions; tiled images are built from at least one tile."
        )


class _RegionSet:
    """Geometry and loading shared by `TileFOVGroup` and `TiledImage`.

    Each model says what it is called in messages (`_label`), what its union
    ROI is named (`_union_name`) and which image path errors name.
    """

    if TYPE_CHECKING:
        regions: list[TileSlice[Any]]
        axes: list[AxisName]
        data_type: str

        @property
        def pixel_size(self) -> PixelSize: ...

        def _label(self) -> str: ...

        def _union_name(self) -> str: ...

        def _image_path(self) -> str | None: ...

    def shape(self) -> tuple[int, ...]:
        """Pixel shape of the regions' bounding box (ceil of the extent)."""
        _check_not_empty(self.regions, self._label())
        return pixel_layout(
            [r.roi for r in self.regions], axes=self.axes, pixel_size=self.pixel_size
        ).extent_shape()

    def roi(self) -> Roi:
        """Union ROI of the regions."""
        _check_not_empty(self.regions, self._label())
        return union_rois([r.roi for r in self.regions], name=self._union_name())

    def _placement(self, resource: Any | None = None) -> Placement:
        """Where each region lands in the bounding box, in region order.

        Args:
            resource: Passed to the loaders.

        Returns:
            The placement (`core.assembly`), anchored at the minimum corner.
        """
        _check_not_empty(self.regions, self._label())
        return place_regions(
            self.regions,
            axes=self.axes,
            pixel_size=self.pixel_size,
            dtype=self.data_type,
            resource=resource,
            image_path=self._image_path(),
        )

    def load_data(self, resource: Any | None = None) -> np.ndarray:
        """Load the regions into an array whose element 0 is their minimum corner.

        The tiles are decoded on all cores and pasted in region order.

        Args:
            resource: Passed to the loaders.

        Returns:
            An array of `shape()` and `data_type`; later regions win overlaps.
        """
        return self._placement(resource).load()

    def load_data_dask(
        self, resource: Any | None = None, chunks: ChunksLike | None = None
    ) -> da.Array:
        """Lazy version of `load_data`; one block unless `chunks` is given.

        Args:
            resource: Passed to the loaders.
            chunks: Uniform or explicit block sizes per axis.

        Returns:
            The lazy array; each loader runs at most once per compute.
        """
        return lazy_array(self._placement(resource), chunks=chunks)


class TileFOVGroup(_RegionSet, BaseModel, Generic[ImageLoaderInterfaceType]):
    """All slices of one field of view, for per-FOV writing, chunking and tiling."""

    model_config = ConfigDict(extra="forbid")

    fov_name: str
    """Name of the field of view."""
    regions: list[TileSlice[ImageLoaderInterfaceType]] = Field(default_factory=list)
    """The FOV's slices, in image order."""
    axes: list[AxisName]
    """Axes of the image."""
    pixel_size: PixelSize
    """Pixel size of the image."""
    data_type: str
    """Output dtype of the image."""

    def _label(self) -> str:
        return f"FOV group {self.fov_name!r}"

    def _union_name(self) -> str:
        return self.fov_name

    def _image_path(self) -> str | None:
        return None

    def ref_slice(self) -> TileSlice[ImageLoaderInterfaceType]:
        """The slice whose start is closest to the origin over all axes.

        Ties keep the earliest slice. Tiling computes one offset per FOV from
        this slice and applies it to all of the FOV's slices.
        """
        _check_not_empty(self.regions, f"FOV group {self.fov_name!r}")
        origin: dict[str, float] = dict.fromkeys(self.axes, 0.0)
        return min(
            self.regions, key=lambda region: roi_distance_to_point(region.roi, origin)
        )


class TiledImage(
    _RegionSet,
    LinePresentedDump,
    Generic[CollectionInterfaceType, ImageLoaderInterfaceType],
):
    """The unit that becomes one OME-Zarr image: its regions and metadata.

    `pixelsize` also accepts the 1.x input name `xy_pixel_size`, can be read as
    `xy_pixel_size` and is dumped under that name on the 1.x line. Regions are
    added with `add_tile`, which refuses tiles whose acquisition settings differ
    from the image's.
    """

    model_config = presentation_config("TiledImage")

    regions: list[TileSlice[ImageLoaderInterfaceType]] = Field(default_factory=list)
    """The image's slices, in the order they are written (later ones win)."""
    path: str
    """Output path relative to the zarr directory (from `collection.path()`)."""
    name: str | None = None
    """Display name; the path is used when empty."""
    pixelsize: float = 1.0
    """Pixel size in x and y, in micrometres."""
    z_spacing: float = 1.0
    """Distance between z planes, in micrometres."""
    t_spacing: float = 1.0
    """Interval between time points, in seconds."""
    data_type: str
    """Output dtype, e.g. `"uint16"`."""
    axes: list[AxisName]
    """Axes of the image, in t, c, z, y, x order."""
    collection: CollectionInterfaceType
    """Where the image is written."""
    channels: list[ChannelInfo] | None = None
    """Channel metadata; None lets the writer generate names."""
    translation: list[float | int] | None = None
    """World origin per axis (per-FOV images only)."""
    attributes: dict[str, AttributeType] = Field(default_factory=dict)
    """Attributes of the image (from its first tile)."""

    @model_validator(mode="after")
    def _check_channel_coverage(self) -> TiledImage[Any, Any]:
        """Re-check channel ranges, e.g. when the image is rebuilt from JSON."""
        if self.channels is None:
            return self
        count = len(self.channels)
        for region in self.regions:
            c_slice = region.roi.get("c")
            if c_slice is None or c_slice.start is None:
                continue
            stop = c_slice.start + (c_slice.length or 1)
            if c_slice.start < 0 or stop > count:
                raise ValueError(
                    f"Image {self.path!r}: "
                    f"{describe_tile(region.roi.name, region.image_loader)} covers "
                    f"channel range [{c_slice.start}, {stop}) but channels has "
                    f"{count} entries. Give one ChannelInfo per channel index, or "
                    "set channels=None to use generated channel names."
                )
        return self

    @property
    def pixel_size(self) -> PixelSize:
        """The ngio pixel size (x = y = `pixelsize`, z and t spacings)."""
        return PixelSize(
            x=self.pixelsize, y=self.pixelsize, z=self.z_spacing, t=self.t_spacing
        )

    def _slice_type(self) -> type[TileSlice[Any]]:
        """The `TileSlice` class matching this image's loader parameter."""
        return _slice_type_of(type(self))

    def _fov_group_type(self) -> type[TileFOVGroup[Any]]:
        """The `TileFOVGroup` class matching this image's loader parameter."""
        args = type(self).__pydantic_generic_metadata__["args"]
        if len(args) == 2:  # (collection, loader)
            return TileFOVGroup[args[1]]  # type: ignore[valid-type]
        return TileFOVGroup

    def _reference_label(self) -> str:
        if self.regions:
            first = self.regions[0]
            return describe_tile(first.roi.name, first.image_loader)
        return "its declaration"

    def add_tile(self, tile: Tile[Any, Any], add_translation: bool = False) -> None:
        """Append a tile as a `TileSlice` (this method updates the image in place).

        Args:
            tile: The tile; its channels, axes, pixel size and z/t spacing must
                equal the image's.
            add_translation: Keep in `translation` the per-axis minimum of the
                tiles' original world origins (used for per-FOV images).

        Raises:
            ConvertersToolsUserError: If the tile's acquisition settings differ;
                the message names both tiles, the field and both values.
        """
        details = tile.acquisition_details
        for image_field, details_field in _MATCHED_FIELDS:
            image_value = getattr(self, image_field)
            tile_value = getattr(details, details_field)
            if image_value != tile_value:
                raise ConvertersToolsUserError(
                    f"{tile.describe()} cannot join image {self.path!r}: its "
                    f"{details_field} is {_format_value(tile_value)} but the image "
                    f"has {image_field}={_format_value(image_value)} (from "
                    f"{self._reference_label()}). All tiles of one image must share "
                    "channels, axes, pixel size and z/t spacing: fix the metadata "
                    "the converter assigns to this tile, or give tiles with "
                    "different settings different collection paths."
                )
        tile_slice = self._slice_type().from_tile(tile)
        if add_translation:
            extra = tile_slice.roi.model_extra or {}
            origin = [
                float(extra.get(f"{axis}_micrometer_original") or 0.0)
                for axis in self.axes
            ]
            if self.translation is None:
                self.translation = origin
            else:
                self.translation = [
                    min(old, new)
                    for old, new in zip(self.translation, origin, strict=True)
                ]
        self.regions.append(tile_slice)

    def group_by_fov(self) -> list[TileFOVGroup[ImageLoaderInterfaceType]]:
        """Split the regions by ROI name (= FOV name), in first-seen order.

        Returns:
            One group per FOV, sharing this image's axes, pixel size and dtype.

        Raises:
            ConvertersToolsInternalError: If a region has an unnamed ROI.
        """
        groups: dict[str, list[TileSlice[Any]]] = {}
        for region in self.regions:
            name = region.roi.name
            if name is None:
                raise ConvertersToolsInternalError(
                    f"A region of image {self.path!r} (source: "
                    f"{describe_tile(None, region.image_loader)}) has an unnamed "
                    "ROI; Tile.to_roi always names ROIs after the FOV."
                )
            groups.setdefault(name, []).append(region)
        group_type = self._fov_group_type()
        pixel_size = self.pixel_size
        return [
            group_type(
                fov_name=name,
                regions=regions,
                axes=list(self.axes),
                pixel_size=pixel_size,
                data_type=self.data_type,
            )
            for name, regions in groups.items()
        ]

    def _label(self) -> str:
        return f"Image {self.path!r}"

    def _union_name(self) -> str:
        return self.name or self.path

    def _image_path(self) -> str | None:
        return self.path

    def output_shape(self) -> tuple[int, ...]:
        """Shape of the output array: anchored at pixel 0, `c` from `channels`.

        Positive origins become left padding; with `channels` set, `c` is the
        number of declared channels, so uncovered channels are written empty.
        """
        _check_not_empty(self.regions, self._label())
        shape = list(
            pixel_layout(
                [r.roi for r in self.regions],
                axes=self.axes,
                pixel_size=self.pixel_size,
            ).output_shape()
        )
        if self.channels is not None and "c" in self.axes:
            shape[self.axes.index("c")] = len(self.channels)
        return tuple(shape)
