"""Unit writes through the codec pipeline store exactly the bytes zarr would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zarr

from ome_zarr_converters_tools.pipelines.writers import store
from ome_zarr_converters_tools.pipelines.writers.store import UnitWriter

SYNC_CODECS = hasattr(zarr.codecs.BytesCodec, "_encode_sync")
"""Whether this zarr's v3 codecs encode synchronously (not zarr 3.1.4, the floor)."""


def _encodes_in_thread(fmt: int) -> bool:
    # The v2 codec's steps are repeated by the writer on every zarr; v3
    # pipelines need the codecs' own synchronous methods.
    return fmt == 2 or SYNC_CODECS


@pytest.fixture(autouse=True)
def _fresh_probes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every test sets its writers up from scratch: a layout probed by an
    # earlier test would skip the probe some tests break on purpose.
    monkeypatch.setattr(store, "_PROBED", {})


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
    if shards is None:
        # Unsharded units are encoded in the writing thread (shards too where
        # this zarr's sharding codec encodes synchronously, as zarr 3.4's does).
        assert (writer._fast["encode_sync"] is not None) == _encodes_in_thread(fmt)
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


def _write_units(writer: UnitWriter, data: np.ndarray) -> None:
    unit = writer.unit
    for c in range(data.shape[0]):
        for y in range(0, data.shape[1], unit[1]):
            for x in range(0, data.shape[2], unit[2]):
                box = (
                    (c, c + 1),
                    (y, min(y + unit[1], data.shape[1])),
                    (x, min(x + unit[2], data.shape[2])),
                )
                writer.write(box, data[tuple(slice(a, b) for a, b in box)])


def _sample() -> np.ndarray:
    return (np.arange(3 * 37 * 45) % 251).astype("uint16").reshape(3, 37, 45)


def _case(tmp_path: Path, fmt: int) -> tuple[np.ndarray, dict[str, bytes], Any]:
    """Sample pixels, the bytes zarr's public API stores, an empty array to fill."""
    data = _sample()
    expected = _public_write(tmp_path / "public.zarr", fmt, data)
    return data, expected, _array(tmp_path / "fast.zarr", fmt, None, "uint16")


def _public_write(path: Path, fmt: int, data: np.ndarray) -> dict[str, bytes]:
    _array(path, fmt, None, str(data.dtype))[...] = data
    return _stored(path)


def test_unaligned_boxes_take_the_public_path(tmp_path: Path) -> None:
    data = np.arange(37 * 45, dtype="uint16").reshape(1, 37, 45)
    array = _array(tmp_path / "a.zarr", 2, None, "uint16")
    writer = UnitWriter(array)
    writer.write(((0, 1), (3, 20), (5, 30)), data[:, 3:20, 5:30])
    np.testing.assert_array_equal(array[0:1, 3:20, 5:30], data[:, 3:20, 5:30])


def _metadata_class(fmt: int) -> type:
    from zarr.core.metadata import ArrayV2Metadata, ArrayV3Metadata

    return ArrayV2Metadata if fmt == 2 else ArrayV3Metadata


