"""Reading ICS calendar files into the events of the coming days (SPEC §5a).

`read_calendar` turns one file into `CalendarEvents` for a window of time:
recurrences expanded (RRULE, RDATE, EXDATE, RECURRENCE-ID moves) by
`recurring-ical-events`, TZID zones honoured, a calendar that names its zone
only in X-WR-TIMEZONE converted by `x-wr-timezone`. Free (TRANSP:TRANSPARENT)
and cancelled events are left out; all-day events are kept apart (shown, never
blocks); an event with no time zone ("floating") is read in the local zone.

It never raises: a file that cannot be used (missing, unreadable, too large,
not iCalendar, cut short, unparsable) gives no events and one line naming the
file and the problem; events that cannot be placed (a TZID nobody knows, a
timed event with no end) are skipped and named in one line, the rest of the
file is kept. It does blocking I/O and heavy parsing: the shell runs it off the
UI thread. icalendar and friends are imported on first use, so a FocusDesk with
no calendar configured never loads them.
"""

from __future__ import annotations

import time as monotonic_time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from focusdesk.core.calendar_plan import NO_EVENTS, AllDayEvent, CalendarEvents, Meeting

#: Larger files are refused: no calendar a person keeps is this big, and
#: parsing one would take seconds and hundreds of MB.
MAX_CALENDAR_BYTES = 20 * 1024 * 1024
#: How far ahead the events are kept: today, and the rest of the week for a
#: preview; the file is read again every day.
DAYS_KEPT = 8
#: At most this many skipped events are named in the problem line.
_NAMED_SKIPS = 3


@dataclass(frozen=True, slots=True)
class CalendarRead:
    """The outcome of reading one calendar file."""

    path: Path
    #: When it was read (aware).
    read_at: datetime
    events: CalendarEvents = NO_EVENTS
    #: One line naming the file and what is wrong (for the log); "" when all went well.
    problem: str = ""
    #: The same without the file name (shown beside it).
    reason: str = ""
    #: The whole file was unusable (no events at all came from it).
    failed: bool = False
    #: How long reading and expanding took, in seconds.
    seconds: float = 0.0
    window: tuple[datetime, datetime] | None = field(default=None, compare=False)

    @property
    def summary(self) -> str:
        """What the settings window shows beside the file name."""
        if self.failed:
            return self.reason
        meetings, all_day = len(self.events.meetings), len(self.events.all_day)
        text = f"{meetings} meeting{'s' if meetings != 1 else ''}"
        if all_day:
            text += f" and {all_day} all-day event{'s' if all_day != 1 else ''}"
        text += f" in the next {DAYS_KEPT} days"
        return f"{text}; {self.reason}" if self.reason else text


class _Unusable(Exception):
    """The file as a whole cannot be used; the message is the problem, for the user."""


def calendar_window(day: date, zone: tzinfo, days: int = DAYS_KEPT) -> tuple[datetime, datetime]:
    """From the start of `day` (local, minus a few hours for the day boundary) for `days` days."""
    start = datetime(day.year, day.month, day.day, tzinfo=zone) - timedelta(hours=6)
    return start.astimezone(UTC), (start + timedelta(days=days + 1)).astimezone(UTC)


def read_calendar(
    path: Path,
    *,
    window: tuple[datetime, datetime],
    zone: tzinfo,
    now: datetime,
    max_bytes: int = MAX_CALENDAR_BYTES,
) -> CalendarRead:
    """The events of `path` that overlap `window`, or what is wrong with it (see the module doc)."""
    started = monotonic_time.perf_counter()
    try:
        raw = _read_bytes(path, max_bytes)
        events, skipped = _parse(raw, window, zone, path.name)
    except _Unusable as unusable:
        return CalendarRead(
            path,
            now,
            problem=f"Calendar {path}: {unusable}; today's plan runs without it.",
            reason=f"{unusable}; today's plan runs without it",
            failed=True,
            seconds=monotonic_time.perf_counter() - started,
            window=window,
        )
    except Exception as error:  # a bug in a parser must not cost the user their day
        return CalendarRead(
            path,
            now,
            problem=f"Calendar {path}: cannot be read ({type(error).__name__}: {error}); "
            "today's plan runs without it.",
            reason=f"cannot be read ({type(error).__name__}); today's plan runs without it",
            failed=True,
            seconds=monotonic_time.perf_counter() - started,
            window=window,
        )
    reason = _skipped_line(skipped) if skipped else ""
    return CalendarRead(
        path,
        now,
        events=events,
        problem=f"Calendar {path}: {reason}." if reason else "",
        reason=reason,
        seconds=monotonic_time.perf_counter() - started,
        window=window,
    )


