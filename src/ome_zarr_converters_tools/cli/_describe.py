"""Describe an OME-Zarr plate, well or image from its metadata (zarr only).

Shared by `inspect` and the summary printed by `convert`. It reads the NGFF
attributes with zarr directly (NGFF 0.4 on zarr v2, 0.5 on zarr v3, where they
sit under `ome`), so it works the same with either ngio line and on data this
library did not write; pixels are never read, only array metadata.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError

__all__ = ["describe", "format_description", "ngff_attributes", "open_group"]


def open_group(path: str | Path) -> Any:
    """Open a zarr group read-only; a missing or non-zarr path is a user error."""
    import zarr

    location = str(path)
    if "://" not in location and not Path(location).exists():
        raise ConvertersToolsUserError(
            f"{location!r} does not exist. Pass the folder of an OME-Zarr plate or "
            "image (e.g. out/MyPlate.zarr)."
        )
    try:
        return zarr.open_group(location, mode="r")
    except (FileNotFoundError, ValueError, KeyError, TypeError) as err:
        raise ConvertersToolsUserError(
            f"{location!r} is not a zarr group ({type(err).__name__}: {err}). Pass "
            "the folder of an OME-Zarr plate or image (e.g. out/MyPlate.zarr)."
        ) from None


def ngff_attributes(group: Any) -> tuple[dict[str, Any], str | None]:
    """The NGFF attributes of a group and their version (None when unknown)."""
    attrs = dict(group.attrs.asdict())
    if isinstance(attrs.get("ome"), dict):
        ome = dict(attrs["ome"])
        return ome, str(ome.get("version")) if ome.get("version") else None
    version = None
    for key in ("plate", "well"):
        if isinstance(attrs.get(key), dict) and attrs[key].get("version"):
            version = str(attrs[key]["version"])
    multiscales = attrs.get("multiscales")
    if isinstance(multiscales, list) and multiscales:
        version = multiscales[0].get("version", version)
    return attrs, version


def _tables(group: Any) -> list[str]:
    try:
        tables = group["tables"]
    except KeyError:
        return []
    names = tables.attrs.asdict().get("tables", [])
    return [str(name) for name in names] if isinstance(names, list) else []


def _scale(dataset: dict[str, Any]) -> list[float] | None:
    for transform in dataset.get("coordinateTransformations", []):
        if transform.get("type") == "scale":
            return [float(value) for value in transform.get("scale", [])]
    return None


def _describe_image(group: Any, path: str) -> dict[str, Any]:
    attrs, version = ngff_attributes(group)
    multiscales = attrs.get("multiscales")
    if not isinstance(multiscales, list) or not multiscales:
        raise ConvertersToolsUserError(
            f"{path!r} has no 'multiscales' metadata, so it is not an OME-Zarr image. "
            "Check the path, or run validate on it for the details."
        )
    multiscale = multiscales[0]
    axes = [str(axis.get("name")) for axis in multiscale.get("axes", [])]
    units = {
        str(axis.get("name")): axis.get("unit") for axis in multiscale.get("axes", [])
    }
    datasets = multiscale.get("datasets", [])
    levels = [str(dataset.get("path")) for dataset in datasets]
    shape: list[int] = []
    dtype = chunks = None
    if levels:
        array = group[levels[0]]
        shape = [int(size) for size in array.shape]
        dtype = str(array.dtype)
        chunks = [int(size) for size in array.chunks]
    scale = _scale(datasets[0]) if datasets else None
    pixel_sizes = (
        {
            axis: value
            for axis, value in zip(axes, scale, strict=False)
            if axis in ("x", "y", "z", "t")
        }
        if scale
        else {}
    )
    omero = attrs.get("omero") or {}
    channels = [
        str(channel.get("label", "")) for channel in omero.get("channels", []) or []
    ]
    return {
        "type": "image",
        "path": path,
        "ngff_version": version,
        "name": multiscale.get("name"),
        "axes": axes,
        "units": {axis: unit for axis, unit in units.items() if unit},
        "shape": shape,
        "dtype": dtype,
        "chunks": chunks,
        "pixel_sizes": pixel_sizes,
        "channels": channels,
        "levels": levels,
        "tables": _tables(group),
    }


def _describe_well(group: Any, path: str) -> dict[str, Any]:
    attrs, version = ngff_attributes(group)
    images = [str(image.get("path")) for image in attrs["well"].get("images", [])]
    return {
        "type": "well",
        "path": path,
        "ngff_version": version,
        "images": [
            _describe_image(group[image], f"{path}/{image}") for image in images
        ],
    }


def describe(path: str | Path) -> dict[str, Any]:
    """Describe the plate, well or image at `path` as a JSON-ready dict.

    Args:
        path: Folder (or URL) of an OME-Zarr plate, well or image.

    Returns:
        `{"type": "plate" | "well" | "image", "path", "ngff_version", ...}`: a
        plate lists its wells with their images, an image its axes, shape,
        dtype, chunks, pixel sizes, channels, levels and tables.

    Raises:
        ConvertersToolsUserError: If `path` is no OME-Zarr plate, well or image.
    """
    location = str(path)
    group = open_group(location)
    attrs, version = ngff_attributes(group)
    if isinstance(attrs.get("plate"), dict):
        plate = attrs["plate"]
        wells = [str(well.get("path")) for well in plate.get("wells", [])]
        return {
            "type": "plate",
            "path": location,
            "ngff_version": version,
            "name": plate.get("name"),
            "rows": [str(row.get("name")) for row in plate.get("rows", [])],
            "columns": [str(col.get("name")) for col in plate.get("columns", [])],
            "tables": _tables(group),
            "wells": [
                _describe_well(group[well], f"{location}/{well}") for well in wells
            ],
        }
    if isinstance(attrs.get("well"), dict):
        return _describe_well(group, location)
    if "multiscales" in attrs:
        return _describe_image(group, location)
    hint = ""
    if "://" not in location and Path(location).is_dir():
        inside = sorted(p.name for p in Path(location).glob("*.zarr"))[:5]
        if inside:
            hint = f" It contains {', '.join(inside)}: pass one of those."
    raise ConvertersToolsUserError(
        f"{location!r} is a zarr group without OME-Zarr plate, well or image "
        f"metadata.{hint} Pass the folder of a plate or image (e.g. "
        "out/MyPlate.zarr)."
    )


def _pixel_sizes(image: dict[str, Any]) -> str:
    """`z=5, y=0.65, x=0.65 micrometer; t=1 second`: axes grouped by unit."""
    groups: list[tuple[str, list[str]]] = []
    for axis, value in image["pixel_sizes"].items():
        unit = str(image["units"].get(axis, ""))
        if not groups or groups[-1][0] != unit:
            groups.append((unit, []))
        groups[-1][1].append(f"{axis}={value:g}")
    return "; ".join(
        ", ".join(values) + (f" {unit}" if unit else "") for unit, values in groups
    )


def _image_line(image: dict[str, Any], *, prefix: str) -> list[str]:
    sizes = ", ".join(
        f"{axis}={size}"
        for axis, size in zip(image["axes"], image["shape"], strict=False)
    )
    pixel = _pixel_sizes(image)
    lines = [
        f"{prefix}{image['path']}",
        f"{prefix}  shape ({sizes}) {image['dtype']}, chunks {tuple(image['chunks'])}",
        f"{prefix}  pixel size {pixel}",
        f"{prefix}  channels: {', '.join(image['channels']) or '(none listed)'}",
        f"{prefix}  {len(image['levels'])} level(s): {', '.join(image['levels'])}",
        f"{prefix}  tables: {', '.join(image['tables']) or '(none)'}",
    ]
    return lines


def format_description(info: dict[str, Any]) -> str:
    """Render `describe`'s result as indented text for people."""
    lines: list[str] = []
    version = info.get("ngff_version") or "unknown"
    if info["type"] == "plate":
        images = sum(len(well["images"]) for well in info["wells"])
        lines.append(
            f"Plate {info.get('name') or ''} at {info['path']} (NGFF {version}): "
            f"{len(info['wells'])} well(s), {images} image(s)"
        )
        lines.append(
            f"  rows {', '.join(info['rows'])}; columns {', '.join(info['columns'])}"
        )
        lines.append(f"  plate tables: {', '.join(info['tables']) or '(none)'}")
        for well in info["wells"]:
            name = well["path"].rsplit("/", 2)
            lines.append(f"  well {''.join(name[-2:])}: {len(well['images'])} image(s)")
            for image in well["images"]:
                lines.extend(_image_line(image, prefix="    "))
    elif info["type"] == "well":
        lines.append(
            f"Well at {info['path']} (NGFF {version}): {len(info['images'])} image(s)"
        )
        for image in info["images"]:
            lines.extend(_image_line(image, prefix="  "))
    else:
        lines.append(f"Image at {info['path']} (NGFF {version})")
        lines.extend(_image_line(info, prefix="")[1:])
    return "\n".join(lines)
