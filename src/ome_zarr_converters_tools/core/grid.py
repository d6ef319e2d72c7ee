"""Snap-to-grid and snap-to-corners maths that place FOVs on a tile-size grid.

Everything here works on plain numpy arrays so that it can be unit tested
without tiles and runs in vectorised form on large plates:

- `starts` and `lengths` are `(n_fov, 2)` float arrays in **pixel** units, in
  `(y, x)` column order, one row per FOV (the FOV's reference slice);
- `names` are the FOV names, used only in error messages;
- every function returns a new `(n_fov, 2)` array of `(dy, dx)` offsets that the
  mosaic registration step adds to every slice of the FOV.

The arithmetic mirrors the published 0.10 algorithm operation by operation
(same float expressions, same tie breaking), so positions match it to the last
bit; only the candidate-grid size of snap-to-corners follows 1.x (sized from the
bounding box instead of `n x n` points, which changed results for sparse layouts
and cost O(n^3)).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

import numpy as np

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)

__all__ = [
    "NotAGridError",
    "NotTilableError",
    "check_equal_tile_sizes",
    "find_grid_step",
    "inplace_offsets",
    "snap_to_corners_offsets",
    "snap_to_grid_offsets",
]

logger = logging.getLogger(__name__)

_AXIS_NAMES = ("y", "x")
_MAX_LISTED = 5
_ADVICE = (
    "Use 'Snap to Corners' tiling (SnapToCornersTiling, or AutoTiling which falls "
    "back to it) to place each FOV on its nearest free grid corner, or 'Inplace' "
    "tiling (InplaceTiling) to keep the stage positions as they are."
)


class NotAGridError(ConvertersToolsUserError):
    """The FOV positions do not form a regular grid.

    `AutoTiling` catches it and falls back to snap-to-corners; with
    `SnapToGridTiling` it reaches the user.
    """


class NotTilableError(ConvertersToolsUserError):
    """The FOVs cannot be snapped because their xy sizes differ.

    No strategy falls back from it: snapping assumes one tile size for the
    pitch of the grid.
    """


def _as_boxes(
    starts: np.ndarray, lengths: np.ndarray, names: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Return float64 copies of `starts`/`lengths` after checking their shapes.

    Raises:
        ConvertersToolsInternalError: If the arrays are not `(n, 2)`, differ in
            shape, are empty or disagree with `names`; callers build them, so
            a mismatch is a bug of the library.
    """
    starts_arr = np.array(starts, dtype=np.float64)
    lengths_arr = np.array(lengths, dtype=np.float64)
    if (
        starts_arr.ndim != 2
        or starts_arr.shape[1] != 2
        or starts_arr.shape != lengths_arr.shape
    ):
        raise ConvertersToolsInternalError(
            "Tiling expects (n_fov, 2) start and length arrays in (y, x) order; got "
            f"starts of shape {starts_arr.shape} and lengths of shape "
            f"{lengths_arr.shape}."
        )
    if starts_arr.shape[0] == 0:
        raise ConvertersToolsInternalError(
            "Tiling received no FOVs; the registration pipeline must not tile an "
            "image without regions."
        )
    if len(names) != starts_arr.shape[0]:
        raise ConvertersToolsInternalError(
            f"Tiling received {starts_arr.shape[0]} FOV positions but "
            f"{len(names)} FOV names."
        )
    return starts_arr, lengths_arr


def check_equal_tile_sizes(lengths: np.ndarray, names: Sequence[str]) -> None:
    """Check that every FOV has the xy size of the first one.

    Snapping uses the tile size as the grid pitch, so mixed sizes have no
    meaningful grid. The comparison is `np.allclose` (relative 1e-5), which
    ignores float noise from the world-to-pixel conversion.

    Args:
        lengths: `(n_fov, 2)` xy lengths in pixels, `(y, x)` order.
        names: FOV names, listed in the error.

    Raises:
        NotTilableError: If some FOV differs; the message lists up to five of
            them with their sizes.
    """
    lengths_arr = np.asarray(lengths, dtype=np.float64)
    if lengths_arr.shape[0] <= 1:
        return
    for col in (1, 0):  # x first, as the published version reports it
        reference = lengths_arr[0, col]
        column = lengths_arr[1:, col]
        if np.allclose(column, reference):
            continue
        bad = np.flatnonzero(~np.isclose(column, reference)) + 1
        listed = ", ".join(
            f"'{names[i]}' ({lengths_arr[i, col]:g} px)" for i in bad[:_MAX_LISTED]
        )
        more = f" and {len(bad) - _MAX_LISTED} more" if len(bad) > _MAX_LISTED else ""
        axis = _AXIS_NAMES[col]
        raise NotTilableError(
            f"Cannot snap the FOVs to a grid because their {axis} sizes differ: FOV "
            f"'{names[0]}' is {reference:g} px long in {axis} but {listed}{more} "
            "are not. Snapping needs FOVs of one size and no strategy falls back "
            "from this; use 'Inplace' tiling (InplaceTiling) or make the tiles of "
            "one image equally sized."
        )


