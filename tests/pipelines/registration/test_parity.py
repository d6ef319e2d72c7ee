"""Registered pixel ROIs equal those of the published 0.10.4 (or 1.1.1) package.

The layouts and the expected ROIs below were produced by
`benchmarks/registration_parity.py --write`, which runs the published packages
in their own virtualenvs; this test needs neither of them. A layout whose
`reference` is "1.1.1" covers a 0.10.4 defect listed in FEATURES.md section 6
(independent rounding, `swap_xy` no-op, channel gaps, n x n corner grid).
"""

from __future__ import annotations

from typing import Any

import pytest

from ome_zarr_converters_tools.core.acquisition import (
    AcquisitionDetails,
    ChannelInfo,
    StageOrientation,
)
from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles
from ome_zarr_converters_tools.core.collection import ImageInPlate, SingleImage
from ome_zarr_converters_tools.core.errors import ConvertersToolsError
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.core.tile import Tile
from ome_zarr_converters_tools.models.corrections import StagePositionCorrections
from ome_zarr_converters_tools.models.tiling import (
    AutoTiling,
    InplaceTiling,
    NoTiling,
    SnapToCornersTiling,
    SnapToGridTiling,
)
from ome_zarr_converters_tools.pipelines.registration import (
    apply_registration_pipeline,
    build_default_registration_pipeline,
)

_STRATEGIES: dict[str, Any] = {
    "Auto": AutoTiling,
    "Snap to Grid": SnapToGridTiling,
    "Snap to Corners": SnapToCornersTiling,
    "Inplace": InplaceTiling,
    "No Tiling": NoTiling,
}


def _details(acq: dict[str, Any]) -> AcquisitionDetails:
    channels = (
        None
        if acq["channels"] is None
        else [ChannelInfo(channel_label=c) for c in acq["channels"]]
    )
    return AcquisitionDetails(
        pixelsize=acq["pixelsize"],
        z_spacing=acq["z_spacing"],
        t_spacing=acq["t_spacing"],
        axes=acq["axes"],
        channels=channels,
        start_z_coo=acq["start_z_coo"],
        start_t_coo=acq["start_t_coo"],
        data_type="uint16",
        stage_orientation=StageOrientation(
            flip_x=acq["flip_x"], flip_y=acq["flip_y"], swap_xy=acq["swap_xy"]
        ),
    )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def compact_image(image: dict[str, Any]) -> dict[str, Any]:
    """One string per region, `FOV axis=start+length ...`, with exact numbers."""
    if "error" in image:
        return image
    regions = [
        name + " " + " ".join(f"{ax}={_num(s)}+{_num(n)}" for ax, (s, n) in sl.items())
        for name, sl in image["regions"]
    ]
    return {"path": image["path"], "channels": image["channels"], "regions": regions}


_TILE_KEYS = ("fov", "x", "y", "z", "c", "t", "lx", "ly", "lz", "lc", "lt", "image")


def layout_from_case(case: dict[str, Any]) -> dict[str, Any]:
    """Turn a written-out case (tiles as tuples) back into a layout dict."""
    layout = {k: v for k, v in case.items() if k not in ("tiles", "expected")}
    layout["tiles"] = [
        {
            k: (list(v) if isinstance(v, tuple) else v)
            for k, v in zip(_TILE_KEYS, tile, strict=True)
        }
        for tile in case["tiles"]
    ]
    return layout


def run_layout(layout: dict[str, Any]) -> list[dict[str, Any]]:
    """Run our aggregation + default registration on a layout; summarise ROIs."""
    details = _details(layout["acq"])
    tiles = []
    for t in layout["tiles"]:
        if isinstance(t["image"], str):
            collection: Any = SingleImage(image_path=t["image"])
        else:
            row, col, acq_id = t["image"]
            collection = ImageInPlate(
                plate_name="plate", row=row, column=col, acquisition=acq_id
            )
        tiles.append(
            Tile(
                fov_name=t["fov"],
                start_x=t["x"],
                start_y=t["y"],
                start_z=t["z"],
                start_c=t["c"],
                start_t=t["t"],
                length_x=t["lx"],
                length_y=t["ly"],
                length_z=t["lz"],
                length_c=t["lc"],
                length_t=t["lt"],
                collection=collection,
                image_loader=DefaultImageLoader(file_path="x.png"),
                acquisition_details=details,
            )
        )
    tiling = dict(layout["tiling"])
    strategy = _STRATEGIES[tiling.pop("mode")](**tiling)
    images = tiled_image_from_tiles(tiles=tiles, split_per_fov=strategy.split_per_fov)
    pipeline = build_default_registration_pipeline(
        StagePositionCorrections(
            align_xy=layout["align_xy"], **layout.get("corrections", {})
        ),
        strategy,
    )
    out: list[dict[str, Any]] = []
    for image in images:
        try:
            reg = apply_registration_pipeline(image, pipeline)
        except ConvertersToolsError as err:
            out.append({"path": image.path, "error": type(err).__name__})
            continue
        channels = (
            None if reg.channels is None else [c.channel_label for c in reg.channels]
        )
        regions = [
            [
                region.roi.name,
                {s.axis_name: [s.start, s.length] for s in region.roi.slices},
            ]
            for region in reg.regions
        ]
        assert all(region.roi.space == "pixel" for region in reg.regions)
        out.append({"path": reg.path, "channels": channels, "regions": regions})
    return out


