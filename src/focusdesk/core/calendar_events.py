"""The expanded events of a calendar, as a calendar reader hands them over (SPEC §5a).

Apart from `calendar_plan` so that the reader's child process, which only
builds these values, does not import the planner and the patterns.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

UNTITLED_MEETING = "Meeting"


def utc(instant: datetime) -> datetime:
    """`instant` in UTC (the planner's rule: compare plan times in one zone)."""
    return instant.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Meeting:
    """One timed calendar event (an occurrence of a recurring one is its own Meeting)."""

    title: str
    #: Aware datetimes, any zone.
    start: datetime
    end: datetime
    #: The calendar file it came from (for messages and `focusdesk today`).
    calendar: str = ""

    @property
    def label(self) -> str:
        return self.title.strip() or UNTITLED_MEETING


@dataclass(frozen=True, slots=True)
class AllDayEvent:
    """An all-day calendar event: shown with the day, never a block. `end` is exclusive."""

    title: str
    start: date
    end: date
    calendar: str = ""

    def on(self, day: date) -> bool:
        return self.start <= day < self.end


@dataclass(frozen=True, slots=True)
class CalendarEvents:
    """The expanded events of the coming days, as a calendar reader keeps them.

    Meetings are held by UTC start so that a day's meetings are found by
    bisection, not by a scan of every event.
    """

    meetings: tuple[Meeting, ...] = ()
    all_day: tuple[AllDayEvent, ...] = ()
    _starts: tuple[datetime, ...] = field(default=(), init=False, repr=False, compare=False)
    _longest: timedelta = field(default=timedelta(0), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        timed = sorted(
            (m for m in self.meetings if utc(m.end) > utc(m.start)),
            key=lambda m: (utc(m.start), utc(m.end)),
        )
        object.__setattr__(self, "meetings", tuple(timed))
        object.__setattr__(self, "_starts", tuple(utc(m.start) for m in timed))
        longest = max((utc(m.end) - utc(m.start) for m in timed), default=timedelta(0))
        object.__setattr__(self, "_longest", longest)

    @classmethod
    def combine(cls, parts: Iterable[CalendarEvents]) -> CalendarEvents:
        """The events of several calendars together."""
        meetings: list[Meeting] = []
        all_day: list[AllDayEvent] = []
        for part in parts:
            meetings += part.meetings
            all_day += part.all_day
        return cls(tuple(meetings), tuple(all_day))

    def meetings_between(self, start: datetime, end: datetime) -> list[Meeting]:
        """Meetings that overlap [start, end), by start."""
        start, end = utc(start), utc(end)
        first = bisect_left(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        return [m for m in self.meetings[first:last] if utc(m.end) > start]

    def all_day_on(self, day: date) -> list[AllDayEvent]:
        return [event for event in self.all_day if event.on(day)]


NO_EVENTS = CalendarEvents()
