"""Crash safety, Extend checks and concurrent setups (issue 10 items 3-5).

The full kill sweep (every mutation, every scenario, both NGFF versions) is
`.ci/crash_sweep.sh`; here a sample of the same harness runs: kills, and a full
disk at an open, a mkdir or a rename (`enospc`) or half-way through writing a
chunk, metadata or table file (`partial`).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from crash_sweep import _convert, _images, _tiles, compute_entry, differences, snapshot

from ome_zarr_converters_tools import OverwriteMode
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsDamagedOutputError,
    ConvertersToolsOutputExistsError,
)
from ome_zarr_converters_tools.pipelines.ome_zarr.container import (
    FINISHED_RECORD,
    INCOMPLETE_MARKER,
    check_existing_image,
    verify_image,
)

SWEEP = Path(__file__).with_name("crash_sweep.py")
IMAGE = "Crash.zarr/B/03/0"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("ngff", "scenarios", "stride", "offset"),
    [
        ("0.4", ["fresh", "enospc", "partial"], 61, 3),
        ("0.5", ["fresh", "overwrite", "extend", "grow", "partial"], 83, 11),
    ],
)
def test_sampled_kill_sweep_reruns_are_byte_identical(
    tmp_path: Path, ngff: str, scenarios: list[str], stride: int, offset: int
) -> None:
    command = [sys.executable, str(SWEEP), "--workdir", str(tmp_path), "--ngff", ngff]
    command += ["--stride", str(stride), "--offset", str(offset)]
    for scenario in scenarios:
        command += ["--scenario", scenario]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    summary = [line for line in result.stdout.splitlines() if line.strip()]
    assert result.returncode == 0, "\n".join(summary[-20:]) + result.stderr[-3000:]
    assert "0 failure(s)" in summary[-1]


# ---- Extend checks before it keeps ---------------------------------------------


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash_data")
    _tiles(folder)
    return folder


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, data: Path) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("crash_ref") / "out"
    _convert(out, data, OverwriteMode.NO_OVERWRITE, "0.4", "csv")
    return snapshot(out)


@pytest.fixture
def out(tmp_path: Path, data: Path) -> Path:
    folder = tmp_path / "out"
    _convert(folder, data, OverwriteMode.NO_OVERWRITE, "0.4", "csv")
    return folder


def _extend(out: Path, data: Path) -> None:
    _convert(out, data, OverwriteMode.EXTEND, "0.4", "csv")


def _chunk(out: Path) -> Path:
    return next(
        p
        for p in sorted((out / IMAGE / "0").rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    )


DAMAGES = {
    "level deleted": lambda image: _rmtree(image / "1"),
    "level metadata truncated": lambda image: _truncate(image / "1" / ".zarray"),
    "level-0 metadata truncated": lambda image: _truncate(image / "0" / ".zarray"),
    "image metadata truncated": lambda image: _truncate(image / ".zattrs"),
    "FOV table deleted": lambda image: _rmtree(image / "tables" / "FOV_ROI_table"),
    "FOV table truncated": lambda image: _truncate(
        image / "tables" / "FOV_ROI_table" / "table.csv"
    ),
    "chunk deleted": lambda image: _chunk(image.parents[3]).unlink(),
    "chunk truncated": lambda image: _truncate(_chunk(image.parents[3])),
}


def _rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path)


def _truncate(path: Path) -> None:
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2])


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_extend_redoes_a_damaged_image_it_finished(
    out: Path,
    data: Path,
    reference: dict[str, Any],
    damage: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    image = out / IMAGE
    DAMAGES[damage](image)
    assert check_existing_image(str(image))

    with caplog.at_level(logging.WARNING):
        _extend(out, data)

    assert any("is damaged" in r.getMessage() for r in caplog.records)
    assert differences(snapshot(out), reference) == []


@pytest.mark.parametrize(
    "damage", ["level deleted", "level-0 metadata truncated", "FOV table deleted"]
)
def test_extend_refuses_a_damaged_image_it_did_not_finish(
    out: Path, data: Path, damage: str
) -> None:
    image = out / IMAGE
    (image / FINISHED_RECORD).unlink()  # as written by 0.10 or another tool
    DAMAGES[damage](image)
    before = snapshot(out)

    with pytest.raises(ConvertersToolsDamagedOutputError) as info:
        _extend(out, data)

    message = str(info.value)
    assert IMAGE in message
    assert "Overwrite" in message
    assert "JSONDecodeError" not in type(info.value).__name__
    assert snapshot(out) == before


def test_extend_keeps_an_intact_image_without_record(out: Path, data: Path) -> None:
    (out / IMAGE / FINISHED_RECORD).unlink()
    before = snapshot(out)

    _extend(out, data)

    assert snapshot(out) == before


def test_truncated_well_metadata_is_a_named_library_error(
    out: Path, data: Path
) -> None:
    _truncate(out / "Crash.zarr" / "B" / "03" / ".zattrs")

    with pytest.raises(ConvertersToolsDamagedOutputError) as info:
        _extend(out, data)

    assert "'B/03'" in str(info.value)


def test_checksums_find_a_garbled_chunk_only_when_verifying(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OZCT_RECORD_CHECKSUMS", "1")
    out = tmp_path / "out"
    _convert(out, data, OverwriteMode.NO_OVERWRITE, "0.4", "csv")
    reference = snapshot(out)
    record = json.loads((out / IMAGE / FINISHED_RECORD).read_text())
    assert set(record["blake2b-128"]) == set(record["files"])
    chunk = _chunk(out)
    chunk.write_bytes(bytes(255 - b for b in chunk.read_bytes()))  # same size

    assert check_existing_image(str(out / IMAGE)) == []  # cheap check: sizes
    problems = verify_image(str(out / IMAGE))
    assert len(problems) == 1
    assert "checksum" in problems[0]

    monkeypatch.setenv("OZCT_VERIFY_EXISTING", "1")
    _extend(out, data)
    assert differences(snapshot(out), reference) == []


def test_marker_exists_before_the_first_byte_of_the_image(
    tmp_path: Path, data: Path
) -> None:
    """The first file created in an image folder is the in-progress marker."""
    created: list[str] = []
    root = str((tmp_path / "out").resolve())

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and isinstance(args[0], str) and args[0].startswith(root):
            flags = args[2] if isinstance(args[2], int) else 0
            mode = args[1] if isinstance(args[1], str) else ""
            if any(c in mode for c in "wax+") or flags & (os.O_WRONLY | os.O_CREAT):
                created.append(args[0][len(root) + 1 :])

    sys.addaudithook(hook)
    _convert(tmp_path / "out", data, OverwriteMode.NO_OVERWRITE, "0.4", "csv")
    root = "\0"  # disarm: audit hooks cannot be removed
    in_image = [path for path in created if path.startswith(IMAGE + "/")]
    assert in_image[0] == f"{IMAGE}/{INCOMPLETE_MARKER}"
    assert in_image[-1] == f"{IMAGE}/{FINISHED_RECORD}"


# ---- concurrent setups and compute jobs ---------------------------------------

_PRELUDE = """
import sys, time
from pathlib import Path
sys.path.insert(0, {here!r})
"""

# Inserted where a racer has done its imports: say so, wait for the start.
_WAIT_FOR_GO = """
Path({ready!r}).touch()
while not Path({go!r}).exists():
    time.sleep(0.002)
