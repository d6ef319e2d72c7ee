"""Acquisition-wide metadata: spacings, coordinate spaces, channels and axes.

Field names follow the 0.10 API (`pixelsize`, `*_coo`); the 1.x spellings
(`xy_pixel_size`, `*_space`) are accepted on input on both lines, readable as
properties, and what the 1.x line shows in schemas and dumps (`core.api_line`).
"""

from __future__ import annotations

import logging
import re
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from ome_zarr_converters_tools.core.api_line import (
    LinePresentedDump,
    WarnOnUnknownKeys,
    presentation_config,
)
from ome_zarr_converters_tools.core.axes import (
    CANONICAL_AXES,
    SPACE_TYPE,
    AxisName,
    check_axes_order,
    default_axes_builder,
)
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError

__all__ = [
    "COLOR_NAMES",
    "AcquisitionDetails",
    "ChannelInfo",
    "DataTypeEnum",
    "StageOrientation",
    "color_from_channel_label",
    "color_from_wavelength_id",
    "default_axes_builder",
]

logger = logging.getLogger(__name__)

_HEX_COLOR_PATTERN = r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$"
_HEX_COLOR = re.compile(_HEX_COLOR_PATTERN)

# Colour names ChannelInfo.color accepts (the Fractal colour menu, plus a few).
COLOR_NAMES: dict[str, str] = {
    "red": "#FF0000",
    "green": "#00FF00",
    "blue": "#0000FF",
    "yellow": "#FFFF00",
    "magenta": "#FF00FF",
    "cyan": "#00FFFF",
    "white": "#FFFFFF",
    "black": "#000000",
    "gray": "#808080",
    "grey": "#808080",
    "orange": "#FF8000",
    "purple": "#8000FF",
    "teal": "#008080",
    "lime": "#00FF80",
    "amber": "#FFBF00",
    "pink": "#FF0080",
    "navy": "#000080",
    "maroon": "#800000",
    "olive": "#808000",
    "coral": "#FF7F50",
    "violet": "#EE82EE",
}

# Upper bounds (exclusive) of visible-light bands in nm and their display colour.
# 750 nm itself is still red (§6 item 17: 0.10 made it magenta).
_WAVELENGTH_BANDS: tuple[tuple[int, str], ...] = (
    (380, "#FF00FF"),
    (450, "#0000FF"),
    (495, "#00FFFF"),
    (520, "#00FF00"),
    (560, "#00FF80"),
    (590, "#FFFF00"),
    (620, "#FF8000"),
)
_RED = "#FF0000"
_RED_UPPER_INCLUSIVE = 750
_BEYOND_RED = "#FF00FF"
_WAVELENGTH_RANGE = (200, 1500)

# Order matters: on equal similarity the first key wins, as upstream.
_LABEL_COLORS: dict[str, str] = {
    "dapi": "#0000FF",
    "hoechst": "#0000FF",
    "blue": "#0000FF",
    "cfp": "#00FFFF",
    "cyan": "#00FFFF",
    "gfp": "#00FF00",
    "egfp": "#00FF00",
    "fitc": "#00FF00",
    "green": "#00FF00",
    "yfp": "#FFFF00",
    "yellow": "#FFFF00",
    "cy3": "#FFFF00",
    "rfp": "#FF0000",
    "mcherry": "#FF0000",
    "cy5": "#FF0000",
    "red": "#FF0000",
    "cy7": "#FF00FF",
    "magenta": "#FF00FF",
    "brightfield": "#808080",
    "gray": "#808080",
}

_MODEL_CONFIG = ConfigDict(
    extra="forbid", use_attribute_docstrings=True, populate_by_name=True
)


class DataTypeEnum(StrEnum):
    """Pixel data type of the output image; `autodetect` asks the loader."""

    AUTODETECT = "autodetect"
    UINT8 = "uint8"
    UINT16 = "uint16"
    UINT32 = "uint32"


def color_from_wavelength_id(wavelength_id: str | None) -> str | None:
    """Pick a display colour from the first number in a wavelength id.

    Args:
        wavelength_id: For example `"A01_C488"` or `"640nm"`.

    Returns:
        A `#RRGGBB` colour, or None when there is no number or it lies outside
        200-1500 nm (so the label can decide).
    """
    if wavelength_id is None:
        return None
    match = re.search(r"\d+", wavelength_id)
    if match is None:
        return None
    wavelength = int(match.group())
    low, high = _WAVELENGTH_RANGE
    if not low <= wavelength <= high:
        return None
    for upper_bound, color in _WAVELENGTH_BANDS:
        if wavelength < upper_bound:
            return color
    if wavelength <= _RED_UPPER_INCLUSIVE:
        return _RED
    return _BEYOND_RED


def color_from_channel_label(channel_label: str) -> str:
    """Pick a display colour by fuzzy-matching a channel label to known dyes.

    Args:
        channel_label: For example `"DAPI"` or `"mCherry-561"`.

    Returns:
        The colour of the most similar known name; always some colour.
    """
    lowered = channel_label.lower()
    best_key = max(
        _LABEL_COLORS, key=lambda key: SequenceMatcher(None, lowered, key).ratio()
    )
    return _LABEL_COLORS[best_key]


