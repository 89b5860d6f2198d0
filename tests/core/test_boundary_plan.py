"""The boundary follows the plan unless the user says otherwise (SPEC §4), with a fake clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from test_session_engine_driver import CATALOG, Driver, local

from focusdesk.core.boundary_plan import (
    BoundaryDecision,
    BoundaryOverride,
    BoundarySource,
    decide_boundary,
    next_boundary_change,
    override_until,
)
from focusdesk.core.engine_events import ActionRefused
from focusdesk.core.patterns import BlockKind, Boundary
from focusdesk.core.planner import DayPlan, PlannedBlock, plan_day
from focusdesk.core.status import EngineState

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY = date(2026, 11, 17)
SUNDAY = date(2026, 11, 22)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return local(BERLIN, day, hour, minute)


def driver(pattern_id: str, now: datetime) -> Driver:
    return Driver.start(CATALOG.get(pattern_id), BERLIN, now)


def test_caregiver_pro_school_pick_up_turns_the_boundary_off_with_its_label() -> None:
    drive = driver("caregiver-pro", at(TUESDAY, 13, 0))
    drive.run_until(at(TUESDAY, 15, 10))
    status = drive.engine.status(drive.now)
    assert status.state is EngineState.OFF
    assert status.to_json()["boundary"] == "off"
    assert status.label == "School pick-up and appointments — back at 16:00"
    block = status.to_json()["planned_block"]
    assert block == {
        "kind": "life",
        "label": "School pick-up and appointments",
        "start": "2026-11-17T15:00:00+01:00",
        "end": "2026-11-17T16:00:00+01:00",
    }


def test_the_boundary_changes_at_the_planned_edges_without_any_user_action() -> None:
    drive = driver("caregiver-pro", at(TUESDAY, 14, 50))
    # A planned work block is in force at 14:50? No: 14:45–15:00 is a gap, the user did nothing.
    assert drive.engine.status(drive.now).state is EngineState.OFF
    # The engine wakes at the pick-up's start and end: the shell's one timer is enough.
    assert drive.engine.next_deadline() == at(TUESDAY, 15, 0).astimezone(drive.now.tzinfo)
    drive.run_until(at(TUESDAY, 15, 30))
    assert drive.engine.status(drive.now).state is EngineState.OFF
    drive.run_until(at(TUESDAY, 16, 5))
    status = drive.engine.status(drive.now)
    assert status.state is EngineState.ON
    assert status.label == "Wrap-up replies"
    assert status.to_json()["planned_block"]["kind"] == "comms"


def test_a_block_started_in_a_life_block_is_on_until_the_next_planned_block() -> None:
    drive = driver("caregiver-pro", at(TUESDAY, 15, 10))
    drive.do("start_focus", minutes=20, label="Urgent fix")
    assert drive.engine.status(drive.now).to_json()["boundary"] == "on"
    # Block (20 min) and buffer (10 min) end at 15:40; the user's word holds until 16:00.
    drive.run_until(at(TUESDAY, 15, 45))
    status = drive.engine.status(drive.now)
    assert status.state is EngineState.ON
    assert status.label == "On — your call"
    drive.run_until(at(TUESDAY, 16, 1))
    assert drive.engine.boundary_at(drive.now).source is BoundarySource.PLAN


def test_a_running_block_keeps_the_signal_on_through_a_life_block_then_the_plan_takes_over() -> (
    None
):
    drive = driver("caregiver-pro", at(TUESDAY, 14, 45))
    drive.do("start_focus", minutes=30, label="Finish the report")  # runs into the pick-up
    drive.run_until(at(TUESDAY, 15, 10))
    assert drive.engine.status(drive.now).state is EngineState.FOCUS
    assert drive.engine.status(drive.now).to_json()["boundary"] == "on"
    # 15:15 the block ends, the buffer runs to 15:25; then the plan: the pick-up, off.
    drive.run_until(at(TUESDAY, 15, 30))
    status = drive.engine.status(drive.now)
    assert status.state is EngineState.OFF
    assert status.label.startswith("School pick-up")


def test_im_off_holds_until_the_next_planned_block_begins() -> None:
    drive = driver("caregiver-pro", at(TUESDAY, 9, 10))  # inside "Deep work", not started
    assert drive.engine.status(drive.now).state is EngineState.ON
    drive.do("set_boundary", Boundary.OFF)
    status = drive.engine.status(drive.now)
    assert status.state is EngineState.OFF
    assert status.label == "Off — your call"
    drive.run_until(at(TUESDAY, 10, 39))
    assert drive.engine.status(drive.now).state is EngineState.OFF
    drive.run_until(at(TUESDAY, 10, 41))  # "E-mail and chat" began at 10:40
    status = drive.engine.status(drive.now)
    assert status.state is EngineState.ON
    assert status.label == "E-mail and chat"


def test_im_on_in_a_life_block_and_refusals() -> None:
    drive = driver("caregiver-pro", at(TUESDAY, 12, 40))  # lunch
    assert drive.engine.status(drive.now).state is EngineState.OFF
    drive.do("set_boundary", Boundary.ON)
    assert drive.engine.status(drive.now).state is EngineState.ON
    drive.do("start_focus", minutes=5)
    refused = [e for e in drive.do("set_boundary", Boundary.OFF) if isinstance(e, ActionRefused)]
    assert [r.reason for r in refused] == ["a block is running: stop it first"]


def test_after_the_hard_stop_the_boundary_is_off_also_while_the_alarm_rings() -> None:
    drive = driver("caregiver-pro", at(TUESDAY, 16, 30))
    drive.do("start_focus", minutes=30)
    drive.run_until(at(TUESDAY, 17, 31))
    status = drive.engine.status(drive.now)
    assert status.state is EngineState.ALARM
    assert status.to_json()["boundary"] == "off"
    drive.do("finish_day")
    status = drive.engine.status(drive.now)
    assert status.state is EngineState.OFF
    assert status.label == "After the hard stop"
    refused = [e for e in drive.do("set_boundary", Boundary.ON) if isinstance(e, ActionRefused)]
    assert refused == []
    # "I'm on" in the evening: the user's word, until the working day ends.
    assert drive.engine.status(drive.now).state is EngineState.ON
    drive.run_until(at(TUESDAY, 23, 59))
    assert drive.engine.status(drive.now).state is EngineState.ON
    drive.run_until(at(TUESDAY, 23, 59) + timedelta(hours=4, minutes=2))  # past the day boundary
    assert drive.engine.status(drive.now).state is EngineState.OFF


def test_im_on_refused_while_the_hard_stop_rings() -> None:
    drive = driver("caregiver-pro", at(TUESDAY, 17, 0))
    drive.do("start_focus", minutes=10)
    drive.run_until(at(TUESDAY, 17, 40))
    assert drive.engine.state is EngineState.ALARM
    refused = [e for e in drive.do("set_boundary", Boundary.ON) if isinstance(e, ActionRefused)]
    assert [r.reason for r in refused] == ["the hard stop is ringing: finish the day or snooze"]


def test_time_weave_evening_lane_is_on_and_the_hard_stop_after_it_off() -> None:
    drive = driver("time-weave", at(TUESDAY, 19, 0))
    assert drive.engine.status(drive.now).state is EngineState.OFF  # between lanes, idle
    drive.run_until(at(TUESDAY, 20, 15))
    status = drive.engine.status(drive.now)
    assert status.state is EngineState.ON
    assert status.to_json()["planned_block"]["kind"] == "focus"
    drive.run_until(at(TUESDAY, 21, 45))
    assert drive.engine.status(drive.now).to_json()["boundary"] == "off"


def test_a_protected_sunday_is_off_even_at_the_hour_of_a_weekday_block() -> None:
    drive = driver("boundary-fortress", at(SUNDAY, 10, 0))
    status = drive.engine.status(drive.now)
    assert status.state is EngineState.OFF
    assert status.label == "Protected day"
    assert drive.engine.boundary_at(drive.now).source is BoundarySource.PROTECTED_DAY


def test_override_lapses_at_the_next_block_the_hard_stop_or_the_day_end() -> None:
    pattern = CATALOG.get("caregiver-pro")
    plan = plan_day(pattern, TUESDAY, BERLIN)
    day_end = at(TUESDAY, 4, 0) + timedelta(days=1)
    assert override_until(plan, at(TUESDAY, 15, 10), day_end) == at(TUESDAY, 16, 0)
    # Given at a block's very start, it overrides that block: the one after counts.
    assert override_until(plan, at(TUESDAY, 15, 0), day_end) == at(TUESDAY, 16, 0)
    assert override_until(plan, at(TUESDAY, 17, 20), day_end) == at(TUESDAY, 17, 30)
    assert override_until(plan, at(TUESDAY, 18, 0), day_end) == day_end


def test_decide_boundary_order_session_alarm_override_hard_stop_plan_idle() -> None:
    pattern = CATALOG.get("caregiver-pro")
    plan = plan_day(pattern, TUESDAY, BERLIN)
    noon = at(TUESDAY, 12, 45)  # lunch: a life block
    common = {"hard_stop_passed": False, "working": True, "override": None}
    running = decide_boundary(plan, noon, session_running=True, alarm=False, **common)
    assert (running.boundary, running.source) == (Boundary.ON, BoundarySource.SESSION)
    assert running.planned_block is not None and running.planned_block.kind is BlockKind.LIFE
    planned = decide_boundary(plan, noon, session_running=False, alarm=False, **common)
    assert (planned.boundary, planned.label) == (Boundary.OFF, "Lunch — back at 13:15")
    gap = decide_boundary(plan, at(TUESDAY, 14, 50), session_running=False, alarm=False, **common)
    assert (gap.boundary, gap.source) == (Boundary.ON, BoundarySource.IDLE)


def test_switching_pattern_drops_the_word_given_against_the_old_plan() -> None:
    """Found by the engine's property test: a block stopped at 18:30 under Time-Weave
    (hard stop 21:30), then a switch to Boundary Fortress, whose hard stop is 18:30,
    left the signal "On — your call" after the new hard stop."""
    berlin = ZoneInfo("Europe/Berlin")
    monday = date(2026, 11, 16)
    drive = Driver.start(CATALOG.get("time-weave"), berlin, local(berlin, monday, 18, 30))
    drive.do("start_focus")
    drive.do("stop")
    assert drive.engine.boundary_at(drive.now).source is BoundarySource.OVERRIDE
    drive._take(drive.engine.set_pattern(CATALOG.get("boundary-fortress"), drive.now))
    decision = drive.engine.boundary_at(drive.now)
    assert (decision.boundary, decision.source) == (Boundary.OFF, BoundarySource.HARD_STOP)
    assert drive.engine.state is EngineState.OFF


# The rule itself, decision by decision: each rule's whole decision (boundary, why, the
# words on the signal and the planned block in force), not only the first fields.
CAREGIVER_TUESDAY = plan_day(CATALOG.get("caregiver-pro"), TUESDAY, BERLIN)
LUNCH = at(TUESDAY, 12, 45)  # "Lunch", 12:30–13:15: a life block, boundary off


def lunch_block() -> PlannedBlock:
    block = CAREGIVER_TUESDAY.block_at(LUNCH)
    assert block is not None
    assert (block.label, block.start, block.end) == (
        "Lunch",
        at(TUESDAY, 12, 30),
        at(TUESDAY, 13, 15),
    )
    return block


def decide(
    now: datetime = LUNCH,
    *,
    plan: DayPlan = CAREGIVER_TUESDAY,
    alarm: bool = False,
    hard_stop_passed: bool = False,
    override: BoundaryOverride | None = None,
) -> BoundaryDecision:
    return decide_boundary(
        plan,
        now,
        session_running=False,
        alarm=alarm,
        hard_stop_passed=hard_stop_passed,
        working=True,
        override=override,
    )


def test_each_rule_gives_its_whole_decision_with_the_planned_block_in_force() -> None:
    lunch = lunch_block()
    assert decide(alarm=True) == BoundaryDecision(
        Boundary.OFF, BoundarySource.ALARM, "Hard stop", lunch
    )
    word = BoundaryOverride(Boundary.ON, at(TUESDAY, 12, 30), at(TUESDAY, 13, 15))
    assert decide(override=word) == BoundaryDecision(
        Boundary.ON, BoundarySource.OVERRIDE, "On — your call", lunch
    )
    assert decide(hard_stop_passed=True) == BoundaryDecision(
        Boundary.OFF, BoundarySource.HARD_STOP, "After the hard stop", lunch
    )
    assert decide() == BoundaryDecision(
        Boundary.OFF, BoundarySource.PLAN, "Lunch — back at 13:15", lunch
    )
    # A protected day whose plan still has a block at that hour (a meeting, say).
    protected = replace(CAREGIVER_TUESDAY, protected=True)
    assert decide(plan=protected) == BoundaryDecision(
        Boundary.OFF, BoundarySource.PROTECTED_DAY, "Protected day", lunch
    )
    # The alarm outranks the user's word and the protected day.
    assert decide(plan=protected, alarm=True, override=word).source is BoundarySource.ALARM


def test_the_users_word_lapses_at_its_until_to_the_second() -> None:
    word = BoundaryOverride(Boundary.ON, at(TUESDAY, 12, 30), at(TUESDAY, 13, 15))
    assert word.holds_at(at(TUESDAY, 12, 30))
    assert word.holds_at(at(TUESDAY, 13, 15) - timedelta(seconds=1))
    assert not word.holds_at(at(TUESDAY, 13, 15))
    assert not word.holds_at(at(TUESDAY, 12, 30) - timedelta(seconds=1))
    # At 13:15 sharp the plan speaks again: the next block, "Deliverables" (focus, on).
    decision = decide(
        at(TUESDAY, 13, 15), override=BoundaryOverride(Boundary.OFF, word.at, word.until)
    )
    assert (decision.boundary, decision.source, decision.label) == (
        Boundary.ON,
        BoundarySource.PLAN,
        "Deliverables",
    )


def test_a_word_given_at_the_hard_stop_itself_holds_until_the_day_ends() -> None:
    """At 17:30:00 sharp the hard stop is not "after" the word: it does not cut it to 0 s."""
    day_end = at(TUESDAY, 4, 0) + timedelta(days=1)
    hard_stop = at(TUESDAY, 17, 30)
    assert CAREGIVER_TUESDAY.hard_stop == hard_stop
    assert override_until(CAREGIVER_TUESDAY, hard_stop, day_end) == day_end
    assert override_until(CAREGIVER_TUESDAY, hard_stop - timedelta(seconds=1), day_end) == hard_stop


def test_next_boundary_change_is_the_next_planned_edge_or_the_word_lapsing() -> None:
    plan = CAREGIVER_TUESDAY
    assert next_boundary_change(plan, at(TUESDAY, 14, 50), None) == at(TUESDAY, 15, 0)
    # At an edge itself, the one after it.
    assert next_boundary_change(plan, at(TUESDAY, 15, 0), None) == at(TUESDAY, 16, 0)
    word = BoundaryOverride(Boundary.OFF, at(TUESDAY, 14, 50), at(TUESDAY, 14, 55))
    assert next_boundary_change(plan, at(TUESDAY, 14, 50), word) == at(TUESDAY, 14, 55)
    last_edge = at(TUESDAY, 17, 15)  # "Admin" ends: nothing planned after it
    assert max(b.end for b in plan.blocks) == last_edge
    assert next_boundary_change(plan, last_edge, None) is None
    late_word = BoundaryOverride(Boundary.ON, last_edge, last_edge + timedelta(hours=2))
    assert next_boundary_change(plan, last_edge, late_word) == last_edge + timedelta(hours=2)
