import sys

import dask
import pytest
import zarr
from pydantic import TypeAdapter, ValidationError

from _api_lines import ON_0_10, per_line
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsError,
    ConvertersToolsMissingDependencyError,
    ConvertersToolsUnknownKeyWarning,
)
from ome_zarr_converters_tools.models import (
    ConverterOptions,
    DaskScheduler,
    DefaultScheduler,
    ProcessScheduler,
    RuntimeSettings,
    SynchronousScheduler,
    TempJsonOptions,
    ThreadScheduler,
)


def test_scheduler_configs():
    assert ThreadScheduler().get_config() == {"scheduler": "threads", "num_workers": 8}
    assert ProcessScheduler(num_workers=2).get_config() == {
        "scheduler": "processes",
        "num_workers": 2,
    }
    assert SynchronousScheduler().get_config() == {"scheduler": "synchronous"}
    assert DefaultScheduler().get_config() == {}


@pytest.mark.parametrize(
    ("data", "cls"),
    [
        ({"type": "Threads"}, ThreadScheduler),
        ({"mode": "Threads", "num_workers": 3}, ThreadScheduler),
        ({"type": "Processes"}, ProcessScheduler),
        ({"mode": "Processes"}, ProcessScheduler),
        ({"type": "Synchronous"}, SynchronousScheduler),
        ({"mode": "Default"}, DefaultScheduler),
        ({"type": "Default", "mode": "Default"}, DefaultScheduler),
    ],
)
def test_scheduler_union_accepts_type_and_mode(data, cls):
    scheduler = TypeAdapter(DaskScheduler).validate_python(data)
    assert isinstance(scheduler, cls)
    # Dumped under the line's discriminator only: 0.10 `type`, 1.1.1 `mode`.
    shown, other = per_line(v0_10=("type", "mode"), v1=("mode", "type"))
    assert shown in scheduler.model_dump()
    assert other not in scheduler.model_dump()
    assert scheduler.mode == scheduler.type


def test_scheduler_model_accepts_mode_keyword():
    assert ThreadScheduler(mode="Threads", num_workers=2).num_workers == 2


@pytest.mark.parametrize(
    "data",
    [
        {"type": "Threads", "mode": "Processes"},
        {"type": "Threads", "num_workers": 0},
        {"type": "Cluster"},
        {"type": "Synchronous", "num_workers": 2},
        {},
    ],
)
def test_scheduler_errors(data):
    with pytest.raises(ValidationError):
        TypeAdapter(DaskScheduler).validate_python(data)


def test_temp_json_defaults():
    options = TempJsonOptions()
    assert options.model_dump() == {
        "temp_url": "{zarr_dir}/_tmp_json",
        "serialization": "Auto",
        "max_in_memory_bytes": 10485760,
    }


@pytest.mark.parametrize(
    ("zarr_dir", "expected"),
    [
        ("/data/out", "/data/out/_tmp_json"),
        ("/data/out/", "/data/out/_tmp_json"),
        ("s3://bucket/out", "s3://bucket/out/_tmp_json"),
    ],
)
def test_format_temp_url(zarr_dir, expected):
    assert TempJsonOptions().format_temp_url(zarr_dir) == expected


def test_format_custom_temp_url():
    options = TempJsonOptions(temp_url="/scratch//{zarr_dir}/tmp")
    assert options.format_temp_url("run1") == "/scratch/run1/tmp"


def test_use_in_memory():
    auto = TempJsonOptions(max_in_memory_bytes=100)
    assert auto.use_in_memory(100) is True
    assert auto.use_in_memory(101) is False
    assert TempJsonOptions(serialization="Memory").use_in_memory(10**12) is True
    assert TempJsonOptions(serialization="JSON").use_in_memory(0) is False


@pytest.mark.parametrize(
    "data",
    [{"serialization": "Disk"}, {"max_in_memory_bytes": 0}],
)
def test_temp_json_errors(data):
    with pytest.raises(ValidationError):
        TempJsonOptions.model_validate(data)


