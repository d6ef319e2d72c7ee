"""Synthetic tiles for tests and demos: `build_dummy_tile` and its `DummyLoader`.

A dummy tile renders its FOV name as text inside a 255-valued one-pixel
border on a background of 1 (uint8), so a mis-placed or mis-ordered tile is
visible at a glance in a viewer and detectable in a test.
"""

from __future__ import annotations

import logging
from typing import Any, NamedTuple

import numpy as np

from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails
from ome_zarr_converters_tools.core.collection import CollectionInterface
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.loaders import ImageLoaderInterface
from ome_zarr_converters_tools.core.tile import Tile

__all__ = [
    "DummyLoader",
    "StartPosition",
    "TileShape",
    "build_dummy_tile",
    "rasterize_text_with_boundary",
]

logger = logging.getLogger(__name__)

_BORDER = 255
_BACKGROUND = 1
_LEADING_AXES = 3  # t, c, z come before y, x in TileShape order


class StartPosition(NamedTuple):
    """Start of a dummy tile per axis (units as declared by the acquisition)."""

    x: float = 0
    y: float = 0
    z: float = 0
    c: int = 0
    t: float = 0


class TileShape(NamedTuple):
    """Size of a dummy tile per axis, in pixels (and channels, time points)."""

    x: int = 256
    y: int = 256
    z: int = 1
    c: int = 1
    t: int = 1


def rasterize_text_with_boundary(
    shape_x: int, shape_y: int, text: str, font_scale: float = 0.22
) -> np.ndarray:
    """Render `text` centred in a `(shape_y, shape_x)` uint8 plane with a border.

    Args:
        shape_x: Width in pixels.
        shape_y: Height in pixels.
        text: The text, usually the FOV name.
        font_scale: Font size relative to the smaller side.

    Returns:
        The plane: background 1, text and one-pixel border 255.
    """
    from PIL import Image, ImageDraw, ImageFont

    font_size = max(int(font_scale * min(shape_x, shape_y)), 1)
    font = ImageFont.load_default(size=font_size)
    canvas = Image.new("L", (shape_x, shape_y), color=0)
    ImageDraw.Draw(canvas).text(
        (shape_x // 2, shape_y // 2), text, fill=_BORDER, font=font, anchor="mm"
    )
    plane = np.array(canvas, dtype=np.uint8)
    plane[plane == 0] = _BACKGROUND
    plane[0, :] = _BORDER
    plane[-1, :] = _BORDER
    plane[:, 0] = _BORDER
    plane[:, -1] = _BORDER
    return plane


class DummyLoader(ImageLoaderInterface):
    """Loader that renders its text instead of reading a file (picklable, tiny)."""

    shape: TileShape
    """Tile size per axis."""
    text: str
    """Text drawn in the tile (the FOV name)."""
    font_scale: float = 0.22
    """Font size relative to the smaller xy side."""
    axes: list[str] | None = None
    """Axes of the image the tile belongs to; the data then has exactly these.

    Without it, leading size-1 axes of `(t, c, z, y, x)` are dropped and the
    caller left-pads the data to the image axes.
    """

    def load_data(self, resource: Any | None = None) -> np.ndarray:
        """Render the tile.

        Args:
            resource: Ignored.

        Returns:
            A uint8 array: one axis per entry of `axes` when set, otherwise
            `(t, c, z, y, x)` without leading size-1 axes.
        """
        plane = rasterize_text_with_boundary(
            int(self.shape.x), int(self.shape.y), self.text, self.font_scale
        )
        full = (
            int(self.shape.t),
            int(self.shape.c),
            int(self.shape.z),
            int(self.shape.y),
            int(self.shape.x),
        )
        if self.axes is not None:
            sizes = dict(zip("tczyx", full, strict=True))
            kept = tuple(sizes[axis] for axis in self.axes)
            dropped = [a for a in "tczyx" if a not in self.axes and sizes[a] != 1]
            if dropped:
                raise ConvertersToolsUserError(
                    f"Dummy tile {self.text!r} has size "
                    f"{[sizes[a] for a in dropped]} on axes {dropped}, which its "
                    f"image (axes {self.axes}) does not have. Use size 1 there or "
                    "add the axes to AcquisitionDetails.axes."
                )
            return np.ascontiguousarray(np.broadcast_to(plane, kept))
        leading = 0
        while leading < _LEADING_AXES and full[leading] == 1:
            leading += 1
        return np.ascontiguousarray(np.broadcast_to(plane, full[leading:]))

    def find_data_type(self, resource: Any | None = None) -> str:
        """Return `"uint8"` without rendering.

        Args:
            resource: Ignored.

        Returns:
            `"uint8"`.
        """
        return "uint8"

    def describe_source(self, resource: Any | None = None) -> str:
        """Say that the data is synthetic.

        Args:
            resource: Ignored.

        Returns:
            A short description.
        """
        return f"dummy tile {self.text!r}"


def build_dummy_tile(
    fov_name: str | None = None,
    start: StartPosition | None = None,
    shape: TileShape | None = None,
    collection: CollectionInterface | None = None,
    acquisition_details: AcquisitionDetails | None = None,
    font_scale: float = 0.22,
) -> Tile[Any, DummyLoader]:
    """Build a tile whose pixels show its FOV name (for tests and demos).

    Keyword calls are the documented form (1.x); positional calls are accepted
    for 0.10 compatibility.

    Args:
        fov_name: FOV name, also the rendered text.
        start: Start per axis.
        shape: Size per axis in pixels.
        collection: Destination of the tile.
        acquisition_details: Acquisition settings.
        font_scale: Font size relative to the smaller xy side.

    Returns:
        The tile.

    Raises:
        ConvertersToolsUserError: If a required argument is missing.
    """
    missing = [
        name
        for name, value in (
            ("fov_name", fov_name),
            ("start", start),
            ("shape", shape),
            ("collection", collection),
            ("acquisition_details", acquisition_details),
        )
        if value is None
    ]
    if (
        missing
        or fov_name is None
        or start is None
        or shape is None
        or acquisition_details is None
    ):
        raise ConvertersToolsUserError(
            f"build_dummy_tile needs {missing}; pass fov_name, start "
            "(StartPosition), shape (TileShape), collection and acquisition_details."
        )
    start = StartPosition(*start)
    shape = TileShape(*shape)
    return Tile(
        fov_name=fov_name,
        start_x=start.x,
        start_y=start.y,
        start_z=start.z,
        start_c=start.c,
        start_t=start.t,
        length_x=shape.x,
        length_y=shape.y,
        length_z=shape.z,
        length_c=shape.c,
        length_t=shape.t,
        collection=collection,
        image_loader=DummyLoader(
            shape=shape,
            text=fov_name,
            font_scale=font_scale,
            axes=list(acquisition_details.axes),
        ),
        acquisition_details=acquisition_details,
    )
