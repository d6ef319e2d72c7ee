"""Progress reporting for long loops: a tqdm bar for people, log lines for machines.

A conversion runs in three very different places: an interactive terminal or a
notebook (a person watches a bar), a Fractal job or a CI run (only the log file is
read afterwards) and a batch cluster (many processes share one log). `Progress`
picks the right form once, so callers only say how many steps there are and when
one finished:

```python
with Progress(total=len(images), description="Converting images") as progress:
    for image in images:
        convert(image)
        progress.update(item=image.path)
```

A bar is drawn only when the output is a terminal or a Jupyter kernel, from the
main thread of the calling process (compute jobs in threads or worker processes
report through the log, so concurrent bars never garble a terminal). Otherwise
progress goes to the logger at INFO level, throttled to about one line per 10 %
(every step when there are at most 20) so that logs of big plates stay readable.

One switch turns progress off everywhere: `enabled=False` (the `progress=`
argument of the runners and of `exec_compound_task`) or the environment variable
`OZCT_PROGRESS=0` for code that cannot pass an argument (a Fractal task, a
published converter). Off means no bar and the lines at DEBUG level.

The library never configures logging handlers: `log_to_stderr()` (or
`logging.basicConfig(level=logging.INFO)`) shows its INFO lines.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError

__all__ = [
    "PROGRESS_ENV",
    "Progress",
    "describe_item",
    "log_to_stderr",
    "no_bars_in_this_process",
    "progress_enabled",
    "tqdm_available",
    "track",
    "use_tqdm_by_default",
]

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

# At most this many steps, every step is logged; above it, about one line per
# `_LOG_FRACTION` of the total.
_LOG_EVERY_STEP_UP_TO = 20
_LOG_FRACTION = 0.1

PROGRESS_ENV = "OZCT_PROGRESS"
"""Environment variable: `0`/`false`/`no`/`off` turns progress reports off."""

_FALSE_WORDS = frozenset({"0", "false", "no", "off"})
_LIBRARY_LOGGER = "ome_zarr_converters_tools"
_SHOWN_ITEM_CHARACTERS = 200

_bars_allowed_here = True
"""False in worker processes: their bars would overwrite the caller's."""


class _Bar(Protocol):
    """The part of `tqdm.tqdm` that `Progress` uses (keeps tqdm optional)."""

    def update(self, n: float | None = 1) -> bool | None:
        """Advance the bar by `n` steps."""

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        """Show a short text after the bar."""

    def close(self) -> None:
        """Finish the bar."""


def tqdm_available() -> bool:
    """Whether the optional `tqdm` package can be imported.

    Returns:
        `True` when `tqdm` is installed.
    """
    return importlib.util.find_spec("tqdm") is not None


def progress_enabled(progress: bool | None = None) -> bool:
    """Decide whether progress is reported (a bar or INFO lines).

    An explicit argument wins; otherwise `OZCT_PROGRESS` decides, and the default
    is on. The variable exists for code that cannot pass an argument (a Fractal
    task, a published converter calling `exec_compound_task`).

    Args:
        progress: True/False to decide, None to use the environment.

    Returns:
        True to report progress.
    """
    if progress is not None:
        return bool(progress)
    value = os.environ.get(PROGRESS_ENV, "").strip().lower()
    return value not in _FALSE_WORDS


def no_bars_in_this_process() -> None:
    """Report progress of this process through the log only, never as a bar.

    Called in worker processes: they share the caller's terminal, and a bar from
    each of them would overwrite the caller's bar.
    """
    global _bars_allowed_here
    _bars_allowed_here = False


def describe_item(item: object) -> str:
    """Name a parallelization item by its image (`zarr_url`) for progress and errors.

    Args:
        item: A parallelization item (usually a dict with `zarr_url`) or any
            other runner argument.

    Returns:
        The `zarr_url`, or a `repr` shortened to 200 characters.
    """
    if isinstance(item, Mapping) and "zarr_url" in item:
        return str(item["zarr_url"])
    text = repr(item)
    if len(text) <= _SHOWN_ITEM_CHARACTERS:
        return text
    return f"{text[: _SHOWN_ITEM_CHARACTERS - 3]}..."


def log_to_stderr(level: int | str = logging.INFO) -> logging.Handler:
    """Show this library's log lines (progress, per-image summaries) on stderr.

    The library never configures logging by itself (that is the application's
    choice); this one call is for scripts and notebooks that have not. Only the
    `ome_zarr_converters_tools` logger is changed, other libraries stay quiet.
    Calling it again replaces the handler it added before.

    Args:
        level: Lowest level shown, e.g. `logging.DEBUG` to also see every
            finished image.

    Returns:
        The handler added, to remove it later with
        `logging.getLogger("ome_zarr_converters_tools").removeHandler(handler)`.
    """
    library_logger = logging.getLogger(_LIBRARY_LOGGER)
    for handler in list(library_logger.handlers):
        if getattr(handler, "_ozct_stderr", False):
            library_logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler._ozct_stderr = True  # type: ignore[attr-defined]
    library_logger.addHandler(handler)
    library_logger.setLevel(level)
    return handler


def _in_notebook() -> bool:
    """Whether the code runs inside a Jupyter kernel (where tqdm draws a widget)."""
    ipython_module = sys.modules.get("IPython")
    if ipython_module is None:
        return False
    get_ipython = getattr(ipython_module, "get_ipython", None)
    if get_ipython is None:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def use_tqdm_by_default() -> bool:
    """Whether a bar should be drawn when the caller does not decide.

    A bar is drawn only for a person: stderr is a terminal or the code runs in a
    notebook, tqdm is installed, and the caller is the main thread of a process
    that is not a runner's worker. Batch jobs, CI and Fractal tasks get log lines.

    Returns:
        `True` when `Progress` would use tqdm with `use_tqdm=None`.
    """
    if not _bars_allowed_here or not tqdm_available():
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    interactive = bool(isatty is not None and isatty())
    return interactive or _in_notebook()


