"""The pattern history in the log: the v3 upgrade fills it from old rows, the app appends to it."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from log_records import FIXED_NOW, make_session, old_day_row
from sqlite_utils import Database

from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.patterns import DaySpec, Pattern, Weekday
from focusdesk.core.plan_history import PatternEvent, pattern_hash
from focusdesk.core.sessions import DayRecord, WeeklyReview
from focusdesk.resources import builtin_patterns_dir
from focusdesk.store.database import open_database
from focusdesk.store.migrations import SCHEMA_VERSION, schema_migrations
from focusdesk.store.plan_history import PatternHistoryLog
from focusdesk.store.session_log import SessionLog, session_to_row

CATALOG = PatternCatalog(builtin_patterns_dir())


def pattern_for(pattern_id: str) -> Pattern | None:
    return CATALOG.get(pattern_id) if pattern_id in CATALOG else None


def _utc(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _dump(path: Path, tables: tuple[str, ...]) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        dump = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    conn.close()
    return dump


def _write_v2_log(path: Path) -> None:
    """A log as schema v2 wrote it: three patterns over time, one since deleted."""
    rows = [
        (date(2026, 10, 5), "boundary-fortress"),
        (date(2026, 10, 6), "boundary-fortress"),
        (date(2026, 10, 12), "deleted-pattern"),
        (date(2026, 10, 19), "deep-work-biome"),
    ]
    db = Database(path)
    schema_migrations().apply(db, stop_before="v3_pattern_history")
    for day, pattern_id in rows:
        db.table("sessions").insert(
            session_to_row(
                make_session(_utc(day, 8), 60, ended_minutes=50, pattern_id=pattern_id, day=day)
            )
        )
    # A day record names its pattern even where its sessions said another.
    db.table("days").insert(
        old_day_row(DayRecord(date(2026, 10, 6), "boundary-fortress", energy=4))
    )
    db.table("days").insert(old_day_row(DayRecord(date(2026, 10, 20), "deep-work-biome")))
    db.table("weekly_reviews").insert(
        {"week": "2026-W41", "wins": "w", "misses": "m", "upgrade": "u"}
    )
    db.close()


def test_the_upgrade_keeps_every_row_of_a_v2_log_and_backs_it_up(tmp_path: Path) -> None:
    path = tmp_path / "focusdesk.sqlite3"
    _write_v2_log(path)
    before = _dump(path, ("sessions", "days", "weekly_reviews"))

    opened = open_database(path, clock=lambda: FIXED_NOW)
    try:
        assert opened.schema_version == SCHEMA_VERSION
        assert opened.migration_backup is not None and opened.migration_backup.exists()
        log = SessionLog(opened)
        assert len(list(log.iter_all_sessions())) == 4
        assert log.get_weekly_review("2026-W41") == WeeklyReview("2026-W41", "w", "m", "u")
    finally:
        opened.close()
    after = _dump(path, ("sessions", "days", "weekly_reviews"))
    # Later migrations add columns at the end (v4: days.offclock_watched); old values stay.
    widths = {table: len(rows[0]) if rows else 0 for table, rows in before.items()}
    assert {t: [row[: widths[t]] for row in rows] for t, rows in after.items()} == before
    assert _dump(opened.migration_backup, ("sessions", "days", "weekly_reviews")) == before


def test_the_upgrade_dates_each_pattern_from_the_first_day_its_rows_name_it(tmp_path: Path) -> None:
    path = tmp_path / "focusdesk.sqlite3"
    _write_v2_log(path)
    opened = open_database(path, clock=lambda: FIXED_NOW)
    try:
        patterns = PatternHistoryLog(opened)
        assert patterns.pending_count() == 3
        history = patterns.history(pattern_for)
        assert [(v.day, v.pattern_id, v.event) for v in history.versions] == [
            (date(2026, 10, 5), "boundary-fortress", PatternEvent.MIGRATED),
            (date(2026, 10, 12), "deleted-pattern", PatternEvent.MIGRATED),
            (date(2026, 10, 19), "deep-work-biome", PatternEvent.MIGRATED),
        ]
        assert history.pattern_on(date(2026, 10, 4)) is None  # older than the log: unknown
        assert history.pattern_on(date(2026, 10, 10)) is pattern_for("boundary-fortress")
        assert history.pattern_on(date(2026, 10, 13)) is None  # its pattern is gone: unknown

        assert patterns.freeze_pending(pattern_for) == 3
        assert patterns.pending_count() == 0
        # Frozen: what the files say from now on does not matter any more.
        frozen = patterns.history(lambda _pid: None)
        fortress = frozen.pattern_on(date(2026, 10, 10))
        assert fortress is not None
        assert pattern_hash(fortress) == pattern_hash(CATALOG.get("boundary-fortress"))
        assert frozen.pattern_on(date(2026, 10, 13)) is None
    finally:
        opened.close()


def test_a_record_is_written_only_for_a_new_version(tmp_path: Path) -> None:
    opened = open_database(tmp_path / "focusdesk.sqlite3")
    try:
        patterns = PatternHistoryLog(opened)
        fortress = CATALOG.get("boundary-fortress")
        day = date(2026, 11, 2)
        assert patterns.record(fortress, day, _utc(day, 8), PatternEvent.START)
        assert not patterns.record(fortress, day, _utc(day, 9), PatternEvent.START)
        edited = replace(fortress, days={**fortress.days, Weekday.SAT: DaySpec(protected=False)})
        assert patterns.record(edited, day, _utc(day, 10), PatternEvent.EDIT)
        history = patterns.history()
        assert len(history) == 2
        assert history.pattern_on(day) is not None
        assert history.pattern_on(day).day(Weekday.SAT).protected is False  # type: ignore[union-attr]
        assert history.pattern_on(date(2026, 11, 1)) is None
        rows = _dump(tmp_path / "focusdesk.sqlite3", ("pattern_versions",))["pattern_versions"]
        assert len(rows) == 2
    finally:
        opened.close()
