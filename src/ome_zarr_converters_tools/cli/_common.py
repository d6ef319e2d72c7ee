"""What the commands share: the tiles-table options, reading a table, `--debug`.

`convert` and `preview` read the same tiles table with the same acquisition
settings, so both take the options defined here (`tiles_table_options`) and
build tiles with `read_tiles`. Every option left out keeps the default of the
library's model (`AcquisitionDetails`), never a default repeated here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from pydantic import BaseModel, ValidationError

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError

__all__ = [
    "DEBUG_KEY",
    "TABLE_KINDS",
    "build_acquisition_details",
    "common_options",
    "peek_kind",
    "read_tiles",
    "show_logs",
    "table_kind",
    "tiles_table_options",
    "validated",
]

F = TypeVar("F", bound=Callable[..., Any])

DEBUG_KEY = "ome_zarr_converters_tools.debug"
"""`click.Context.meta` key set by `--debug` (meta is shared by the whole run)."""

TABLE_KINDS = ("auto", "hcs", "single")
_SPACE_FIELDS = tuple(
    f"{kind}_{axis}" for kind in ("start", "length") for axis in ("x", "y", "z", "t")
)
_LIBRARY_LOGGER = "ome_zarr_converters_tools"


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[DEBUG_KEY] = True


def show_logs(level: int) -> None:
    """Show the library's log lines of `level` and above on stderr.

    Uses `core.progress.log_to_stderr`; a lower level asked earlier in the same
    run (e.g. `-vv` before the command name, `-v` after it) is kept.
    """
    from ome_zarr_converters_tools.core.progress import log_to_stderr

    library = logging.getLogger(_LIBRARY_LOGGER)
    shown = any(getattr(h, "_ozct_stderr", False) for h in library.handlers)
    current = library.level if shown and library.level else logging.WARNING
    log_to_stderr(min(level, current))


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: int) -> None:
    """Show the library's log lines on stderr: -v INFO, -vv DEBUG."""
    if value:
        show_logs(logging.INFO if value == 1 else logging.DEBUG)


def common_options(function: F) -> F:
    """Add `--debug` and `-v/--verbose` to a command (also accepted by the group)."""
    function = click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_set_debug,
        help="On error, show the full traceback.",
    )(function)
    function = click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_set_verbose,
        help="Show the library's log lines (-v INFO, -vv DEBUG).",
    )(function)
    return function


def validated(model: type[BaseModel], data: Any, *, what: str) -> Any:
    """Validate `data` with `model`; a failure is one readable user error.

    Args:
        model: The pydantic model.
        data: The input (a dict).
        what: What the input is, for the message (e.g. the file name).

    Returns:
        The model instance.

    Raises:
        ConvertersToolsUserError: Naming every invalid field.
    """
    try:
        return model.model_validate(data)
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}"
            for e in err.errors()
        )
        raise ConvertersToolsUserError(
            f"{what} is not a valid {model.__name__}: {problems}. Fix the value(s)."
        ) from None


def _parse_space(values: Sequence[str]) -> dict[str, str]:
    spaces: dict[str, str] = {}
    for value in values:
        name, sep, space = value.partition("=")
        name = name.strip().removesuffix("_coo").removesuffix("_space")
        if not sep or name not in _SPACE_FIELDS or space not in ("world", "pixel"):
            raise click.BadParameter(
                f"{value!r}: expected FIELD=SPACE with FIELD one of "
                f"{', '.join(_SPACE_FIELDS)} and SPACE world or pixel "
                "(e.g. --space start_z=pixel).",
                param_hint="--space",
            )
        spaces[f"{name}_coo"] = space
    return spaces


def _parse_channel(value: str) -> dict[str, Any]:
    label, *rest = value.split(":")
    if not label or len(rest) > 2:
        raise click.BadParameter(
            f"{value!r}: expected LABEL, LABEL:WAVELENGTH or LABEL:WAVELENGTH:COLOUR "
            "(e.g. --channel DAPI:405 --channel GFP:488:00ff00).",
            param_hint="--channel",
        )
    channel: dict[str, Any] = {"channel_label": label}
    if rest and rest[0]:
        channel["wavelength_id"] = rest[0]
    if len(rest) == 2 and rest[1]:
        channel["color"] = rest[1]
    return channel


