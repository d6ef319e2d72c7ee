r"""What a name may be wherever it becomes part of an output path, table or file.

Names come from microscope metadata and user tables (plate names, well rows,
FOV names, attribute columns), so every one of them is checked here, once, by
the kind of place it ends up in:

- **zarr names** (plate name, stand-alone image path, with its per-FOV suffix):
  the zarr-group rule of 0.10 (`VALID_ZARR_NAME_PATTERN`: letters, digits,
  `_ . -` and inner spaces, not only dots, no leading `__`).
- **path components** (well row, well column, the image name inside a well,
  i.e. `<acquisition>` or `<acquisition>_<fov_name>` per FOV, every part of an
  image path): not empty, not `.` or `..`, no `/` or `\` (both separate
  folders once a URL is joined), no control characters.
- **FOV names**: no control characters, in every mode (they are written to
  `FOV_ROI_table` and to the hand-off JSON). Separators and dots only matter
  where a FOV name becomes part of a folder name (per-FOV / `NoTiling` mode),
  and that is checked as a path component, so mosaic mode keeps 0.10's freedom.
- **column names** (attributes that become condition-table columns and
  image-list attributes): not empty, no control characters.
- **attribute values**: any text without the NUL character.

**Per-FOV image names** in a plate are `<acquisition>_<fov_name>` (the 0.10 and
1.1.1 layout, kept by default so existing plates and converters see the same
paths). NGFF 0.4/0.5 only allow `[a-zA-Z0-9]` in a well's image paths, so such a
plate fails NGFF validation (ome-zarr-models). `per_fov_suffix(...,
ngff_names=True)` (the `ngff_names=` argument of the aggregation, or
`OZCT_NGFF_NAMES=1`) names them `<acquisition><fov_name without other
characters>` instead, e.g. `0FOV1`.

Every path component, `.zarr` included, is at most `MAX_NAME_BYTES` bytes in
UTF-8. All failures raise `ConvertersToolsNameError` naming the kind of name,
the value (shortened when huge), the tiles-table row when known, and what is
allowed. Where a URL may then be written or deleted is decided separately, in
`core/url_guard.py`.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NoReturn

from ome_zarr_converters_tools.core.errors import ConvertersToolsNameError

__all__ = [
    "MAX_NAME_BYTES",
    "NGFF_NAMES_ENV",
    "VALID_ZARR_NAME_PATTERN",
    "check_attribute_value",
    "check_column_name",
    "check_fov_name",
    "check_image_names",
    "check_path_component",
    "check_relative_path",
    "check_well_row",
    "check_zarr_name",
    "describe_name",
    "ngff_names_enabled",
    "per_fov_suffix",
]

MAX_NAME_BYTES = 255
"""Longest path component, in UTF-8 bytes.

