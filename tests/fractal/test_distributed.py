"""Tests of DaskDistributedRunner on real dask.distributed clusters."""

from __future__ import annotations

import importlib
import json
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


def _notes(error: BaseException) -> str:
    return "\n".join(getattr(error, "__notes__", []))


def items(n: int) -> list[dict[str, Any]]:
    return [{"zarr_url": f"/out/P.zarr/A/0{i + 1}/0", "i": i} for i in range(n)]


@pytest.fixture(scope="module")
def scheduler_address() -> Iterator[str]:
    """One shared 2-process cluster for the tests that use an address."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    ) as cluster:
        with distributed.Client(cluster, set_as_default=False) as client:
            # Import the library once per worker here, not inside a timed test.
            client.run(importlib.import_module, "ome_zarr_converters_tools")
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


def test_exported_from_root_and_fractal() -> None:
    import ome_zarr_converters_tools as root
    from ome_zarr_converters_tools import fractal

    assert root.DaskDistributedRunner is DaskDistributedRunner
    assert fractal.DaskDistributedRunner is DaskDistributedRunner


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
    # The worker's own error, with its type (as under every runner) ...
    with pytest.raises(FileNotFoundError) as info:
        runner.map(fail_on_second, items(3))
    assert type(info.value) is FileNotFoundError
    assert "/nowhere/tile_1.png" in str(info.value)  # the file
    # ... and a note naming the image and carrying the worker traceback.
    note = _notes(info.value)
    assert "/out/P.zarr/A/02/0" in note  # the image
    assert "Compute task 2 of 3" in note
    assert "Remote traceback" in note
    assert "in fail_on_second" in note  # the worker frame


def test_failure_cancels_pending_work_instead_of_hanging(
    scheduler_address: str, tmp_path: Path
) -> None:
    stop_file = tmp_path / "stop"
    work = [{**item, "stop_file": str(stop_file)} for item in items(4)]
    runner = DaskDistributedRunner(scheduler_address=scheduler_address)
    start = time.perf_counter()
    try:
        with pytest.raises(ValueError, match="broken tile") as info:
            runner.map(fail_fast_or_wait, work)
        assert time.perf_counter() - start < 30  # the others would wait 60 s
        assert "still pending were cancelled" in _notes(info.value)
    finally:
        stop_file.touch()  # release the worker threads of the shared cluster


@pytest.mark.parametrize(
    "error",
    [
        ValueError("bad value"),
        FileExistsError("exists"),
        ConvertersToolsOutputExistsError("exists"),
        ConvertersToolsInternalError("broken"),
        RuntimeError("boom"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_failure_keeps_the_class_of_the_cause(
    scheduler_address: str, error: Exception
) -> None:
    runner = DaskDistributedRunner(scheduler_address=scheduler_address)
    with pytest.raises(type(error)) as info:
        runner.map(raise_given, [{"zarr_url": "/out/img.zarr", "error": error}])
    assert type(info.value) is type(error)
    assert info.value.args == error.args
    assert "/out/img.zarr" in _notes(info.value)


def list_init(*, n: int) -> dict[str, Any]:
    return {"parallelization_list": items(n)}


def square_compute(*, zarr_url: str, i: int, offset: int) -> dict[str, Any]:
    return {"zarr_url": zarr_url, "value": i * i + offset}


def test_exec_compound_task_with_a_runner_dict(scheduler_address: str) -> None:
    from ome_zarr_converters_tools import exec_compound_task

    results = exec_compound_task(
        list_init,
        square_compute,
        {"n": 4},
        {"offset": 10},
        runner={"mode": "Dask Distributed", "scheduler_address": scheduler_address},
    )
    assert [r["value"] for r in results] == [10, 11, 14, 19]
    assert results[3]["zarr_url"] == "/out/P.zarr/A/04/0"


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


def test_the_progress_switch_also_quiets_the_dask_runner(
    scheduler_address: str,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # show_progress=True (the default), overridden by exec_compound_task's
    # argument and by OZCT_PROGRESS=0, the switch of every runner
    from ome_zarr_converters_tools import exec_compound_task

    runner = DaskDistributedRunner(scheduler_address=scheduler_address)
    with caplog.at_level(logging.INFO, logger="ome_zarr_converters_tools"):
        exec_compound_task(
            list_init, square_compute, {"n": 2}, {"offset": 0}, runner, progress=False
        )
        monkeypatch.setenv("OZCT_PROGRESS", "0")
        runner.map(slow_square, items(2))
    assert not any("done (" in r.getMessage() for r in caplog.records)
    assert runner.show_progress  # the caller's model is not changed


@pytest.mark.slow  # starts its own cluster: ~4 s idle, 10-20 s on a busy machine
def test_local_cluster_is_started_and_stopped() -> None:
    runner = DaskDistributedRunner(n_workers=1, threads_per_worker=2)
    assert runner.map(slow_square, items(4)) == [0, 1, 4, 9]
    # the runner's own cluster is gone: no client of it is left as default
    with pytest.raises(ValueError, match="No clients found"):
        distributed.default_client()


# ------------------------------------------------------- real plate conversion


def write_plate_input(folder: Path, *, missing: str | None = None) -> Path:
    """Two wells x two FOVs of 32x40 uint16 tiles as .npy files plus a table.

    Returns the CSV path; `missing` names one tile file that is not written.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(7)
    rows = []
    for well, (row, column) in enumerate([("A", 1), ("B", 2)]):
        for fov in range(2):
            name = f"tile_{row}{column:02d}_f{fov}.npy"
            if name != missing:
                data = rng.integers(0, 4000, size=(32, 40), dtype=np.uint16)
                np.save(folder / name, data + well)
            rows.append(
                {
                    "file_path": name,
                    "row": row,
                    "column": column,
                    "fov_name": f"FOV_{fov}",
                    "start_x": 40.0 * fov,
                    "start_y": 0.0,
                    "length_x": 40,
                    "length_y": 32,
                    "condition": f"drug_{well}",
                }
            )
    table = folder / "tiles.csv"
    pd.DataFrame(rows).to_csv(table, index=False)
    return table


