"""Progress of the runners and of exec_compound_task (bar, log lines, switch)."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from ome_zarr_converters_tools.core.progress import (
    PROGRESS_ENV,
    log_to_stderr,
    use_tqdm_by_default,
)
from ome_zarr_converters_tools.fractal import (
    MultiprocessingRunner,
    SequentialRunner,
    ThreadedRunner,
    exec_compound_task,
)

LOGGER = "ome_zarr_converters_tools.fractal.runners"

RUNNERS = {
    "Synchronous": SequentialRunner(),
    "Threaded": ThreadedRunner(num_threads=2),
    "Multiprocessing": MultiprocessingRunner(num_processes=2),
}


class FakeTerminal(io.StringIO):
    """A stderr that says it is a terminal, so a bar would be drawn to it."""

    def isatty(self) -> bool:
        return True


def _init(*, n: int) -> dict[str, Any]:
    return {
        "parallelization_list": [
            {"zarr_url": f"/out/plate.zarr/A/01/{i}", "init_args": {"index": i}}
            for i in range(n)
        ]
    }


def _compute(*, zarr_url: str, init_args: dict[str, Any]) -> int:
    return int(init_args["index"])


def _bar_wanted_in_job(*, zarr_url: str, init_args: dict[str, Any]) -> bool:
    """Whether a job (in a thread or worker process) would draw its own bar."""
    sys.stderr = FakeTerminal()
    try:
        return use_tqdm_by_default()
    finally:
        sys.stderr = sys.__stderr__


def _lines(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == LOGGER and record.levelno == level
    ]


@pytest.mark.parametrize("mode", list(RUNNERS))
def test_every_runner_logs_finished_jobs(
    mode: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    results = exec_compound_task(_init, _compute, {"n": 3}, runner=RUNNERS[mode])
    assert results == [0, 1, 2]
    progress = [line for line in _lines(caplog, logging.INFO) if " done (" in line]
    assert [line.split(",")[0] for line in progress] == [
        f"_compute ({mode}): 1/3 done (33%)",
        f"_compute ({mode}): 2/3 done (67%)",
        f"_compute ({mode}): 3/3 done (100%)",
    ]
    finished = sorted(_lines(caplog, logging.DEBUG))
    assert finished == [
        f"_compute ({mode}): finished /out/plate.zarr/A/01/{i}" for i in range(3)
    ]


@pytest.mark.parametrize("mode", list(RUNNERS))
@pytest.mark.parametrize("switch", ["argument", "environment"])
def test_the_switch_turns_progress_off(
    mode: str,
    switch: str,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    kwargs: dict[str, Any] = {}
    if switch == "argument":
        monkeypatch.delenv(PROGRESS_ENV, raising=False)
        kwargs["progress"] = False
    else:
        monkeypatch.setenv(PROGRESS_ENV, "0")
    results = exec_compound_task(
        _init, _compute, {"n": 3}, runner=RUNNERS[mode], **kwargs
    )
    assert results == [0, 1, 2]
    assert not [line for line in _lines(caplog, logging.INFO) if " done (" in line]
    # still there for whoever debugs, one level down
    assert [line for line in _lines(caplog, logging.DEBUG) if "3/3 done" in line]
    assert terminal.getvalue() == ""


def test_map_takes_the_switch_directly(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    assert ThreadedRunner().map(abs, [-1, -2], progress=False) == [1, 2]
    assert not _lines(caplog, logging.INFO)
    assert ThreadedRunner().map(abs, [-1, -2], progress=True) == [1, 2]
    assert _lines(caplog, logging.INFO)[-1].startswith("abs (Threaded): 2/2 done")


def test_a_terminal_gets_one_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    exec_compound_task(_init, _compute, {"n": 4}, runner=SequentialRunner())
    drawn = terminal.getvalue()
    assert "_compute (Synchronous)" in drawn
    assert "4/4" in drawn


@pytest.mark.parametrize("mode", list(RUNNERS))
def test_no_bar_when_stderr_is_not_a_terminal(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    not_a_terminal = io.StringIO()
    monkeypatch.setattr(sys, "stderr", not_a_terminal)
    exec_compound_task(_init, _compute, {"n": 2}, runner=RUNNERS[mode])
    assert not_a_terminal.getvalue() == ""


@pytest.mark.parametrize("mode", ["Threaded", "Multiprocessing"])
def test_jobs_in_threads_and_workers_draw_no_bar_of_their_own(mode: str) -> None:
    wanted = exec_compound_task(
        _init, _bar_wanted_in_job, {"n": 2}, runner=RUNNERS[mode], progress=False
    )
    assert wanted == [False, False]
    # the same check in the calling (main) thread would draw one
    assert _bar_wanted_in_job(zarr_url="", init_args={}) is True


class _OwnRunner:
    """A custom runner honouring the contract, with or without `progress`."""

    def __init__(self) -> None:
        self.switches: list[bool | None] = []

    def map(
        self,
        fn: Callable[[Any], Any],
        items: Sequence[Any],
        *,
        progress: bool | None = None,
    ) -> list[Any]:
        self.switches.append(progress)
        return [fn(item) for item in items]


class _PlainRunner:
    def map(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        return [fn(item) for item in items]


def test_custom_runners_get_the_switch_only_if_they_take_it() -> None:
    own = _OwnRunner()
    exec_compound_task(_init, _compute, {"n": 1}, runner=own, progress=False)
    exec_compound_task(_init, _compute, {"n": 1}, runner=own)
    assert own.switches == [False, None]
    assert exec_compound_task(
        _init, _compute, {"n": 2}, runner=_PlainRunner(), progress=False
    ) == [0, 1]


def test_log_to_stderr_shows_the_library_info_lines(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    library = logging.getLogger("ome_zarr_converters_tools")
    level = library.level
    first = log_to_stderr()
    handler = log_to_stderr()  # a second call replaces the first handler
    try:
        assert first not in library.handlers
        assert handler in library.handlers
        exec_compound_task(_init, _compute, {"n": 2}, runner=SequentialRunner())
    finally:
        library.removeHandler(handler)
        library.setLevel(level)
    err = capsys.readouterr().err
    assert "INFO ome_zarr_converters_tools.fractal.runners: _compute" in err
    assert "2/2 done (100%)" in err
