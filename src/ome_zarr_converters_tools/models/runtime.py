"""Runtime settings: dask scheduler, zarrs codec and the init-to-compute hand-off.

A conversion never changes process-wide configuration: `RuntimeSettings.job()`
makes the settings the running job's in the current thread only (a context
variable), and the writers read them from there (`job_dask_options`,
`job_uses_zarrs_codec`): the scheduler is passed to `dask.compute`, and the
zarrs codec pipeline is attached to the arrays the job writes. Overlapping jobs
in threads (`ThreadedRunner`) therefore cannot change each other's settings or
the caller's dask and zarr configuration. `RuntimeSettings.apply()` keeps the
0.10 behaviour, process-wide configuration for the duration of a block, for
callers who want the settings around their own dask or zarr code.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from importlib.util import find_spec
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from ome_zarr_converters_tools.core.api_line import (
    accept_spellings,
    presentation_config,
)
from ome_zarr_converters_tools.core.errors import ConvertersToolsMissingDependencyError
from ome_zarr_converters_tools.core.urls import join_url_paths
from ome_zarr_converters_tools.models.base import UserFacingModel

__all__ = [
    "DaskScheduler",
    "DefaultScheduler",
    "ProcessScheduler",
    "RuntimeSettings",
    "SynchronousScheduler",
    "TempJsonOptions",
    "ThreadScheduler",
]

logger = logging.getLogger(__name__)

_DEFAULT_MAX_IN_MEMORY_BYTES = 10 * 1024 * 1024


class _SchedulerBase(UserFacingModel):
    """Shared behaviour of the scheduler choices (1.x `mode` spelling)."""

    def get_config(self) -> dict[str, object]:
        """Return the `dask.config.set` mapping of this choice."""
        return {}


class ThreadScheduler(_SchedulerBase):
    """Run dask tasks on a pool of threads."""

    model_config = presentation_config("ThreadScheduler")

    type: Literal["Threads"] = "Threads"
    """Discriminator: dask scheduler `threads`."""
    num_workers: int = Field(default=8, ge=1, title="Number of Threads")
    """Number of worker threads (at least 1)."""

    def get_config(self) -> dict[str, object]:
        """Return `{"scheduler": "threads", "num_workers": n}`."""
        return {"scheduler": "threads", "num_workers": self.num_workers}


class ProcessScheduler(_SchedulerBase):
    """Run dask tasks on a pool of processes (loaders must be picklable)."""

    model_config = presentation_config("ProcessScheduler")

    type: Literal["Processes"] = "Processes"
    """Discriminator: dask scheduler `processes`."""
    num_workers: int = Field(default=8, ge=1, title="Number of Processes")
    """Number of worker processes (at least 1)."""

    def get_config(self) -> dict[str, object]:
        """Return `{"scheduler": "processes", "num_workers": n}`."""
        return {"scheduler": "processes", "num_workers": self.num_workers}


class SynchronousScheduler(_SchedulerBase):
    """Run dask tasks one after the other in the calling thread (debugging)."""

    model_config = presentation_config("SynchronousScheduler")

    type: Literal["Synchronous"] = "Synchronous"
    """Discriminator: dask scheduler `synchronous`."""

    def get_config(self) -> dict[str, object]:
        """Return `{"scheduler": "synchronous"}`."""
        return {"scheduler": "synchronous"}


class DefaultScheduler(_SchedulerBase):
    """Leave the dask scheduler as the caller configured it."""

    model_config = presentation_config("DefaultScheduler")

    type: Literal["Default"] = "Default"
    """Discriminator: do not touch the dask configuration."""

    def get_config(self) -> dict[str, object]:
        """Return `{}`: nothing to set."""
        return {}


DaskScheduler = Annotated[
    ThreadScheduler | ProcessScheduler | SynchronousScheduler | DefaultScheduler,
    Field(discriminator="type"),
    BeforeValidator(accept_spellings("DaskScheduler")),
]
"""Dask scheduler used during a conversion, selected by `type` (1.x: `mode`)."""


class TempJsonOptions(UserFacingModel):
    """How TiledImages travel from the init task to the compute tasks."""

    model_config = presentation_config("TempJsonOptions")

    temp_url: str = "{zarr_dir}/_tmp_json"
    """Folder of the temporary JSON files; `{zarr_dir}` is replaced by the
    output folder."""
    serialization: Literal["Auto", "Memory", "JSON"] = "Auto"
    """`Memory` passes the JSON inline in the task arguments; `JSON` writes one
    file per image (needed when init and compute run on different machines
    without shared arguments storage); `Auto` stays inline up to
    `max_in_memory_bytes` of total JSON."""
    max_in_memory_bytes: int = Field(
        default=_DEFAULT_MAX_IN_MEMORY_BYTES, ge=1, title="Max In-Memory Bytes"
    )
    """Largest total JSON size, in bytes, kept inline by `Auto` (10 MiB)."""

    def format_temp_url(self, zarr_dir: str) -> str:
        """Return the temporary folder for `zarr_dir`, normalised.

        Args:
            zarr_dir: The output folder of the conversion.

        Returns:
            `temp_url` with `{zarr_dir}` filled in and slashes normalised.
        """
        return join_url_paths(self.temp_url.format(zarr_dir=zarr_dir))

    def use_in_memory(self, total_bytes: int) -> bool:
        """Tell whether a payload of `total_bytes` stays inline.

        Args:
            total_bytes: Total size of the serialised TiledImages.

        Returns:
            True for `Memory`, False for `JSON`, and for `Auto` whether the
            payload is at most `max_in_memory_bytes`.
        """
        if self.serialization == "Memory":
            return True
        if self.serialization == "JSON":
            return False
        return total_bytes <= self.max_in_memory_bytes


def _require_zarrs() -> None:
    """Raise a library `ImportError` when the optional `zarrs` package is missing.

    Raises:
        ConvertersToolsMissingDependencyError: If `zarrs` cannot be imported.
    """
    if find_spec("zarrs") is None:
        raise ConvertersToolsMissingDependencyError(
            "use_zarrs_codec=True but the optional 'zarrs' package is not "
            "installed. Install it (pip install zarrs, or the 'zarrs' extra of "
            "ome-zarr-converters-tools) or set "
            "converter_options.runtime_settings.use_zarrs_codec=False."
        )


class RuntimeSettings(UserFacingModel):
    """Process-wide knobs applied only for the duration of a conversion.

    The defaults change nothing, so callers that never build a
    `RuntimeSettings` keep their own dask and zarr configuration.
    """

    model_config = presentation_config("RuntimeSettings")

    use_zarrs_codec: bool = Field(default=False, title="Use Zarrs Codec Pipeline")
    """Use the Rust `zarrs` codec pipeline (needs the optional `zarrs` package)."""
    dask_scheduler: DaskScheduler = Field(
        default_factory=DefaultScheduler, title="Dask Scheduler"
    )
    """Dask scheduler set with `dask.config.set` during the conversion."""
    temp_json_options: TempJsonOptions = Field(
        default_factory=TempJsonOptions, title="Temporary JSON Options"
    )
    """How TiledImages are handed from init to compute."""

    @model_validator(mode="after")
    def _check_zarrs_installed(self) -> RuntimeSettings:
        """Refuse `use_zarrs_codec=True` at validation when `zarrs` is missing.

        Failing here, when the task arguments are read, beats failing in the
        middle of a conversion after the plate was created (0.10 contract).
        """
        if self.use_zarrs_codec:
            _require_zarrs()
        return self

    @contextmanager
    def apply(self) -> Iterator[None]:
        """Apply the settings process-wide inside a `with` block, then restore.

        The 0.10 API, for a caller's own dask or zarr code: `dask.config` and
        `zarr.config` are global, so use it from one thread at a time. The
        library's conversions use `job()` instead and never call this.

        Raises:
            ConvertersToolsMissingDependencyError: If `use_zarrs_codec` is set
                but the `zarrs` package is not installed (only reachable for
                settings built without validation, e.g. `model_construct`).
        """
        import dask
        import zarr

        with ExitStack() as stack:
            if self.use_zarrs_codec:
                _require_zarrs()
                stack.enter_context(
                    zarr.config.set({"codec_pipeline.path": "zarrs.ZarrsCodecPipeline"})
                )
            config = self.dask_scheduler.get_config()
            logger.debug("Applying dask configuration %s", config)
            stack.enter_context(dask.config.set(config))
            yield

    @contextmanager
    def job(self) -> Iterator[None]:
        """Make these the settings of the job running in this thread.

        Nothing process-wide changes: the writers read the settings with
        `job_dask_options()` and `job_uses_zarrs_codec()`, so jobs that overlap
        in other threads keep their own, and the caller's dask and zarr
        configuration stays as it was. Context variables are per thread, and
        threads started inside the block do not inherit them.

        Raises:
            ConvertersToolsMissingDependencyError: If `use_zarrs_codec` is set
                but the `zarrs` package is not installed (only reachable for
                settings built without validation, e.g. `model_construct`).
        """
        if self.use_zarrs_codec:
            _require_zarrs()
        token = _JOB_SETTINGS.set(self)
        try:
            yield
        finally:
            _JOB_SETTINGS.reset(token)


_JOB_SETTINGS: ContextVar[RuntimeSettings | None] = ContextVar(
    "ome_zarr_converters_tools_job_settings", default=None
)
"""The settings of the job running in this thread (`RuntimeSettings.job()`)."""


def job_dask_options() -> dict[str, object]:
    """Return the `dask.compute` scheduler keywords of the running job.

    A job that chose a scheduler gets it (`scheduler`, and `num_workers` where
    the choice has one); a job with `DefaultScheduler`, or code outside any job,
    gets what the caller configured with `dask.config` (`scheduler` may then be
    None: dask's default).
    """
    import dask

    settings = _JOB_SETTINGS.get()
    chosen = settings.dask_scheduler.get_config() if settings is not None else {}
    if chosen:
        return dict(chosen)
    return {
        "scheduler": dask.config.get("scheduler", None),
        "num_workers": dask.config.get("num_workers", None),
    }


def job_uses_zarrs_codec() -> bool:
    """Tell whether the job running in this thread asked for the zarrs codec."""
    settings = _JOB_SETTINGS.get()
    return settings is not None and settings.use_zarrs_codec
