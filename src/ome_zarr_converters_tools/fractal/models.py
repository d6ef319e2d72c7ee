"""Fractal task argument models: acquisition overrides and the compute payload.

`AcquisitionOptions` is what a Fractal user edits per acquisition in the task form;
`update_acquisition_details` applies it on top of the `AcquisitionDetails` a
converter parsed from vendor metadata. `ConvertParallelInitArgs`, the payload the
init task hands to each compute job, is re-exported from `fractal.payload`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import (
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ome_zarr_converters_tools.core.acquisition import (
    AcquisitionDetails,
    ChannelInfo,
    DataTypeEnum,
    StageOrientation,
)
from ome_zarr_converters_tools.core.api_line import presentation_config
from ome_zarr_converters_tools.core.axes import AxisName, check_axes_order
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.fractal.payload import ConvertParallelInitArgs
from ome_zarr_converters_tools.models.base import UserFacingModel
from ome_zarr_converters_tools.pipelines.filters import ImplementedFilters

__all__ = [
    "AcquisitionOptions",
    "ChannelInfoUI",
    "ColorMenu",
    "ColorMenuBase",
    "ConvertParallelInitArgs",
    "PixelSizeModel",
]


class ColorMenu(StrEnum):
    """Display colour of a channel, as offered in the Fractal form.

    `Auto` lets the library pick a colour from the wavelength id or the label.
    """

    Auto = "Auto"
    Blue = "Blue (#0000FF)"
    Red = "Red (#FF0000)"
    Yellow = "Yellow (#FFFF00)"
    Magenta = "Magenta (#FF00FF)"
    Cyan = "Cyan (#00FFFF)"
    Gray = "Gray (#808080)"
    Green = "Green (#00FF00)"
    Orange = "Orange (#FF8000)"
    Purple = "Purple (#8000FF)"
    Teal = "Teal (#008080)"
    Lime = "Lime (#00FF80)"
    Amber = "Amber (#FFBF00)"
    Pink = "Pink (#FF0080)"
    Navy = "Navy (#000080)"
    Maroon = "Maroon (#800000)"
    Olive = "Olive (#808000)"
    Coral = "Coral (#FF7F50)"
    Violet = "Violet (#EE82EE)"

    def to_hexstr(self) -> str | None:
        """Return the `#RRGGBB` colour, or None for `Auto` (chosen later)."""
        if self is ColorMenu.Auto:
            return None
        return self.value[self.value.index("(") + 1 : -1]

    @classmethod
    def from_hexstr(cls, color: str | None) -> ColorMenu | None:
        """Return the menu entry with colour `color` (case-insensitive), if any."""
        if color is None:
            return None
        wanted = color.upper()
        for member in cls:
            if member.to_hexstr() == wanted:
                return member
        return None


ColorMenuBase = ColorMenu
"""0.10 internal name of the colour menu."""


class ChannelInfoUI(UserFacingModel):
    """One channel as entered in the Fractal form (colour picked from a menu).

    A `ChannelInfo` is accepted too; its exact colour is kept even when it is not
    one of the menu entries.
    """

    model_config = presentation_config("ChannelInfoUI")

    channel_label: str = Field(title="Channel Label")
    """Label of the channel, as shown in viewers."""
    wavelength_id: str | None = None
    """Wavelength id of the channel (e.g. `A01_C01` or `488nm`).

    Tasks may use it instead of the label, for example to apply an illumination
    correction per wavelength in multiplexed acquisitions.
    """
    color: ColorMenu = ColorMenu.Auto
    """Display colour; `Auto` derives it from the wavelength id or the label."""

    _explicit_color: str | None = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _accept_channel_info(
        cls, data: Any, handler: ModelWrapValidatorHandler[ChannelInfoUI]
    ) -> ChannelInfoUI:
        """Convert a `ChannelInfo` while remembering its exact colour."""
        if not isinstance(data, ChannelInfo):
            return handler(data)
        menu = ColorMenu.from_hexstr(data.color)
        result = handler(
            {
                "channel_label": data.channel_label,
                "wavelength_id": data.wavelength_id,
                "color": menu if menu is not None else ColorMenu.Auto,
            }
        )
        result._explicit_color = data.color
        return result

    def to_channel_info(self) -> ChannelInfo:
        """Return the `ChannelInfo` this entry stands for (colour resolved)."""
        color = self._explicit_color or self.color.to_hexstr()
        return ChannelInfo(
            channel_label=self.channel_label,
            wavelength_id=self.wavelength_id,
            color=color,
        )


class PixelSizeModel(UserFacingModel):
    """Pixel size and spacings overriding the values found in the metadata.

    Every value must be positive. This is checked by a validator rather than a
    schema constraint, so the task form stays the one of 0.10.
    """

    model_config = presentation_config("PixelSizeModel")

    pixelsize: float
    """Pixel size in x and y, in micrometres (1.x name: `xy_pixel_size`)."""
    z_spacing: float
    """Distance between z planes, in micrometres."""
    t_spacing: float
    """Interval between time points, in seconds."""

    @field_validator("pixelsize", "z_spacing", "t_spacing")
    @classmethod
    def _check_positive(cls, value: float, info: ValidationInfo) -> float:
        """Refuse zero, negative and NaN sizes, which would break every ROI."""
        if not value > 0:
            raise ValueError(
                f"{info.field_name}={value!r} must be greater than 0 (micrometres "
                "for sizes, seconds for the time interval). Enter the value from "
                "the microscope metadata, or leave the pixel size information empty "
                "to keep the metadata's values."
            )
        return value


class AcquisitionOptions(UserFacingModel):
    """Per-acquisition overrides a user sets when running a converter task.

    Not to be confused with `AcquisitionDetails`, which the converter builds from
    the metadata: every field left empty here keeps the metadata's value.
    """

    model_config = presentation_config("AcquisitionOptions")

    channels: list[ChannelInfoUI] | None = Field(default=None, title="Channels")
    """Channels in `c` index order; replaces the channels of the metadata."""
    pixel_info: PixelSizeModel | None = Field(
        default=None, title="Pixel Size Information"
    )
    """Pixel size, z spacing and time interval; replaces the metadata's values."""
    condition_table_path: str | None = Field(default=None, title="Condition Table Path")
    """Optional path to a CSV table of experimental conditions."""
    axes: str | None = Field(default=None, title="Axes")
    """Axes of the output image as one string in t, c, z, y, x order (e.g. `czyx`)."""
    data_type: DataTypeEnum = Field(default=DataTypeEnum.AUTODETECT, title="Data Type")
    """Output pixel type; `autodetect` keeps the metadata's (or the file's) type."""
    stage_orientation: StageOrientation = Field(
        default_factory=StageOrientation, title="Stage Orientation"
    )
    """Stage flips and swap; applied when different from the default (no flip, no
    swap), otherwise the metadata's orientation is kept."""
    filters: list[ImplementedFilters] = Field(default_factory=list, title="Filters")
    """Filters selecting which tiles to convert, applied one after the other."""

    def to_axes_list(self) -> list[AxisName] | None:
        """Return `axes` as a list of axis names, or None when not set.

        Raises:
            ConvertersToolsUserError: If a letter is not an axis or the order is
                not t, c, z, y, x.
        """
        if self.axes is None:
            return None
        for letter in self.axes:
            if letter not in "tczyx":
                raise ConvertersToolsUserError(
                    f"Invalid axis {letter!r} in axes string {self.axes!r} of the "
                    "acquisition options. Use letters from t, c, z, y, x in that "
                    "order, e.g. 'czyx'."
                )
        try:
            return check_axes_order(list(self.axes))
        except ValueError as err:
            raise ConvertersToolsUserError(
                f"Invalid axes string {self.axes!r} in the acquisition options: {err}"
            ) from None

    def update_acquisition_details(
        self, acquisition_details: AcquisitionDetails
    ) -> AcquisitionDetails:
        """Return a copy of `acquisition_details` with these overrides applied.

        Applied: channels (`Auto` colours chosen automatically), pixel sizes,
        axes, data type (unless `autodetect`), condition table path, and stage
        orientation (unless default). `filters` are not part of the details: pass
        them to `tiles_aggregation_pipeline`. The input is not modified.

        Args:
            acquisition_details: The details parsed from the metadata.

        Returns:
            The updated details (a new object).
        """
        update: dict[str, Any] = {}
        if self.channels is not None:
            update["channels"] = [ch.to_channel_info() for ch in self.channels]
        if self.pixel_info is not None:
            update["pixelsize"] = self.pixel_info.pixelsize
            update["z_spacing"] = self.pixel_info.z_spacing
            update["t_spacing"] = self.pixel_info.t_spacing
        axes = self.to_axes_list()
        if axes is not None:
            update["axes"] = axes
        if self.data_type != DataTypeEnum.AUTODETECT:
            update["data_type"] = self.data_type
        if self.condition_table_path is not None:
            update["condition_table_path"] = self.condition_table_path
        if self.stage_orientation != StageOrientation():
            update["stage_orientation"] = self.stage_orientation.model_copy()
        return acquisition_details.model_copy(update=update, deep=True)