def read_calendars(
    paths: Sequence[Path], *, window: tuple[datetime, datetime], zone: tzinfo, now: datetime
) -> list[CalendarRead]:
    """`read_calendar` for each of `paths`."""
    return [read_calendar(p, window=window, zone=zone, now=now) for p in paths]


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise _Unusable("is a folder, not a file")
        if size > max_bytes:
            raise _Unusable(
                f"is too large ({size / 1024 / 1024:.1f} MB; "
                f"the limit is {max_bytes / 1024 / 1024:.0f} MB)"
            )
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise _Unusable("not found") from error
    except PermissionError as error:
        raise _Unusable("cannot be read (permission denied)") from error
    except OSError as error:
        raise _Unusable(f"cannot be read ({error.strerror or error})") from error
    if len(raw) > max_bytes:  # it grew between stat and read
        raise _Unusable(f"is too large (the limit is {max_bytes / 1024 / 1024:.0f} MB)")
    return raw


def _parse(
    raw: bytes, window: tuple[datetime, datetime], zone: tzinfo, calendar_name: str
) -> tuple[CalendarEvents, list[str]]:
    text = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.upper().startswith(b"BEGIN:VCALENDAR"):
        raise _Unusable("is not an iCalendar file (it does not begin with BEGIN:VCALENDAR)")
    if not text.rstrip().upper().endswith(b"END:VCALENDAR"):
        raise _Unusable("is cut short (it does not end with END:VCALENDAR)")

    import icalendar
    import recurring_ical_events
    import x_wr_timezone

    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as error:
        raise _Unusable(f"is not valid iCalendar ({_one_line(error)})") from error
    if calendar.get("X-WR-TIMEZONE"):
        try:
            calendar = x_wr_timezone.to_standard(calendar)
        except Exception as error:
            raise _Unusable(
                f"names an unknown time zone in X-WR-TIMEZONE "
                f"({calendar.get('X-WR-TIMEZONE')}: {_one_line(error)})"
            ) from error

    skipped = _drop_unplaceable(calendar)
    start, end = window
    try:
        occurrences: Iterable[Any] = recurring_ical_events.of(
            calendar, components=["VEVENT"], skip_bad_series=True
        ).between(start, end)
    except Exception as error:
        raise _Unusable(f"has recurrences that cannot be expanded ({_one_line(error)})") from error

    meetings: list[Meeting] = []
    all_day: list[AllDayEvent] = []
    for event in occurrences:
        if str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        title = str(event.get("SUMMARY", "")).strip()
        first = event["DTSTART"].dt
        last = event["DTEND"].dt if event.get("DTEND") is not None else None
        if not isinstance(first, datetime):
            last_day = last if isinstance(last, date) and last > first else first + timedelta(1)
            all_day.append(AllDayEvent(title, first, last_day, calendar_name))
            continue
        if last is None or not isinstance(last, datetime):
            continue  # _drop_unplaceable named it; an occurrence without one is no block
        meetings.append(Meeting(title, _placed(first, zone), _placed(last, zone), calendar_name))
    return CalendarEvents(tuple(meetings), tuple(all_day)), skipped


def _drop_unplaceable(calendar: Any) -> list[str]:
    """Remove the events that cannot be placed in time; one short phrase for each."""
    import icalendar

    skipped: list[str] = []
    for event in list(calendar.walk("VEVENT")):
        title = str(event.get("SUMMARY", "")).strip() or str(event.get("UID", "")) or "untitled"
        reason = ""
        start = event.get("DTSTART")
        if start is None:
            reason = "has no start (DTSTART)"
        else:
            for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
                prop = event.get(name)
                if prop is None or not hasattr(prop, "dt"):
                    continue
                tzid = prop.params.get("TZID")
                value = prop.dt
                if tzid and isinstance(value, datetime) and value.tzinfo is None:
                    reason = f"has an unknown time zone ({tzid})"
                    break
            timed = isinstance(start.dt, datetime)
            if not reason and timed and event.get("DTEND") is None and not event.get("DURATION"):
                reason = "has no end (no DTEND or DURATION)"
        if reason:
            skipped.append(f"“{title}” {reason}")
            _remove(calendar, event, icalendar)
    return skipped


def _remove(calendar: Any, event: Any, icalendar: Any) -> None:
    for component in calendar.walk():
        if event in component.subcomponents:
            component.subcomponents.remove(event)
            return


def _skipped_line(skipped: Sequence[str]) -> str:
    named = "; ".join(skipped[:_NAMED_SKIPS])
    more = len(skipped) - _NAMED_SKIPS
    count = f"{len(skipped)} event{'s' if len(skipped) != 1 else ''} skipped"
    return f"{count}: {named}" + (f"; and {more} more" if more > 0 else "")


def _placed(value: datetime, zone: tzinfo) -> datetime:
    """An aware instant: a floating time (no zone) is read in the local zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=zone)
    return value


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:160] + ("…" if len(text) > 160 else "") if text else type(error).__name__
