"""The HCS plate document of a plate, built in one validated pass.

The well documents are built by `plate.py` and written through the plate
journal (`journal.py`), so a plate of any size costs one plate write and one
write per well (FEATURES §6 item 22).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ngio import ImageInWellPath, NgffVersions
from ngio.ome_zarr_meta import NgioPlateMeta

from ome_zarr_converters_tools.core.ngio_compat import plate_meta

__all__ = ["build_plate_meta", "column_name"]


def column_name(column: str | int) -> str:
    """Return a well column as ngio names it: numbers zero-padded to two digits.

    Args:
        column: Column number or name.

    Returns:
        The column name, e.g. `"03"`.
    """
    text = str(column)
    return f"{int(text):02d}" if text.isdigit() else text


def build_plate_meta(
    placements: Sequence[ImageInWellPath],
    *,
    name: str,
    ngff_version: NgffVersions,
    existing: NgioPlateMeta | None = None,
) -> NgioPlateMeta:
    """Plate metadata listing `placements` (after `existing`), built in one pass.

    The result equals what ngio's `add_well`/`add_acquisition` chain gives:
    rows and columns sorted, wells in first-seen order with indices into them,
    acquisitions in first-seen order. The chain re-validates the whole plate at
    every call, which costs O(n^2) for n images (seconds for a 384-well plate);
    here the document is validated once.

    Args:
        placements: Where each image goes (row, column, acquisition).
        name: Plate name for a new plate (`"<plate>.zarr"`).
        ngff_version: Version written into the plate document.
        existing: Metadata of a plate being extended; its wells, acquisitions,
            name and field count are kept.

    Returns:
        The plate metadata, validated once.
    """
    plate = existing.plate if existing is not None else None
    row_names = set(existing.rows if existing is not None else [])
    column_names = set(existing.columns if existing is not None else [])
    well_cells: dict[str, tuple[str, str]] = {}
    if plate is not None:
        for well in plate.wells:
            row, column = well.path.split("/")
            well_cells[well.path] = (row, column)
    acquisitions: list[dict[str, Any]] = [
        acquisition.model_dump(exclude_none=True)
        for acquisition in (plate.acquisitions or [] if plate is not None else [])
    ]
    known_ids = {acquisition["id"] for acquisition in acquisitions}
    for placement in placements:
        row, column = placement.row, column_name(placement.column)
        row_names.add(row)
        column_names.add(column)
        well_cells.setdefault(f"{row}/{column}", (row, column))
        acquisition_id = placement.acquisition_id
        if acquisition_id is not None and acquisition_id not in known_ids:
            known_ids.add(acquisition_id)
            acquisitions.append(
                {"id": acquisition_id, "name": placement.acquisition_name}
            )
    rows = sorted(row_names)
    columns = sorted(column_names, key=column_name)
    row_index = {row: index for index, row in enumerate(rows)}
    column_index = {column: index for index, column in enumerate(columns)}
    document = {
        "rows": [{"name": row} for row in rows],
        "columns": [{"name": column} for column in columns],
        "wells": [
            {
                "path": path,
                "rowIndex": row_index[row],
                "columnIndex": column_index[column],
            }
            for path, (row, column) in well_cells.items()
        ],
        "acquisitions": acquisitions or None,
        "field_count": plate.field_count if plate is not None else None,
        "name": plate.name if plate is not None else name,
        "version": ngff_version,
    }
    return plate_meta(document)