def _normalise_color(color: Any) -> Any:
    """Turn a colour name into `#RRGGBB`; refuse anything else but `#RRGGBB`/`#RGB`.

    Runs before the field's pattern, so the JSON schema keeps the pattern and a
    user sees what is accepted instead of a regular expression.
    """
    if not isinstance(color, str) or _HEX_COLOR.match(color):
        return color
    text = color.strip()
    named = COLOR_NAMES.get(text.lower().replace(" ", ""))
    if named is not None:
        return named
    if _HEX_COLOR.match(text):
        return text
    raise ConvertersToolsUserError(
        f"ChannelInfo.color {color!r} is not a colour: give it as '#RRGGBB' (six "
        "hexadecimal digits, e.g. '#FF00FF'), '#RGB', or one of the names "
        f"{', '.join(sorted(COLOR_NAMES))}; leave it empty to derive it from the "
        "wavelength or the label."
    )


class ChannelInfo(WarnOnUnknownKeys):
    """Label, wavelength id and display colour of one channel.

    When `color` is not given it is derived from the wavelength id first and
    from the label second, so every channel gets a sensible colour. Unknown keys
    are ignored with a warning, as 0.10 ignored them (see `core.api_line`).
    """

    model_config = presentation_config(
        "ChannelInfo", use_attribute_docstrings=True, populate_by_name=True
    )

    channel_label: str
    """Label of the channel, as shown in viewers."""
    wavelength_id: str | None = None
    """Wavelength id of the channel (e.g. `A01_C01` or `488nm`).

    Tasks may use it instead of the label, for example to pick an illumination
    correction profile in multiplexed acquisitions.
    """
    color: str | None = Field(default=None, pattern=_HEX_COLOR_PATTERN)
    """Display colour as `#RRGGBB` or `#RGB`; derived automatically when empty."""

    @model_validator(mode="before")
    @classmethod
    def _fill_color(cls, data: Any) -> Any:
        """Derive the colour in a before-validator so nothing is assigned later."""
        if not isinstance(data, dict):
            return data
        if data.get("color") is not None:
            return {**data, "color": _normalise_color(data["color"])}
        label = data.get("channel_label")
        if not isinstance(label, str):
            return data
        wavelength_id = data.get("wavelength_id")
        color = color_from_wavelength_id(
            wavelength_id if isinstance(wavelength_id, str) else None
        )
        return {**data, "color": color or color_from_channel_label(label)}


class StageOrientation(BaseModel):
    """Corrections from stage axes to image axes, applied by `Tile.to_roi`."""

    model_config = _MODEL_CONFIG

    flip_x: bool = Field(default=False, title="Flip X")
    """Mirror stage x positions (the stage x axis points against image x)."""
    flip_y: bool = Field(default=False, title="Flip Y")
    """Mirror stage y positions (the stage y axis points against image y)."""
    swap_xy: bool = Field(default=False, title="Swap XY")
    """Exchange stage x and y (the camera is rotated by 90 degrees)."""


class AcquisitionDetails(LinePresentedDump):
    """Everything the tiles of one acquisition share.

    Known before conversion (parsed from metadata or written by hand): in which
    unit starts and lengths are given, the spacings, channels, axes, output
    dtype and stage orientation.
    """

    model_config = presentation_config(
        "AcquisitionDetails", use_attribute_docstrings=True, populate_by_name=True
    )

    start_x_coo: SPACE_TYPE = "world"
    """Unit of `Tile.start_x`: `world` (micrometres) or `pixel`."""
    start_y_coo: SPACE_TYPE = "world"
    """Unit of `Tile.start_y`: `world` (micrometres) or `pixel`."""
    start_z_coo: SPACE_TYPE = "world"
    """Unit of `Tile.start_z`: `world` (micrometres) or `pixel` (plane index)."""
    start_t_coo: SPACE_TYPE = "world"
    """Unit of `Tile.start_t`: `world` (seconds) or `pixel` (time-point index)."""
    length_x_coo: SPACE_TYPE = "pixel"
    """Unit of `Tile.length_x`: `pixel` or `world` (micrometres)."""
    length_y_coo: SPACE_TYPE = "pixel"
    """Unit of `Tile.length_y`: `pixel` or `world` (micrometres)."""
    length_z_coo: SPACE_TYPE = "pixel"
    """Unit of `Tile.length_z`: `pixel` (planes) or `world` (micrometres)."""
    length_t_coo: SPACE_TYPE = "pixel"
    """Unit of `Tile.length_t`: `pixel` (time points) or `world` (seconds)."""
    pixelsize: float = Field(default=1.0, gt=0.0)
    """Pixel size in x and y, in micrometres."""
    z_spacing: float = Field(default=1.0, gt=0.0)
    """Distance between z planes, in micrometres."""
    t_spacing: float = Field(default=1.0, gt=0.0)
    """Interval between time points, in seconds."""
    channels: list[ChannelInfo] | None = None
    """Channels of the acquisition in `c` index order; None when unknown."""
    axes: list[AxisName] = Field(
        default_factory=lambda: list(CANONICAL_AXES), min_length=2, max_length=5
    )
    """Axes of the output image, a subset of t, c, z, y, x in that order."""
    data_type: DataTypeEnum = DataTypeEnum.AUTODETECT
    """Output pixel type; `autodetect` reads it from the first tile's loader."""
    condition_table_path: str | None = None
    """Optional CSV of experimental conditions written next to the output."""
    stage_orientation: StageOrientation = Field(default_factory=StageOrientation)
    """Stage axis flips and swap applied to tile positions."""

    @field_validator("axes", mode="before")
    @classmethod
    def _check_axes(cls, value: Any) -> Any:
        """Reject axes out of t, c, z, y, x order with a message showing them."""
        if isinstance(value, list | tuple) and all(isinstance(a, str) for a in value):
            return check_axes_order(value)
        return value
