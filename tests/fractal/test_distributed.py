"""Tests of DaskDistributedRunner on real dask.distributed clusters."""

from __future__ import annotations

import logging
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cloudpickle
import pytest
from pydantic import TypeAdapter, ValidationError

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsError,
    ConvertersToolsFileNotFoundError,
    ConvertersToolsInternalError,
    ConvertersToolsOutputExistsError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.fractal.distributed import DaskDistributedRunner

distributed = pytest.importorskip("distributed")

# ---------------------------------------------------------------- helpers
# The helpers below travel to the workers by value: importing this test module
# (and with it the whole library) in every worker process would cost seconds.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def slow_square(item: dict[str, Any]) -> int:
    """Later items finish first, so completion order != input order."""
    time.sleep(0.05 * (5 - item["i"]))
    return item["i"] ** 2


def fail_on_second(item: dict[str, Any]) -> str:
    if item["i"] == 1:
        missing = f"/nowhere/tile_{item['i']}.png"
        raise FileNotFoundError(f"Source file {missing} does not exist")
    return item["zarr_url"]


def fail_fast_or_wait(item: dict[str, Any]) -> str:
    """Item 0 fails at once; the others wait (up to 60 s) for a stop file."""
    if item["i"] == 0:
        raise ValueError("broken tile")
    stop = Path(item["stop_file"])
    deadline = time.monotonic() + 60
    while not stop.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return item["zarr_url"]


def raise_given(item: dict[str, Any]) -> None:
    raise item["error"]


def items(n: int) -> list[dict[str, Any]]:
    return [{"zarr_url": f"/out/P.zarr/A/0{i + 1}/0", "i": i} for i in range(n)]


@pytest.fixture(scope="module")
def scheduler_address() -> Iterator[str]:
    """One shared 2-process cluster for the tests that use an address."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster.scheduler_address


# ----------------------------------------------------------------- model


def test_defaults_and_wire_value() -> None:
    runner = DaskDistributedRunner()
    assert runner.mode == "Dask Distributed"
    assert runner.scheduler_address is None
    assert (runner.n_workers, runner.threads_per_worker) == (2, 1)
    assert runner.model_dump()["mode"] == "Dask Distributed"


@pytest.mark.parametrize(
    "bad", [{"n_workers": 0}, {"threads_per_worker": 0}, {"n_wokers": 2}]
)
def test_invalid_options_are_rejected(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        DaskDistributedRunner(**bad)


def test_runner_union_accepts_the_distributed_runner() -> None:
    from ome_zarr_converters_tools.fractal.runners import RunnerType

    runner = TypeAdapter(RunnerType).validate_python(
        {"mode": "Dask Distributed", "n_workers": 3}
    )
    assert isinstance(runner, DaskDistributedRunner)
    assert runner.n_workers == 3


def test_empty_items_need_no_cluster() -> None:
    assert (
        DaskDistributedRunner(scheduler_address="tcp://127.0.0.1:1").map(str, []) == []
    )


def test_missing_distributed_is_a_user_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ConvertersToolsUserError, match=r"\[distributed\]"):
        DaskDistributedRunner().map(str, [1])


def test_unreachable_scheduler_is_a_user_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    runner = DaskDistributedRunner(scheduler_address=address, connect_timeout=1)
    start = time.perf_counter()
    with pytest.raises(ConvertersToolsUserError, match=address):
        runner.map(str, [1])
    assert time.perf_counter() - start < 20


# ------------------------------------------------------------- mechanics


def test_results_keep_input_order(scheduler_address: str) -> None:
    runner = DaskDistributedRunner(scheduler_address=scheduler_address)
    assert runner.map(slow_square, items(5)) == [0, 1, 4, 9, 16]


def test_inputs_are_not_mutated(scheduler_address: str) -> None:
    work = items(3)
    before = [dict(item) for item in work]
    DaskDistributedRunner(scheduler_address=scheduler_address).map(slow_square, work)
    assert work == before


def test_failure_names_image_file_and_remote_traceback(
    scheduler_address: str,
) -> None:
    runner = DaskDistributedRunner(scheduler_address=scheduler_address)
    with pytest.raises(ConvertersToolsFileNotFoundError) as info:
        runner.map(fail_on_second, items(3))
    message = str(info.value)
    assert "/out/P.zarr/A/02/0" in message  # the image
    assert "/nowhere/tile_1.png" in message  # the file
    assert "Compute task 2 of 3" in message
    assert "Remote traceback" in message
    assert "in fail_on_second" in message  # the worker frame
    assert isinstance(info.value.__cause__, FileNotFoundError)


def test_failure_cancels_pending_work_instead_of_hanging(
    scheduler_address: str, tmp_path: Path
) -> None:
    stop_file = tmp_path / "stop"
    work = [{**item, "stop_file": str(stop_file)} for item in items(4)]
    runner = DaskDistributedRunner(scheduler_address=scheduler_address)
    start = time.perf_counter()
    try:
        with pytest.raises(ConvertersToolsUserError, match="broken tile") as info:
            runner.map(fail_fast_or_wait, work)
        assert time.perf_counter() - start < 30  # the others would wait 60 s
        assert "still pending were cancelled" in str(info.value)
    finally:
        stop_file.touch()  # release the worker threads of the shared cluster


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ValueError("bad value"), ConvertersToolsUserError),
        (FileExistsError("exists"), ConvertersToolsOutputExistsError),
        (ConvertersToolsInternalError("broken"), ConvertersToolsInternalError),
        (RuntimeError("boom"), ConvertersToolsUserError),
    ],
)
def test_failure_class_follows_the_cause(
    scheduler_address: str, error: Exception, expected: type[Exception]
) -> None:
    runner = DaskDistributedRunner(scheduler_address=scheduler_address)
    with pytest.raises(ConvertersToolsError) as info:
        runner.map(raise_given, [{"zarr_url": "/out/img.zarr", "error": error}])
    assert type(info.value) is expected
    assert "/out/img.zarr" in str(info.value)


def test_progress_is_logged_without_a_terminal(
    scheduler_address: str, caplog: pytest.LogCaptureFixture
) -> None:
    runner = DaskDistributedRunner(scheduler_address=scheduler_address)
    with caplog.at_level(logging.INFO, logger="ome_zarr_converters_tools"):
        runner.map(slow_square, items(3))
    lines = [r.getMessage() for r in caplog.records]
    assert any("3/3 done" in line for line in lines), lines


def test_show_progress_false_keeps_info_quiet(
    scheduler_address: str, caplog: pytest.LogCaptureFixture
) -> None:
    runner = DaskDistributedRunner(
        scheduler_address=scheduler_address, show_progress=False
    )
    with caplog.at_level(logging.INFO, logger="ome_zarr_converters_tools"):
        runner.map(slow_square, items(2))
    assert not any("done" in r.getMessage() for r in caplog.records)


def test_local_cluster_is_started_and_stopped() -> None:
    runner = DaskDistributedRunner(n_workers=2)
    assert runner.map(slow_square, items(4)) == [0, 1, 4, 9]
    # the runner's own cluster is gone: no client of it is left as default
    with pytest.raises(ValueError, match="No clients found"):
        distributed.default_client()
