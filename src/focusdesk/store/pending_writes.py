"""Writes that cannot fail silently: a queue of pending log writes and its journal.

When the log cannot take a write (another program holds its lock, the disk is
full, the disk failed), the write is not dropped: it waits here, in order,
and is appended to a small journal beside the log (one JSON line each,
fsync'd, 0600) so that it also survives a crash or a quit. The app retries
with back-off; the next start replays the journal before anything else.
Once everything is in the log the journal is removed.

A write is a plain, JSON-able operation (`session_op`, `heartbeat_op`,
`day_op`): the row as the log stores it, so replaying is an upsert and
replaying twice does no harm.
"""

from __future__ import annotations

import enum
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from focusdesk.core.sessions import DayRecord, SessionRecord
from focusdesk.store.errors import StorageError, classify_os_error
from focusdesk.store.private_files import PRIVATE_FILE_MODE
from focusdesk.store.session_log import SessionLog, day_to_row, session_to_row, utc_text

log = logging.getLogger(__name__)

#: One write: {"kind": "session" | "heartbeat" | "day", "row": {...}}.
Operation = dict[str, Any]


def session_op(rec: SessionRecord) -> Operation:
    """Write a session as it is now (opened, updated or closed)."""
    return {"kind": "session", "row": session_to_row(rec)}


def heartbeat_op(session_id: str, at: datetime) -> Operation:
    return {"kind": "heartbeat", "row": {"id": session_id, "at": utc_text(at, "heartbeat time")}}


def day_op(rec: DayRecord) -> Operation:
    return {"kind": "day", "row": day_to_row(rec)}


class Saved(enum.Enum):
    """Where a submitted write is now."""

    IN_LOG = "in the log"
    IN_JOURNAL = "in the pending-writes journal"
    #: Neither the log nor the journal could take it: only this process holds it.
    IN_MEMORY = "only in memory"


@dataclass(frozen=True, slots=True)
class SubmitResult:
    saved: Saved
    #: Why the log did not take it (None when it did).
    error: StorageError | None = None


class PendingWrites:
    """The writes the log has not taken yet, oldest first, mirrored in `journal`."""

    def __init__(self, journal: Path) -> None:
        self.journal = journal
        self._queue: list[Operation] = self._read_journal()
        #: How many queued writes are not in the journal (it could not be written).
        self._unjournaled = 0

    def __len__(self) -> int:
        return len(self._queue)

    @property
    def all_journaled(self) -> bool:
        return self._unjournaled == 0

    def submit(self, op: Operation, store: SessionLog) -> SubmitResult:
        """Write `op` to the log now if nothing waits before it; else (or on failure) keep it."""
        if not self._queue:
            try:
                store.apply(op)
            except StorageError as error:
                return SubmitResult(self._keep(op), error)
            return SubmitResult(Saved.IN_LOG)
        saved = self._keep(op)
        failure = self.flush(store)
        if failure is None:
            return SubmitResult(Saved.IN_LOG)
        return SubmitResult(saved if op in self._queue else Saved.IN_LOG, failure)

    def flush(self, store: SessionLog) -> StorageError | None:
        """Write what waits, in order; the error that stopped it, or None when all are in."""
        written = 0
        failure: StorageError | None = None
        for op in self._queue:
            try:
                store.apply(op)
            except StorageError as error:
                failure = error
                break
            written += 1
        if written:
            del self._queue[:written]
            self._unjournaled = min(self._unjournaled, len(self._queue))
            self._rewrite_journal()
        return failure

    # --- the journal ---------------------------------------------------------------

    def _keep(self, op: Operation) -> Saved:
        self._queue.append(op)
        try:
            self._append_to_journal(op)
        except OSError as error:
            self._unjournaled += 1
            log.error("cannot keep a pending write in %s: %s", self.journal, error)
            return Saved.IN_MEMORY
        return Saved.IN_JOURNAL

    def _append_to_journal(self, op: Operation) -> None:
        line = (json.dumps(op, ensure_ascii=False) + "\n").encode("utf-8", "replace")
        created = not self.journal.exists()
        fd = os.open(self.journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE_MODE)
        try:
            written = os.write(fd, line)
            if written != len(line):
                raise OSError(f"only {written} of {len(line)} bytes written")
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            _fsync_folder(self.journal.parent)  # the new file's name survives power loss too

    def _rewrite_journal(self) -> None:
        """The journal after some writes went in: removed when empty, else rewritten whole."""
        try:
            if not self._queue:
                self.journal.unlink(missing_ok=True)
                return
            temp = self.journal.with_name(self.journal.name + ".tmp")
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
            with os.fdopen(fd, "wb") as stream:
                for op in self._queue:
                    stream.write((json.dumps(op, ensure_ascii=False) + "\n").encode())
                stream.flush()
                os.fsync(stream.fileno())
            temp.replace(self.journal)
            self._unjournaled = 0
        except OSError as error:
            # The old journal stays: replaying writes that are already in is harmless.
            log.warning(
                "cannot update %s: %s", self.journal, classify_os_error(error, self.journal)
            )

    def _read_journal(self) -> list[Operation]:
        try:
            raw = self.journal.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as error:
            log.error("cannot read the pending writes in %s: %s", self.journal, error)
            return []
        ops: list[Operation] = []
        for number, line in enumerate(raw.splitlines(), start=1):
            try:
                op = json.loads(line.decode("utf-8", "replace"))
            except ValueError:
                # A line cut short by a crash mid-append: it was never reported as kept.
                log.warning("skipped line %d of %s: not a complete write", number, self.journal)
                continue
            if isinstance(op, dict) and _valid(op):
                ops.append(op)
            else:
                log.warning(
                    "skipped line %d of %s: not a write FocusDesk knows", number, self.journal
                )
        return ops


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_KINDS: dict[str, Callable[[Any], bool]] = {
    "session": lambda row: isinstance(row, dict) and isinstance(row.get("id"), str),
    "heartbeat": lambda row: isinstance(row, dict) and isinstance(row.get("id"), str),
    "day": lambda row: isinstance(row, dict) and isinstance(row.get("day"), str),
}


def _valid(op: dict[str, Any]) -> bool:
    check = _KINDS.get(op.get("kind", ""))
    return check is not None and check(op.get("row"))