# BEGIN GENERATED (benchmarks/registration_parity.py --write)
CASES: list[dict[str, Any]] = [
    {
        "id": "regular_grid",
        "reference": "0.10.4",
        "acq": {
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
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("FOV_1", 100.0, 50.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_2", 141.6, 50.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_3", 183.2, 50.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_4", 100.0, 81.2, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_5", 141.6, 81.2, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_6", 183.2, 81.2, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "FOV_1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "FOV_2 c=0+1 z=0+1 y=0+48 x=64+64",
                    "FOV_3 c=0+1 z=0+1 y=0+48 x=128+64",
                    "FOV_4 c=0+1 z=0+1 y=48+48 x=0+64",
                    "FOV_5 c=0+1 z=0+1 y=48+48 x=64+64",
                    "FOV_6 c=0+1 z=0+1 y=48+48 x=128+64",
                ],
            },
        ],
    },
    {
        "id": "overlapping_grid",
        "reference": "0.10.4",
        "acq": {
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
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("FOV_1", 0.0, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_2", 37.44, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_3", 74.88, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_4", 0.0, 28.08, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_5", 37.44, 28.08, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_6", 74.88, 28.08, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_7", 0.0, 56.16, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_8", 37.44, 56.16, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_9", 74.88, 56.16, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "FOV_1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "FOV_2 c=0+1 z=0+1 y=0+48 x=64+64",
                    "FOV_3 c=0+1 z=0+1 y=0+48 x=128+64",
                    "FOV_4 c=0+1 z=0+1 y=48+48 x=0+64",
                    "FOV_5 c=0+1 z=0+1 y=48+48 x=64+64",
                    "FOV_6 c=0+1 z=0+1 y=48+48 x=128+64",
                    "FOV_7 c=0+1 z=0+1 y=96+48 x=0+64",
                    "FOV_8 c=0+1 z=0+1 y=96+48 x=64+64",
                    "FOV_9 c=0+1 z=0+1 y=96+48 x=128+64",
                ],
            },
        ],
    },
    {
        "id": "jittered_grid",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 1.0,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Snap to Grid", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("FOV_1", -0.2096, 0.0354, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_2", 59.896, 0.0831, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_3", 120.1006, -0.3476, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_4", 179.6105, 0.27, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_5", -0.1925, 44.7875, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_6", 60.3965, 44.9762, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_7", 120.2692, 44.9811, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_8", 180.1113, 44.7205, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_9", 0.1079, 90.2944, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_10", 60.0185, 90.193, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_11", 120.1371, 89.6512, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_12", 180.2066, 90.0729, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "FOV_1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "FOV_2 c=0+1 z=0+1 y=0+48 x=64+64",
                    "FOV_3 c=0+1 z=0+1 y=0+48 x=128+64",
                    "FOV_4 c=0+1 z=0+1 y=0+48 x=192+64",
                    "FOV_5 c=0+1 z=0+1 y=48+48 x=0+64",
                    "FOV_6 c=0+1 z=0+1 y=48+48 x=64+64",
                    "FOV_7 c=0+1 z=0+1 y=48+48 x=128+64",
                    "FOV_8 c=0+1 z=0+1 y=48+48 x=192+64",
                    "FOV_9 c=0+1 z=0+1 y=96+48 x=0+64",
                    "FOV_10 c=0+1 z=0+1 y=96+48 x=64+64",
                    "FOV_11 c=0+1 z=0+1 y=96+48 x=128+64",
                    "FOV_12 c=0+1 z=0+1 y=96+48 x=192+64",
                ],
            },
        ],
    },
    {
        "id": "irregular_auto",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 1.0,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("A", 0.0, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("B", 70.0, 3.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("C", 150.0, -2.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("D", 10.0, 55.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("E", 95.0, 60.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "A c=0+1 z=0+1 y=0+48 x=0+64",
                    "B c=0+1 z=0+1 y=0+48 x=64+64",
                    "C c=0+1 z=0+1 y=0+48 x=128+64",
                    "D c=0+1 z=0+1 y=48+48 x=0+64",
                    "E c=0+1 z=0+1 y=48+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "irregular_corners",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 1.0,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Snap to Corners"},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("A", 0.0, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("B", 70.0, 3.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("C", 150.0, -2.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("D", 10.0, 55.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("E", 95.0, 60.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "A c=0+1 z=0+1 y=0+48 x=0+64",
                    "B c=0+1 z=0+1 y=0+48 x=64+64",
                    "C c=0+1 z=0+1 y=0+48 x=128+64",
                    "D c=0+1 z=0+1 y=48+48 x=0+64",
                    "E c=0+1 z=0+1 y=48+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "irregular_inplace",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 1.0,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Inplace"},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("A", 0.0, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("B", 70.0, 3.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("C", 150.0, -2.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("D", 10.0, 55.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("E", 95.0, 60.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "A c=0+1 z=0+1 y=2+48 x=0+64",
                    "B c=0+1 z=0+1 y=5+48 x=70+64",
                    "C c=0+1 z=0+1 y=0+48 x=150+64",
                    "D c=0+1 z=0+1 y=57+48 x=10+64",
                    "E c=0+1 z=0+1 y=62+48 x=95+64",
                ],
            },
        ],
    },
    {
        "id": "stacked_fovs_corners",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 1.0,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Snap to Corners"},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("S1", 5.0, 5.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("S2", 5.0, 5.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("S3", 7.0, 6.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("S4", 30.0, 20.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "S1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "S2 c=0+1 z=0+1 y=48+48 x=0+64",
                    "S3 c=0+1 z=0+1 y=0+48 x=64+64",
                    "S4 c=0+1 z=0+1 y=48+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "sparse_corners",
        "reference": "1.1.1",
        "acq": {
            "pixelsize": 1.0,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("P1", 0.0, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("P2", 500.0, 3.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("P3", 260.0, 300.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "P1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "P2 c=0+1 z=0+1 y=0+48 x=512+64",
                    "P3 c=0+1 z=0+1 y=288+48 x=256+64",
                ],
            },
        ],
    },
    {
        "id": "flipped_xy",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 0.65,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": True,
            "flip_y": True,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("FOV_1", 0.0, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_2", 41.6, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_3", 83.2, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_4", 0.0, 31.2, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_5", 41.6, 31.2, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_6", 83.2, 31.2, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "FOV_1 c=0+1 z=0+1 y=48+48 x=128+64",
                    "FOV_2 c=0+1 z=0+1 y=48+48 x=64+64",
                    "FOV_3 c=0+1 z=0+1 y=48+48 x=0+64",
                    "FOV_4 c=0+1 z=0+1 y=0+48 x=128+64",
                    "FOV_5 c=0+1 z=0+1 y=0+48 x=64+64",
                    "FOV_6 c=0+1 z=0+1 y=0+48 x=0+64",
                ],
            },
        ],
    },
    {
        "id": "swapped_xy",
        "reference": "1.1.1",
        "acq": {
            "pixelsize": 0.65,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": True,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("FOV_1", 0.0, 0.0, 0.0, 0, 0.0, 48, 64, 1, 1, 1, "img"),
            ("FOV_2", 31.2, 0.0, 0.0, 0, 0.0, 48, 64, 1, 1, 1, "img"),
            ("FOV_3", 62.4, 0.0, 0.0, 0, 0.0, 48, 64, 1, 1, 1, "img"),
            ("FOV_4", 0.0, 41.6, 0.0, 0, 0.0, 48, 64, 1, 1, 1, "img"),
            ("FOV_5", 31.2, 41.6, 0.0, 0, 0.0, 48, 64, 1, 1, 1, "img"),
            ("FOV_6", 62.4, 41.6, 0.0, 0, 0.0, 48, 64, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "FOV_1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "FOV_2 c=0+1 z=0+1 y=48+48 x=0+64",
                    "FOV_3 c=0+1 z=0+1 y=96+48 x=0+64",
                    "FOV_4 c=0+1 z=0+1 y=0+48 x=64+64",
                    "FOV_5 c=0+1 z=0+1 y=48+48 x=64+64",
                    "FOV_6 c=0+1 z=0+1 y=96+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "multi_z_jitter_align",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 0.65,
            "z_spacing": 2.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": True,
        "corrections": {},
        "tiles": [
            ("F1", 0.0, 0.0, 1.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 0.13, -0.07, 3.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 0.26, -0.14, 5.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.6, 0.0, 1.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.730000000000004, -0.07, 3.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.86, -0.14, 5.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F3", 0.0, 31.2, 1.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F3", 0.13, 31.13, 3.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F3", 0.26, 31.06, 5.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F4", 41.6, 31.2, 1.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F4", 41.730000000000004, 31.13, 3.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F4", 41.86, 31.06, 5.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "F1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "F1 c=0+1 z=1+1 y=0+48 x=0+64",
                    "F1 c=0+1 z=2+1 y=0+48 x=0+64",
                    "F2 c=0+1 z=0+1 y=0+48 x=64+64",
                    "F2 c=0+1 z=1+1 y=0+48 x=64+64",
                    "F2 c=0+1 z=2+1 y=0+48 x=64+64",
                    "F3 c=0+1 z=0+1 y=48+48 x=0+64",
                    "F3 c=0+1 z=1+1 y=48+48 x=0+64",
                    "F3 c=0+1 z=2+1 y=48+48 x=0+64",
                    "F4 c=0+1 z=0+1 y=48+48 x=64+64",
                    "F4 c=0+1 z=1+1 y=48+48 x=64+64",
                    "F4 c=0+1 z=2+1 y=48+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "multi_z_jitter_noalign",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 0.65,
            "z_spacing": 2.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Inplace"},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("F1", 0.0, 0.0, 1.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 0.13, -0.07, 3.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 0.26, -0.14, 5.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.6, 0.0, 1.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.730000000000004, -0.07, 3.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.86, -0.14, 5.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F3", 0.0, 31.2, 1.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F3", 0.13, 31.13, 3.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F3", 0.26, 31.06, 5.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F4", 41.6, 31.2, 1.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F4", 41.730000000000004, 31.13, 3.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F4", 41.86, 31.06, 5.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "F1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "F1 c=0+1 z=1+1 y=0+48 x=0+64",
                    "F1 c=0+1 z=2+1 y=0+48 x=0+64",
                    "F2 c=0+1 z=0+1 y=0+48 x=64+64",
                    "F2 c=0+1 z=1+1 y=0+48 x=64+64",
                    "F2 c=0+1 z=2+1 y=0+48 x=64+64",
                    "F3 c=0+1 z=0+1 y=48+48 x=0+64",
                    "F3 c=0+1 z=1+1 y=48+48 x=0+64",
                    "F3 c=0+1 z=2+1 y=48+48 x=0+64",
                    "F4 c=0+1 z=0+1 y=48+48 x=64+64",
                    "F4 c=0+1 z=1+1 y=48+48 x=64+64",
                    "F4 c=0+1 z=2+1 y=48+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "multi_channel",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 0.65,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI", "GFP", "RFP"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": True,
        "corrections": {},
        "tiles": [
            ("F1", 0.0, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 0.0, 0.0, 0.0, 1, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 0.0, 0.0, 0.0, 2, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.6, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.6, 0.0, 0.0, 1, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.6, 0.0, 0.0, 2, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI", "GFP", "RFP"],
                "regions": [
                    "F1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "F1 c=1+1 z=0+1 y=0+48 x=0+64",
                    "F1 c=2+1 z=0+1 y=0+48 x=0+64",
                    "F2 c=0+1 z=0+1 y=0+48 x=64+64",
                    "F2 c=1+1 z=0+1 y=0+48 x=64+64",
                    "F2 c=2+1 z=0+1 y=0+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "channel_gaps",
        "reference": "1.1.1",
        "acq": {
            "pixelsize": 0.65,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI", "GFP", "RFP", "CY5"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("F1", 0.0, 0.0, 0.0, 1, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 0.0, 0.0, 0.0, 3, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.6, 0.0, 0.0, 1, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.6, 0.0, 0.0, 3, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["GFP", "CY5"],
                "regions": [
                    "F1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "F1 c=1+1 z=0+1 y=0+48 x=0+64",
                    "F2 c=0+1 z=0+1 y=0+48 x=64+64",
                    "F2 c=1+1 z=0+1 y=0+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "time_series",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 0.65,
            "z_spacing": 1.0,
            "t_spacing": 2.0,
            "axes": ["t", "c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("F1", 0.0, 0.0, 0.0, 0, 10.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 0.0, 0.0, 0.0, 0, 12.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 0.0, 0.0, 0.0, 0, 14.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.6, 0.0, 0.0, 0, 10.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.6, 0.0, 0.0, 0, 12.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.6, 0.0, 0.0, 0, 14.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "F1 t=0+1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "F1 t=1+1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "F1 t=2+1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "F2 t=0+1 c=0+1 z=0+1 y=0+48 x=64+64",
                    "F2 t=1+1 c=0+1 z=0+1 y=0+48 x=64+64",
                    "F2 t=2+1 c=0+1 z=0+1 y=0+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "plate_wells_acquisitions",
        "reference": "0.10.4",
        "acq": {
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
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("FOV_1", 20.0, 30.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, ("A", 1, 0)),
            ("FOV_2", 61.6, 30.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, ("A", 1, 0)),
            ("FOV_3", 20.0, 61.2, 0.0, 0, 0.0, 64, 48, 1, 1, 1, ("A", 1, 0)),
            ("FOV_4", 61.6, 61.2, 0.0, 0, 0.0, 64, 48, 1, 1, 1, ("A", 1, 0)),
            ("FOV_1", 20.0, 30.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, ("A", 2, 0)),
            ("FOV_2", 61.6, 30.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, ("A", 2, 0)),
            ("FOV_3", 20.0, 61.2, 0.0, 0, 0.0, 64, 48, 1, 1, 1, ("A", 2, 0)),
            ("FOV_4", 61.6, 61.2, 0.0, 0, 0.0, 64, 48, 1, 1, 1, ("A", 2, 0)),
            ("FOV_1", 20.0, 30.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, ("B", 1, 1)),
            ("FOV_2", 61.6, 30.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, ("B", 1, 1)),
            ("FOV_3", 20.0, 61.2, 0.0, 0, 0.0, 64, 48, 1, 1, 1, ("B", 1, 1)),
            ("FOV_4", 61.6, 61.2, 0.0, 0, 0.0, 64, 48, 1, 1, 1, ("B", 1, 1)),
        ],
        "expected": [
            {
                "path": "plate.zarr/A/01/0",
                "channels": ["DAPI"],
                "regions": [
                    "FOV_1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "FOV_2 c=0+1 z=0+1 y=0+48 x=64+64",
                    "FOV_3 c=0+1 z=0+1 y=48+48 x=0+64",
                    "FOV_4 c=0+1 z=0+1 y=48+48 x=64+64",
                ],
            },
            {
                "path": "plate.zarr/A/02/0",
                "channels": ["DAPI"],
                "regions": [
                    "FOV_1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "FOV_2 c=0+1 z=0+1 y=0+48 x=64+64",
                    "FOV_3 c=0+1 z=0+1 y=48+48 x=0+64",
                    "FOV_4 c=0+1 z=0+1 y=48+48 x=64+64",
                ],
            },
            {
                "path": "plate.zarr/B/01/1",
                "channels": ["DAPI"],
                "regions": [
                    "FOV_1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "FOV_2 c=0+1 z=0+1 y=0+48 x=64+64",
                    "FOV_3 c=0+1 z=0+1 y=48+48 x=0+64",
                    "FOV_4 c=0+1 z=0+1 y=48+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "per_fov_split",
        "reference": "0.10.4",
        "acq": {
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
        },
        "tiling": {"mode": "No Tiling"},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("FOV_1", 5.0, 7.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_2", 46.6, 7.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img_FOV_1.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "FOV_1 c=0+1 z=0+1 y=0+48 x=0+64",
                ],
            },
            {
                "path": "img_FOV_2.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "FOV_2 c=0+1 z=0+1 y=0+48 x=0+64",
                ],
            },
        ],
    },
    {
        "id": "half_pixel_rounding",
        "reference": "1.1.1",
        "acq": {
            "pixelsize": 1.0,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Inplace"},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("H1", 0.0, 0.0, 0.0, 0, 0.0, 10, 10, 1, 1, 1, "img"),
            ("H2", 10.5, 0.0, 0.0, 0, 0.0, 10.5, 10, 1, 1, 1, "img"),
            ("H3", 21.5, 0.5, 0.0, 0, 0.0, 9.5, 10, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "H1 c=0+1 z=0+1 y=0+10 x=0+10",
                    "H2 c=0+1 z=0+1 y=0+10 x=10+11",
                    "H3 c=0+1 z=0+1 y=0+10 x=22+9",
                ],
            },
        ],
    },
    {
        "id": "single_fov_negative",
        "reference": "0.10.4",
        "acq": {
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
        },
        "tiling": {"mode": "Snap to Grid", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("ONLY", -120.3, -45.7, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "ONLY c=0+1 z=0+1 y=0+48 x=0+64",
                ],
            },
        ],
    },
    {
        "id": "single_column",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 1.0,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("C1", 0.0, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("C2", 0.3, 40.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("C3", 0.1, 80.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "C1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "C2 c=0+1 z=0+1 y=48+48 x=0+64",
                    "C3 c=0+1 z=0+1 y=96+48 x=0+64",
                ],
            },
        ],
    },
    {
        "id": "jittered_overlap_grid_um",
        "reference": "0.10.4",
        "acq": {
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
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("FOV_1", -512.4057, 77.4905, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_2", -474.9094, 77.4435, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_3", -437.6785, 77.6194, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_4", -400.6652, 77.7045, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_5", -363.3775, 77.6602, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_6", -512.5581, 105.5544, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_7", -475.0453, 105.9961, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_8", -437.9257, 105.6339, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_9", -400.3235, 106.0686, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_10", -363.0537, 105.738, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_11", -512.0142, 133.6279, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_12", -474.7849, 133.7738, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_13", -437.9134, 133.6707, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_14", -400.5149, 134.0897, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_15", -363.2916, 133.949, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_16", -512.2167, 161.9234, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_17", -474.9714, 161.7377, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_18", -437.9642, 161.8236, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_19", -400.2918, 161.9566, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_20", -363.2115, 162.0513, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "FOV_1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "FOV_2 c=0+1 z=0+1 y=0+48 x=64+64",
                    "FOV_3 c=0+1 z=0+1 y=0+48 x=128+64",
                    "FOV_4 c=0+1 z=0+1 y=0+48 x=192+64",
                    "FOV_5 c=0+1 z=0+1 y=0+48 x=256+64",
                    "FOV_6 c=0+1 z=0+1 y=48+48 x=0+64",
                    "FOV_7 c=0+1 z=0+1 y=48+48 x=64+64",
                    "FOV_8 c=0+1 z=0+1 y=48+48 x=128+64",
                    "FOV_9 c=0+1 z=0+1 y=48+48 x=192+64",
                    "FOV_10 c=0+1 z=0+1 y=48+48 x=256+64",
                    "FOV_11 c=0+1 z=0+1 y=96+48 x=0+64",
                    "FOV_12 c=0+1 z=0+1 y=96+48 x=64+64",
                    "FOV_13 c=0+1 z=0+1 y=96+48 x=128+64",
                    "FOV_14 c=0+1 z=0+1 y=96+48 x=192+64",
                    "FOV_15 c=0+1 z=0+1 y=96+48 x=256+64",
                    "FOV_16 c=0+1 z=0+1 y=144+48 x=0+64",
                    "FOV_17 c=0+1 z=0+1 y=144+48 x=64+64",
                    "FOV_18 c=0+1 z=0+1 y=144+48 x=128+64",
                    "FOV_19 c=0+1 z=0+1 y=144+48 x=192+64",
                    "FOV_20 c=0+1 z=0+1 y=144+48 x=256+64",
                ],
            },
        ],
    },
    {
        "id": "random_irregular_auto",
        "reference": "1.1.1",
        "acq": {
            "pixelsize": 1.0,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("R0", 90.476, 83.966, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R1", 184.842, 69.848, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R2", 101.568, 88.108, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R3", 36.932, 76.786, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R4", 125.977, 118.947, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R5", 18.825, 45.51, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R6", 18.134, 121.447, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R7", 138.688, 6.282, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R8", 196.439, 144.714, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R9", 130.785, 92.334, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R10", 31.499, 2.25, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R11", 105.676, 8.933, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R12", 38.042, 36.291, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R13", 6.017, 69.59, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R14", 88.106, 126.364, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R15", 103.825, 96.044, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R16", 99.955, 99.367, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R17", 91.466, 41.724, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R18", 199.531, 149.354, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R19", 168.043, 106.171, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R20", 63.055, 34.45, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R21", 57.808, 10.534, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R22", 153.258, 60.06, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("R23", 169.317, 57.977, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "R0 c=0+1 z=0+1 y=96+48 x=64+64",
                    "R1 c=0+1 z=0+1 y=48+48 x=192+64",
                    "R2 c=0+1 z=0+1 y=96+48 x=128+64",
                    "R3 c=0+1 z=0+1 y=96+48 x=0+64",
                    "R4 c=0+1 z=0+1 y=144+48 x=128+64",
                    "R5 c=0+1 z=0+1 y=48+48 x=0+64",
                    "R6 c=0+1 z=0+1 y=144+48 x=0+64",
                    "R7 c=0+1 z=0+1 y=0+48 x=128+64",
                    "R8 c=0+1 z=0+1 y=144+48 x=192+64",
                    "R9 c=0+1 z=0+1 y=48+48 x=128+64",
                    "R10 c=0+1 z=0+1 y=0+48 x=0+64",
                    "R11 c=0+1 z=0+1 y=0+48 x=64+64",
                    "R12 c=0+1 z=0+1 y=48+48 x=64+64",
                    "R13 c=0+1 z=0+1 y=144+48 x=64+64",
                    "R14 c=0+1 z=0+1 y=192+48 x=64+64",
                    "R15 c=0+1 z=0+1 y=96+48 x=192+64",
                    "R16 c=0+1 z=0+1 y=192+48 x=128+64",
                    "R17 c=0+1 z=0+1 y=0+48 x=192+64",
                    "R18 c=0+1 z=0+1 y=192+48 x=192+64",
                    "R19 c=0+1 z=0+1 y=96+48 x=256+64",
                    "R20 c=0+1 z=0+1 y=192+48 x=0+64",
                    "R21 c=0+1 z=0+1 y=0+48 x=256+64",
                    "R22 c=0+1 z=0+1 y=48+48 x=256+64",
                    "R23 c=0+1 z=0+1 y=144+48 x=256+64",
                ],
            },
        ],
    },
    {
        "id": "corner_ties",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 1.0,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Snap to Corners"},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("T1", 0.0, 0.0, 0.0, 0, 0.0, 10, 10, 1, 1, 1, "img"),
            ("T2", 5.0, 5.0, 0.0, 0, 0.0, 10, 10, 1, 1, 1, "img"),
            ("T3", 5.0, 0.0, 0.0, 0, 0.0, 10, 10, 1, 1, 1, "img"),
            ("T4", 0.0, 5.0, 0.0, 0, 0.0, 10, 10, 1, 1, 1, "img"),
            ("T5", 15.0, 5.0, 0.0, 0, 0.0, 10, 10, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "T1 c=0+1 z=0+1 y=0+10 x=0+10",
                    "T2 c=0+1 z=0+1 y=10+10 x=0+10",
                    "T3 c=0+1 z=0+1 y=0+10 x=10+10",
                    "T4 c=0+1 z=0+1 y=10+10 x=10+10",
                    "T5 c=0+1 z=0+1 y=0+10 x=20+10",
                ],
            },
        ],
    },
    {
        "id": "not_a_grid_error",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 1.0,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Snap to Grid", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("A", 0.0, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("B", 70.0, 3.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("C", 150.0, -2.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("D", 10.0, 55.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("E", 95.0, 60.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {"path": "img.zarr", "error": "NotAGridError"},
        ],
    },
    {
        "id": "not_tilable_error",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 1.0,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("U1", 0.0, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("U2", 64.0, 0.0, 0.0, 0, 0.0, 60, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {"path": "img.zarr", "error": "NotTilableError"},
        ],
    },
    {
        "id": "flip_and_swap",
        "reference": "1.1.1",
        "acq": {
            "pixelsize": 0.65,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": True,
            "flip_y": False,
            "swap_xy": True,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("FOV_1", 0.0, 0.0, 0.0, 0, 0.0, 48, 64, 1, 1, 1, "img"),
            ("FOV_2", 31.2, 0.0, 0.0, 0, 0.0, 48, 64, 1, 1, 1, "img"),
            ("FOV_3", 0.0, 41.6, 0.0, 0, 0.0, 48, 64, 1, 1, 1, "img"),
            ("FOV_4", 31.2, 41.6, 0.0, 0, 0.0, 48, 64, 1, 1, 1, "img"),
            ("FOV_5", 0.0, 83.2, 0.0, 0, 0.0, 48, 64, 1, 1, 1, "img"),
            ("FOV_6", 31.2, 83.2, 0.0, 0, 0.0, 48, 64, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "FOV_1 c=0+1 z=0+1 y=0+48 x=128+64",
                    "FOV_2 c=0+1 z=0+1 y=48+48 x=128+64",
                    "FOV_3 c=0+1 z=0+1 y=0+48 x=64+64",
                    "FOV_4 c=0+1 z=0+1 y=48+48 x=64+64",
                    "FOV_5 c=0+1 z=0+1 y=0+48 x=0+64",
                    "FOV_6 c=0+1 z=0+1 y=48+48 x=0+64",
                ],
            },
        ],
    },
    {
        "id": "tczyx_jitter_align",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 0.65,
            "z_spacing": 0.75,
            "t_spacing": 5.0,
            "axes": ["t", "c", "z", "y", "x"],
            "channels": ["A", "B"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": True,
        "corrections": {},
        "tiles": [
            ("F1", 3.0, 4.0, 3.0, 0, 1.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 3.21, 4.0, 3.75, 0, 1.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 2.9, 4.0, 3.0, 1, 1.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 3.11, 4.0, 3.75, 1, 1.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 3.0, 4.05, 3.0, 0, 6.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 3.21, 4.05, 3.75, 0, 6.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 2.9, 4.05, 3.0, 1, 6.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 3.11, 4.05, 3.75, 1, 6.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 44.6, 4.2, 3.0, 0, 1.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 44.81, 4.2, 3.75, 0, 1.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 44.5, 4.2, 3.0, 1, 1.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 44.71, 4.2, 3.75, 1, 1.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 44.6, 4.25, 3.0, 0, 6.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 44.81, 4.25, 3.75, 0, 6.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 44.5, 4.25, 3.0, 1, 6.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 44.71, 4.25, 3.75, 1, 6.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["A", "B"],
                "regions": [
                    "F1 t=0+1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "F1 t=0+1 c=0+1 z=1+1 y=0+48 x=0+64",
                    "F1 t=0+1 c=1+1 z=0+1 y=0+48 x=0+64",
                    "F1 t=0+1 c=1+1 z=1+1 y=0+48 x=0+64",
                    "F1 t=1+1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "F1 t=1+1 c=0+1 z=1+1 y=0+48 x=0+64",
                    "F1 t=1+1 c=1+1 z=0+1 y=0+48 x=0+64",
                    "F1 t=1+1 c=1+1 z=1+1 y=0+48 x=0+64",
                    "F2 t=0+1 c=0+1 z=0+1 y=0+48 x=64+64",
                    "F2 t=0+1 c=0+1 z=1+1 y=0+48 x=64+64",
                    "F2 t=0+1 c=1+1 z=0+1 y=0+48 x=64+64",
                    "F2 t=0+1 c=1+1 z=1+1 y=0+48 x=64+64",
                    "F2 t=1+1 c=0+1 z=0+1 y=0+48 x=64+64",
                    "F2 t=1+1 c=0+1 z=1+1 y=0+48 x=64+64",
                    "F2 t=1+1 c=1+1 z=0+1 y=0+48 x=64+64",
                    "F2 t=1+1 c=1+1 z=1+1 y=0+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "multi_channel_tiles_gap",
        "reference": "1.1.1",
        "acq": {
            "pixelsize": 0.65,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["A", "B", "C", "D", "E"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("F1", 0.0, 0.0, 0.0, 2, 0.0, 64, 48, 1, 2, 1, "img"),
            ("F2", 41.6, 0.0, 0.0, 2, 0.0, 64, 48, 1, 2, 1, "img"),
            ("F1", 0.0, 0.0, 0.0, 4, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["C", "D", "E"],
                "regions": [
                    "F1 c=0+2 z=0+1 y=0+48 x=0+64",
                    "F1 c=2+1 z=0+1 y=0+48 x=0+64",
                    "F2 c=0+2 z=0+1 y=0+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "yx_only",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 0.65,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["y", "x"],
            "channels": None,
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            ("FOV_1", 9.9, 9.9, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_2", 51.5, 9.9, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_3", 9.9, 41.1, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("FOV_4", 51.5, 41.1, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": None,
                "regions": [
                    "FOV_1 y=0+48 x=0+64",
                    "FOV_2 y=0+48 x=64+64",
                    "FOV_3 y=48+48 x=0+64",
                    "FOV_4 y=48+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "per_fov_z_offset",
        "reference": "1.1.1",
        "acq": {
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
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {"remove_z_offset": "Per-FOV"},
        "tiles": [
            ("F1", 10.0, 20.0, 4.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 10.0, 20.0, 5.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 51.6, 20.0, 7.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 51.6, 20.0, 8.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "F1 c=0+1 z=0+1 y=0+48 x=0+64",
                    "F1 c=0+1 z=1+1 y=0+48 x=0+64",
                    "F2 c=0+1 z=0+1 y=0+48 x=64+64",
                    "F2 c=0+1 z=1+1 y=0+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "keep_offsets",
        "reference": "1.1.1",
        "acq": {
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
        },
        "tiling": {"mode": "Inplace"},
        "align_xy": False,
        "corrections": {
            "remove_xy_offset": "Keep",
            "remove_z_offset": "Keep",
            "remove_t_offset": "Keep",
        },
        "tiles": [
            ("F1", 10.0, 20.0, 4.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 10.0, 20.0, 5.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 51.6, 20.0, 7.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 51.6, 20.0, 8.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI"],
                "regions": [
                    "F1 c=0+1 z=4+1 y=31+48 x=15+64",
                    "F1 c=0+1 z=5+1 y=31+48 x=15+64",
                    "F2 c=0+1 z=7+1 y=31+48 x=79+64",
                    "F2 c=0+1 z=8+1 y=31+48 x=79+64",
                ],
            },
        ],
    },
    {
        "id": "keep_negative_error",
        "reference": "1.1.1",
        "acq": {
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
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {"remove_xy_offset": "Keep"},
        "tiles": [
            ("N1", -5.0, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
            ("N2", 36.6, 0.0, 0.0, 0, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {"path": "img.zarr", "error": "ConvertersToolsUserError"},
        ],
    },
    {
        "id": "channel_gaps_no_reindex",
        "reference": "1.1.1",
        "acq": {
            "pixelsize": 0.65,
            "z_spacing": 1.0,
            "t_spacing": 1.0,
            "axes": ["c", "z", "y", "x"],
            "channels": ["DAPI", "GFP", "RFP", "CY5"],
            "start_z_coo": "world",
            "start_t_coo": "world",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {"reindex_channels": False},
        "tiles": [
            ("F1", 0.0, 0.0, 0.0, 1, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F1", 0.0, 0.0, 0.0, 3, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.6, 0.0, 0.0, 1, 0.0, 64, 48, 1, 1, 1, "img"),
            ("F2", 41.6, 0.0, 0.0, 3, 0.0, 64, 48, 1, 1, 1, "img"),
        ],
        "expected": [
            {
                "path": "img.zarr",
                "channels": ["DAPI", "GFP", "RFP", "CY5"],
                "regions": [
                    "F1 c=1+1 z=0+1 y=0+48 x=0+64",
                    "F1 c=3+1 z=0+1 y=0+48 x=0+64",
                    "F2 c=1+1 z=0+1 y=0+48 x=64+64",
                    "F2 c=3+1 z=0+1 y=0+48 x=64+64",
                ],
            },
        ],
    },
    {
        "id": "hcs_plate_example",
        "reference": "0.10.4",
        "acq": {
            "pixelsize": 0.65,
            "z_spacing": 5.0,
            "t_spacing": 1.0,
            "axes": ["t", "c", "z", "y", "x"],
            "channels": ["DAPI"],
            "start_z_coo": "pixel",
            "start_t_coo": "pixel",
            "flip_x": False,
            "flip_y": False,
            "swap_xy": False,
        },
        "tiling": {"mode": "Auto", "tolerance": 1},
        "align_xy": False,
        "corrections": {},
        "tiles": [
            (
                "FOV_1",
                10.0,
                10.0,
                0.0,
                0,
                0.0,
                2560.0,
                2160.0,
                1.0,
                1,
                1.0,
                ("A", 1, 0),
            ),
            (
                "FOV_1",
                10.1,
                10.1,
                1.0,
                0,
                0.0,
                2560.0,
                2160.0,
                1.0,
                1,
                1.0,
                ("A", 1, 0),
            ),
            (
                "FOV_2",
                1000.0,
                1000.0,
                0.0,
                0,
                0.0,
                2560.0,
                2160.0,
                1.0,
                1,
                1.0,
                ("A", 1, 0),
            ),
            (
                "FOV_2",
                1000.0,
                1000.1,
                1.0,
                0,
                0.0,
                2560.0,
                2160.0,
                1.0,
                1,
                1.0,
                ("A", 1, 0),
            ),
            (
                "FOV_3",
                10.1,
                1000.1,
                0.0,
                0,
                0.0,
                2560.0,
                2160.0,
                1.0,
                1,
                1.0,
                ("A", 1, 0),
            ),
            (
                "FOV_3",
                10.1,
                1000.0,
                1.0,
                0,
                0.0,
                2560.0,
                2160.0,
                1.0,
                1,
                1.0,
                ("A", 1, 0),
            ),
        ],
        "expected": [
            {
                "path": "plate.zarr/A/01/0",
                "channels": ["DAPI"],
                "regions": [
                    "FOV_1 t=0+1 c=0+1 z=0+1 y=0+2160 x=0+2560",
                    "FOV_1 t=0+1 c=0+1 z=1+1 y=0+2160 x=0+2560",
                    "FOV_2 t=0+1 c=0+1 z=0+1 y=2160+2160 x=2560+2560",
                    "FOV_2 t=0+1 c=0+1 z=1+1 y=2160+2160 x=2560+2560",
                    "FOV_3 t=0+1 c=0+1 z=0+1 y=2160+2160 x=0+2560",
                    "FOV_3 t=0+1 c=0+1 z=1+1 y=2160+2160 x=0+2560",
                ],
            },
        ],
    },
]
# END GENERATED


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c['id']}-{c['reference']}" for c in CASES]
)
def test_registered_rois_match_reference(case: dict[str, Any]) -> None:
    ours = [compact_image(image) for image in run_layout(layout_from_case(case))]
    assert ours == case["expected"]
