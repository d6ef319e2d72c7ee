"""Synthetic tile layouts shared by the registration parity script and tests.

Plain data only (no import of the library), so the same module runs under the
reference virtualenvs (0.10.4 / 1.1.1) and under ours. A layout is a dict:

- `acq`: acquisition settings (pixel size, spacings, axes, channel labels,
  coordinate spaces of z/t starts, stage orientation flags);
- `tiles`: one dict per tile (`fov`, `x`, `y`, `z`, `c`, `t`, `lx`, `ly`, `lz`,
  `lc`, `lt`, and `image` = single-image path or `[row, column, acquisition]`);
- `tiling`: tiling strategy as a dict (`{"mode": "Auto", "tolerance": 1}`);
- `align_xy`: jitter correction on/off;
- `reference`: which published version our output must equal ("0.10.4", or
  "1.1.1" where FEATURES.md section 6 lists a 0.10.4 defect).
"""

from __future__ import annotations

import random
from typing import Any


def _tile(fov: str, x: float, y: float, **kw: Any) -> dict[str, Any]:
    tile = {
        "fov": fov,
        "x": x,
        "y": y,
        "z": 0.0,
        "c": 0,
        "t": 0.0,
        "lx": 64,
        "ly": 48,
        "lz": 1,
        "lc": 1,
        "lt": 1,
        "image": "img",
    }
    tile.update(kw)
    return tile


def _acq(**kw: Any) -> dict[str, Any]:
    acq = {
        "pixelsize": 0.65,
        "z_spacing": 1.0,
        "t_spacing": 1.0,
        "axes": ["c", "z", "y", "x"],
        "channels": ["DAPI"],
        "start_z_coo": "world",
        "start_t_coo": "world",
        "flip_x": False,
        "flip_y": False,
        "swap_xy": False,
    }
    acq.update(kw)
    return acq


def _grid(
    nx: int,
    ny: int,
    *,
    step_x: float,
    step_y: float,
    jitter: float = 0.0,
    seed: int = 0,
    origin: tuple[float, float] = (0.0, 0.0),
    **kw: Any,
) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    tiles = []
    k = 0
    for j in range(ny):
        for i in range(nx):
            k += 1
            dx = rng.uniform(-jitter, jitter) if jitter else 0.0
            dy = rng.uniform(-jitter, jitter) if jitter else 0.0
            tiles.append(
                _tile(
                    f"FOV_{k}",
                    round(origin[0] + i * step_x + dx, 4),
                    round(origin[1] + j * step_y + dy, 4),
                    **kw,
                )
            )
    return tiles


