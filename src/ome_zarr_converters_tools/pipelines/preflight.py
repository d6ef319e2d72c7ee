"""Init-time checks: refuse what would fail (or silently lose data) in compute.

Everything here reads metadata only (the tiles, the options and, optionally,
the file headers) and writes nothing, so a refusal leaves nothing on disk:

- the registration plan of every image is run as a dry run (the same default
  pipeline the compute task runs) and its result is checked: pyramid levels
  that ngio would refuse for a small image, tiles of one FOV that would write
  the same voxels (plane indices read as micrometres, duplicate rows), declared
  channels without tiles (a warning);
- with `read_headers`, every tile's file header is read in parallel threads and
  compared with the planned region: shape, number of axes (an RGB file for a
  grey channel), and dtype agreement inside one image;
- pixel sizes implausible in micrometres warn;
- `check_output_location` refuses a `zarr_dir` that is (or lies below) a file.

`tiles_aggregation_pipeline` runs `check_aggregated_images` (with the headers,
where `resource` is known); `setup_images_for_conversion` runs
`check_images_before_writing` (output location, plan, pyramid levels, pixel
sizes) before it creates anything, since images may be built another way.
"""

from __future__ import annotations

import itertools
import logging
import math
import os
import time
import warnings
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ome_zarr_converters_tools.core.acquisition import DataTypeEnum
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsError,
    ConvertersToolsUserError,
    ConvertersToolsWarning,
)
from ome_zarr_converters_tools.core.geometry import roi_pixel_bounds
from ome_zarr_converters_tools.core.region_loader import describe_tile
from ome_zarr_converters_tools.core.urls import (
    UrlType,
    find_url_type,
    local_url_to_path,
)
from ome_zarr_converters_tools.pipelines.registration import (
    apply_registration_pipeline,
    build_default_registration_pipeline,
)

if TYPE_CHECKING:
    from ome_zarr_converters_tools.core.loaders import SourceHeader
    from ome_zarr_converters_tools.core.tiled_image import TiledImage
    from ome_zarr_converters_tools.models.converter import ConverterOptions

__all__ = [
    "CHECK_HEADERS_ENV",
    "check_aggregated_images",
    "check_images_before_writing",
    "check_output_location",
    "headers_enabled",
]

logger = logging.getLogger(__name__)

CHECK_HEADERS_ENV = "OZCT_CHECK_HEADERS"
"""Environment variable: `0`/`false`/`no`/`off` skips the header checks."""

_FALSE_WORDS = frozenset({"0", "false", "no", "off"})
_HEADER_THREADS = 8
_HEADER_CHUNK = 64
_MAX_LISTED = 5
# Pixel sizes (micrometres) outside this range are most likely in another unit.
_PLAUSIBLE_XY_UM = (1e-3, 100.0)
_XY_DOWNSCALE = 2


def headers_enabled(check_headers: bool | None = None) -> bool:
    """Decide whether file headers are read at init.

    An explicit argument wins; otherwise `OZCT_CHECK_HEADERS` decides, and the
    default is on. The variable exists for converters whose init task cannot
    pass the argument (e.g. a published Fractal task reading slow remote
    sources).

    Args:
        check_headers: True/False to decide, None to use the environment.

    Returns:
        True to read the headers.
    """
    if check_headers is not None:
        return bool(check_headers)
    value = os.environ.get(CHECK_HEADERS_ENV, "").strip().lower()
    return value not in _FALSE_WORDS


@dataclass(frozen=True)
class _Planned:
    """One image after the dry-run registration, with its regions' pixel boxes."""

    image: TiledImage[Any, Any]
    original: TiledImage[Any, Any]
    boxes: np.ndarray  # (n_regions, n_axes, 2) int64, start/stop


