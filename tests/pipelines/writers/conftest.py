"""Factories for the writer tests: small overlapping mosaics written as .npy tiles."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ngio
import numpy as np
import pytest
from ngio import Roi

from ome_zarr_converters_tools.core.collection import SingleImage
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.core.ngio_compat import create_empty_ome_zarr
from ome_zarr_converters_tools.core.tiled_image import TiledImage, TileSlice


@dataclass
class Mosaic:
    """A tiled image plus the reference array assembled independently."""

    tiled_image: TiledImage[Any, Any]
    reference: np.ndarray
    axes: tuple[str, ...]


def _roi(name: str, axes: Sequence[str], box: Sequence[tuple[int, int]]) -> Roi:
    return Roi.from_values(
        {
            axis: (start, stop - start)
            for axis, (start, stop) in zip(axes, box, strict=True)
        },
        name=name,
        space="pixel",
    )


def build_mosaic(
    folder: Path,
    *,
    axes: Sequence[str] = ("c", "z", "y", "x"),
    grid: tuple[int, int] = (2, 3),
    tile_yx: tuple[int, int] = (20, 24),
    step_yx: tuple[int, int] = (16, 21),
    n_c: int = 2,
    n_z: int = 3,
    n_t: int = 1,
    z_per_tile: int = 1,
    dtype: str = "uint16",
    seed: int = 0,
    interleave: bool = True,
    pad_yx: tuple[int, int] = (0, 0),
    jitter: int = 3,
) -> Mosaic:
    """Overlapping, jittered FOVs; one file per (t, c, z-block) and FOV.

    Region order interleaves FOVs (z outer, FOV inner) when `interleave`, so
    last-writer-wins must follow region order, not FOV order.
    """
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    fovs = []
    for row in range(grid[0]):
        for col in range(grid[1]):
            shift = rng.integers(0, jitter, size=2)
            fovs.append(
                (
                    f"FOV_{row}_{col}",
                    row * step_yx[0] + int(shift[0]),
                    col * step_yx[1] + int(shift[1]),
                )
            )
    height = max(y for _, y, _ in fovs) + tile_yx[0] + pad_yx[0]
    width = max(x for _, _, x in fovs) + tile_yx[1] + pad_yx[1]
    sizes = {"t": n_t, "c": n_c, "z": n_z, "y": height, "x": width}
    shape = tuple(sizes[a] for a in axes)
    reference = np.zeros(shape, dtype=dtype)
    info = np.iinfo(dtype) if np.dtype(dtype).kind in "ui" else None
    entries = []
    for t in range(n_t if "t" in axes else 1):
        for z in range(0, n_z if "z" in axes else 1, z_per_tile):
            for name, y, x in fovs:
                for c in range(n_c if "c" in axes else 1):
                    entries.append((t, c, z, name, y, x))
    if not interleave:
        entries.sort(key=lambda entry: entry[3])
    regions = []
    for number, (t, c, z, name, y, x) in enumerate(entries):
        nz = min(z_per_tile, n_z - z) if "z" in axes else 1
        starts = {"t": t, "c": c, "z": z, "y": y, "x": x}
        lengths = {"t": 1, "c": 1, "z": nz, "y": tile_yx[0], "x": tile_yx[1]}
        file_shape = tuple(
            lengths[a] for a in axes if a in "zyx" and (a != "z" or nz > 1)
        )
        if info is not None:
            data = rng.integers(1, min(info.max, 60000), size=file_shape).astype(dtype)
        else:
            data = rng.standard_normal(file_shape).astype(dtype)
        path = folder / f"tile_{number:04d}.npy"
        np.save(path, data)
        box = [(starts[a], starts[a] + lengths[a]) for a in axes]
        reference[tuple(slice(a, b) for a, b in box)] = data.reshape(
            [b - a for a, b in box]
        )
        regions.append(
            TileSlice[DefaultImageLoader](
                roi=_roi(name, axes, box),
                image_loader=DefaultImageLoader(file_path=str(path)),
            )
        )
    tiled_image = TiledImage[SingleImage, DefaultImageLoader](
        regions=regions,
        path="mosaic.zarr",
        pixelsize=0.5,
        data_type=dtype,
        axes=list(axes),
        collection=SingleImage(image_path="mosaic"),
    )
    return Mosaic(tiled_image=tiled_image, reference=reference, axes=tuple(axes))


def make_container(
    path: Path,
    *,
    shape: Sequence[int],
    axes: Sequence[str],
    levels: int | list[str] = 3,
    chunks: Sequence[int] | None = None,
    shards: Sequence[int] | None = None,
    ngff_version: str = "0.4",
    dtype: str = "uint16",
) -> ngio.OmeZarrContainer:
    return create_empty_ome_zarr(
        store=str(path),
        shape=tuple(shape),
        pixelsize=0.5,
        levels=levels,
        axes_names=list(axes),
        chunks=tuple(chunks) if chunks is not None else "auto",
        shards=tuple(shards) if shards is not None else None,
        ngff_version=ngff_version,
        dtype=dtype,
        overwrite=True,
    )


def read_levels(container: ngio.OmeZarrContainer) -> list[np.ndarray]:
    return [
        np.asarray(container.get_image(path=p).zarr_array[...])
        for p in container.level_paths
    ]


@pytest.fixture
def mosaic_factory(tmp_path: Path) -> Callable[..., Mosaic]:
    counter = iter(range(1000))

    def factory(**kwargs: Any) -> Mosaic:
        return build_mosaic(tmp_path / f"tiles{next(counter)}", **kwargs)

    return factory
