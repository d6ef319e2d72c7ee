"""Whole-unit writes that go straight through the array's own codec pipeline.

The writers only ever write boxes aligned to the array's write unit (chunk, or
shard when sharded), each unit exactly once. For such writes zarr-python's
`Array.__setitem__` does much more than needed: it resolves a general
selection, merges into a fresh chunk buffer and runs its bookkeeping on the
single event-loop thread that all worker threads share. Measured on 16 MiB
uint16 chunks with two threads, it was 3 to 5 times slower than encoding the
same chunks with the array's codec pipeline and setting the bytes in the store,
which is what `UnitWriter.write` does.

The bytes are the ones zarr would write: same metadata, same codec pipeline
(sharding included: for a sharded array the unit *is* the stored object),
edge units padded with the fill value exactly as zarr pads them, and units
equal to the fill value skipped when `write_empty_chunks` is off. Unsharded
units are encoded in the writing thread by the pipeline's own codec objects
(their synchronous `_encode_sync`), which spares two thread hand-overs per
unit through zarr's event loop; the bytes of one probe unit must equal the
pipeline's, else the pipeline encodes. The encoded objects of a box are then
stored in one trip to the event loop.

The fast path relies on zarr internals (`_async_array`, `ArraySpec`,
`encode_chunk_key`, the codec pipeline's `encode`/`decode`). They change
between zarr releases (zarr 3.2 removed `ArrayV3Metadata.get_chunk_spec`,
which is why the unit spec is built here) and
other codec pipelines do not implement them (zarrs' pipeline has no `encode`),
so they are guarded twice: when the writer is set up, one unit is encoded and
decoded again and must round-trip (once per layout and process); and if
anything of the internals fails at write time, the writer switches to the
public `array[box] = data` for good.
Both happen before a byte is stored, so a fallback never leaves a half-written
unit. Boxes that are not unit-aligned always take the public path.

The zarrs codec pipeline (`RuntimeSettings(use_zarrs_codec=True)`) is attached
to the arrays of the job that asked for it (`with_job_codec`), not through the
process-wide `zarr.config`, so jobs in other threads are not affected. That
swaps the array's `codec_pipeline` (a copy of `_async_array` with zarrs'
pipeline built from the array's metadata); if this zarr or zarrs no longer
allows it, the job writes with the configured pipeline, the same bytes.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import functools
import itertools
import json
import logging
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import zarr
from numcodecs.compat import ensure_bytes

from ome_zarr_converters_tools.models.runtime import job_uses_zarrs_codec

__all__ = ["UnitWriter", "with_job_codec"]

logger = logging.getLogger(__name__)

Box = tuple[tuple[int, int], ...]


class UnitWriter:
    """Write unit-aligned boxes of one zarr array, one stored object per unit.

    Args:
        array: The destination array (already created, empty). It writes
            through the codec pipeline of the running job (`with_job_codec`).
    """

    def __init__(self, array: zarr.Array) -> None:
        self._setup(with_job_codec(array))

    def __getstate__(self) -> zarr.Array:
        # Only the array travels to dask process workers; the fast path is
        # rebuilt there from it.
        return self.array

    def __setstate__(self, state: zarr.Array) -> None:
        self._setup(state)

    def _setup(self, array: zarr.Array) -> None:
        self.array = array
        self.shape = tuple(int(n) for n in array.shape)
        self.unit = tuple(int(n) for n in (array.shards or array.chunks))
        self._fast: dict[str, Any] | None = None
        try:
            fast = _fast_path(array, self.unit)
            key = _probe_key(fast, self.unit)
            if key not in _PROBED:
                # Sharded units go whole through the sharding codec; an
                # unsharded layout is probed on a small unit (same codecs).
                shape = (
                    self.unit if array.shards else tuple(min(n, 16) for n in self.unit)
                )
                _PROBED[key] = _probe(fast, shape, array.dtype)
            if not _PROBED[key]:
                fast["encode_sync"] = None
        except Exception as exc:  # any missing or changed internal: public API
            logger.debug("Unit writer falls back to zarr __setitem__: %r", exc)
            return
        self._fast = fast

    def _aligned(self, box: Box) -> bool:
        return all(
            start % unit == 0 and (stop % unit == 0 or stop == size)
            for (start, stop), unit, size in zip(
                box, self.unit, self.shape, strict=True
            )
        )

    def write(self, box: Box, data: np.ndarray) -> None:
        """Write `data` at `box`.

        Args:
            box: Destination box; the fast path needs it unit-aligned.
            data: The pixels, shaped like the box.
        """
        fast = self._fast
        if fast is not None and self._aligned(box):
            data = np.asarray(data, dtype=self.array.dtype)
            try:
                keys, encoded = self._encode(fast, box, data)
            except Exception as exc:  # internals changed under us: public API
                logger.warning(
                    "Fast unit writes of %s are not supported by this zarr "
                    "(%r); writing through zarr's public API from now on.",
                    self.array.path or "<root array>",
                    exc,
                )
                self._fast = None
            else:
                # One trip to zarr's event loop for every object of the box.
                fast["sync"](_store_all(fast["store_path"], keys, encoded))
                return
        self.array[tuple(slice(start, stop) for start, stop in box)] = data

    def _encode(
        self, fast: dict[str, Any], box: Box, data: np.ndarray
    ) -> tuple[list[str], list[Any]]:
        """Encode every unit of an aligned box; nothing is stored yet."""
        ranges = [
            range(start // unit, -(-stop // unit))
            for (start, stop), unit in zip(box, self.unit, strict=True)
        ]
        items = []
        keys = []
        prototype = fast["prototype"]
        for coords in itertools.product(*ranges):
            local = tuple(
                slice(c * unit - start, min((c + 1) * unit, stop) - start)
                for c, unit, (start, stop) in zip(coords, self.unit, box, strict=True)
            )
            part = data[local]
            if part.shape != self.unit:
                padded = np.full(self.unit, fast["fill"], dtype=data.dtype)
                padded[tuple(slice(0, n) for n in part.shape)] = part
                part = padded
            else:
                part = np.ascontiguousarray(part)
            if not fast["write_empty"] and _all_equal(part, fast["fill"]):
                continue
            items.append((prototype.nd_buffer.from_ndarray_like(part), fast["spec"]))
            keys.append(fast["metadata"].encode_chunk_key(coords))
        if not items:
            return [], []
        encode_here = fast["encode_sync"]
        if encode_here is not None:
            return keys, [encode_here(buffer, spec) for buffer, spec in items]
        return keys, list(fast["sync"](fast["pipeline"].encode(items)))


def with_job_codec(array: zarr.Array) -> zarr.Array:
    """Return `array` writing through the codec pipeline the running job chose.

    Without `use_zarrs_codec` in the job's settings (`RuntimeSettings.job()`)
    the array is returned as it is. Otherwise a copy of it uses zarrs' codec
    pipeline; nothing process-wide changes, so other threads' arrays keep
    theirs. Should the internals this needs be gone, the array is returned
    unchanged (zarrs only changes the speed, never the bytes) and a log line
    says so.
    """
    if not job_uses_zarrs_codec():
        return array
    try:
        from zarrs import ZarrsCodecPipeline

        async_array = array._async_array
        if isinstance(async_array.codec_pipeline, ZarrsCodecPipeline):
            return array
        pipeline = ZarrsCodecPipeline.from_array_metadata_and_store(
            array_metadata=async_array.metadata, store=async_array.store_path.store
        )
        rebound = copy.copy(async_array)
        object.__setattr__(rebound, "codec_pipeline", pipeline)
        return zarr.Array(rebound)
    except Exception as exc:  # any missing or changed internal: same bytes
        logger.warning(
            "Cannot attach the zarrs codec pipeline to %s with this zarr/zarrs "
            "(%r); writing it with zarr's configured codec pipeline (same bytes, "
            "possibly slower).",
            array.path or "<root array>",
            exc,
        )
        return array


def _fast_path(array: zarr.Array, unit: tuple[int, ...]) -> dict[str, Any]:
    """Collect the zarr internals the fast path uses; raise if one is missing."""
    from zarr.core.array_spec import ArraySpec
    from zarr.core.buffer import default_buffer_prototype
    from zarr.core.sync import sync

    async_array = array._async_array
    metadata = async_array.metadata
    # zarr 3.1.1 names it `_config`; later releases `config`.
    config = getattr(async_array, "config", None) or async_array._config
    if metadata.zarr_format == 2:
        config = dataclasses.replace(config, order=metadata.order)
    grid = (
        tuple(metadata.chunks)
        if metadata.zarr_format == 2
        else tuple(metadata.chunk_grid.chunk_shape)
    )
    if grid != unit:
        raise AttributeError("chunk grid differs from the write unit")
    prototype = default_buffer_prototype()
    # Every unit of a regular grid has the same spec (zarr 3.1 built it with
    # `metadata.get_chunk_spec`, which zarr 3.2 removed): build it once.
    spec = ArraySpec(
        shape=unit,
        dtype=metadata.dtype,
        fill_value=metadata.fill_value,
        config=config,
        prototype=prototype,
    )
    return {
        "encode_sync": _sync_encoder(async_array.codec_pipeline),
        "sync": sync,
        "metadata": metadata,
        "spec": spec,
        "pipeline": async_array.codec_pipeline,
        "store_path": async_array.store_path,
        "prototype": prototype,
        "fill": array.fill_value if array.fill_value is not None else 0,
        "write_empty": bool(config.write_empty_chunks),
    }


_PROBED: dict[tuple[str, str, tuple[int, ...]], bool] = {}
"""Array layouts whose fast path already round-tripped a unit in this process,
and whether the in-thread encoder gave the pipeline's bytes.

