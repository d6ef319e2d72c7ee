"""Runner models and exec_compound_task (fractal/runners.py)."""

from __future__ import annotations

import threading
import time

import pytest
from pydantic import TypeAdapter, ValidationError

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.fractal import (
    MultiprocessingRunner,
    RunnerType,
    SequentialRunner,
    ThreadedRunner,
    exec_compound_task,
)


def _init(*, n: int, prefix: str = "img") -> dict:
    return {
        "parallelization_list": [
            {"zarr_url": f"/out/{prefix}{i}", "init_args": {"index": i}}
            for i in range(n)
        ]
    }


def _compute(*, zarr_url: str, init_args: dict, scale: int = 1) -> dict:
    # later items finish first so completion order differs from input order
    time.sleep(0.01 * (5 - init_args["index"] % 5))
    return {"zarr_url": zarr_url, "value": init_args["index"] * scale}


def _fail_on_two(*, zarr_url: str, init_args: dict) -> dict:
    if init_args["index"] == 2:
        raise ConvertersToolsUserError(f"broken image {zarr_url}")
    return {"zarr_url": zarr_url}


_CALLER_STATE: dict[str, bool] = {}
"""Changed by a test in the caller only: a forked worker would inherit it."""


def _sees_caller_state(_: object) -> bool:
    return bool(_CALLER_STATE)


ALL_RUNNERS = [
    None,
    SequentialRunner(),
    ThreadedRunner(num_threads=3),
    MultiprocessingRunner(num_processes=2),
]


@pytest.mark.parametrize("runner", ALL_RUNNERS, ids=lambda r: str(r))
def test_all_runners_give_identical_ordered_results(runner):
    results = exec_compound_task(
        _init, _compute, {"n": 6}, compute_task_kwargs={"scale": 3}, runner=runner
    )
    assert results == [{"zarr_url": f"/out/img{i}", "value": 3 * i} for i in range(6)]


def test_defaults_and_modes():
    assert SequentialRunner().mode == "Synchronous"
    assert ThreadedRunner().mode == "Threaded"
    assert ThreadedRunner().num_threads == 4
    assert MultiprocessingRunner().mode == "Multiprocessing"
    assert MultiprocessingRunner().num_processes == 4


@pytest.mark.parametrize(
    ("cls", "field"),
    [(ThreadedRunner, "num_threads"), (MultiprocessingRunner, "num_processes")],
)
def test_worker_count_must_be_positive(cls, field):
    with pytest.raises(ValidationError):
        cls(**{field: 0})


def test_runner_union_is_discriminated_on_mode():
    adapter = TypeAdapter(RunnerType)
    assert isinstance(adapter.validate_python({"mode": "Threaded"}), ThreadedRunner)
    assert isinstance(
        adapter.validate_python({"mode": "Multiprocessing", "num_processes": 2}),
        MultiprocessingRunner,
    )
    with pytest.raises(ValidationError):
        adapter.validate_python({"mode": "Bogus"})


def test_runner_given_as_dict_is_accepted():
    results = exec_compound_task(
        _init, _compute, {"n": 3}, runner={"mode": "Threaded", "num_threads": 2}
    )
    assert [r["value"] for r in results] == [0, 1, 2]


@pytest.mark.parametrize("runner", ["Threaded", 3, {"mode": "Nope"}, object()])
def test_unknown_runner_is_a_user_error(runner):
    with pytest.raises(ConvertersToolsUserError, match="Unknown runner"):
        exec_compound_task(_init, _compute, {"n": 1}, runner=runner)


def test_threaded_runner_really_runs_concurrently():
    barrier = threading.Barrier(3, timeout=5)

    def wait(item):
        barrier.wait()
        return item

    assert ThreadedRunner(num_threads=3).map(wait, [1, 2, 3]) == [1, 2, 3]


def test_map_on_empty_list():
    for runner in ALL_RUNNERS[1:]:
        assert runner.map(abs, []) == []


def test_init_may_return_the_plain_list():
    results = exec_compound_task(
        lambda **kw: _init(**kw)["parallelization_list"], _compute, {"n": 2}
    )
    assert [r["zarr_url"] for r in results] == ["/out/img0", "/out/img1"]


def test_init_output_without_list_is_a_user_error():
    with pytest.raises(ConvertersToolsUserError, match="parallelization_list"):
        exec_compound_task(lambda: {"other": 1}, _compute, {})


def test_compute_kwargs_may_not_override_item_keys():
    with pytest.raises(ConvertersToolsUserError, match="zarr_url"):
        exec_compound_task(
            _init, _compute, {"n": 1}, compute_task_kwargs={"zarr_url": "/x"}
        )


@pytest.mark.parametrize("runner", ALL_RUNNERS[1:], ids=lambda r: r.mode)
def test_compute_error_propagates(runner):
    with pytest.raises(ConvertersToolsUserError, match="broken image /out/img2"):
        exec_compound_task(_init, _fail_on_two, {"n": 4}, runner=runner)


def test_inputs_are_not_mutated():
    init_kwargs = {"n": 2}
    compute_kwargs = {"scale": 2}
    exec_compound_task(_init, _compute, init_kwargs, compute_kwargs)
    assert init_kwargs == {"n": 2}
    assert compute_kwargs == {"scale": 2}


def test_no_compute_job_when_list_is_empty():
    assert exec_compound_task(_init, _compute, {"n": 0}) == []


def test_any_object_with_a_map_method_is_a_runner():
    class RecordingRunner:
        def __init__(self):
            self.seen = []

        def map(self, fn, items):
            self.seen.extend(item["zarr_url"] for item in items)
            return [fn(item) for item in items]

    runner = RecordingRunner()
    results = exec_compound_task(_init, _compute, {"n": 2}, runner=runner)
    assert runner.seen == ["/out/img0", "/out/img1"]
    assert [r["value"] for r in results] == [0, 1]


def test_closures_and_lambdas_are_sent_by_value_to_processes():
    offset = 100

    def local_compute(*, zarr_url, init_args):
        return init_args["index"] + offset

    results = exec_compound_task(
        _init, local_compute, {"n": 3}, runner=MultiprocessingRunner(num_processes=2)
    )
    assert results == [100, 101, 102]
    doubled = MultiprocessingRunner(num_processes=1).map(lambda x: 2 * x, [1, 2])
    assert doubled == [2, 4]


def test_unsendable_compute_function_is_a_user_error_for_processes():
    lock = threading.Lock()

    def locked_compute(*, zarr_url, init_args):
        with lock:
            return zarr_url

    with pytest.raises(ConvertersToolsUserError, match="locked_compute") as info:
        exec_compound_task(
            _init, locked_compute, {"n": 2}, runner=MultiprocessingRunner()
        )
    assert "ThreadedRunner" in str(info.value)  # says how to fix it
    # threads do not need pickling
    assert exec_compound_task(_init, locked_compute, {"n": 1}, runner=ThreadedRunner())


def test_unsendable_arguments_are_a_user_error_naming_the_call():
    with pytest.raises(ConvertersToolsUserError, match="call 1"):
        MultiprocessingRunner().map(str, [1, threading.Lock()])


def test_workers_are_not_forked_from_the_caller(monkeypatch):
    # Fork-safety: zarr's event-loop thread does not survive a fork, so workers
    # must start fresh (forkserver or spawn), never as a fork of the caller:
    # state changed in the caller after import must not be visible to them.
    monkeypatch.setitem(_CALLER_STATE, "changed", True)
    assert _sees_caller_state(None)
    runner = MultiprocessingRunner(num_processes=1)
    assert runner.map(_sees_caller_state, [None]) == [False]