def test_temp_json_unknown_key_is_ignored_with_a_warning():
    if not ON_0_10:  # 1.1.1 refuses unknown keys everywhere
        with pytest.raises(ValidationError, match="temp_ulr"):
            TempJsonOptions.model_validate({"temp_ulr": "/x"})
        return
    # 0.10 ignores unknown keys of TempJsonOptions; stored workflows keep working.
    with pytest.warns(ConvertersToolsUnknownKeyWarning, match="'temp_ulr'.*'temp_url'"):
        options = TempJsonOptions.model_validate({"temp_ulr": "/x"})
    assert options == TempJsonOptions()


def test_runtime_settings_defaults():
    settings = RuntimeSettings()
    assert settings.use_zarrs_codec is False
    assert isinstance(settings.dask_scheduler, DefaultScheduler)
    assert settings.temp_json_options == TempJsonOptions()
    shown = per_line(v0_10="type", v1="mode")
    assert settings.model_dump()["dask_scheduler"] == {shown: "Default"}


def test_runtime_settings_accept_1x_scheduler_spelling():
    settings = RuntimeSettings.model_validate(
        {"dask_scheduler": {"mode": "Threads", "num_workers": 2}}
    )
    assert settings.dask_scheduler == ThreadScheduler(num_workers=2)
    again = RuntimeSettings.model_validate_json(settings.model_dump_json())
    assert again == settings


def test_apply_scopes_the_dask_scheduler():
    before = dask.config.get("scheduler", None)
    settings = RuntimeSettings(dask_scheduler=SynchronousScheduler())
    with settings.apply():
        assert dask.config.get("scheduler") == "synchronous"
    assert dask.config.get("scheduler", None) == before


def test_apply_threads_sets_workers():
    with RuntimeSettings(dask_scheduler=ThreadScheduler(num_workers=3)).apply():
        assert dask.config.get("scheduler") == "threads"
        assert dask.config.get("num_workers") == 3


def test_default_settings_change_nothing():
    codec_before = zarr.config.get("codec_pipeline.path")
    with dask.config.set(scheduler="threads"), RuntimeSettings().apply():
        assert dask.config.get("scheduler") == "threads"
        assert zarr.config.get("codec_pipeline.path") == codec_before


def _hide_zarrs(monkeypatch):
    """Make `zarrs` unimportable, whether or not this venv has it installed."""
    # A None entry in sys.modules is how the import system spells "not
    # importable": `import zarrs` raises ImportError, find_spec returns None.
    monkeypatch.setitem(sys.modules, "zarrs", None)
    with pytest.raises(ImportError):
        import zarrs  # noqa: F401


def test_zarrs_missing_fails_when_the_settings_are_validated(monkeypatch):
    _hide_zarrs(monkeypatch)
    with pytest.raises(ImportError, match="zarrs") as info:
        RuntimeSettings(use_zarrs_codec=True)
    assert isinstance(info.value, ConvertersToolsError)
    assert isinstance(info.value, ConvertersToolsMissingDependencyError)
    assert "use_zarrs_codec=False" in str(info.value)  # says how to fix it


def test_zarrs_missing_fails_when_task_arguments_are_read(monkeypatch):
    # The compute task reads its options from a dict: it must fail there, before
    # anything is written, and not as a pydantic ValidationError.
    _hide_zarrs(monkeypatch)
    with pytest.raises(ConvertersToolsMissingDependencyError):
        ConverterOptions.model_validate({"runtime_settings": {"use_zarrs_codec": True}})
    assert RuntimeSettings(use_zarrs_codec=False).use_zarrs_codec is False


def test_zarrs_missing_still_fails_on_apply_without_validation(monkeypatch):
    _hide_zarrs(monkeypatch)
    settings = RuntimeSettings.model_construct(use_zarrs_codec=True)
    with pytest.raises(ConvertersToolsMissingDependencyError), settings.apply():
        pass


def test_zarrs_present_sets_codec_pipeline(monkeypatch):
    monkeypatch.setattr(
        "ome_zarr_converters_tools.models.runtime.find_spec", lambda name: object()
    )
    before = zarr.config.get("codec_pipeline.path")
    with RuntimeSettings(use_zarrs_codec=True).apply():
        assert zarr.config.get("codec_pipeline.path") == "zarrs.ZarrsCodecPipeline"
    assert zarr.config.get("codec_pipeline.path") == before


def test_runtime_settings_forbid_extras():
    with pytest.raises(ValidationError):
        RuntimeSettings(scheduler="threads")
