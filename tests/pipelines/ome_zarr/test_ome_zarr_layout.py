"""Chunk and shard shapes, channel metadata and layout checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from _zarr_factories import acquisition, make_image

from ome_zarr_converters_tools.core.acquisition import ChannelInfo
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.models.storage import (
    ChunkMultipleSharding,
    FixedSizeChunking,
    FovBasedChunking,
    OmeZarrOptions,
    Scalings,
)
from ome_zarr_converters_tools.pipelines.ome_zarr.layout import (
    build_channels_meta,
    check_layout,
    compute_chunk_shape,
    compute_shard_shape,
    zarr_format_for,
)


def test_zarr_format_for_versions() -> None:
    assert zarr_format_for("0.4") == 2
    assert zarr_format_for("0.5") == 3
    with pytest.raises(ConvertersToolsUserError, match=r"'0\.6'"):
        zarr_format_for("0.6")


def test_chunks_follow_the_first_fov_not_the_largest(tiles_dir: Path) -> None:
    image = make_image(
        tiles_dir, fovs=[("small", 0.0, 0.0)], tile_yx=(6, 10), n_z=3
    ).model_copy()
    big = make_image(tiles_dir, fovs=[("big", 40.0, 0.0)], tile_yx=(30, 50), n_z=3)
    image = image.model_copy(update={"regions": image.regions + big.regions})

    chunks = compute_chunk_shape(
        image, omezarr_options=OmeZarrOptions(), shape=(1, 3, 30, 200)
    )

    assert chunks == (1, 3, 6, 10)


@pytest.mark.parametrize(
    ("chunking", "expected"),
    [
        (FovBasedChunking(), (1, 2, 16, 20)),
        (FovBasedChunking(xy_scaling=Scalings.QUARTER, z_chunk=1), (1, 1, 4, 5)),
        (FovBasedChunking(xy_scaling=Scalings.QUADRUPLE), (1, 2, 32, 40)),
        (FixedSizeChunking(xy_chunk=7, c_chunk=3), (1, 2, 7, 7)),
    ],
)
def test_chunks_are_clipped_to_the_shape(
    tiles_dir: Path, chunking: object, expected: tuple[int, ...]
) -> None:
    image = make_image(tiles_dir)
    options = OmeZarrOptions(chunks=chunking)

    assert compute_chunk_shape(
        image, omezarr_options=options, shape=(1, 2, 32, 40)
    ) == (expected)


def test_shards_are_whole_multiples_that_cover_the_axis() -> None:
    options = OmeZarrOptions(
        ngff_version="0.5", shards=ChunkMultipleSharding(xy_factor=4, z_factor=2)
    )

    shards = compute_shard_shape(
        (1, 3, 16, 20),
        axes=["c", "z", "y", "x"],
        omezarr_options=options,
        shape=(1, 10, 50, 200),
    )

    assert shards == (1, 6, 64, 80)
    assert (
        compute_shard_shape(
            (1, 3, 16, 20),
            axes=["c", "z", "y", "x"],
            omezarr_options=OmeZarrOptions(),
            shape=(1, 10, 50, 200),
        )
        is None
    )


def test_channels_meta_from_channel_info(tiles_dir: Path) -> None:
    image = make_image(
        tiles_dir,
        n_c=2,
        acquisition_details=acquisition(
            channels=[
                ChannelInfo(channel_label="DAPI", wavelength_id="405"),
                ChannelInfo(channel_label="GFP", color="#0F0"),
            ]
        ),
    )

    channels = build_channels_meta(image, shape=(2, 2, 16, 20))

    assert [c.label for c in channels] == ["DAPI", "GFP"]
    assert [c.wavelength_id for c in channels] == ["405", "GFP"]
    assert [c.channel_visualisation.color for c in channels] == ["0000FF", "00FF00"]
    assert {c.channel_visualisation.max for c in channels} == {65535}


def test_default_channels_follow_the_c_axis(tiles_dir: Path) -> None:
    image = make_image(
        tiles_dir,
        n_c=2,
        acquisition_details=acquisition(channels=None, data_type="uint8"),
    )

    channels = build_channels_meta(image, shape=(2, 2, 16, 20))

    assert [c.label for c in channels] == ["channel_0", "channel_1"]
    assert {c.channel_visualisation.max for c in channels} == {255}


def test_check_layout_names_image_and_expected_channels(tiles_dir: Path) -> None:
    image = make_image(tiles_dir)
    two = image.model_copy(
        update={
            "channels": [
                ChannelInfo(channel_label="A"),
                ChannelInfo(channel_label="B"),
            ]
        }
    )

    with pytest.raises(ConvertersToolsUserError, match="2 channel") as info:
        check_layout(
            two, omezarr_options=OmeZarrOptions(), shape=(1, 2, 32, 40), shards=None
        )

    assert "'img.zarr'" in str(info.value)


def test_check_layout_rejects_non_numeric_dtype(tiles_dir: Path) -> None:
    image = make_image(tiles_dir).model_copy(update={"data_type": "not-a-dtype"})

    with pytest.raises(ConvertersToolsUserError, match="not-a-dtype"):
        check_layout(
            image, omezarr_options=OmeZarrOptions(), shape=(1, 2, 32, 40), shards=None
        )
