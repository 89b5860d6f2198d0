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
    SessionUpdated,
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


def test_a_skipped_planned_block_is_no_longer_the_default_start() -> None:
    drive = fortress(9, 30)
    events = drive.do("skip_planned", at(9, 30))
    assert not any(isinstance(e, ActionRefused) for e in events)
    record = next(e for e in drive.do("start_focus") if isinstance(e, SessionOpened)).record
    assert record.label != "Deep work"
    assert record.planned_seconds == FORTRESS.defaults.focus_minutes * 60


def test_skipping_a_block_that_is_not_planned_is_refused() -> None:
    drive = fortress(9, 30)
    events = drive.do("skip_planned", at(11, 10))  # e-mail, not focus
    assert ActionRefused("skip", "no such planned focus block today") in events


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


# --- pattern switches and the hard stop (QA: "shown but not ringing") ---------------


def switch(drive: Driver, pattern_id: str) -> None:
    drive._take(drive.engine.set_pattern(CATALOG.get(pattern_id), drive.now))


def test_a_switch_after_a_stop_that_passed_before_start_rings_the_new_later_one() -> None:
    # First start at 19:00: Fortress's 18:30 passed unseen (no ring, no verdict).
    # Time-Weave's 21:30 is still ahead: it is shown, so it must ring, once.
    drive = fortress(19, 0)
    switch(drive, "time-weave")
    assert drive.engine.status(drive.now).hard_stop == at(21, 30)
    drive.run_until(at(21, 0))  # after the creative lane's start, the stop is next
    status = drive.engine.status(drive.now)
    assert (status.next_label, status.next_at) == ("Hard stop", at(21, 30))
    drive.run_until(at(23, 0))
    (stop,) = drive.of(HardStopReached)
    assert stop.hard_stop == at(21, 30)
    assert drive.engine.state is EngineState.ALARM
    assert drive.days[WEDNESDAY].hard_stop_planned == utc(at(21, 30))


def test_a_switch_after_a_stop_that_passed_before_start_to_another_passed_one_is_silent() -> None:
    drive = fortress(19, 0)
    switch(drive, "deep-work-biome")  # 18:00: also passed before FocusDesk ran
    drive.run_until(at(23, 0))
    assert drive.of(HardStopReached) == []
    assert drive.engine.state is EngineState.OFF


def test_a_switch_after_the_hard_stop_rang_neither_rings_again_nor_moves_it() -> None:
    drive = Driver.start(CATALOG.get("caregiver-pro"), BERLIN, at(17, 0))
    drive.run_until(at(17, 45))
    drive.do("finish_day")
    drive.run_until(at(19, 0))
    switch(drive, "time-weave")
    # The day is over at the stop that rang: it is what the status shows, and
    # the evening stays protected, though Time-Weave would stop at 21:30.
    assert drive.engine.status(drive.now).hard_stop == at(17, 30)
    (ask,) = drive.do("start_focus")
    assert isinstance(ask, BreachConfirmationNeeded)
    drive.run_until(at(23, 0))
    assert len(drive.of(HardStopReached)) == 1
    assert drive.days[WEDNESDAY].hard_stop_planned == utc(at(17, 30))


def test_a_restart_after_a_rung_stop_and_a_switch_does_not_ring_twice() -> None:
    first = Driver.start(CATALOG.get("caregiver-pro"), BERLIN, at(17, 0))
    first.run_until(at(17, 45))
    switch(first, "time-weave")
    today = first.days[WEDNESDAY]
    # The app restarts at 19:00 with the new pattern and today's record.
    second = Driver.start(CATALOG.get("time-weave"), BERLIN, at(19, 0), today=today)
    assert second.engine.status(second.now).hard_stop == at(17, 30)
    (ask,) = second.do("start_focus")
    assert isinstance(ask, BreachConfirmationNeeded)
    second.do("start_focus", minutes=30, confirm_breach=True)
    second.run_until(at(23, 0))
    assert second.of(HardStopReached) == []


def test_a_switch_before_the_stop_moves_its_warnings_and_it_rings_once() -> None:
    drive = fortress(17, 50)
    drive.do("start_focus", minutes=25)
    drive.run_until(at(18, 5))  # the 30-minute warning for 18:30 was given
    switch(drive, "time-weave")
    drive.run_until(at(23, 0))
    warnings = [(w.minutes_left, w.hard_stop) for w in drive.of(PreStopWarning)]
    assert warnings == [(30, at(18, 30)), (30, at(21, 30)), (10, at(21, 30))]
    (stop,) = drive.of(HardStopReached)
    assert stop.hard_stop == at(21, 30)


