"""Fractal task list of the example tiles-table converter."""

from fractal_task_tools.task_models import ConverterCompoundTask

AUTHORS = "ome-zarr-converters-tools developers"
DOCS_LINK = None

TASK_LIST = [
    ConverterCompoundTask(
        name="Convert Tiles Table to OME-Zarr",
        executable_init="convert_tiles_table_init.py",
        executable="convert_tiles_table_compute.py",
        meta_init={"cpus_per_task": 1, "mem": 2000},
        meta={"cpus_per_task": 1, "mem": 4000},
        category="Conversion",
        modality="HCS",
        tags=["Tiles table", "CSV", "Parquet", "2D", "3D"],
        docs_info="file:task_info/convert_tiles_table.md",
    ),
]
