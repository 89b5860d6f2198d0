"""`core.absence.interrupted_at`: a session that ended after the user had already left."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from focusdesk.core.absence import interrupted_at
from focusdesk.core.sessions import Outcome, SessionKind, SessionRecord

T0 = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def closed(minutes: int, actual: int, paused: int = 0) -> SessionRecord:
    return SessionRecord(
        id="s",
        kind=SessionKind.FOCUS,
        label="",
        pattern_id="p",
        day=date(2026, 11, 18),
        started_at=T0,
        planned_end=T0 + timedelta(minutes=minutes),
        utc_offset_minutes=0,
        planned_seconds=minutes * 60,
        ended_at=T0 + timedelta(minutes=minutes),
        actual_seconds=actual,
        paused_seconds=paused,
        outcome=Outcome.COMPLETED,
    )


def test_a_session_that_ended_before_the_user_left_is_left_alone() -> None:
    assert interrupted_at(closed(30, 1800), T0 + timedelta(minutes=30)) is None


def test_the_time_after_the_user_left_is_taken_out_of_focus() -> None:
    record = interrupted_at(closed(30, 1800), T0 + timedelta(minutes=26))
    assert record is not None
    assert record.outcome is Outcome.INTERRUPTED
    assert record.ended_at == T0 + timedelta(minutes=26)
    assert (record.actual_seconds, record.paused_seconds) == (26 * 60, 0)


def test_with_an_earlier_pause_focus_only_shrinks() -> None:
    # 30 min with 10 min paused somewhere; the user left at minute 25.
    record = interrupted_at(closed(30, 1200, 600), T0 + timedelta(minutes=25))
    assert record is not None
    assert record.actual_seconds == 15 * 60  # never more than it was, minus the 5 min gone
    assert record.actual_seconds + record.paused_seconds == 25 * 60


def test_a_session_that_began_after_the_user_left_never_ran() -> None:
    record = interrupted_at(closed(10, 600), T0 - timedelta(minutes=1))
    assert record is not None
    assert record.ended_at == record.started_at and record.actual_seconds == 0
