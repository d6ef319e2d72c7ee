"""Plain TIFF planes read without tifffile: one uncompressed grey page in one piece.

Microscopes write each plane as a classic TIFF holding one uncompressed
grey-level page whose strips follow each other in the file. For such a file
`tifffile.TiffFile` parses every tag in Python (about 0.5 ms per file, under
the GIL, before a pixel is read), which caps how many tiles the writer
threads of one process can decode per second. Here the one IFD is parsed
with `struct` and the pixels land in a NumPy array through one `readinto`,
which releases the GIL.

Only files whose pixels tifffile would return unchanged qualify: classic
little-endian TIFF (on a little-endian machine), exactly one page, no
compression, predictor or tiling, one sample per pixel, min-is-black,
contiguous strips, a known integer or float sample type, and no description
tifffile interprets (an ImageJ, OME or MetaMorph description can turn one
page into a series of another shape) beyond tifffile's own `{"shape": [h, w]}`
of that very page. Every other file, and any file this parser does not
understand, goes to tifffile (`plain_tiff_layout` returns `None`).
"""

from __future__ import annotations

import json
import struct
import sys
from typing import IO, NamedTuple

import numpy as np

__all__ = ["PlainTiff", "plain_tiff_layout", "read_plain_tiff"]

_TYPES = {1: ("B", 1), 2: ("s", 1), 3: ("H", 2), 4: ("I", 4), 5: ("II", 8)}
"""TIFF field type -> struct code and size (BYTE, ASCII, SHORT, LONG, RATIONAL)."""

_ALLOWED_TAGS = frozenset(
    {
        254,  # NewSubfileType (must be 0: a full-resolution image)
        256,  # ImageWidth
        257,  # ImageLength
        258,  # BitsPerSample
        259,  # Compression (must be 1: none)
        262,  # PhotometricInterpretation (must be 1: min-is-black)
        270,  # ImageDescription (see module docstring)
        273,  # StripOffsets
        277,  # SamplesPerPixel (must be 1)
        278,  # RowsPerStrip
        279,  # StripByteCounts
        282,  # XResolution
        283,  # YResolution
        284,  # PlanarConfiguration (must be 1)
        296,  # ResolutionUnit
        305,  # Software
        306,  # DateTime
        339,  # SampleFormat
    }
)
"""Tags whose presence cannot change what tifffile returns for one page."""

_DTYPES = {
    (1, 8): "u1",
    (1, 16): "u2",
    (1, 32): "u4",
    (2, 8): "i1",
    (2, 16): "i2",
    (2, 32): "i4",
    (3, 32): "f4",
    (3, 64): "f8",
}
"""(SampleFormat, BitsPerSample) -> little-endian NumPy type code."""


class PlainTiff(NamedTuple):
    """Where the pixels of a plain TIFF plane are and what they are.

    Attributes:
        shape: `(height, width)`.
        dtype: NumPy dtype of the pixels (native byte order).
        offset: Byte offset of the first pixel; the rest follow contiguously.
    """

    shape: tuple[int, int]
    dtype: np.dtype
    offset: int


def plain_tiff_layout(path: str) -> PlainTiff | None:
    """Parse the single IFD of a plain TIFF plane, or say it is not one.

    Args:
        path: A local file path.

    Returns:
        The layout, or `None` when tifffile must read the file (any feature
        outside the plain subset, or anything unexpected).
    """
    if sys.byteorder != "little":
        return None
    try:
        with open(path, "rb") as handle:
            return _parse(handle)
    except (OSError, struct.error, ValueError, KeyError, UnicodeDecodeError):
        return None


def read_plain_tiff(path: str, layout: PlainTiff) -> np.ndarray | None:
    """Read the pixels of a plain TIFF plane.

    Args:
        path: The file `layout` was parsed from.
        layout: Its layout (`plain_tiff_layout`).

    Returns:
        The pixels, or `None` when the file holds fewer bytes than its header
        states (tifffile then reports it the way it always does).
    """
    out = np.empty(layout.shape, dtype=layout.dtype)
    view = out.data.cast("B")
    with open(path, "rb", buffering=0) as handle:
        handle.seek(layout.offset)
        filled = 0
        while filled < len(view):
            count = handle.readinto(view[filled:])
            if not count:
                return None
            filled += count
    return out


def _parse(handle: IO[bytes]) -> PlainTiff | None:
    """The body of `plain_tiff_layout` on an open file."""
    if handle.read(4) != b"II*\x00":
        return None  # big-endian, BigTIFF or not a TIFF
    (ifd,) = struct.unpack("<I", handle.read(4))
    handle.seek(ifd)
    (count,) = struct.unpack("<H", handle.read(2))
    entries = handle.read(12 * count + 4)
    if len(entries) != 12 * count + 4:
        return None
    if struct.unpack_from("<I", entries, 12 * count)[0] != 0:
        return None  # more than one page
    tags: dict[int, tuple[int | float | str, ...]] = {}
    for number in range(count):
        tag, kind, n = struct.unpack_from("<HHI", entries, 12 * number)
        if tag not in _ALLOWED_TAGS or kind not in _TYPES:
            return None
        tags[tag] = _values(
            handle, entries[12 * number + 8 : 12 * number + 12], kind, n
        )
    return _layout(tags)


def _values(
    handle: IO[bytes], field: bytes, kind: int, n: int
) -> tuple[int | float | str, ...]:
    """Decode one tag's values, inline or at the offset the entry gives."""
    code, size = _TYPES[kind]
    if size * n <= 4:
        raw = field[: size * n]
    else:
        handle.seek(struct.unpack("<I", field)[0])
        raw = handle.read(size * n)
        if len(raw) != size * n:
            raise ValueError("truncated tag")
    if kind == 2:
        return (raw.rstrip(b"\0").decode("utf-8"),)
    # RATIONALs stay numerator, denominator pairs: only their presence matters
    # here, and a zero denominator (seen in the wild) must not fail a read.
    return struct.unpack(f"<{code * n}", raw)


def _layout(tags: dict[int, tuple[int | float | str, ...]]) -> PlainTiff | None:
    """Check the tags against the plain subset and build the layout."""

    def one(tag: int, default: int | None = None) -> int | None:
        values = tags.get(tag)
        if values is None:
            return default
        if len(values) != 1 or not isinstance(values[0], int):
            raise ValueError(f"tag {tag}")
        return values[0]

    width, height = one(256), one(257)
    bits = tags.get(258, (1,))
    if width is None or height is None or width < 1 or height < 1:
        return None
    if len(bits) != 1 or one(277, 1) != 1 or one(284, 1) != 1:
        return None
    if one(259, 1) != 1 or one(262) != 1 or one(254, 0) != 0:
        return None
    code = _DTYPES.get((one(339, 1), bits[0]))  # type: ignore[arg-type]
    if code is None:
        return None
    if 270 in tags:
        (text,) = tags[270]
        try:
            shaped = json.loads(str(text))
        except ValueError:
            return None
        if shaped != {"shape": [height, width]}:
            return None
    dtype = np.dtype("<" + code)
    offsets, counts = tags.get(273), tags.get(279)
    if not offsets or not counts or len(offsets) != len(counts):
        return None
    position = offsets[0]
    for offset, size in zip(offsets, counts, strict=True):
        if offset != position:
            return None  # strips not one after the other
        position += size  # type: ignore[operator]
    if position - offsets[0] != height * width * dtype.itemsize:  # type: ignore[operator]
        return None
    return PlainTiff((height, width), dtype.newbyteorder("="), int(offsets[0]))