def find_grid_step(
    positions: np.ndarray,
    *,
    tolerance: float,
    axis: str,
    names: Sequence[str],
) -> float:
    """Return the regular step between neighbouring FOV positions on one axis.

    Sorted positions are differenced; steps `<= tolerance` mean "same row or
    column" and are dropped. The remaining steps must all be within `tolerance`
    of their median, which is returned (1.0 when every FOV shares the column).

    Args:
        positions: 1-D starts in pixels.
        tolerance: Allowed deviation in pixels (stage jitter).
        axis: `"x"` or `"y"`, for the message.
        names: FOV names aligned with `positions`, for the message.

    Raises:
        NotAGridError: If a step deviates from the median by more than
            `tolerance`; the message names the FOV pairs and their steps.
    """
    pos = np.asarray(positions, dtype=np.float64)
    order = np.argsort(pos, kind="stable")
    sorted_pos = pos[order]
    steps = np.diff(sorted_pos)
    keep = steps > tolerance
    kept = steps[keep]
    if kept.size == 0:
        return 1.0
    median = float(np.median(kept))
    deviation = np.abs(kept - median)
    if np.all(deviation <= tolerance):
        return median
    pair_index = np.flatnonzero(keep)[deviation > tolerance]
    listed = ", ".join(
        f"'{names[order[i]]}' -> '{names[order[i + 1]]}' = {steps[i]:g} px"
        for i in pair_index[:_MAX_LISTED]
    )
    more = (
        f" and {len(pair_index) - _MAX_LISTED} more"
        if len(pair_index) > _MAX_LISTED
        else ""
    )
    raise NotAGridError(
        f"Cannot snap the FOVs to a regular grid: the {axis} steps between "
        f"neighbouring FOVs are not all equal to their median {median:g} px within "
        f"tolerance={tolerance:g} px. Offending steps: {listed}{more} (distinct "
        f"steps, up to 10: {np.unique(kept)[:10].tolist()}). Raise the tiling "
        f"tolerance to cover the stage jitter, or: {_ADVICE}"
    )


def inplace_offsets(starts: np.ndarray) -> np.ndarray:
    """Return zero offsets: every FOV keeps its stage position."""
    return np.zeros(np.shape(starts), dtype=np.float64)


def _nearest_index(
    coords: np.ndarray, origin: float, pitch: float, count: int
) -> np.ndarray:
    """Return the three candidate grid indices around each coordinate.

    The nearest of `origin + i * pitch` (0 <= i < count) is within one index of
    the rounded fractional position, so checking those three (clipped, sorted
    ascending) finds it exactly, ties included.
    """
    centre = np.rint((coords - origin) / pitch)
    centre = np.clip(centre, 0, count - 1).astype(np.int64)
    cand = np.stack([centre - 1, centre, centre + 1], axis=1)
    return np.clip(cand, 0, count - 1)