def _default_plate_name() -> str:
    """The plate name `hcs_images_from_dataframe` uses when not told."""
    import inspect

    from ome_zarr_converters_tools.core.dataframe import hcs_images_from_dataframe

    default = inspect.signature(hcs_images_from_dataframe).parameters["plate_name"]
    return str(default.default)


def tiles_table_options(function: F) -> F:
    """Add the options that describe a tiles table and its acquisition."""
    options = [
        click.option(
            "--kind",
            type=click.Choice(TABLE_KINDS),
            default="auto",
            show_default=True,
            help="hcs: columns row and column (one plate); single: column "
            "image_path (one image per value); auto: decided by the columns.",
        ),
        click.option(
            "--acquisition-details",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="JSON file of AcquisitionDetails (pixel size, spacings, channels, "
            "axes, coordinate spaces, stage orientation); the options below "
            "override it. Without it the AcquisitionDetails defaults apply.",
        ),
        click.option(
            "--pixel-size",
            type=click.FloatRange(min=0, min_open=True),
            help="xy pixel size in micrometres.",
        ),
        click.option(
            "--z-spacing",
            type=click.FloatRange(min=0, min_open=True),
            help="Distance between z planes in micrometres.",
        ),
        click.option(
            "--space",
            "spaces",
            multiple=True,
            metavar="FIELD=SPACE",
            help="Coordinate space of a table column: world (micrometres, "
            "seconds) or pixel (indices), e.g. --space start_z=pixel. Repeatable.",
        ),
        click.option(
            "--channel",
            "channels",
            multiple=True,
            metavar="LABEL[:WAVELENGTH[:COLOUR]]",
            help="One channel, in c order; repeat for every channel.",
        ),
        click.option(
            "--plate-name",
            help="Plate name of an hcs table (the plate is written as "
            f"NAME.zarr) [default: {_default_plate_name()}].",
        ),
        click.option(
            "--image-dir",
            type=click.Path(exists=True, file_okay=False, path_type=Path),
            help="Folder that relative file_path values are relative to "
            "(default: the table's folder).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def table_kind(columns: Sequence[str], kind: str, *, table: Path) -> str:
    """Decide between `hcs` and `single` from the table's columns.

    Raises:
        ConvertersToolsUserError: If `auto` cannot decide.
    """
    if kind != "auto":
        return kind
    names = set(columns)
    if {"row", "column"} <= names:
        return "hcs"
    if "image_path" in names:
        return "single"
    raise ConvertersToolsUserError(
        f"Tiles table {str(table)!r}: cannot tell a plate table from a single-image "
        f"table (columns {sorted(names)}). A plate table has the columns row and "
        "column, a single-image table has image_path; add them, or pass --kind."
    )


def _read_table(path: Path, *, header_only: bool = False) -> Any:
    import pandas as pd

    rows = 0 if header_only else None
    try:
        if path.suffix.lower() in (".parquet", ".pq"):
            table = pd.read_parquet(path)
        elif path.suffix.lower() in (".tsv", ".tab"):
            table = pd.read_csv(path, sep="\t", nrows=rows)
        else:
            table = pd.read_csv(path, nrows=rows)
    except (ValueError, OSError, ImportError) as err:
        raise ConvertersToolsUserError(
            f"Cannot read the tiles table {str(path)!r}: {err}. Pass a CSV (or TSV, "
            "Parquet) file with one row per tile."
        ) from None
    table.attrs["source"] = str(path)
    return table


def read_json_object(
    path: Path, *, what: str, fields: str, hint: str = ""
) -> dict[str, Any]:
    """Read a JSON file that must hold one object of a model's fields.

    Args:
        path: The file given on the command line.
        what: How errors name the file ("converter options file 'x.json'").
        fields: The model whose fields the object holds, for the fix.
        hint: Where those fields are documented (" (see docs/options.md)").

    Raises:
        ConvertersToolsUserError: The file cannot be read, is not JSON, or holds
            something other than an object.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ConvertersToolsUserError(
            f"Cannot read the {what}: {err}. Pass a JSON object with the "
            f"{fields} fields{hint}."
        ) from None
    if not isinstance(data, dict):
        raise ConvertersToolsUserError(
            f"The {what} holds a {type(data).__name__}, expected a JSON object "
            f"with the {fields} fields."
        )
    return dict(data)


def build_acquisition_details(
    *,
    details_path: Path | None,
    pixel_size: float | None,
    z_spacing: float | None,
    spaces: Sequence[str],
    channels: Sequence[str],
) -> Any:
    """Build `AcquisitionDetails` from the file (if any) and the overrides."""
    from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails

    data: dict[str, Any] = {}
    what = "the acquisition details"
    if details_path is not None:
        what = f"acquisition details file {str(details_path)!r}"
        data = read_json_object(details_path, what=what, fields="AcquisitionDetails")
    if pixel_size is not None:
        data.pop("xy_pixel_size", None)
        data["pixelsize"] = pixel_size
    if z_spacing is not None:
        data["z_spacing"] = z_spacing
    for name, space in _parse_space(spaces).items():
        data.pop(name.replace("_coo", "_space"), None)
        data[name] = space
    if channels:
        data["channels"] = [_parse_channel(value) for value in channels]
    return validated(AcquisitionDetails, data, what=what)


def read_tiles(
    table_path: Path,
    *,
    kind: str,
    details: Any,
    plate_name: str | None,
    image_dir: Path | None,
) -> tuple[str, list[Any]]:
    """Read a tiles table into tiles, with relative file paths made absolute.

    Args:
        table_path: CSV, TSV or Parquet file, one row per tile.
        kind: `auto`, `hcs` or `single`.
        details: The `AcquisitionDetails` of every tile.
        plate_name: Plate name (hcs tables); None keeps the library default.
        image_dir: Folder of relative `file_path` values (default: the table's).

    Returns:
        The resolved kind (`hcs` or `single`) and the tiles, in table order.
    """
    from ome_zarr_converters_tools.core.dataframe import (
        hcs_images_from_dataframe,
        single_images_from_dataframe,
    )

    table = _read_table(table_path)
    resolved = table_kind([str(c) for c in table.columns], kind, table=table_path)
    if "file_path" in table.columns:
        folder = (image_dir or table_path.parent).resolve()
        table["file_path"] = [
            value if _is_absolute(value) else str(folder / value)
            for value in table["file_path"].astype(str)
        ]
    if resolved == "hcs":
        kwargs: dict[str, Any] = {}
        if plate_name is not None:
            kwargs["plate_name"] = plate_name
        tiles: list[Any] = hcs_images_from_dataframe(
            tiles_table=table, acquisition_details=details, **kwargs
        )
    else:
        if plate_name is not None:
            raise ConvertersToolsUserError(
                f"--plate-name {plate_name!r} was given, but {str(table_path)!r} is "
                "a single-image table (no plate). Drop --plate-name, or pass a table "
                "with row and column columns."
            )
        tiles = single_images_from_dataframe(
            tiles_table=table, acquisition_details=details
        )
    if not tiles:
        raise ConvertersToolsUserError(
            f"The tiles table {str(table_path)!r} has no rows: there is nothing to "
            "convert. Add one row per tile."
        )
    return resolved, tiles


def peek_kind(table_path: Path, kind: str) -> str:
    """Resolve `auto` to `hcs` or `single` from the table's header."""
    if kind != "auto":
        return kind
    columns = [str(c) for c in _read_table(table_path, header_only=True).columns]
    return table_kind(columns, kind, table=table_path)


def _is_absolute(value: str) -> bool:
    """Absolute local paths and URLs (s3://...) are kept as they are."""
    return "://" in value or Path(value).expanduser().is_absolute()
