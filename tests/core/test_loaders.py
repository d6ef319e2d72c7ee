import io
import pickle
from pathlib import Path

import numpy as np
import pytest
import tifffile
from PIL import Image

from ome_zarr_converters_tools.core import loaders as loaders_module
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsFileNotFoundError,
    ConvertersToolsUnknownKeyWarning,
    ConvertersToolsUserError,
    ConvertersToolsWarning,
)
from ome_zarr_converters_tools.models import (
    DefaultImageLoader,
    ImageLoaderInterface,
)


@pytest.fixture
def plane():
    return (np.arange(6 * 8, dtype=np.uint16).reshape(6, 8) * 100).astype(np.uint16)


@pytest.mark.parametrize("suffix", ["tif", "tiff", "TIF", "stk"])
def test_tiff(tmp_path, plane, suffix):
    tifffile.imwrite(tmp_path / f"a.{suffix}", plane)
    loader = DefaultImageLoader(file_path=str(tmp_path / f"a.{suffix}"))
    np.testing.assert_array_equal(loader.load_data(), plane)
    assert loader.find_data_type() == "uint16"


@pytest.mark.parametrize("suffix", ["btf", "tf2", "tf8"])
def test_bigtiff_suffixes(tmp_path, plane, suffix):
    stack = np.stack([plane, plane + 1])
    tifffile.imwrite(tmp_path / f"big.{suffix}", stack, bigtiff=True)
    loader = DefaultImageLoader(file_path=f"big.{suffix}")
    np.testing.assert_array_equal(loader.load_data(resource=str(tmp_path)), stack)


def test_big_endian_tiff_dtype_matches_load(tmp_path, plane):
    tifffile.imwrite(tmp_path / "be.tif", plane, byteorder=">")
    loader = DefaultImageLoader(file_path=str(tmp_path / "be.tif"))
    assert loader.find_data_type() == str(loader.load_data().dtype)


@pytest.mark.parametrize(
    ("array", "name", "dtype"),
    [
        (np.arange(48, dtype=np.uint8).reshape(6, 8), "a.png", "uint8"),
        (np.arange(48, dtype=np.uint16).reshape(6, 8) * 1000, "b.png", "uint16"),
        (np.arange(48, dtype=np.uint8).reshape(6, 8), "c.bmp", "uint8"),
        (np.zeros((6, 8, 3), dtype=np.uint8), "d.png", "uint8"),
    ],
)
def test_pillow_formats(tmp_path, array, name, dtype):
    Image.fromarray(array).save(tmp_path / name)
    loader = DefaultImageLoader(file_path=name)
    data = loader.load_data(tmp_path)
    np.testing.assert_array_equal(data, array)
    assert loader.find_data_type(tmp_path) == dtype == str(data.dtype)


@pytest.mark.parametrize("name", ["a.jpg", "a.jpeg", "a.JPEG"])
def test_jpeg(tmp_path, name):
    array = np.full((6, 8), 128, dtype=np.uint8)
    Image.fromarray(array).save(tmp_path / name, format="JPEG", quality=100)
    loader = DefaultImageLoader(file_path=str(tmp_path / name))
    data = loader.load_data()
    assert data.shape == (6, 8)
    assert np.abs(data.astype(int) - 128).max() <= 2
    assert loader.find_data_type() == "uint8"


