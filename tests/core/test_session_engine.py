"""The session engine's rules (SPEC §3), walked with a fake clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from test_session_engine_driver import CATALOG, Driver, local, utc

from focusdesk.core.engine_events import (
    ActionRefused,
    BlockFinished,
    BreachConfirmationNeeded,
    BufferFinished,
    DayRecordChanged,
    HardStopReached,
    PlannedBlockDue,
    PreStopWarning,
    SessionClosed,
    SessionOpened,
    SnoozeEnded,
    SnoozeStarted,
    StateChanged,
)
from focusdesk.core.patterns import BlockKind, BlockSpec, DaySpec, Pattern, Weekday, WorkModel
from focusdesk.core.session_engine import SessionEngine, working_day
from focusdesk.core.sessions import Outcome, SessionKind
from focusdesk.core.status import EngineState

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = date(2026, 11, 18)
SATURDAY = date(2026, 11, 21)
FORTRESS = CATALOG.get("boundary-fortress")


def at(hour: int, minute: int = 0, day: date = WEDNESDAY) -> datetime:
    return local(BERLIN, day, hour, minute)


def fortress(hour: int = 8, minute: int = 0, **kwargs: object) -> Driver:
    return Driver.start(FORTRESS, BERLIN, at(hour, minute), **kwargs)


def with_defaults(pattern: Pattern, **changes: object) -> Pattern:
    return replace(pattern, defaults=replace(pattern.defaults, **changes))


# --- starting, the default block, buffers ---------------------------------------


def test_the_day_begins_off_and_a_click_starts_the_next_planned_focus_block() -> None:
    drive = fortress(8, 0)
    assert drive.engine.state is EngineState.OFF
    events = drive.do("start_focus")
    opened = [e for e in events if isinstance(e, SessionOpened)]
    assert len(opened) == 1
    record = opened[0].record
    # Fortress plans "Deep work" 09:30–11:00: its length and label, starting now.
    assert record.label == "Deep work"
    assert record.planned_seconds == 90 * 60
    assert record.started_at == utc(at(8))
    assert record.started_at.tzinfo is UTC
    assert record.planned_end == utc(at(9, 30))
    assert record.utc_offset_minutes == 60
    assert record.day == WEDNESDAY
    assert StateChanged(EngineState.OFF, EngineState.FOCUS) in events


def test_without_a_planned_block_left_the_pattern_default_is_used() -> None:
    drive = fortress(14, 0)
    record = drive.do("start_focus")[0]
    assert isinstance(record, SessionOpened)
    assert record.record.planned_seconds == FORTRESS.defaults.focus_minutes * 60
    assert record.record.label == ""


def test_explicit_minutes_and_label_win_and_may_be_decimal() -> None:
    drive = fortress(8, 0)
    drive.do("start_focus", minutes=0.5, label="inbox zero")
    status = drive.engine.status(drive.now)
    assert status.label == "inbox zero"
    assert status.total_seconds == 30
    assert status.remaining_seconds == 30


def test_a_finished_block_is_followed_by_a_buffer_then_on() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus")
    drive.run_until(at(11, 30))
    focus, buffer = drive.sessions()
    assert (focus.kind, focus.outcome) == (SessionKind.FOCUS, Outcome.COMPLETED)
    assert focus.ended_at == utc(at(11, 0))
    assert focus.actual_seconds == 90 * 60
    assert (buffer.kind, buffer.outcome) == (SessionKind.BUFFER, Outcome.COMPLETED)
    assert buffer.started_at == focus.ended_at
    assert buffer.ended_at == utc(at(11, 10))
    assert [e.record.id for e in drive.of(BlockFinished)] == [focus.id]
    assert [e.record.id for e in drive.of(BufferFinished)] == [buffer.id]
    states = [(e.old, e.new) for e in drive.of(StateChanged)]
    assert states == [
        (EngineState.OFF, EngineState.FOCUS),
        (EngineState.FOCUS, EngineState.BUFFER),
        (EngineState.BUFFER, EngineState.ON),
    ]
    assert drive.engine.state is EngineState.ON


def test_auto_buffer_off_goes_straight_to_on() -> None:
    pattern = with_defaults(FORTRESS, auto_buffer=False)
    drive = Driver.start(pattern, BERLIN, at(9, 30))
    drive.do("start_focus")
    drive.run_until(at(11, 30))
    assert [s.kind for s in drive.sessions()] == [SessionKind.FOCUS]
    assert drive.engine.state is EngineState.ON


def test_starting_focus_during_a_buffer_ends_the_buffer_there() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus")
    drive.run_until(at(11, 4))
    drive.do("start_focus", minutes=25)
    _focus, buffer, second = drive.sessions()
    assert buffer.outcome is Outcome.STOPPED
    assert buffer.ended_at == second.started_at == utc(at(11, 4))
    assert drive.engine.state is EngineState.FOCUS


def test_a_second_start_while_a_block_runs_is_refused() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus")
    events = drive.do("start_focus")
    assert [type(e) for e in events] == [ActionRefused]
    assert len(drive.sessions()) == 1


@pytest.mark.parametrize("bad", [0, -5, float("nan"), float("inf")])
def test_a_non_positive_length_is_refused_with_a_message(bad: float) -> None:
    drive = fortress(9, 45)
    (refused,) = drive.do("start_focus", minutes=bad)
    assert isinstance(refused, ActionRefused)
    assert "positive" in refused.reason
    assert drive.engine.state is EngineState.OFF


# --- pause, resume, extend, stop ------------------------------------------------


def test_paused_time_is_not_focus_time_and_moves_the_end() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus")
    drive.run_until(at(10, 0))
    drive.do("pause")
    assert drive.engine.state is EngineState.PAUSED
    remaining = drive.engine.status(drive.now).remaining_seconds
    drive.run_until(at(10, 20))
    assert drive.engine.status(drive.now).remaining_seconds == remaining == 60 * 60
    drive.do("resume")
    assert drive.engine.state is EngineState.FOCUS
    assert drive.engine.status(drive.now).ends_at == at(11, 20)
    drive.run_until(at(12, 0))
    focus = drive.sessions(SessionKind.FOCUS)[0]
    assert focus.ended_at == utc(at(11, 20))
    assert focus.paused_seconds == 20 * 60
    assert focus.actual_seconds == 90 * 60
    assert focus.outcome is Outcome.COMPLETED


def test_extend_lengthens_the_running_block() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus")
    drive.do("extend", 15)
    drive.run_until(at(12, 0))
    focus = drive.sessions(SessionKind.FOCUS)[0]
    assert focus.planned_seconds == 105 * 60
    assert focus.planned_end == focus.ended_at == utc(at(11, 15))


def test_stop_early_keeps_the_reason_and_starts_no_buffer() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus")
    drive.run_until(at(10, 0))
    events = drive.do("stop", reason="fire drill")
    (closed,) = [e for e in events if isinstance(e, SessionClosed)]
    assert closed.record.outcome is Outcome.STOPPED
    assert closed.record.note == "fire drill"
    assert closed.record.actual_seconds == 30 * 60
    assert drive.engine.state is EngineState.ON
    assert not drive.of(BlockFinished)


@pytest.mark.parametrize("action", ["pause", "resume", "stop"])
def test_actions_without_a_running_block_are_refused(action: str) -> None:
    drive = fortress(9, 45)
    (refused,) = drive.do(action)
    assert isinstance(refused, ActionRefused)


# --- planned blocks ---------------------------------------------------------------


def test_planned_blocks_announce_themselves_at_their_start() -> None:
    drive = fortress(8, 0)
    drive.run_until(at(9, 30))
    (due,) = drive.of(PlannedBlockDue)
    assert due.block.kind is BlockKind.FOCUS
    assert due.block.start == at(9, 30)
    assert not due.auto_started
    assert drive.engine.state is EngineState.OFF


def test_auto_start_starts_a_planned_focus_block_on_time() -> None:
    drive = Driver.start(with_defaults(FORTRESS, auto_start=True), BERLIN, at(8))
    drive.run_until(at(9, 31))
    (due,) = drive.of(PlannedBlockDue)
    assert due.auto_started
    (focus,) = drive.sessions()
    assert focus.started_at == utc(at(9, 30))
    assert focus.planned_end == utc(at(11, 0))


def test_a_block_announced_after_sleep_is_never_auto_started() -> None:
    drive = Driver.start(with_defaults(FORTRESS, auto_start=True), BERLIN, at(8))
    drive.suspend(at(10, 0))
    (due,) = drive.of(PlannedBlockDue)
    assert not due.auto_started
    assert drive.sessions() == []


# --- the hard stop ------------------------------------------------------------------


def test_pre_stop_warnings_fire_at_30_and_10_minutes_once() -> None:
    drive = fortress(17, 0)
    drive.do("start_focus", minutes=200)
    drive.run_until(at(18, 29))
    warnings = drive.of(PreStopWarning)
    assert [w.minutes_left for w in warnings] == [30, 10]
    assert all(w.hard_stop == at(18, 30) for w in warnings)
    drive.run_until(at(18, 29, day=WEDNESDAY))
    assert len(drive.of(PreStopWarning)) == 2


def test_the_hard_stop_cuts_a_running_block() -> None:
    drive = fortress(17, 30)
    drive.do("start_focus")
    drive.run_until(at(19, 0))
    (stop,) = drive.of(HardStopReached)
    assert stop.hard_stop == at(18, 30)
    assert stop.cut_session is not None
    assert stop.cut_session.outcome is Outcome.CUT
    assert stop.cut_session.ended_at == utc(at(18, 30))
    assert stop.cut_session.actual_seconds == 60 * 60
    assert stop.snoozes_left == 1
    (focus,) = drive.sessions()
    assert focus.outcome is Outcome.CUT
    assert drive.engine.state is EngineState.ALARM
    assert drive.days[WEDNESDAY].hard_stop_kept is True


def test_the_hard_stop_cuts_a_paused_block_and_counts_the_pause() -> None:
    drive = fortress(17, 30)
    drive.do("start_focus")
    drive.run_until(at(18, 0))
    drive.do("pause")
    drive.run_until(at(19, 0))
    (focus,) = drive.sessions()
    assert focus.outcome is Outcome.CUT
    assert focus.ended_at == utc(at(18, 30))
    assert focus.actual_seconds == 30 * 60
    assert focus.paused_seconds == 30 * 60
    assert drive.engine.state is EngineState.ALARM


def test_the_hard_stop_cuts_a_buffer_too() -> None:
    drive = fortress(16, 55)
    drive.do("start_focus", minutes=90)  # ends 18:25, buffer 18:25–18:35
    drive.run_until(at(19, 0))
    focus, buffer = drive.sessions()
    assert focus.outcome is Outcome.COMPLETED
    assert buffer.outcome is Outcome.CUT
    assert buffer.ended_at == utc(at(18, 30))
    (stop,) = drive.of(HardStopReached)
    assert stop.cut_session is not None and stop.cut_session.id == buffer.id


def test_a_block_ending_exactly_at_the_hard_stop_is_completed_without_a_buffer() -> None:
    drive = fortress(17, 0)
    drive.do("start_focus", minutes=90)
    drive.run_until(at(19, 0))
    (focus,) = drive.sessions()
    assert focus.outcome is Outcome.COMPLETED
    (stop,) = drive.of(HardStopReached)
    assert stop.cut_session is None


def test_the_hard_stop_rings_once_even_when_nothing_ran() -> None:
    drive = fortress(8, 0)
    drive.run_until(at(23, 59))
    assert len(drive.of(HardStopReached)) == 1
    assert drive.of(PreStopWarning) == []  # nothing to warn about while off
    assert drive.engine.state is EngineState.ALARM


def test_finish_day_closes_the_ritual_and_the_big_task_shows_next_morning() -> None:
    drive = fortress(17, 0)
    drive.do("start_focus")
    drive.run_until(at(18, 31))
    events = drive.do(
        "finish_day",
        big_task="Ship the engine",
        checklist_done=["Inbox to zero"],
        energy=4,
        relationships=5,
        deliverables=2,
        note="engine, tests",
    )
    (changed,) = [e for e in events if isinstance(e, DayRecordChanged)]
    record = changed.day_record
    assert record.big_task_tomorrow == "Ship the engine"
    assert record.checklist_done == ["Inbox to zero"]
    assert (record.energy, record.relationships, record.deliverables) == (4, 5, 2)
    assert record.hard_stop_kept is True
    assert drive.engine.state is EngineState.OFF
    drive.run_until(at(8, 0, day=WEDNESDAY + timedelta(days=1)))
    assert drive.engine.status(drive.now).big_task == "Ship the engine"
    assert drive.engine.state is EngineState.OFF


def test_finish_day_refuses_out_of_range_scores() -> None:
    drive = fortress(18, 29)
    drive.run_until(at(18, 31))
    (refused,) = drive.do("finish_day", energy=9)
    assert isinstance(refused, ActionRefused)
    assert "energy" in refused.reason
    assert drive.engine.state is EngineState.ALARM


def test_a_day_closed_before_the_hard_stop_is_not_rung_again() -> None:
    drive = fortress(16, 0)
    drive.do("finish_day", big_task="x")
    drive.run_until(at(20, 0))
    assert drive.of(HardStopReached) == []
    assert drive.engine.state is EngineState.OFF
    assert drive.days[WEDNESDAY].hard_stop_kept is True


def test_a_restart_after_closing_the_day_early_does_not_ring() -> None:
    first = fortress(16, 0)
    first.do("finish_day")
    second = fortress(17, 0, today=first.days[WEDNESDAY])
    second.run_until(at(20, 0))
    assert second.of(HardStopReached) == []


def test_work_after_closing_early_reopens_the_day_and_the_hard_stop_rings() -> None:
    drive = fortress(16, 0)
    drive.do("finish_day")
    drive.run_until(at(17, 0))
    drive.do("start_focus", minutes=120)
    assert drive.days[WEDNESDAY].hard_stop_kept is None
    drive.run_until(at(19, 0))
    assert [w.minutes_left for w in drive.of(PreStopWarning)] == [30, 10]
    (stop,) = drive.of(HardStopReached)
    assert stop.cut_session is not None
    assert drive.days[WEDNESDAY].hard_stop_kept is True


# --- snooze, strict mode, breaches ------------------------------------------------------


def test_snooze_within_the_limit_logs_overtime_and_rings_again() -> None:
    drive = fortress(18, 0)
    drive.run_until(at(18, 30))
    events = drive.do("snooze")
    (snoozed,) = [e for e in events if isinstance(e, SnoozeStarted)]
    assert snoozed.record.kind is SessionKind.OVERTIME
    assert snoozed.snoozes_left == 0
    assert drive.engine.state is EngineState.FOCUS
    drive.run_until(at(18, 45))
    (overtime,) = drive.sessions(SessionKind.OVERTIME)
    assert overtime.ended_at == utc(at(18, 40))
    assert overtime.actual_seconds == 10 * 60
    (again,) = drive.of(SnoozeEnded)
    assert again.snoozes_left == 0
    assert drive.engine.state is EngineState.ALARM
    day = drive.days[WEDNESDAY]
    assert (day.snoozes, day.overtime_seconds, day.hard_stop_kept) == (1, 600, False)
    (refused,) = drive.do("snooze")
    assert isinstance(refused, ActionRefused)
    assert "no snoozes left" in refused.reason
    assert len(drive.of(HardStopReached)) == 1


def test_strict_mode_allows_no_snooze() -> None:
    drive = Driver.start(with_defaults(FORTRESS, strict=True), BERLIN, at(18))
    drive.run_until(at(18, 30))
    assert drive.of(HardStopReached)[0].snoozes_left == 0
    (refused,) = drive.do("snooze")
    assert isinstance(refused, ActionRefused)
    assert "strict" in refused.reason
    assert drive.engine.state is EngineState.ALARM


def test_snooze_outside_the_alarm_is_refused() -> None:
    drive = fortress(10, 0)
    (refused,) = drive.do("snooze")
    assert isinstance(refused, ActionRefused)


def test_work_after_the_hard_stop_needs_confirmation_and_is_a_breach() -> None:
    drive = fortress(18, 0)
    drive.run_until(at(18, 45))
    drive.do("finish_day")
    drive.run_until(at(20, 0))
    (ask,) = drive.do("start_focus")
    assert isinstance(ask, BreachConfirmationNeeded)
    assert "hard stop" in ask.reason
    assert drive.sessions() == []
    assert drive.engine.state is EngineState.OFF
    drive.do("start_focus", minutes=30, confirm_breach=True)
    (breach,) = drive.sessions()
    assert breach.breach
    assert drive.days[WEDNESDAY].hard_stop_kept is False
    drive.run_until(at(21, 0))
    # No buffer in protected time; no second ring.
    assert [s.kind for s in drive.sessions()] == [SessionKind.FOCUS]
    assert len(drive.of(HardStopReached)) == 1


def test_starting_during_the_alarm_needs_confirmation() -> None:
    drive = fortress(18, 0)
    drive.run_until(at(18, 30))
    (ask,) = drive.do("start_focus")
    assert isinstance(ask, BreachConfirmationNeeded)
    assert drive.engine.state is EngineState.ALARM


def test_a_protected_day_is_off_and_work_on_it_is_a_breach() -> None:
    drive = Driver.start(FORTRESS, BERLIN, at(10, day=SATURDAY))
    assert drive.engine.state is EngineState.OFF
    assert drive.engine.status(drive.now).hard_stop is None
    (ask,) = drive.do("start_focus")
    assert isinstance(ask, BreachConfirmationNeeded)
    assert "protected" in ask.reason
    drive.do("start_focus", confirm_breach=True)
    assert drive.sessions()[0].breach
    drive.run_until(at(23, 0, day=SATURDAY))
    assert drive.of(HardStopReached) == []


# --- restarts and the day boundary -----------------------------------------------------


def test_a_restart_the_same_evening_does_not_ring_again() -> None:
    first = fortress(18, 0)
    first.run_until(at(18, 30))
    first.do("snooze")
    first.run_until(at(18, 45))
    today = first.days[WEDNESDAY]
    second = Driver.start(FORTRESS, BERLIN, at(19, 30), today=today)
    second.run_until(at(23, 0))
    assert second.of(HardStopReached) == []
    assert second.engine.state is EngineState.OFF
    assert second.engine.snoozes_left() == 0


def test_a_restart_resumes_an_open_block() -> None:
    first = fortress(9, 30)
    first.do("start_focus")
    (record,) = first.sessions()
    second = Driver.start(FORTRESS, BERLIN, at(10, 0), open_session=record)
    assert second.engine.state is EngineState.FOCUS
    second.rows[record.id] = record
    second.run_until(at(11, 5))
    closed = second.of(SessionClosed)[0].record
    assert closed.id == record.id
    assert closed.ended_at == utc(at(11, 0))


def test_late_night_work_belongs_to_the_previous_working_day() -> None:
    thursday = WEDNESDAY + timedelta(days=1)
    assert working_day(at(3, 59, day=thursday), BERLIN) == WEDNESDAY
    assert working_day(at(4, 0, day=thursday), BERLIN) == thursday
    assert working_day(at(0, 30, day=thursday), BERLIN, time(0, 0)) == thursday
    drive = fortress(23, 0)
    drive.run_until(at(23, 0))
    drive.do("finish_day")
    drive.jump(at(2, 0, day=thursday))
    drive.do("start_focus", minutes=30, confirm_breach=True)
    assert drive.sessions()[0].day == WEDNESDAY
    drive.run_until(at(5, 0, day=thursday))
    assert drive.engine.day_record.day == thursday
    assert drive.engine.state is EngineState.OFF
    assert drive.engine.status(drive.now).next_at == at(9, 30, day=thursday)


def test_set_pattern_recomputes_the_rest_of_today_and_keeps_the_block() -> None:
    drive = fortress(10, 0)
    drive.do("start_focus", minutes=60)
    events = drive.engine.set_pattern(CATALOG.get("time-weave"), drive.now)
    (changed,) = [e for e in events if isinstance(e, DayRecordChanged)]
    assert changed.day_record.pattern_id == "time-weave"
    assert changed.day_record.hard_stop_planned == utc(at(21, 30))
    assert drive.engine.state is EngineState.FOCUS
    drive.run_until(at(22, 0))
    (stop,) = drive.of(HardStopReached)
    assert stop.hard_stop == at(21, 30)
    assert drive.engine.status(drive.now).pattern_id == "time-weave"


def test_naive_datetimes_are_rejected_clearly() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SessionEngine(FORTRESS, BERLIN, now=datetime(2026, 11, 18, 9, 0))


def test_a_pattern_built_in_code_runs_too() -> None:
    day = DaySpec(
        blocks=(BlockSpec(BlockKind.FOCUS, time(9), time(9, 45), "write"),),
        hard_stop=time(12),
    )
    pattern = Pattern("tiny", "Tiny", WorkModel.BALANCE, days={w: day for w in Weekday})
    drive = Driver.start(pattern, BERLIN, at(8))
    drive.do("start_focus")
    drive.run_until(at(13))
    assert drive.sessions()[0].label == "write"
    assert drive.sessions()[0].planned_seconds == 45 * 60
    assert len(drive.of(HardStopReached)) == 1


def test_an_unlabelled_focus_block_is_not_called_overtime() -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from focusdesk.core.patterns import Pattern, WorkModel
    from focusdesk.core.session_engine import SessionEngine

    zone = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
    engine = SessionEngine(Pattern("free", "Free", WorkModel.BALANCE), zone, now=now)
    engine.start_focus(now, minutes=25)
    status = engine.status(now)
    assert status.state.value == "focus"
    assert status.label == ""


def test_a_hard_stop_that_passed_before_the_app_started_does_not_ring() -> None:
    """A first start in the evening (or at 02:48 on a Saturday): no alarm, no verdict."""
    drive = fortress(20, 15)
    events = drive.run_until(at(20, 16))
    assert not [e for e in events if type(e).__name__ == "HardStopReached"]
    assert drive.engine.state is EngineState.OFF
    assert drive.engine.day_record.hard_stop_kept is None
    # Working now is still working in protected time.
    (asked,) = drive.do("start_focus", minutes=10)
    assert type(asked).__name__ == "BreachConfirmationNeeded"
