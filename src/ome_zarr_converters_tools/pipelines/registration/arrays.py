"""Vectorised views of a tiled image's regions for the registration steps.

Registration runs on every image of a plate (10,000 tiles and more), so the
steps do not move ROIs one pydantic call at a time. `RegionGeometry` pulls the
starts and lengths of all regions into `(n_regions, n_axes)` numpy arrays once;
each built-in step is a pure function from geometry to geometry, and
`RegionGeometry.to_image` builds new ROIs once at the end, only for the rows
that changed (unchanged axis slices are reused). `apply_registration_pipeline`
chains consecutive built-in steps on the arrays and materialises once.

Building many small pydantic objects triggers Python's cyclic garbage
collector over and over, and each full pass walks every live object (all
tiles of the plate); materialisation pauses the collector, which creates no
cycles here, and restores it afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
from ngio import RoiSlice

from ome_zarr_converters_tools.core.errors import ConvertersToolsInternalError
from ome_zarr_converters_tools.core.ngio_compat import roi_slices
from ome_zarr_converters_tools.core.tiled_image import TiledImage, TileSlice

__all__ = ["RegionGeometry", "fov_groups", "paused_gc"]

Space = Literal["world", "pixel"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fov_groups(names: Sequence[str]) -> list[np.ndarray]:
    """Indices of the regions of each FOV, FOVs in first-seen order.

    Args:
        names: ROI name (= FOV name) of each region.

    Returns:
        One ascending index array per FOV.
    """
    groups: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        groups.setdefault(name, []).append(index)
    return [np.asarray(indices, dtype=np.int64) for indices in groups.values()]


@dataclass(frozen=True)
class RegionGeometry:
    """Starts and lengths of all regions of one image, one column per axis.

    Rows follow the current region order; `rows` maps them back to the regions
    of the image the geometry was read from, whose values are kept in the
    `base_*` fields so that `to_image` rebuilds only what changed.

    Attributes:
        axes: Axis names of the columns (the image's axes).
        starts: `(n_regions, n_axes)` starts.
        lengths: `(n_regions, n_axes)` lengths.
        spaces: Coordinate space of each region's ROI.
        names: FOV name of each region.
        rows: Index of each row in the source image's regions.
        update: Image fields to replace on materialisation (e.g. `channels`).
    """

    axes: tuple[str, ...]
    starts: np.ndarray
    lengths: np.ndarray
    spaces: tuple[Space, ...]
    names: tuple[str, ...]
    rows: np.ndarray
    base_starts: np.ndarray
    base_lengths: np.ndarray
    base_spaces: tuple[Space, ...]
    update: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_image(cls, tiled_image: TiledImage[Any, Any]) -> RegionGeometry:
        """Read every region of `tiled_image` into arrays.

        Raises:
            ConvertersToolsInternalError: If a ROI lacks a bounded slice on one of
                the image axes or has no name; `Tile.to_roi` always sets both.
        """
        axes: tuple[str, ...] = tuple(tiled_image.axes)
        column: dict[str, int] = {axis: i for i, axis in enumerate(axes)}
        n_regions = len(tiled_image.regions)
        starts = np.full((n_regions, len(axes)), np.nan)
        lengths = np.full((n_regions, len(axes)), np.nan)
        spaces: list[Space] = []
        names: list[str] = []
        for row, region in enumerate(tiled_image.regions):
            roi = region.roi
            for roi_slice in roi.slices:
                col = column.get(roi_slice.axis_name)
                if col is None:
                    continue
                if roi_slice.start is not None:
                    starts[row, col] = roi_slice.start
                if roi_slice.length is not None:
                    lengths[row, col] = roi_slice.length
            if roi.name is None:
                raise ConvertersToolsInternalError(
                    f"A region of image {tiled_image.path!r} has an unnamed ROI; "
                    "Tile.to_roi always names ROIs after the FOV."
                )
            spaces.append(roi.space)
            names.append(roi.name)
        missing = np.isnan(starts) | np.isnan(lengths)
        if missing.any():
            row, col = (int(v) for v in np.argwhere(missing)[0])
            raise ConvertersToolsInternalError(
                f"Region {row} (FOV {names[row]!r}) of image {tiled_image.path!r} "
                f"has no bounded slice on axis {axes[col]!r}; every region must pin "
                f"start and length on all image axes {list(axes)}."
            )
        return cls(
            axes=axes,
            starts=starts,
            lengths=lengths,
            spaces=tuple(spaces),
            names=tuple(names),
            rows=np.arange(n_regions, dtype=np.int64),
            base_starts=starts,
            base_lengths=lengths,
            base_spaces=tuple(spaces),
        )

    def column(self, axis: str) -> int | None:
        """Column index of `axis`, or None if the image has no such axis."""
        try:
            return self.axes.index(axis)
        except ValueError:
            return None

    def evolve(
        self,
        *,
        starts: np.ndarray | None = None,
        lengths: np.ndarray | None = None,
        spaces: Sequence[Space] | None = None,
        order: np.ndarray | None = None,
        **update: Any,
    ) -> RegionGeometry:
        """Return a new geometry with some arrays replaced and rows reordered.

        Args:
            starts: New starts (current row order).
            lengths: New lengths (current row order).
            spaces: New space per row (current row order).
            order: Permutation applied to all rows after the replacement.
            **update: Image fields to replace on materialisation.
        """
        new = replace(
            self,
            starts=self.starts if starts is None else starts,
            lengths=self.lengths if lengths is None else lengths,
            spaces=self.spaces if spaces is None else tuple(spaces),
            update={**self.update, **update},
        )
        if order is None:
            return new
        order_list = order.tolist()
        return replace(
            new,
            starts=new.starts[order],
            lengths=new.lengths[order],
            spaces=tuple(new.spaces[i] for i in order_list),
            names=tuple(new.names[i] for i in order_list),
            rows=new.rows[order],
        )

    def to_image(self, tiled_image: TiledImage[Any, Any]) -> TiledImage[Any, Any]:
        """Return a copy of `tiled_image` (the source image) with this geometry.

        Only regions whose start, length or space changed get a new ROI, and
        only their changed axis slices are rebuilt; the other `TileSlice`s are
        shared (they are immutable). The input is not modified.
        """
        old: list[TileSlice[Any]] = tiled_image.regions
        base_starts = self.base_starts[self.rows]
        base_lengths = self.base_lengths[self.rows]
        cell_changed = (self.starts != base_starts) | (self.lengths != base_lengths)
        space_changed = np.array(
            [
                self.spaces[i] != self.base_spaces[row]
                for i, row in enumerate(self.rows.tolist())
            ],
            dtype=bool,
        ).reshape(-1)
        row_changed = (cell_changed.any(axis=1) | space_changed).tolist()
        cells = cell_changed.tolist()
        starts_list = self.starts.tolist()
        lengths_list = self.lengths.tolist()
        column = {axis: i for i, axis in enumerate(self.axes)}
        regions: list[TileSlice[Any]] = []
        with paused_gc():
            for i, source in enumerate(self.rows.tolist()):
                region = old[source]
                if not row_changed[i]:
                    regions.append(region)
                    continue
                roi = region.roi
                row_cells = cells[i]
                slices = []
                for roi_slice in roi.slices:
                    col = column.get(roi_slice.axis_name)
                    if col is None or not row_cells[col]:
                        slices.append(roi_slice)
                        continue
                    slices.append(
                        RoiSlice(
                            axis_name=roi_slice.axis_name,
                            start=starts_list[i][col],
                            length=lengths_list[i][col],
                        )
                    )
                new_roi = roi.model_copy(
                    update={"slices": roi_slices(slices), "space": self.spaces[i]}
                )
                regions.append(region.model_copy(update={"roi": new_roi}))
            return tiled_image.model_copy(update={"regions": regions, **self.update})
