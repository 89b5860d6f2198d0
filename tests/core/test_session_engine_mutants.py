"""The engine's exact answers: what refusals say, breach flags, idle stretches,
snoozes, closing the day, restarts, and instants at the edges.

Found by mutation testing (docs/TESTING.md): each test pins behaviour that a
small change of the code used to get through the suite unnoticed. Expected
values are worked out by hand from the fortress pattern (Deep work 09:30–11:00,
buffers of 10 min, warnings at 30 and 10 min, hard stop 18:30, one snooze of
10 min, weekends protected) on Wednesday 18 November 2026 in Berlin (UTC+1).
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from test_session_engine import (
    BERLIN,
    FORTRESS,
    SATURDAY,
    WEDNESDAY,
    at,
    fortress,
    with_defaults,
)
from test_session_engine_driver import Driver, utc

from focusdesk.core.engine_events import (
    ActionRefused,
    BreachConfirmationNeeded,
    BufferFinished,
    DayRecordChanged,
    HardStopReached,
    PlannedBlockDue,
    PreStopWarning,
    SessionClosed,
    SessionOpened,
    SessionUpdated,
    SnoozeEnded,
    SnoozeStarted,
    StateChanged,
)
from focusdesk.core.session_engine import SessionEngine, working_day
from focusdesk.core.sessions import Outcome, SessionKind
from focusdesk.core.status import EngineState

MIN = 60


def refusals(events: list[object]) -> list[ActionRefused]:
    return [e for e in events if isinstance(e, ActionRefused)]


def only(events: list[object], kind: type) -> object:
    (found,) = [e for e in events if isinstance(e, kind)]
    return found


# --- what a refusal says ------------------------------------------------------------


def test_with_nothing_running_each_action_says_why_it_cannot() -> None:
    drive = fortress(8, 0)
    assert refusals(drive.do("pause")) == [ActionRefused("pause", "nothing is running")]
    assert refusals(drive.do("resume")) == [ActionRefused("resume", "nothing is paused")]
    assert refusals(drive.do("stop")) == [ActionRefused("stop", "nothing is running")]
    assert refusals(drive.do("extend", 5)) == [ActionRefused("extend", "nothing is running")]
    assert refusals(drive.do("snooze")) == [ActionRefused("snooze", "the hard stop is not ringing")]
    assert drive.engine.state is EngineState.OFF
    assert drive.sessions() == []


@pytest.mark.parametrize("minutes", [0, -5, math.nan, math.inf])
def test_a_bad_length_is_refused_for_blocks_buffers_and_extensions(
    minutes: float,
) -> None:
    drive = fortress(8, 0)
    assert refusals(drive.do("start_focus", minutes=minutes)) == [
        ActionRefused("start", "the block length must be a positive number")
    ]
    assert refusals(drive.do("start_buffer", minutes=minutes)) == [
        ActionRefused("buffer", "the buffer length must be a positive number")
    ]
    assert drive.sessions() == []
    drive.do("start_focus")
    assert refusals(drive.do("extend", minutes)) == [
        ActionRefused("extend", "the extension must be a positive number")
    ]


def test_lengths_under_a_minute_are_fine() -> None:
    drive = fortress(8, 0)
    (opened,) = [e for e in drive.do("start_buffer", minutes=0.5) if isinstance(e, SessionOpened)]
    assert opened.record.planned_seconds == 30
    drive.run_until(at(8, 1))
    (opened,) = [e for e in drive.do("start_focus", minutes=0.75) if isinstance(e, SessionOpened)]
    assert opened.record.planned_seconds == 45
    (updated,) = [e for e in drive.do("extend", 0.25) if isinstance(e, SessionUpdated)]
    assert updated.record.planned_seconds == 60
    assert updated.record.planned_end == utc(at(8, 2))


def test_while_something_runs_starting_another_says_what_runs() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus")
    assert refusals(drive.do("start_focus")) == [
        ActionRefused("start", "a block is already running")
    ]
    assert refusals(drive.do("start_buffer")) == [
        ActionRefused("buffer", "a session is already running")
    ]
    drive.do("pause")
    assert refusals(drive.do("pause")) == [ActionRefused("pause", "already paused")]
    drive.do("resume")
    assert refusals(drive.do("resume")) == [ActionRefused("resume", "nothing is paused")]


def test_in_the_evening_the_refusals_name_the_hard_stop() -> None:
    drive = fortress(18, 0)
    drive.run_until(at(18, 30))
    assert drive.engine.state is EngineState.ALARM
    assert refusals(drive.do("start_buffer")) == [
        ActionRefused("buffer", "the hard stop is ringing")
    ]
    assert only(drive.do("start_focus"), BreachConfirmationNeeded) == BreachConfirmationNeeded(
        "the hard stop is ringing"
    )
    drive.do("snooze")
    assert refusals(drive.do("start_focus")) == [
        ActionRefused("start", "an overtime stretch is already running")
    ]
    drive.run_until(at(18, 40))
    assert refusals(drive.do("snooze")) == [ActionRefused("snooze", "no snoozes left today")]
    drive.do("finish_day")
    assert only(drive.do("start_focus"), BreachConfirmationNeeded) == BreachConfirmationNeeded(
        "the hard stop has passed"
    )


def test_strict_mode_says_so_and_a_protected_day_is_named() -> None:
    strict = Driver.start(with_defaults(FORTRESS, strict=True), BERLIN, at(18, 0))
    strict.run_until(at(18, 30))
    assert refusals(strict.do("snooze")) == [
        ActionRefused("snooze", "strict mode allows no snooze")
    ]
    saturday = Driver.start(FORTRESS, BERLIN, at(10, 0, SATURDAY))
    assert only(saturday.do("start_focus"), BreachConfirmationNeeded) == BreachConfirmationNeeded(
        "today is a protected day"
    )


def test_the_ritual_scores_are_checked_at_both_ends() -> None:
    drive = fortress(17, 0)
    assert refusals(drive.do("finish_day", energy=0)) == [
        ActionRefused("finish", "energy must be 1 to 5, got 0")
    ]
    assert refusals(drive.do("finish_day", energy=6)) == [
        ActionRefused("finish", "energy must be 1 to 5, got 6")
    ]
    assert refusals(drive.do("finish_day", relationships=0)) == [
        ActionRefused("finish", "relationships must be 1 to 5, got 0")
    ]
    assert refusals(drive.do("finish_day", deliverables=-1)) == [
        ActionRefused("finish", "deliverables cannot be negative")
    ]
    assert not drive.of(DayRecordChanged)
    events = drive.do("finish_day", energy=1, relationships=5, deliverables=0, note="none today")
    record = only(events, DayRecordChanged).day_record  # type: ignore[attr-defined]
    assert (record.energy, record.relationships, record.deliverables) == (1, 5, 0)
    assert record.deliverables_note == "none today"
    assert refusals(drive.do("finish_day", energy=5, relationships=1)) == []


# --- breach flags -----------------------------------------------------------------


def test_only_a_confirmed_start_in_protected_time_is_a_breach() -> None:
    pattern = with_defaults(FORTRESS, auto_start=True)
    drive = Driver.start(pattern, BERLIN, at(9, 0))
    drive.run_until(at(11, 5))  # Deep work auto-started, then its buffer
    drive.do("start_buffer")  # refused: the buffer runs
    drive.run_until(at(12, 0))
    drive.do("start_buffer")
    drive.run_until(at(18, 30))
    drive.do("snooze")
    drive.run_until(at(18, 40))
    drive.do("start_focus", minutes=15, confirm_breach=True)
    drive.run_until(at(19, 0))
    flags = [(s.kind, s.label, s.breach) for s in drive.sessions()]
    assert flags == [
        (SessionKind.FOCUS, "Deep work", False),
        (SessionKind.BUFFER, "", False),
        (SessionKind.BUFFER, "", False),
        (SessionKind.OVERTIME, "Overtime", False),
        (SessionKind.FOCUS, "", True),
    ]


def test_a_breach_confirmed_at_the_hard_stop_instant_marks_the_stop_missed() -> None:
    drive = fortress(18, 0)
    drive.run_until(at(18, 29))
    drive.now = at(18, 30)
    events = drive.do("start_focus", minutes=20, confirm_breach=True)
    assert only(events, HardStopReached)
    changed = [e.day_record.hard_stop_kept for e in events if isinstance(e, DayRecordChanged)]
    assert changed == [True, False]
    assert drive.sessions()[-1].breach is True


# --- idle time: pauses and sleeps ---------------------------------------------------


def test_two_pauses_in_one_block_are_both_paused_time() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus")  # Deep work, 90 min, planned to 11:00
    drive.run_until(at(9, 40))
    drive.do("pause")
    drive.run_until(at(9, 50))
    drive.do("resume")  # planned end 11:10
    drive.run_until(at(10, 0))
    drive.do("pause")
    drive.run_until(at(10, 15))
    (updated,) = [e for e in drive.do("resume") if isinstance(e, SessionUpdated)]
    assert updated.record.paused_seconds == 25 * MIN
    assert updated.record.planned_end == utc(at(11, 25))
    drive.run_until(at(11, 30))
    block = drive.sessions(SessionKind.FOCUS)[0]
    assert block.outcome is Outcome.COMPLETED
    assert block.ended_at == utc(at(11, 25))
    assert block.paused_seconds == 25 * MIN
    assert block.actual_seconds == 90 * MIN  # 115 min of wall clock, 25 of them paused


def test_a_sleep_inside_a_pause_is_counted_once() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus", minutes=60)
    drive.run_until(at(9, 45))
    drive.do("pause")
    drive.run_until(at(9, 50))
    drive.suspend(at(10, 5))
    drive.run_until(at(10, 15))
    drive.do("resume")  # paused 30 min, the sleep inside it; planned end 11:00
    drive.run_until(at(10, 50))
    drive.do("stop", "done early")
    block = drive.sessions(SessionKind.FOCUS)[0]
    assert (block.paused_seconds, block.actual_seconds) == (30 * MIN, 50 * MIN)
    assert (block.outcome, block.note) == (Outcome.STOPPED, "done early")


def test_pause_and_resume_report_exactly_what_changed() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus")
    drive.run_until(at(9, 45))
    events = drive.do("pause")
    updated = only(events, SessionUpdated).record  # type: ignore[attr-defined]
    assert (updated.heartbeat_at, updated.paused_seconds) == (utc(at(9, 45)), 0)
    assert events[-1] == StateChanged(EngineState.FOCUS, EngineState.PAUSED)
    drive.run_until(at(9, 55))
    status = drive.engine.status(drive.now)
    assert (status.ends_at, status.remaining_seconds) == (None, 75 * MIN)
    events = drive.do("resume")
    updated = only(events, SessionUpdated).record  # type: ignore[attr-defined]
    assert updated.heartbeat_at == utc(at(9, 55))
    assert updated.paused_seconds == 10 * MIN
    assert updated.planned_end == utc(at(11, 10))
    assert events[-1] == StateChanged(EngineState.PAUSED, EngineState.FOCUS)


def test_an_extension_moves_the_end_and_is_written_at_once() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus")
    drive.run_until(at(10, 0))
    (updated,) = drive.do("extend", 15)
    assert isinstance(updated, SessionUpdated)
    assert updated.record.planned_end == utc(at(11, 15))
    assert updated.record.planned_seconds == 105 * MIN
    assert updated.record.heartbeat_at == utc(at(10, 0))


def test_stop_keeps_what_advance_reported_before_it_and_has_no_default_note() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus", minutes=10)
    events = drive.engine.stop(utc(at(9, 45)))  # the block ended at 09:40, its buffer runs
    kinds = [type(e).__name__ for e in events]
    assert kinds[:3] == ["SessionClosed", "BlockFinished", "SessionOpened"]
    buffer = [e.record for e in events if isinstance(e, SessionClosed)][-1]
    assert (buffer.kind, buffer.outcome, buffer.note) == (
        SessionKind.BUFFER,
        Outcome.STOPPED,
        "",
    )
    assert events[-1] == StateChanged(EngineState.BUFFER, EngineState.ON)


# --- buffers --------------------------------------------------------------------------


def test_a_buffer_by_hand_takes_the_patterns_length_and_leaves_you_on() -> None:
    drive = fortress(14, 0)
    events = drive.do("start_buffer")
    opened = only(events, SessionOpened).record  # type: ignore[attr-defined]
    assert (opened.kind, opened.label, opened.planned_seconds) == (
        SessionKind.BUFFER,
        "",
        600,
    )
    assert events[-1] == StateChanged(EngineState.OFF, EngineState.BUFFER)
    assert drive.engine.status(drive.now).label == "Buffer"
    events = drive.run_until(at(14, 10))
    assert [type(e) for e in events] == [SessionClosed, BufferFinished, StateChanged]
    assert events[-1] == StateChanged(EngineState.BUFFER, EngineState.ON)


def test_a_buffer_gives_way_to_a_block_keeping_what_happened_before() -> None:
    drive = fortress(9, 20)
    drive.do("start_buffer", minutes=30)
    drive.now = at(9, 40)  # Deep work was announced at 09:30 meanwhile
    events = drive.do("start_focus")
    announced = only(events, PlannedBlockDue)
    assert announced.block.label == "Deep work"  # type: ignore[attr-defined]
    buffer = only(events, SessionClosed).record  # type: ignore[attr-defined]
    assert (buffer.outcome, buffer.note, buffer.actual_seconds) == (
        Outcome.STOPPED,
        "focus started",
        20 * MIN,
    )
    assert events[-1] == StateChanged(EngineState.BUFFER, EngineState.FOCUS)


@pytest.mark.parametrize(("minutes", "expected"), [(1, [60]), (0, [])])
def test_the_automatic_buffer_follows_the_patterns_length_even_a_short_one(
    minutes: int, expected: list[int]
) -> None:
    drive = Driver.start(with_defaults(FORTRESS, buffer_minutes=minutes), BERLIN, at(9, 30))
    drive.do("start_focus")
    drive.run_until(at(11, 30))
    buffers = drive.sessions(SessionKind.BUFFER)
    assert [b.planned_seconds for b in buffers] == expected
    assert all(b.label == "" for b in buffers)


# --- snoozes and overtime --------------------------------------------------------------


def test_two_snoozes_in_one_evening_add_up() -> None:
    pattern = with_defaults(FORTRESS, snooze_limit=2, snooze_minutes=10)
    drive = Driver.start(pattern, BERLIN, at(18, 0))
    rung = only(drive.run_until(at(18, 30)), HardStopReached)
    assert rung == HardStopReached(at(18, 30), None, 2)
    drive.run_until(at(18, 31))
    events = drive.do("snooze")
    first = only(events, SessionOpened).record  # type: ignore[attr-defined]
    assert (first.kind, first.label, first.planned_seconds) == (
        SessionKind.OVERTIME,
        "Overtime",
        600,
    )
    assert only(events, SnoozeStarted) == SnoozeStarted(first, 1)
    day = only(events, DayRecordChanged).day_record  # type: ignore[attr-defined]
    assert (day.snoozes, day.hard_stop_kept) == (1, False)
    assert events[-1] == StateChanged(EngineState.ALARM, EngineState.FOCUS)
    assert drive.engine.status(drive.now).label == "Overtime"

    events = drive.run_until(at(18, 45))
    closed = only(events, SessionClosed).record  # type: ignore[attr-defined]
    assert only(events, DayRecordChanged).day_record.overtime_seconds == 600  # type: ignore[attr-defined]
    assert only(events, SnoozeEnded) == SnoozeEnded(closed, 1)
    assert drive.engine.state is EngineState.ALARM
    assert drive.engine.status(drive.now).label == "Hard stop"

    events = drive.do("snooze")
    assert only(events, SnoozeStarted).snoozes_left == 0  # type: ignore[attr-defined]
    drive.run_until(at(18, 50))
    events = drive.do("stop")
    day = only(events, DayRecordChanged).day_record  # type: ignore[attr-defined]
    assert (day.snoozes, day.overtime_seconds) == (2, 900)
    assert only(events, SnoozeEnded).snoozes_left == 0  # type: ignore[attr-defined]
    assert drive.engine.day_record.overtime_seconds == 900
    assert drive.engine.snoozes_left() == 0


def test_finishing_the_day_during_overtime_adds_it_without_ringing_again() -> None:
    drive = fortress(18, 0)
    drive.run_until(at(18, 30))
    drive.do("snooze")
    drive.run_until(at(18, 36))
    events = drive.do("finish_day", big_task="Plan Q1")
    assert not [e for e in events if isinstance(e, SnoozeEnded)]
    closed = only(events, SessionClosed).record  # type: ignore[attr-defined]
    assert (closed.outcome, closed.note, closed.actual_seconds) == (
        Outcome.STOPPED,
        "day finished",
        6 * MIN,
    )
    assert drive.engine.state is EngineState.OFF
    assert drive.engine.day_record.overtime_seconds == 6 * MIN


# --- closing the day --------------------------------------------------------------------


def test_finishing_the_day_while_a_block_runs_closes_it_and_keeps_the_evening_quiet() -> None:
    drive = fortress(16, 0)
    drive.do("start_focus", label="Report")
    drive.run_until(at(16, 40))
    events = drive.do("finish_day", big_task="Ship it", checklist_done=["inbox"], energy=3)
    closed = only(events, SessionClosed).record  # type: ignore[attr-defined]
    assert (closed.label, closed.outcome, closed.note) == (
        "Report",
        Outcome.STOPPED,
        "day finished",
    )
    assert closed.actual_seconds == 40 * MIN
    record = only(events, DayRecordChanged).day_record  # type: ignore[attr-defined]
    assert (record.big_task_tomorrow, record.checklist_done, record.energy) == (
        "Ship it",
        ["inbox"],
        3,
    )
    assert record.hard_stop_kept is True
    assert events[-1] == StateChanged(EngineState.FOCUS, EngineState.OFF)
    # No warning, no ring, no change at all until the next working day begins.
    assert drive.run_until(at(23, 0)) == []


def test_finishing_after_the_stop_rang_keeps_the_verdict() -> None:
    drive = fortress(18, 0)
    drive.run_until(at(18, 30))
    events = drive.do("finish_day")
    assert only(events, DayRecordChanged).day_record.hard_stop_kept is True  # type: ignore[attr-defined]
    assert events[-1] == StateChanged(EngineState.ALARM, EngineState.OFF)


def test_work_after_an_early_close_brings_back_only_the_warnings_still_ahead() -> None:
    drive = fortress(17, 0)
    drive.do("finish_day")
    drive.run_until(at(18, 5))
    events = drive.do("start_focus", minutes=60)
    assert only(events, DayRecordChanged).day_record.hard_stop_kept is None  # type: ignore[attr-defined]
    assert not [e for e in events if isinstance(e, PreStopWarning)]
    warned = drive.run_until(at(18, 25))
    assert [e for e in warned if isinstance(e, PreStopWarning)] == [PreStopWarning(10, at(18, 30))]
    rung = only(drive.run_until(at(18, 30)), HardStopReached)
    assert rung.cut_session is not None  # type: ignore[attr-defined]


def test_planned_work_blocks_after_an_early_close_are_not_announced() -> None:
    drive = fortress(11, 5)
    drive.do("finish_day")
    drive.run_until(at(17, 0))
    assert [e.block.label for e in drive.of(PlannedBlockDue)] == ["Lunch"]


def test_every_block_of_a_day_is_announced_once_in_order() -> None:
    drive = fortress(8, 0)
    drive.run_until(at(17, 0))
    assert [(e.block.label, e.auto_started) for e in drive.of(PlannedBlockDue)] == [
        ("Deep work", False),
        ("E-mail and chat", False),
        ("Meetings", False),
        ("Lunch", False),
        ("Meetings and calls", False),
        ("Admin", False),
        ("Close the inbox", False),
    ]


# --- warnings and late wake-ups -------------------------------------------------------------


def test_warnings_name_the_minutes_left_and_the_local_stop() -> None:
    drive = fortress(17, 0)
    drive.do("start_focus", minutes=120)
    assert [e for e in drive.run_until(at(18, 29)) if isinstance(e, PreStopWarning)] == [
        PreStopWarning(30, at(18, 30)),
        PreStopWarning(10, at(18, 30)),
    ]


def test_a_one_minute_warning_is_given() -> None:
    pattern = with_defaults(FORTRESS, prestop_warnings=(1,))
    drive = Driver.start(pattern, BERLIN, at(18, 0))
    drive.do("start_focus", minutes=60)
    warned = [
        e
        for e in drive.run_until(
            at(
                18,
                29,
            )
        )
        if isinstance(e, PreStopWarning)
    ]
    assert warned == [PreStopWarning(1, at(18, 30))]


def test_waking_exactly_at_a_later_mark_gives_one_warning_not_two() -> None:
    drive = fortress(17, 0)
    drive.do("start_focus", minutes=120)
    drive.run_until(at(17, 50))
    events = drive.jump(at(18, 20))
    assert [e for e in events if isinstance(e, PreStopWarning)] == [PreStopWarning(10, at(18, 30))]


def test_waking_inside_a_block_late_by_exactly_the_tolerance_still_starts_it() -> None:
    pattern = with_defaults(FORTRESS, auto_start=True)
    drive = Driver.start(pattern, BERLIN, at(9, 0))
    events = drive.jump(at(9, 32))
    assert only(events, PlannedBlockDue).auto_started is True  # type: ignore[attr-defined]
    later = Driver.start(pattern, BERLIN, at(9, 0))
    events = later.jump(
        at(
            9,
            32,
        )
        + timedelta(seconds=1)
    )
    assert only(events, PlannedBlockDue).auto_started is False  # type: ignore[attr-defined]


def test_waking_exactly_at_a_blocks_end_does_not_announce_it() -> None:
    drive = fortress(9, 0)
    events = drive.jump(at(11, 0))
    assert [e.block.label for e in events if isinstance(e, PlannedBlockDue)] == []


# --- starting the engine ----------------------------------------------------------------


def test_a_first_start_exactly_at_the_hard_stop_does_not_ring() -> None:
    drive = fortress(18, 30)
    assert drive.run_until(at(19, 0)) == []
    assert drive.engine.state is EngineState.OFF


def test_restoring_an_open_overtime_stretch_after_a_restart() -> None:
    first = fortress(18, 0)
    first.run_until(at(18, 30))
    first.run_until(at(18, 31))
    first.do("snooze")
    first.run_until(at(18, 35))
    overtime = first.sessions(SessionKind.OVERTIME)[0]
    today = first.days[WEDNESDAY]
    again = Driver.start(FORTRESS, BERLIN, at(18, 36), today=today, open_session=overtime)
    assert again.engine.state is EngineState.FOCUS
    assert again.engine.status(again.now).label == "Overtime"
    again.rows[overtime.id] = overtime
    events = again.run_until(at(18, 45))
    closed = only(events, SessionClosed).record  # type: ignore[attr-defined]
    assert (closed.id, closed.outcome, closed.actual_seconds) == (
        overtime.id,
        Outcome.COMPLETED,
        600,
    )
    assert only(events, DayRecordChanged).day_record.overtime_seconds == 600  # type: ignore[attr-defined]
    assert only(events, SnoozeEnded) == SnoozeEnded(closed, 0)
    assert again.engine.state is EngineState.ALARM


def test_restoring_an_open_block_keeps_its_pauses_and_ends_on() -> None:
    start = utc(at(9, 30))
    block = only(SessionEngine(FORTRESS, BERLIN, now=start).start_focus(start), SessionOpened)
    assert isinstance(block, SessionOpened)
    record = replace(block.record, paused_seconds=0)
    again = Driver.start(FORTRESS, BERLIN, at(10, 0), open_session=record)
    again.rows[record.id] = record
    again.run_until(at(11, 30))
    focus = again.sessions(SessionKind.FOCUS)[0]
    assert (focus.paused_seconds, focus.actual_seconds) == (0, 90 * MIN)
    assert again.engine.state is EngineState.ON  # after its buffer: working, not off
    paused = replace(block.record, paused_seconds=120)
    again = Driver.start(FORTRESS, BERLIN, at(10, 0), open_session=paused)
    again.rows[paused.id] = paused
    again.run_until(at(11, 5))
    focus = again.sessions(SessionKind.FOCUS)[0]
    assert (focus.paused_seconds, focus.actual_seconds) == (120, 90 * MIN - 120)


def test_the_working_day_comes_from_the_engines_zone_not_the_machines() -> None:
    auckland = ZoneInfo("Pacific/Auckland")
    thursday_morning = datetime(2026, 11, 19, 4, 30, tzinfo=auckland)  # Wed 15:30 UTC
    engine = SessionEngine(FORTRESS, auckland, now=thursday_morning)
    assert engine.day_record.day == date(2026, 11, 19)
    assert engine.status(thursday_morning).big_task == ""


def test_a_later_day_boundary_moves_early_work_to_the_day_before() -> None:
    six = time(6, 0)
    drive = Driver.start(FORTRESS, BERLIN, at(5, 0), day_boundary=six)
    assert drive.engine.day_record.day == WEDNESDAY - timedelta(days=1)
    # 05:00 is still Tuesday evening, after its hard stop: a breach, logged on Tuesday.
    events = drive.do("start_focus", minutes=30, confirm_breach=True)
    opened = only(events, SessionOpened).record  # type: ignore[attr-defined]
    assert opened.day == WEDNESDAY - timedelta(days=1)
    assert working_day(utc(at(5, 59)), BERLIN, six) == WEDNESDAY - timedelta(days=1)
    assert working_day(utc(at(6, 0)), BERLIN, six) == WEDNESDAY


def test_a_utc_zone_has_a_zero_offset() -> None:
    drive = Driver.start(FORTRESS, ZoneInfo("UTC"), datetime(2026, 11, 18, 8, 0, tzinfo=UTC))
    opened = only(drive.do("start_focus"), SessionOpened).record  # type: ignore[attr-defined]
    assert opened.utc_offset_minutes == 0


def test_every_instant_the_engine_hands_out_is_utc() -> None:
    drive = fortress(8, 0)
    deadlines = []
    while (deadline := drive.engine.next_deadline()) <= utc(at(8, 0) + timedelta(days=1)):
        deadlines.append(deadline)
        if len(deadlines) == 3:
            drive.do("start_focus")
        drive.run_until(deadline)
    assert len(deadlines) > 10
    assert all(d.tzinfo is UTC for d in deadlines)
    for record in drive.sessions():
        assert record.started_at.tzinfo is UTC and record.planned_end.tzinfo is UTC
        assert record.ended_at is not None and record.ended_at.tzinfo is UTC
    for day in drive.days.values():
        assert day.hard_stop_planned is None or day.hard_stop_planned.tzinfo is UTC


# --- the status -------------------------------------------------------------------------


def test_the_status_names_what_comes_next_from_the_exact_instant() -> None:
    drive = fortress(8, 0)
    status = drive.engine.status(at(8, 0))
    assert (status.label, status.next_label, status.next_at) == (
        "",
        "Deep work",
        at(9, 30),
    )
    drive.run_until(at(9, 30))
    status = drive.engine.status(at(9, 30))
    assert (status.next_label, status.next_at) == ("E-mail and chat", at(11, 10))
    drive.run_until(at(17, 0))
    status = drive.engine.status(at(17, 0))
    assert (status.next_label, status.next_at) == ("Hard stop", at(18, 30))
    drive.run_until(at(18, 30))
    drive.do("finish_day")
    status = drive.engine.status(at(18, 31))
    # Off for the evening: the boundary says why (SPEC §4), nothing comes next today.
    assert (status.label, status.next_label, status.next_at) == ("After the hard stop", "", None)


def test_remaining_time_reaches_zero_at_the_planned_end() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus", minutes=10)
    assert drive.engine.status(at(9, 40)).remaining_seconds == 0
    assert drive.engine.status(at(9, 39)).remaining_seconds == 60


# --- more exact edges -------------------------------------------------------------------


def test_finishing_keeps_what_happened_before_it_and_has_empty_defaults() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus", minutes=10)
    events = drive.engine.finish_day(utc(at(9, 45)))  # the block ended at 09:40
    closed = [e.record for e in events if isinstance(e, SessionClosed)]
    assert [(r.kind, r.outcome, r.note) for r in closed] == [
        (SessionKind.FOCUS, Outcome.COMPLETED, ""),
        (SessionKind.BUFFER, Outcome.STOPPED, "day finished"),
    ]
    record = drive.engine.day_record
    assert (record.big_task_tomorrow, record.deliverables_note) == ("", "")
    assert closed[0].pattern_id == "boundary-fortress"


def test_a_late_warning_rounds_the_minutes_left_up() -> None:
    drive = fortress(17, 0)
    drive.do("start_focus", minutes=120)
    drive.run_until(at(17, 50))
    events = drive.jump(at(18, 20) + timedelta(seconds=55))  # 9 min 5 s left
    assert [e for e in events if isinstance(e, PreStopWarning)] == [PreStopWarning(10, at(18, 30))]


def test_work_restarted_at_a_warning_mark_does_not_repeat_that_warning() -> None:
    drive = fortress(17, 0)
    drive.do("finish_day")
    drive.run_until(at(18, 0))
    drive.do("start_focus", minutes=60)
    warned = [e for e in drive.run_until(at(18, 29)) if isinstance(e, PreStopWarning)]
    assert warned == [PreStopWarning(10, at(18, 30))]


def test_an_auto_started_block_leaves_you_on_after_its_buffer() -> None:
    drive = Driver.start(with_defaults(FORTRESS, auto_start=True), BERLIN, at(9, 0))
    drive.run_until(at(11, 5))
    assert drive.engine.state is EngineState.BUFFER
    drive.run_until(at(11, 10))
    assert drive.engine.state is EngineState.ON
