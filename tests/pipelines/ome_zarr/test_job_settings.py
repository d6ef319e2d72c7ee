"""Runtime settings travel with the job: overlapping jobs cannot disturb each other.

Each conversion's scheduler and codec choice is the job's own
(`RuntimeSettings.job()`, a context variable), passed to `dask.compute` and
attached to the arrays the job writes. Process-wide dask and zarr configuration
is never touched, so jobs in threads (ThreadedRunner) and the caller keep theirs.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Any

import dask
import dask.threaded
import numpy as np
import pytest
import zarr
from _zarr_factories import make_image

from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.modes import WriterMode
from ome_zarr_converters_tools.models.runtime import (
    DefaultScheduler,
    RuntimeSettings,
    SynchronousScheduler,
    ThreadScheduler,
    job_dask_options,
    job_uses_zarrs_codec,
)
from ome_zarr_converters_tools.pipelines import creation
from ome_zarr_converters_tools.pipelines.registration import (
    build_default_registration_pipeline,
)
from ome_zarr_converters_tools.pipelines.writers import store

_ZARRS = "zarrs.ZarrsCodecPipeline"


def _convert(
    tmp_path: Path, tiles_dir: Path, name: str, settings: RuntimeSettings
) -> None:
    options = ConverterOptions(
        omezarr_options={"num_levels": 1, "table_backend": "csv"},
        runtime_settings=settings,
    )
    creation.tiled_image_creation_pipeline(
        zarr_url=str(tmp_path / f"{name}.zarr"),
        tiled_image=make_image(tiles_dir),
        registration_pipeline=build_default_registration_pipeline(
            options.stage_position_corrections, options.tiling_strategy
        ),
        converter_options=options,
        writer_mode=WriterMode.BY_TILE_DASK,
        resource=str(tiles_dir),
    )


def test_overlapping_jobs_in_threads_keep_their_own_settings(
    tmp_path: Path, tiles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("zarrs")
    barrier = threading.Barrier(2, timeout=60)
    seen: dict[str, dict[str, Any]] = {}
    real_compute = dask.compute
    real_setup = store.UnitWriter._setup

    def compute(*args: Any, **kwargs: Any) -> Any:
        name = threading.current_thread().name
        if name in ("slow", "fast"):
            # Both jobs are inside their conversion here, at the same time.
            barrier.wait()
            scheduler = kwargs.get("scheduler")
            pool = kwargs.get("pool")
            if isinstance(scheduler, functools.partial):
                # The writers hand dask its threaded scheduler bound to their pool.
                assert scheduler.func is dask.threaded.get
                scheduler, pool = "threads", scheduler.keywords["pool"]
            seen[name].update(
                compute_kwargs={
                    "scheduler": scheduler,
                    "threads": getattr(pool, "_max_workers", None),
                },
                job_options=job_dask_options(),
                global_scheduler=dask.config.get("scheduler", None),
                global_codec=zarr.config.get("codec_pipeline.path"),
            )
            barrier.wait()
        return real_compute(*args, **kwargs)

    def setup(self: store.UnitWriter, array: zarr.Array) -> None:
        name = threading.current_thread().name
        if name in seen:
            pipeline = type(array._async_array.codec_pipeline).__name__
            seen[name].setdefault("pipelines", set()).add(pipeline)
        real_setup(self, array)

    monkeypatch.setattr(dask, "compute", compute)
    monkeypatch.setattr(store.UnitWriter, "_setup", setup)
    jobs = {
        "slow": RuntimeSettings(
            dask_scheduler=ThreadScheduler(num_workers=3), use_zarrs_codec=True
        ),
        "fast": RuntimeSettings(dask_scheduler=SynchronousScheduler()),
    }
    errors: list[BaseException] = []

    def run(name: str) -> None:
        try:
            _convert(tmp_path, tiles_dir, name, jobs[name])
        except BaseException as exc:  # reported below, with the thread's name
            errors.append(exc)
            barrier.abort()

    codec_before = zarr.config.get("codec_pipeline.path")
    with dask.config.set(scheduler="threads", num_workers=1):
        seen.update(slow={}, fast={})
        threads = [threading.Thread(target=run, args=(n,), name=n) for n in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        caller_after = (
            dask.config.get("scheduler", None),
            dask.config.get("num_workers", None),
        )
    assert not errors, errors
    # Each job ran with its own scheduler, passed to dask explicitly ...
    # (thread runs use a pool of the job's size, see tree._compute_and_drain)
    assert seen["slow"]["compute_kwargs"] == {"scheduler": "threads", "threads": 3}
    assert seen["slow"]["job_options"] == {"scheduler": "threads", "num_workers": 3}
    assert seen["fast"]["compute_kwargs"] == {
        "scheduler": "synchronous",
        "threads": None,
    }
    assert seen["fast"]["job_options"] == {"scheduler": "synchronous"}
    # ... and its own codec pipeline, on its own arrays only.
    assert seen["slow"]["pipelines"] == {"ZarrsCodecPipeline"}
    assert seen["fast"]["pipelines"] == {"BatchedCodecPipeline"}
    # Nothing process-wide moved, during the overlap or after it.
    for name in jobs:
        assert seen[name]["global_scheduler"] == "threads"
        assert seen[name]["global_codec"] == codec_before
    assert caller_after == ("threads", 1)
    assert zarr.config.get("codec_pipeline.path") == codec_before
    # Both images are the same pixels, whatever the settings.
    np.testing.assert_array_equal(
        zarr.open_array(str(tmp_path / "slow.zarr" / "0"))[...],
        zarr.open_array(str(tmp_path / "fast.zarr" / "0"))[...],
    )


def test_job_settings_end_with_the_job_and_never_touch_the_globals() -> None:
    settings = RuntimeSettings(dask_scheduler=SynchronousScheduler())
    codec_before = zarr.config.get("codec_pipeline.path")
    with dask.config.set(scheduler="threads"):
        with settings.job():
            assert job_dask_options() == {"scheduler": "synchronous"}
            assert dask.config.get("scheduler") == "threads"
            assert zarr.config.get("codec_pipeline.path") == codec_before
        # Outside any job (and for DefaultScheduler) the caller's choice counts.
        assert job_dask_options()["scheduler"] == "threads"
        with RuntimeSettings(dask_scheduler=DefaultScheduler()).job():
            assert job_dask_options()["scheduler"] == "threads"
    assert not job_uses_zarrs_codec()


def test_job_settings_do_not_leak_into_other_threads() -> None:
    inside = threading.Event()
    done = threading.Event()
    other: list[dict[str, object]] = []

    def look() -> None:
        inside.wait(30)
        other.append(job_dask_options())
        done.set()

    thread = threading.Thread(target=look)
    thread.start()
    with RuntimeSettings(dask_scheduler=SynchronousScheduler()).job():
        inside.set()
        done.wait(30)
    thread.join(30)
    assert len(other) == 1
    assert other[0]["scheduler"] != "synchronous"


def test_attaching_zarrs_falls_back_to_the_configured_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    zarrs = pytest.importorskip("zarrs")
    array = zarr.create_array(
        str(tmp_path / "a.zarr"), shape=(4, 4), chunks=(2, 2), dtype="uint16"
    )

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise AttributeError("no such internal")

    monkeypatch.setattr(
        zarrs.ZarrsCodecPipeline, "from_array_metadata_and_store", broken
    )
    with RuntimeSettings(use_zarrs_codec=True).job(), caplog.at_level("WARNING"):
        same = store.with_job_codec(array)
    assert same is array
    assert "same bytes" in caplog.text
