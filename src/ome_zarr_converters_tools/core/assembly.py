"""Paste loaded regions into one numpy array, later regions winning overlaps.

A region is a pair of integer `(start, stop)` bounds per axis (in the
coordinates of the output array, already shifted so the image or FOV group
starts at 0) and a `RegionLoader` that produces the pixels. The same pairs feed
`core.lazy_array` for the dask path, so numpy and dask loading cannot drift.

`RegionLoader` is deliberately small: it holds one image loader, the axes, the
expected shape and the resource, never the whole tiled image. Dask tokenises and
pickles every loader of a graph, so a loader that closed over its image would
make graph building quadratic in the number of tiles (FEATURES §6 item 21).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from dask.base import tokenize

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)

__all__ = [
    "Bounds",
    "Region",
    "RegionLoader",
    "describe_source",
    "describe_tile",
    "load_region_data",
    "paste_regions",
]

logger = logging.getLogger(__name__)

Bounds = tuple[tuple[int, int], ...]
"""Integer `(start, stop)` per axis, in output-array coordinates."""

Region = tuple[Bounds, Callable[[], np.ndarray]]
"""Where a region goes and the zero-argument callable that loads it."""


def describe_source(image_loader: Any, resource: Any | None = None) -> str:
    """Say where a loader reads from, for error messages.

    Uses the loader's `describe_source(resource)` (every
    `ImageLoaderInterface` has one) and falls back to its repr for loaders
    written against older interfaces.

    Args:
        image_loader: The tile's image loader.
        resource: The resource the loader would be called with.

    Returns:
        A short human-readable description (usually a file path).
    """
    method = getattr(image_loader, "describe_source", None)
    if callable(method):
        try:
            return str(method(resource))
        except Exception:  # a description must never hide the real error
            logger.debug("describe_source failed for %r", image_loader, exc_info=True)
    return repr(image_loader)


def describe_tile(
    fov_name: str | None, image_loader: Any, resource: Any | None = None
) -> str:
    """Label a tile for messages as `tile '<fov>' (source: <where>)`.

    Args:
        fov_name: The tile's field-of-view name.
        image_loader: The tile's image loader.
        resource: The resource the loader would be called with.

    Returns:
        The label.
    """
    return f"tile {fov_name!r} (source: {describe_source(image_loader, resource)})"


def load_region_data(
    image_loader: Any,
    *,
    axes: Sequence[str],
    resource: Any | None = None,
    fov_name: str | None = None,
    image_path: str | None = None,
    expected_shape: Sequence[int] | None = None,
) -> np.ndarray:
    """Load one tile's pixels and give them exactly the image's number of axes.

    Loaders may return fewer axes than the image declares (a 2D plane for a
    `czyx` image); missing leading axes are added with size 1.

    Args:
        image_loader: The loader to call (`load_data(resource)`).
        axes: The image axes.
        resource: Passed to the loader.
        fov_name: Tile name, for messages.
        image_path: Image path, for messages.
        expected_shape: Shape the region occupies in the output; checked when
            given.

    Returns:
        The data with `len(axes)` dimensions.

    Raises:
        ConvertersToolsUserError: If the loader returns more axes than the image
            has, or a shape other than `expected_shape`.
    """
    data = np.asarray(image_loader.load_data(resource))
    n_axes = len(axes)
    where = f" of image {image_path!r}" if image_path else ""
    if data.ndim > n_axes:
        raise ConvertersToolsUserError(
            f"{describe_tile(fov_name, image_loader, resource)}{where} loaded data "
            f"with {data.ndim} axes (shape {tuple(data.shape)}), but the image "
            f"declares only {n_axes} axes {list(axes)}. Add the missing axes to "
            "AcquisitionDetails.axes, or make the image loader drop the extra "
            "axes (e.g. squeeze singleton dimensions)."
        )
    if data.ndim < n_axes:
        data = data.reshape((1,) * (n_axes - data.ndim) + data.shape)
    if expected_shape is not None and tuple(data.shape) != tuple(expected_shape):
        raise ConvertersToolsUserError(
            f"{describe_tile(fov_name, image_loader, resource)}{where} loaded data "
            f"of shape {tuple(data.shape)} (axes {list(axes)}), but its position "
            f"and size describe a region of shape {tuple(expected_shape)}. Make "
            "the tile's length_* fields (and their coordinate spaces in "
            "AcquisitionDetails) match the data the loader returns."
        )
    return data


class RegionLoader:
    """Picklable zero-argument callable that loads one tile for assembly.

    Args:
        image_loader: The tile's loader.
        axes: The image axes.
        expected_shape: Shape the tile occupies in the output.
        resource: Passed to the loader.
        fov_name: Tile name, for messages.
        image_path: Image path, for messages.
    """

    __slots__ = (
        "axes",
        "expected_shape",
        "fov_name",
        "image_loader",
        "image_path",
        "resource",
    )

    def __init__(
        self,
        image_loader: Any,
        *,
        axes: Sequence[str],
        expected_shape: Sequence[int],
        resource: Any | None = None,
        fov_name: str | None = None,
        image_path: str | None = None,
    ) -> None:
        self.image_loader = image_loader
        self.axes = tuple(axes)
        self.expected_shape = tuple(int(n) for n in expected_shape)
        self.resource = resource
        self.fov_name = fov_name
        self.image_path = image_path

    def __call__(self) -> np.ndarray:
        """Load, pad and check the tile's data."""
        return load_region_data(
            self.image_loader,
            axes=self.axes,
            resource=self.resource,
            fov_name=self.fov_name,
            image_path=self.image_path,
            expected_shape=self.expected_shape,
        )

    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(self.__slots__, state, strict=True):
            setattr(self, name, value)

    def __repr__(self) -> str:
        return (
            f"RegionLoader({describe_tile(self.fov_name, self.image_loader)}, "
            f"shape={self.expected_shape})"
        )

    def __dask_tokenize__(self) -> tuple[Any, ...]:
        """Token identifying the data this loader produces.

        The loader's identity (class and serialised fields) is part of the
        token, so two images with equal geometry but different files never
        share dask keys (FEATURES §6 item 1).
        """
        loader = self.image_loader
        loader_type = type(loader)
        dump = getattr(loader, "model_dump_json", None)
        identity = dump() if callable(dump) else tokenize(loader)
        return (
            "RegionLoader",
            f"{loader_type.__module__}.{loader_type.__qualname__}",
            identity,
            self.axes,
            self.expected_shape,
            self.fov_name,
            None if self.resource is None else tokenize(self.resource),
        )


