"""The engine runs the plan with meetings in it (SPEC §5a, §4): walked with a fake clock."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from test_session_engine_driver import CATALOG, Driver, local, utc

from focusdesk.core.calendar_events import CalendarEvents, Meeting
from focusdesk.core.engine_events import (
    BufferFinished,
    HardStopReached,
    PlannedBlockDue,
    PreStopWarning,
    RitualDue,
    SessionOpened,
)
from focusdesk.core.planner import BlockSource
from focusdesk.core.sessions import SessionKind
from focusdesk.core.status import EngineState

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = date(2026, 11, 18)
FORTRESS = CATALOG.get("boundary-fortress")


def at(hour: int, minute: int = 0) -> datetime:
    return local(BERLIN, WEDNESDAY, hour, minute)


def calendar(*spans: tuple[datetime, datetime, str]) -> CalendarEvents:
    return CalendarEvents(tuple(Meeting(title, start, end) for start, end, title in spans))


def fortress(hour: int, *spans: tuple[datetime, datetime, str]) -> Driver:
    return Driver.start(FORTRESS, BERLIN, at(hour), calendar=calendar(*spans))


def announced(events: list[object]) -> list[tuple[str, str]]:
    return [
        (e.block.label, f"{e.block.start:%H:%M}") for e in events if isinstance(e, PlannedBlockDue)
    ]


def test_a_focus_block_is_never_announced_over_a_meeting_and_the_rest_of_it_comes_after() -> None:
    drive = fortress(8, (at(10), at(10, 30), "Standup"))
    events = drive.run_until(at(11, 5))
    assert announced(events) == [("Deep work", "09:30"), ("Deep work", "10:40")]


def test_a_meeting_turns_the_boundary_on_and_its_buffer_runs_by_itself() -> None:
    drive = fortress(8, (at(10), at(10, 30), "Standup"))
    drive.run_until(at(9, 59))
    assert drive.engine.state is EngineState.OFF
    drive.run_until(at(10, 1))
    assert drive.engine.state is EngineState.ON
    assert drive.engine.meeting_at(at(10, 1)) is not None
    events = drive.run_until(at(10, 31))
    opened = [e.record for e in events if isinstance(e, SessionOpened)]
    assert [(r.kind, r.started_at, r.planned_seconds) for r in opened] == [
        (SessionKind.BUFFER, utc(at(10, 30)), 600)
    ]
    assert drive.engine.state is EngineState.BUFFER
    events = drive.run_until(at(10, 41))
    assert any(isinstance(e, BufferFinished) for e in events)
    assert drive.engine.state is EngineState.ON


def test_the_buffer_after_a_meeting_gives_way_to_a_running_block() -> None:
    drive = fortress(8, (at(10), at(10, 30), "Standup"))
    drive.run_until(at(10, 20))
    drive.do("start_focus", minutes=25)  # the user works through the meeting's end
    events = drive.run_until(at(10, 35))
    assert not [e for e in events if isinstance(e, SessionOpened)]
    assert drive.engine.state is EngineState.FOCUS


def test_no_pre_stop_warning_pops_up_over_a_meeting() -> None:
    drive = fortress(17, (at(17, 50), at(18, 25), "Late sync"))
    drive.do("start_buffer")  # the user is on
    events = drive.run_until(at(18, 31))
    assert not [e for e in events if isinstance(e, PreStopWarning)]
    stop = next(e for e in events if isinstance(e, HardStopReached))
    assert stop.ritual_waits_until is None


def test_the_hard_stop_rings_over_a_meeting_but_the_ritual_waits_for_its_end() -> None:
    drive = fortress(
        17,
        (at(18), at(19), "Call with Tokyo"),
        (at(19), at(19, 20), "Follow-up"),  # back to back: the ritual waits for both
    )
    events = drive.run_until(at(18, 30))
    stop = next(e for e in events if isinstance(e, HardStopReached))
    assert stop.ritual_waits_until == local(BERLIN, WEDNESDAY, 19, 20)
    assert drive.engine.state is EngineState.ALARM
    assert not [e for e in drive.run_until(at(19, 19)) if isinstance(e, RitualDue)]
    events = drive.run_until(at(19, 21))
    assert [e for e in events if isinstance(e, RitualDue)] == [RitualDue()]
    assert drive.engine.ritual_waits_until is None


def test_a_ritual_closed_during_the_meeting_is_not_asked_for_again() -> None:
    drive = fortress(17, (at(18), at(19), "Call"))
    drive.run_until(at(18, 40))
    drive.do("finish_day")
    assert not [e for e in drive.run_until(at(19, 30)) if isinstance(e, RitualDue)]


def test_a_calendar_read_mid_day_reshapes_what_is_still_to_come() -> None:
    drive = fortress(8)
    drive.run_until(at(9))
    drive.engine.set_calendar(calendar((at(9, 30), at(10), "Surprise review")), drive.now)
    events = drive.run_until(at(10, 30))
    assert announced(events) == [("Deep work", "10:10")]
    assert [b.source for b in drive.engine.plan.blocks[:3]] == [
        BlockSource.MEETING,
        BlockSource.BUFFER,
        BlockSource.PATTERN,
    ]


def test_the_status_names_the_next_meeting() -> None:
    drive = fortress(11, (at(14), at(14, 30), "Design review"))
    drive.run_until(at(13, 45))
    status = drive.engine.status(drive.now)
    assert (status.next_label, status.next_at) == ("Design review", at(14))


def test_a_pattern_switch_keeps_the_meetings() -> None:
    drive = fortress(8, (at(10), at(10, 30), "Standup"))
    drive.engine.set_pattern(CATALOG.get("deep-work-biome"), drive.now)
    assert "Standup" in [b.label for b in drive.engine.plan.blocks]
