"""`validate PATH`: check a plate, well or image against the NGFF specification.

The metadata checks are ome-zarr-models' (extra `validate`): the plate, every
well and every image of it, for NGFF 0.4 and 0.5, validated with its attribute
models (`HCSAttrs`, `WellAttrs`, `ImageAttrs`). Its whole-group readers
(`HCS.from_zarr`) are not used: they depend on the installed pydantic-zarr
version and reject valid data with some combinations. Added here: the zarr
format matches the NGFF version, and every listed level exists with one
dimension per declared axis. Every problem is reported with the path it was
found at, and the command exits with 1 when there is any, so scripts can gate
on it.
"""

from __future__ import annotations

from typing import Any

import click
from pydantic import ValidationError

from ome_zarr_converters_tools.cli._common import common_options
from ome_zarr_converters_tools.cli._describe import ngff_attributes, open_group
from ome_zarr_converters_tools.core.errors import ConvertersToolsMissingDependencyError

__all__ = ["find_problems", "validate"]

_EXIT_INVALID = 1
_ZARR_FORMAT = {"0.4": 2, "0.5": 3}


def _models(version: str) -> tuple[Any, Any, Any]:
    """The plate, well and image attribute models of one NGFF version."""
    import importlib

    package = "ome_zarr_models.v05" if version == "0.5" else "ome_zarr_models.v04"
    try:
        hcs = importlib.import_module(f"{package}.hcs")
        well = importlib.import_module(f"{package}.well")
        image = importlib.import_module(f"{package}.image")
    except ImportError as err:
        raise ConvertersToolsMissingDependencyError(
            "validate needs ome-zarr-models, which is not installed. Install the "
            "'validate' extra: pip install 'ome-zarr-converters-tools[validate]' "
            "(or pip install ome-zarr-models)."
        ) from err
    return hcs.HCSAttrs, well.WellAttrs, image.ImageAttrs


def _reasons(error: ValidationError) -> list[str]:
    """One readable reason per pydantic error: where, what, and the value."""
    reasons = []
    for detail in error.errors():
        where = ".".join(str(part) for part in detail.get("loc", ())) or "metadata"
        value = detail.get("input")
        shown = "" if isinstance(value, dict | list) else f" (got {value!r})"
        reasons.append(f"{where}: {detail.get('msg')}{shown}")
    return reasons


def _check(model: Any, attrs: dict[str, Any], where: str, problems: list[str]) -> None:
    try:
        model.model_validate(attrs)
    except ValidationError as error:
        problems.extend(f"{where}: {reason}" for reason in _reasons(error))


def _check_format(group: Any, version: str, where: str, problems: list[str]) -> None:
    expected = _ZARR_FORMAT[version]
    actual = group.metadata.zarr_format
    if actual != expected:
        problems.append(
            f"{where}: NGFF {version} is stored in zarr format {expected}, this group "
            f"is zarr format {actual}"
        )


def _check_arrays(
    group: Any, attrs: dict[str, Any], where: str, problems: list[str]
) -> None:
    """Every level listed by the multiscales exists with one dimension per axis."""
    multiscales = attrs.get("multiscales")
    if not isinstance(multiscales, list):
        return
    for multiscale in multiscales:
        if not isinstance(multiscale, dict):
            continue
        axes = multiscale.get("axes") or []
        for dataset in multiscale.get("datasets") or []:
            level = str(dataset.get("path")) if isinstance(dataset, dict) else "?"
            try:
                array = group[level]
            except KeyError:
                problems.append(f"{where}: level {level!r} is listed but missing")
                continue
            ndim = len(getattr(array, "shape", ()))
            if ndim != len(axes):
                problems.append(
                    f"{where}: level {level!r} has {ndim} dimension(s) but "
                    f"{len(axes)} axes are declared"
                )


def _children(attrs: dict[str, Any], key: str, item: str) -> list[str]:
    entries = (
        attrs.get(key, {}).get(item, []) if isinstance(attrs.get(key), dict) else []
    )
    return [str(entry.get("path")) for entry in entries if isinstance(entry, dict)]


def find_problems(path: str) -> tuple[str, str | None, list[str]]:
    """Validate the plate, well or image at `path`.

    Args:
        path: Folder (or URL) of an OME-Zarr plate, well or image.

    Returns:
        What was found (`plate`, `well`, `image` or `unknown`), its NGFF version
        and the problems (empty when valid), each prefixed by where it was found.

    Raises:
        ConvertersToolsUserError: If `path` is not a zarr group.
        ConvertersToolsMissingDependencyError: Without ome-zarr-models.
    """
    group = open_group(path)
    attrs, version = ngff_attributes(group)
    problems: list[str] = []
    if "plate" in attrs:
        kind = "plate"
    elif "well" in attrs:
        kind = "well"
    elif "multiscales" in attrs:
        kind = "image"
    else:
        return (
            "unknown",
            version,
            [
                f"{path}: no OME-Zarr plate, well or image metadata in the group's "
                "attributes"
            ],
        )
    if version not in ("0.4", "0.5"):
        return (
            kind,
            version,
            [f"{path}: NGFF version {version!r} cannot be validated (0.4 and 0.5 can)"],
        )
    hcs_model, well_model, image_model = _models(version)

    def check_image(image_group: Any, where: str) -> None:
        image_attrs, _ = ngff_attributes(image_group)
        _check_format(image_group, version, where, problems)
        _check(image_model, image_attrs, where, problems)
        _check_arrays(image_group, image_attrs, where, problems)

    if kind == "image":
        check_image(group, path)
        return kind, version, problems
    _check_format(group, version, path, problems)
    if kind == "plate":
        _check(hcs_model, attrs, path, problems)
        wells = _children(attrs, "plate", "wells")
    else:
        wells = [""]
    for well in wells:
        well_path = f"{path}/{well}" if well else path
        try:
            well_group = group[well] if well else group
        except KeyError:
            problems.append(f"{well_path}: listed by the plate but missing")
            continue
        well_attrs, _ = ngff_attributes(well_group)
        _check(well_model, well_attrs, well_path, problems)
        for image in _children(well_attrs, "well", "images"):
            try:
                image_group = well_group[image]
            except KeyError:
                problems.append(f"{well_path}/{image}: listed by the well but missing")
                continue
            check_image(image_group, f"{well_path}/{image}")
    return kind, version, problems


@click.command("validate")
@click.argument("path")
@common_options
def validate(path: str) -> None:
    """Check the OME-Zarr plate, well or image at PATH against the NGFF spec.

    Uses ome-zarr-models (NGFF 0.4 and 0.5): the plate, every well and every
    image. Exit code 0 when valid, 1 with the reasons when not.
    """
    kind, version, problems = find_problems(path)
    if not problems:
        click.echo(f"Valid: {path} is an NGFF {version} {kind}.")
        return
    click.echo(
        f"Invalid: {path} ({kind}, NGFF {version or 'unknown'}) has "
        f"{len(problems)} problem(s):",
        err=True,
    )
    for problem in problems:
        click.echo(f"  - {problem}", err=True)
    raise click.exceptions.Exit(_EXIT_INVALID)
