"""Init part of the example converter: read tables, set up the plate, plan jobs."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import validate_call

from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ConverterOptions,
    OverwriteMode,
    setup_images_for_conversion,
    tiles_aggregation_pipeline,
)
from ome_zarr_converters_tools.core import hcs_images_from_dataframe
from tiles_table_converter.models import TilesTableAcquisition

logger = logging.getLogger(__name__)


def _read_table(path: Path) -> pd.DataFrame:
    """Read a CSV or Parquet tiles table; errors about it name the file."""
    if path.suffix.lower() == ".parquet":
        table = pd.read_parquet(path)
    else:
        table = pd.read_csv(path)
    table.attrs["source"] = str(path)
    return table


def _absolute_file_paths(table: pd.DataFrame, image_dir: Path) -> pd.DataFrame:
    """Resolve relative `file_path` entries, so compute jobs need no resource."""
    resolved = table.copy()
    resolved["file_path"] = [
        str(path) if Path(path).is_absolute() else str(image_dir / path)
        for path in table["file_path"].astype(str)
    ]
    return resolved


def _tiles_of(acquisition: TilesTableAcquisition) -> list[Any]:
    """Build the tiles of one acquisition, with the user's overrides applied."""
    table_path = Path(acquisition.tiles_table_path)
    details = AcquisitionDetails()
    if acquisition.acquisition_details_path is not None:
        text = Path(acquisition.acquisition_details_path).read_text()
        details = AcquisitionDetails.model_validate(json.loads(text))
    details = acquisition.advanced.update_acquisition_details(details)
    image_dir = Path(acquisition.image_dir or table_path.parent)
    table = _absolute_file_paths(_read_table(table_path), image_dir)
    return hcs_images_from_dataframe(
        tiles_table=table,
        acquisition_details=details,
        plate_name=acquisition.plate_name,
        acquisition_id=acquisition.acquisition_id,
    )


@validate_call
def convert_tiles_table_init(
    *,
    zarr_dir: str,
    acquisitions: list[TilesTableAcquisition],
    converter_options: ConverterOptions = ConverterOptions(),  # noqa: B008
    overwrite: OverwriteMode = OverwriteMode.NO_OVERWRITE,
) -> dict[str, list[dict[str, Any]]]:
    """Plan the conversion of tiles tables into an OME-Zarr plate.

    Reads each acquisition's table, applies its filters, creates the plate and
    wells, and hands one image to each compute job.

    Args:
        zarr_dir: Folder where the plate is written (set by Fractal).
        acquisitions: The acquisitions to convert; each has its own table.
        converter_options: How to tile, write and store the images.
        overwrite: What to do when the plate or an image already exists.
    """
    tiled_images = []
    for acquisition in acquisitions:
        tiles = _tiles_of(acquisition)
        tiled_images.extend(
            tiles_aggregation_pipeline(
                tiles=tiles,
                converter_options=converter_options,
                filters=acquisition.advanced.filters,
            )
        )
    parallelization_list = setup_images_for_conversion(
        tiled_images=tiled_images,
        zarr_dir=zarr_dir,
        collection_type="ImageInPlate",
        converter_options=converter_options,
        overwrite_mode=overwrite,
    )
    logger.info("Planned %s image(s) under %s", len(parallelization_list), zarr_dir)
    return {"parallelization_list": parallelization_list}


if __name__ == "__main__":
    from fractal_task_tools.task_wrapper import run_fractal_task

    run_fractal_task(task_function=convert_tiles_table_init)
