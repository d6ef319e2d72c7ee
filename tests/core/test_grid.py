"""Tests of the snap-to-grid / snap-to-corners maths in core.grid."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.grid import (
    NotAGridError,
    NotTilableError,
    check_equal_tile_sizes,
    find_grid_step,
    inplace_offsets,
    snap_to_corners_offsets,
    snap_to_grid_offsets,
)


def _boxes(xy: list[tuple[float, float]], size: tuple[float, float] = (20.0, 10.0)):
    """(y, x) starts and lengths from (x, y) pairs; size is (len_y, len_x)."""
    starts = np.array([[y, x] for x, y in xy], dtype=float)
    lengths = np.tile(np.array(size, dtype=float), (len(xy), 1))
    names = [f"F{i}" for i in range(len(xy))]
    return starts, lengths, names


# --- naive references: a literal transcription of the documented algorithms ---


def _naive_corners(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    len_y, len_x = lengths[0]
    ox, oy = starts[:, 1].min(), starts[:, 0].min()
    nx = math.ceil((starts[:, 1].max() - ox) / len_x) + 2
    ny = math.ceil((starts[:, 0].max() - oy) / len_y) + 2
    while nx * ny < len(starts):
        nx += 1
        ny += 1
    points = [(ox + i * len_x, oy + j * len_y) for i in range(nx) for j in range(ny)]
    free = [True] * len(points)
    out = []
    for y, x in starts:
        best, best_d = -1, math.inf
        for k, (px, py) in enumerate(points):
            d = (px - x) ** 2 + (py - y) ** 2
            if free[k] and d < best_d:
                best, best_d = k, d
        free[best] = False
        out.append((points[best][1] - y, points[best][0] - x))
    return np.array(out)


def _naive_grid(starts: np.ndarray, lengths: np.ndarray, tol: float) -> np.ndarray:
    if len(starts) == 1:
        return np.zeros((1, 2))
    len_y, len_x = lengths[0]

    def step(values: np.ndarray) -> float:
        diffs = [d for d in np.diff(np.sort(values)) if d > tol]
        return 1.0 if not diffs else float(np.median(diffs))

    sx, sy = step(starts[:, 1]), step(starts[:, 0])
    mx, my = starts[:, 1].min(), starts[:, 0].min()
    nx = round((starts[:, 1].max() - mx) / sx) + 1
    ny = round((starts[:, 0].max() - my) / sy) + 1
    points = [(mx + i * len_x, my + j * len_y) for i in range(nx) for j in range(ny)]
    out = []
    for y, x in starts:
        gx = mx + ((x - mx) / sx) * len_x
        gy = my + ((y - my) / sy) * len_y
        best = min(points, key=lambda p: np.sqrt((gx - p[0]) ** 2 + (gy - p[1]) ** 2))
        out.append((best[1] - y, best[0] - x))
    return np.array(out)


# --- errors ----------------------------------------------------------------------


def test_errors_are_user_errors() -> None:
    assert issubclass(NotAGridError, ConvertersToolsUserError)
    assert issubclass(NotTilableError, ConvertersToolsUserError)
    assert issubclass(NotAGridError, ValueError)
    assert not issubclass(NotAGridError, NotTilableError)


def test_irregular_steps_raise_not_a_grid_naming_fovs_steps_and_tolerance() -> None:
    starts, lengths, _ = _boxes([(0, 0), (30, 0), (70, 0)])
    with pytest.raises(NotAGridError) as info:
        snap_to_grid_offsets(starts, lengths, ["a", "b", "c"], tolerance=1)
    message = str(info.value)
    assert "'a' -> 'b' = 30" in message
    assert "'b' -> 'c' = 40" in message
    assert "tolerance=1" in message
    assert "Snap to Corners" in message
    assert "Inplace" in message


def test_unequal_tile_sizes_raise_not_tilable_listing_up_to_five() -> None:
    lengths = np.array([[10.0, 10.0]] + [[10.0, 12.0]] * 7)
    names = [f"T{i}" for i in range(8)]
    with pytest.raises(NotTilableError) as info:
        check_equal_tile_sizes(lengths, names)
    message = str(info.value)
    assert "'T0'" in message
    assert "'T5'" in message
    assert "'T6'" not in message
    assert "and 2 more" in message
    assert "x sizes differ" in message
    assert "Inplace" in message


def test_unequal_y_sizes_raise_not_tilable() -> None:
    with pytest.raises(NotTilableError, match="y sizes differ"):
        check_equal_tile_sizes(np.array([[10.0, 10.0], [11.0, 10.0]]), ["a", "b"])


def test_float_noise_in_sizes_is_tolerated() -> None:
    check_equal_tile_sizes(np.array([[10.0, 10.0], [10.0 + 1e-9, 10.0]]), ["a", "b"])


def test_unequal_sizes_fail_before_grid_check_and_in_corners() -> None:
    starts = np.array([[0.0, 0.0], [0.0, 33.0], [0.0, 70.0]])
    lengths = np.array([[10.0, 10.0], [10.0, 10.0], [10.0, 11.0]])
    with pytest.raises(NotTilableError):
        snap_to_grid_offsets(starts, lengths, ["a", "b", "c"], tolerance=1)
    with pytest.raises(NotTilableError):
        snap_to_corners_offsets(starts, lengths, ["a", "b", "c"])


@pytest.mark.parametrize(
    ("starts", "lengths", "names"),
    [
        (np.zeros((0, 2)), np.zeros((0, 2)), []),
        (np.zeros((2, 3)), np.ones((2, 3)), ["a", "b"]),
        (np.zeros((2, 2)), np.ones((2, 2)), ["a"]),
    ],
)
def test_malformed_arrays_are_internal_errors(starts, lengths, names) -> None:
    with pytest.raises(ConvertersToolsInternalError):
        snap_to_corners_offsets(starts, lengths, names)


# --- grid step --------------------------------------------------------------------


def test_find_grid_step_ignores_steps_within_tolerance() -> None:
    positions = np.array([0.0, 0.4, 100.0, 100.6, 199.5])
    assert find_grid_step(positions, tolerance=1, axis="x", names=list("abcde")) == (
        pytest.approx(np.median([99.6, 98.9]))
    )


def test_find_grid_step_single_column_is_one() -> None:
    assert (
        find_grid_step(np.array([5.0, 5.5]), tolerance=1, axis="y", names=["a", "b"])
        == 1.0
    )


def test_find_grid_step_accepts_jitter_up_to_tolerance_inclusive() -> None:
    assert find_grid_step(
        np.array([0.0, 100.0, 201.0]), tolerance=1, axis="x", names=list("abc")
    ) == pytest.approx(100.5)
    with pytest.raises(NotAGridError):
        find_grid_step(
            np.array([0.0, 100.0, 203.0]), tolerance=1, axis="x", names=list("abc")
        )


# --- snap to grid -------------------------------------------------------------------


def test_single_fov_gets_zero_offset() -> None:
    starts, lengths, names = _boxes([(123.4, -5.0)])
    assert snap_to_grid_offsets(starts, lengths, names, tolerance=1).tolist() == [
        [0, 0]
    ]


def test_overlapping_grid_is_spread_to_tile_pitch_not_cropped() -> None:
    # 2 x 2 grid, step 8 in x (tile 10) and 15 in y (tile 20): 20 % / 25 % overlap.
    starts, lengths, names = _boxes([(0, 0), (8, 0), (0, 15), (8, 15)])
    offsets = snap_to_grid_offsets(starts, lengths, names, tolerance=1)
    placed = starts + offsets
    assert placed.tolist() == [[0, 0], [0, 10], [20, 0], [20, 10]]


def test_gapped_grid_is_packed_to_tile_pitch() -> None:
    starts, lengths, names = _boxes([(0, 0), (15, 0), (30, 0)])
    placed = starts + snap_to_grid_offsets(starts, lengths, names, tolerance=0)
    assert placed[:, 1].tolist() == [0, 10, 20]


def test_grid_origin_is_kept() -> None:
    starts, lengths, names = _boxes([(100, 50), (108, 50)])
    placed = starts + snap_to_grid_offsets(starts, lengths, names, tolerance=1)
    assert placed.tolist() == [[50, 100], [50, 110]]


def test_grid_does_not_mutate_inputs() -> None:
    starts, lengths, names = _boxes([(0, 0), (8, 0)])
    before = starts.copy(), lengths.copy()
    snap_to_grid_offsets(starts, lengths, names, tolerance=1)
    snap_to_corners_offsets(starts, lengths, names)
    assert np.array_equal(starts, before[0])
    assert np.array_equal(lengths, before[1])


@pytest.mark.parametrize("seed", range(12))
def test_snap_to_grid_matches_naive_scan_on_jittered_grids(seed: int) -> None:
    rng = random.Random(seed)
    nx, ny = rng.randint(1, 6), rng.randint(1, 5)
    step_x, step_y = rng.choice([9.0, 10.0, 12.5]), rng.choice([18.0, 20.0, 23.0])
    xy = [
        (i * step_x + rng.uniform(-0.4, 0.4), j * step_y + rng.uniform(-0.4, 0.4))
        for j in range(ny)
        for i in range(nx)
    ]
    rng.shuffle(xy)
    starts, lengths, names = _boxes(xy)
    ours = snap_to_grid_offsets(starts, lengths, names, tolerance=1)
    assert np.array_equal(ours, _naive_grid(starts, lengths, 1.0))


# --- snap to corners -------------------------------------------------------------


def test_corners_stacked_fovs_take_distinct_points_in_order() -> None:
    starts, lengths, names = _boxes([(0, 0), (0, 0), (0, 0), (5, 10)])
    placed = starts + snap_to_corners_offsets(starts, lengths, names)
    # third FOV: (x=0, y=20) and (x=20, y=0) tie; the lower x index wins.
    assert placed.tolist() == [[0, 0], [0, 10], [20, 0], [20, 10]]
    assert len({tuple(p) for p in placed.tolist()}) == 4


def test_corners_sparse_layout_uses_bounding_box_grid() -> None:
    starts, lengths, names = _boxes([(0, 0), (500, 3), (260, 300)])
    placed = starts + snap_to_corners_offsets(starts, lengths, names)
    assert placed.tolist() == [[0, 0], [0, 500], [300, 260]]


@pytest.mark.parametrize("seed", range(15))
def test_snap_to_corners_matches_naive_greedy_scan(seed: int) -> None:
    rng = random.Random(100 + seed)
    n = rng.randint(1, 40)
    spread = rng.choice([15.0, 40.0, 200.0])
    xy = [
        (round(rng.uniform(0, spread), 1), round(rng.uniform(0, spread), 1))
        for _ in range(n)
    ]
    if seed % 3 == 0:  # many exact duplicates and half-cell ties
        xy = [(rng.choice([0, 5, 10, 15]), rng.choice([0, 10, 20])) for _ in range(n)]
    starts, lengths, names = _boxes(xy)
    ours = snap_to_corners_offsets(starts, lengths, names)
    assert np.array_equal(ours, _naive_corners(starts, lengths))


@pytest.mark.parametrize(("side", "pitch"), [(100, (20.0, 10.0)), (40, (17.0, 8.5))])
def test_snap_to_corners_scales_to_thousands_of_fovs(
    side: int, pitch: tuple[float, float]
) -> None:
    # 10,000 jittered FOVs on the tile pitch, and 1,600 compressed ones (15 %
    # overlap: many collisions); a quadratic scan would take minutes.
    rng = np.random.default_rng(0)
    grid = np.array(list(itertools.product(range(side), range(side))), dtype=float)
    starts = grid * np.array(pitch) + rng.uniform(-3, 3, size=grid.shape)
    lengths = np.tile([20.0, 10.0], (len(starts), 1))
    offsets = snap_to_corners_offsets(
        starts, lengths, [str(i) for i in range(len(grid))]
    )
    placed = starts + offsets
    assert len({tuple(p) for p in placed.tolist()}) == len(starts)


def test_inplace_offsets_are_zero_and_new() -> None:
    starts = np.array([[1.0, 2.0]])
    offsets = inplace_offsets(starts)
    assert offsets.tolist() == [[0.0, 0.0]]
    assert offsets is not starts


def test_snap_to_corners_sparse_huge_grid_allocates_nothing_dense() -> None:
    starts, lengths, names = _boxes([(0, 0), (1e7, 1e7), (0, 0)], size=(1.0, 1.0))
    placed = starts + snap_to_corners_offsets(starts, lengths, names)
    assert placed.tolist() == [[0, 0], [1e7, 1e7], [1, 0]]
