"""Build tiles from a pandas table: one `Tile` per row, columns routed by name.

A column's name decides where its value goes, in this order: the loader
(`DefaultImageLoader` fields, i.e. `file_path`), the collection (`row` and
`column` for plates, `image_path` for single images), the `Tile` fields
(`fov_name`, `start_*`, `length_*`), and every other column becomes a
one-element attribute list (attributes are lists so condition tables can hold
several values). Columns such as `pixelsize` or `channel_names` are not
interpreted: they become attributes too.

Improvements over 0.10: a column that clashes with an argument (`plate_name`,
`acquisition`) or with a structural field (`collection`, `attributes`, ...) is
a clear user error instead of a duplicate-keyword `TypeError`; a missing
required column or an invalid cell names the column and the row; rows are read
with `to_dict("records")`, not `iterrows`, so 10,000 rows take well under a
second.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Mapping
from difflib import get_close_matches
from typing import Any

import pandas as pd
from pydantic import ValidationError

from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails
from ome_zarr_converters_tools.core.collection import (
    CollectionInterface,
    ImageInPlate,
    SingleImage,
    sanitize_path,
)
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsNameError,
    ConvertersToolsUserError,
    ConvertersToolsWarning,
)
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.core.names import (
    check_attribute_value,
    check_column_name,
    check_fov_name,
    describe_name,
)
from ome_zarr_converters_tools.core.tile import Tile

__all__ = ["hcs_images_from_dataframe", "single_images_from_dataframe"]

logger = logging.getLogger(__name__)

_STRUCTURAL_FIELDS = frozenset(
    {"collection", "image_loader", "acquisition_details", "attributes"}
)
"""Tile fields the builders fill themselves; a column with such a name clashes."""

_TILE_FIELDS = frozenset(Tile.model_fields) - _STRUCTURAL_FIELDS
_REQUIRED_TILE_COLUMNS = tuple(
    name
    for name, field in Tile.model_fields.items()
    if field.is_required() and name not in _STRUCTURAL_FIELDS
)
_LOADER_FIELDS = frozenset({"file_path"})
_CLOSE = 0.85
"""Similarity above which a column name is taken for a misspelt field name."""


def _check_columns(
    table: pd.DataFrame,
    *,
    required: tuple[str, ...],
    clashing: Mapping[str, str],
    builder: str,
    known: frozenset[str],
) -> None:
    """Refuse clashing column names and report missing required columns."""
    columns = [str(c) for c in table.columns]
    duplicates = sorted({c for c in columns if columns.count(c) > 1})
    if duplicates:
        raise ConvertersToolsUserError(
            f"{builder}: the tiles table has duplicate column names {duplicates}; "
            "each column name must appear once. Drop or rename the duplicates."
        )
    for column in columns:
        if column in clashing:
            raise ConvertersToolsUserError(
                f"{builder}: the tiles table has a column {column!r}, which clashes "
                f"with {clashing[column]}. Rename or drop the column (e.g. "
                f"tiles_table.rename(columns={{{column!r}: 'my_{column}'}})) and "
                "pass the value as the function argument instead."
            )
    missing = [name for name in required if name not in columns]
    if missing:
        first = repr(table.index[0]) if len(table.index) else "none, table is empty"
        unknown = [c for c in columns if c not in known]
        hints = "".join(
            f" Column {match[0]!r} looks misspelt: did you mean {name!r}?"
            for name in missing
            if (match := get_close_matches(name, unknown, n=1, cutoff=_CLOSE))
        )
        raise ConvertersToolsUserError(
            f"{builder}: the tiles table lacks the required column(s) {missing} "
            f"(first affected row: index {first}). The table has "
            f"columns {columns}; add the missing column(s) to every row.{hints}"
        )


def _warn_near_misses(
    attribute_columns: list[str], known: frozenset[str], builder: str
) -> None:
    """Warn when a column that becomes an attribute looks like a misspelt field."""
    for column in attribute_columns:
        match = get_close_matches(column, sorted(known), n=1, cutoff=_CLOSE)
        if match:
            warnings.warn(
                f"{builder}: the tiles table column {column!r} is not a tile "
                f"field, so it becomes an attribute; did you mean {match[0]!r}? "
                "Rename the column if so.",
                ConvertersToolsWarning,
                stacklevel=4,
            )


def _builder_name(builder: str, table: pd.DataFrame) -> str:
    """The builder's name, with the table's file when `attrs["source"]` names it."""
    source = table.attrs.get("source")
    return f"{builder} (table {str(source)!r})" if source else builder


def _column_of(loc: tuple[int | str, ...]) -> str:
    """Name the table column behind a pydantic error location."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("image_loader", "collection", "attributes"):
        parts = parts[1:]
    return ".".join(parts) or "?"