def snap_to_grid_offsets(
    starts: np.ndarray,
    lengths: np.ndarray,
    names: Sequence[str],
    *,
    tolerance: float,
) -> np.ndarray:
    """Offsets that move each FOV onto a regular grid with tile-size pitch.

    The grid step per axis comes from `find_grid_step`. Each FOV is mapped to
    `min + (pos - min) / step * tile_length`, i.e. overlapping stage positions
    are spread apart to touch (never cropped), then to the nearest point of the
    `num_x x num_y` grid (ties go to the lower x index, then the lower y
    index). A single FOV gets a zero offset.

    Args:
        starts: `(n_fov, 2)` reference starts in pixels, `(y, x)` order.
        lengths: `(n_fov, 2)` reference lengths in pixels, `(y, x)` order.
        names: FOV names, for messages.
        tolerance: Allowed step deviation in pixels.

    Returns:
        `(n_fov, 2)` offsets `(dy, dx)`.

    Raises:
        NotTilableError: If the FOVs differ in xy size.
        NotAGridError: If the steps are irregular beyond `tolerance`.
    """
    starts_arr, lengths_arr = _as_boxes(starts, lengths, names)
    n_fov = starts_arr.shape[0]
    if n_fov == 1:
        return np.zeros((1, 2), dtype=np.float64)
    check_equal_tile_sizes(lengths_arr, names)
    ys, xs = starts_arr[:, 0], starts_arr[:, 1]
    step_x = find_grid_step(xs, tolerance=tolerance, axis="x", names=names)
    step_y = find_grid_step(ys, tolerance=tolerance, axis="y", names=names)
    len_y, len_x = float(lengths_arr[0, 0]), float(lengths_arr[0, 1])
    min_x, min_y = float(xs.min()), float(ys.min())
    num_x = round((float(xs.max()) - min_x) / step_x) + 1
    num_y = round((float(ys.max()) - min_y) / step_y) + 1

    x_grid = min_x + ((xs - min_x) / step_x) * len_x
    y_grid = min_y + ((ys - min_y) / step_y) * len_y
    ci = _nearest_index(x_grid, min_x, len_x, num_x)  # (n, 3)
    cj = _nearest_index(y_grid, min_y, len_y, num_y)
    px = min_x + ci * len_x
    py = min_y + cj * len_y
    dist = np.sqrt(
        (x_grid[:, None, None] - px[:, :, None]) ** 2
        + (y_grid[:, None, None] - py[:, None, :]) ** 2
    ).reshape(n_fov, 9)
    best = np.argmin(dist, axis=1)  # first minimum = lowest (i, j), as 0.10
    rows = np.arange(n_fov)
    bx = px[rows, best // 3]
    by = py[rows, best % 3]
    logger.debug(
        "snap to grid: %s FOVs, step (y=%s, x=%s), grid %s x %s",
        n_fov,
        step_y,
        step_x,
        num_y,
        num_x,
    )
    return np.stack([by - ys, bx - xs], axis=1)


def _corner_grid_size(
    starts: np.ndarray, len_y: float, len_x: float, n_fov: int
) -> tuple[int, int]:
    """Candidate grid size: bounding box plus one cell of slack per axis."""
    ys, xs = starts[:, 0], starts[:, 1]
    num_x = math.ceil((float(xs.max()) - float(xs.min())) / len_x) + 2
    num_y = math.ceil((float(ys.max()) - float(ys.min())) / len_y) + 2
    while num_x * num_y < n_fov:  # one free point per FOV, even when stacked
        num_x += 1
        num_y += 1
    return num_x, num_y


class _Occupancy:
    """Which candidate grid points are taken: a dense mask, or a set when huge.

    A sparse layout with tiny tiles can span an enormous candidate grid, where
    a dense mask would not fit in memory; the usual grids are small and the
    mask answers window queries in one numpy slice.
    """

    _DENSE_LIMIT = 20_000_000

    def __init__(self, num_x: int, num_y: int) -> None:
        self.num_y = num_y
        self.dense: np.ndarray | None = None
        self.sparse: set[int] = set()
        if num_x * num_y <= self._DENSE_LIMIT:
            self.dense = np.zeros((num_x, num_y), dtype=bool)

    def __contains__(self, flat: int) -> bool:
        if self.dense is not None:
            return bool(self.dense.flat[flat])
        return flat in self.sparse

    def add(self, flat: int) -> None:
        """Mark the point with flat index `flat` as taken."""
        if self.dense is not None:
            self.dense.flat[flat] = True
        else:
            self.sparse.add(flat)

    def free_window(self, ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
        """Boolean mask of the free points in the window `ii x jj`."""
        if self.dense is not None:
            return ~self.dense[ii[0] : ii[-1] + 1, jj[0] : jj[-1] + 1]
        return np.array(
            [
                [i * self.num_y + j not in self.sparse for j in jj.tolist()]
                for i in ii.tolist()
            ],
            dtype=bool,
        ).reshape(len(ii), len(jj))


def _nearest_free(
    bx: float,
    by: float,
    taken: _Occupancy,
    grid: tuple[float, float, float, float, int, int],
) -> int:
    """Flat index of the nearest free grid point, searched in growing windows.

    The window around the FOV grows until the best free distance inside it is
    strictly below the smallest distance any point outside can have, so the
    answer (ties broken by lowest flat index) equals a scan of the whole grid.
    """
    origin_x, origin_y, len_x, len_y, num_x, num_y = grid
    i0 = min(max(round((bx - origin_x) / len_x), 0), num_x - 1)
    j0 = min(max(round((by - origin_y) / len_y), 0), num_y - 1)
    radius = 1
    while True:
        ilo, ihi = max(i0 - radius, 0), min(i0 + radius, num_x - 1)
        jlo, jhi = max(j0 - radius, 0), min(j0 + radius, num_y - 1)
        ii = np.arange(ilo, ihi + 1)
        jj = np.arange(jlo, jhi + 1)
        gx = origin_x + ii * len_x
        gy = origin_y + jj * len_y
        dist = (gx[:, None] - bx) ** 2 + (gy[None, :] - by) ** 2
        dist = np.where(taken.free_window(ii, jj), dist, np.inf)
        k = int(np.argmin(dist))
        best = float(dist.flat[k])
        whole = ilo == 0 and jlo == 0 and ihi == num_x - 1 and jhi == num_y - 1
        if whole:
            if not math.isfinite(best):
                raise ConvertersToolsInternalError(
                    "Snap to corners ran out of free grid points; the candidate "
                    "grid must hold at least one point per FOV."
                )
            return (ilo + k // len(jj)) * num_y + (jlo + k % len(jj))
        bounds = []
        if ilo > 0:
            bounds.append(bx - (origin_x + (ilo - 1) * len_x))
        if ihi < num_x - 1:
            bounds.append(origin_x + (ihi + 1) * len_x - bx)
        if jlo > 0:
            bounds.append(by - (origin_y + (jlo - 1) * len_y))
        if jhi < num_y - 1:
            bounds.append(origin_y + (jhi + 1) * len_y - by)
        outside = max(min(bounds), 0.0) ** 2
        if best < outside * (1 - 1e-9):
            return (ilo + k // len(jj)) * num_y + (jlo + k % len(jj))
        radius *= 2


def snap_to_corners_offsets(
    starts: np.ndarray,
    lengths: np.ndarray,
    names: Sequence[str],
) -> np.ndarray:
    """Offsets that move each FOV to its nearest free corner of a tile grid.

    The candidate grid has tile-size pitch from the minimum corner and covers
    the bounding box plus one cell. FOVs are served greedily in the given order,
    each taking the nearest point not yet taken (squared distance, ties to the
    lowest x index then y index). FOVs whose nearest point is free (the usual
    case) are placed in one vectorised pass; only collisions search locally.

    Args:
        starts: `(n_fov, 2)` reference starts in pixels, `(y, x)` order.
        lengths: `(n_fov, 2)` reference lengths in pixels, `(y, x)` order.
        names: FOV names, for messages.

    Returns:
        `(n_fov, 2)` offsets `(dy, dx)`.

    Raises:
        NotTilableError: If the FOVs differ in xy size.
    """
    starts_arr, lengths_arr = _as_boxes(starts, lengths, names)
    check_equal_tile_sizes(lengths_arr, names)
    n_fov = starts_arr.shape[0]
    len_y, len_x = float(lengths_arr[0, 0]), float(lengths_arr[0, 1])
    ys, xs = starts_arr[:, 0], starts_arr[:, 1]
    origin_x, origin_y = float(xs.min()), float(ys.min())
    num_x, num_y = _corner_grid_size(starts_arr, len_y, len_x, n_fov)

    ci = _nearest_index(xs, origin_x, len_x, num_x)
    cj = _nearest_index(ys, origin_y, len_y, num_y)
    gx = origin_x + ci * len_x
    gy = origin_y + cj * len_y
    dist = (
        (gx[:, :, None] - xs[:, None, None]) ** 2
        + (gy[:, None, :] - ys[:, None, None]) ** 2
    ).reshape(n_fov, 9)
    best = np.argmin(dist, axis=1)
    rows = np.arange(n_fov)
    flat = ci[rows, best // 3] * num_y + cj[rows, best % 3]

    taken = _Occupancy(num_x, num_y)
    chosen = np.empty(n_fov, dtype=np.int64)
    grid = (origin_x, origin_y, len_x, len_y, num_x, num_y)
    collisions = 0
    for k, first_choice in enumerate(flat.tolist()):
        idx = first_choice
        if idx in taken:
            collisions += 1
            idx = _nearest_free(float(xs[k]), float(ys[k]), taken, grid)
        taken.add(idx)
        chosen[k] = idx
    logger.debug(
        "snap to corners: %s FOVs on a %s x %s grid, %s collisions",
        n_fov,
        num_y,
        num_x,
        collisions,
    )
    snapped_x = origin_x + (chosen // num_y) * len_x
    snapped_y = origin_y + (chosen % num_y) * len_y
    return np.stack([snapped_y - ys, snapped_x - xs], axis=1)
