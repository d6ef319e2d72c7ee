"""Tests of the progress helper (tqdm bar or throttled log lines)."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.progress import (
    PROGRESS_ENV,
    Progress,
    describe_item,
    progress_enabled,
    tqdm_available,
    track,
    use_tqdm_by_default,
)

LOGGER = "ome_zarr_converters_tools.core.progress"


def messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER]


def test_small_loops_log_every_step(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    with Progress(3, description="Converting", use_tqdm=False) as progress:
        for _ in range(3):
            progress.update()
    lines = messages(caplog)
    assert [line.split(",")[0] for line in lines] == [
        "Converting: 1/3 done (33%)",
        "Converting: 2/3 done (67%)",
        "Converting: 3/3 done (100%)",
    ]
    assert not progress.uses_tqdm


def test_big_loops_are_throttled(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    with Progress(1000, description="Tiles", use_tqdm=False) as progress:
        for _ in range(1000):
            progress.update()
    lines = messages(caplog)
    assert 10 <= len(lines) <= 11
    assert lines[-1].startswith("Tiles: 1000/1000 done (100%)")


def test_close_logs_an_unfinished_count(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)

    def fail_after_three() -> None:
        with Progress(100, description="Images", use_tqdm=False) as progress:
            progress.update(3)
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        fail_after_three()
    assert messages(caplog)[-1].startswith("Images: 3/100 done (3%)")


def test_empty_progress_logs_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    with Progress(0, description="Nothing", use_tqdm=False):
        pass
    assert len(messages(caplog)) == 1


def test_item_names_go_to_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    with Progress(1, description="Images", use_tqdm=False) as progress:
        progress.update(item="/out/P.zarr/A/01/0")
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert debug == ["Images: finished /out/P.zarr/A/01/0"]


def test_custom_logger_and_level(caplog: pytest.LogCaptureFixture) -> None:
    mine = logging.getLogger("my_converter")
    caplog.set_level(logging.DEBUG, logger="my_converter")
    with Progress(1, description="X", use_tqdm=False, log=mine, level=10) as p:
        p.update()
    record = next(r for r in caplog.records if r.name == "my_converter")
    assert record.levelno == logging.DEBUG


def test_negative_total_is_a_user_error() -> None:
    with pytest.raises(ConvertersToolsUserError, match="total must be >= 0, got -1"):
        Progress(-1, description="bad")


def test_forcing_tqdm_without_tqdm_is_a_user_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setattr(
        "ome_zarr_converters_tools.core.progress.tqdm_available", lambda: False
    )
    with pytest.raises(ConvertersToolsUserError, match="'tqdm' is not installed"):
        Progress(1, description="x", use_tqdm=True)


def test_no_terminal_means_log_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert use_tqdm_by_default() is False
    assert Progress(1, description="x").uses_tqdm is False


def test_terminal_with_tqdm_draws_a_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    if not tqdm_available():
        pytest.skip("tqdm not installed")

    class FakeTerminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert use_tqdm_by_default() is True
    with Progress(2, description="Bar") as progress:
        progress.update(item="first")
        progress.update()
    assert progress.uses_tqdm
    assert "Bar" in terminal.getvalue()
    assert "2/2" in terminal.getvalue()


def test_track_yields_items_in_order(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    assert list(track([3, 1, 2], description="Items", use_tqdm=False)) == [3, 1, 2]
    assert messages(caplog)[-1].startswith("Items: 3/3 done")


def test_track_needs_a_length_or_total() -> None:
    with pytest.raises(ConvertersToolsUserError, match="pass total="):
        list(track(iter([1]), description="gen", use_tqdm=False))
    assert list(track(iter([1]), description="gen", total=1, use_tqdm=False)) == [1]


@pytest.mark.parametrize(
    ("argument", "environment", "expected"),
    [
        (None, None, True),
        (None, "0", False),
        (None, " Off ", False),
        (None, "1", True),
        (True, "0", True),
        (False, None, False),
    ],
)
def test_progress_enabled_argument_wins_over_environment(
    argument: bool | None,
    environment: str | None,
    expected: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if environment is None:
        monkeypatch.delenv(PROGRESS_ENV, raising=False)
    else:
        monkeypatch.setenv(PROGRESS_ENV, environment)
    assert progress_enabled(argument) is expected


def test_switched_off_progress_draws_no_bar_and_logs_at_debug(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    class FakeTerminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv(PROGRESS_ENV, "0")
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    with Progress(2, description="Off", use_tqdm=True) as progress:
        progress.update(2)
    assert not progress.uses_tqdm
    assert terminal.getvalue() == ""
    assert [r.levelno for r in caplog.records if r.name == LOGGER] == [logging.DEBUG]


def test_describe_item_names_the_image_or_shortens() -> None:
    assert describe_item({"zarr_url": "/o/p.zarr/A/01/0", "x": 1}) == "/o/p.zarr/A/01/0"
    assert describe_item(3) == "3"
    long = describe_item("x" * 500)
    assert len(long) == 200
    assert long.endswith("...")
