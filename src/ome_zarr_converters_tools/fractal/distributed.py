"""DaskDistributedRunner: run the compute tasks of a compound task on a dask cluster.

`exec_compound_task` runs the init task once and hands its parallelisation list
to a runner's `map(fn, items)`. This runner submits one dask task per item to a
`dask.distributed` cluster: a `LocalCluster` of worker *processes* started for the
run (the default, useful on a workstation), or any running scheduler given by
address, so a `dask_jobqueue.SLURMCluster` (or a cluster started with the
`dask scheduler` / `dask worker` commands) works without code changes:

```python
from dask_jobqueue import SLURMCluster

cluster = SLURMCluster(cores=4, memory="16GiB")
cluster.scale(jobs=8)
runner = DaskDistributedRunner(scheduler_address=cluster.scheduler_address)
exec_compound_task(init_fn, compute_fn, init_kwargs, runner=runner)
```

Hand-off: with a remote cluster the workers run on other machines, so the init
task must write each TiledImage to a JSON file on a file system the workers see
(`TempJsonOptions(serialization="JSON", temp_url=<shared folder>)`); inline
strings (`"Memory"`) also work but travel through the scheduler, which is only
sensible for small plates.

Failure: the first image that fails cancels the remaining ones and re-raises
its error with the same type as every other runner does (a user error stays that
user error, a `KeyError` stays a `KeyError`), with a note (PEP 678) naming the
image (`zarr_url`) and carrying the remote traceback. An error that cannot be
copied back from the worker becomes a `ConvertersToolsInternalError` whose
message names its original type. A worker that dies repeatedly (e.g. out of
memory) surfaces as dask's `KilledWorker`, with a note, instead of hanging.

Local clusters start their workers with `spawn`, which re-imports the main
module: a script that uses the default local cluster must keep its top-level code
under `if __name__ == "__main__":` (the usual multiprocessing rule), and the
compute function must be importable (module level, or picklable by cloudpickle).

`distributed` is an optional dependency (extra `distributed`); it is imported
only when `map` runs, so the model itself can be validated and shown in the
Fractal UI without it.
"""

from __future__ import annotations

import contextlib
import logging
import pickle
import traceback
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn, TypeVar

from pydantic import Field

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.progress import Progress, describe_item
from ome_zarr_converters_tools.models.base import UserFacingModel

if TYPE_CHECKING:
    from types import ModuleType

    from distributed import Client, Future

__all__ = ["DaskDistributedRunner"]

logger = logging.getLogger(__name__)

_R = TypeVar("_R")

# Loopback and a free port: no fixed port to collide on, nothing exposed.
_NO_DASHBOARD = "127.0.0.1:0"

_INSTALL_HINT = (
    "DaskDistributedRunner needs the optional package 'distributed'. Install it "
    "with `pip install 'ome-zarr-converters-tools[distributed]'` (or "
    "`pip install distributed`), or use SequentialRunner, ThreadedRunner or "
    "MultiprocessingRunner instead."
)


def _import_distributed() -> ModuleType:
    """Import `distributed` lazily so that the extra stays optional."""
    try:
        import distributed
    except ImportError as exc:
        raise ConvertersToolsUserError(_INSTALL_HINT) from exc
    return distributed


@dataclass(frozen=True)
class _RemoteFailure:
    """A compute failure captured on the worker, made of plain strings.

    Exceptions do not always survive the trip back from a worker: classes with
    several builtin bases (our `ConvertersToolsFileNotFoundError` is both a
    `ValueError` and an `OSError`) break the traceback pickler `distributed`
    installs, and converter code may raise exceptions that do not pickle at all;
    dask then hands back a bare `Exception` with the original class lost. So the
    worker formats the error itself and returns this record, with the
    exception when it survives pickling.
    """

    cause: str
    """`"<ExceptionClass>: <message>"` of the original error."""
    remote_traceback: str
    exception: BaseException | None
    """The original exception if it survives pickling; it is what the client
    raises."""