255 is the per-component limit of ext4, XFS, btrfs and ZFS (bytes) and of NTFS
and APFS (UTF-16 units, never more than the UTF-8 byte count), so a component
that passes fits every common local file system; S3 keys allow 1024 bytes for
the whole key, which a few components of this size also respect."""

VALID_ZARR_NAME_PATTERN = r"^(?!__)(?! )((?!^\.+$)[a-zA-Z0-9_. -]+)(?<! )$"
"""Names usable as a zarr group: letters, digits, `_ . -` and inner spaces."""

_ZARR_NAME_RE = re.compile(VALID_ZARR_NAME_PATTERN)
_SEPARATORS = ("/", "\\")
_CONTROL_CATEGORIES = frozenset({"Cc", "Cs"})
"""Unicode control characters (NUL, newline, tab, DEL, C1) and lone surrogates
(which cannot be encoded, so no file system or table can store them)."""

_SHOWN_CHARACTERS = 40
_COMPONENT_RULE = (
    "a non-empty name that is not '.' or '..', without '/', '\\' or control "
    f"characters, at most {MAX_NAME_BYTES} bytes in UTF-8"
)


def describe_name(name: str) -> str:
    """Return `repr(name)`, shortened for names too long to print whole.

    Args:
        name: The name to show in a message.

    Returns:
        The repr, or its first characters plus the length for huge names.
    """
    if len(name) <= 2 * _SHOWN_CHARACTERS:
        return repr(name)
    size = len(name.encode("utf-8", errors="surrogatepass"))
    return f"{name[:_SHOWN_CHARACTERS]!r}... ({len(name)} characters, {size} bytes)"


def _where(row: Any | None) -> str:
    """The tiles-table row, for messages; empty when unknown."""
    return "" if row is None else f" (tiles table row {row!r})"


def _fail(
    what: str, name: str, problem: str, *, allowed: str, fix: str, row: Any | None
) -> NoReturn:
    """Raise the one error of this module with its fixed message layout."""
    raise ConvertersToolsNameError(
        f"Invalid {what} {describe_name(name)}{_where(row)}: {problem}. "
        f"Allowed: {allowed}. {fix}"
    )


def _control_characters(name: str) -> list[str]:
    """The distinct control characters of `name`, in order of appearance."""
    found = [c for c in name if unicodedata.category(c) in _CONTROL_CATEGORIES]
    return list(dict.fromkeys(found))


def _byte_length(name: str) -> int:
    """Length of `name` in UTF-8, counting lone surrogates as 3 bytes."""
    return len(name.encode("utf-8", errors="surrogatepass"))


def _component_problem(name: str) -> str | None:
    """Why `name` cannot be a path component, or None when it can."""
    if not name:
        return "it is empty"
    if name in (".", ".."):
        return f"{name!r} names a folder itself or its parent"
    separators = [sep for sep in _SEPARATORS if sep in name]
    if separators:
        return (
            f"it contains {' and '.join(map(repr, separators))}, which would split "
            "it into nested folders or climb out of its folder"
        )
    controls = _control_characters(name)
    if controls:
        return f"it contains the control character(s) {', '.join(map(repr, controls))}"
    size = _byte_length(name)
    if size > MAX_NAME_BYTES:
        return (
            f"it is {size} bytes long in UTF-8, more than the {MAX_NAME_BYTES} "
            "bytes file systems allow for one folder name"
        )
    return None


def check_path_component(
    name: str,
    *,
    what: str,
    row: Any | None = None,
    fix: str = "Rename it.",
) -> str:
    r"""Check that `name` can be one folder or file name of an output path.

    Args:
        name: The component, exactly as it will be written.
        what: The kind of name, for the message (e.g. "well row").
        row: Tiles-table row the name comes from, when known.
        fix: How to fix it, appended to the message.

    Returns:
        `name` unchanged.

    Raises:
        ConvertersToolsNameError: If the name is empty, `.` or `..`, contains
            `/`, `\` or control characters, or exceeds `MAX_NAME_BYTES`.
    """
    problem = _component_problem(name)
    if problem is not None:
        _fail(what, name, problem, allowed=_COMPONENT_RULE, fix=fix, row=row)
    return name


def check_relative_path(
    path: str, *, what: str = "image path", row: Any | None = None
) -> str:
    """Check that `path` is a relative path of valid components (`a/b/c`).

    Used on the path of every image before it is joined onto `zarr_dir`, so a
    custom collection class is held to the same rules as the built-in ones.

    Args:
        path: Relative path with `/` separators.
        what: The kind of path, for the message.
        row: Tiles-table row the path comes from, when known.

    Returns:
        `path` unchanged.

    Raises:
        ConvertersToolsNameError: If the path is absolute (`/`, `~`, a drive
            letter), or any component fails `check_path_component`.
    """
    fix = "Fix the collection that computes this path (its names or its path())."
    if path.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", path):
        _fail(
            what,
            path,
            "it is absolute, but images are always written below zarr_dir",
            allowed="a relative path such as 'plate.zarr/A/01/0'",
            fix=fix,
            row=row,
        )
    for component in path.split("/"):
        problem = _component_problem(component)
        if problem is not None:
            _fail(
                what,
                path,
                f"its part {describe_name(component)} is invalid: {problem}",
                allowed=f"parts separated by '/', each {_COMPONENT_RULE}",
                fix=fix,
                row=row,
            )
    return path


def check_zarr_name(
    name: str, *, what: str, written_as: str | None = None, row: Any | None = None
) -> str:
    """Check a plate name or stand-alone image path (the 0.10 zarr-name rule).

    Args:
        name: The name as given (with its per-FOV suffix, if any).
        what: The kind of name, for the message.
        written_as: The folder name actually written (with `.zarr`), whose
            length is checked; defaults to `name`.
        row: Tiles-table row the name comes from, when known.

    Returns:
        `name` unchanged.

    Raises:
        ConvertersToolsNameError: If the name breaks the zarr-name pattern or
            the written folder name exceeds `MAX_NAME_BYTES`.
    """
    suggestion = re.sub(r"[^a-zA-Z0-9_.-]", "_", name.strip())[:64] or "image"
    allowed = (
        "only A-Z, a-z, 0-9, '-', '_', '.' and inner spaces; the name must not "
        "start with '__', start or end with a space, or consist only of dots, "
        f"and with '.zarr' it is at most {MAX_NAME_BYTES} bytes"
    )
    # fullmatch: with `match`, `$` also accepts a trailing newline ("P\n").
    if not _ZARR_NAME_RE.fullmatch(name):
        raise ConvertersToolsNameError(
            f"Invalid Zarr name {describe_name(name)} for the {what}{_where(row)}: "
            f"{allowed}. Rename it, e.g. {suggestion!r}."
        )
    written = name if written_as is None else written_as
    if _byte_length(written) > MAX_NAME_BYTES:
        raise ConvertersToolsNameError(
            f"Invalid Zarr name {describe_name(name)} for the {what}{_where(row)}: "
            f"the folder {describe_name(written)} would be {_byte_length(written)} "
            f"bytes long, more than the {MAX_NAME_BYTES} bytes file systems allow "
            f"for one folder name. Allowed: {allowed}. Use a shorter name."
        )
    return name


def check_well_row(row_name: str) -> str:
    """Check a well row name (after number-to-letter conversion).

    Args:
        row_name: The row, e.g. `"B"` or `"AF"`.

    Returns:
        `row_name` unchanged.

    Raises:
        ConvertersToolsNameError: If the row has characters other than letters
            and digits, or is too long for a folder name.
    """
    if not (row_name.isascii() and row_name.isalnum()):
        # NGFF plates allow alphanumeric row names only; 'ZZ' is fine, 'Ä' not.
        _fail(
            "well row",
            row_name,
            "it is not made of ASCII letters and digits only",
            allowed="a letter such as 'A' (or 'AF' on large plates) or a number "
            "1-26, which becomes a letter",
            fix="Fix the row value in the tiles table.",
            row=None,
        )
    return check_path_component(row_name, what="well row")


def check_fov_name(name: str, *, row: Any | None = None) -> str:
    """Check a FOV name for what every mode needs: no control characters.

    Where a FOV name becomes part of a folder name (per-FOV mode) the image
    name inside the well is checked too, by `check_path_component`.

    Args:
        name: The FOV name.
        row: Tiles-table row the name comes from, when known.

    Returns:
        `name` unchanged.

    Raises:
        ConvertersToolsNameError: If the name contains a control character
            (NUL, newline, tab, ...).
    """
    controls = _control_characters(name)
    if controls:
        _fail(
            "FOV name",
            name,
            f"it contains the control character(s) {', '.join(map(repr, controls))}, "
            "which FOV_ROI_table and file names cannot hold",
            allowed="any text without control characters (in per-FOV mode also "
            "without '/' or '\\', at most "
            f"{MAX_NAME_BYTES} bytes with its acquisition prefix)",
            fix="Remove the character from the FOV name.",
            row=row,
        )
    return name


NGFF_NAMES_ENV = "OZCT_NGFF_NAMES"
"""Environment variable: `1`/`true`/`yes`/`on` names per-FOV plate images with
letters and digits only (see `per_fov_suffix`)."""

_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
_NOT_NGFF_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9]")


def ngff_names_enabled(ngff_names: bool | None = None) -> bool:
    """Decide whether per-FOV plate images get NGFF-valid (alphanumeric) names.

    An explicit argument wins; otherwise `OZCT_NGFF_NAMES` decides, and the
    default is off: the 0.10 names (`0_FOV_1`) stay what existing converters,
    plates and their users expect. The variable exists for converters whose init
    task cannot pass the argument (a published Fractal task).

    Args:
        ngff_names: True/False to decide, None to use the environment.

    Returns:
        True to name per-FOV plate images with letters and digits only.
    """
    if ngff_names is not None:
        return bool(ngff_names)
    return os.environ.get(NGFF_NAMES_ENV, "").strip().lower() in _TRUE_WORDS


def per_fov_suffix(fov_name: str, *, ngff_names: bool = False) -> str:
    """Return what per-FOV splitting appends to an image path for one FOV.

    Args:
        fov_name: The FOV name of the tile.
        ngff_names: False (0.10 layout): `"_" + fov_name`, so image `0` of FOV
            `FOV_1` is `0_FOV_1`. True: the FOV name's ASCII letters and digits
            only, so the image is `0FOV1`, a name NGFF allows in a well.

    Returns:
        The suffix.

    Raises:
        ConvertersToolsNameError: If `ngff_names` is true and the FOV name has
            no ASCII letter or digit.
    """
    if not ngff_names:
        return f"_{fov_name}"
    kept = _NOT_NGFF_NAME_CHARACTERS.sub("", fov_name)
    if not kept:
        _fail(
            "FOV name",
            fov_name,
            "NGFF image names (ngff_names=True / OZCT_NGFF_NAMES=1) keep only "
            "its ASCII letters and digits, and it has none",
            allowed="a FOV name with at least one letter a-z, A-Z or digit 0-9",
            fix="Rename the FOVs in the converter, or convert with "
            "ngff_names=False (image paths <acquisition>_<fov_name>).",
            row=None,
        )
    return kept


def check_column_name(name: Any, *, row: Any | None = None) -> str:
    """Check an attribute name that becomes a condition-table column.

    Args:
        name: The attribute (tiles-table column) name.
        row: Tiles-table row, when known (column names usually have none).

    Returns:
        The name.

    Raises:
        ConvertersToolsNameError: If the name is not a non-empty string or
            contains control characters (polars and Fractal's image list cannot
            store them).
    """
    allowed = "a non-empty string without control characters (NUL, newline, tab)"
    fix = (
        "Rename the column, e.g. tiles_table.rename(columns={old: 'new'}), or "
        "rename the attribute key."
    )
    if not isinstance(name, str):
        raise ConvertersToolsNameError(
            f"Invalid attribute column name {name!r}{_where(row)}: it is a "
            f"{type(name).__name__}, not a string. Allowed: {allowed}. {fix}"
        )
    if not name:
        _fail(
            "attribute column name",
            name,
            "it is empty",
            allowed=allowed,
            fix=fix,
            row=row,
        )
    controls = _control_characters(name)
    if controls:
        _fail(
            "attribute column name",
            name,
            f"it contains the control character(s) {', '.join(map(repr, controls))}",
            allowed=allowed,
            fix=fix,
            row=row,
        )
    return name


def check_attribute_value(value: Any, *, column: str, row: Any | None = None) -> Any:
    """Check one attribute value: text may not contain the NUL character.

    NUL ends strings in the C libraries below polars, zarr and databases, so a
    value holding one is cut or refused after files were written.

    Args:
        value: The value (only strings are checked).
        column: The attribute name, for the message.
        row: Tiles-table row, when known.

    Returns:
        `value` unchanged.

    Raises:
        ConvertersToolsNameError: If the value is a string containing NUL.
    """
    if isinstance(value, str) and "\x00" in value:
        raise ConvertersToolsNameError(
            f"Invalid value {describe_name(value)} of attribute {column!r}"
            f"{_where(row)}: it contains the NUL character '\\x00'. Allowed: any "
            "text without NUL. Remove the character from the value."
        )
    return value


def _fov_names(image: Any) -> Iterable[str]:
    """The FOV names of a TiledImage (the names of its region ROIs)."""
    for region in getattr(image, "regions", ()):
        name = getattr(getattr(region, "roi", None), "name", None)
        if isinstance(name, str):
            yield name


def check_image_names(tiled_images: Sequence[Any]) -> None:
    """Check every name of the images that reaches a path, table or file.

    The init task calls this on all images before it writes anything: the
    image path (each component), the FOV names, the attribute names and the
    attribute values.

    Args:
        tiled_images: The TiledImages of one conversion.

    Raises:
        ConvertersToolsNameError: At the first invalid name, naming the image.
    """
    for image in tiled_images:
        path = str(image.path)
        try:
            check_relative_path(path)
            for fov_name in dict.fromkeys(_fov_names(image)):
                check_fov_name(fov_name)
            attributes: Mapping[Any, Any] = getattr(image, "attributes", {}) or {}
            for key, values in attributes.items():
                column = check_column_name(key)
                for value in values if isinstance(values, list | tuple) else [values]:
                    check_attribute_value(value, column=column)
        except ConvertersToolsNameError as exc:
            raise ConvertersToolsNameError(
                f"Image {describe_name(path)}: {exc}"
            ) from exc
