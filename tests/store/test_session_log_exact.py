"""The log's exact words and bytes: what its errors say, how instants and text are
stored, rows read as plain mappings, and the SQL its upserts are built from."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

import pytest
from log_records import at, make_session

from focusdesk.core.sessions import DayRecord, Outcome, SessionKind, WeeklyReview
from focusdesk.store.database import LogDatabase
from focusdesk.store.errors import SessionConflict, SessionNotFound
from focusdesk.store.session_log import (
    SessionLog,
    _describe,
    _insert_sql,
    _upsert_sql,
    day_from_row,
    day_to_row,
    session_from_row,
    session_to_row,
)

BERLIN_WINTER = timezone(timedelta(hours=1))


class NoOffset(tzinfo):
    """A tzinfo that does not know its offset: as good as naive."""

    def utcoffset(self, dt: datetime | None) -> None:
        return None

    def dst(self, dt: datetime | None) -> None:
        return None


def test_sql_of_inserts_and_upserts() -> None:
    assert _insert_sql("t", ("a", "b")) == "INSERT INTO t (a, b) VALUES (:a, :b)"
    assert _upsert_sql("t", ("k", "a", "b"), "k", keep_if_null=("b",)) == (
        "INSERT INTO t (k, a, b) VALUES (:k, :a, :b) ON CONFLICT (k) DO UPDATE SET "
        "a = excluded.a, b = COALESCE(excluded.b, t.b)"
    )
    assert _upsert_sql("t", ("k", "a"), "k") == (
        "INSERT INTO t (k, a) VALUES (:k, :a) ON CONFLICT (k) DO UPDATE SET a = excluded.a"
    )


@pytest.mark.parametrize("field", ["started_at", "planned_end", "ended_at", "heartbeat_at"])
@pytest.mark.parametrize("zone", [None, NoOffset()], ids=["naive", "no-offset"])
def test_a_naive_instant_is_refused_naming_its_field(field: str, zone: tzinfo | None) -> None:
    rec = make_session(at(9), ended_minutes=30)
    rec.heartbeat_at = at(9, 10)
    bad = datetime(2026, 11, 20, 9, 0, tzinfo=zone)
    setattr(rec, field, bad)
    with pytest.raises(ValueError) as caught:
        session_to_row(rec)
    assert str(caught.value) == (
        f"{field} must be a timezone-aware datetime, not {bad.isoformat()}"
    )


def test_naive_times_given_to_queries_are_refused_naming_them(log: SessionLog) -> None:
    naive = datetime(2026, 11, 20, 9, 0)
    with pytest.raises(ValueError, match=r"^start_utc must be a timezone-aware"):
        log.sessions_between(naive, at(10))
    with pytest.raises(ValueError, match=r"^end_utc must be a timezone-aware"):
        log.sessions_between(at(9), naive)
    with pytest.raises(ValueError, match=r"^heartbeat time must be a timezone-aware"):
        log.heartbeat("x", naive)
    with pytest.raises(ValueError, match=r"^now must be a timezone-aware"):
        log.recover_open_sessions(naive)
    day = DayRecord(date(2026, 11, 20), "p", hard_stop_planned=naive)
    with pytest.raises(ValueError, match=r"^hard_stop_planned must be a timezone-aware"):
        log.save_day(day)


def test_instants_are_stored_as_utc_text_whatever_zone_they_came_in(
    log: SessionLog, log_db: LogDatabase
) -> None:
    start = datetime(2026, 11, 20, 10, 30, tzinfo=BERLIN_WINTER)
    rec = make_session(start, 60, ended_minutes=45)
    log.close_session(rec)
    (row,) = log_db.conn.execute("SELECT started_at, planned_end, ended_at FROM sessions")
    assert tuple(row) == (
        "2026-11-20T09:30:00.000000+00:00",
        "2026-11-20T10:30:00.000000+00:00",
        "2026-11-20T10:15:00.000000+00:00",
    )
    back = log.get_session(rec.id)
    assert back is not None and back.started_at.tzinfo is UTC


def test_a_hard_stop_keeps_its_offset_even_a_zero_one(log: SessionLog) -> None:
    utc_stop = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
    log.save_day(DayRecord(date(2026, 11, 20), "p", hard_stop_planned=utc_stop))
    back = log.get_day(date(2026, 11, 20))
    assert back is not None and back.hard_stop_planned is not None
    assert back.hard_stop_planned.utcoffset() == timedelta(0)
    assert back.hard_stop_planned == utc_stop


def test_the_checklist_is_stored_as_readable_utf8_json(
    log: SessionLog, log_db: LogDatabase
) -> None:
    log.save_day(DayRecord(date(2026, 11, 20), "p", checklist_done=["Grüße", "日記"]))
    (text,) = log_db.conn.execute("SELECT checklist_done FROM days").fetchone()
    assert text == '["Grüße", "日記"]'


def test_rows_may_be_plain_mappings() -> None:
    rec = make_session(datetime(2026, 11, 20, 9, 0, tzinfo=BERLIN_WINTER), ended_minutes=30)
    rec.heartbeat_at = at(8, 20)
    rec.note = "n"
    rec.breach = True
    rec.outcome = Outcome.CUT
    rec.kind = SessionKind.OVERTIME
    assert session_from_row(dict(session_to_row(rec))) == rec
    day = DayRecord(
        date(2026, 11, 20),
        "p",
        hard_stop_planned=datetime(2026, 11, 20, 18, 30, tzinfo=BERLIN_WINTER),
        hard_stop_kept=False,
        overtime_seconds=600,
        snoozes=1,
        protected=True,
        big_task_tomorrow="b",
        checklist_done=["a"],
        energy=2,
        relationships=4,
        deliverables=3,
        deliverables_note="d",
    )
    back = day_from_row(dict(day_to_row(day)))
    assert back == day
    assert back.hard_stop_planned is not None
    assert back.hard_stop_planned.utcoffset() == timedelta(hours=1)


def test_conflicts_and_missing_sessions_say_which_and_why(log: SessionLog) -> None:
    day = date(2026, 11, 20)
    kept = make_session(
        datetime(2026, 11, 20, 9, 0, tzinfo=BERLIN_WINTER),
        ended_minutes=60,
        label="Report",
        day=day,
    )
    log.insert_session(kept)
    clash = make_session(
        datetime(2026, 11, 20, 9, 30, tzinfo=BERLIN_WINTER),
        ended_minutes=60,
        label="",
        day=day,
    )
    with pytest.raises(SessionConflict) as caught:
        log.insert_session(clash)
    assert str(caught.value) == (
        "Cannot save the focus session Fri 2026-11-20 09:30–10:30: it overlaps "
        "the focus session “Report” Fri 2026-11-20 09:00–10:00."
    )
    backwards = make_session(at(12), ended_minutes=-5, kind=SessionKind.BUFFER, label="x")
    with pytest.raises(SessionConflict) as caught:
        log.insert_session(backwards)
    assert str(caught.value) == (
        "Cannot save the buffer session “x” Fri 2026-11-20 13:00–12:55: it ends before it starts."
    )
    running = make_session(at(14))
    with pytest.raises(SessionConflict) as caught:
        log.update_session(running)
    assert str(caught.value) == (
        f"Cannot save session {running.id} without an end time; a running block is "
        "written by the session engine."
    )
    assert _describe(running) == "the focus session “writing” Fri 2026-11-20 15:00–now"
    ghost = make_session(at(15), ended_minutes=5)
    with pytest.raises(SessionNotFound) as missing:
        log.update_session(ghost)
    assert str(missing.value) == f"No session {ghost.id} in the log to update."
    with pytest.raises(SessionNotFound) as missing:
        log.delete_session("nope")
    assert str(missing.value) == "No session nope in the log to delete."
    with pytest.raises(SessionNotFound) as missing:
        log.heartbeat("nope", at(9))
    assert str(missing.value) == "No open session nope in the log to heartbeat."


def test_a_zero_length_session_may_be_saved(log: SessionLog) -> None:
    instant = make_session(at(16), ended_minutes=0)
    log.insert_session(instant)
    assert log.get_session(instant.id) == instant


def test_recent_labels_stops_at_the_limit(log: SessionLog) -> None:
    for i in range(12):
        log.close_session(
            make_session(at(6) + timedelta(minutes=i), label=f"L{i}", ended_minutes=1)
        )
    assert log.recent_labels() == [f"L{i}" for i in range(11, 1, -1)]
    assert log.recent_labels(1) == ["L11"]
    assert log.recent_labels(0) == []


def test_a_weekly_review_comes_back_field_for_field(log: SessionLog) -> None:
    review = WeeklyReview("2026-W47", wins="w", misses="m", upgrade="u")
    log.save_weekly_review(review)
    assert log.get_weekly_review("2026-W47") == review
    assert log.get_weekly_review("2026-W48") is None
