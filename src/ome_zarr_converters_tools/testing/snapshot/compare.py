"""Field-by-field comparison of two snapshots into readable difference lines."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ome_zarr_converters_tools.testing.snapshot.models import (
    FingerprintModel,
    ImageAssertionModel,
    MultiPlateAssertionModel,
    MultiSingleImageAssertionModel,
    RoiAssertionModel,
    TableAssertionModel,
)

__all__ = ["STAT_ABS_TOL", "STAT_REL_TOL", "compare_snapshots"]

STAT_REL_TOL = 1e-6
"""Relative tolerance on fingerprint statistics (the hash stays exact)."""
STAT_ABS_TOL = 1e-6
"""Absolute tolerance on fingerprint statistics."""


def _close(expected: Sequence[float], actual: Sequence[float]) -> bool:
    """Compare two float sequences element-wise within the tolerances."""
    return len(expected) == len(actual) and all(
        math.isclose(e, a, rel_tol=STAT_REL_TOL, abs_tol=STAT_ABS_TOL)
        for e, a in zip(expected, actual, strict=True)
    )


def _diff_keys(path: str, expected: set[str], actual: set[str], out: list[str]) -> None:
    """Report names present on one side only."""
    if expected != actual:
        out.append(
            f"{path}: expected {sorted(expected)} != actual {sorted(actual)} "
            f"(missing {sorted(expected - actual)}, unexpected "
            f"{sorted(actual - expected)})"
        )


def _diff_fingerprint(
    path: str, exp: FingerprintModel, act: FingerprintModel, out: list[str]
) -> None:
    for name in ("mean", "std", "min", "max"):
        e, a = getattr(exp, name), getattr(act, name)
        if not _close([e], [a]):
            out.append(f"{path}.{name}: expected {e} != actual {a}")
    if exp.hash != act.hash:
        out.append(f"{path}.hash: expected {exp.hash} != actual {act.hash}")


def _same_slices(expected: str, actual: str) -> bool:
    """Compare two `slice_repr`s, ignoring the bracket kind.

    Snapshots written on ngio 1.1 before the text form was fixed hold a tuple
    repr (`"(x: ...)"`); 0.10.4 and ngio 0.5 write a list repr (`"[x: ...]"`).
    """
    return expected.strip("[]()") == actual.strip("[]()")


def _diff_roi(
    path: str, exp: RoiAssertionModel, act: RoiAssertionModel, out: list[str]
) -> None:
    if not _same_slices(exp.slice_repr, act.slice_repr):
        out.append(
            f"{path}.slice_repr: expected {exp.slice_repr!r} != actual "
            f"{act.slice_repr!r}"
        )
    _diff_fingerprint(f"{path}.finger_print", exp.finger_print, act.finger_print, out)
    if exp.yx_origin is not None and (
        act.yx_origin is None or not _close(exp.yx_origin, act.yx_origin)
    ):
        out.append(
            f"{path}.yx_origin: expected {exp.yx_origin} != actual {act.yx_origin}"
        )


def _diff_table(
    path: str,
    exp: TableAssertionModel | None,
    act: TableAssertionModel | None,
    out: list[str],
) -> None:
    if exp is None:
        return
    if act is None:
        out.append(f"{path}: expected a ROI table, but it is not readable as one")
        return
    _diff_keys(f"{path}.rois", set(exp.rois), set(act.rois), out)
    for name in sorted(set(exp.rois) & set(act.rois)):
        _diff_roi(f"{path}.rois[{name!r}]", exp.rois[name], act.rois[name], out)


def _diff_image(
    path: str, exp: ImageAssertionModel, act: ImageAssertionModel, out: list[str]
) -> None:
    if tuple(exp.axes) != tuple(act.axes):
        out.append(f"{path}.axes: expected {list(exp.axes)} != actual {list(act.axes)}")
    if tuple(exp.shape) != tuple(act.shape):
        out.append(
            f"{path}.shape: expected {list(exp.shape)} != actual {list(act.shape)}"
        )
    if not _close(exp.pixelsize, act.pixelsize):
        out.append(
            f"{path}.pixelsize: expected {list(exp.pixelsize)} != actual "
            f"{list(act.pixelsize)}"
        )
    # Channel lists are only compared when the snapshot pins them.
    for name in ("channel_labels", "wavelength_ids"):
        e, a = getattr(exp, name), getattr(act, name)
        if e and list(e) != list(a):
            out.append(f"{path}.{name}: expected {list(e)} != actual {list(a)}")
    if exp.types != act.types:
        out.append(f"{path}.types: expected {exp.types} != actual {act.types}")
    if exp.attributes != act.attributes:
        out.append(
            f"{path}.attributes: expected {exp.attributes} != actual {act.attributes}"
        )
    _diff_keys(f"{path}.tables", set(exp.tables), set(act.tables), out)
    for name in sorted(set(exp.tables) & set(act.tables)):
        _diff_table(f"{path}.tables[{name!r}]", exp.tables[name], act.tables[name], out)


def _diff_images(
    path: str,
    exp: dict[str, ImageAssertionModel],
    act: dict[str, ImageAssertionModel],
    out: list[str],
) -> None:
    _diff_keys(f"{path}images", set(exp), set(act), out)
    for name in sorted(set(exp) & set(act)):
        _diff_image(f"{path}images[{name!r}]", exp[name], act[name], out)


def compare_snapshots(
    expected: MultiPlateAssertionModel | MultiSingleImageAssertionModel,
    actual: MultiPlateAssertionModel | MultiSingleImageAssertionModel,
) -> list[str]:
    """List every difference between an expected and an actual snapshot.

    Statistics are compared with a 1e-6 relative/absolute tolerance, hashes and
    structure exactly; channel lists and `yx_origin` only when the expected
    snapshot pins them; `versions` never.

    Args:
        expected: The stored snapshot.
        actual: The snapshot of the fresh output.

    Returns:
        One line per difference, each naming the full path of the field; empty
        when the snapshots match.
    """
    out: list[str] = []
    if isinstance(expected, MultiPlateAssertionModel) and isinstance(
        actual, MultiPlateAssertionModel
    ):
        _diff_keys("plates", set(expected.plates), set(actual.plates), out)
        for name in sorted(set(expected.plates) & set(actual.plates)):
            exp_plate, act_plate = expected.plates[name], actual.plates[name]
            path = f"plates[{name!r}]."
            _diff_keys(f"{path}wells", set(exp_plate.wells), set(act_plate.wells), out)
            _diff_images(path, exp_plate.images, act_plate.images, out)
    elif isinstance(expected, MultiSingleImageAssertionModel) and isinstance(
        actual, MultiSingleImageAssertionModel
    ):
        _diff_images("", expected.images, actual.images, out)
    else:
        out.append(
            f"snapshot type mismatch: expected {type(expected).__name__} != "
            f"actual {type(actual).__name__} (a plate snapshot compared with a "
            "single-image one); pass the output_type the converter writes, or "
            "regenerate the snapshot with --update-snapshots"
        )
    return out