def _plan(
    tiled_image: TiledImage[Any, Any], converter_options: ConverterOptions
) -> _Planned:
    """Run the default registration pipeline on the metadata of one image."""
    steps = build_default_registration_pipeline(
        converter_options.stage_position_corrections,
        converter_options.tiling_strategy,
    )
    try:
        registered = apply_registration_pipeline(tiled_image, steps)
    except ConvertersToolsError:
        raise
    except Exception as exc:
        raise ConvertersToolsUserError(
            f"Image {tiled_image.path!r}: the tiling and registration plan "
            f"(tiling strategy {type(converter_options.tiling_strategy).__name__}) "
            f"failed at init with {type(exc).__name__}: {exc}. Check the tile "
            "positions and sizes of this image, or choose another tiling strategy."
        ) from exc
    axes = list(registered.axes)
    origin = (0.0,) * len(axes)
    pixel_size = registered.pixel_size
    boxes = np.array(
        [
            roi_pixel_bounds(
                region.roi, axes=axes, pixel_size=pixel_size, origin=origin
            )
            for region in registered.regions
        ],
        dtype=np.int64,
    ).reshape(len(registered.regions), len(axes), 2)
    return _Planned(image=registered, original=tiled_image, boxes=boxes)


def _check_levels(planned: _Planned, converter_options: ConverterOptions) -> None:
    """Refuse more pyramid levels than the image can be halved (ngio would)."""
    image = planned.image
    axes = list(image.axes)
    levels = len(converter_options.omezarr_options.level_paths())
    shape = [int(n) for n in image.output_shape()]
    possible = 1
    current = list(shape)
    while possible < levels:
        halved = [
            max(1, n // _XY_DOWNSCALE) if axis in ("x", "y") else n
            for axis, n in zip(axes, current, strict=True)
        ]
        if math.prod(halved) >= math.prod(current):
            break
        current = halved
        possible += 1
    if possible < levels:
        raise ConvertersToolsUserError(
            f"Image {image.path!r} has shape {tuple(shape)} (axes {axes}), which "
            f"can be halved into at most {possible} pyramid level(s), but "
            f"{levels} are requested. Set OmeZarrOptions(num_levels={possible}) "
            "(or fewer level names), or check the tile sizes of this image."
        )


def _region_label(planned: _Planned, index: int, resource: Any | None) -> str:
    """Label one region as `tile '<fov>' (source: <file>)`."""
    region = planned.image.regions[index]
    return describe_tile(region.roi.name, region.image_loader, resource)


def _range_text(box: np.ndarray, axes: Sequence[str]) -> str:
    """Describe a pixel box as `z [0, 1), c [0, 1), ...` (non-xy axes first)."""
    order = [a for a in axes if a not in ("y", "x")] + [a for a in axes if a in "yx"]
    return ", ".join(
        f"{axis} [{box[axes.index(axis), 0]}, {box[axes.index(axis), 1]})"
        for axis in order
    )


def _collision_cause(planned: _Planned, first: int, second: int) -> str:
    """Guess why two regions of one FOV collide, as a fix for the message."""
    image = planned.image
    a, b = image.regions[first], image.regions[second]
    if a.image_loader == b.image_loader and a.roi == b.roi:
        return (
            "The two rows describe the same tile (duplicate rows): drop the "
            "duplicates, e.g. tiles_table.drop_duplicates()."
        )
    original = planned.original
    if len(original.regions) == len(image.regions):
        spacings = {"z": original.z_spacing, "t": original.t_spacing}
        for axis, spacing in spacings.items():
            if axis not in original.axes:
                continue
            slice_a = original.regions[first].roi.get(axis)
            slice_b = original.regions[second].roi.get(axis)
            start_a = getattr(slice_a, "start", None)
            start_b = getattr(slice_b, "start", None)
            if start_a is None or start_b is None or start_a == start_b:
                continue
            if abs(start_a - start_b) < spacing:
                word = "plane" if axis == "z" else "time-point"
                return (
                    f"Their start_{axis} values differ by less than one "
                    f"{axis} spacing ({spacing}), so start_{axis} looks like "
                    f"{word} indices: set start_{axis}_coo='pixel' in "
                    f"AcquisitionDetails, or give start_{axis} in world units."
                )
    return (
        "Give each tile of a field of view its own plane range (start_z, "
        "start_c, start_t) or its own fov_name."
    )


def _overlapping_pair(boxes: np.ndarray) -> tuple[int, int] | None:
    """Find two boxes that overlap on every axis, by a sweep on the busiest axis.

    Boxes are sorted by their start on the axis with the most distinct starts;
    each box is only compared with the boxes that start before it ends there.
    """
    n = boxes.shape[0]
    if n < 2:
        return None
    distinct = [len(np.unique(boxes[:, axis, 0])) for axis in range(boxes.shape[1])]
    sweep = int(np.argmax(distinct))
    order = np.argsort(boxes[:, sweep, 0], kind="stable")
    starts = boxes[order, :, 0]
    stops = boxes[order, :, 1]
    limits = np.searchsorted(starts[:, sweep], stops[:, sweep], side="left")
    for i in range(n):
        stop = int(limits[i])
        if stop <= i + 1:
            continue
        others = slice(i + 1, stop)
        overlap = np.all(
            (starts[others] < stops[i]) & (starts[i] < stops[others]), axis=1
        )
        hits = np.flatnonzero(overlap)
        if hits.size:
            first, second = int(order[i]), int(order[i + 1 + hits[0]])
            return (min(first, second), max(first, second))
    return None


def _check_collisions(planned: _Planned, resource: Any | None) -> None:
    """Refuse two tiles of one FOV writing the same voxels (neighbours may overlap)."""
    image = planned.image
    axes = list(image.axes)
    by_fov: dict[str | None, list[int]] = defaultdict(list)
    for index, region in enumerate(image.regions):
        by_fov[region.roi.name].append(index)
    for fov, indices in by_fov.items():
        pair = _overlapping_pair(planned.boxes[indices])
        if pair is None:
            continue
        first, second = indices[pair[0]], indices[pair[1]]
        raise ConvertersToolsUserError(
            f"Image {image.path!r}, field of view {fov!r}: "
            f"{_region_label(planned, first, resource)} at "
            f"{_range_text(planned.boxes[first], axes)} and "
            f"{_region_label(planned, second, resource)} at "
            f"{_range_text(planned.boxes[second], axes)} write the same voxels; "
            "the later one would silently overwrite the earlier. "
            f"{_collision_cause(planned, first, second)}"
        )


def _warn_uncovered_channels(planned: _Planned) -> None:
    """Warn about declared channels that no tile of the image fills.

    Read on the image before registration: the plan drops such channels.
    """
    image = planned.original
    if image.channels is None or "c" not in image.axes:
        return
    covered = np.zeros(len(image.channels), dtype=bool)
    for region in image.regions:
        c_slice = region.roi.get("c")
        start = int(getattr(c_slice, "start", None) or 0)
        length = getattr(c_slice, "length", None)
        stop = start + int(length if length is not None else 1)
        covered[max(0, start) : max(0, stop)] = True
    missing = [
        f"{index} ({image.channels[index].channel_label!r})"
        for index in np.flatnonzero(~covered)
    ]
    if missing:
        warnings.warn(
            f"Image {image.path!r}: declared channel(s) {', '.join(missing)} have "
            "no tiles and are left out of the image. Check start_c/length_c in "
            "the tiles table, or remove the channel(s) from "
            "AcquisitionDetails.channels.",
            ConvertersToolsWarning,
            stacklevel=3,
        )


def _warn_implausible_pixel_sizes(images: Sequence[TiledImage[Any, Any]]) -> None:
    """Warn once per xy pixel size that looks like it is not in micrometres."""
    low, high = _PLAUSIBLE_XY_UM
    seen: dict[float, list[str]] = defaultdict(list)
    for image in images:
        size = float(image.pixelsize)
        if not low <= size <= high:
            seen[size].append(image.path)
    for size, paths in seen.items():
        hint = (
            "nanometres? divide by 1000"
            if size > high
            else "metres or millimetres? convert to micrometres"
        )
        warnings.warn(
            f"xy pixel size {size} of {len(paths)} image(s) (first {paths[0]!r}) is "
            f"implausible in micrometres (expected {low} to {high}); is it in "
            f"{hint}. The pixel size is written to the OME-Zarr metadata as "
            "micrometres.",
            ConvertersToolsWarning,
            stacklevel=3,
        )


def _read_header(
    task: tuple[int, int, Any], resource: Any | None
) -> tuple[int, int, SourceHeader | ConvertersToolsError | None]:
    """Thread-pool worker: read one loader's header (a library error is returned)."""
    image_index, region_index, loader = task
    read = getattr(loader, "read_header", None)
    if not callable(read):
        return image_index, region_index, None
    try:
        return image_index, region_index, read(resource)
    except ConvertersToolsError as exc:
        return image_index, region_index, exc


def _located(
    exc: ConvertersToolsError, planned: _Planned, index: int, resource: Any | None
) -> ConvertersToolsError:
    """The loader's error, of the same class, prefixed with image and tile."""
    where = f"Image {planned.image.path!r}, {_region_label(planned, index, resource)}"
    try:
        located = type(exc)(f"{where}: {exc}")
    except Exception:  # a custom error class with another signature
        return exc
    located.__cause__ = exc
    return located


def _header_error(
    planned: _Planned, index: int, header: SourceHeader, resource: Any | None
) -> ConvertersToolsUserError | None:
    """Compare one file header with the planned region; None when it fits."""
    image = planned.image
    axes = list(image.axes)
    box = planned.boxes[index]
    expected = tuple(int(stop - start) for start, stop in box)
    shape = tuple(header.shape)
    if len(shape) <= len(axes) and (1,) * (len(axes) - len(shape)) + shape == expected:
        return None  # the common case, decided without building any text
    label = _region_label(planned, index, resource)
    rgb = (
        " The file looks like an RGB(A) image (last axis of size "
        f"{shape[-1]}): save it as one grey channel, or give the image a 'c' "
        "axis and one tile per channel."
        if len(shape) == 3 and shape[-1] in (3, 4) and expected[-1] != shape[-1]
        else ""
    )
    if len(shape) > len(axes):
        return ConvertersToolsUserError(
            f"Image {image.path!r}: {label} has {len(shape)} axes (shape {shape}) "
            f"but the image declares only {len(axes)} axes {axes}.{rgb} Otherwise "
            "add the missing axes to AcquisitionDetails.axes."
        )
    padded = (1,) * (len(axes) - len(shape)) + shape
    if padded != expected:
        return ConvertersToolsUserError(
            f"Image {image.path!r}: {label} holds pixels of shape {shape} but its "
            f"table row declares shape {expected} (axes {axes}).{rgb} Fix length_x/"
            "length_y (and length_z/length_c/length_t) of this tile to match the "
            "file, or check the coordinate spaces (length_*_coo) in "
            "AcquisitionDetails."
        )
    return None


def _dtype_error(
    planned: _Planned, index: int, header: SourceHeader, resource: Any | None
) -> ConvertersToolsUserError | None:
    """Refuse a tile whose dtype the image dtype cannot hold without loss."""
    image = planned.image
    declared = str(image.data_type)
    if header.dtype == declared or declared == DataTypeEnum.AUTODETECT.value:
        return None
    if np.can_cast(header.dtype, declared, casting="safe"):
        return None
    label = _region_label(planned, index, resource)
    return ConvertersToolsUserError(
        f"Image {image.path!r}: {label} holds {header.dtype!r} pixels but the "
        f"image is written as {declared!r} (declared in AcquisitionDetails, or "
        "taken from the image's first tile with 'autodetect'), which cannot hold "
        f"every {header.dtype!r} value: they would be clipped or wrapped. Convert "
        "the files of this image to one dtype, or declare a data_type that holds "
        f"them all (e.g. {np.promote_types(header.dtype, declared).name!r})."
    )


def _warn_widened(
    planned: _Planned, widened: list[tuple[int, str]], resource: Any | None
) -> None:
    """Warn once per image about tiles cast losslessly to a wider dtype."""
    index, dtype = widened[0]
    warnings.warn(
        f"Image {planned.image.path!r}: {len(widened)} tile(s) hold pixels of "
        f"another dtype than the image ({str(planned.image.data_type)!r}), e.g. "
        f"{_region_label(planned, index, resource)} holds {dtype!r}; they are "
        "written without rescaling, so their intensities are not comparable. If "
        "the files come from different exports, convert them to one dtype.",
        ConvertersToolsWarning,
        stacklevel=4,
    )


def _check_headers(
    planned_images: Sequence[_Planned], resource: Any | None
) -> tuple[int, float]:
    """Read every tile's header in threads and compare it with the plan."""
    started = time.perf_counter()
    tasks = [
        (i, j, region.image_loader)
        for i, planned in enumerate(planned_images)
        for j, region in enumerate(planned.image.regions)
    ]
    read = 0
    widened: dict[int, list[tuple[int, str]]] = defaultdict(list)
    # Chunks of tiles per thread task: one future per tile would cost more
    # than reading a small header.
    chunks = [tasks[i : i + _HEADER_CHUNK] for i in range(0, len(tasks), _HEADER_CHUNK)]
    with ThreadPoolExecutor(max_workers=_HEADER_THREADS) as pool:
        results = itertools.chain.from_iterable(
            pool.map(
                lambda chunk: [_read_header(task, resource) for task in chunk], chunks
            )
        )
        try:
            for image_index, region_index, header in results:
                if header is None:
                    continue
                planned = planned_images[image_index]
                if isinstance(header, ConvertersToolsError):
                    raise _located(header, planned, region_index, resource)
                read += 1
                error = _header_error(
                    planned, region_index, header, resource
                ) or _dtype_error(planned, region_index, header, resource)
                if error is not None:
                    raise error
                if header.dtype != str(planned.image.data_type):
                    widened[image_index].append((region_index, header.dtype))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    for image_index, tiles in widened.items():
        _warn_widened(planned_images[image_index], tiles, resource)
    return read, time.perf_counter() - started


def check_aggregated_images(
    tiled_images: Sequence[TiledImage[Any, Any]],
    *,
    converter_options: ConverterOptions,
    resource: Any | None = None,
    read_headers: bool = False,
) -> None:
    """Check every image's plan and, optionally, its file headers; write nothing.

    Run by `tiles_aggregation_pipeline`, where `resource` is known.

    Args:
        tiled_images: The aggregated images (not modified).
        converter_options: Options of the run (tiling, corrections).
        resource: Passed to the loaders (base folder of relative paths).
        read_headers: Also read every tile's file header (in threads) and
            compare shape, axes and dtype with the plan.

    Raises:
        ConvertersToolsUserError: Naming the image, the tile, its file and the
            fix, for: a failing registration plan, two tiles of one FOV writing
            the same voxels, a file whose shape or number of axes differs from
            the declared tile, and a tile dtype the image dtype cannot hold.
        ConvertersToolsFileNotFoundError: With `read_headers`, for a missing
            file or resource folder.
    """
    started = time.perf_counter()
    planned_images = [_plan(image, converter_options) for image in tiled_images]
    for planned in planned_images:
        _check_collisions(planned, resource)
        _warn_uncovered_channels(planned)
    planned_at = time.perf_counter()
    read, header_seconds = (
        _check_headers(planned_images, resource) if read_headers else (0, 0.0)
    )
    logger.info(
        "Init checks of %d image(s): plan %.2f s, %d header(s) read in %.2f s",
        len(planned_images),
        planned_at - started,
        read,
        header_seconds,
    )


def check_images_before_writing(
    tiled_images: Sequence[TiledImage[Any, Any]],
    *,
    converter_options: ConverterOptions,
    zarr_dir: str,
) -> None:
    """Check the output location and every image's plan; write nothing.

    Run by `setup_images_for_conversion` before it creates anything (the
    images may have been built without `tiles_aggregation_pipeline`).

    Args:
        tiled_images: The images to convert (not modified).
        converter_options: Options of the run (tiling, corrections, levels).
        zarr_dir: The output folder of the run.

    Raises:
        ConvertersToolsUserError: If `zarr_dir` is a file, an image's plan
            fails, two tiles of one FOV write the same voxels, or an image is
            too small for the requested number of pyramid levels.
    """
    check_output_location(zarr_dir)
    for image in tiled_images:
        planned = _plan(image, converter_options)
        _check_collisions(planned, None)
        _check_levels(planned, converter_options)
    _warn_implausible_pixel_sizes(tiled_images)


def check_output_location(zarr_dir: str) -> None:
    """Refuse a local `zarr_dir` that is a file or lies below a file.

    Args:
        zarr_dir: The output folder of the run.

    Raises:
        ConvertersToolsUserError: If the folder cannot be created because a file
            is in the way.
    """
    if find_url_type(zarr_dir) is not UrlType.LOCAL:
        return
    path = local_url_to_path(zarr_dir)
    for candidate in (path, *path.parents):
        if candidate.exists():
            if not candidate.is_dir():
                where = (
                    "is"
                    if candidate == path
                    else f"lies below {str(candidate)!r}, which is"
                )
                raise ConvertersToolsUserError(
                    f"The output folder zarr_dir={str(path)!r} {where} a file, so "
                    "nothing can be written there. Choose a folder (existing or "
                    "not) as zarr_dir, or move the file away."
                )
            return
