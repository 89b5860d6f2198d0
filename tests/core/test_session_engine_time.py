"""Time correctness of the session engine: suspend, clock changes, DST, whole days.

Issue 14 (replacing issue 3's "closed at its planned end"): a block whose
end fell while the machine slept is closed when the sleep began, as
interrupted, with no buffer after it; sleep is never focus; a clock set back never makes
negative or overlapping sessions; the hard stop rings once per working day at
the right local time, DST days included.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from test_session_engine_driver import BUILTIN_IDS, CATALOG, Driver, local, utc

from focusdesk.core.engine_events import (
    ClockJumped,
    DayRecordChanged,
    HardStopReached,
    PlannedBlockDue,
    PreStopWarning,
)
from focusdesk.core.patterns import BlockKind, Pattern, Weekday
from focusdesk.core.planner import local_instant, plan_day
from focusdesk.core.session_engine import working_day
from focusdesk.core.sessions import Outcome, SessionKind, SessionRecord
from focusdesk.core.status import EngineState

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
WEDNESDAY = date(2026, 11, 18)
FORTRESS = CATALOG.get("boundary-fortress")
DST_DAYS = [
    pytest.param(BERLIN, date(2026, 3, 29), id="berlin-spring"),
    pytest.param(BERLIN, date(2026, 10, 25), id="berlin-autumn"),
    pytest.param(NEW_YORK, date(2026, 3, 8), id="new-york-spring"),
    pytest.param(NEW_YORK, date(2026, 11, 1), id="new-york-autumn"),
]


def at(hour: int, minute: int = 0, day: date = WEDNESDAY) -> datetime:
    return local(BERLIN, day, hour, minute)


def assert_log_is_sane(sessions: list[SessionRecord]) -> None:
    """No negative, overlapping or over-counted session in the log."""
    closed = sorted((s for s in sessions if not s.is_open), key=lambda s: s.started_at)
    for session in closed:
        assert session.ended_at is not None
        wall = (session.ended_at - session.started_at).total_seconds()
        assert wall >= 0
        assert 0 <= session.actual_seconds <= wall
        assert session.paused_seconds >= 0
    for earlier, later in itertools.pairwise(closed):
        assert earlier.ended_at is not None
        assert later.started_at >= earlier.ended_at


# --- suspend ----------------------------------------------------------------------


def test_a_block_that_ends_during_a_2_hour_suspend_is_interrupted_when_the_sleep_began() -> None:
    drive = Driver.start(FORTRESS, BERLIN, at(9, 40))
    drive.do("start_focus", minutes=80)
    drive.run_until(at(10, 0))
    events = drive.suspend(at(12, 0))
    assert ClockJumped(7200.0) in events
    (focus,) = drive.sessions()  # no buffer: the user was not there to take one
    assert focus.ended_at == utc(at(10, 0))  # when the sleep began, not the planned end
    assert focus.outcome is Outcome.INTERRUPTED
    assert focus.actual_seconds == 20 * 60  # 09:40–10:00; the sleep is not focus
    assert focus.paused_seconds == 0
    assert drive.engine.state is EngineState.ON
    # E-mail 11:10–11:40 was over before wake-up: dropped. The meetings
    # block 11:40–12:30 still runs: announced once, late, not auto-started.
    assert [e.block.label for e in drive.of(PlannedBlockDue)] == ["Meetings"]
    assert drive.engine.next_deadline() > utc(at(12, 0))
    assert_log_is_sane(drive.sessions())


def test_an_unreported_jump_still_closes_the_block_at_its_planned_end() -> None:
    drive = Driver.start(FORTRESS, BERLIN, at(9, 30))
    drive.do("start_focus")
    drive.jump(at(12, 0))
    focus, buffer = drive.sessions()
    assert focus.ended_at == utc(at(11, 0))
    assert focus.actual_seconds <= 90 * 60
    assert buffer.ended_at == utc(at(11, 10))


def test_a_short_suspend_inside_a_block_pauses_it_from_when_the_sleep_began() -> None:
    drive = Driver.start(FORTRESS, BERLIN, at(9, 30))
    drive.do("start_focus")
    drive.run_until(at(10, 0))
    drive.suspend(at(10, 20))
    assert drive.engine.state is EngineState.PAUSED
    assert drive.engine.status(drive.now).remaining_seconds == 60 * 60
    drive.do("resume")
    drive.run_until(at(11, 30))
    focus = drive.sessions(SessionKind.FOCUS)[0]
    assert focus.ended_at == utc(at(11, 20))  # the 20 asleep were added back
    assert focus.actual_seconds == 90 * 60
    assert focus.paused_seconds == 20 * 60


def test_sleeping_while_paused_is_fine() -> None:
    drive = Driver.start(FORTRESS, BERLIN, at(9, 30))
    drive.do("start_focus")
    drive.run_until(at(10, 0))
    drive.do("pause")
    drive.suspend(at(12, 0))
    assert drive.engine.state is EngineState.PAUSED
    drive.do("resume")
    drive.run_until(at(14, 0))
    focus = drive.sessions(SessionKind.FOCUS)[0]
    assert focus.ended_at == utc(at(13, 0))
    assert focus.actual_seconds == 90 * 60
    assert focus.paused_seconds == 120 * 60


def test_a_suspend_over_the_hard_stop_interrupts_the_block_and_rings_once_late() -> None:
    drive = Driver.start(FORTRESS, BERLIN, at(17, 30))
    drive.do("start_focus", minutes=120)
    drive.run_until(at(17, 55))
    drive.suspend(at(19, 0))
    (focus,) = drive.sessions()
    assert focus.outcome is Outcome.INTERRUPTED
    assert focus.ended_at == utc(at(17, 55))
    assert focus.actual_seconds == 25 * 60
    (stop,) = drive.of(HardStopReached)
    assert stop.hard_stop == at(18, 30)
    # Both warnings passed in the sleep and so did the stop: none fired late.
    assert drive.of(PreStopWarning) == []
    assert drive.engine.state is EngineState.ALARM


def test_a_warning_missed_in_sleep_fires_once_with_the_true_minutes_left() -> None:
    drive = Driver.start(FORTRESS, BERLIN, at(17, 30))
    drive.do("start_focus", minutes=120)
    drive.run_until(at(17, 50))
    drive.suspend(at(18, 25))
    (warning,) = drive.of(PreStopWarning)  # the 30-minute one is dropped
    assert warning.minutes_left == 5
    drive.run_until(at(18, 40))
    assert len(drive.of(PreStopWarning)) == 1
    assert len(drive.of(HardStopReached)) == 1


def test_a_working_day_slept_through_is_closed_without_ringing() -> None:
    drive = Driver.start(FORTRESS, BERLIN, at(17, 30))
    drive.do("start_focus", minutes=120)
    thursday = WEDNESDAY + timedelta(days=1)
    drive.suspend(at(10, 0, day=thursday))
    (focus,) = drive.sessions()
    assert focus.outcome is Outcome.INTERRUPTED
    assert focus.ended_at == utc(at(17, 30))
    assert focus.actual_seconds == 0
    assert drive.of(HardStopReached) == []
    assert drive.engine.state is EngineState.OFF
    assert drive.engine.day_record.day == thursday
    assert set(drive.days) == {WEDNESDAY, thursday}
    drive.run_until(at(19, 0, day=thursday))
    (stop,) = drive.of(HardStopReached)
    assert stop.hard_stop == at(18, 30, day=thursday)


# --- backward jumps -----------------------------------------------------------------


def test_a_clock_set_back_one_hour_never_makes_negative_or_overlapping_sessions() -> None:
    drive = Driver.start(FORTRESS, BERLIN, at(9, 30))
    drive.do("start_focus", minutes=30)
    drive.run_until(at(9, 50))
    events = drive.jump(at(8, 50))
    assert ClockJumped(-3600.0) in events
    drive.do("stop", reason="clock changed")
    first = drive.sessions()[0]
    assert first.ended_at is not None
    assert first.ended_at >= first.started_at
    drive.jump(at(9, 0))
    drive.do("start_focus", minutes=15)
    second = drive.sessions()[-1]
    assert second.started_at >= first.ended_at
    drive.run_until(at(12, 0))
    assert drive.engine.next_deadline() > utc(at(12, 0))
    assert_log_is_sane(drive.sessions())
    assert all(s.actual_seconds <= 30 * 60 for s in drive.sessions())


def test_a_clock_set_back_before_the_hard_stop_does_not_ring_twice() -> None:
    drive = Driver.start(FORTRESS, BERLIN, at(18, 0))
    drive.run_until(at(18, 40))
    drive.jump(at(18, 0))
    drive.run_until(at(19, 0))
    assert len(drive.of(HardStopReached)) == 1
    assert len(drive.of(PreStopWarning)) == 0  # OFF all day: nothing to warn


# --- DST ----------------------------------------------------------------------------


def every_day(hard_stop: time) -> Pattern:
    """Fortress with the same working day on all seven days (the DST days are Sundays)."""
    weekday = replace(FORTRESS.day(Weekday.MON), hard_stop=hard_stop)
    return replace(FORTRESS, id="every-day", days=dict.fromkeys(Weekday, weekday))


@pytest.mark.parametrize(("zone", "day"), DST_DAYS)
def test_the_hard_stop_rings_once_at_the_right_local_time_on_dst_days(
    zone: tzinfo, day: date
) -> None:
    drive = Driver.start(every_day(time(18, 30)), zone, local(zone, day - timedelta(days=1), 12))
    drive.run_until(local(zone, day + timedelta(days=2), 12))
    stops = drive.of(HardStopReached)
    expected_days = [day - timedelta(days=1), day, day + timedelta(days=1)]
    assert [working_day(s.hard_stop, zone) for s in stops] == expected_days
    for stop, expected_day in zip(stops, expected_days, strict=True):
        assert stop.hard_stop == local(zone, expected_day, 18, 30)
        assert utc(stop.hard_stop) == utc(local_instant(expected_day, time(18, 30), zone))
    # Day records for the three days and the one begun at 04:00 after them.
    assert list(drive.days) == [day + timedelta(days=i - 1) for i in range(4)]
    assert drive.engine.day_record.day == day + timedelta(days=2)


@pytest.mark.parametrize(("zone", "day"), DST_DAYS)
def test_a_hard_stop_after_midnight_rings_once_even_in_the_dst_hour(
    zone: tzinfo, day: date
) -> None:
    # Hard stop "02:30" belongs to the night after the working day. On the
    # spring day 02:30 does not exist (it rings at 03:30, after the gap); on
    # the autumn day it exists twice (it rings at the first one).
    drive = Driver.start(every_day(time(2, 30)), zone, local(zone, day - timedelta(days=1), 12))
    drive.run_until(local(zone, day, 12))
    (stop,) = drive.of(HardStopReached)
    assert working_day(stop.hard_stop, zone) == day - timedelta(days=1)
    spring = day.month == 3
    wall = stop.hard_stop.astimezone(zone)
    assert (wall.hour, wall.minute, wall.fold) == ((3, 30, 0) if spring else (2, 30, 0))
    assert utc(stop.hard_stop) == utc(local_instant(day, time(2, 30), zone))


@pytest.mark.parametrize(("zone", "day"), DST_DAYS)
def test_a_night_block_across_the_dst_change_counts_real_seconds(zone: tzinfo, day: date) -> None:
    # 01:30 local on the DST day belongs to the previous working day (after its
    # hard stop on a weekday: a breach). 90 real minutes, whatever the wall clock says.
    start = local(zone, day, 1, 30)
    drive = Driver.start(FORTRESS, zone, start)
    drive.do("start_focus", minutes=90, confirm_breach=True)
    drive.run_until(local(zone, day, 6, 0))
    focus = drive.sessions(SessionKind.FOCUS)[0]
    assert focus.day == day - timedelta(days=1)
    assert focus.actual_seconds == 90 * 60
    assert focus.ended_at is not None
    assert (focus.ended_at - focus.started_at) == timedelta(minutes=90)
    spring = day.month == 3
    assert focus.ended_at.astimezone(zone).hour == (4 if spring else 2)
    assert drive.engine.day_record.day == day


# --- whole days of every built-in pattern ---------------------------------------------


def walk_like_a_user(drive: Driver, until: datetime) -> None:
    """A user who starts every planned focus block when it is announced and
    closes the day at the hard stop."""
    while (deadline := drive.engine.next_deadline()) <= until:
        events = drive.run_until(deadline)
        for event in events:
            if (
                isinstance(event, PlannedBlockDue)
                and event.block.kind is BlockKind.FOCUS
                and drive.engine.state in (EngineState.ON, EngineState.OFF)
            ):
                drive.do("start_focus")
            elif isinstance(event, HardStopReached):
                drive.do("finish_day", big_task="tomorrow's thing")
    drive.run_until(until)


def expected_focus(pattern: Pattern, day: date, zone: tzinfo) -> list[tuple[str, datetime]]:
    """(label, start) of the focus blocks a walking user runs on `day`."""
    plan = plan_day(pattern, day, zone)
    if plan.protected:
        return []
    return [
        (b.label, b.start)
        for b in plan.focus_blocks
        if plan.hard_stop is None or b.start < plan.hard_stop
    ]


@pytest.mark.parametrize("pattern_id", BUILTIN_IDS)
@pytest.mark.parametrize(
    ("zone", "monday"),
    [
        pytest.param(BERLIN, date(2026, 11, 16), id="berlin-november"),
        pytest.param(NEW_YORK, date(2026, 3, 2), id="new-york-spring-dst-week"),
        pytest.param(BERLIN, date(2026, 10, 19), id="berlin-autumn-dst-week"),
    ],
)
def test_a_whole_week_of_every_builtin_pattern(pattern_id: str, zone: tzinfo, monday: date) -> None:
    pattern = CATALOG.get(pattern_id)
    drive = Driver.start(pattern, zone, local(zone, monday, 4, 0))
    walk_like_a_user(drive, local(zone, monday + timedelta(days=7), 4, 0))

    sessions = drive.sessions()
    assert_log_is_sane(sessions)
    assert all(not s.is_open for s in sessions)
    focus = drive.sessions(SessionKind.FOCUS)
    expected = [
        item for i in range(7) for item in expected_focus(pattern, monday + timedelta(days=i), zone)
    ]
    assert [(s.label, s.started_at) for s in focus] == [(label, utc(t)) for label, t in expected]
    for session in focus:
        assert session.outcome in (Outcome.COMPLETED, Outcome.CUT)
        assert not session.breach
        assert session.actual_seconds == (session.ended_at - session.started_at).total_seconds()  # type: ignore[operator]
    # A buffer follows every completed block (unless the hard stop came first).
    buffers = drive.sessions(SessionKind.BUFFER)
    completed = [s for s in focus if s.outcome is Outcome.COMPLETED]
    assert {b.started_at for b in buffers} <= {s.ended_at for s in completed}

    stops = drive.of(HardStopReached)
    rung_days = [working_day(s.hard_stop, zone) for s in stops]
    hard_stop_days = []
    for i in range(7):
        day = monday + timedelta(days=i)
        spec = pattern.day(day.weekday())
        if spec.hard_stop is not None and not spec.protected:
            hard_stop_days.append(day)
            (stop,) = [s for s in stops if working_day(s.hard_stop, zone) == day]
            assert stop.hard_stop == local_instant(day, spec.hard_stop, zone)
            assert drive.days[day].hard_stop_kept is True
            assert drive.days[day].big_task_tomorrow == "tomorrow's thing"
    assert rung_days == hard_stop_days
    # Day records for every working day of the week (and the next one begun).
    assert [d for d in drive.days if d < monday + timedelta(days=7)] == [
        monday + timedelta(days=i) for i in range(7)
    ]
    # Each day's record names the pattern and whether the day is protected, and
    # the records change day after day, never going back to an earlier one.
    for day, record in drive.days.items():
        assert record.pattern_id == pattern.id
        assert record.protected is pattern.day(day.weekday()).protected
    changed = [e.day_record.day for e in drive.of(DayRecordChanged)]
    assert changed == sorted(changed)
