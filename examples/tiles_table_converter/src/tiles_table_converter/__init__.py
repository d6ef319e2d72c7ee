"""Example Fractal converter built on ome-zarr-converters-tools.

It reads a table with one row per tile (CSV or Parquet; columns `file_path`,
`row`, `column`, `fov_name`, `start_x`, `start_y`, `length_x`, `length_y`, optional
`start_z`, `start_c`, `start_t`, ... and any extra attribute columns) and writes an
OME-Zarr HCS plate. `convert_tiles_table` runs the same init and compute tasks
locally, outside Fractal.
"""

from tiles_table_converter.api import convert_tiles_table
from tiles_table_converter.models import TilesTableAcquisition

__all__ = ["TilesTableAcquisition", "convert_tiles_table"]
