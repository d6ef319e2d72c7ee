"""Write a small Leica LIF file, for the fractal-lif-converters contract test.

No LIF writer is published, so the test writes the file itself, in the LIF
container layout (version 2) that liffile reads:

- a header block: `<IIBI` = 0x70, block size, 0x2A, XML length in characters,
  then the XML metadata in UTF-16-LE;
- one memory block per image: `<IIBQBI` = 0x70, block size, 0x2A, data size,
  0x2A, id length in characters, then the id in UTF-16-LE and the raw pixels.

The XML holds one root `Element` whose `Children` are the images; each image
has `Data/Image/ImageDescription` with one `ChannelDescription` per channel
(16-bit unsigned, channel planes one after the other) and X/Y
`DimensionDescription`s (lengths in metres, so the pixel size is
length / (n - 1)), and a `Memory` element naming its memory block.
"""

from __future__ import annotations

import struct
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np

_BLOCK = 0x70
_MARK = 0x2A


def write_lif(
    path: Path,
    images: dict[str, np.ndarray],
    pixel_size_um: float,
    root_name: str = "Experiment",
) -> None:
    """Write `images` (name -> uint16 array of shape (C, Y, X)) to a LIF file."""
    elements = []
    blocks: list[tuple[str, bytes]] = [("MemBlock_root", b"")]
    for index, (name, data) in enumerate(images.items()):
        n_c, n_y, n_x = data.shape
        block_id = f"MemBlock_{index + 1}"
        raw = np.ascontiguousarray(data, dtype="<u2").tobytes()
        blocks.append((block_id, raw))
        plane = n_y * n_x * 2
        channels = "".join(
            '<ChannelDescription DataType="0" ChannelTag="0" Resolution="16" '
            'NameOfMeasuredQuantity="" Min="0" Max="65535" Unit="" '
            f'LUTName="Gray" IsLUTInverted="0" BytesInc="{c * plane}" BitInc="0"/>'
            for c in range(n_c)
        )
        dimensions = "".join(
            f'<DimensionDescription DimID="{dim_id}" NumberOfElements="{n}" '
            f'Origin="0" Length="{pixel_size_um * 1e-6 * (n - 1)!r}" Unit="m" '
            f'BytesInc="{stride}" BitInc="0"/>'
            for dim_id, n, stride in ((1, n_x, 2), (2, n_y, 2 * n_x))
        )
        elements.append(
            f"<Element Name={quoteattr(name)}><Data><Image><ImageDescription>"
            f"<Channels>{channels}</Channels>"
            f"<Dimensions>{dimensions}</Dimensions>"
            "</ImageDescription></Image></Data>"
            f'<Memory Size="{len(raw)}" MemoryBlockID="{block_id}"/>'
            "<Children/></Element>"
        )
    xml = (
        '<LMSDataContainerHeader Version="2">'
        f"<Element Name={quoteattr(root_name)}><Data/>"
        '<Memory Size="0" MemoryBlockID="MemBlock_root"/>'
        f"<Children>{''.join(elements)}</Children>"
        "</Element></LMSDataContainerHeader>"
    )
    text = xml.encode("utf-16-le")
    with open(path, "wb") as handle:
        handle.write(struct.pack("<IIBI", _BLOCK, len(text) + 5, _MARK, len(xml)))
        handle.write(text)
        for block_id, raw in blocks:
            name = block_id.encode("utf-16-le")
            handle.write(
                struct.pack(
                    "<IIBQBI",
                    _BLOCK,
                    len(raw) + len(name) + 14,
                    _MARK,
                    len(raw),
                    _MARK,
                    len(block_id),
                )
            )
            handle.write(name)
            handle.write(raw)
