"""Today's plan once the calendar is merged in (SPEC §5a).

The planner lays the pattern onto a date; this module lays the day's meetings
over that plan:

- each meeting becomes a collab block, followed by one context-switch buffer;
  meetings closer together than a buffer form one run and share the buffer
  after the last of them;
- a pattern block that a meeting (or its buffer) overlaps is cut around it,
  and the pieces say so (`conflict`); a block covered whole is dropped from
  the blocks and listed in `DayPlan.dropped`. Collab zones are where meetings
  belong, so cutting one is not a conflict. Pieces shorter than
  `MIN_PIECE` are not worth announcing and are dropped too;
- no buffer is planned at or after the hard stop (that time is protected); a
  meeting that runs past the hard stop, or lies on a protected day, keeps its
  full length and is marked as a conflict.

All arithmetic is on UTC instants, so a DST day comes out right; the blocks
carry local times for display, like the planner's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from focusdesk.core.calendar_events import AllDayEvent, CalendarEvents, Meeting
from focusdesk.core.i18n import _
from focusdesk.core.patterns import BlockKind, Pattern
from focusdesk.core.planner import BlockSource, DayPlan, PlannedBlock, plan_day, utc

#: A piece of a cut pattern block shorter than this is not planned at all.
MIN_PIECE = timedelta(minutes=5)
BUFFER_LABEL = "Buffer"


@dataclass(slots=True)
class _Run:
    """Meetings closer together than a buffer: one stretch of collab time, one buffer after."""

    start: datetime
    end: datetime
    titles: list[str]


def merge_meetings(
    plan: DayPlan,
    meetings: Sequence[Meeting],
    *,
    buffer_minutes: int,
    zone: tzinfo,
    all_day: Sequence[AllDayEvent] = (),
) -> DayPlan:
    """`plan` (the planner's, for one day) with `meetings` laid over it (see the module doc)."""
    timed = sorted(
        (m for m in meetings if utc(m.end) > utc(m.start)),
        key=lambda m: (utc(m.start), utc(m.end)),
    )
    if not timed:
        return replace(plan, all_day=tuple(e.title for e in all_day))
    buffer = timedelta(minutes=max(0, buffer_minutes))
    hard_stop = utc(plan.hard_stop) if plan.hard_stop is not None else None

    runs: list[_Run] = []
    for meeting in timed:
        start, end = utc(meeting.start), utc(meeting.end)
        if runs and start < runs[-1].end + buffer:
            runs[-1].end = max(runs[-1].end, end)
            runs[-1].titles.append(meeting.label)
        else:
            runs.append(_Run(start, end, [meeting.label]))

    blocks: list[PlannedBlock] = []
    for meeting in timed:
        blocks.append(
            PlannedBlock(
                BlockKind.COLLAB,
                meeting.label,
                utc(meeting.start).astimezone(zone),
                utc(meeting.end).astimezone(zone),
                source=BlockSource.MEETING,
                conflict=_meeting_conflict(meeting, plan, hard_stop, zone),
            )
        )

    # What the meetings take from the pattern: each run and its buffer.
    taken: list[tuple[datetime, datetime, list[str]]] = []
    for run in runs:
        taken_until = run.end
        buffer_end = run.end + buffer
        if hard_stop is not None and buffer_end > hard_stop:
            buffer_end = hard_stop
        if buffer and buffer_end > run.end and not plan.protected:
            blocks.append(
                PlannedBlock(
                    BlockKind.ADMIN,
                    BUFFER_LABEL,
                    run.end.astimezone(zone),
                    buffer_end.astimezone(zone),
                    source=BlockSource.BUFFER,
                )
            )
            taken_until = buffer_end
        taken.append((run.start, taken_until, run.titles))

    dropped: list[PlannedBlock] = list(plan.dropped)
    for block in plan.blocks:
        pieces, titles = _cut(utc(block.start), utc(block.end), taken)
        if not titles:
            blocks.append(block)
            continue
        note = "" if block.kind is BlockKind.COLLAB else _cut_note(titles)
        kept = [(a, b) for a, b in pieces if b - a >= MIN_PIECE]
        for a, b in kept:
            blocks.append(
                replace(block, start=a.astimezone(zone), end=b.astimezone(zone), conflict=note)
            )
        if not kept:
            dropped.append(replace(block, conflict=_covered_note(titles)))

    blocks.sort(key=lambda b: (utc(b.start), utc(b.end)))
    return replace(
        plan,
        blocks=tuple(blocks),
        dropped=tuple(dropped),
        all_day=tuple(e.title for e in all_day),
    )


def _cut(
    start: datetime, end: datetime, taken: Sequence[tuple[datetime, datetime, list[str]]]
) -> tuple[list[tuple[datetime, datetime]], list[str]]:
    """[start, end) minus the taken stretches, and the titles of the meetings that cut it."""
    pieces = [(start, end)]
    titles: list[str] = []
    for t_start, t_end, run_titles in taken:
        if t_end <= start or t_start >= end:
            continue
        titles += [t for t in run_titles if t not in titles]
        next_pieces = []
        for a, b in pieces:
            if t_end <= a or t_start >= b:
                next_pieces.append((a, b))
                continue
            if a < t_start:
                next_pieces.append((a, t_start))
            if t_end < b:
                next_pieces.append((t_end, b))
        pieces = next_pieces
    return pieces, titles


def _cut_note(titles: Sequence[str]) -> str:
    return _("cut around {meetings}").format(meetings=_names(titles))


def _covered_note(titles: Sequence[str]) -> str:
    return _("covered by {meetings}").format(meetings=_names(titles))


def _names(titles: Sequence[str]) -> str:
    quoted = [f"“{t}”" for t in titles[:3]]
    more = len(titles) - len(quoted)
    if more > 0:
        return _("{names} and {more} more").format(names=", ".join(quoted), more=more)
    return ", ".join(quoted)


def _meeting_conflict(
    meeting: Meeting, plan: DayPlan, hard_stop: datetime | None, zone: tzinfo
) -> str:
    if plan.protected:
        return _("on a protected day")
    if hard_stop is None:
        return ""
    if utc(meeting.start) >= hard_stop:
        return _("after the hard stop")
    if utc(meeting.end) > hard_stop:
        return _("runs past the hard stop ({time})").format(
            time=f"{hard_stop.astimezone(zone):%H:%M}"
        )
    return ""


def calendar_day_plan(
    plan: DayPlan,
    events: CalendarEvents,
    *,
    window: tuple[datetime, datetime],
    buffer_minutes: int,
    zone: tzinfo,
) -> DayPlan:
    """`plan` merged with the meetings of `events` that overlap `window` (the working day)."""
    start, end = window
    return merge_meetings(
        plan,
        events.meetings_between(start, end),
        buffer_minutes=buffer_minutes,
        zone=zone,
        all_day=events.all_day_on(plan.day),
    )


def plan_with_calendar(
    pattern: Pattern,
    day: date,
    zone: tzinfo,
    events: CalendarEvents,
    *,
    window: tuple[datetime, datetime],
) -> DayPlan:
    """The planner's plan of `day` under `pattern`, with the meetings of `events` that fall in
    `window` (the working day) laid over it; buffers as long as the pattern's (none when
    the pattern turns automatic buffers off)."""
    defaults = pattern.defaults
    return calendar_day_plan(
        plan_day(pattern, day, zone),
        events,
        window=window,
        buffer_minutes=defaults.buffer_minutes if defaults.auto_buffer else 0,
        zone=zone,
    )