"""

_SETUP_RACER = """
from crash_sweep import _images
from ome_zarr_converters_tools import ConverterOptions, OmeZarrOptions
from ome_zarr_converters_tools import setup_images_for_conversion
from ome_zarr_converters_tools.core.errors import ConvertersToolsOutputExistsError
images = [i for i in _images(Path({data!r})) if i.path.split("/")[1] == {arg!r}]
{wait}
try:
    setup_images_for_conversion(
        images, zarr_dir={zarr_dir!r}, collection_type="ImageInPlate",
        converter_options=ConverterOptions(omezarr_options=OmeZarrOptions()),
        overwrite_mode={mode!r},
    )
except ConvertersToolsOutputExistsError:
    print("LOST")
else:
    print("WON")
"""

# A compute job of one image; the pixel write is slowed down so that the two
# jobs surely overlap (the second must wait for the image lock, or, without
# it, would write into the first one's half-made image).
_COMPUTE_RACER = """
import json, logging
from crash_sweep import compute_entry
from ome_zarr_converters_tools.core.errors import ConvertersToolsOutputExistsError
from ome_zarr_converters_tools.pipelines.ome_zarr import container

def slow_write_pixels(*args, **kwargs):
    time.sleep(2.5)
    return write_pixels(*args, **kwargs)

