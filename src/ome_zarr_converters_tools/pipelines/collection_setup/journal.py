"""Crash-safe plate setup: every change to a plate is journalled before it starts.

Creating, replacing or extending a plate writes several documents (the plate
document, one document per well, the plate condition table). A process killed
between two of them, or a full disk, would leave a plate that lists wells that
do not exist, or wells the plate does not list. So each change is first
written, complete, as a journal: the file `JOURNAL` in the plate folder (the
same name as an image's in-progress marker), holding every document the change
writes. Then the documents are written, then the journal is removed.

A later setup of the same plate (any mode) finds the journal and completes it
before it plans anything (`recover_plate`): the documents are written again
from the journal, so the plate ends exactly as the interrupted run meant it,
byte for byte. A journal that does not parse was interrupted while being
written, before any document was; it is dropped. See docs/dev/architecture.md,
"Finished images and plates".
"""

from __future__ import annotations

import base64
import errno
import io
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

import fsspec
import polars as pl
from ngio.hcs import open_ome_zarr_plate
from ngio.ome_zarr_meta import (
    NgioPlateMeta,
    NgioWellMeta,
    update_ngio_plate_meta,
    update_ngio_well_meta,
)
from ngio.tables import ConditionTable
from ngio.utils import ZarrGroupHandler

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsError,
    ConvertersToolsWriteError,
)
from ome_zarr_converters_tools.core.url_guard import check_below, remove_below
from ome_zarr_converters_tools.core.urls import filesystem_for_url, join_url_paths
from ome_zarr_converters_tools.pipelines.ome_zarr.container import INCOMPLETE_MARKER
from ome_zarr_converters_tools.pipelines.ome_zarr.layout import zarr_format_for
from ome_zarr_converters_tools.pipelines.ome_zarr.tables import CONDITION_TABLE_NAME

__all__ = ["JOURNAL", "PlateJournal", "apply_journal", "recover_plate"]

logger = logging.getLogger(__name__)

JOURNAL = INCOMPLETE_MARKER
"""Journal file of a plate whose setup is under way or was interrupted."""

_JOURNAL_KIND = "ome-zarr-converters-tools plate journal"


@dataclass
class PlateJournal:
    """Every document one plate change writes, decided before the first write.

    Attributes:
        clear: Remove every file of the plate first (a plate replaced in
            `Overwrite` mode).
        ngff_version: NGFF version of the plate.
        plate: The plate metadata (`NgioPlateMeta`) as JSON data.
        wells: Well path -> well metadata (`NgioWellMeta`) as JSON data.
        condition_table: The plate condition table (Arrow IPC, base64), or
            None to leave the table as it is.
    """

    clear: bool
    ngff_version: str
    plate: dict[str, Any]
    wells: dict[str, dict[str, Any]]
    condition_table: str | None = None

    @staticmethod
    def encode_frame(frame: pl.DataFrame | None) -> str | None:
        """Serialise a condition frame exactly (dtypes included)."""
        if frame is None:
            return None
        buffer = io.BytesIO()
        frame.write_ipc(buffer)
        return base64.b64encode(buffer.getvalue()).decode("ascii")

    def frame(self) -> pl.DataFrame | None:
        """The condition frame stored in the journal."""
        if self.condition_table is None:
            return None
        return pl.read_ipc(io.BytesIO(base64.b64decode(self.condition_table)))

    def to_bytes(self) -> bytes:
        """The journal file content (JSON)."""
        data = {
            "kind": _JOURNAL_KIND,
            "clear": self.clear,
            "ngff_version": self.ngff_version,
            "plate": self.plate,
            "wells": self.wells,
            "condition_table": self.condition_table,
        }
        return json.dumps(data, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, content: bytes) -> PlateJournal | None:
        """Parse a journal; None for a journal cut short while being written."""
        try:
            data = json.loads(content)
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("kind") != _JOURNAL_KIND:
            return None
        return cls(
            clear=bool(data["clear"]),
            ngff_version=str(data["ngff_version"]),
            plate=data["plate"],
            wells=data["wells"],
            condition_table=data.get("condition_table"),
        )


def _journal_url(plate_url: str) -> str:
    return join_url_paths(plate_url, JOURNAL)


