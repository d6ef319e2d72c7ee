"""Init-to-compute hand-off (fractal/handoff.py)."""

from __future__ import annotations

import json
import threading
import time

import pytest
from _fractal_factories import make_tiles, read_hand_off_file

from ome_zarr_converters_tools.core.collection import ImageInPlate
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsFileNotFoundError,
    ConvertersToolsUnsupportedUrlError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.core.urls import filesystem_for_url
from ome_zarr_converters_tools.fractal import (
    MultiprocessingRunner,
    cleanup_if_exists,
    dump_json_str,
    dump_to_json,
    remove_json,
    tiled_image_from_json,
    tiled_image_from_json_str,
)
from ome_zarr_converters_tools.fractal.handoff import (
    NUM_RETRIES_ENV_VAR,
    build_handoff_sources,
    num_retries_from_env,
    parse_tiled_image,
    release_handoff_file,
)
from ome_zarr_converters_tools.models.runtime import TempJsonOptions


class TaggedLoader(DefaultImageLoader):
    """A converter-specific loader with an extra field."""

    series: int = 0


def test_inline_round_trip_is_exact(tiled_images):
    image = tiled_images[0]
    parsed = tiled_image_from_json_str(
        image.model_dump_json(), ImageInPlate, DefaultImageLoader
    )
    assert parsed == image
    assert parsed.model_dump_json() == image.model_dump_json()
    assert isinstance(parsed.collection, ImageInPlate)


def test_concrete_types_keep_converter_fields():
    from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles

    tiles = [
        t.model_copy(update={"image_loader": TaggedLoader(file_path="x.png", series=7)})
        for t in make_tiles(fovs=1)
    ]
    image = tiled_image_from_tiles(tiles=tiles)[0]
    parsed = parse_tiled_image(
        image.model_dump_json(),
        collection_type=ImageInPlate,
        image_loader_type=TaggedLoader,
    )
    loader = parsed.regions[0].image_loader
    assert isinstance(loader, TaggedLoader)
    assert loader.series == 7


def test_parse_rejects_non_class_types(tiled_images):
    with pytest.raises(ConvertersToolsUserError, match="collection_type"):
        parse_tiled_image(
            tiled_images[0].model_dump_json(),
            collection_type="ImageInPlate",
            image_loader_type=DefaultImageLoader,
        )


def test_file_round_trip_and_cleanup(tmp_path, tiled_images):
    folder = str(tmp_path / "_tmp_json")
    url = dump_to_json(folder, tiled_images[0])
    assert url.startswith(folder)
    assert url.endswith(".json")
    # plain JSON, readable by anything
    assert json.loads((tmp_path / "_tmp_json" / url.rsplit("/", 1)[1]).read_text())
    parsed = tiled_image_from_json(url, ImageInPlate, DefaultImageLoader)
    assert parsed == tiled_images[0]
    remove_json(url)
    assert not (tmp_path / "_tmp_json").exists()


def test_remove_json_keeps_folder_with_other_files(tmp_path):
    folder = str(tmp_path / "tmp")
    first = dump_json_str(folder, "{}")
    dump_json_str(folder, "{}")
    remove_json(first)
    assert len(list((tmp_path / "tmp").iterdir())) == 1


def test_remove_json_ignores_a_file_that_is_already_gone(tmp_path, caplog):
    caplog.set_level("INFO")
    remove_json(str(tmp_path / "missing.json"))
    assert "missing.json" in caplog.text
    assert tmp_path.exists()  # nothing deleted, so the (empty) parent stays


UNSUPPORTED_URL_CALLS = {
    "filesystem_for_url": lambda: filesystem_for_url("gcs://bucket/x"),
    "dump_to_json": lambda: dump_to_json("gcs://bucket/tmp", _any_image()),
    "dump_json_str": lambda: dump_json_str("gcs://bucket/tmp", "{}"),
    "tiled_image_from_json": lambda: tiled_image_from_json(
        "gcs://bucket/tmp/x.json", ImageInPlate, DefaultImageLoader, num_retries=1
    ),
    "cleanup_if_exists": lambda: cleanup_if_exists("gcs://bucket/tmp"),
    "remove_json": lambda: remove_json("gcs://bucket/tmp/x.json"),
}


def _any_image():
    from _fractal_factories import make_tiled_images

    return make_tiled_images()[0]


@pytest.mark.parametrize("call", UNSUPPORTED_URL_CALLS, ids=str)
def test_unsupported_scheme_is_a_not_implemented_library_error(call):
    # 0.10 callers catch NotImplementedError; the library's own classes still
    # apply (and the message names the URL and what is supported).
    with pytest.raises(NotImplementedError, match="gcs") as info:
        UNSUPPORTED_URL_CALLS[call]()
    assert isinstance(info.value, ConvertersToolsUnsupportedUrlError)
    assert isinstance(info.value, ConvertersToolsUserError)
    assert "s3://" in str(info.value)