def test_pillow_mode_without_header_mapping_falls_back_to_decoding(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(loaders_module, "_PIL_MODE_DTYPES", {})
    Image.fromarray(np.zeros((4, 4), dtype=np.uint8)).save(tmp_path / "a.png")
    loader = DefaultImageLoader(file_path=str(tmp_path / "a.png"))
    assert loader.find_data_type() == "uint8"


@pytest.mark.parametrize("dtype", ["uint8", "uint16", "float32", ">u2"])
def test_npy(tmp_path, dtype):
    array = np.arange(24).reshape(2, 3, 4).astype(dtype)
    np.save(tmp_path / "a.npy", array)
    loader = DefaultImageLoader(file_path="a.npy")
    np.testing.assert_array_equal(loader.load_data(tmp_path), array)
    assert loader.find_data_type(tmp_path) == str(loader.load_data(tmp_path).dtype)


def test_npy_with_pickled_objects_is_refused(tmp_path):
    np.save(tmp_path / "o.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    loader = DefaultImageLoader(file_path=str(tmp_path / "o.npy"))
    with pytest.raises(ConvertersToolsUserError, match=r"o\.npy"):
        loader.load_data()


def test_find_data_type_reads_only_the_header(tmp_path, plane, monkeypatch):
    tifffile.imwrite(tmp_path / "a.tif", plane)
    Image.fromarray(plane.astype(np.uint8)).save(tmp_path / "a.png")
    np.save(tmp_path / "a.npy", plane)

    def boom(source):
        raise AssertionError("full decode")

    monkeypatch.setattr(loaders_module, "_read_tiff", boom)
    monkeypatch.setattr(loaders_module, "_read_pillow", boom)
    monkeypatch.setattr(loaders_module, "_read_npy", boom)
    for name, dtype in [("a.tif", "uint16"), ("a.png", "uint8"), ("a.npy", "uint16")]:
        loader = DefaultImageLoader(file_path=name)
        assert loader.find_data_type(str(tmp_path)) == dtype


def test_unknown_suffix_read_as_tiff_with_warning(tmp_path, plane):
    tifffile.imwrite(tmp_path / "a.ome.data", plane)
    loader = DefaultImageLoader(file_path=str(tmp_path / "a.ome.data"))
    with pytest.warns(ConvertersToolsWarning, match="'data'"):
        data = loader.load_data()
    np.testing.assert_array_equal(data, plane)


def test_unknown_suffix_not_tiff_is_a_user_error(tmp_path):
    path = tmp_path / "notes.xyz"
    path.write_text("not an image")
    loader = DefaultImageLoader(file_path=str(path))
    with (
        pytest.warns(ConvertersToolsWarning),
        pytest.raises(
            ConvertersToolsUserError, match="cannot handle file type"
        ) as info,
    ):
        loader.load_data()
    assert str(path) in str(info.value)
    assert "png" in str(info.value)  # lists the supported suffixes


def test_corrupt_known_suffix_names_the_file(tmp_path):
    path = tmp_path / "broken.tif"
    path.write_bytes(b"not a tiff at all")
    loader = DefaultImageLoader(file_path=str(path))
    with pytest.raises(ConvertersToolsUserError, match=r"broken\.tif") as info:
        loader.load_data()
    assert not isinstance(info.value, FileNotFoundError)


def test_missing_file_names_full_path(tmp_path):
    loader = DefaultImageLoader(file_path="sub/missing.tif")
    with pytest.raises(ConvertersToolsFileNotFoundError) as info:
        loader.load_data(resource=str(tmp_path))
    assert str(tmp_path / "sub" / "missing.tif") in str(info.value)
    assert isinstance(info.value, FileNotFoundError)
    with pytest.raises(ConvertersToolsFileNotFoundError):
        loader.find_data_type(resource=str(tmp_path))


def test_missing_file_with_unknown_suffix_is_not_found(tmp_path):
    loader = DefaultImageLoader(file_path=str(tmp_path / "missing.raw"))
    with (
        pytest.warns(ConvertersToolsWarning),
        pytest.raises(ConvertersToolsFileNotFoundError),
    ):
        loader.load_data()


def test_absolute_file_path_ignores_resource(tmp_path, plane):
    tifffile.imwrite(tmp_path / "a.tif", plane)
    loader = DefaultImageLoader(file_path=str(tmp_path / "a.tif"))
    assert loader.resolve_path("/some/other/base") == str(tmp_path / "a.tif")
    np.testing.assert_array_equal(loader.load_data("/some/other/base"), plane)


def test_relative_path_joined_onto_resource(tmp_path, plane):
    (tmp_path / "d").mkdir()
    tifffile.imwrite(tmp_path / "d" / "a.tif", plane)
    loader = DefaultImageLoader(file_path="d/./a.tif")
    assert loader.resolve_path(tmp_path) == f"{tmp_path}/d/a.tif"
    np.testing.assert_array_equal(loader.load_data(Path(tmp_path)), plane)
    assert loader.describe_source(tmp_path) == f"{tmp_path}/d/a.tif"


def test_relative_path_without_resource_is_a_user_error():
    loader = DefaultImageLoader(file_path="rel/a.tif")
    with pytest.raises(ConvertersToolsUserError, match=r"rel/a\.tif"):
        loader.load_data()


def test_non_path_resource_is_a_user_error():
    loader = DefaultImageLoader(file_path="a.tif")
    with pytest.raises(ConvertersToolsUserError, match="resource of type dict"):
        loader.load_data(resource={"base": "/x"})
    assert loader.describe_source({"base": "/x"}) == "a.tif"


def test_empty_resource_is_ignored(tmp_path, plane):
    tifffile.imwrite(tmp_path / "a.tif", plane)
    loader = DefaultImageLoader(file_path=str(tmp_path / "a.tif"))
    np.testing.assert_array_equal(loader.load_data(""), plane)


def test_preflight_warns_on_missing_file(tmp_path):
    loader = DefaultImageLoader(file_path="missing.png")
    with pytest.warns(ConvertersToolsWarning, match="does not exist"):
        loader.preflight(resource=str(tmp_path))


def test_preflight_warns_instead_of_raising():
    loader = DefaultImageLoader(file_path="relative.png")
    with pytest.warns(ConvertersToolsWarning, match="Could not check"):
        loader.preflight()


def test_preflight_silent_for_existing_file(tmp_path, plane, recwarn):
    tifffile.imwrite(tmp_path / "a.tif", plane)
    DefaultImageLoader(file_path="a.tif").preflight(resource=str(tmp_path))
    assert len(recwarn) == 0


def test_loader_is_small_and_picklable_and_json_round_trips():
    loader = DefaultImageLoader(file_path="/x/a.tif")
    assert pickle.loads(pickle.dumps(loader)) == loader
    assert DefaultImageLoader.model_validate_json(loader.model_dump_json()) == loader
    assert loader.model_dump() == {"file_path": "/x/a.tif"}


def test_s3_url_is_read_through_fsspec(monkeypatch, plane):
    buffer = io.BytesIO()
    tifffile.imwrite(buffer, plane)
    payload = buffer.getvalue()

    class FakeS3:
        def open(self, path, mode):
            if path != "s3://bucket/data/a.tif":
                raise FileNotFoundError(path)
            return io.BytesIO(payload)

    monkeypatch.setattr(
        loaders_module, "filesystem_for_url", lambda url, error_msg_prefix="": FakeS3()
    )
    loader = DefaultImageLoader(file_path="data/a.tif")
    np.testing.assert_array_equal(loader.load_data("s3://bucket"), plane)
    assert loader.find_data_type("s3://bucket") == "uint16"
    missing = DefaultImageLoader(file_path="data/b.tif")
    with pytest.raises(ConvertersToolsFileNotFoundError, match="s3://bucket/data/b"):
        missing.load_data("s3://bucket")


class _ArrayLoader(ImageLoaderInterface):
    value: int

    def load_data(self, resource=None):
        return np.full((2, 2), self.value, dtype=np.uint8)


def test_interface_is_abstract():
    with pytest.raises(TypeError):
        ImageLoaderInterface()


def test_custom_loader_defaults():
    with pytest.warns(ConvertersToolsUnknownKeyWarning, match="'other'.*'value'"):
        loader = _ArrayLoader(value=3, other="ignored")
    assert loader.find_data_type() == "uint8"
    assert loader.preflight() is None
    assert loader.describe_source() == repr(loader)


def test_describe_source_is_truncated():
    loader = _ArrayLoader(value=10**300)
    text = loader.describe_source()
    assert len(text) == 200
    assert text.endswith("...")
