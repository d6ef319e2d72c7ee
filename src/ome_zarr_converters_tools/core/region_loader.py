"""Loading one source region: the loader every placement path hands to workers.

A `RegionLoader` holds one image loader, the axes, the expected shape and the
resource, never the whole tiled image. Dask tokenises and pickles every loader
of a graph, so a loader that closed over its image would make graph building
quadratic in the number of tiles (FEATURES §6 item 21). `load_region_data`
checks what a source returns against what its tile declares, and the
`describe_*` helpers name the tile and file in every error, so a bad file is
reported the same way by the writers, the validators and init's checks.
"""

import logging
import os
from collections.abc import Sequence
from typing import Any

import numpy as np
from dask.base import tokenize

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsFileNotFoundError,
    ConvertersToolsUserError,
)

__all__ = [
    "RegionLoader",
    "default_num_workers",
    "describe_source",
    "describe_tile",
    "load_region_data",
]

logger = logging.getLogger(__name__)


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
        """Load, pad and check the tile's data.

        Raises:
            ConvertersToolsFileNotFoundError: If the source file does not exist.
        """
        try:
            return load_region_data(
                self.image_loader,
                axes=self.axes,
                resource=self.resource,
                fov_name=self.fov_name,
                image_path=self.image_path,
                expected_shape=self.expected_shape,
            )
        except FileNotFoundError as exc:
            where = describe_tile(self.fov_name, self.image_loader, self.resource)
            image = f"Image {self.image_path!r}: " if self.image_path else ""
            raise ConvertersToolsFileNotFoundError(
                f"{image}{where} cannot be read because its source file does not "
                f"exist ({exc}). Check the tile's file path and the `resource` "
                "(base directory or URL) passed to the converter, or remove the "
                "tile with a filter."
            ) from exc

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


def default_num_workers() -> int:
    """Number of threads for decoding and writing: all usable cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)
