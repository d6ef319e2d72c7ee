"""Python API of the example converter: run init and compute locally."""

from __future__ import annotations

from typing import Any

from ome_zarr_converters_tools import (
    ConverterOptions,
    ImageListUpdateDict,
    OverwriteMode,
    RunnerType,
    exec_compound_task,
)
from tiles_table_converter.convert_tiles_table_compute import (
    convert_tiles_table_compute,
)
from tiles_table_converter.convert_tiles_table_init import convert_tiles_table_init
from tiles_table_converter.models import TilesTableAcquisition


def convert_tiles_table(
    *,
    zarr_dir: str,
    acquisitions: list[TilesTableAcquisition],
    converter_options: ConverterOptions | None = None,
    overwrite: OverwriteMode = OverwriteMode.NO_OVERWRITE,
    runner: RunnerType | None = None,
) -> list[ImageListUpdateDict]:
    """Convert tiles tables to an OME-Zarr plate without Fractal.

    Args:
        zarr_dir: Output folder (absolute path).
        acquisitions: The acquisitions to convert.
        converter_options: Conversion options; defaults when None.
        overwrite: What to do with existing output.
        runner: How to run the per-image jobs (sequential when None).

    Returns:
        One image-list update per converted image.
    """
    init_kwargs: dict[str, Any] = {
        "zarr_dir": zarr_dir,
        "acquisitions": acquisitions,
        "converter_options": converter_options or ConverterOptions(),
        "overwrite": overwrite,
    }
    return exec_compound_task(
        convert_tiles_table_init,
        convert_tiles_table_compute,
        init_kwargs,
        runner=runner,
    )