def test_dump_json_str_creates_unique_files(tmp_path):
    folder = str(tmp_path / "a" / "b")
    urls = {dump_json_str(folder, '{"k": 1}') for _ in range(5)}
    assert len(urls) == 5
    for url in urls:
        with open(url) as fh:
            assert fh.read() == '{"k": 1}'


def test_missing_file_raises_naming_the_file(tmp_path):
    url = str(tmp_path / "never.json")
    start = time.perf_counter()
    with pytest.raises(ConvertersToolsFileNotFoundError, match=r"never\.json") as info:
        tiled_image_from_json(
            url, ImageInPlate, DefaultImageLoader, num_retries=3, retry_delay=0.01
        )
    assert time.perf_counter() - start < 2
    assert "3 attempt" in str(info.value)
    assert isinstance(info.value, FileNotFoundError)


def test_late_file_is_waited_for(tmp_path, tiled_images, caplog):
    target = tmp_path / "late.json"
    payload = tiled_images[0].model_dump_json()

    def write_later():
        time.sleep(0.25)
        target.write_text(payload)

    writer = threading.Thread(target=write_later)
    writer.start()
    try:
        parsed = tiled_image_from_json(
            str(target),
            ImageInPlate,
            DefaultImageLoader,
            num_retries=6,
            retry_delay=0.05,
        )
    finally:
        writer.join()
    assert parsed == tiled_images[0]
    assert "late.json" in caplog.text  # the wait is logged


def test_retries_from_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(NUM_RETRIES_ENV_VAR, raising=False)
    assert num_retries_from_env() == 5
    monkeypatch.setenv(NUM_RETRIES_ENV_VAR, "2")
    assert num_retries_from_env() == 2
    with pytest.raises(ConvertersToolsFileNotFoundError, match="2 attempt"):
        tiled_image_from_json(
            str(tmp_path / "x.json"), ImageInPlate, DefaultImageLoader, retry_delay=0
        )


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_bad_retry_setting_is_a_user_error(monkeypatch, value):
    monkeypatch.setenv(NUM_RETRIES_ENV_VAR, value)
    with pytest.raises(ConvertersToolsUserError, match=NUM_RETRIES_ENV_VAR):
        num_retries_from_env()


def test_bad_retry_argument_is_a_user_error(tmp_path):
    with pytest.raises(ConvertersToolsUserError, match="num_retries"):
        tiled_image_from_json(
            str(tmp_path / "x.json"), ImageInPlate, DefaultImageLoader, num_retries=0
        )


def test_cleanup_removes_the_folder_it_is_given(tmp_path):
    # 0.10 behaviour of the public function: the folder itself goes, not only
    # its JSON files. The library only ever gives it its own run folder.
    folder = tmp_path / "_tmp_json"
    folder.mkdir()
    (folder / "old.json").write_text("{}")
    (folder / "notes.txt").write_text("x")
    (tmp_path / "sibling.json").write_text("{}")
    cleanup_if_exists(str(folder))
    assert not folder.exists()
    assert (tmp_path / "sibling.json").exists()
    cleanup_if_exists(str(tmp_path / "does-not-exist"))  # no-op


def test_cleanup_refuses_a_file(tmp_path):
    target = tmp_path / "_tmp_json"
    target.write_text("x")
    with pytest.raises(ConvertersToolsUserError, match="is a file"):
        cleanup_if_exists(str(target))


def _sources(tiled_images, tmp_path, **options):
    return build_handoff_sources(
        [image.model_dump_json() for image in tiled_images],
        zarr_dir=str(tmp_path),
        temp_json_options=TempJsonOptions(**options),
    )


def test_memory_mode_is_inline(tmp_path, tiled_images):
    sources = _sources(tiled_images, tmp_path, serialization="Memory")
    assert [list(s) for s in sources] == [["tiled_image_json_str"]] * 2
    assert sources[0]["tiled_image_json_str"] == tiled_images[0].model_dump_json()
    assert not (tmp_path / "_tmp_json").exists()


def test_json_mode_writes_files_in_a_run_folder_below_temp_url(tmp_path, tiled_images):
    earlier = tmp_path / "_tmp_json" / "stale.json"
    earlier.parent.mkdir()
    earlier.write_text("{}")
    sources = _sources(tiled_images, tmp_path, serialization="JSON")
    urls = [s["tiled_image_json_dump_url"] for s in sources]
    run_folders = {u.rsplit("/", 1)[0] for u in urls}
    assert len(run_folders) == 1  # one folder per run, below temp_url
    (run_folder,) = run_folders
    assert run_folder.startswith(str(tmp_path / "_tmp_json") + "/run-")
    assert not run_folder.endswith("-new-parent")  # temp_url existed before
    assert earlier.read_text() == "{}"  # what was there is not touched
    for url, image in zip(urls, tiled_images, strict=True):
        assert tiled_image_from_json(url, ImageInPlate, DefaultImageLoader) == image


