"""Writes that cannot fail silently: kept in order, journaled beside the log, replayed (issue 16)."""

from __future__ import annotations

import errno
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from log_records import at, make_session

from focusdesk.core.sessions import Outcome
from focusdesk.store.database import LogDatabase, open_database
from focusdesk.store.errors import DatabaseLocked
from focusdesk.store.pending_writes import PendingWrites, Saved, day_op, heartbeat_op, session_op
from focusdesk.store.session_log import SessionLog


@pytest.fixture
def quick_db(db_path: Path) -> Iterator[LogDatabase]:
    database = open_database(db_path, busy_timeout_ms=50)
    yield database
    database.close()


@pytest.fixture
def quick_log(quick_db: LogDatabase) -> SessionLog:
    return SessionLog(quick_db)


@pytest.fixture
def journal(db_path: Path) -> Path:
    return db_path.with_name("focusdesk.pending")


@pytest.fixture
def held_lock(db_path: Path, quick_db: LogDatabase) -> Iterator[sqlite3.Connection]:
    """Another program in the middle of a write transaction."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def _release(other: sqlite3.Connection) -> None:
    other.execute("ROLLBACK")


def _outcomes(log: SessionLog, session_id: str) -> Outcome | None:
    rec = log.get_session(session_id)
    return None if rec is None else rec.outcome


def test_a_write_that_goes_through_is_in_the_log_and_leaves_no_journal(
    quick_log: SessionLog, journal: Path
) -> None:
    pending = PendingWrites(journal)
    rec = make_session(at(9), 25)
    result = pending.submit(session_op(rec), quick_log)
    assert result.saved is Saved.IN_LOG and result.error is None
    assert quick_log.get_session(rec.id) is not None
    assert not journal.exists() and len(pending) == 0


def test_a_locked_log_keeps_the_writes_in_order_in_a_private_journal_until_it_is_free(
    quick_log: SessionLog, journal: Path, held_lock: sqlite3.Connection
) -> None:
    pending = PendingWrites(journal)
    rec = make_session(at(9), 25)
    first = pending.submit(session_op(rec), quick_log)
    assert first.saved is Saved.IN_JOURNAL and isinstance(first.error, DatabaseLocked)
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    pending.submit(heartbeat_op(rec.id, at(9, 10)), quick_log)
    rec.ended_at = at(9, 25)
    rec.actual_seconds = 25 * 60
    rec.outcome = Outcome.COMPLETED
    assert pending.submit(session_op(rec), quick_log).saved is Saved.IN_JOURNAL
    assert len(pending) == 3

    assert isinstance(pending.flush(quick_log), DatabaseLocked)  # still locked: nothing lost
    assert len(pending) == 3
    _release(held_lock)
    assert pending.flush(quick_log) is None
    assert _outcomes(quick_log, rec.id) is Outcome.COMPLETED
    assert len(pending) == 0 and not journal.exists()


def test_the_journal_survives_a_restart_and_is_replayed(
    db_path: Path, quick_log: SessionLog, journal: Path, held_lock: sqlite3.Connection
) -> None:
    rec = make_session(at(9), 25)
    PendingWrites(journal).submit(session_op(rec), quick_log)
    _release(held_lock)

    again = PendingWrites(journal)  # the next start
    assert len(again) == 1
    assert again.flush(quick_log) is None
    stored = quick_log.get_session(rec.id)
    assert stored is not None and stored.label == rec.label
    assert not journal.exists()


def test_a_line_torn_by_a_crash_is_skipped_and_the_rest_replayed(
    quick_log: SessionLog, journal: Path, held_lock: sqlite3.Connection
) -> None:
    rec = make_session(at(9), 25)
    PendingWrites(journal).submit(session_op(rec), quick_log)
    with journal.open("a") as stream:
        stream.write('{"kind": "session", "row": {"id": "x"')  # power lost mid-line
    _release(held_lock)
    again = PendingWrites(journal)
    assert len(again) == 1
    assert again.flush(quick_log) is None
    assert quick_log.get_session(rec.id) is not None


def test_when_even_the_journal_cannot_be_written_the_write_waits_in_memory_and_says_so(
    quick_log: SessionLog,
    journal: Path,
    held_lock: sqlite3.Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pending = PendingWrites(journal)

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(PendingWrites, "_append_to_journal", disk_full)
    rec = make_session(at(9), 25)
    result = pending.submit(session_op(rec), quick_log)
    assert result.saved is Saved.IN_MEMORY
    monkeypatch.undo()
    _release(held_lock)
    assert pending.flush(quick_log) is None
    assert quick_log.get_session(rec.id) is not None


def test_a_day_record_and_a_heartbeat_for_a_vanished_block_replay_without_error(
    quick_log: SessionLog, journal: Path
) -> None:
    from datetime import date

    from focusdesk.core.sessions import DayRecord

    pending = PendingWrites(journal)
    day = DayRecord(day=date(2026, 11, 20), pattern_id="p", hard_stop_kept=True)
    assert pending.submit(day_op(day), quick_log).saved is Saved.IN_LOG
    assert pending.submit(heartbeat_op("gone", at(9)), quick_log).saved is Saved.IN_LOG
    saved = quick_log.get_day(date(2026, 11, 20))
    assert saved is not None and saved.hard_stop_kept is True
