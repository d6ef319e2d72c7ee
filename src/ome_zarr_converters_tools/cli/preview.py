"""`preview TABLE OUT.png`: the tile layout of a tiles table, as a picture.

Reads the table with the same options as `convert` and draws
`plotting.plot_layout`: one panel per well or image, every tile's outline at
its stage position (stage orientation and coordinate spaces applied), FOV names,
overlaps in red, gaps hatched, the axis directions marked. No pixel is read
unless `--mosaic` asks for a downsampled picture of every field of view.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ome_zarr_converters_tools.cli._common import (
    build_acquisition_details,
    common_options,
    read_tiles,
    tiles_table_options,
)
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError

__all__ = ["preview"]

_DPI = 100


def _registered_images(tiles: list[Any], options_file: Path | None) -> list[Any]:
    """The tiled images as convert writes them: aggregated, then registered."""
    from ome_zarr_converters_tools.cli.convert import build_converter_options
    from ome_zarr_converters_tools.models.converter import ConverterOptions
    from ome_zarr_converters_tools.pipelines.aggregation import (
        tiles_aggregation_pipeline,
    )
    from ome_zarr_converters_tools.pipelines.registration import (
        apply_registration_pipeline,
        build_default_registration_pipeline,
    )

    options = ConverterOptions.model_validate(
        build_converter_options(options_file, ngff_version=None, writer_mode=None)
    )
    images = tiles_aggregation_pipeline(
        tiles, converter_options=options, check_headers=False
    )
    steps = build_default_registration_pipeline(
        options.stage_position_corrections, options.tiling_strategy
    )
    return [apply_registration_pipeline(image, steps) for image in images]


def _safe_name(path: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in path).strip("_")


@click.command("preview")
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@tiles_table_options
@click.option(
    "--mosaic",
    is_flag=True,
    help="Also read the first plane of every field of view (downsampled) and "
    "draw it under the outlines.",
)
@click.option(
    "--split",
    is_flag=True,
    help="One PNG per well or image (OUT-<name>.png) instead of one with a panel each.",
)
@click.option(
    "--registered",
    is_flag=True,
    help="Draw where the tiles land in the written image (pixels, after the "
    "registration that convert applies) instead of the stage layout.",
)
@click.option(
    "--options",
    "options_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON file of ConverterOptions (tiling, corrections) for --registered.",
)
@click.option("--no-names", is_flag=True, help="Do not label the outlines.")
@common_options
def preview(
    table: Path,
    out: Path,
    kind: str,
    acquisition_details: Path | None,
    pixel_size: float | None,
    z_spacing: float | None,
    spaces: tuple[str, ...],
    channels: tuple[str, ...],
    plate_name: str | None,
    image_dir: Path | None,
    mosaic: bool,
    split: bool,
    registered: bool,
    options_file: Path | None,
    no_names: bool,
) -> None:
    """Draw the tile layout of TABLE into the PNG file OUT.

    One panel per well (plate tables) or image: every tile's outline at its
    stage position with its FOV name, overlaps in red, uncovered area hatched,
    +x and +y marked (y points down, as in the written image). Only the table
    is read, unless --mosaic (or --registered with an autodetected dtype, which
    reads one file header per image).
    """
    from ome_zarr_converters_tools.plotting import plot_layout

    if out.suffix.lower() != ".png":
        raise click.BadParameter(
            f"{str(out)!r}: the preview is written as PNG; name the file *.png.",
            param_hint="OUT",
        )
    if not out.parent.exists():
        raise ConvertersToolsUserError(
            f"The folder of {str(out)!r} does not exist. Create it first or pass "
            "another OUT path."
        )
    details = build_acquisition_details(
        details_path=acquisition_details,
        pixel_size=pixel_size,
        z_spacing=z_spacing,
        spaces=spaces,
        channels=channels,
    )
    _, tiles = read_tiles(
        table, kind=kind, details=details, plate_name=plate_name, image_dir=image_dir
    )
    sources: list[Any] = (
        _registered_images(tiles, options_file) if registered else tiles
    )
    groups: dict[str, list[Any]] = {}
    for source in sources:
        path = source.path if registered else source.collection.path()
        groups.setdefault(path, []).append(source)
    if split:
        written = []
        for path, group in groups.items():
            target = out.with_name(f"{out.stem}-{_safe_name(path)}{out.suffix}")
            figure = plot_layout(group, show_names=not no_names, mosaic=mosaic)
            figure.savefig(target, dpi=_DPI)
            written.append(target)
        click.echo(
            f"Wrote {len(written)} layout picture(s): "
            f"{', '.join(str(p) for p in written)}"
        )
        return
    title = f"{table.name}{' (registered)' if registered else ''}"
    figure = plot_layout(sources, show_names=not no_names, mosaic=mosaic, title=title)
    figure.savefig(out, dpi=_DPI)
    click.echo(
        f"Wrote {out}: {len(groups)} panel(s) ({', '.join(list(groups)[:4])}"
        f"{', ...' if len(groups) > 4 else ''}), {len(tiles)} tile(s)."
    )
