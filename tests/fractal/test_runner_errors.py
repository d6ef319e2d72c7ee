"""The same error type under every runner, and no process-wide state touched.

A compute job's exception reaches the caller with its own type whichever runner
ran it (sequential, threads, processes, dask.distributed): a user error stays
that user error, a foreign error (a library bug, a `KeyError`) keeps its class.
Only an exception that cannot be copied back from a worker process becomes a
`ConvertersToolsInternalError`, and it names the original type.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.forkserver
import sys
import threading
from collections.abc import Iterator
from typing import Any

import cloudpickle
import pytest

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsFileNotFoundError,
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.fractal.distributed import DaskDistributedRunner
from ome_zarr_converters_tools.fractal.runners import (
    MultiprocessingRunner,
    SequentialRunner,
    ThreadedRunner,
    exec_compound_task,
)

# Compute functions travel to dask workers by value (see test_distributed.py).
cloudpickle.register_pickle_by_value(sys.modules[__name__])

RUNNERS = ["Synchronous", "Threaded", "Multiprocessing", "Dask Distributed"]


@pytest.fixture(scope="module")
def dask_address() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def make_runner(request: pytest.FixtureRequest) -> Any:
    def make(mode: str) -> Any:
        if mode == "Synchronous":
            return SequentialRunner()
        if mode == "Threaded":
            return ThreadedRunner(num_threads=2)
        if mode == "Multiprocessing":
            return MultiprocessingRunner(num_processes=1)
        address = request.getfixturevalue("dask_address")
        return DaskDistributedRunner(scheduler_address=address, show_progress=False)

    return make


def _init(*, errors: list[Any]) -> dict[str, Any]:
    return {
        "parallelization_list": [
            {"zarr_url": f"/out/img{i}.zarr", "init_args": {"error": error}}
            for i, error in enumerate(errors)
        ]
    }


def _compute(*, zarr_url: str, init_args: dict[str, Any]) -> str:
    kind = init_args["error"]
    if kind is None:
        return zarr_url
    if kind == "user":
        raise ConvertersToolsUserError(f"bad option for {zarr_url}")
    if kind == "missing":
        raise ConvertersToolsFileNotFoundError(f"no tile for {zarr_url}")
    if kind == "internal":
        raise ConvertersToolsInternalError(f"invariant broke for {zarr_url}")
    if kind == "key":
        raise KeyError(f"column of {zarr_url}")
    if kind == "unpicklable":
        raise RuntimeError(threading.Lock())
    raise AssertionError(kind)


CASES = [
    ("user", ConvertersToolsUserError),
    ("missing", ConvertersToolsFileNotFoundError),
    ("internal", ConvertersToolsInternalError),
    ("key", KeyError),
]


@pytest.mark.parametrize("mode", RUNNERS)
@pytest.mark.parametrize(("kind", "expected"), CASES, ids=[c[0] for c in CASES])
def test_error_type_is_the_same_under_every_runner(
    make_runner: Any, mode: str, kind: str, expected: type[Exception]
) -> None:
    with pytest.raises(Exception) as info:
        exec_compound_task(
            _init,
            _compute,
            {"errors": [None, kind]},
            runner=make_runner(mode),
            progress=False,
        )
    assert type(info.value) is expected
    assert "/out/img1.zarr" in str(info.value)  # the message is the job's own
    notes = "\n".join(getattr(info.value, "__notes__", []))
    assert "/out/img1.zarr" in notes  # the runner names the failing job
    assert "2 of 2" in notes


@pytest.mark.parametrize("mode", RUNNERS)
def test_unpicklable_error_keeps_its_type_in_process_or_names_it(
    make_runner: Any, mode: str
) -> None:
    with pytest.raises(Exception) as info:
        exec_compound_task(
            _init,
            _compute,
            {"errors": ["unpicklable"]},
            runner=make_runner(mode),
            progress=False,
        )
    if mode in ("Synchronous", "Threaded"):  # nothing to copy
        assert type(info.value) is RuntimeError
    else:
        assert type(info.value) is ConvertersToolsInternalError
        assert "RuntimeError" in str(info.value)
        assert "cannot be copied back" in str(info.value)


def test_processes_leave_the_hosts_forkserver_preload_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no forkserver on this platform")
    server = multiprocessing.forkserver._forkserver
    monkeypatch.setattr(server, "_preload_modules", ["json", "__main__"])
    runner = MultiprocessingRunner(num_processes=1)
    assert runner.map(abs, [-1, -2], progress=False) == [1, 2]
    assert server._preload_modules == ["json", "__main__"]