def test_a_switch_to_a_stop_already_passed_rings_now_and_cuts_the_block_now() -> None:
    drive = Driver.start(CATALOG.get("time-weave"), BERLIN, at(18, 0))
    drive.run_until(at(18, 45))
    drive.do("start_focus", minutes=60)
    drive.run_until(at(19, 0))
    switch(drive, "boundary-fortress")  # 18:30: passed while the user worked
    (stop,) = drive.of(HardStopReached)
    assert stop.hard_stop == at(18, 30)
    assert stop.cut_session is not None
    # Cut at the switch, not back at 18:30: the quarter hour worked stays logged.
    assert stop.cut_session.ended_at == utc(at(19, 0))
    assert stop.cut_session.actual_seconds == 15 * 60
    assert drive.engine.state is EngineState.ALARM
    switch(drive, "time-weave")
    drive.run_until(at(23, 0))
    assert len(drive.of(HardStopReached)) == 1


@pytest.mark.parametrize(("hour", "minute"), [(3, 30), (3, 59), (4, 0), (4, 30)])
def test_a_switch_around_the_day_boundary_leaves_each_day_one_ring(hour: int, minute: int) -> None:
    thursday = WEDNESDAY + timedelta(days=1)
    drive = fortress(17, 0)
    drive.run_until(at(hour, minute, day=thursday))
    switch(drive, "time-weave")
    assert drive.engine.status(drive.now).hard_stop is not None
    drive.run_until(at(23, 0, day=thursday))
    stops = [s.hard_stop for s in drive.of(HardStopReached)]
    assert stops == [at(18, 30), at(21, 30, day=thursday)]


def test_a_switch_in_the_small_hours_after_a_late_first_start_rings_the_next_day() -> None:
    thursday = WEDNESDAY + timedelta(days=1)
    drive = Driver.start(FORTRESS, BERLIN, at(3, 0, day=thursday))  # Wednesday's stop passed
    drive.run_until(at(3, 30, day=thursday))
    switch(drive, "time-weave")
    drive.run_until(at(23, 0, day=thursday))
    (stop,) = drive.of(HardStopReached)
    assert stop.hard_stop == at(21, 30, day=thursday)


def test_a_switch_to_a_hard_stop_after_midnight_rings_it_once_that_night() -> None:
    # At 01:00 (still Wednesday's working day, its 18:30 passed before start) the
    # user picks a late pattern whose stop, 02:30, lies past midnight: it rings.
    late_day = replace(FORTRESS.day(Weekday.WED), hard_stop=time(2, 30))
    late = replace(FORTRESS, id="late", days=dict.fromkeys(Weekday, late_day))
    thursday = WEDNESDAY + timedelta(days=1)
    drive = Driver.start(FORTRESS, BERLIN, at(1, 0, day=thursday))
    drive._take(drive.engine.set_pattern(late, drive.now))
    assert drive.engine.status(drive.now).hard_stop == at(2, 30, day=thursday)
    drive.run_until(at(3, 0, day=thursday))
    (stop,) = drive.of(HardStopReached)
    assert stop.hard_stop == at(2, 30, day=thursday)
    assert working_day(stop.hard_stop, BERLIN) == WEDNESDAY
    drive.run_until(at(3, 0, day=thursday + timedelta(days=1)))
    assert [s.hard_stop for s in drive.of(HardStopReached)] == [
        at(2, 30, day=thursday),
        at(2, 30, day=thursday + timedelta(days=1)),
    ]


# --- the state after the hard stop (QA: "a stopped breach block leaves 'on'") ----------


def test_a_breach_block_stopped_after_the_ritual_leaves_the_state_off() -> None:
    drive = fortress(18, 0)
    drive.run_until(at(18, 45))
    drive.do("finish_day")
    drive.run_until(at(20, 0))
    drive.do("start_focus", minutes=30, confirm_breach=True)
    drive.run_until(at(20, 10))
    events = drive.do("stop")
    assert StateChanged(EngineState.FOCUS, EngineState.OFF) in events
    assert drive.engine.state is EngineState.OFF
    drive.run_until(at(23, 0))
    assert drive.engine.state is EngineState.OFF
    assert len(drive.of(HardStopReached)) == 1