def _check_bounds(bounds: Bounds, shape: Sequence[int]) -> None:
    if len(bounds) != len(shape) or any(
        start < 0 or stop > size or stop < start
        for (start, stop), size in zip(bounds, shape, strict=False)
    ):
        raise ConvertersToolsInternalError(
            f"Region bounds {bounds} do not fit inside an array of shape "
            f"{tuple(shape)}; regions must be shifted to the array origin first."
        )


def paste_regions(
    regions: Sequence[Region],
    *,
    shape: Sequence[int],
    dtype: str | np.dtype[Any],
    fill_value: float = 0,
) -> np.ndarray:
    """Load every region and paste it into a new array, in order.

    Later regions overwrite earlier ones where they overlap ("last writer
    wins"), the rule every writer mode follows.

    Args:
        regions: `(bounds, loader)` pairs in output coordinates.
        shape: Output shape.
        dtype: Output dtype; loaded data is cast to it.
        fill_value: Value of pixels no region covers.

    Returns:
        The assembled array.

    Raises:
        ConvertersToolsInternalError: If a region lies outside the array.
    """
    out = np.full(tuple(shape), fill_value, dtype=np.dtype(dtype))
    for bounds, loader in regions:
        _check_bounds(bounds, out.shape)
        data = loader()
        out[tuple(slice(start, stop) for start, stop in bounds)] = data
    return out
