"""Schema migrations: an old log opens with every row kept, after a backup."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from log_records import FIXED_NOW, at, make_session, old_day_row
from sqlite_utils import Database

from focusdesk.core.sessions import DayRecord, Outcome, SessionKind, SessionRecord, WeeklyReview
from focusdesk.store import migrations
from focusdesk.store.database import open_database
from focusdesk.store.errors import StorageError
from focusdesk.store.migrations import SCHEMA_VERSION, applied_version, schema_migrations
from focusdesk.store.session_log import SessionLog, session_to_row

FIXTURES = Path(__file__).parent / "fixtures"
V2 = "v2_day_and_open_indexes"


def _index_names(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    conn.close()
    return {row[0] for row in rows}


def _write_v1_log(path: Path) -> tuple[list[SessionRecord], list[DayRecord]]:
    """A log as schema v1 wrote it: the v1 migration only, with sessions and days in it."""
    sessions = [
        make_session(at(9, 0), 90, ended_minutes=90, label="Client — Acme"),
        make_session(at(10, 30), 10, ended_minutes=10, kind=SessionKind.BUFFER, label=""),
        make_session(at(11, 0), 60, ended_minutes=45, outcome=Outcome.STOPPED, note="call"),
        make_session(at(16, 0), 90, heartbeat_at=at(16, 20)),  # left open by a crash
    ]
    days = [
        DayRecord(day=date(2026, 11, 20), pattern_id="deep-work-biome", energy=3),
        DayRecord(day=date(2026, 11, 19), pattern_id="deep-work-biome", checklist_done=["x"]),
    ]
    db = Database(path)
    schema_migrations().apply(db, stop_before=V2)
    db.table("sessions").insert_all([session_to_row(s) for s in sessions])
    db.table("days").insert_all([old_day_row(d) for d in days])
    db.close()
    return sessions, days


def test_the_v1_migration_alone_builds_a_version_1_log(tmp_path: Path) -> None:
    path = tmp_path / "focusdesk.sqlite3"
    _write_v1_log(path)
    db = Database(path)
    assert applied_version(db.conn) == (1, [])
    assert "idx_sessions_day" not in _index_names(path)
    db.close()


def test_a_log_written_by_schema_v1_opens_with_every_row_kept(tmp_path: Path) -> None:
    path = tmp_path / "focusdesk.sqlite3"
    sessions, days = _write_v1_log(path)

    opened = open_database(path, clock=lambda: FIXED_NOW)
    try:
        assert opened.schema_version == SCHEMA_VERSION == 4
        log = SessionLog(opened)
        assert list(log.iter_all_sessions()) == sessions
        assert log.days_between(date(2026, 11, 1), date(2026, 11, 30)) == sorted(
            days, key=lambda d: d.day
        )
        assert {"idx_sessions_day", "idx_sessions_open"} <= _index_names(path)
        # The open block from the old run is still recoverable after the upgrade.
        [recovered] = log.recover_open_sessions(now=at(18))
        assert recovered.ended_at == at(16, 20)
    finally:
        opened.close()


def test_a_migration_first_backs_up_the_log_with_its_old_schema(tmp_path: Path) -> None:
    path = tmp_path / "focusdesk.sqlite3"
    sessions, _ = _write_v1_log(path)

    opened = open_database(path, clock=lambda: FIXED_NOW)
    opened.close()

    backup = opened.migration_backup
    assert (
        backup
        == tmp_path / "backups" / f"focusdesk-20261120T120000Z-before-v{SCHEMA_VERSION}.sqlite3"
    )
    old = Database(backup)
    try:
        assert applied_version(old.conn) == (1, [])
        assert old.table("sessions").count == len(sessions)
    finally:
        old.close()


def test_backups_never_overwrite_an_earlier_backup(tmp_path: Path) -> None:
    first, second = tmp_path / "one" / "focusdesk.sqlite3", tmp_path / "two" / "focusdesk.sqlite3"
    first.parent.mkdir()
    second.parent.mkdir()
    _write_v1_log(first)
    _write_v1_log(second)
    backups = tmp_path / "backups"
    a = open_database(first, backups_dir=backups, clock=lambda: FIXED_NOW)
    b = open_database(second, backups_dir=backups, clock=lambda: FIXED_NOW)
    a.close()
    b.close()
    assert a.migration_backup is not None and b.migration_backup is not None
    assert a.migration_backup != b.migration_backup
    assert (
        b.migration_backup.name == f"focusdesk-20261120T120000Z-before-v{SCHEMA_VERSION}-2.sqlite3"
    )


def test_a_new_or_current_log_is_not_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "focusdesk.sqlite3"
    fresh = open_database(path)
    fresh.close()
    again = open_database(path)
    again.close()
    assert fresh.migration_backup is None and again.migration_backup is None
    assert not (tmp_path / "backups").exists()


def test_the_frozen_schema_v1_file_opens_with_every_value(tmp_path: Path) -> None:
    """A log file exactly as the first release wrote it (tests/store/fixtures), never regenerated."""
    path = tmp_path / "focusdesk.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript((FIXTURES / "log_schema_v1.sql").read_text(encoding="utf-8"))
    conn.close()

    opened = open_database(path, clock=lambda: FIXED_NOW)
    try:
        assert opened.migration_backup is not None
        log = SessionLog(opened)
        sessions = list(log.iter_all_sessions())
        assert len(sessions) == 5
        third = sessions[2]
        assert third.label == "Écriture ✍"
        assert third.kind is SessionKind.FOCUS and third.outcome is Outcome.STOPPED
        assert third.breach is True and third.paused_seconds == 300
        assert third.started_at == datetime(2026, 11, 17, 19, 0, tzinfo=UTC)
        assert third.local_start.hour == 20
        assert sessions[3].outcome is Outcome.CUT
        assert sessions[4].is_open
        day = log.get_day(date(2026, 11, 16))
        assert day is not None
        assert day.checklist_done == ["inbox zero", "plan tomorrow"]
        assert day.hard_stop_kept is True and day.energy == 4
        assert day.hard_stop_planned is not None and day.hard_stop_planned.hour == 18
        assert log.get_weekly_review("2026-W47") == WeeklyReview(
            week="2026-W47",
            wins="Shipped the log",
            misses="Two late nights",
            upgrade="Batch e-mail at 11 and 16",
        )
    finally:
        opened.close()


def test_a_failing_migration_leaves_the_log_at_its_old_version_with_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "focusdesk.sqlite3"
    sessions, _ = _write_v1_log(path)

    def broken_v2(db: Database) -> None:
        db.execute("CREATE INDEX idx_half_done ON sessions (label)")
        db.execute("INSERT INTO sessions (id) VALUES ('x')")  # NOT NULL columns: fails

    monkeypatch.setattr(
        migrations, "_MIGRATION_STEPS", (("v1_tables", migrations.v1_tables), (V2, broken_v2))
    )
    with pytest.raises(StorageError, match="copy taken before migrating is") as caught:
        open_database(path, clock=lambda: FIXED_NOW)
    assert str(path) in str(caught.value)
    monkeypatch.undo()

    db = Database(path)
    try:
        assert applied_version(db.conn) == (1, [])
        assert db.table("sessions").count == len(sessions)
        assert "idx_half_done" not in _index_names(path)
    finally:
        db.close()
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_several_programs_opening_a_new_log_at_once_all_succeed(tmp_path: Path) -> None:
    """The app and `focusdesk week` may start together on a fresh install."""
    path = tmp_path / "focusdesk.sqlite3"
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def open_it() -> None:
        start.wait()
        try:
            open_database(path).close()
        except BaseException as error:  # reported below, with the others
            errors.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db = Database(path)
    assert applied_version(db.conn) == (SCHEMA_VERSION, [])
    db.close()
