"""Local execution strategies for an init/compute converter task pair.

`exec_compound_task` runs what Fractal would run: the init task once, then the
compute task once per item of its parallelization list. The runner decides how the
compute calls are spread (a plain loop, threads or processes); every runner exposes
the same `map(fn, items) -> list` contract, with results in input order, so the
outputs never depend on the runner.

Every built-in runner reports finished jobs through `core/progress.py` (a bar in a
terminal or notebook, INFO log lines otherwise); `map(..., progress=False)`,
`exec_compound_task(..., progress=False)` or `OZCT_PROGRESS=0` turn that off.

Every built-in runner, `DaskDistributedRunner` included, raises the first failing
job's own exception, with its type: a user error stays that user error, anything
else (a `KeyError`, a library bug) keeps its class, plus a note naming the job's
image. Only an exception that cannot be copied back from a worker process becomes a
`ConvertersToolsInternalError` naming its original type.

Adding a runner: write a `UserFacingModel` subclass with a unique `mode` literal and
a `map` method, then add it to `RunnerType` below (one union member). A runner that
lives in another module (`fractal/distributed.py`) must not import this module, so
that this module can import it for the union without an import cycle.
"""

from __future__ import annotations

import inspect
import logging
import multiprocessing
import multiprocessing.context
import pickle
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import (
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from contextlib import contextmanager
from functools import lru_cache, partial
from importlib.machinery import ModuleSpec
from typing import Annotated, Any, Literal, TypeVar

from pydantic import Field, TypeAdapter, ValidationError

from ome_zarr_converters_tools.core.api_line import presentation_config
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.progress import (
    Progress,
    describe_item,
    no_bars_in_this_process,
)
from ome_zarr_converters_tools.fractal.distributed import DaskDistributedRunner
from ome_zarr_converters_tools.models.base import UserFacingModel

__all__ = [
    "MultiprocessingRunner",
    "RunnerType",
    "SequentialRunner",
    "ThreadedRunner",
    "exec_compound_task",
]

logger = logging.getLogger(__name__)

ItemT = TypeVar("ItemT")
ResultT = TypeVar("ResultT")


def _job_progress(
    fn: Callable[..., Any], mode: str, total: int, progress: bool | None
) -> Progress:
    """Progress of one `map` call, named after the compute function and runner."""
    return Progress(
        total,
        description=f"{_function_name(fn)} ({mode})",
        log=logger,
        enabled=progress,
    )


def _note_failed_job(
    error: BaseException, index: int, items: Sequence[Any], mode: str
) -> None:
    """Name the failed job on its error (a PEP 678 note), keeping its type.

    Every runner raises the compute function's own exception (a user error
    stays that user error, a `KeyError` stays a `KeyError`); the note says
    which image it was, as the dask runner's note does.
    """
    error.add_note(
        f"Compute job {index + 1} of {len(items)} failed for "
        f"{describe_item(items[index])!r} ({mode} runner)."
    )


def _gather(
    futures: list[Future[ResultT]],
    items: Sequence[Any],
    progress: Progress,
    mode: str,
) -> list[ResultT]:
    """Collect results as jobs finish, report each, return them in input order.

    The first job to fail stops the collection: the jobs not started yet are
    cancelled (as `Executor.map` does) and its exception propagates, with a
    note naming the job.
    """
    index_of = {future: index for index, future in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    index = 0
    try:
        for future in as_completed(futures):
            index = index_of[future]
            results[index] = future.result()
            progress.update(item=describe_item(items[index]))
    except BaseException as error:
        for future in futures:
            future.cancel()
        if isinstance(error, Exception):
            _note_failed_job(error, index, items, mode)
        raise
    return results


class SequentialRunner(UserFacingModel):
    """Run the compute jobs one after the other in the calling process.

    The simplest and most debuggable choice: tracebacks point straight at the
    failing job and no pickling is involved.
    """

    model_config = presentation_config("SequentialRunner")

    mode: Literal["Synchronous"] = Field(default="Synchronous", title="Mode")
    """Discriminator of the runner choice."""

    def map(
        self,
        fn: Callable[[ItemT], ResultT],
        items: Sequence[ItemT],
        *,
        progress: bool | None = None,
    ) -> list[ResultT]:
        """Call `fn` on every item in order.

        Args:
            fn: The one-argument function to call.
            items: The arguments, one per call.
            progress: Report finished calls (bar or INFO lines); `None` follows
                `OZCT_PROGRESS` (on unless it is `0`).

        Returns:
            The results, in the order of `items`.
        """
        results: list[ResultT] = []
        with _job_progress(fn, self.mode, len(items), progress) as reporter:
            for index, item in enumerate(items):
                try:
                    results.append(fn(item))
                except Exception as error:
                    _note_failed_job(error, index, items, self.mode)
                    raise
                reporter.update(item=describe_item(item))
        return results


class ThreadedRunner(UserFacingModel):
    """Run the compute jobs in a pool of threads of the calling process.

    Good when the jobs mostly wait on I/O or release the GIL (numpy, compression);
    registries and module state are shared, so nothing needs to pickle.
    """

    model_config = presentation_config("ThreadedRunner")

    mode: Literal["Threaded"] = Field(default="Threaded", title="Mode")
    """Discriminator of the runner choice."""
    num_threads: int = Field(default=4, gt=0)
    """How many compute jobs run at the same time."""

    def map(
        self,
        fn: Callable[[ItemT], ResultT],
        items: Sequence[ItemT],
        *,
        progress: bool | None = None,
    ) -> list[ResultT]:
        """Call `fn` on every item using `num_threads` threads.

        Args:
            fn: The one-argument function to call.
            items: The arguments, one per call.
            progress: Report finished calls (bar or INFO lines); `None` follows
                `OZCT_PROGRESS` (on unless it is `0`).

        Returns:
            The results, in the order of `items` (not of completion). The
            exception of the first call to fail propagates, and calls not
            started yet are cancelled.
        """
        with (
            _job_progress(fn, self.mode, len(items), progress) as reporter,
            ThreadPoolExecutor(max_workers=self.num_threads) as pool,
        ):
            futures = [pool.submit(fn, item) for item in items]
            return _gather(futures, items, reporter, self.mode)


def _function_name(fn: Callable[..., Any]) -> str:
    """Name the compute function (unwrapping partials) for error messages."""
    while isinstance(fn, partial):
        fn = fn.args[0] if fn.func is _call_with_kwargs and fn.args else fn.func
    return str(getattr(fn, "__qualname__", repr(fn)))


def _pack(obj: Any, *, what: str, fn: Callable[..., Any]) -> bytes:
    """Serialise `obj` for a worker process, by value where it has to be.

    cloudpickle (a dask dependency) pickles functions and classes of importable
    modules by reference, like `pickle`, but those of `__main__` (a script, a
    notebook, `python -` reading stdin, code run with `exec`) by value: a worker
    started fresh cannot import `__main__` of the caller, so it must receive the
    code itself. This is what keeps such compute functions working without
    forking the caller (see `MultiprocessingRunner`).
    """
    import cloudpickle

    try:
        return bytes(cloudpickle.dumps(obj))
    except Exception as err:  # cloudpickle raises PicklingError, TypeError, ...
        raise ConvertersToolsUserError(
            f"MultiprocessingRunner cannot send {what} of the compute function "
            f"{_function_name(fn)!r} to worker processes ({type(err).__name__}: "
            f"{err}). It holds an object that cannot be copied to another process "
            "(a lock, an open file, a connection, a running client): create that "
            "object inside the compute function, or use ThreadedRunner."
        ) from err


@lru_cache(maxsize=8)
def _unpack_function(payload: bytes) -> Callable[[Any], Any]:
    """Rebuild a packed compute function once per worker process."""
    return pickle.loads(payload)  # type: ignore[no-any-return]


def _run_packed(fn_payload: bytes, item_payload: bytes) -> Any:
    """Worker side of `MultiprocessingRunner.map`: unpack, then call.

    Progress inside the job (e.g. per written unit) goes to the worker's log,
    never to a bar drawn over the caller's.

    Raises:
        Exception: The compute function's own exception, which the pool sends
            back with its type. One that cannot be pickled would reach the
            caller as a pickling error instead, so it becomes a
            `ConvertersToolsInternalError` naming its type and traceback, as
            under the dask runner.
    """
    no_bars_in_this_process()
    try:
        return _unpack_function(fn_payload)(pickle.loads(item_payload))
    except Exception as error:
        try:
            pickle.loads(pickle.dumps(error))
        except Exception:  # any pickling failure: report it by its text
            text = "".join(traceback.format_exception(error)).rstrip()
            raise ConvertersToolsInternalError(
                f"A compute job raised {type(error).__name__}: {error}, which "
                "cannot be copied back from the worker process, so it is "
                f"reported as this class.\nWorker traceback:\n{text}"
            ) from None
        raise


_MAIN_SPEC_LOCK = threading.Lock()


@contextmanager
def _workers_skip_main() -> Iterator[None]:
    """Keep freshly started workers from running the caller's `__main__` again.

    A `spawn`/`forkserver` worker normally re-runs the caller's main script (as
    `__mp_main__`) so that pickles referring to `__main__` resolve. Everything
    this runner sends is packed by value, so that is not needed, and it is
    harmful: `python -` has no file to re-run (the worker dies), and a script
    without an `if __name__ == "__main__":` guard would start the conversion
    again inside every worker. 0.10 forked the caller and needed neither.

    While workers start, `__main__` gets a spec named `__main__`, which
    multiprocessing reads as "nothing to re-import"; the original (None) is put
    back right after. A main module that already has a spec (`python -m`) is left
    alone: its workers import it by name, which works.
    """
    with _MAIN_SPEC_LOCK:
        main = sys.modules.get("__main__")
        if main is None or getattr(main, "__spec__", None) is not None:
            yield
            return
        main.__spec__ = ModuleSpec("__main__", None)
        try:
            yield
        finally:
            main.__spec__ = None


def _fresh_process_context() -> multiprocessing.context.BaseContext:
    """Return a start method that does not fork the (threaded) caller.

    `forkserver` where the platform has it (workers fork from a server process
    that never runs zarr code, so there is no event-loop thread to lose), else
    `spawn`. The forkserver's preload list is process-wide and belongs to the
    host application, so it is left as the host set it; workers import the
    library when their first job arrives.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


class MultiprocessingRunner(UserFacingModel):
    """Run the compute jobs in a pool of worker processes.

    The compute function and its arguments are sent to the workers with
    cloudpickle: importable functions by reference, and functions or classes
    defined in `__main__` (a script, a notebook, `python -` reading stdin) by
    value, as 0.10 allowed. Custom filters, registration steps or collection
    handlers must still be registered at import time of a module the workers
    import, because registries are per process and a registration made in a
    notebook does not travel with the function.

    Workers are started fresh (`forkserver`, or `spawn` where that is missing),
    never forked from the caller: zarr keeps a background event-loop thread, and
    a child forked after the init task wrote with zarr inherits a loop whose thread
    does not exist and hangs on its first write.
    """

    model_config = presentation_config("MultiprocessingRunner")

    mode: Literal["Multiprocessing"] = Field(default="Multiprocessing", title="Mode")
    """Discriminator of the runner choice."""
    num_processes: int = Field(default=4, gt=0)
    """How many worker processes run compute jobs at the same time."""

    def map(
        self,
        fn: Callable[[ItemT], ResultT],
        items: Sequence[ItemT],
        *,
        progress: bool | None = None,
    ) -> list[ResultT]:
        """Call `fn` on every item in `num_processes` worker processes.

        Args:
            fn: A one-argument function; may be defined in `__main__`, a lambda
                or a closure, as long as what it captures can be copied.
            items: The arguments, one per call.
            progress: Report finished calls (bar or INFO lines, in the calling
                process); `None` follows `OZCT_PROGRESS` (on unless it is `0`).

        Returns:
            The results, in the order of `items`. The exception of the first
            call to fail propagates, and calls not started yet are cancelled.

        Raises:
            ConvertersToolsUserError: Before any worker starts, if `fn` or an
                item holds an object that cannot be sent to another process.
        """
        if not items:
            return []
        fn_payload = _pack(fn, what="the function itself", fn=fn)
        item_payloads = [
            _pack(item, what=f"the arguments of call {index}", fn=fn)
            for index, item in enumerate(items)
        ]
        workers = min(self.num_processes, len(items))
        with (
            _job_progress(fn, self.mode, len(items), progress) as reporter,
            ProcessPoolExecutor(
                max_workers=workers, mp_context=_fresh_process_context()
            ) as pool,
        ):
            # Submitting every call starts the workers right away.
            with _workers_skip_main():
                futures = [
                    pool.submit(_run_packed, fn_payload, payload)
                    for payload in item_payloads
                ]
            return _gather(futures, items, reporter, self.mode)


# To add a runner, append its class to this union (it must carry a unique `mode`
# literal). Runners defined in sibling modules (`DaskDistributedRunner` in
# fractal/distributed.py) must not import this module, so the import stays one-way.
RunnerType = Annotated[
    SequentialRunner | ThreadedRunner | MultiprocessingRunner | DaskDistributedRunner,
    Field(discriminator="mode"),
]
"""Union of the runner models, discriminated on `mode`."""

_RUNNER_ADAPTER: TypeAdapter[Any] = TypeAdapter(RunnerType)


def _resolve_runner(runner: Any) -> Any:
    """Turn the user's `runner` argument into a runner.

    Accepts `None` (sequential), a runner model (or any object with a
    `map(fn, items)` method), or the dict form of a runner model (as stored in
    task arguments). Anything else is refused rather than silently ignored
    (0.10.4 returned `None` in that case).
    """
    if runner is None:
        return SequentialRunner()
    if isinstance(runner, Mapping):
        try:
            return _RUNNER_ADAPTER.validate_python(dict(runner))
        except ValidationError as err:
            raise ConvertersToolsUserError(
                f"Unknown runner {dict(runner)!r}: expected a mapping with a valid "
                f"'mode' ({_known_modes()}). Details: {err}"
            ) from None
    if callable(getattr(runner, "map", None)):
        # Any object honouring the runner contract `map(fn, items) -> list`.
        return runner
    raise ConvertersToolsUserError(
        f"Unknown runner {runner!r} (type {type(runner).__name__}): expected None or "
        f"one of the runner models ({_known_modes()}), e.g. "
        "runner=ThreadedRunner(num_threads=4)."
    )


def _known_modes() -> str:
    """List the accepted `mode` values for error messages."""
    schema = _RUNNER_ADAPTER.json_schema()
    mapping = schema.get("discriminator", {}).get("mapping", {})
    return ", ".join(repr(mode) for mode in mapping) or "none"


def _call_with_kwargs(fn: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    """Call `fn(**kwargs)`; module level so that process pools can pickle it."""
    return fn(**kwargs)


def _parallelization_items(init_output: Any, init_fn: Callable[..., Any]) -> list[Any]:
    """Extract the parallelization list from an init task's return value.

    Fractal init tasks return `{"parallelization_list": [...]}`; plain helpers (and
    the seed documentation's example) return the list itself. Both are accepted.
    """
    if isinstance(init_output, Mapping) and "parallelization_list" in init_output:
        items = init_output["parallelization_list"]
    elif isinstance(init_output, list):
        items = init_output
    else:
        raise ConvertersToolsUserError(
            f"The init task {getattr(init_fn, '__name__', init_fn)!r} returned "
            f"{type(init_output).__name__}, expected a dict with a "
            "'parallelization_list' key (or the list itself). Return "
            "{'parallelization_list': setup_images_for_conversion(...)}."
        )
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        raise ConvertersToolsUserError(
            f"The parallelization list of the init task "
            f"{getattr(init_fn, '__name__', init_fn)!r} must be a list of dicts with "
            f"'zarr_url' and 'init_args', got {type(items).__name__}."
        )
    return list(items)


def _map_with_progress(
    runner: Any, fn: Callable[[Any], Any], calls: list[Any], progress: bool | None
) -> list[Any]:
    """Call `runner.map`, passing the progress switch where the runner takes one.

    The dask runner keeps its switch as a field (`show_progress`, part of its
    schema), so `progress=False` is applied to a copy of it; a custom runner's
    `map(fn, items)` is called unchanged unless it accepts `progress=`.
    """
    if isinstance(runner, DaskDistributedRunner):
        if progress is False and runner.show_progress:
            runner = runner.model_copy(update={"show_progress": False})
        return list(runner.map(fn, calls))
    try:
        parameters = inspect.signature(runner.map).parameters
    except (TypeError, ValueError):  # builtins without a signature
        parameters = {}  # type: ignore[assignment]
    takes_progress = "progress" in parameters or any(
        parameter.kind is inspect.Parameter.VAR_KEYWORD
        for parameter in parameters.values()
    )
    if takes_progress:
        return list(runner.map(fn, calls, progress=progress))
    return list(runner.map(fn, calls))


def exec_compound_task(
    init_task_fn: Callable[..., Any],
    compute_task_fn: Callable[..., ResultT],
    init_task_kwargs: Mapping[str, Any],
    compute_task_kwargs: Mapping[str, Any] | None = None,
    runner: RunnerType | Mapping[str, Any] | None = None,
    progress: bool | None = None,
) -> list[ResultT]:
    """Run an init/compute converter task pair locally, as Fractal would.

    The init task runs once with `init_task_kwargs`; the compute task then runs
    once per parallelization item with the item's keys (`zarr_url`, `init_args`)
    plus `compute_task_kwargs`.

    Args:
        init_task_fn: The init task function.
        compute_task_fn: The compute task function (picklable for
            `MultiprocessingRunner`).
        init_task_kwargs: Keyword arguments of the init task.
        compute_task_kwargs: Extra keyword arguments of every compute call.
        runner: How to run the compute calls; `None` means `SequentialRunner()`.
        progress: Report finished compute calls: a bar in a terminal or
            notebook, INFO log lines otherwise. `False` turns that off (also for
            a `DaskDistributedRunner` with `show_progress=True`); `None` follows
            the environment variable `OZCT_PROGRESS` (on unless it is `0`). A
            custom runner reports progress only if its `map` accepts a
            `progress` keyword.

    Returns:
        The compute results, in the order of the parallelization list.

    Raises:
        ConvertersToolsUserError: If the runner is unknown, the init output has
            no parallelization list, or `compute_task_kwargs` repeats a key of the
            parallelization items.
    """
    resolved = _resolve_runner(runner)
    extra = dict(compute_task_kwargs or {})
    start = time.perf_counter()
    init_output = init_task_fn(**dict(init_task_kwargs))
    items = _parallelization_items(init_output, init_task_fn)
    calls: list[dict[str, Any]] = []
    for item in items:
        clash = sorted(set(item) & set(extra))
        if clash:
            raise ConvertersToolsUserError(
                f"compute_task_kwargs repeats {clash}, which the init task already "
                f"sets for {item.get('zarr_url')!r}. Remove them from "
                "compute_task_kwargs."
            )
        calls.append({**item, **extra})
    logger.info(
        "Running %s compute job(s) with the %s runner",
        len(calls),
        getattr(resolved, "mode", type(resolved).__name__),
    )
    results = _map_with_progress(
        resolved, partial(_call_with_kwargs, compute_task_fn), calls, progress
    )
    logger.info(
        "Compound task finished: %s job(s) in %.2f s",
        len(calls),
        time.perf_counter() - start,
    )
    return list(results)
