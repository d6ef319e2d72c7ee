"""Small TiledImage factories for the registration tests."""

from __future__ import annotations

from typing import Any

from ngio import Roi, RoiSlice

from ome_zarr_converters_tools.core.acquisition import ChannelInfo
from ome_zarr_converters_tools.core.collection import SingleImage
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.core.tiled_image import TiledImage, TileSlice

Spec = tuple[str, dict[str, tuple[float, float]]]


def make_image(
    regions: list[Spec],
    *,
    axes: tuple[str, ...] = ("c", "z", "y", "x"),
    space: str = "world",
    pixelsize: float = 1.0,
    z_spacing: float = 1.0,
    t_spacing: float = 1.0,
    channels: list[str] | None = None,
) -> TiledImage[Any, Any]:
    """A single image whose regions are `(fov, {axis: (start, length)})`.

    Missing axes default to `(0, 1)`.
    """
    slices = []
    for k, (name, values) in enumerate(regions):
        roi = Roi(
            name=name,
            slices=tuple(
                RoiSlice(
                    axis_name=axis,
                    start=values.get(axis, (0.0, 1.0))[0],
                    length=values.get(axis, (0.0, 1.0))[1],
                )
                for axis in axes
            ),
            space=space,
            x_micrometer_original=values.get("x", (0.0, 1.0))[0],
        )
        slices.append(
            TileSlice(roi=roi, image_loader=DefaultImageLoader(file_path=f"t{k}.png"))
        )
    return TiledImage(
        regions=slices,
        path="img.zarr",
        pixelsize=pixelsize,
        z_spacing=z_spacing,
        t_spacing=t_spacing,
        data_type="uint16",
        axes=list(axes),
        collection=SingleImage(image_path="img"),
        channels=None
        if channels is None
        else [ChannelInfo(channel_label=c) for c in channels],
    )


def geometry(image: TiledImage[Any, Any]) -> list[tuple[str, dict[str, tuple]]]:
    """`(fov, {axis: (start, length)})` of every region, in region order."""
    return [
        (
            region.roi.name,
            {s.axis_name: (s.start, s.length) for s in region.roi.slices},
        )
        for region in image.regions
    ]


def xy(image: TiledImage[Any, Any]) -> list[tuple[str, float, float]]:
    """`(fov, x start, y start)` of every region."""
    return [
        (region.roi.name, region.roi.get("x").start, region.roi.get("y").start)
        for region in image.regions
    ]