The pyramid levels of an image (and the images of a plate) share their codecs,
unit and dtype; probing each would encode and decode one more full unit per
level (16 MiB each with default chunks), most of the set-up time of a write.
"""


def _probe_key(
    fast: dict[str, Any], unit: tuple[int, ...]
) -> tuple[str, str, tuple[int, ...]]:
    """What decides whether a probe passes: pipeline type, metadata but shape."""
    metadata = dict(fast["metadata"].to_dict())
    for varying in ("shape", "attributes", "dimension_names"):
        metadata.pop(varying, None)
    pipeline = type(fast["pipeline"])
    return (
        f"{pipeline.__module__}.{pipeline.__qualname__}",
        json.dumps(metadata, sort_keys=True, default=repr),
        unit,
    )


def _probe(fast: dict[str, Any], shape: tuple[int, ...], dtype: Any) -> bool:
    """Encode one unit with the internals and check that it decodes back.

    Args:
        fast: The internals (`_fast_path`).
        shape: The probe unit's shape: the write unit, or a smaller one where
            the codecs take any shape.
        dtype: The array's data type.

    Returns:
        Whether the in-thread encoder (if any) gives the pipeline's bytes.

    Raises:
        Exception: Whatever the internals raise, or `ValueError` when the
            round trip does not give the same pixels back.
    """
    spec = dataclasses.replace(fast["spec"], shape=shape)
    sample = np.zeros(shape, dtype=dtype)
    flat = sample.reshape(-1)
    flat[:: max(1, flat.size // 64)] = np.ones((), dtype=dtype)
    coords = (0,) * len(shape)
    prototype = fast["prototype"]
    if not isinstance(fast["metadata"].encode_chunk_key(coords), str):
        raise TypeError("encode_chunk_key does not return a key")
    sync = fast["sync"]
    (encoded,) = sync(
        fast["pipeline"].encode([(prototype.nd_buffer.from_ndarray_like(sample), spec)])
    )
    (decoded,) = sync(fast["pipeline"].decode([(encoded, spec)]))
    if decoded is None or not np.array_equal(decoded.as_numpy_array(), sample):
        raise ValueError("the codec pipeline does not round-trip a unit")
    encode_here = fast["encode_sync"]
    if encode_here is None:
        return True
    here = encode_here(prototype.nd_buffer.from_ndarray_like(sample), spec)
    # Not the pipeline's bytes: the pipeline encodes (through zarr's loop).
    return here is not None and here.to_bytes() == encoded.to_bytes()


async def _store_all(
    store_path: Any, keys: Sequence[str], encoded: Sequence[Any]
) -> None:
    """Set every encoded object of one box (skipped units are `None`)."""
    await asyncio.gather(
        *(
            (store_path / key).set(buffer)
            for key, buffer in zip(keys, encoded, strict=True)
            if buffer is not None
        )
    )


def _sync_encoder(pipeline: Any) -> Callable[[Any, Any], Any] | None:
    """Encode one unit in the calling thread with the pipeline's own codecs.

    zarr's `BatchedCodecPipeline.encode` is a coroutine: from a worker
    thread it costs a trip to zarr's event loop thread and, for every
    compressor, one more to the loop's executor, with the GIL taken at each
    hand-over. The same codec objects offer synchronous `_encode_sync`
    methods (zarr's `SupportsSyncCodec`; not yet in zarr 3.1.4, the floor);
    chaining them here, in the order and with the specs the pipeline uses,
    gives the same bytes (the probe checks it) with the encoding done by the
    worker that assembled the unit. zarr 3.1's v2 codec has no
    `_encode_sync`: its steps (native dtype and order, filters, compressor)
    are repeated here. `None` when a codec offers neither (zarr 3.1.4's v3
    codecs, sharding on zarr 3.1, zarrs): the pipeline encodes.
    """
    try:
        codecs = (
            *pipeline.array_array_codecs,
            pipeline.array_bytes_codec,
            *pipeline.bytes_bytes_codecs,
        )
    except AttributeError:
        return None
    steps: list[Callable[[Any, Any], Any]] = []
    for codec in codecs:
        if hasattr(codec, "_encode_sync"):
            steps.append(codec._encode_sync)
        elif type(codec).__name__ == "V2Codec" and hasattr(codec, "compressor"):
            steps.append(functools.partial(_encode_v2, codec))
        else:
            return None

    def encode(chunk: Any, spec: Any) -> Any:
        for codec, step in zip(codecs, steps, strict=True):
            chunk = step(chunk, spec)
            spec = codec.resolve_metadata(spec)
        return chunk

    return encode


def _encode_v2(codec: Any, chunk_array: Any, spec: Any) -> Any:
    """The steps of zarr 3.1's `V2Codec._encode_single`, without the event loop."""
    chunk = chunk_array.as_ndarray_like().astype(
        spec.dtype.to_native_dtype(), order=spec.order, copy=False
    )
    for step in codec.filters or ():
        chunk = step.encode(chunk)
    if codec.compressor:
        chunk = codec.compressor.encode(chunk)
    return spec.prototype.buffer.from_bytes(ensure_bytes(chunk))


def _all_equal(part: np.ndarray, fill: Any) -> bool:
    """Whether every element equals the fill value (zarr skips such units)."""
    if fill == 0 and part.dtype.kind in "uib":
        # A sparse sample first: a unit holding data almost always shows it
        # there, which spares the full scan (a cast to bool of every element).
        flat = part.reshape(-1)
        return not flat[::4093].any() and not flat.any()
    if fill == 0 and part.dtype.kind == "f":
        # Bit pattern, as zarr does: -0.0 is data, not fill.
        return not part.view(f"u{part.dtype.itemsize}").any()
    return bool(np.array_equal(part, np.full((), fill, dtype=part.dtype)))
