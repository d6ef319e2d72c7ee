"""Read converted OME-Zarr output back into snapshot models."""

from __future__ import annotations

import platform
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.testing.snapshot.models import (
    FingerprintModel,
    MultiPlateAssertionModel,
    MultiSingleImageAssertionModel,
)

__all__ = ["OutputType", "build_snapshot", "collect_versions", "flatten_updates"]

OutputType = Literal["plate", "single_image"]
"""Kind of converter output a snapshot describes."""

# The stack whose changes can move metadata or pixel hashes; recorded to explain a
# mismatch, never compared.
_VERSIONED_PACKAGES = (
    "ome-zarr-converters-tools",
    "ngio",
    "zarr",
    "numpy",
    "dask",
    "tifffile",
    "pillow",
    "pydantic",
)


def collect_versions() -> dict[str, str | None]:
    """Return the versions of Python and the packages that shape the output."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for package in _VERSIONED_PACKAGES:
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    return versions


def flatten_updates(image_list_updates: Sequence[Any]) -> list[Mapping[str, Any]]:
    """Return the individual image-list entries of compute-task results.

    Args:
        image_list_updates: Compute results (`{"image_list_updates": [...]}`
            each, as `exec_compound_task` returns them) or the entries
            themselves.

    Returns:
        The `{"zarr_url", "types", "attributes"}` entries, in order.
    """
    entries: list[Mapping[str, Any]] = []
    for result in image_list_updates:
        if isinstance(result, Mapping) and "image_list_updates" in result:
            entries.extend(result["image_list_updates"])
        elif isinstance(result, Mapping) and "zarr_url" in result:
            entries.append(result)
        elif result is not None:
            raise ConvertersToolsUserError(
                f"Cannot read image-list updates from {result!r}: expected the "
                "compute task's return value ({'image_list_updates': [...]}) or an "
                "entry with a 'zarr_url'."
            )
    return entries


def _updates_by_relative_path(
    zarr_dir: Path, image_list_updates: Sequence[Any]
) -> dict[str, Mapping[str, Any]]:
    """Index the image-list entries by their path relative to `zarr_dir`."""
    indexed: dict[str, Mapping[str, Any]] = {}
    root = zarr_dir.resolve()
    for entry in flatten_updates(image_list_updates):
        url = Path(str(entry["zarr_url"])).resolve()
        try:
            relative = url.relative_to(root).as_posix()
        except ValueError:
            raise ConvertersToolsUserError(
                f"The image {entry['zarr_url']} is not inside the output folder "
                f"{zarr_dir}; a converter must write below its zarr_dir."
            ) from None
        indexed[relative] = entry
    return indexed


def _image_entry(container: Any, update: Mapping[str, Any] | None) -> dict[str, Any]:
    """Describe one ngio `OmeZarrContainer` as an `ImageAssertionModel` dict."""
    from ngio.utils import NgioValueError

    from ome_zarr_converters_tools.core.ngio_compat import slices_repr

    image = container.get_image()
    entry: dict[str, Any] = {
        "axes": list(image.axes),
        "shape": list(image.shape),
        "pixelsize": list(image.pixel_size.tzyx),
        "channel_labels": list(container.channel_labels),
        "wavelength_ids": list(container.wavelength_ids),
    }
    if update is not None:
        entry["types"] = dict(update.get("types") or {})
        entry["attributes"] = dict(update.get("attributes") or {})
    tables: dict[str, Any] = {}
    for table_name in sorted(container.list_tables()):
        try:
            roi_table = container.get_roi_table(table_name)
        except NgioValueError:
            # Condition tables and other non-ROI tables are listed, not read.
            tables[table_name] = None
            continue
        rois: dict[str, Any] = {}
        for roi in roi_table.rois():
            pixel_roi = roi.to_pixel(pixel_size=image.pixel_size)
            extra = roi.model_extra or {}
            y_origin = extra.get("y_micrometer_original")
            x_origin = extra.get("x_micrometer_original")
            rois[roi.get_name()] = {
                "slice_repr": slices_repr(pixel_roi.slices),
                "finger_print": FingerprintModel.from_array(
                    image.get_roi_as_numpy(roi)
                ).model_dump(),
                "yx_origin": (
                    [float(y_origin), float(x_origin)]
                    if y_origin is not None and x_origin is not None
                    else None
                ),
            }
        tables[table_name] = {"rois": rois}
    entry["tables"] = tables
    return entry


def _plate_snapshot(
    zarr_dir: Path, image_list_updates: Sequence[Any]
) -> MultiPlateAssertionModel:
    """Snapshot every plate that received an image."""
    from ngio import open_ome_zarr_plate

    from ome_zarr_converters_tools.core.ngio_compat import plate_images, plate_wells

    updates = _updates_by_relative_path(zarr_dir, image_list_updates)
    plate_names = sorted({path.split("/", 1)[0] for path in updates})
    plates: dict[str, Any] = {}
    for plate_name in plate_names:
        plate = open_ome_zarr_plate(str(zarr_dir / plate_name))
        wells = sorted(plate_wells(plate))
        images = plate_images(plate)
        plates[plate_name] = {
            "wells": wells,
            "images": {
                path: _image_entry(images[path], updates.get(f"{plate_name}/{path}"))
                for path in sorted(images)
            },
        }
    return MultiPlateAssertionModel.model_validate(
        {"plates": plates, "versions": collect_versions()}
    )


def _single_image_snapshot(
    zarr_dir: Path, image_list_updates: Sequence[Any]
) -> MultiSingleImageAssertionModel:
    """Snapshot every single image listed in the updates."""
    from ngio import open_ome_zarr_container

    updates = _updates_by_relative_path(zarr_dir, image_list_updates)
    images = {
        name: _image_entry(open_ome_zarr_container(str(zarr_dir / name)), update)
        for name, update in sorted(updates.items())
    }
    return MultiSingleImageAssertionModel.model_validate(
        {"images": images, "versions": collect_versions()}
    )


def build_snapshot(
    *,
    zarr_dir: Path | str,
    image_list_updates: Sequence[Any],
    output_type: OutputType = "plate",
) -> MultiPlateAssertionModel | MultiSingleImageAssertionModel:
    """Read a converter's output into a snapshot model.

    The same function builds the snapshot that is stored and the one compared
    against it, so generation and checking cannot drift apart.

    Args:
        zarr_dir: The folder the converter wrote into.
        image_list_updates: What the converter returned (compute results).
        output_type: `"plate"` for HCS plates, `"single_image"` for images at
            the top of `zarr_dir`.

    Returns:
        The snapshot, including an informational `versions` block.

    Raises:
        ConvertersToolsUserError: If `output_type` is unknown or an image lies
            outside `zarr_dir`.
    """
    folder = Path(zarr_dir)
    if output_type == "plate":
        return _plate_snapshot(folder, image_list_updates)
    if output_type == "single_image":
        return _single_image_snapshot(folder, image_list_updates)
    raise ConvertersToolsUserError(
        f"Unknown output_type {output_type!r}; expected 'plate' or 'single_image'."
    )
