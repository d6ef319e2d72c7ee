"""Unit writes through the codec pipeline store exactly the bytes zarr would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zarr

from ome_zarr_converters_tools.pipelines.writers.store import UnitWriter


def _stored(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith((".z", "zarr.json"))
    }


def _array(path: Path, fmt: int, shards: tuple[int, ...] | None, dtype: str) -> Any:
    return zarr.create_array(
        str(path),
        shape=(3, 37, 45),
        chunks=(1, 8, 16),
        shards=shards,
        dtype=dtype,
        zarr_format=fmt,
        fill_value=0,
    )


@pytest.mark.parametrize(("fmt", "shards"), [(2, None), (3, None), (3, (1, 16, 32))])
@pytest.mark.parametrize("dtype", ["uint16", "float32"])
def test_unit_writes_match_zarr_setitem_byte_for_byte(
    fmt: int, shards: tuple[int, ...] | None, dtype: str, tmp_path: Path
) -> None:
    rng = np.random.default_rng(0)
    data = (rng.random((3, 37, 45)) * 1000).astype(dtype)
    data[1] = 0  # an all-fill slab: zarr does not store it
    data[2, 0, 0] = -0.0 if dtype == "float32" else 0
    fast_array = _array(tmp_path / "fast.zarr", fmt, shards, dtype)
    writer = UnitWriter(fast_array)
    assert writer._fast is not None
    unit = writer.unit
    for c in range(3):
        for y in range(0, 37, unit[1]):
            for x in range(0, 45, unit[2]):
                box = ((c, c + 1), (y, min(y + unit[1], 37)), (x, min(x + unit[2], 45)))
                writer.write(box, data[tuple(slice(a, b) for a, b in box)])
    slow_array = _array(tmp_path / "slow.zarr", fmt, shards, dtype)
    slow_array[...] = data
    assert _stored(tmp_path / "fast.zarr") == _stored(tmp_path / "slow.zarr")
    np.testing.assert_array_equal(fast_array[...], data)


def test_unaligned_boxes_and_missing_internals_fall_back(tmp_path: Path) -> None:
    data = np.arange(37 * 45, dtype="uint16").reshape(1, 37, 45)
    array = _array(tmp_path / "a.zarr", 2, None, "uint16")
    writer = UnitWriter(array)
    writer.write(((0, 1), (3, 20), (5, 30)), data[:, 3:20, 5:30])  # unaligned
    writer._fast = None  # as if zarr's internals had moved
    writer.write(((0, 1), (0, 8), (0, 16)), data[:, 0:8, 0:16])
    np.testing.assert_array_equal(array[0:1, 3:20, 5:30], data[:, 3:20, 5:30])
    np.testing.assert_array_equal(array[0:1, 0:8, 0:16], data[:, 0:8, 0:16])


def test_unit_writer_survives_pickling(tmp_path: Path) -> None:
    import pickle

    writer = UnitWriter(_array(tmp_path / "a.zarr", 3, None, "uint16"))
    clone = pickle.loads(pickle.dumps(writer))
    assert clone._fast is not None
    assert clone.unit == writer.unit