def test_a_breach_block_that_runs_out_after_the_ritual_leaves_the_state_off() -> None:
    drive = fortress(18, 0)
    drive.run_until(at(18, 45))
    drive.do("finish_day")
    drive.do("start_focus", minutes=30, confirm_breach=True)
    drive.run_until(at(20, 0))
    assert [s.kind for s in drive.sessions()] == [SessionKind.FOCUS]  # no buffer
    assert drive.engine.state is EngineState.OFF


def test_a_breach_block_during_the_alarm_returns_to_the_alarm_without_ringing() -> None:
    drive = fortress(18, 0)
    drive.run_until(at(18, 35))
    drive.do("start_focus", minutes=30, confirm_breach=True)
    drive.run_until(at(18, 50))
    events = drive.do("stop")
    # The ritual is still to do: back to the hard-stop state, silently.
    assert StateChanged(EngineState.FOCUS, EngineState.ALARM) in events
    assert not [e for e in events if isinstance(e, HardStopReached | SnoozeEnded)]
    assert len(drive.of(HardStopReached)) == 1
    (ask,) = drive.do("start_focus")
    assert isinstance(ask, BreachConfirmationNeeded)
    drive.do("finish_day")
    assert drive.engine.state is EngineState.OFF
    assert drive.days[WEDNESDAY].hard_stop_kept is False


def test_a_breach_after_a_stop_that_passed_before_start_ends_off() -> None:
    drive = fortress(20, 15)
    drive.do("start_focus", minutes=10, confirm_breach=True)
    drive.run_until(at(20, 40))
    assert drive.engine.state is EngineState.OFF
    assert drive.of(HardStopReached) == []


def test_a_breach_on_a_protected_day_ends_off() -> None:
    drive = Driver.start(FORTRESS, BERLIN, at(10, day=SATURDAY))
    drive.do("start_focus", minutes=20, confirm_breach=True)
    drive.run_until(at(10, 5, day=SATURDAY))
    drive.do("stop")
    assert drive.engine.state is EngineState.OFF


def test_a_buffer_after_the_ritual_ends_off() -> None:
    drive = fortress(18, 0)
    drive.run_until(at(18, 45))
    drive.do("finish_day")
    drive.do("start_buffer", minutes=5)
    drive.run_until(at(19, 0))
    assert drive.engine.state is EngineState.OFF


# --- a paused block (QA: "restored as running", "a fixed end while paused") ------------


def test_a_restart_keeps_the_pauses_a_running_block_already_had() -> None:
    first = fortress(9, 30)
    first.do("start_focus")
    first.run_until(at(10, 0))
    first.do("pause")
    first.run_until(at(10, 20))
    first.do("resume")
    record = first.engine.current_session
    assert record is not None and record.paused_seconds == 20 * 60
    second = Driver.start(FORTRESS, BERLIN, at(10, 30), open_session=record)
    second.rows[record.id] = record
    assert second.engine.state is EngineState.FOCUS
    second.run_until(at(12, 0))
    closed = second.of(SessionClosed)[0].record
    assert closed.ended_at == utc(at(11, 20))
    assert closed.paused_seconds == 20 * 60
    assert closed.actual_seconds == 90 * 60


def test_the_log_holds_where_a_block_was_last_worked_so_recovery_skips_pauses() -> None:
    # Crash recovery closes an open row at its heartbeat, minus its paused
    # seconds: every update must leave both true, whatever the app's own
    # minute heartbeats (which stop while paused) did before.
    drive = fortress(9, 30)
    drive.do("start_focus")
    drive.run_until(at(10, 0))
    (paused,) = [e.record for e in drive.do("pause") if isinstance(e, SessionUpdated)]
    assert (paused.heartbeat_at, paused.paused_seconds) == (utc(at(10, 0)), 0)
    drive.run_until(at(10, 15))
    (extended,) = [e.record for e in drive.do("extend", 5) if isinstance(e, SessionUpdated)]
    assert (extended.heartbeat_at, extended.paused_seconds) == (utc(at(10, 0)), 0)
    drive.run_until(at(10, 20))
    (resumed,) = [e.record for e in drive.do("resume") if isinstance(e, SessionUpdated)]
    assert (resumed.heartbeat_at, resumed.paused_seconds) == (utc(at(10, 20)), 20 * 60)


