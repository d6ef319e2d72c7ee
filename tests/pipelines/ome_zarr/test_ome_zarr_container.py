"""write_tiled_image_as_zarr: layout, metadata, tables and overwrite modes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zarr
from _zarr_factories import make_image, register
from ngio import open_ome_zarr_container
from ome_zarr_models.v04.image import ImageAttrs as ImageAttrs04
from ome_zarr_models.v05.image import ImageAttrs as ImageAttrs05

from _api_lines import per_line
from ome_zarr_converters_tools.core.acquisition import ChannelInfo
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsOutputExistsError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.modes import OverwriteMode, WriterMode
from ome_zarr_converters_tools.models.storage import (
    ChunkMultipleSharding,
    FixedSizeChunking,
    FovBasedChunking,
    NamedLevels,
    OmeZarrOptions,
    Scalings,
)
from ome_zarr_converters_tools.pipelines.ome_zarr import container as container_module
from ome_zarr_converters_tools.pipelines.ome_zarr import write_tiled_image_as_zarr

AnyImage = TiledImage[Any, Any]


def _options(**omezarr: Any) -> ConverterOptions:
    """Options of the tests; CSV ROI tables unless a test is about the backend.

    anndata writes cost ~0.4 s per table, the CSV backend a few milliseconds.
    """
    omezarr.setdefault("table_backend", "csv")
    return ConverterOptions(omezarr_options=OmeZarrOptions(**omezarr))


def _write(url: Path, image: AnyImage, **kwargs: Any) -> Any:
    kwargs.setdefault("converter_options", _options())
    return write_tiled_image_as_zarr(
        zarr_url=str(url),
        tiled_image=image,
        resource=str(url.parent / "tiles"),
        **kwargs,
    )


def _expected_level0(tiles_dir: Path) -> np.ndarray:
    """The mosaic assembled by hand: FOV_1 at (0, 0), FOV_2 at x=20, FOV_3 at y=16."""
    out = np.zeros((1, 2, 32, 40), dtype="uint16")
    for name, (y, x) in {"FOV_1": (0, 0), "FOV_2": (0, 20), "FOV_3": (16, 0)}.items():
        out[..., y : y + 16, x : x + 20] = np.load(tiles_dir / f"img.zarr_{name}_0.npy")
    return out


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_ngff04_layout_pixels_and_metadata(
    tmp_path: Path, tiles_dir: Path, mosaic: AnyImage
) -> None:
    url = tmp_path / "img.zarr"
    container = _write(url, mosaic)

    group = zarr.open_group(str(url), mode="r")
    # Image.from_zarr trips over a pydantic-zarr class clash once ngio is
    # imported; the attribute models validate the same OME metadata.
    ImageAttrs04.model_validate(dict(group.attrs))
    assert (url / ".zgroup").exists()
    level0 = group["0"]
    assert level0.shape == (1, 2, 32, 40)
    assert level0.chunks == (1, 2, 16, 20)  # first FOV xy, z chunk 10 clipped to 2
    assert level0.dtype == np.dtype("uint16")
    np.testing.assert_array_equal(level0[...], _expected_level0(tiles_dir))
    zarray = json.loads((url / "0" / ".zarray").read_text())
    assert zarray["dimension_separator"] == "/"
    assert zarray["compressor"]["cname"] == "lz4"
    # the empty grid cell is never written
    assert not (url / "0" / "0" / "0" / "1" / "1").exists()
    assert container.level_paths == ["0", "1", "2", "3", "4"]
    assert [group[p].shape[-2:] for p in container.level_paths] == [
        (32, 40),
        (16, 20),
        (8, 10),
        (4, 5),
        (2, 2),
    ]

    attrs = dict(group.attrs)
    datasets = attrs["multiscales"][0]["datasets"]
    assert datasets[1]["coordinateTransformations"] == [
        {"type": "scale", "scale": [1.0, 2.0, 1.0, 1.0]}
    ]
    assert "translation" not in json.dumps(datasets)
    (channel,) = attrs["omero"]["channels"]
    lowest = group["4"][...]
    start, end = np.percentile(lowest[lowest > 0], [0.1, 99.9], method="nearest")
    assert channel == {
        "color": "0000FF",
        "window": {"min": 0.0, "max": 65535.0, "start": start, "end": end},
        "label": "DAPI",
        "wavelength_id": "405",
        "active": True,
    }


def test_ngff05_is_zarr_v3_and_validates(tmp_path: Path, mosaic: AnyImage) -> None:
    url = tmp_path / "img.zarr"
    _write(url, mosaic, converter_options=_options(ngff_version="0.5"))

    group = zarr.open_group(str(url), mode="r")
    ImageAttrs05.model_validate(dict(group.attrs)["ome"])
    meta = json.loads((url / "0" / "zarr.json").read_text())
    assert meta["chunk_grid"]["configuration"]["chunk_shape"] == [1, 2, 16, 20]
    assert meta["dimension_names"] == ["c", "z", "y", "x"]
    assert meta["chunk_key_encoding"]["configuration"]["separator"] == "/"
    assert dict(group.attrs)["ome"]["version"] == "0.5"
    assert not (url / ".zgroup").exists()


def test_tables_of_a_mosaic(tmp_path: Path, mosaic: AnyImage) -> None:
    url = tmp_path / "img.zarr"
    container = _write(url, mosaic, converter_options=ConverterOptions())

    assert container.list_tables() == ["FOV_ROI_table", "well_ROI_table"]
    fov = container.get_table("FOV_ROI_table").dataframe
    assert list(fov.index) == ["FOV_1", "FOV_2", "FOV_3"]
    assert list(fov.columns) == [
        "x_micrometer",
        "y_micrometer",
        "z_micrometer",
        "len_x_micrometer",
        "len_y_micrometer",
        "len_z_micrometer",
        "z_micrometer_original",
        "y_micrometer_original",
        "x_micrometer_original",
    ]
    assert fov.loc["FOV_2"].tolist() == [10.0, 0.0, 0.0, 10.0, 8.0, 4.0, 0.0, 0.0, 10.0]
    assert fov.loc["FOV_3"].tolist() == [0.0, 8.0, 0.0, 10.0, 8.0, 4.0, 0.0, 8.0, 0.0]
    well = container.get_table("well_ROI_table").dataframe
    assert list(well.index) == ["image"]
    assert well.loc["image"].tolist() == [0.0, 0.0, 0.0, 20.0, 16.0, 4.0]
    zattrs = json.loads((url / "tables" / "FOV_ROI_table" / ".zattrs").read_text())
    # The default backend of the line: 0.10 AnnData, 1.1.1 CSV.
    assert zattrs["backend"] == per_line(v0_10="anndata", v1="csv")
    assert zattrs["type"] == "roi_table"


def test_original_positions_keep_the_stage_position(
    tmp_path: Path, tiles_dir: Path
) -> None:
    """Snapping moves FOVs; the *_original columns keep where the stage was."""
    image = register(make_image(tiles_dir, fovs=[("A", 3.0, 2.0), ("B", 12.5, 2.0)]))
    container = _write(tmp_path / "img.zarr", image)

    fov = container.get_table("FOV_ROI_table").dataframe
    assert fov.loc["B", "x_micrometer"] == 10.0  # snapped next to A
    assert fov.loc["B", "x_micrometer_original"] == 12.5
    assert fov.loc["A", "y_micrometer_original"] == 2.0


def test_single_fov_has_no_fov_table_and_condition_table_is_csv(
    tmp_path: Path, tiles_dir: Path
) -> None:
    image = register(
        make_image(
            tiles_dir,
            fovs=[("FOV_1", 0.0, 0.0)],
            attributes={"drug": ["DMSO", None], "dose": [1, 2]},
        )
    )
    url = tmp_path / "img.zarr"
    container = _write(url, image)

    assert container.list_tables() == ["well_ROI_table", "condition_table"]
    csv = (url / "tables" / "condition_table" / "table.csv").read_text()
    assert csv == '"drug","dose"\n"DMSO",1\n,2\n'
    zattrs = json.loads((url / "tables" / "condition_table" / ".zattrs").read_text())
    assert zattrs == {"backend": "csv", "table_version": "1", "type": "condition_table"}


@pytest.mark.parametrize("backend", ["csv", "json", "parquet"])
def test_roi_table_backends(tmp_path: Path, mosaic: AnyImage, backend: str) -> None:
    url = tmp_path / "img.zarr"
    _write(url, mosaic, converter_options=_options(table_backend=backend))

    reopened = open_ome_zarr_container(str(url))
    assert reopened.get_table("FOV_ROI_table").dataframe.shape == (3, 9)
    zattrs = json.loads((url / "tables" / "well_ROI_table" / ".zattrs").read_text())
    assert zattrs["backend"] == backend


def test_chunking_options(tmp_path: Path, mosaic: AnyImage) -> None:
    half = _options(chunks=FovBasedChunking(xy_scaling=Scalings.HALF, z_chunk=1))
    fixed = _options(chunks=FixedSizeChunking(xy_chunk=12, c_chunk=4))

    _write(tmp_path / "half.zarr", mosaic, converter_options=half)
    _write(tmp_path / "fixed.zarr", mosaic, converter_options=fixed)

    assert zarr.open_array(str(tmp_path / "half.zarr" / "0")).chunks == (1, 1, 8, 10)
    assert zarr.open_array(str(tmp_path / "fixed.zarr" / "0")).chunks == (1, 2, 12, 12)


def test_sharding_with_ngff05(
    tmp_path: Path, tiles_dir: Path, mosaic: AnyImage
) -> None:
    options = _options(ngff_version="0.5", shards=ChunkMultipleSharding(xy_factor=4))
    url = tmp_path / "img.zarr"
    _write(url, mosaic, converter_options=options)

    array = zarr.open_array(str(url / "0"))
    assert array.chunks == (1, 2, 16, 20)
    assert array.shards == (1, 2, 32, 40)  # 4 chunks per axis cut to the 2 that exist
    np.testing.assert_array_equal(array[...], _expected_level0(tiles_dir))


def test_named_levels(tmp_path: Path, mosaic: AnyImage) -> None:
    options = _options(levels=NamedLevels(level_names=["s0", "s1"]))
    container = _write(tmp_path / "img.zarr", mosaic, converter_options=options)

    assert container.level_paths == ["s0", "s1"]
    assert sorted(p.name for p in (tmp_path / "img.zarr").iterdir()) == [
        ".conversion-finished.json",
        ".zattrs",
        ".zgroup",
        "s0",
        "s1",
        "tables",
    ]


def test_uint8_window_uses_the_dtype_range(tmp_path: Path, tiles_dir: Path) -> None:
    image = register(make_image(tiles_dir, dtype="uint8"))
    url = tmp_path / "img.zarr"
    _write(url, image)

    (channel,) = dict(zarr.open_group(str(url)).attrs)["omero"]["channels"]
    assert (channel["window"]["min"], channel["window"]["max"]) == (0.0, 255.0)
    assert zarr.open_array(str(url / "0")).dtype == np.dtype("uint8")


def test_default_channels_without_channel_info(tmp_path: Path, tiles_dir: Path) -> None:
    from _zarr_factories import acquisition

    image = register(
        make_image(tiles_dir, n_c=3, acquisition_details=acquisition(channels=None))
    )
    url = tmp_path / "img.zarr"
    _write(url, image)

    channels = dict(zarr.open_group(str(url)).attrs)["omero"]["channels"]
    assert [c["label"] for c in channels] == ["channel_0", "channel_1", "channel_2"]
    assert [c["wavelength_id"] for c in channels] == [c["label"] for c in channels]
    assert [c["color"] for c in channels] == ["00FFFF", "FF00FF", "FFFF00"]


def test_short_hex_colour_is_expanded(tmp_path: Path, mosaic: AnyImage) -> None:
    image = mosaic.model_copy(
        update={"channels": [ChannelInfo(channel_label="GFP", color="#0f0")]}
    )
    url = tmp_path / "img.zarr"
    _write(url, image)

    (channel,) = dict(zarr.open_group(str(url)).attrs)["omero"]["channels"]
    assert channel["color"] == "00ff00"
    assert channel["wavelength_id"] == "GFP"


def test_translation_is_written_for_per_fov_images(
    tmp_path: Path, mosaic: AnyImage
) -> None:
    image = mosaic.model_copy(update={"translation": [0.0, 0.0, 4.0, 10.0]})
    url = tmp_path / "img.zarr"
    _write(url, image)

    dataset = dict(zarr.open_group(str(url)).attrs)["multiscales"][0]["datasets"][0]
    assert dataset["coordinateTransformations"][1] == {
        "type": "translation",
        "translation": [0.0, 0.0, 4.0, 10.0],
    }


def test_input_image_is_not_mutated(tmp_path: Path, mosaic: AnyImage) -> None:
    before = mosaic.model_dump_json()
    _write(tmp_path / "img.zarr", mosaic)
    assert mosaic.model_dump_json() == before


def test_writer_mode_defaults_to_the_options(
    tmp_path: Path, mosaic: AnyImage, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []
    real = container_module.write_pixels

    def spy(*args: Any, writer_mode: Any, **kwargs: Any) -> None:
        seen.append(writer_mode)
        real(*args, writer_mode=writer_mode, **kwargs)

    monkeypatch.setattr(container_module, "write_pixels", spy)
    options = ConverterOptions(
        writer_mode=WriterMode.BY_TILE, omezarr_options={"table_backend": "csv"}
    )
    _write(tmp_path / "a.zarr", mosaic, converter_options=options)
    _write(tmp_path / "b.zarr", mosaic, writer_mode=WriterMode.IN_MEMORY)

    assert seen == [WriterMode.BY_TILE, WriterMode.IN_MEMORY]


# ---- overwrite modes -----------------------------------------------------------


def test_no_overwrite_refuses_an_existing_image(
    tmp_path: Path, mosaic: AnyImage
) -> None:
    url = tmp_path / "img.zarr"
    _write(url, mosaic)
    before = _tree_digest(url)

    with pytest.raises(ConvertersToolsOutputExistsError) as info:
        _write(url, mosaic, overwrite_mode=OverwriteMode.NO_OVERWRITE)

    assert str(url) in str(info.value)
    assert "Overwrite" in str(info.value)
    assert isinstance(info.value, FileExistsError)
    assert _tree_digest(url) == before


def test_overwrite_replaces_the_image(
    tmp_path: Path, tiles_dir: Path, mosaic: AnyImage
) -> None:
    url = tmp_path / "img.zarr"
    _write(url, mosaic)
    other = register(make_image(tiles_dir, seed=7))

    _write(
        url,
        other,
        overwrite_mode="Overwrite",
        converter_options=_options(ngff_version="0.5"),
    )

    assert not (url / ".zgroup").exists()  # the v2 image is gone, not merged
    expected = register(make_image(tiles_dir, seed=7)).load_data(str(tiles_dir))
    np.testing.assert_array_equal(zarr.open_array(str(url / "0"))[...], expected)


def test_extend_keeps_an_existing_image_untouched(
    tmp_path: Path, tiles_dir: Path, mosaic: AnyImage
) -> None:
    url = tmp_path / "img.zarr"
    _write(url, mosaic)
    before = _tree_digest(url)
    other = register(make_image(tiles_dir, seed=3, dtype="uint8"))

    container = _write(url, other, overwrite_mode=OverwriteMode.EXTEND)

    assert _tree_digest(url) == before
    assert container.get_image().dtype == "uint16"


def test_extend_writes_a_missing_image(tmp_path: Path, mosaic: AnyImage) -> None:
    url = tmp_path / "img.zarr"
    container = _write(url, mosaic, overwrite_mode=OverwriteMode.EXTEND)
    assert container.list_tables() == ["FOV_ROI_table", "well_ROI_table"]


def test_extend_refuses_a_corrupt_image(tmp_path: Path, mosaic: AnyImage) -> None:
    url = tmp_path / "img.zarr"
    url.mkdir()
    (url / ".zattrs").write_text("{not json")

    with pytest.raises(ConvertersToolsUserError, match="cannot be opened"):
        _write(url, mosaic, overwrite_mode=OverwriteMode.EXTEND)

    assert (url / ".zattrs").read_text() == "{not json"


# ---- user errors before anything is written ------------------------------------


def test_channels_without_c_axis_fail_before_writing(
    tmp_path: Path, tiles_dir: Path
) -> None:
    from _zarr_factories import acquisition

    image = register(
        make_image(tiles_dir, acquisition_details=acquisition(axes=["z", "y", "x"]))
    )
    url = tmp_path / "img.zarr"

    with pytest.raises(ConvertersToolsUserError, match="no 'c' axis") as info:
        _write(url, image)

    assert "img.zarr" in str(info.value)
    assert "DAPI" in str(info.value)
    assert not url.exists()


def test_sharding_with_ngff04_fails_before_writing(
    tmp_path: Path, mosaic: AnyImage
) -> None:
    options = _options(ngff_version="0.5", shards=ChunkMultipleSharding())
    options = options.model_copy(
        update={
            "omezarr_options": options.omezarr_options.model_copy(
                update={"ngff_version": "0.4"}
            )
        }
    )
    url = tmp_path / "img.zarr"

    with pytest.raises(ConvertersToolsUserError, match="sharding"):
        _write(url, mosaic, converter_options=options)

    assert not url.exists()


def test_unequal_attribute_lists_fail_before_writing(
    tmp_path: Path, mosaic: AnyImage
) -> None:
    image = mosaic.model_copy(update={"attributes": {"a": [1, 2], "b": ["x"]}})
    url = tmp_path / "img.zarr"

    with pytest.raises(ConvertersToolsUserError, match="different lengths"):
        _write(url, image)

    assert not url.exists()


def test_image_format_must_match_its_plate(tmp_path: Path, mosaic: AnyImage) -> None:
    well = tmp_path / "P.zarr" / "A" / "01"
    zarr.open_group(str(well), mode="w", zarr_format=2)

    with pytest.raises(ConvertersToolsUserError, match="zarr v2 group"):
        _write(well / "0", mosaic, converter_options=_options(ngff_version="0.5"))

    assert not (well / "0").exists()


def test_relative_url_is_a_user_error(mosaic: AnyImage) -> None:
    with pytest.raises(ConvertersToolsUserError, match="relative"):
        write_tiled_image_as_zarr(
            zarr_url="relative/img.zarr",
            tiled_image=mosaic,
            converter_options=ConverterOptions(),
        )


def test_home_relative_url_is_expanded(
    tmp_path: Path, mosaic: AnyImage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)

    write_tiled_image_as_zarr(
        zarr_url="~/home.zarr",
        tiled_image=mosaic,
        converter_options=_options(),
        resource=str(tmp_path / "tiles"),
    )

    assert (tmp_path / "home.zarr" / "0").is_dir()
    assert not (tmp_path / "~").exists()


def test_2d_image_without_channel_axis(tmp_path: Path, tiles_dir: Path) -> None:
    from _zarr_factories import acquisition

    image = register(
        make_image(
            tiles_dir,
            acquisition_details=acquisition(axes=["y", "x"], channels=None),
        )
    )
    url = tmp_path / "img.zarr"
    _write(url, image)

    assert zarr.open_array(str(url / "0")).chunks == (16, 20)
    (channel,) = dict(zarr.open_group(str(url)).attrs)["omero"]["channels"]
    assert channel["label"] == "channel_0"
    np.testing.assert_array_equal(
        zarr.open_array(str(url / "0"))[16:, :20],
        np.load(tiles_dir / "img.zarr_FOV_3_0.npy"),
    )
