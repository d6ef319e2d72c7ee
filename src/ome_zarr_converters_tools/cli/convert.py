"""`convert TABLE ZARR_DIR`: a tiles table to an OME-Zarr plate or images.

The command runs exactly what Fractal runs for a converter: `exec_compound_task`
with an init task (`cli_init_task`: read the table, aggregate the tiles, set up
the plate and plan one job per image with `setup_images_for_conversion`) and a
compute task (`cli_compute_task`: `generic_compute_task` on one image). So a
table that converts here converts the same way as a Fractal task, with the same
checks and errors.

Options left out keep the defaults of the library's models (`ConverterOptions`,
`OmeZarrOptions`, the runners, `setup_images_for_conversion`); the help shows
them as read from those models.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, get_args

import click

from ome_zarr_converters_tools.cli._common import (
    build_acquisition_details,
    common_options,
    peek_kind,
    read_json_object,
    read_tiles,
    show_logs,
    tiles_table_options,
    validated,
)
from ome_zarr_converters_tools.cli._describe import describe, format_description
from ome_zarr_converters_tools.core.names import NGFF_NAMES_ENV
from ome_zarr_converters_tools.core.progress import PROGRESS_ENV
from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.modes import OverwriteMode, WriterMode
from ome_zarr_converters_tools.models.storage import NgffVersions, OmeZarrOptions

__all__ = ["build_converter_options", "cli_compute_task", "cli_init_task", "convert"]

_RUNNERS = ("sequential", "threads", "processes")
_COLLECTIONS = {"hcs": "ImageInPlate", "single": "SingleImage"}


def _choice_name(member: Any) -> str:
    return str(member.name).lower()


def _default_overwrite() -> OverwriteMode:
    """The overwrite mode `setup_images_for_conversion` uses when not told."""
    from ome_zarr_converters_tools.fractal.init_task import (
        setup_images_for_conversion,
    )

    default = inspect.signature(setup_images_for_conversion).parameters[
        "overwrite_mode"
    ]
    return OverwriteMode(default.default)


def _default_workers() -> int:
    from ome_zarr_converters_tools.fractal.runners import ThreadedRunner

    return int(ThreadedRunner().num_threads)


def cli_init_task(
    *,
    zarr_dir: str,
    tiles_table_path: str,
    kind: str,
    acquisition_details: dict[str, Any],
    converter_options: dict[str, Any],
    overwrite_mode: str,
    plate_name: str | None = None,
    image_dir: str | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Init task of `convert`: tiles table -> images -> plate set up, jobs planned.

    Args:
        zarr_dir: Output folder.
        tiles_table_path: The tiles table (CSV, TSV or Parquet).
        kind: `auto`, `hcs` or `single`.
        acquisition_details: `AcquisitionDetails` as a dict.
        converter_options: `ConverterOptions` as a dict.
        overwrite_mode: An `OverwriteMode` value.
        plate_name: Plate name of an hcs table (None: library default).
        image_dir: Folder of relative file paths (None: the table's folder).

    Returns:
        `{"parallelization_list": [...]}`, one entry per image.
    """
    from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails
    from ome_zarr_converters_tools.fractal.init_task import (
        setup_images_for_conversion,
    )
    from ome_zarr_converters_tools.pipelines.aggregation import (
        tiles_aggregation_pipeline,
    )

    options = ConverterOptions.model_validate(converter_options)
    resolved, tiles = read_tiles(
        Path(tiles_table_path),
        kind=kind,
        details=AcquisitionDetails.model_validate(acquisition_details),
        plate_name=plate_name,
        image_dir=Path(image_dir) if image_dir else None,
    )
    images = tiles_aggregation_pipeline(tiles, converter_options=options)
    parallelization_list = setup_images_for_conversion(
        images,
        zarr_dir=zarr_dir,
        collection_type=_COLLECTIONS[resolved],
        converter_options=options,
        overwrite_mode=OverwriteMode(overwrite_mode),
    )
    click.echo(
        f"Set up {len(parallelization_list)} image(s) from {len(tiles)} tile(s) "
        f"under {zarr_dir}; writing them...",
        err=True,
    )
    return {"parallelization_list": parallelization_list}


