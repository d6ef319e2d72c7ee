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
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
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


def test_remove_json_never_raises(tmp_path, caplog):
    remove_json(str(tmp_path / "missing.json"))
    assert "missing.json" in caplog.text


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


def test_cleanup_removes_only_stale_json(tmp_path):
    folder = tmp_path / "_tmp_json"
    folder.mkdir()
    (folder / "old.json").write_text("{}")
    (folder / "notes.txt").write_text("keep")
    cleanup_if_exists(str(folder))
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    cleanup_if_exists(str(tmp_path / "does-not-exist"))


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


def test_json_mode_writes_files_under_temp_url(tmp_path, tiled_images):
    stale = tmp_path / "_tmp_json" / "stale.json"
    stale.parent.mkdir()
    stale.write_text("{}")
    sources = _sources(tiled_images, tmp_path, serialization="JSON")
    urls = [s["tiled_image_json_dump_url"] for s in sources]
    assert all(u.startswith(str(tmp_path / "_tmp_json") + "/") for u in urls)
    assert not stale.exists()
    for url, image in zip(urls, tiled_images, strict=True):
        assert tiled_image_from_json(url, ImageInPlate, DefaultImageLoader) == image


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
