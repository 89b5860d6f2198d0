"""Meetings laid over the pattern's plan (SPEC §5a): cut, buffered, flagged."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from test_session_engine_driver import CATALOG, local

from focusdesk.core.calendar_events import AllDayEvent, CalendarEvents, Meeting
from focusdesk.core.calendar_plan import calendar_day_plan, merge_meetings
from focusdesk.core.patterns import BlockKind, BlockSpec, DaySpec, Pattern, Weekday, WorkModel
from focusdesk.core.planner import BlockSource, DayPlan, plan_day, utc

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
WEDNESDAY = date(2026, 11, 18)
SATURDAY = date(2026, 11, 21)
FORTRESS = CATALOG.get("boundary-fortress")


def at(hour: int, minute: int = 0, day: date = WEDNESDAY) -> datetime:
    return local(BERLIN, day, hour, minute)


def meeting(start: datetime, end: datetime, title: str = "Sync") -> Meeting:
    return Meeting(title, start, end, calendar="work.ics")


def fortress_with(*meetings: Meeting, day: date = WEDNESDAY, buffer: int = 10) -> DayPlan:
    return merge_meetings(
        plan_day(FORTRESS, day, BERLIN), meetings, buffer_minutes=buffer, zone=BERLIN
    )


def rows(plan: DayPlan) -> list[tuple[str, str, str, str, str]]:
    return [
        (f"{b.start:%H:%M}", f"{b.end:%H:%M}", b.source.value, b.label, b.conflict)
        for b in plan.blocks
    ]


def test_without_meetings_the_plan_is_the_pattern_plan() -> None:
    assert fortress_with() == plan_day(FORTRESS, WEDNESDAY, BERLIN)


def test_a_meeting_inside_the_focus_block_cuts_it_around_itself_and_its_buffer() -> None:
    plan = fortress_with(meeting(at(10), at(10, 30), "Standup"))
    assert rows(plan)[:4] == [
        ("09:30", "10:00", "pattern", "Deep work", "cut around “Standup”"),
        ("10:00", "10:30", "meeting", "Standup", ""),
        ("10:30", "10:40", "buffer", "Buffer", ""),
        ("10:40", "11:00", "pattern", "Deep work", "cut around “Standup”"),
    ]
    meeting_block = plan.blocks[1]
    assert meeting_block.kind is BlockKind.COLLAB
    # The rest of the day is untouched.
    assert rows(plan)[4:] == rows(plan_day(FORTRESS, WEDNESDAY, BERLIN))[1:]


def test_no_focus_block_overlaps_any_meeting() -> None:
    plan = fortress_with(meeting(at(9, 50), at(10, 20)), meeting(at(10, 45), at(11, 30), "Review"))
    meetings = [b for b in plan.blocks if b.source is BlockSource.MEETING]
    for focus in plan.focus_blocks:
        for m in meetings:
            assert utc(focus.end) <= utc(m.start) or utc(focus.start) >= utc(m.end)


def test_back_to_back_meetings_share_one_buffer_after_the_last() -> None:
    plan = fortress_with(
        meeting(at(14), at(14, 30), "One"),
        meeting(at(14, 30), at(15), "Two"),
        # Starts 5 minutes after: closer than a buffer, the same run.
        meeting(at(15, 5), at(15, 20), "Three"),
    )
    buffers = [b for b in plan.blocks if b.source is BlockSource.BUFFER]
    assert [(f"{b.start:%H:%M}", f"{b.end:%H:%M}") for b in buffers] == [("15:20", "15:30")]


def test_meetings_further_apart_than_a_buffer_each_get_one() -> None:
    plan = fortress_with(meeting(at(14), at(14, 30)), meeting(at(14, 45), at(15)))
    buffers = [b for b in plan.blocks if b.source is BlockSource.BUFFER]
    assert [f"{b.start:%H:%M}" for b in buffers] == ["14:30", "15:00"]


def test_a_focus_block_covered_whole_is_dropped_and_listed_as_a_conflict() -> None:
    plan = fortress_with(meeting(at(9), at(11, 20), "Offsite"))
    assert plan.focus_blocks == ()
    assert [(b.label, b.conflict) for b in plan.dropped] == [("Deep work", "covered by “Offsite”")]
    # The e-mail window 11:10–11:40 keeps what is left after the buffer.
    mail = next(b for b in plan.blocks if b.label == "E-mail and chat")
    assert (f"{mail.start:%H:%M}", mail.conflict) == ("11:30", "cut around “Offsite”")


def test_a_sliver_left_by_a_meeting_is_not_planned() -> None:
    plan = fortress_with(meeting(at(9, 33), at(10, 52), "Long"))
    # 09:30–09:33 and 10:52+10 min buffer → 11:02: both pieces under five minutes.
    assert plan.focus_blocks == ()
    assert [b.label for b in plan.dropped] == ["Deep work"]


def test_a_meeting_in_a_collab_zone_splits_it_without_a_conflict() -> None:
    plan = fortress_with(meeting(at(14), at(15), "Client call"))
    zone = [b for b in plan.blocks if b.label == "Meetings and calls"]
    assert [(f"{b.start:%H:%M}", f"{b.end:%H:%M}", b.conflict) for b in zone] == [
        ("13:30", "14:00", ""),
        ("15:10", "15:30", ""),
    ]


def test_a_meeting_across_the_hard_stop_keeps_its_length_is_flagged_and_has_no_buffer() -> None:
    plan = fortress_with(meeting(at(18), at(19), "Late call"))
    late = next(b for b in plan.blocks if b.source is BlockSource.MEETING)
    assert (f"{late.start:%H:%M}", f"{late.end:%H:%M}") == ("18:00", "19:00")
    assert late.conflict == "runs past the hard stop (18:30)"
    assert not [b for b in plan.blocks if b.source is BlockSource.BUFFER]


def test_a_buffer_running_into_the_hard_stop_ends_there() -> None:
    plan = fortress_with(meeting(at(18), at(18, 25), "Wrap-up"))
    buffer = next(b for b in plan.blocks if b.source is BlockSource.BUFFER)
    assert (f"{buffer.start:%H:%M}", f"{buffer.end:%H:%M}") == ("18:25", "18:30")


def test_a_meeting_after_the_hard_stop_or_on_a_protected_day_is_flagged() -> None:
    evening = fortress_with(meeting(at(20), at(21), "Board"))
    assert [b.conflict for b in evening.blocks if b.source is BlockSource.MEETING] == [
        "after the hard stop"
    ]
    saturday = fortress_with(meeting(at(10, day=SATURDAY), at(11, day=SATURDAY)), day=SATURDAY)
    assert [b.conflict for b in saturday.blocks] == ["on a protected day"]


def test_a_meeting_given_in_new_york_time_lands_at_berlin_time() -> None:
    # 04:00 in New York is 10:00 in Berlin in November (both on standard time).
    ny = meeting(local(NEW_YORK, WEDNESDAY, 4), local(NEW_YORK, WEDNESDAY, 4, 30), "NY sync")
    plan = fortress_with(ny)
    block = next(b for b in plan.blocks if b.source is BlockSource.MEETING)
    assert block.start.tzinfo is BERLIN
    assert (f"{block.start:%H:%M}", f"{block.end:%H:%M}") == ("10:00", "10:30")


def test_on_the_spring_forward_day_buffers_are_real_minutes() -> None:
    # 29 March 2026: Berlin goes from 02:00 to 03:00. A night-owl pattern with a
    # focus block 01:00–04:00 local is two real hours long.
    dst_day = date(2026, 3, 29)
    night = DaySpec(blocks=(BlockSpec(BlockKind.FOCUS, time(1), time(4), "Night"),))
    pattern = Pattern("night", "Night", WorkModel.INTEGRATION, days=dict.fromkeys(Weekday, night))
    base = plan_day(pattern, dst_day, BERLIN)
    # A meeting 01:30–03:10 local: 40 real minutes. Its buffer ends at 03:20.
    call = meeting(local(BERLIN, dst_day, 1, 30), local(BERLIN, dst_day, 3, 10), "Call")
    plan = merge_meetings(base, [call], buffer_minutes=10, zone=BERLIN)
    assert rows(plan) == [
        ("01:00", "01:30", "pattern", "Night", "cut around “Call”"),
        ("01:30", "03:10", "meeting", "Call", ""),
        ("03:10", "03:20", "buffer", "Buffer", ""),
        ("03:20", "04:00", "pattern", "Night", "cut around “Call”"),
    ]
    assert plan.blocks[1].seconds == 40 * 60
    assert plan.blocks[2].seconds == 10 * 60
    assert plan.blocks[0].start.utcoffset() == timedelta(hours=1)
    assert plan.blocks[3].start.utcoffset() == timedelta(hours=2)


def test_no_buffers_when_the_buffer_length_is_zero() -> None:
    plan = fortress_with(meeting(at(10), at(10, 30)), buffer=0)
    assert [b.source for b in plan.blocks[:3]] == [
        BlockSource.PATTERN,
        BlockSource.MEETING,
        BlockSource.PATTERN,
    ]
    assert f"{plan.blocks[2].start:%H:%M}" == "10:30"


def test_a_meeting_that_ends_before_it_starts_is_ignored() -> None:
    assert fortress_with(meeting(at(10), at(10))) == plan_day(FORTRESS, WEDNESDAY, BERLIN)


def test_calendar_events_find_the_meetings_of_a_window_and_the_day_s_all_day_events() -> None:
    long_one = meeting(at(6), at(23), "Conference")
    events = CalendarEvents(
        meetings=(
            meeting(
                at(10, day=WEDNESDAY - timedelta(days=1)), at(11, day=WEDNESDAY - timedelta(days=1))
            ),
            long_one,
            meeting(at(10), at(10, 30), "Standup"),
            meeting(
                at(3, day=WEDNESDAY + timedelta(days=1)),
                at(5, day=WEDNESDAY + timedelta(days=1)),
                "Early",
            ),
        ),
        all_day=(AllDayEvent("Holiday in Ohio", WEDNESDAY, WEDNESDAY + timedelta(days=1)),),
    )
    found = events.meetings_between(at(4), at(4, day=WEDNESDAY + timedelta(days=1)))
    assert [m.title for m in found] == ["Conference", "Standup", "Early"]
    assert [e.title for e in events.all_day_on(WEDNESDAY)] == ["Holiday in Ohio"]
    assert events.all_day_on(WEDNESDAY + timedelta(days=1)) == []

    plan = calendar_day_plan(
        plan_day(FORTRESS, WEDNESDAY, BERLIN),
        events,
        window=(at(4), at(4, day=WEDNESDAY + timedelta(days=1))),
        buffer_minutes=10,
        zone=BERLIN,
    )
    assert plan.all_day == ("Holiday in Ohio",)
    assert [b.label for b in plan.blocks if b.source is BlockSource.MEETING] == [
        "Conference",
        "Standup",
        "Early",
    ]


def test_combined_calendars_hold_every_event_in_time_order() -> None:
    one = CalendarEvents((meeting(at(12), at(13), "B"),))
    two = CalendarEvents((meeting(at(9), at(10), "A"),))
    both = CalendarEvents.combine([one, two])
    assert [m.title for m in both.meetings] == ["A", "B"]
    assert both.meetings[0].start.astimezone(UTC) == at(9).astimezone(UTC)