@pytest.mark.parametrize("fmt", [2, 3])
def test_unit_writes_do_not_need_get_chunk_spec(
    fmt: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # zarr 3.2 removed ArrayV3Metadata.get_chunk_spec; every NGFF 0.5 write
    # crashed on it. Remove it for the whole write: aligned units must still
    # go through the fast path (zarr 3.1's public path would need it).
    data, expected, array = _case(tmp_path, fmt)
    with monkeypatch.context() as patch, caplog.at_level("DEBUG"):
        patch.delattr(_metadata_class(fmt), "get_chunk_spec", raising=False)
        _write_units(UnitWriter(array), data)
    assert "falls back" not in caplog.text
    assert "public API" not in caplog.text
    assert _stored(tmp_path / "fast.zarr") == expected


@pytest.mark.parametrize("fmt", [2, 3])
def test_missing_internal_at_setup_falls_back_with_the_same_bytes(
    fmt: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    data, expected, array = _case(tmp_path, fmt)
    # An internal the fast path needs is gone while the writer is set up (the
    # public path, used afterwards, still has it in this zarr).
    with monkeypatch.context() as patch:
        patch.delattr(_metadata_class(fmt), "encode_chunk_key")
        with caplog.at_level("DEBUG", logger=UnitWriter.__module__):
            writer = UnitWriter(array)
    assert "encode_chunk_key" in caplog.text  # the probe saw it missing
    _write_units(writer, data)
    assert _stored(tmp_path / "fast.zarr") == expected


class _PipelineWithoutEncode:
    """A codec pipeline like zarrs': it writes, but has no usable `encode`."""

    def __init__(self, inner: Any, calls: list[Any]) -> None:
        self._inner = inner
        self._calls = calls

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def encode(self, *args: Any) -> Any:
        self._calls.append(args)
        raise NotImplementedError("encode")


@pytest.mark.parametrize("fmt", [2, 3])
@pytest.mark.parametrize("encoder", ["pipeline", "in thread"])
def test_internal_failing_at_write_time_falls_back_for_good(
    fmt: int, encoder: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data, expected, array = _case(tmp_path, fmt)
    writer = UnitWriter(array)  # set up while the internals still work
    assert writer._fast is not None
    calls: list[Any] = []
    if encoder == "pipeline":
        writer._fast["encode_sync"] = None
        writer._fast["pipeline"] = _PipelineWithoutEncode(
            writer._fast["pipeline"], calls
        )
    else:

        def failing(*args: Any) -> Any:
            calls.append(args)
            raise AttributeError("_encode_sync")

        writer._fast["encode_sync"] = failing
    with caplog.at_level("WARNING"):
        _write_units(writer, data)
    assert len(calls) == 1  # the first failure switches the writer for good
    assert "writing through zarr's public API" in caplog.text
    assert _stored(tmp_path / "fast.zarr") == expected


@pytest.mark.parametrize("fmt", [2, 3])
def test_codec_pipeline_without_encode_is_detected_at_setup(
    fmt: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def no_encode(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("encode")

    data, expected, array = _case(tmp_path, fmt)
    with monkeypatch.context() as patch:
        patch.setattr(type(array._async_array.codec_pipeline), "encode", no_encode)
        with caplog.at_level("DEBUG", logger=UnitWriter.__module__):
            writer = UnitWriter(array)
    assert "NotImplementedError" in caplog.text
    _write_units(writer, data)
    assert _stored(tmp_path / "fast.zarr") == expected


@pytest.mark.parametrize("fmt", [2, 3])
def test_in_thread_encoder_with_other_bytes_is_dropped_at_setup(
    fmt: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _encodes_in_thread(fmt):
        pytest.skip("this zarr's v3 codecs have no synchronous encode")
    data, expected, array = _case(tmp_path, fmt)
    real = store._sync_encoder

    def off_by_one_byte(pipeline: Any) -> Any:
        encode = real(pipeline)
        assert encode is not None

        def wrong(chunk: Any, spec: Any) -> Any:
            encoded = encode(chunk, spec)
            return spec.prototype.buffer.from_bytes(encoded.to_bytes() + b"\0")

        return wrong

    monkeypatch.setattr(store, "_sync_encoder", off_by_one_byte)
    writer = UnitWriter(array)
    assert writer._fast is not None
    assert writer._fast["encode_sync"] is None  # the pipeline encodes instead
    _write_units(writer, data)
    assert _stored(tmp_path / "fast.zarr") == expected
    # The verdict is kept with the layout: the next writer is not probed again
    # and does not take the in-thread encoder either.
    again = UnitWriter(_array(tmp_path / "again.zarr", fmt, None, "uint16"))
    assert again._fast is not None
    assert again._fast["encode_sync"] is None


def test_one_probe_per_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    probes: list[Any] = []
    real = store._probe
    monkeypatch.setattr(
        store, "_probe", lambda *args: probes.append(args) or real(*args)
    )
    first = UnitWriter(_array(tmp_path / "a.zarr", 3, None, "uint16"))
    again = UnitWriter(_array(tmp_path / "b.zarr", 3, None, "uint16"))
    other = UnitWriter(_array(tmp_path / "c.zarr", 3, None, "float32"))
    assert len(probes) == 2  # uint16 once, float32 once
    assert first._fast is not None
    assert again._fast is not None
    assert other._fast is not None


@pytest.mark.parametrize("fmt", [2, 3])
def test_zarrs_codec_pipeline_writes_the_same_pixels(fmt: int, tmp_path: Path) -> None:
    pytest.importorskip("zarrs")
    data = _sample()
    with zarr.config.set({"codec_pipeline.path": "zarrs.ZarrsCodecPipeline"}):
        array = _array(tmp_path / "zarrs.zarr", fmt, None, "uint16")
        _write_units(UnitWriter(array), data)
    reopened = zarr.open_array(str(tmp_path / "zarrs.zarr"), mode="r")
    np.testing.assert_array_equal(reopened[...], data)


def test_unit_writer_survives_pickling(tmp_path: Path) -> None:
    import pickle

    writer = UnitWriter(_array(tmp_path / "a.zarr", 3, None, "uint16"))
    clone = pickle.loads(pickle.dumps(writer))
    assert clone._fast is not None
    assert clone.unit == writer.unit