def cli_compute_task(
    *, zarr_url: str, init_args: dict[str, Any], collection: str
) -> Any:
    """Compute task of `convert`: write one image with `generic_compute_task`.

    Args:
        zarr_url: The image to write.
        init_args: What the init task handed over.
        collection: `ImageInPlate` or `SingleImage`.

    Returns:
        The image-list update of the image.
    """
    from ome_zarr_converters_tools.core.collection import ImageInPlate, SingleImage
    from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
    from ome_zarr_converters_tools.fractal.compute_task import generic_compute_task

    collection_type = ImageInPlate if collection == "ImageInPlate" else SingleImage
    return generic_compute_task(
        zarr_url=zarr_url,
        init_args=init_args,
        collection_type=collection_type,
        image_loader_type=DefaultImageLoader,
    )


def build_converter_options(
    options_file: Path | None,
    *,
    ngff_version: str | None,
    writer_mode: str | None,
) -> dict[str, Any]:
    """ConverterOptions from the JSON file (if any) and the command line."""
    data: dict[str, Any] = {}
    what = "the converter options"
    if options_file is not None:
        what = f"converter options file {str(options_file)!r}"
        data = read_json_object(
            options_file,
            what=what,
            fields="ConverterOptions",
            hint=" (see docs/options.md)",
        )
    if writer_mode is not None:
        data["writer_mode"] = WriterMode[writer_mode.upper()]
    if ngff_version is not None:
        storage = dict(data.get("omezarr_options") or {})
        storage["ngff_version"] = ngff_version
        data["omezarr_options"] = storage
    options = validated(ConverterOptions, data, what=what)
    return dict(options.model_dump(mode="json"))


def _runner(name: str, workers: int | None) -> Any:
    from ome_zarr_converters_tools.fractal.runners import (
        MultiprocessingRunner,
        SequentialRunner,
        ThreadedRunner,
    )

    if name == "threads":
        return ThreadedRunner(**({"num_threads": workers} if workers else {}))
    if name == "processes":
        return MultiprocessingRunner(**({"num_processes": workers} if workers else {}))
    if workers is not None and workers != 1:
        raise click.UsageError(
            f"--workers {workers} needs --runner threads or processes (the "
            "sequential runner runs one job at a time)."
        )
    return SequentialRunner()


def _is_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


@contextmanager
def _env_switches(switches: dict[str, bool | None]) -> Iterator[None]:
    """Set the library's on/off environment switches for this run only.

    Progress (`OZCT_PROGRESS`) and per-FOV names (`OZCT_NGFF_NAMES`) are read by
    the init and compute tasks themselves, which take no such argument in their
    Fractal form; the variables reach them in this process and in workers.
    """
    before = {name: os.environ.get(name) for name in switches}
    for name, value in switches.items():
        if value is not None:
            os.environ[name] = "1" if value else "0"
    try:
        yield
    finally:
        for name, previous in before.items():
            if previous is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = previous


def _written_roots(results: list[Any], zarr_dir: Path) -> list[str]:
    """The plates (or single images) the compute results name, in order."""
    roots: list[str] = []
    for result in results:
        for update in result.get("image_list_updates", []):
            plate = update.get("attributes", {}).get("plate")
            root = str(zarr_dir / plate) if plate else str(update["zarr_url"])
            if root not in roots:
                roots.append(root)
    return roots


def _viewing_hint(written: dict[str, Any]) -> str:
    """How to look at what was written: napari, ngio, inspect."""
    opener = (
        "open_ome_zarr_plate"
        if written["type"] == "plate"
        else "open_ome_zarr_container"
    )
    path = str(written["path"])
    return "\n".join(
        [
            "View it:",
            f"  napari --plugin napari-ome-zarr {path}"
            "    (pip install napari napari-ome-zarr)",
            f'  python -c "import ngio; print(ngio.{opener}({path!r}))"',
            f"  ome-zarr-converters-tools inspect {path}",
        ]
    )