def _problem(error: Mapping[str, Any]) -> str:
    """One pydantic error as `column 'x': message (got value)`.

    A whole-tile check has no location: its message already names the field,
    and the input (the whole tile) would only bury it.
    """
    if not error["loc"]:
        return str(error["msg"]).removeprefix("Value error, ").rstrip(".")
    return (
        f"column {_column_of(error['loc'])!r}: {error['msg']} "
        f"(got {_shown(error.get('input'))})"
    )


def _shown(value: Any) -> str:
    """A cell value for a message; huge strings are shortened."""
    return describe_name(value) if isinstance(value, str) else repr(value)


def _tiles_from_table(
    table: pd.DataFrame,
    *,
    acquisition_details: AcquisitionDetails,
    collection_fields: frozenset[str],
    build_collection: Callable[[dict[str, Any]], CollectionInterface],
    builder: str,
) -> list[Tile[Any, Any]]:
    """Route every row's values and validate one Tile per row."""
    columns = [str(c) for c in table.columns]
    loader_columns = [c for c in columns if c in _LOADER_FIELDS]
    collection_columns = [
        c for c in columns if c in collection_fields and c not in _LOADER_FIELDS
    ]
    tile_columns = [
        c
        for c in columns
        if c in _TILE_FIELDS and c not in _LOADER_FIELDS and c not in collection_fields
    ]
    routed = {*loader_columns, *collection_columns, *tile_columns}
    attribute_columns = [c for c in columns if c not in routed]
    _warn_near_misses(
        attribute_columns, _TILE_FIELDS | _LOADER_FIELDS | collection_fields, builder
    )
    for column in attribute_columns:
        try:
            check_column_name(column)
        except ConvertersToolsNameError as exc:
            raise ConvertersToolsNameError(
                f"{builder}: the tiles table column {column!r} becomes an attribute "
                f"(a condition-table column): {exc}"
            ) from exc

    tiles: list[Tile[Any, Any]] = []
    records = table.to_dict("records")
    for index, record in zip(table.index, records, strict=True):
        values = {str(key): value for key, value in record.items()}
        try:
            tile: Tile[Any, Any] = Tile(
                **{c: values[c] for c in tile_columns},
                image_loader=DefaultImageLoader(
                    **{c: values[c] for c in loader_columns}
                ),
                collection=build_collection({c: values[c] for c in collection_columns}),
                acquisition_details=acquisition_details,
                attributes={c: [values[c]] for c in attribute_columns},
            )
        except ValidationError as exc:
            problems = "; ".join(_problem(error) for error in exc.errors())
            named = any(
                isinstance(error.get("ctx", {}).get("error"), ConvertersToolsNameError)
                for error in exc.errors()
            )
            error_type = ConvertersToolsNameError if named else ConvertersToolsUserError
            raise error_type(
                f"{builder}: row {index!r} of the tiles table "
                f"(fov_name={values.get('fov_name')!r}, "
                f"file_path={values.get('file_path')!r}) is invalid: {problems}. "
                "Fix the value in the table."
            ) from exc
        try:
            # Names become folders, table cells and file names: refuse them here,
            # where the row is known, not when the first file is written.
            tile.collection.path()
            check_fov_name(tile.fov_name)
            for column in attribute_columns:
                check_attribute_value(values[column], column=column)
        except ConvertersToolsNameError as exc:
            raise ConvertersToolsNameError(
                f"{builder}: row {index!r} of the tiles table "
                f"(fov_name={describe_name(tile.fov_name)}): {exc}"
            ) from exc
        tiles.append(tile)
    logger.debug("%s built %s tiles", builder, len(tiles))
    return tiles


