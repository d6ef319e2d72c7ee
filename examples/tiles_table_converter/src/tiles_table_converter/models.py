"""Task argument models of the example tiles-table converter."""

from __future__ import annotations

from pydantic import Field

from ome_zarr_converters_tools import AcquisitionOptions
from ome_zarr_converters_tools.models import UserFacingModel


class TilesTableAcquisition(UserFacingModel):
    """One acquisition: a table of tiles plus how to read it.

    The table has one row per tile. Relative `file_path` entries are resolved
    against `image_dir` (default: the table's folder).
    """

    tiles_table_path: str = Field(title="Tiles Table Path")
    """Absolute path of the tiles table (`.csv` or `.parquet`)."""
    acquisition_details_path: str | None = Field(
        default=None, title="Acquisition Details Path"
    )
    """Optional JSON file with the acquisition details (pixel size, spacings,
    channels, axes, coordinate spaces); library defaults are used when empty."""
    image_dir: str | None = Field(default=None, title="Image Folder")
    """Folder that relative `file_path` entries are relative to; default: the
    folder of the tiles table."""
    plate_name: str = Field(default="Plate", title="Plate Name")
    """Name of the output plate (the zarr is `<plate_name>.zarr`)."""
    acquisition_id: int = Field(default=0, ge=0, title="Acquisition ID")
    """Index of this acquisition in the plate (the image name inside a well)."""
    advanced: AcquisitionOptions = Field(
        default_factory=AcquisitionOptions, title="Advanced Options"
    )
    """Overrides of the acquisition details (channels, pixel sizes, axes, data
    type, stage orientation) and tile filters."""