write_pixels = container.write_pixels
container.write_pixels = slow_write_pixels
messages = []
handler = logging.Handler()
handler.emit = lambda record: messages.append(record.getMessage())
for name in ("ome_zarr_converters_tools.pipelines.ome_zarr.container",
             "ome_zarr_converters_tools.core.locks"):
    logging.getLogger(name).addHandler(handler)
    logging.getLogger(name).setLevel(logging.INFO)
entry = json.loads(Path({arg!r}).read_text())
{wait}
try:
    compute_entry(entry, {data!r})
except ConvertersToolsOutputExistsError:
    outcome = "LOST"
else:
    outcome = "KEPT" if any("keeps it untouched" in m for m in messages) else "WROTE"
waited = any(m.startswith("Waiting for another process") for m in messages)
print(outcome + (" waited" if waited else ""))
"""


def _race(
    tmp_path: Path, data: Path, mode: str, args: tuple[str, str], script: str
) -> list[str]:
    """Start two processes, release them together, return their last lines."""
    zarr_dir = tmp_path / "out"
    go = tmp_path / "go"
    ready = [tmp_path / f"ready{i}" for i in range(len(args))]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _PRELUDE.format(here=str(SWEEP.parent))
                + script.format(
                    data=str(data),
                    arg=arg,
                    zarr_dir=str(zarr_dir),
                    mode=mode,
                    wait=_WAIT_FOR_GO.format(ready=str(flag), go=str(go)),
                ),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for arg, flag in zip(args, ready, strict=True)
    ]
    results: list[tuple[str, str]] = []
    try:
        deadline = time.monotonic() + 120
        while not all(flag.exists() for flag in ready):  # both imported, waiting
            if time.monotonic() > deadline or any(
                p.poll() is not None for p in processes
            ):
                break
            time.sleep(0.01)
        go.touch()
        for process in processes:
            results.append(process.communicate(timeout=120))
    finally:  # never leave a racer (or its pipes) behind for the next test
        for process in processes[len(results) :]:
            process.kill()
            process.communicate()
    for process, (_, stderr) in zip(processes, results, strict=True):
        assert process.returncode == 0, stderr[-3000:]
    return [stdout.strip().splitlines()[-1] for stdout, _ in results]


RACE_ROUNDS = int(os.environ.get("OZCT_RACE_ROUNDS", "2"))


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(RACE_ROUNDS))
def test_concurrent_no_overwrite_inits_one_wins(
    tmp_path: Path, data: Path, round_: int
) -> None:
    outcomes = _race(tmp_path, data, "No Overwrite", ("B", "B"), _SETUP_RACER)
    assert sorted(outcomes) == ["LOST", "WON"]
    plate = json.loads((tmp_path / "out" / "Crash.zarr" / ".zattrs").read_text())
    assert [w["path"] for w in plate["plate"]["wells"]] == ["B/03"]


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(RACE_ROUNDS))
def test_concurrent_extend_inits_list_the_union(
    tmp_path: Path, data: Path, round_: int
) -> None:
    outcomes = _race(tmp_path, data, "Extend", ("B", "C"), _SETUP_RACER)
    assert outcomes == ["WON", "WON"]
    plate_dir = tmp_path / "out" / "Crash.zarr"
    plate = json.loads((plate_dir / ".zattrs").read_text())
    assert sorted(w["path"] for w in plate["plate"]["wells"]) == ["B/03", "C/05"]
    for well in ("B/03", "C/05"):
        images = json.loads((plate_dir / well / ".zattrs").read_text())["well"]
        assert [i["path"] for i in images["images"]] == ["0"]
    assert not (plate_dir / INCOMPLETE_MARKER).exists()


def _set_up(out: Path, data: Path, mode: OverwriteMode) -> list[dict[str, Any]]:
    """Run the init of the crash-sweep conversion; return its compute entries."""
    from ome_zarr_converters_tools import (
        ConverterOptions,
        OmeZarrOptions,
        setup_images_for_conversion,
    )

    return setup_images_for_conversion(
        _images(data),
        zarr_dir=str(out),
        collection_type="ImageInPlate",
        converter_options=ConverterOptions(
            omezarr_options=OmeZarrOptions(num_levels=2, table_backend="csv")
        ),
        overwrite_mode=mode,
    )


EXPECTED_COMPUTE_RACE = {
    # The first writes the image; the second waits, then keeps it (Extend),
    # replaces it (Overwrite) or refuses it (No Overwrite).
    OverwriteMode.EXTEND: ["KEPT", "WROTE"],
    OverwriteMode.OVERWRITE: ["WROTE", "WROTE"],
    OverwriteMode.NO_OVERWRITE: ["LOST", "WROTE"],
}


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(RACE_ROUNDS))
@pytest.mark.parametrize("mode", list(EXPECTED_COMPUTE_RACE), ids=lambda m: m.value)
def test_concurrent_compute_jobs_of_one_image_take_turns(
    tmp_path: Path,
    data: Path,
    reference: dict[str, Any],
    mode: OverwriteMode,
    round_: int,
) -> None:
    out = tmp_path / "out"
    if mode is OverwriteMode.OVERWRITE:  # replacing a finished plate
        _convert(out, data, OverwriteMode.NO_OVERWRITE, "0.4", "csv")
    entries = _set_up(out, data, mode)
    for entry in entries[1:]:
        compute_entry(entry, str(data))
    job = tmp_path / "job.json"
    job.write_text(json.dumps(entries[0]))

    outcomes = _race(tmp_path, data, mode.value, (str(job), str(job)), _COMPUTE_RACER)

    assert sorted(o.split()[0] for o in outcomes) == EXPECTED_COMPUTE_RACE[mode]
    assert sum(o.endswith(" waited") for o in outcomes) == 1, outcomes
    assert differences(snapshot(out), reference) == []


def test_no_overwrite_loser_writes_nothing(out: Path, data: Path) -> None:
    before = snapshot(out)
    with pytest.raises(ConvertersToolsOutputExistsError):
        _convert(out, data, OverwriteMode.NO_OVERWRITE, "0.4", "csv")
    assert snapshot(out) == before


@pytest.mark.slow
def test_compute_jobs_of_one_plate_in_parallel_processes(
    tmp_path: Path, data: Path, reference: dict[str, Any]
) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from ome_zarr_converters_tools import (
        ConverterOptions,
        OmeZarrOptions,
        setup_images_for_conversion,
    )

    out = tmp_path / "out"
    entries = setup_images_for_conversion(
        _images(data),
        zarr_dir=str(out),
        collection_type="ImageInPlate",
        converter_options=ConverterOptions(
            omezarr_options=OmeZarrOptions(num_levels=2, table_backend="csv")
        ),
    )
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        list(pool.map(compute_entry, entries, [str(data)] * len(entries)))

    assert differences(snapshot(out), reference) == []