def plate_init(*, zarr_dir: str, table: str, serialization: str) -> dict[str, Any]:
    """An init task as a converter writes it (runs in the calling process)."""
    import pandas as pd

    from ome_zarr_converters_tools import (
        AcquisitionDetails,
        ChannelInfo,
        ConverterOptions,
        OverwriteMode,
        setup_images_for_conversion,
        tiles_aggregation_pipeline,
    )
    from ome_zarr_converters_tools.core.dataframe import hcs_images_from_dataframe

    options = ConverterOptions.model_validate(
        {
            "omezarr_options": {"num_levels": 2},
            "runtime_settings": {"temp_json_options": {"serialization": serialization}},
        }
    )
    details = AcquisitionDetails(
        pixelsize=0.5,
        axes=["c", "z", "y", "x"],
        channels=[ChannelInfo(channel_label="DAPI", wavelength_id="405")],
        data_type="uint16",
    )
    tiles_table = pd.read_csv(table)
    tiles_table["file_path"] = [
        str(Path(table).parent / name) for name in tiles_table["file_path"]
    ]
    tiles = hcs_images_from_dataframe(
        tiles_table=tiles_table, acquisition_details=details, plate_name="Demo"
    )
    images = tiles_aggregation_pipeline(tiles, converter_options=options)
    items = setup_images_for_conversion(
        images,
        zarr_dir=zarr_dir,
        collection_type="ImageInPlate",
        converter_options=options,
        overwrite_mode=OverwriteMode.NO_OVERWRITE,
    )
    return {"parallelization_list": items}


def run_plate(
    tmp: Path, runner: Any, *, serialization: str = "JSON", missing: str | None = None
) -> tuple[Path, list[Any]]:
    from functools import partial

    from ome_zarr_converters_tools import (
        DefaultImageLoader,
        ImageInPlate,
        exec_compound_task,
        generic_compute_task,
    )

    source = tmp / "input"
    source.mkdir()
    table = write_plate_input(source, missing=missing)
    zarr_dir = tmp / "out"
    compute = partial(
        generic_compute_task,
        collection_type=ImageInPlate,
        image_loader_type=DefaultImageLoader,
    )
    updates = exec_compound_task(
        plate_init,
        compute,
        {
            "zarr_dir": str(zarr_dir),
            "table": str(table),
            "serialization": serialization,
        },
        runner=runner,
    )
    return zarr_dir, updates


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("serialization", ["JSON", "Memory"])
def test_plate_on_two_worker_processes_matches_sequential(
    tmp_path: Path, scheduler_address: str, serialization: str
) -> None:
    from ome_zarr_converters_tools import SequentialRunner

    (tmp_path / "seq").mkdir()
    (tmp_path / "dask").mkdir()
    seq_dir, seq_updates = run_plate(
        tmp_path / "seq", SequentialRunner(), serialization=serialization
    )
    dask_dir, dask_updates = run_plate(
        tmp_path / "dask",
        DaskDistributedRunner(scheduler_address=scheduler_address),
        serialization=serialization,
    )
    # same update dicts (zarr_url aside, the output folders differ), same order
    strip = [(u, str(seq_dir)) for u in seq_updates] + [
        (u, str(dask_dir)) for u in dask_updates
    ]
    flat = [
        json.loads(json.dumps(update).replace(folder, "<zarr_dir>"))
        for update, folder in strip
    ]
    assert flat[: len(seq_updates)] == flat[len(seq_updates) :]
    assert len(seq_updates) == 2
    seq_files, dask_files = tree_bytes(seq_dir), tree_bytes(dask_dir)
    assert sorted(seq_files) == sorted(dask_files)
    different = [name for name in seq_files if seq_files[name] != dask_files[name]]
    assert different == []
    assert not (dask_dir / "_tmp_json").exists()  # hand-off files were consumed


def test_missing_tile_fails_naming_image_and_file(
    tmp_path: Path, scheduler_address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Init would refuse the missing file; skip its header checks to test the
    # error coming back from a dask worker.
    monkeypatch.setenv("OZCT_CHECK_HEADERS", "0")
    runner = DaskDistributedRunner(scheduler_address=scheduler_address)
    start = time.perf_counter()
    with pytest.raises(ConvertersToolsFileNotFoundError) as info:
        run_plate(tmp_path, runner, missing="tile_B02_f1.npy")
    assert "tile_B02_f1.npy" in str(info.value)  # the file
    assert "Demo.zarr/B/02/0" in _notes(info.value)  # the image (zarr_url)
    assert "Remote traceback" in _notes(info.value)
    assert time.perf_counter() - start < 60


def die(item: dict[str, Any]) -> None:
    import os

    os._exit(3)  # the worker process dies, as with an out-of-memory kill


@pytest.mark.slow  # its own cluster: ~5 s idle, 10-20 s on a busy machine
def test_dying_worker_fails_with_memory_hint_instead_of_hanging() -> None:
    import dask

    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.CRITICAL,
        ) as cluster,
    ):
        runner = DaskDistributedRunner(scheduler_address=cluster.scheduler_address)
        with pytest.raises(distributed.KilledWorker) as info:
            runner.map(die, items(1))
    assert "/out/P.zarr/A/01/0" in _notes(info.value)
    assert "out of memory" in _notes(info.value)
