"""Run a converter into a folder and check (or update) its stored snapshot."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ome_zarr_converters_tools.core.errors import ConvertersToolsFileNotFoundError
from ome_zarr_converters_tools.testing.snapshot.build import OutputType, build_snapshot
from ome_zarr_converters_tools.testing.snapshot.compare import compare_snapshots
from ome_zarr_converters_tools.testing.snapshot.models import (
    MultiPlateAssertionModel,
    MultiSingleImageAssertionModel,
)

__all__ = ["load_snapshot", "run_converter_test", "write_snapshot"]


def write_snapshot(
    snapshot: MultiPlateAssertionModel | MultiSingleImageAssertionModel,
    path: Path,
) -> None:
    """Store a snapshot as indented JSON (parent folders are created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(snapshot.model_dump(mode="json"), indent=2)
    path.write_text(text + "\n", encoding="utf-8")


def load_snapshot(
    path: Path, *, output_type: OutputType
) -> MultiPlateAssertionModel | MultiSingleImageAssertionModel:
    """Read a stored snapshot.

    Raises:
        ConvertersToolsFileNotFoundError: If the file does not exist.
    """
    if not path.exists():
        raise ConvertersToolsFileNotFoundError(
            f"Snapshot file {path} not found. Run the test once with "
            "--update-snapshots to create it, then review and commit it."
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    if output_type == "plate":
        return MultiPlateAssertionModel.model_validate(data)
    return MultiSingleImageAssertionModel.model_validate(data)


def run_converter_test(
    *,
    tmp_path: Path,
    api_fn: Callable[..., Any],
    api_kwargs: Mapping[str, Any],
    snapshot_path: Path,
    update_snapshots: bool,
    converter_options: Any | None = None,
    output_type: OutputType = "plate",
) -> None:
    """Convert with `api_fn` and compare the output with a stored snapshot.

    In check mode the output goes to `tmp_path/output`. In update mode it goes to
    `<snapshot folder>/../output` (kept for inspection) with `overwrite="Overwrite"`
    and the snapshot file is (re)written instead of compared.

    Args:
        tmp_path: pytest's `tmp_path`.
        api_fn: The converter's Python API; called as
            `api_fn(zarr_dir=..., **api_kwargs)` and returning the compute
            results (as `exec_compound_task` does).
        api_kwargs: Keyword arguments of `api_fn` (not modified).
        snapshot_path: The snapshot JSON file.
        update_snapshots: Write the snapshot instead of checking it (the
            `update_snapshots` fixture of the pytest plugin).
        converter_options: Passed as `converter_options=` when given.
        output_type: `"plate"` or `"single_image"`.

    Raises:
        AssertionError: Listing every difference, when the output does not match.
        ConvertersToolsFileNotFoundError: If the snapshot does not exist in check
            mode.
    """
    from ome_zarr_converters_tools.models.modes import OverwriteMode

    snapshot_path = Path(snapshot_path)
    kwargs = dict(api_kwargs)
    if update_snapshots:
        zarr_dir = snapshot_path.parent.parent / "output"
        kwargs["overwrite"] = OverwriteMode.OVERWRITE
    else:
        zarr_dir = Path(tmp_path) / "output"
        # Fail before converting: a missing snapshot is a setup problem.
        load_snapshot(snapshot_path, output_type=output_type)
    zarr_dir.mkdir(parents=True, exist_ok=True)
    if converter_options is not None:
        kwargs["converter_options"] = converter_options
    results = api_fn(zarr_dir=str(zarr_dir.resolve()), **kwargs)
    actual = build_snapshot(
        zarr_dir=zarr_dir, image_list_updates=results, output_type=output_type
    )
    if update_snapshots:
        write_snapshot(actual, snapshot_path)
        return
    expected = load_snapshot(snapshot_path, output_type=output_type)
    differences = compare_snapshots(expected, actual)
    if differences:
        lines = "\n".join(f"  - {line}" for line in differences)
        raise AssertionError(
            f"Snapshot {snapshot_path} does not match the output in {zarr_dir} "
            f"({len(differences)} difference(s)):\n{lines}\nIf the change is "
            "intended, rerun with --update-snapshots and review the diff."
        )
