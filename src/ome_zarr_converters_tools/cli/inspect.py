"""`inspect PATH`: what an OME-Zarr plate, well or image holds.

Wells, images, shape, dtype, axes, pixel sizes, channels, pyramid levels and
tables, read from the metadata only (`cli/_describe.py`); `--json` prints the
same as one JSON document for scripts.
"""

from __future__ import annotations

import json

import click

from ome_zarr_converters_tools.cli._common import common_options
from ome_zarr_converters_tools.cli._describe import describe, format_description

__all__ = ["inspect_command"]


@click.command("inspect")
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts).")
@common_options
def inspect_command(path: str, as_json: bool) -> None:
    """Show what the OME-Zarr plate, well or image at PATH holds.

    PATH is a folder (or URL) such as out/MyPlate.zarr or
    out/MyPlate.zarr/B/03/0. Only metadata is read.
    """
    info = describe(path)
    if as_json:
        click.echo(json.dumps(info, indent=2))
    else:
        click.echo(format_description(info))