def apply_journal(
    plate_url: str,
    journal: PlateJournal,
    *,
    root: str,
    fs: fsspec.AbstractFileSystem | None = None,
    written: bool = False,
) -> None:
    """Write the journal, then every document it holds, then remove it.

    Used for the first run (the journal is written first) and to complete an
    interrupted one (`written=True`): the writes are the same, so both end
    with the same bytes.

    Args:
        plate_url: URL of the plate folder.
        journal: The change.
        root: The output folder (`zarr_dir`) the plate lies in.
        fs: The filesystem of `plate_url`.
        written: The journal is already stored (recovery).
    """
    fs = fs or filesystem_for_url(plate_url, error_msg_prefix="Setting up a plate")
    try:
        _apply(plate_url, journal, root=root, fs=fs, written=written)
    except OSError as exc:
        if isinstance(exc, ConvertersToolsError):
            raise
        target = exc.filename or plate_url
        reason = "the disk is full" if exc.errno in _FULL_ERRNOS else exc.strerror
        raise ConvertersToolsWriteError(
            f"Plate {plate_url!r}: could not write {str(target)!r} ({reason or exc}). "
            f"The plate keeps its journal {JOURNAL!r}; free space or fix the cause, "
            "then rerun the conversion (any overwrite_mode): the setup is completed "
            "first."
        ) from exc


_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


def _apply(
    plate_url: str,
    journal: PlateJournal,
    *,
    root: str,
    fs: fsspec.AbstractFileSystem,
    written: bool,
) -> None:
    """The writes of `apply_journal`, in order."""
    journal_url = check_below(_journal_url(plate_url), root=root, what="plate journal")
    if not written:
        fs.makedirs(plate_url, exist_ok=True)
        fs.pipe_file(journal_url, journal.to_bytes())
    if journal.clear and fs.exists(plate_url):
        remove_below(
            fs,
            plate_url,
            root=root,
            what=f"the existing content of plate {plate_url!r}",
            keep=(JOURNAL,),
        )
    handler = ZarrGroupHandler(
        store=plate_url,
        cache=True,
        mode="a",
        zarr_format=zarr_format_for(journal.ngff_version),
    )
    if written:
        _drop_partial_writes(fs, plate_url, root=root)
    update_ngio_plate_meta(handler, NgioPlateMeta.model_validate(journal.plate))
    for well_path, well in journal.wells.items():
        # Each level explicitly: zarr only builds missing parent groups when it
        # creates a group, not when it opens one an interrupted run created.
        handler.get_handler(well_path.split("/")[0], create_mode=True)
        well_handler = handler.get_handler(well_path, create_mode=True)
        update_ngio_well_meta(well_handler, NgioWellMeta.model_validate(well))
    frame = journal.frame()
    if frame is not None:
        open_ome_zarr_plate(plate_url, cache=False).add_table(
            CONDITION_TABLE_NAME,
            ConditionTable(table_data=frame),
            backend="csv",
            overwrite=True,
        )
    fs.rm_file(journal_url)


_PARTIAL_WRITE = re.compile(r"\.[0-9a-f]{32}\.partial$")
"""Temporary file of zarr's local store, left behind when a write was killed."""


def _drop_partial_writes(
    fs: fsspec.AbstractFileSystem, plate_url: str, *, root: str
) -> None:
    """Remove temporary files an interrupted plate write left (not in images).

    Files inside image folders (`<row>/<column>/<image>/...`) are left to the
    image's own marker: the compute task redoes such an image.
    """
    base = str(fs._strip_protocol(check_below(plate_url, root=root, what="plate")))
    stray = []
    for path in fs.find(plate_url):
        relative = str(path)[len(base.rstrip("/")) :].lstrip("/")
        parts = relative.split("/")
        if _PARTIAL_WRITE.search(parts[-1]) and (
            len(parts) <= 3 or parts[0] == "tables"
        ):
            stray.append(path)
    if stray:
        logger.info("Plate %s: removing %d interrupted write(s)", plate_url, len(stray))
        fs.rm(stray)


def recover_plate(plate_url: str, *, root: str) -> None:
    """Complete the interrupted setup of a plate, if its journal says so.

    Args:
        plate_url: URL of the plate folder.
        root: The output folder (`zarr_dir`).
    """
    fs = filesystem_for_url(plate_url, error_msg_prefix="Setting up a plate")
    journal_url = _journal_url(plate_url)
    if not fs.exists(journal_url):
        return
    journal = PlateJournal.from_bytes(fs.cat_file(journal_url))
    if journal is None:
        # Cut short while being written: no document of that change was.
        logger.warning(
            "Plate %s: dropping the journal of a setup interrupted before it "
            "wrote anything",
            plate_url,
        )
        fs.rm_file(check_below(journal_url, root=root, what="plate journal"))
        if not fs.find(plate_url):
            # A new plate: nothing but empty folders remains.
            remove_below(fs, plate_url, root=root, what="an empty plate folder")
        return
    logger.warning(
        "Plate %s: completing a setup that was interrupted (journal %r found)",
        plate_url,
        JOURNAL,
    )
    apply_journal(plate_url, journal, root=root, fs=fs, written=True)