@click.command("convert")
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("zarr_dir", type=click.Path(file_okay=False, path_type=Path))
@tiles_table_options
@click.option(
    "--options",
    "options_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON file of ConverterOptions (tiling, corrections, levels, chunks, "
    "...); the options below override it.",
)
@click.option(
    "--ngff-version",
    type=click.Choice([str(v) for v in get_args(NgffVersions)]),
    help=f"NGFF version to write [default: {OmeZarrOptions().ngff_version}].",
)
@click.option(
    "--writer-mode",
    type=click.Choice([_choice_name(m) for m in WriterMode], case_sensitive=False),
    help="How pixels are loaded and written "
    f"[default: {_choice_name(ConverterOptions().writer_mode)}].",
)
@click.option(
    "--overwrite",
    "overwrite_mode",
    type=click.Choice([_choice_name(m) for m in OverwriteMode], case_sensitive=False),
    help="What to do with existing output "
    f"[default: {_choice_name(_default_overwrite())}].",
)
@click.option(
    "--runner",
    type=click.Choice(_RUNNERS),
    default=_RUNNERS[0],
    show_default=True,
    help="How the compute jobs (one per image) run.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Threads or processes of the runner "
    f"[default: that of the runner, {_default_workers()}].",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Report progress of the compute jobs: a bar on a terminal, log lines "
    "otherwise (shown with -v, or when --progress is given) "
    f"[default: on unless {PROGRESS_ENV}=0].",
)
@click.option(
    "--ngff-names/--no-ngff-names",
    default=None,
    help="Per-FOV plates (No Tiling): name images with letters and digits only "
    "(0FOV1 instead of 0.10's 0_FOV_1), as NGFF validators require "
    f"[default: off unless {NGFF_NAMES_ENV}=1].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@common_options
def convert(
    table: Path,
    zarr_dir: Path,
    kind: str,
    acquisition_details: Path | None,
    pixel_size: float | None,
    z_spacing: float | None,
    spaces: tuple[str, ...],
    channels: tuple[str, ...],
    plate_name: str | None,
    image_dir: Path | None,
    options_file: Path | None,
    ngff_version: str | None,
    writer_mode: str | None,
    overwrite_mode: str | None,
    runner: str,
    workers: int | None,
    progress: bool | None,
    ngff_names: bool | None,
    as_json: bool,
) -> None:
    """Convert the tiles TABLE into OME-Zarr under ZARR_DIR.

    TABLE is a CSV (or TSV, Parquet) file with one row per tile: file_path,
    fov_name, start_x, start_y, length_x, length_y (plus start_z, ... when
    needed) and row, column for a plate or image_path for single images; the
    other columns become attributes. The conversion runs the same init and
    compute tasks as a Fractal converter.
    """
    from ome_zarr_converters_tools.fractal.runners import exec_compound_task

    details = build_acquisition_details(
        details_path=acquisition_details,
        pixel_size=pixel_size,
        z_spacing=z_spacing,
        spaces=spaces,
        channels=channels,
    )
    options = build_converter_options(
        options_file, ngff_version=ngff_version, writer_mode=writer_mode
    )
    overwrite = (
        OverwriteMode[overwrite_mode.upper()]
        if overwrite_mode is not None
        else _default_overwrite()
    )
    resolved_runner = _runner(runner, workers)
    zarr_dir = zarr_dir.expanduser().resolve()
    if progress and not _is_terminal(sys.stderr):
        # Asked for, but no bar can be drawn: show the INFO progress lines.
        show_logs(logging.INFO)
    with _env_switches({PROGRESS_ENV: progress, NGFF_NAMES_ENV: ngff_names}):
        kind_of_table = peek_kind(table, kind)
        results = exec_compound_task(
            cli_init_task,
            cli_compute_task,
            {
                "zarr_dir": str(zarr_dir),
                "tiles_table_path": str(table.resolve()),
                "kind": kind_of_table,
                "acquisition_details": details.model_dump(mode="json"),
                "converter_options": options,
                "overwrite_mode": overwrite.value,
                "plate_name": plate_name,
                "image_dir": str(image_dir.resolve()) if image_dir else None,
            },
            compute_task_kwargs={"collection": _COLLECTIONS[kind_of_table]},
            runner=resolved_runner,
            progress=progress,
        )
    roots = _written_roots(list(results), zarr_dir)
    described = [describe(root) for root in roots]
    if as_json:
        click.echo(json.dumps({"zarr_dir": str(zarr_dir), "written": described}))
        return
    images = sum(
        len(well["images"]) for info in described for well in info.get("wells", [])
    ) + sum(1 for info in described if info["type"] == "image")
    click.echo(f"Wrote {images} image(s) under {zarr_dir}:")
    for info in described:
        click.echo(format_description(info))
    if described:
        click.echo(_viewing_hint(described[0]))
