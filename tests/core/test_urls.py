from pathlib import Path

import pytest

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.models import (
    UrlType,
    basename_url,
    filesystem_for_url,
    find_url_type,
    glob_url_paths,
    is_absolute_url,
    join_url_paths,
    local_url_to_path,
    parent_url,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("s3://bucket/key", UrlType.S3),
        ("/data/x", UrlType.LOCAL),
        ("~/data", UrlType.LOCAL),
        ("C:\\data\\x", UrlType.LOCAL),
        ("C:/data/x", UrlType.LOCAL),
        ("\\\\server\\share", UrlType.LOCAL),
        ("relative/path", UrlType.NOT_SUPPORTED),
        ("./x", UrlType.NOT_SUPPORTED),
        ("gs://bucket/x", UrlType.NOT_SUPPORTED),
        ("http://host/x", UrlType.NOT_SUPPORTED),
        ("", UrlType.NOT_SUPPORTED),
    ],
)
def test_find_url_type(url, expected):
    assert find_url_type(url) is expected


def test_url_type_values_are_fsspec_protocols():
    assert UrlType.LOCAL.value == "local"
    assert UrlType.S3.value == "s3"
    assert UrlType.NOT_SUPPORTED.value == "not_supported"


def test_local_url_to_path_expands_and_resolves(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    result = local_url_to_path("~/a/../b")
    assert result == (tmp_path / "b").resolve()
    assert not result.exists()  # no side effect


@pytest.mark.parametrize(
    ("base", "parts", "expected"),
    [
        ("/data", ("a", "b.png"), "/data/a/b.png"),
        ("/data/", ("./a//b", "../c"), "/data/a/c"),
        ("/data", ("sub\\f.png",), "/data/sub/f.png"),
        ("/data", ("/abs/f.png",), "/data/abs/f.png"),
        ("s3://bucket/root", ("a", "b"), "s3://bucket/root/a/b"),
        ("s3://bucket/root", ("..", "x"), "s3://bucket/x"),
        ("s3://bucket", (), "s3://bucket"),
        ("/data/x/", (), "/data/x"),
        ("A", ("01",), "A/01"),
    ],
)
def test_join_url_paths(base, parts, expected):
    assert join_url_paths(base, *parts) == expected


def test_join_url_paths_refuses_leaving_the_bucket():
    with pytest.raises(ConvertersToolsUserError, match="bucket 'bucket'"):
        join_url_paths("s3://bucket/root", "..", "..", "other")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/data/a/b.png", "/data/a"),
        ("/data/a/", "/data"),
        ("/data", "/"),
        ("s3://bucket/a/b", "s3://bucket/a"),
        ("s3://bucket/a", "s3://bucket"),
        ("C:\\data\\x", "C:/data"),
    ],
)
def test_parent_url(url, expected):
    assert parent_url(url) == expected


@pytest.mark.parametrize("url", ["/", "", "s3://bucket", "s3://bucket/", "name"])
def test_parent_url_of_root_is_an_error(url):
    with pytest.raises(ConvertersToolsUserError, match="no parent"):
        parent_url(url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/data/a/b.png", "b.png"),
        ("/data/folder/", "folder"),
        ("s3://bucket/k/obj.tif", "obj.tif"),
        ("C:\\x\\y.tif", "y.tif"),
        ("plain", "plain"),
    ],
)
def test_basename_url(url, expected):
    assert basename_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/x", True),
        ("~/x", True),
        ("s3://b/x", True),
        ("gs://b/x", True),
        ("C:/x", True),
        ("\\\\srv\\x", True),
        ("x/y", False),
        ("./x", False),
        ("", False),
    ],
)
def test_is_absolute_url(url, expected):
    assert is_absolute_url(url) is expected


def test_filesystem_for_local_url(tmp_path):
    fs = filesystem_for_url(str(tmp_path))
    assert "file" in fs.protocol or "local" in fs.protocol


@pytest.mark.parametrize("url", ["relative/x", "gs://bucket/x"])
def test_filesystem_for_unsupported_url(url):
    with pytest.raises(ConvertersToolsUserError, match="Writing the plate") as info:
        filesystem_for_url(url, error_msg_prefix="Writing the plate")
    assert url in str(info.value)
    assert "absolute" in str(info.value)


def test_filesystem_for_s3_without_s3fs_names_the_extra(monkeypatch):
    import fsspec

    def no_s3fs(protocol, **kwargs):
        raise ImportError("Install s3fs to access S3")

    monkeypatch.setattr(fsspec, "filesystem", no_s3fs)
    with pytest.raises(ConvertersToolsUserError, match=r"\[s3\]") as info:
        filesystem_for_url("s3://bucket/key")
    assert "s3://bucket/key" in str(info.value)


def test_filesystem_for_s3_real_environment():
    pytest.importorskip("s3fs")
    fs = filesystem_for_url("s3://bucket/key")
    assert "s3" in fs.protocol


def test_filesystem_for_s3_when_s3fs_is_absent():
    try:
        import s3fs  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("s3fs is installed")
    with pytest.raises(ConvertersToolsUserError, match="s3"):
        filesystem_for_url("s3://bucket/key")


def _make_files(root: Path) -> None:
    (root / "sub").mkdir()
    for name in ("a.png", "b.png", "c.tif", "sub/d.png"):
        (root / name).write_bytes(b"x")


def test_glob_url_paths_local(tmp_path):
    _make_files(tmp_path)
    found = glob_url_paths(base_url=str(tmp_path), pattern="*.png")
    assert sorted(Path(p).name for p in found) == ["a.png", "b.png"]
    assert all(Path(p).is_absolute() for p in found)
    nested = glob_url_paths(base_url=str(tmp_path), pattern="**/*.png")
    assert sorted(Path(p).name for p in nested) == ["a.png", "b.png", "d.png"]


def test_glob_url_paths_without_base(tmp_path):
    _make_files(tmp_path)
    found = glob_url_paths(base_url=None, pattern=f"{tmp_path}/c.*")
    assert [Path(p).name for p in found] == ["c.tif"]


def test_glob_literal_missing_pattern_is_empty(tmp_path):
    assert glob_url_paths(base_url=str(tmp_path), pattern="nothing.png") == []


def test_glob_relative_pattern_is_rejected():
    with pytest.raises(ConvertersToolsUserError, match="relative"):
        glob_url_paths(base_url=None, pattern="rel/*.png")


def test_glob_s3_reprefixes_protocol(monkeypatch):
    class FakeFs:
        def glob(self, pattern):
            assert pattern == "s3://bucket/data/*.tif"
            return ["bucket/data/a.tif", "bucket/data/b.tif"]

    monkeypatch.setattr(
        "ome_zarr_converters_tools.core.urls.filesystem_for_url",
        lambda url, error_msg_prefix="": FakeFs(),
    )
    assert glob_url_paths(base_url="s3://bucket/data", pattern="*.tif") == [
        "s3://bucket/data/a.tif",
        "s3://bucket/data/b.tif",
    ]