def build_layouts() -> list[dict[str, Any]]:
    """Return every parity layout (deterministic)."""
    auto = {"mode": "Auto", "tolerance": 1}
    px = 0.65
    layouts: list[dict[str, Any]] = []

    # Regular grid, tiles touching exactly (world step = tile size in um).
    layouts.append(
        {
            "id": "regular_grid",
            "acq": _acq(),
            "tiles": _grid(3, 2, step_x=64 * px, step_y=48 * px, origin=(100.0, 50.0)),
            "tiling": auto,
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Regular grid with 10 % overlap: snap to grid spreads the FOVs apart.
    layouts.append(
        {
            "id": "overlapping_grid",
            "acq": _acq(),
            "tiles": _grid(3, 3, step_x=57.6 * px, step_y=43.2 * px),
            "tiling": auto,
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Jittered grid (< 1 px), tolerance 1: still a grid.
    layouts.append(
        {
            "id": "jittered_grid",
            "acq": _acq(pixelsize=1.0),
            "tiles": _grid(4, 3, step_x=60.0, step_y=45.0, jitter=0.4, seed=3),
            "tiling": {"mode": "Snap to Grid", "tolerance": 1},
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Irregular positions: Auto falls back to corners.
    irregular = [
        _tile("A", 0.0, 0.0),
        _tile("B", 70.0, 3.0),
        _tile("C", 150.0, -2.0),
        _tile("D", 10.0, 55.0),
        _tile("E", 95.0, 60.0),
    ]
    layouts.append(
        {
            "id": "irregular_auto",
            "acq": _acq(pixelsize=1.0),
            "tiles": irregular,
            "tiling": auto,
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    layouts.append(
        {
            "id": "irregular_corners",
            "acq": _acq(pixelsize=1.0),
            "tiles": irregular,
            "tiling": {"mode": "Snap to Corners"},
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    layouts.append(
        {
            "id": "irregular_inplace",
            "acq": _acq(pixelsize=1.0),
            "tiles": irregular,
            "tiling": {"mode": "Inplace"},
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Heavily overlapping FOVs (stacked): corners must give each a free point.
    layouts.append(
        {
            "id": "stacked_fovs_corners",
            "acq": _acq(pixelsize=1.0),
            "tiles": [
                _tile("S1", 5.0, 5.0),
                _tile("S2", 5.0, 5.0),
                _tile("S3", 7.0, 6.0),
                _tile("S4", 30.0, 20.0),
            ],
            "tiling": {"mode": "Snap to Corners"},
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Sparse layout: 0.10.4 used an n x n candidate grid (section 6 item 23).
    layouts.append(
        {
            "id": "sparse_corners",
            "acq": _acq(pixelsize=1.0),
            "tiles": [
                _tile("P1", 0.0, 0.0),
                _tile("P2", 500.0, 3.0),
                _tile("P3", 260.0, 300.0),
            ],
            "tiling": auto,
            "align_xy": False,
            "reference": "1.1.1",
        }
    )
    # Flipped stage axes.
    layouts.append(
        {
            "id": "flipped_xy",
            "acq": _acq(flip_x=True, flip_y=True),
            "tiles": _grid(3, 2, step_x=64 * px, step_y=48 * px),
            "tiling": auto,
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Swapped stage axes: a no-op in 0.10.4 (section 6 item 5).
    layouts.append(
        {
            "id": "swapped_xy",
            "acq": _acq(swap_xy=True),
            "tiles": _grid(3, 2, step_x=48 * px, step_y=64 * px, lx=48, ly=64),
            "tiling": auto,
            "align_xy": False,
            "reference": "1.1.1",
        }
    )
    # Multi-z with xy jitter between planes, z starts in micrometres.
    zt = []
    for k, (fx, fy) in enumerate([(0.0, 0.0), (41.6, 0.0), (0.0, 31.2), (41.6, 31.2)]):
        for z in range(3):
            zt.append(
                _tile(
                    f"F{k + 1}",
                    fx + 0.13 * z,
                    fy - 0.07 * z,
                    z=2.0 * z + 1.0,
                )
            )
    layouts.append(
        {
            "id": "multi_z_jitter_align",
            "acq": _acq(z_spacing=2.0),
            "tiles": zt,
            "tiling": auto,
            "align_xy": True,
            "reference": "0.10.4",
        }
    )
    layouts.append(
        {
            "id": "multi_z_jitter_noalign",
            "acq": _acq(z_spacing=2.0),
            "tiles": zt,
            "tiling": {"mode": "Inplace"},
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Multi-channel, contiguous indices.
    mc = []
    for k, (fx, fy) in enumerate([(0.0, 0.0), (41.6, 0.0)]):
        for c in range(3):
            mc.append(_tile(f"F{k + 1}", fx, fy, c=c))
    layouts.append(
        {
            "id": "multi_channel",
            "acq": _acq(channels=["DAPI", "GFP", "RFP"]),
            "tiles": mc,
            "tiling": auto,
            "align_xy": True,
            "reference": "0.10.4",
        }
    )
    # Multi-channel with gaps: 0.10.4 never compacts (section 6 item 6).
    gaps = []
    for k, (fx, fy) in enumerate([(0.0, 0.0), (41.6, 0.0)]):
        for c in (1, 3):
            gaps.append(_tile(f"F{k + 1}", fx, fy, c=c))
    layouts.append(
        {
            "id": "channel_gaps",
            "acq": _acq(channels=["DAPI", "GFP", "RFP", "CY5"]),
            "tiles": gaps,
            "tiling": auto,
            "align_xy": False,
            "reference": "1.1.1",
        }
    )
    # Time series (t starts in seconds, t_spacing 2).
    ts = []
    for k, (fx, fy) in enumerate([(0.0, 0.0), (41.6, 0.0)]):
        for t in range(3):
            ts.append(_tile(f"F{k + 1}", fx, fy, t=10.0 + 2.0 * t))
    layouts.append(
        {
            "id": "time_series",
            "acq": _acq(axes=["t", "c", "z", "y", "x"], t_spacing=2.0),
            "tiles": ts,
            "tiling": auto,
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Several wells and acquisitions in one plate.
    wells = []
    for row, col, acq in (("A", 1, 0), ("A", 2, 0), ("B", 1, 1)):
        for tile in _grid(2, 2, step_x=64 * px, step_y=48 * px, origin=(20.0, 30.0)):
            tile["image"] = [row, col, acq]
            wells.append(tile)
    layouts.append(
        {
            "id": "plate_wells_acquisitions",
            "acq": _acq(),
            "tiles": wells,
            "tiling": auto,
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Per-FOV split (0.10.4 NoTiling).
    layouts.append(
        {
            "id": "per_fov_split",
            "acq": _acq(),
            "tiles": _grid(2, 1, step_x=64 * px, step_y=48 * px, origin=(5.0, 7.0)),
            "tiling": {"mode": "No Tiling"},
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Half-pixel positions: independent rounding leaves gaps (section 6 item 3).
    layouts.append(
        {
            "id": "half_pixel_rounding",
            "acq": _acq(pixelsize=1.0),
            "tiles": [
                _tile("H1", 0.0, 0.0, lx=10, ly=10),
                _tile("H2", 10.5, 0.0, lx=10.5, ly=10),
                _tile("H3", 21.5, 0.5, lx=9.5, ly=10),
            ],
            "tiling": {"mode": "Inplace"},
            "align_xy": False,
            "reference": "1.1.1",
        }
    )
    # Single FOV with negative stage position.
    layouts.append(
        {
            "id": "single_fov_negative",
            "acq": _acq(),
            "tiles": [_tile("ONLY", -120.3, -45.7)],
            "tiling": {"mode": "Snap to Grid", "tolerance": 1},
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # One column (all x steps within tolerance).
    layouts.append(
        {
            "id": "single_column",
            "acq": _acq(pixelsize=1.0),
            "tiles": [
                _tile("C1", 0.0, 0.0),
                _tile("C2", 0.3, 40.0),
                _tile("C3", 0.1, 80.0),
            ],
            "tiling": auto,
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Larger jittered, overlapping grid in micrometres (fractional pixels).
    layouts.append(
        {
            "id": "jittered_overlap_grid_um",
            "acq": _acq(),
            "tiles": _grid(
                5,
                4,
                step_x=37.3,
                step_y=28.1,
                jitter=0.3,
                seed=7,
                origin=(-512.3, 77.7),
            ),
            "tiling": auto,
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Random irregular positions: greedy corner assignment with collisions.
    rng = random.Random(11)
    rand = [
        _tile(f"R{k}", round(rng.uniform(0, 200), 3), round(rng.uniform(0, 150), 3))
        for k in range(24)
    ]
    layouts.append(
        {
            "id": "random_irregular_auto",
            "acq": _acq(pixelsize=1.0),
            "tiles": rand,
            "tiling": auto,
            "align_xy": False,
            "reference": "1.1.1",
        }
    )
    # Ties: FOVs exactly half a cell away from grid corners.
    layouts.append(
        {
            "id": "corner_ties",
            "acq": _acq(pixelsize=1.0),
            "tiles": [
                _tile("T1", 0.0, 0.0, lx=10, ly=10),
                _tile("T2", 5.0, 5.0, lx=10, ly=10),
                _tile("T3", 5.0, 0.0, lx=10, ly=10),
                _tile("T4", 0.0, 5.0, lx=10, ly=10),
                _tile("T5", 15.0, 5.0, lx=10, ly=10),
            ],
            "tiling": {"mode": "Snap to Corners"},
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Snap to grid on irregular steps fails with NotAGridError.
    layouts.append(
        {
            "id": "not_a_grid_error",
            "acq": _acq(pixelsize=1.0),
            "tiles": irregular,
            "tiling": {"mode": "Snap to Grid", "tolerance": 1},
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Different tile sizes fail with NotTilableError even under Auto.
    layouts.append(
        {
            "id": "not_tilable_error",
            "acq": _acq(pixelsize=1.0),
            "tiles": [_tile("U1", 0.0, 0.0), _tile("U2", 64.0, 0.0, lx=60)],
            "tiling": auto,
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # Flip and swap together.
    layouts.append(
        {
            "id": "flip_and_swap",
            "acq": _acq(swap_xy=True, flip_x=True),
            "tiles": _grid(2, 3, step_x=48 * px, step_y=64 * px, lx=48, ly=64),
            "tiling": auto,
            "align_xy": False,
            "reference": "1.1.1",
        }
    )
    # Multi-z, multi-channel, time series with world z (fractional spacing) and
    # jitter, xy jitter correction on.
    czt = []
    for k, (fx, fy) in enumerate([(3.0, 4.0), (44.6, 4.2)]):
        for t in range(2):
            for c in range(2):
                for z in range(2):
                    czt.append(
                        _tile(
                            f"F{k + 1}",
                            fx + 0.21 * z - 0.1 * c,
                            fy + 0.05 * t,
                            z=0.75 * z + 3.0,
                            c=c,
                            t=5.0 * t + 1.0,
                        )
                    )
    layouts.append(
        {
            "id": "tczyx_jitter_align",
            "acq": _acq(
                axes=["t", "c", "z", "y", "x"],
                channels=["A", "B"],
                z_spacing=0.75,
                t_spacing=5.0,
            ),
            "tiles": czt,
            "tiling": auto,
            "align_xy": True,
            "reference": "0.10.4",
        }
    )
    # Tiles spanning several channels, with a gap before them.
    layouts.append(
        {
            "id": "multi_channel_tiles_gap",
            "acq": _acq(channels=["A", "B", "C", "D", "E"]),
            "tiles": [
                _tile("F1", 0.0, 0.0, c=2, lc=2),
                _tile("F2", 41.6, 0.0, c=2, lc=2),
                _tile("F1", 0.0, 0.0, c=4, lc=1),
            ],
            "tiling": auto,
            "align_xy": False,
            "reference": "1.1.1",
        }
    )
    # 2-D images (no c, no z axis).
    layouts.append(
        {
            "id": "yx_only",
            "acq": _acq(axes=["y", "x"], channels=None),
            "tiles": _grid(2, 2, step_x=64 * px, step_y=48 * px, origin=(9.9, 9.9)),
            "tiling": auto,
            "align_xy": False,
            "reference": "0.10.4",
        }
    )
    # 1.x offset modes (FEATURES section 7): Per-FOV z, Keep, reindex off.
    perfov = []
    for k, (fx, fy, z0) in enumerate([(0.0, 0.0, 4.0), (41.6, 0.0, 7.0)]):
        for z in range(2):
            perfov.append(_tile(f"F{k + 1}", fx + 10.0, fy + 20.0, z=z0 + z))
    layouts.append(
        {
            "id": "per_fov_z_offset",
            "acq": _acq(),
            "tiles": perfov,
            "tiling": auto,
            "align_xy": False,
            "corrections": {"remove_z_offset": "Per-FOV"},
            "reference": "1.1.1",
        }
    )
    layouts.append(
        {
            "id": "keep_offsets",
            "acq": _acq(),
            "tiles": perfov,
            "tiling": {"mode": "Inplace"},
            "align_xy": False,
            "corrections": {
                "remove_xy_offset": "Keep",
                "remove_z_offset": "Keep",
                "remove_t_offset": "Keep",
            },
            "reference": "1.1.1",
        }
    )
    layouts.append(
        {
            "id": "keep_negative_error",
            "acq": _acq(),
            "tiles": [_tile("N1", -5.0, 0.0), _tile("N2", 36.6, 0.0)],
            "tiling": auto,
            "align_xy": False,
            "corrections": {"remove_xy_offset": "Keep"},
            "reference": "1.1.1",
        }
    )
    layouts.append(
        {
            "id": "channel_gaps_no_reindex",
            "acq": _acq(channels=["DAPI", "GFP", "RFP", "CY5"]),
            "tiles": gaps,
            "tiling": auto,
            "align_xy": False,
            "corrections": {"reindex_channels": False},
            "reference": "1.1.1",
        }
    )
    return layouts


def random_layouts(count: int, *, seed: int = 0) -> list[dict[str, Any]]:
    """Random layouts for a broader (untested, printed) parity sweep."""
    rng = random.Random(seed)
    strategies = [
        {"mode": "Auto", "tolerance": 1},
        {"mode": "Auto", "tolerance": 0},
        {"mode": "Snap to Grid", "tolerance": 2},
        {"mode": "Snap to Corners"},
        {"mode": "Inplace"},
    ]
    layouts = []
    for k in range(count):
        px = rng.choice([1.0, 0.65, 0.325, 0.1083])
        lx, ly = rng.choice([(64, 48), (100, 100), (33, 17)])
        n_c = rng.choice([1, 2, 3])
        n_z = rng.choice([1, 2])
        axes = rng.choice([["c", "z", "y", "x"], ["t", "c", "z", "y", "x"]])
        kind = rng.choice(["grid", "jitter", "random"])
        nx, ny = rng.randint(1, 4), rng.randint(1, 3)
        overlap = rng.choice([1.0, 0.9, 0.85, 1.1])
        jitter = rng.choice([0.0, 0.3, 0.6]) if kind != "grid" else 0.0
        tiles = []
        fov = 0
        for j in range(ny):
            for i in range(nx):
                fov += 1
                if kind == "random":
                    x0 = rng.uniform(-50, 400) * px
                    y0 = rng.uniform(-50, 300) * px
                else:
                    x0 = (i * lx * overlap + rng.uniform(-jitter, jitter)) * px
                    y0 = (j * ly * overlap + rng.uniform(-jitter, jitter)) * px
                for z in range(n_z):
                    for c in range(n_c):
                        if n_c > 1 and rng.random() < 0.2:
                            continue  # a missing channel plane
                        tiles.append(
                            _tile(
                                f"FOV_{fov}",
                                round(x0 + rng.uniform(-0.2, 0.2) * px, 4),
                                round(y0 + rng.uniform(-0.2, 0.2) * px, 4),
                                z=round(0.5 * z + rng.uniform(0, 0.1), 3),
                                c=c,
                                t=round(rng.uniform(0, 3), 2),
                                lx=lx,
                                ly=ly,
                            )
                        )
        if not tiles:
            continue
        layouts.append(
            {
                "id": f"random_{k}",
                "acq": _acq(
                    pixelsize=px,
                    z_spacing=0.5,
                    axes=axes,
                    channels=[f"ch{c}" for c in range(n_c)],
                    flip_x=rng.random() < 0.2,
                    flip_y=rng.random() < 0.2,
                    swap_xy=rng.random() < 0.2,
                ),
                "tiles": tiles,
                "tiling": rng.choice(strategies),
                "align_xy": rng.random() < 0.5,
                "reference": "1.1.1",
            }
        )
    return layouts