class Progress:
    """Count finished steps of a loop and report them as a bar or as log lines.

    Use it as a context manager so that the bar is closed (and the final log line
    written) also when the loop fails.

    Args:
        total: Number of steps expected (must be >= 0).
        description: Short text naming the work, shown before the bar and at the
            start of every log line (e.g. `"Converting images"`).
        use_tqdm: `True` forces a tqdm bar (error if tqdm is missing), `False`
            forces log lines, `None` (default) decides with
            `use_tqdm_by_default()`.
        log: Logger for the log lines; defaults to this module's logger. Pass the
            caller's module logger so that the lines carry the caller's name.
        level: Logging level of the progress lines (default INFO).
        enabled: `False` turns progress off: no bar, and the lines go to DEBUG.
            `None` (default) reads `OZCT_PROGRESS` (see `progress_enabled`).

    Raises:
        ConvertersToolsUserError: If `total` is negative, or `use_tqdm=True` but
            tqdm is not installed.
    """

    def __init__(
        self,
        total: int,
        *,
        description: str,
        use_tqdm: bool | None = None,
        log: logging.Logger | None = None,
        level: int = logging.INFO,
        enabled: bool | None = None,
    ) -> None:
        if total < 0:
            raise ConvertersToolsUserError(
                f"Progress {description!r}: total must be >= 0, got {total}. "
                "Pass the number of steps the loop will run."
            )
        if use_tqdm and not tqdm_available():
            raise ConvertersToolsUserError(
                f"Progress {description!r}: use_tqdm=True but the optional package "
                "'tqdm' is not installed (it is a dependency of "
                "ome-zarr-converters-tools: reinstall it, or pip install tqdm) or "
                "pass use_tqdm=None to fall back to log lines."
            )
        self.enabled = progress_enabled(enabled)
        if not self.enabled:
            use_tqdm = False
            level = logging.DEBUG
        self.total = total
        self.description = description
        self.done = 0
        self._log = log if log is not None else logger
        self._level = level
        self._start = time.perf_counter()
        self._last_logged_step = 0
        self._closed = False
        self._bar: _Bar | None = None
        if use_tqdm if use_tqdm is not None else use_tqdm_by_default():
            self._bar = self._make_bar()

    @property
    def uses_tqdm(self) -> bool:
        """Whether this instance draws a tqdm bar (else it writes log lines)."""
        return self._bar is not None

    @property
    def elapsed(self) -> float:
        """Seconds since the progress started."""
        return time.perf_counter() - self._start

    def _make_bar(self) -> _Bar:
        """Create the tqdm bar (`tqdm.auto` picks the notebook widget if needed).

        `leave=None` keeps the outermost bar when it finishes and removes nested
        ones (one per image inside a runner's bar), so a plate leaves one line.
        """
        from tqdm.auto import tqdm

        bar: _Bar = tqdm(
            total=self.total, desc=self.description, unit="item", leave=None
        )
        return bar

    def update(self, n: int = 1, *, item: str | None = None) -> None:
        """Record `n` more finished steps.

        Args:
            n: Number of steps finished since the last call.
            item: Optional name of the step just finished (e.g. the image path);
                shown after the bar or logged at DEBUG level.
        """
        self.done += n
        if self._bar is not None:
            if item is not None:
                self._bar.set_postfix_str(item, refresh=False)
            self._bar.update(n)
            return
        if item is not None:
            self._log.debug("%s: finished %s", self.description, item)
        if self._should_log():
            self._log_line()

    def _should_log(self) -> bool:
        """Throttle log lines to about one per 10 % of the total."""
        if self.total <= _LOG_EVERY_STEP_UP_TO or self.done >= self.total:
            return True
        step = max(1, int(self.total * _LOG_FRACTION))
        return self.done - self._last_logged_step >= step

    def _log_line(self) -> None:
        self._last_logged_step = self.done
        percent = 100.0 * self.done / self.total if self.total else 100.0
        self._log.log(
            self._level,
            "%s: %s/%s done (%.0f%%), %.1f s elapsed",
            self.description,
            self.done,
            self.total,
            percent,
            self.elapsed,
        )

    def close(self) -> None:
        """Finish the bar, or log the final count if it was not logged yet."""
        if self._closed:
            return
        self._closed = True
        if self._bar is not None:
            self._bar.close()
        elif self.done != self._last_logged_step or self.total == 0:
            self._log_line()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def track(
    iterable: Iterable[_T],
    *,
    description: str,
    total: int | None = None,
    **progress_kwargs: Any,
) -> Iterator[_T]:
    """Yield the items of `iterable` while reporting progress.

    Args:
        iterable: The items to loop over.
        description: Short text naming the work.
        total: Number of items; taken from `len(iterable)` when omitted.
        **progress_kwargs: `use_tqdm`, `log`, `level` and `enabled`, as for
            `Progress`.

    Yields:
        The items of `iterable`, unchanged and in order.

    Raises:
        ConvertersToolsUserError: If `total` is omitted and `iterable` has no
            length.
    """
    if total is None:
        length = getattr(iterable, "__len__", None)
        if length is None:
            raise ConvertersToolsUserError(
                f"track({description!r}): the iterable has no length; pass total=."
            )
        total = int(length())
    with Progress(total, description=description, **progress_kwargs) as progress:
        for element in iterable:
            yield element
            progress.update()