def _picklable_or_none(exc: BaseException) -> BaseException | None:
    """Return `exc` if it round-trips through pickle, else None."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # any pickling failure only costs the __cause__ link
        return None
    return exc


def _run_on_worker(fn: Callable[[Any], Any], item: Any) -> Any:
    """Run `fn(item)` on a worker; turn an exception into a `_RemoteFailure`."""
    try:
        return fn(item)
    except Exception as exc:  # reported to the client, never swallowed
        text = "".join(traceback.format_exception(exc)).rstrip()
        return _RemoteFailure(
            cause=f"{type(exc).__name__}: {exc}",
            remote_traceback=text,
            exception=_picklable_or_none(exc),
        )


_FIX_HINT = (
    "Fix the cause shown below (the error and the worker traceback), then run the "
    "conversion again."
)
_KILLED_HINT = (
    "Every worker that ran it died (often: out of memory). Give the workers more "
    "memory (memory_limit, or the job size of your cluster), use fewer "
    "threads_per_worker, or a lower-memory writer mode such as 'By Tile'."
)


def _failure_error(
    failure: _RemoteFailure,
    *,
    image: str,
    position: int,
    total: int,
    cancelled: int,
    hint: str = _FIX_HINT,
) -> BaseException:
    """Return the error to raise for a failed compute task.

    The original exception when it came back from the worker, so its type is
    the one every other runner raises (`except FileNotFoundError`, `except
    ConvertersToolsUserError` keep working), with a note naming the image and
    carrying the remote traceback. An exception that could not come back
    becomes a `ConvertersToolsInternalError` that names its type.
    """
    if cancelled:
        hint += f" The {cancelled} image(s) still pending were cancelled."
    where = (
        f"Compute task {position + 1} of {total} failed for image {image!r} on the "
        "dask cluster"
    )
    details = f"{hint}\nRemote traceback (image {image!r}):\n{failure.remote_traceback}"
    if failure.exception is not None:
        failure.exception.add_note(f"{where}. {details}")
        return failure.exception
    return ConvertersToolsInternalError(
        f"{where}: {failure.cause}. The error cannot be copied back from the "
        f"worker process, so it is reported as this class.\n{details}"
    )


class DaskDistributedRunner(UserFacingModel):
    """Run the compute tasks on a dask.distributed cluster (local or remote).

    Results come back in the order of the parallelisation list, whatever order
    the workers finish in. Needs the optional `distributed` package.
    """

    mode: Literal["Dask Distributed"] = Field(default="Dask Distributed", title="Mode")
    """Discriminator of the runner union; always `"Dask Distributed"`."""

    scheduler_address: str | None = Field(default=None, title="Scheduler address")
    """Address of a running dask scheduler, e.g. `tcp://10.0.0.5:8786` or
    `cluster.scheduler_address` of a dask-jobqueue cluster. Leave empty to start a
    local cluster of worker processes for this run only."""

    n_workers: Annotated[int, Field(gt=0)] = Field(default=2, title="Local workers")
    """Number of worker processes of the local cluster (ignored with a
    scheduler address)."""

    threads_per_worker: Annotated[int, Field(gt=0)] = Field(
        default=1, title="Threads per local worker"
    )
    """Threads per local worker process; each thread converts one image at a
    time, so memory use grows with it (ignored with a scheduler address)."""

    memory_limit: str = Field(default="auto", title="Memory limit per local worker")
    """Memory limit of each local worker, e.g. `"4GiB"`; `"auto"` splits the
    machine's memory between the workers, `"0"` disables the limit (ignored with
    a scheduler address)."""

    dashboard_address: str | None = Field(default=None, title="Dashboard address")
    """Where the local cluster serves its diagnostics dashboard, e.g. `":8787"`;
    empty (default) starts no dashboard."""

    connect_timeout: Annotated[float, Field(gt=0)] = Field(
        default=30.0, title="Connection timeout (s)"
    )
    """Seconds to wait for the scheduler at `scheduler_address` to answer."""

    show_progress: bool = Field(default=True, title="Show progress")
    """Report finished images: a bar in terminals and notebooks when tqdm is
    installed, INFO log lines otherwise."""

    @contextlib.contextmanager
    def _client(self, distributed: ModuleType) -> Iterator[Client]:
        """Connect to the cluster for one `map` call and always disconnect.

        A local cluster is started and stopped here; a remote scheduler is only
        connected to, never shut down (other runs may share it).
        """
        if self.scheduler_address is not None:
            logger.info("Connecting to dask scheduler %s", self.scheduler_address)
            try:
                client = distributed.Client(
                    self.scheduler_address,
                    timeout=self.connect_timeout,
                    set_as_default=False,
                )
            except (OSError, TimeoutError) as exc:
                raise ConvertersToolsUserError(
                    f"Could not connect to the dask scheduler at "
                    f"{self.scheduler_address!r} within {self.connect_timeout} s: "
                    f"{exc}. Check that the scheduler runs and that the address "
                    "(protocol, host, port) is reachable from this machine, or leave "
                    "scheduler_address empty to use a local cluster."
                ) from exc
            with client:
                yield client
            return
        logger.info(
            "Starting a local dask cluster: %s worker process(es) x %s thread(s)",
            self.n_workers,
            self.threads_per_worker,
        )
        cluster = distributed.LocalCluster(
            n_workers=self.n_workers,
            threads_per_worker=self.threads_per_worker,
            processes=True,
            host="127.0.0.1",
            memory_limit=self.memory_limit,
            # The scheduler always runs an HTTP server (health checks); without an
            # address it would try port 8787, which another cluster may hold.
            dashboard_address=self.dashboard_address or _NO_DASHBOARD,
            silence_logs=logging.WARNING,
        )
        with cluster, distributed.Client(cluster, set_as_default=False) as client:
            if self.dashboard_address is not None:
                logger.info("Dask dashboard: %s", client.dashboard_link)
            yield client

    def map(self, fn: Callable[[Any], _R], items: Sequence[Any]) -> list[_R]:
        """Apply `fn` to every item on the cluster; results in input order.

        Args:
            fn: A picklable callable taking one parallelisation item (for
                `exec_compound_task`: the compute task with its extra keyword
                arguments bound). It must be importable on the workers.
            items: The parallelisation items, usually dicts with `zarr_url` and
                `init_args`.

        Returns:
            `fn(item)` for every item, in the order of `items`.

        Raises:
            ConvertersToolsUserError: If `distributed` is missing or the scheduler
                cannot be reached.
            Exception: The error of the first compute task to fail, with its
                own type (as under every runner) and a note naming the image
                and carrying the worker traceback; `ConvertersToolsInternalError`
                when that error cannot be copied back from the worker.
        """
        work = list(items)
        if not work:
            return []
        distributed = _import_distributed()
        run_id = uuid.uuid4().hex[:8]
        keys = [f"convert-image-{index}-{run_id}" for index in range(len(work))]
        with self._client(distributed) as client:
            futures: list[Future] = client.map(
                _run_on_worker, [fn] * len(work), work, key=keys, pure=False
            )
            return self._gather_in_order(distributed, client, futures, work)

    def _gather_in_order(
        self,
        distributed: ModuleType,
        client: Client,
        futures: list[Future],
        work: list[Any],
    ) -> list[Any]:
        """Collect results as they finish; stop at the first failure."""
        position = {future.key: index for index, future in enumerate(futures)}
        results: list[Any] = [None] * len(futures)
        progress = Progress(
            len(futures),
            description="Converting images (dask distributed)",
            use_tqdm=None if self.show_progress else False,
            log=logger,
            level=logging.INFO if self.show_progress else logging.DEBUG,
        )
        with progress:
            for future in distributed.as_completed(futures, loop=client.loop):
                index = position[future.key]
                outcome = future.result() if future.status == "finished" else future
                if isinstance(outcome, _RemoteFailure) or outcome is future:
                    self._raise_failure(client, outcome, futures, work, index)
                results[index] = outcome
                future.release()
                progress.update(item=describe_item(work[index]))
        return results

    @staticmethod
    def _raise_failure(
        client: Client,
        outcome: _RemoteFailure | Future,
        futures: list[Future],
        work: list[Any],
        index: int,
    ) -> NoReturn:
        """Cancel what is still pending and raise the error of item `index`.

        `outcome` is the worker's failure record, or the future itself when the
        task never returned (its workers died, or it was cancelled).
        """
        pending = [other for other in futures if not other.done()]
        if pending:
            client.cancel(pending)
            logger.info("Cancelled %s pending compute task(s)", len(pending))
        image = describe_item(work[index])
        if isinstance(outcome, _RemoteFailure):
            failure, hint = outcome, _FIX_HINT
        elif outcome.status == "cancelled":
            raise ConvertersToolsUserError(
                f"Compute task {index + 1} of {len(work)} for image {image!r} was "
                "cancelled on the dask cluster before it finished (scheduler "
                "restarted or the task was cancelled from another client). Run the "
                "conversion again."
            )
        else:
            exc = outcome.exception()
            text = "".join(
                traceback.format_exception(type(exc), exc, outcome.traceback())
            )
            failure = _RemoteFailure(
                cause=f"{type(exc).__name__}: {exc}",
                remote_traceback=text.rstrip(),
                exception=exc,
            )
            hint = _KILLED_HINT if type(exc).__name__ == "KilledWorker" else _FIX_HINT
        logger.error("Compute task for image %s failed: %s", image, failure.cause)
        raise _failure_error(
            failure,
            image=image,
            position=index,
            total=len(work),
            cancelled=len(pending),
            hint=hint,
        )