def hcs_images_from_dataframe(
    *,
    tiles_table: pd.DataFrame,
    acquisition_details: AcquisitionDetails,
    plate_name: str | None = "Plate",
    acquisition_id: int = 0,
) -> list[Tile[ImageInPlate, DefaultImageLoader]]:
    """Build one plate `Tile` per table row (`DefaultImageLoader` + `ImageInPlate`).

    Required columns: `file_path`, `row`, `column`, `fov_name`, `start_x`,
    `start_y`, `length_x`, `length_y`. Optional: the other `Tile` fields
    (`start_z`, `length_c`, ...). Every other column becomes an attribute.

    Args:
        tiles_table: One row per tile; `tiles_table.attrs["source"]` (e.g. the
            CSV file it was read from), when set, is named in every error.
        acquisition_details: Shared by all tiles (not copied).
        plate_name: Name of the plate; None means `"Plate"` (0.10 behaviour).
        acquisition_id: Acquisition index, the image name inside each well.

    Returns:
        The tiles, in table order.

    Raises:
        ConvertersToolsUserError: For a clashing or missing column, or an
            invalid cell (the message names the row and column).
    """
    builder = _builder_name("hcs_images_from_dataframe", tiles_table)
    name = plate_name or "Plate"
    # The plate name is an argument, not a cell: check it before naming rows.
    sanitize_path(name, what="plate name (plate_name argument)")
    _check_columns(
        tiles_table,
        required=("file_path", "row", "column", *_REQUIRED_TILE_COLUMNS),
        clashing={
            "plate_name": "the plate_name argument",
            "acquisition": "the acquisition_id argument",
            **{
                f: f"the Tile field {f!r} filled by the builder"
                for f in sorted(_STRUCTURAL_FIELDS)
            },
        },
        builder=builder,
        known=_TILE_FIELDS | _LOADER_FIELDS | {"row", "column"},
    )

    def build(values: dict[str, Any]) -> CollectionInterface:
        return ImageInPlate(**values, plate_name=name, acquisition=acquisition_id)

    return _tiles_from_table(  # type: ignore[return-value]
        tiles_table,
        acquisition_details=acquisition_details,
        collection_fields=frozenset({"row", "column"}),
        build_collection=build,
        builder=builder,
    )


def single_images_from_dataframe(
    *,
    tiles_table: pd.DataFrame,
    acquisition_details: AcquisitionDetails,
) -> list[Tile[SingleImage, DefaultImageLoader]]:
    """Build one `Tile` per row for single images (`SingleImage` collection).

    Required columns: `file_path`, `image_path`, `fov_name`, `start_x`,
    `start_y`, `length_x`, `length_y`. Every column that is not a loader,
    collection or `Tile` field becomes an attribute.

    Args:
        tiles_table: One row per tile; `tiles_table.attrs["source"]` (e.g. the
            CSV file it was read from), when set, is named in every error.
        acquisition_details: Shared by all tiles (not copied).

    Returns:
        The tiles, in table order.

    Raises:
        ConvertersToolsUserError: For a clashing or missing column, or an
            invalid cell (the message names the row and column).
    """
    builder = _builder_name("single_images_from_dataframe", tiles_table)
    _check_columns(
        tiles_table,
        required=("file_path", "image_path", *_REQUIRED_TILE_COLUMNS),
        clashing={
            f: f"the Tile field {f!r} filled by the builder"
            for f in sorted(_STRUCTURAL_FIELDS)
        },
        builder=builder,
        known=_TILE_FIELDS | _LOADER_FIELDS | {"image_path"},
    )

    def build(values: dict[str, Any]) -> CollectionInterface:
        return SingleImage(**values)

    return _tiles_from_table(  # type: ignore[return-value]
        tiles_table,
        acquisition_details=acquisition_details,
        collection_fields=frozenset({"image_path"}),
        build_collection=build,
        builder=builder,
    )