def test_each_run_gets_its_own_folder(tmp_path, tiled_images):
    first = _sources(tiled_images, tmp_path, serialization="JSON")
    second = _sources(tiled_images, tmp_path, serialization="JSON")
    first_folder = first[0]["tiled_image_json_dump_url"].rsplit("/", 1)[0]
    second_folder = second[0]["tiled_image_json_dump_url"].rsplit("/", 1)[0]
    assert first_folder != second_folder
    # the second init did not delete the hand-off of the first
    for source in first:
        url = source["tiled_image_json_dump_url"]
        assert tiled_image_from_json(url, ImageInPlate, DefaultImageLoader)


def test_releasing_the_last_file_removes_the_run_folder_only(tmp_path, tiled_images):
    temp = tmp_path / "scratch"
    temp.mkdir()
    (temp / "user.json").write_text("{}")
    sources = _sources(tiled_images, tmp_path, serialization="JSON", temp_url=str(temp))
    urls = [s["tiled_image_json_dump_url"] for s in sources]
    run_folder = tmp_path / "scratch" / urls[0].rsplit("/", 2)[1]
    release_handoff_file(urls[0])
    assert run_folder.is_dir()  # the other job still needs its file
    release_handoff_file(urls[1])
    assert not run_folder.exists()
    assert sorted(p.name for p in temp.iterdir()) == ["user.json"]


def test_a_temp_url_created_by_the_run_goes_with_it(tmp_path, tiled_images):
    sources = _sources(tiled_images, tmp_path, serialization="JSON")
    urls = [s["tiled_image_json_dump_url"] for s in sources]
    assert urls[0].rsplit("/", 1)[0].endswith("-new-parent")
    for url in urls:
        release_handoff_file(url)
    assert not (tmp_path / "_tmp_json").exists()


def test_a_created_temp_url_that_got_other_files_is_kept(tmp_path, tiled_images):
    sources = _sources(tiled_images[:1], tmp_path, serialization="JSON")
    (tmp_path / "_tmp_json" / "later.txt").write_text("user")
    release_handoff_file(sources[0]["tiled_image_json_dump_url"])
    assert (tmp_path / "_tmp_json" / "later.txt").read_text() == "user"


def test_release_keeps_files_the_library_did_not_write_there(tmp_path, caplog):
    caplog.set_level("INFO")
    mine = tmp_path / "plate.json"
    mine.write_text("{}")
    release_handoff_file(str(mine))
    written_by_hand = dump_json_str(str(tmp_path / "data"), "{}")
    release_handoff_file(written_by_hand)  # a uuid name, but no run folder
    assert mine.exists()
    assert (tmp_path / "data").is_dir()
    assert "plate.json" in caplog.text


def test_temp_url_that_is_a_file_is_refused_before_writing(tmp_path, tiled_images):
    (tmp_path / "_tmp_json").write_text("not a folder")
    with pytest.raises(ConvertersToolsUserError, match="is a file"):
        _sources(tiled_images, tmp_path, serialization="JSON")
    assert (tmp_path / "_tmp_json").read_text() == "not a folder"


def test_a_failed_write_leaves_no_run_folder(tmp_path, tiled_images, monkeypatch):
    from ome_zarr_converters_tools.fractal import handoff

    calls = []

    def failing_dump(url, json_str):
        calls.append(url)
        if len(calls) == 2:
            raise OSError("disk full")
        return dump_json_str(url, json_str)

    monkeypatch.setattr(handoff, "dump_json_str", failing_dump)
    temp = tmp_path / "scratch"
    temp.mkdir()
    (temp / "keep.txt").write_text("x")
    with pytest.raises(OSError, match="disk full"):
        _sources(tiled_images, tmp_path, serialization="JSON", temp_url=str(temp))
    assert sorted(p.name for p in temp.iterdir()) == ["keep.txt"]
    calls.clear()
    with pytest.raises(OSError, match="disk full"):
        _sources(tiled_images, tmp_path, serialization="JSON")
    assert not (tmp_path / "_tmp_json").exists()


def test_custom_temp_url(tmp_path, tiled_images):
    sources = _sources(
        tiled_images[:1],
        tmp_path,
        serialization="JSON",
        temp_url=str(tmp_path / "elsewhere" / "{zarr_dir}".replace("{zarr_dir}", "x")),
    )
    assert sources[0]["tiled_image_json_dump_url"].startswith(
        str(tmp_path / "elsewhere" / "x")
    )


def test_auto_mode_switches_on_total_size(tmp_path, tiled_images):
    total = sum(len(i.model_dump_json().encode()) for i in tiled_images)
    inline = _sources(
        tiled_images, tmp_path, serialization="Auto", max_in_memory_bytes=total
    )
    assert "tiled_image_json_str" in inline[0]
    to_files = _sources(
        tiled_images, tmp_path, serialization="Auto", max_in_memory_bytes=total - 1
    )
    assert "tiled_image_json_dump_url" in to_files[0]


def test_file_hand_off_works_across_processes(tmp_path, tiled_images):
    # The worker is another process (started by the forkserver): it reads the
    # file this process wrote, as a compute job on another node would.
    url = dump_to_json(str(tmp_path / "tmp"), tiled_images[0])
    (dumped,) = MultiprocessingRunner(num_processes=1).map(read_hand_off_file, [url])
    assert dumped == tiled_images[0].model_dump_json()
