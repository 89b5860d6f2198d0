"""What the user reads on coming back, and the clock watch at its tolerance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from focusdesk.core.absence_report import away_duration, return_message
from focusdesk.core.clock_watch import BackwardJump, ClockWatch, ForwardJump, zone_changed
from focusdesk.core.engine_events import UserReturned
from focusdesk.core.sessions import SessionKind, SessionRecord

BERLIN = ZoneInfo("Europe/Berlin")
SINCE = datetime(2026, 11, 18, 10, 5, tzinfo=BERLIN)


def record(kind: SessionKind) -> SessionRecord:
    start = SINCE - timedelta(minutes=20)
    return SessionRecord(
        id="s",
        kind=kind,
        label="",
        pattern_id="p",
        day=SINCE.date(),
        started_at=start.astimezone(UTC),
        planned_end=(start + timedelta(minutes=90)).astimezone(UTC),
        utc_offset_minutes=60,
        planned_seconds=5400,
    )


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0, "under a minute"),
        (59.9, "under a minute"),
        (60, "1 min"),
        (42 * 60 + 59, "42 min"),
        (3600, "1 h"),
        (2 * 3600 + 5 * 60, "2 h 5 min"),
    ],
)
def test_the_time_away_is_said_in_hours_and_minutes(seconds: float, said: str) -> None:
    assert away_duration(seconds) == said


@pytest.mark.parametrize(
    ("kind", "what"),
    [
        (SessionKind.FOCUS, "block"),
        (SessionKind.BUFFER, "buffer"),
        (SessionKind.OVERTIME, "overtime"),
    ],
)
def test_a_paused_session_is_named_with_when_it_was_paused(kind: SessionKind, what: str) -> None:
    back = UserReturned(SINCE, SINCE + timedelta(minutes=42), record(kind), ())
    assert return_message(back) == (
        f"Welcome back — the {what} is paused",
        f"You were away 42 min — the {what} was paused at 10:05. Resume it or end it.",
    )


def test_an_interrupted_session_is_named_and_nothing_running_says_nothing() -> None:
    back = UserReturned(
        SINCE, SINCE + timedelta(hours=1, minutes=3), None, (record(SessionKind.BUFFER),)
    )
    assert return_message(back) == (
        "Welcome back",
        "You were away 1 h 3 min — the buffer was closed at 10:05 "
        "(interrupted; the time away is not focus).",
    )
    assert return_message(UserReturned(SINCE, SINCE + timedelta(hours=2), None, ())) is None


T0 = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def test_the_first_reading_says_nothing_and_drift_within_tolerance_is_ignored() -> None:
    watch = ClockWatch(tolerance=timedelta(seconds=10))
    assert watch.observe(T0, 100.0) is None
    assert watch.observe(T0 + timedelta(seconds=70), 160.0) is None  # exactly +10 s
    assert watch.observe(T0 + timedelta(seconds=120), 220.0) is None  # exactly -10 s


def test_a_sleep_is_a_forward_jump_from_the_last_awake_instant() -> None:
    watch = ClockWatch(tolerance=timedelta(seconds=10))
    watch.observe(T0, 100.0)
    # 30 s awake, then the wall clock says an hour passed: slept from 09:00:30.
    jump = watch.observe(T0 + timedelta(hours=1), 130.0)
    assert jump == ForwardJump(T0 + timedelta(seconds=30), T0 + timedelta(hours=1))
    # Just over the tolerance counts: 40 s of wall clock, 29.5 s awake.
    assert watch.observe(T0 + timedelta(hours=1, seconds=40), 159.5) == ForwardJump(
        T0 + timedelta(hours=1, seconds=29.5), T0 + timedelta(hours=1, seconds=40)
    )


def test_a_clock_set_back_is_a_backward_jump_of_that_many_seconds() -> None:
    watch = ClockWatch()
    watch.observe(T0, 1000.0)
    assert watch.observe(T0 - timedelta(minutes=5), 1060.0) == BackwardJump(360.0)
    assert watch.observe(T0 - timedelta(minutes=5) + timedelta(seconds=11), 1060.0) == (
        ForwardJump(T0 - timedelta(minutes=5), T0 - timedelta(minutes=5) + timedelta(seconds=11))
    )


def test_a_monotonic_clock_that_goes_back_counts_as_no_time_awake() -> None:
    watch = ClockWatch(tolerance=timedelta(seconds=10))
    watch.observe(T0, 500.0)
    assert watch.observe(T0 + timedelta(seconds=20), 400.0) == ForwardJump(
        T0, T0 + timedelta(seconds=20)
    )


def test_zone_changes_are_names_or_offsets_not_dst() -> None:
    winter = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
    summer = datetime(2026, 7, 10, 12, 0, tzinfo=UTC)
    assert not zone_changed(BERLIN, BERLIN, winter)
    assert not zone_changed(BERLIN, ZoneInfo("Europe/Berlin"), summer)
    assert zone_changed(BERLIN, ZoneInfo("Europe/Paris"), winter)  # same offset, new name
    assert zone_changed(BERLIN, ZoneInfo("Europe/London"), winter)
    one = timezone(timedelta(hours=1))
    assert not zone_changed(one, timezone(timedelta(hours=1)), winter)
    assert zone_changed(one, timezone(timedelta(hours=2)), winter)