def test_a_reported_sleep_pauses_the_block_in_the_log_from_when_it_began() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus")
    drive.run_until(at(10, 0))
    events = drive.suspend(at(10, 25))
    (updated,) = [e.record for e in events if isinstance(e, SessionUpdated)]
    # Last worked at 10:00: a crash now recovers 30 min of focus, not 55.
    assert (updated.heartbeat_at, updated.paused_seconds) == (utc(at(10, 0)), 0)
    assert drive.engine.state is EngineState.PAUSED


@pytest.mark.parametrize("through", ["wait", "suspend", "jump", "set_pattern"])
def test_a_paused_block_stays_paused_with_no_end_and_frozen_time(through: str) -> None:
    drive = fortress(9, 30)
    drive.do("start_focus")
    drive.run_until(at(10, 0))
    drive.do("pause")
    later = at(10, 40)
    if through == "wait":
        drive.run_until(later)
    elif through == "suspend":
        drive.suspend(later)
    elif through == "jump":
        drive.jump(later)
    else:
        drive.run_until(later)
        switch(drive, "deep-work-biome")
    status = drive.engine.status(drive.now)
    assert status.state is EngineState.PAUSED
    # While paused the end is unknown (it moves with the pause): no fixed end.
    assert status.ends_at is None
    assert status.remaining_seconds == 60 * 60
    assert status.total_seconds == 90 * 60
    assert status.to_json()["ends_at"] is None
    drive.do("resume")
    resumed = drive.engine.status(drive.now)
    assert resumed.ends_at == at(11, 40)
    assert resumed.remaining_seconds == 60 * 60


def test_a_switch_that_makes_now_protected_time_turns_on_into_off() -> None:
    # Time-Weave (21:30) from 18:40; Fortress's 18:30 passed before FocusDesk
    # started, so it does not ring, but the evening is protected: not "on".
    drive = Driver.start(CATALOG.get("time-weave"), BERLIN, at(18, 40))
    drive.do("start_focus", minutes=10)
    drive.run_until(at(19, 0))
    assert drive.engine.state is EngineState.ON
    switch(drive, "boundary-fortress")
    assert drive.of(HardStopReached) == []
    assert drive.engine.state is EngineState.OFF
    assert StateChanged(EngineState.ON, EngineState.OFF) in drive.events


def test_during_the_ritual_the_boundary_is_off_as_after_the_hard_stop() -> None:
    drive = fortress(17, 0)
    drive.run_until(at(18, 31))
    status = drive.engine.status(drive.now)
    assert status.state is EngineState.ALARM
    assert status.to_json()["boundary"] == "off"
    assert not status.day_closed


def test_tomorrows_big_task_shows_the_same_evening_once_the_day_is_closed() -> None:
    drive = fortress(17, 0)
    drive.run_until(at(18, 31))
    assert drive.engine.status(drive.now).big_task == ""
    drive.do("finish_day", big_task="Ship the engine")
    evening = drive.engine.status(drive.now)
    assert (evening.big_task, evening.day_closed) == ("Ship the engine", True)
    assert evening.big_task_is_tomorrows
    assert evening.to_json()["big_task"] == "Ship the engine"
    # A restart that evening knows it from the day's record.
    again = SessionEngine(
        FORTRESS, BERLIN, now=at(20, 0), today=drive.engine.day_record, big_task="older task"
    )
    assert again.status(at(20, 0)).big_task == "Ship the engine"
    assert again.status(at(20, 0)).day_closed
    drive.run_until(at(8, 0, day=WEDNESDAY + timedelta(days=1)))
    morning = drive.engine.status(drive.now)
    assert (morning.big_task, morning.day_closed) == ("Ship the engine", False)


def test_a_snoozed_stretch_is_reported_as_overtime() -> None:
    drive = fortress(17, 0)
    drive.run_until(at(18, 31))
    assert not drive.engine.status(drive.now).overtime
    drive.do("snooze")
    status = drive.engine.status(drive.now)
    assert status.state is EngineState.FOCUS and status.overtime


def test_a_day_without_a_hard_stop_says_why() -> None:
    sunday = SATURDAY + timedelta(days=1)
    drive = Driver.start(FORTRESS, BERLIN, at(10, 0, day=sunday))
    status = drive.engine.status(drive.now)
    assert status.hard_stop is None
    assert status.no_hard_stop_reason == "Sunday is protected in Boundary Fortress"
    assert fortress(10, 0).engine.status(at(10, 0)).no_hard_stop_reason == ""
