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

import json
import os
import re
import subprocess
import sys
import time as monotonic_time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from focusdesk.core.calendar_events import NO_EVENTS, AllDayEvent, CalendarEvents, Meeting
from focusdesk.core.i18n import _, current_language, ngettext

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
        if all_day:
            text = _("{meetings} and {all_day} in the next {days} days").format(
                meetings=ngettext("{count} meeting", "{count} meetings", meetings).format(
                    count=meetings
                ),
                all_day=ngettext("{count} all-day event", "{count} all-day events", all_day).format(
                    count=all_day
                ),
                days=DAYS_KEPT,
            )
        else:
            text = _("{meetings} in the next {days} days").format(
                meetings=ngettext("{count} meeting", "{count} meetings", meetings).format(
                    count=meetings
                ),
                days=DAYS_KEPT,
            )
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
            problem=_("Calendar {path}: {reason}; today's plan runs without it.").format(
                path=path, reason=unusable
            ),
            reason=_("{reason}; today's plan runs without it").format(reason=unusable),
            failed=True,
            seconds=monotonic_time.perf_counter() - started,
            window=window,
        )
    except Exception as error:  # a bug in a parser must not cost the user their day
        return CalendarRead(
            path,
            now,
            problem=_("Calendar {path}: {reason}; today's plan runs without it.").format(
                path=path,
                reason=_("cannot be read ({error})").format(
                    error=f"{type(error).__name__}: {error}"
                ),
            ),
            reason=_("{reason}; today's plan runs without it").format(
                reason=_("cannot be read ({error})").format(error=type(error).__name__)
            ),
            failed=True,
            seconds=monotonic_time.perf_counter() - started,
            window=window,
        )
    reason = _skipped_line(skipped) if skipped else ""
    return CalendarRead(
        path,
        now,
        events=events,
        problem=_("Calendar {path}: {reason}.").format(path=path, reason=reason) if reason else "",
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
            raise _Unusable(_("is a folder, not a file"))
        if size > max_bytes:
            raise _Unusable(
                _("is too large ({size} MB; the limit is {limit} MB)").format(
                    size=f"{size / 1024 / 1024:.1f}", limit=f"{max_bytes / 1024 / 1024:.0f}"
                )
            )
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise _Unusable(_("not found")) from error
    except PermissionError as error:
        raise _Unusable(_("cannot be read (permission denied)")) from error
    except OSError as error:
        raise _Unusable(
            _("cannot be read ({error})").format(error=error.strerror or error)
        ) from error
    if len(raw) > max_bytes:  # it grew between stat and read
        raise _Unusable(
            _("is too large (the limit is {limit} MB)").format(
                limit=f"{max_bytes / 1024 / 1024:.0f}"
            )
        )
    return raw


def _parse(
    raw: bytes, window: tuple[datetime, datetime], zone: tzinfo, calendar_name: str
) -> tuple[CalendarEvents, list[str]]:
    text = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.upper().startswith(b"BEGIN:VCALENDAR"):
        raise _Unusable(_("is not an iCalendar file (no BEGIN:VCALENDAR at its start)"))
    if not text.rstrip().upper().endswith(b"END:VCALENDAR"):
        raise _Unusable(_("is cut short (no END:VCALENDAR at its end)"))

    text = _events_near(text, window)

    import icalendar
    import recurring_ical_events
    import x_wr_timezone

    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as error:
        raise _Unusable(
            _("is not valid iCalendar ({error})").format(error=_one_line(error))
        ) from error
    if calendar.get("X-WR-TIMEZONE"):
        try:
            calendar = x_wr_timezone.to_standard(calendar)
        except Exception as error:
            raise _Unusable(
                _("names an unknown time zone in X-WR-TIMEZONE ({zone}: {error})").format(
                    zone=calendar.get("X-WR-TIMEZONE"), error=_one_line(error)
                )
            ) from error

    skipped = _drop_unplaceable(calendar)
    _skip_ahead(calendar, window[0], zone, icalendar)
    start, end = window
    try:
        occurrences: Iterable[Any] = recurring_ical_events.of(
            calendar, components=["VEVENT"], skip_bad_series=True
        ).between(start, end)
    except Exception as error:
        raise _Unusable(
            _("has recurrences that cannot be expanded ({error})").format(error=_one_line(error))
        ) from error

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


#: How far outside the window an event's dates may lie and still be parsed: a
#: date in a zone far from UTC, or a date-only value, is off by up to a day.
_MARGIN_DAYS = 2
#: A single event given with a DURATION (not a DTEND) may have begun this long
#: before the window and still reach into it.
_LONGEST_DURATION_DAYS = 31


def _events_near(text: bytes, window: tuple[datetime, datetime]) -> bytes:
    """`text` without the VEVENTs that cannot touch `window`, judged from their raw dates.

    Parsing is what costs (≈ 0.4 ms an event with icalendar): a five-year calendar
    has thousands of past meetings that a day's plan never needs. An event is kept
    when in doubt: recurring without an end, dates that cannot be read, a
    RECURRENCE-ID or DTSTART near the window (a moved occurrence must be seen
    whether it moved into the window or out of it).
    """
    first = (window[0] - timedelta(days=_MARGIN_DAYS)).strftime("%Y%m%d").encode()
    last = (window[1] + timedelta(days=_MARGIN_DAYS)).strftime("%Y%m%d").encode()
    before_duration = (
        (window[0] - timedelta(days=_LONGEST_DURATION_DAYS + _MARGIN_DAYS))
        .strftime("%Y%m%d")
        .encode()
    )
    pieces: list[bytes] = []
    copied_to = 0  # text before this offset is in `pieces` (or dropped)
    block_start = -1
    fields: dict[bytes, bytes] = {}
    for match in _LINE.finditer(text):
        if match[1] is not None:  # BEGIN:VEVENT
            block_start, fields = match.start() + 1, {}  # after the newline
        elif match[2] is not None:  # END:VEVENT
            if block_start < 0:
                continue
            pieces.append(text[copied_to:block_start])
            if _may_touch(fields, first, last, before_duration):
                pieces.append(_slim(text[block_start : match.end()]))
            copied_to, block_start = match.end(), -1
        elif block_start >= 0:
            name = match[3] or match[5] or match[7]
            fields.setdefault(name, match[4] or match[6] or b"")
    pieces.append(text[copied_to:])
    return b"".join(pieces)


#: The lines that decide whether an event can touch the window (one pass over the file).
#: A leading newline rather than a multi-line `^`: the regex engine then jumps from
#: newline to newline instead of trying every byte (≈ 1.6× faster on a 2 MB file).
#: The file's first line is BEGIN:VCALENDAR, so no line that matters is missed.
_LINE = re.compile(
    rb"\n(?:(BEGIN:VEVENT)|(END:VEVENT)"
    rb"|(DTSTART|DTEND|RECURRENCE-ID)(?:;[^\r\n]*)?:(\d{8})"
    rb"|(RRULE):([^\r\n]*)|(RDATE|DURATION)[;:])"
)
_UNTIL = re.compile(rb"UNTIL=(\d{8})", re.IGNORECASE)
_COUNT = re.compile(rb"COUNT=(\d+)", re.IGNORECASE)
_FREQ = re.compile(rb"FREQ=(DAILY|WEEKLY)", re.IGNORECASE)
_INTERVAL = re.compile(rb"INTERVAL=(\d+)", re.IGNORECASE)
#: Rule parts after which a daily or weekly rule may skip whole weeks or months.
_SPARSE = re.compile(rb"BY(?:MONTH|MONTHDAY|YEARDAY|WEEKNO|SETPOS)=", re.IGNORECASE)


#: The properties of an event a day's plan needs; the rest (attendees, descriptions,
#: alarms…) is dropped before parsing, as most of a real calendar's bytes are there.
_NEEDED = frozenset(
    (
        b"BEGIN",
        b"END",
        b"UID",
        b"SUMMARY",
        b"DTSTART",
        b"DTEND",
        b"DURATION",
        b"RRULE",
        b"RDATE",
        b"EXDATE",
        b"EXRULE",
        b"RECURRENCE-ID",
        b"TRANSP",
        b"STATUS",
    )
)


def _slim(block: bytes) -> bytes:
    """One VEVENT with only the properties in `_NEEDED` (and no nested VALARMs)."""
    lines = block.split(b"\n")
    kept: list[bytes] = []
    keep = True
    depth = 0
    for number, line in enumerate(lines):
        if line[:1] in (b" ", b"\t"):  # a folded continuation of the line before
            if keep:
                kept.append(line)
            continue
        upper = line[:16].upper()
        if number > 0 and upper.startswith(b"BEGIN:"):
            depth += 1
        if depth:
            keep = False
            if upper.startswith(b"END:"):
                depth -= 1
            continue
        name = line.split(b":", 1)[0].split(b";", 1)[0].strip().upper()
        keep = name in _NEEDED
        if keep:
            kept.append(line)
    return b"\n".join(kept)


def _may_touch(
    fields: dict[bytes, bytes], first: bytes, last: bytes, before_duration: bytes
) -> bool:
    start = fields.get(b"DTSTART")
    if start is None:
        return True  # folded, missing or odd: the parser decides
    rule = fields.get(b"RRULE")
    if rule is not None or b"RDATE" in fields:
        if start > last:
            return False
        if rule is None:
            return True
        until = _UNTIL.search(rule)
        if until is not None:
            return until[1] >= first
        return _counted_end(rule, start) >= first
    moved_from = fields.get(b"RECURRENCE-ID")
    if moved_from is not None and first <= moved_from <= last:
        return True
    if start > last:
        return False
    end = fields.get(b"DTEND")
    if end is not None:
        return end >= first
    if b"DURATION" in fields:
        return start >= before_duration
    return start >= first


def _counted_end(rule: bytes, start: bytes) -> bytes:
    """A date no earlier than the last occurrence of a COUNT rule ("99999999": no bound known)."""
    count, freq = _COUNT.search(rule), _FREQ.search(rule)
    if count is None or freq is None or _SPARSE.search(rule):
        return b"99999999"
    interval = _INTERVAL.search(rule)
    step = int(interval[1]) if interval is not None else 1
    # At least one occurrence a week (a daily rule limited by BYDAY may keep one day).
    days = int(count[1]) * step * 7
    try:
        begin = datetime.strptime(start.decode(), "%Y%m%d")
        return (begin + timedelta(days=days)).strftime("%Y%m%d").encode()
    except (ValueError, OverflowError):
        return b"99999999"


_PERIODS = {"DAILY": timedelta(days=1), "WEEKLY": timedelta(weeks=1)}


def _skip_ahead(calendar: Any, first: datetime, zone: tzinfo, icalendar: Any) -> None:
    """Move the start of long-running daily and weekly series to just before `first`.

    dateutil walks a rule from its DTSTART, occurrence by occurrence: a weekly
    meeting since 2021 costs 250 steps before it reaches this week. Moving
    DTSTART (and DTEND) on by whole periods of the rule, in wall-clock time,
    leaves every later occurrence where it was, so EXDATEs and RECURRENCE-IDs
    still match. Rules with COUNT or BYSETPOS count from the start and are left alone.
    """
    for event in calendar.walk("VEVENT"):
        rule = event.get("RRULE")
        start_prop = event.get("DTSTART")
        if rule is None or isinstance(rule, list) or start_prop is None:
            continue
        if "COUNT" in rule or "BYSETPOS" in rule:
            continue
        period = _PERIODS.get(str(rule.get("FREQ", [""])[0]).upper())
        if period is None:
            continue
        try:
            step = period * max(1, int(rule.get("INTERVAL", [1])[0]))
        except (TypeError, ValueError):
            continue
        start = start_prop.dt
        if isinstance(start, datetime):
            mark = first.astimezone(start.tzinfo or zone).replace(tzinfo=None)
            gap = mark - start.replace(tzinfo=None)
        elif isinstance(start, date):
            gap = datetime.combine(
                first.astimezone(zone).date(), datetime.min.time()
            ) - datetime.combine(start, datetime.min.time())
        else:
            continue
        steps = gap // step - 1  # one period to spare
        if steps <= 0:
            continue
        shift = step * steps
        for name in ("DTSTART", "DTEND"):
            old = event.get(name)
            if old is None or not hasattr(old, "dt"):
                continue
            moved = icalendar.vDDDTypes(old.dt + shift)
            moved.params.update(old.params)
            event[name] = moved


def _drop_unplaceable(calendar: Any) -> list[str]:
    """Remove the events that cannot be placed in time; one short phrase for each."""
    import icalendar

    skipped: list[str] = []
    for event in list(calendar.walk("VEVENT")):
        title = str(event.get("SUMMARY", "")).strip() or str(event.get("UID", "")) or _("untitled")
        reason = ""
        start = event.get("DTSTART")
        if start is None:
            reason = _("has no start (DTSTART)")
        else:
            for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
                prop = event.get(name)
                if prop is None or not hasattr(prop, "dt"):
                    continue
                tzid = prop.params.get("TZID")
                value = prop.dt
                if tzid and isinstance(value, datetime) and value.tzinfo is None:
                    reason = _("has an unknown time zone ({zone})").format(zone=tzid)
                    break
            timed = isinstance(start.dt, datetime)
            if not reason and timed and event.get("DTEND") is None and not event.get("DURATION"):
                reason = _("has no end (no DTEND or DURATION)")
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
    count = ngettext("{count} event skipped", "{count} events skipped", len(skipped)).format(
        count=len(skipped)
    )
    return f"{count}: {named}" + ("; " + _("and {more} more").format(more=more) if more > 0 else "")


def _placed(value: datetime, zone: tzinfo) -> datetime:
    """An aware instant: a floating time (no zone) is read in the local zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=zone)
    return value


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:160] + ("…" if len(text) > 160 else "") if text else type(error).__name__


# --- reading in a child process ----------------------------------------------------

#: A child that has not answered after this long is stopped and the files named.
CHILD_TIMEOUT_SECONDS = 60.0


def read_calendars_apart(
    paths: Sequence[Path],
    *,
    window: tuple[datetime, datetime],
    zone: tzinfo,
    now: datetime,
    timeout: float = CHILD_TIMEOUT_SECONDS,
) -> list[CalendarRead]:
    """`read_calendars` in a short-lived child process (for the long-running app).

    The parsers (≈ 9 MB once imported) and the parsed files never enter the app's
    memory: only the expanded events come back. A child that crashes or hangs
    costs the app nothing but a line per file. Where a child cannot be started
    this way (a frozen app, a zone without a name) the files are read here.
    """
    if not paths:
        return []
    zone_name = getattr(zone, "key", None)
    if getattr(sys, "frozen", False) or not isinstance(zone_name, str):
        return read_calendars(paths, window=window, zone=zone, now=now)
    command = [
        sys.executable,
        "-m",
        "focusdesk.store.calendar_reader",
        zone_name,
        window[0].isoformat(),
        window[1].isoformat(),
        now.isoformat(),
        *(str(p) for p in paths),
    ]
    try:
        # Our own interpreter and module, an argument list (no shell): nothing from the user runs.
        # The child writes its problem lines in the language the app speaks.
        environment = dict(os.environ, LANGUAGE=current_language())
        done = subprocess.run(  # noqa: S603
            command, capture_output=True, timeout=timeout, check=False, env=environment
        )
    except subprocess.TimeoutExpired:
        return _all_failed(
            paths, now, _("took longer than {seconds} s to read").format(seconds=f"{timeout:.0f}")
        )
    except OSError:
        return read_calendars(paths, window=window, zone=zone, now=now)
    try:
        if done.returncode != 0:
            raise ValueError(done.stderr.decode(errors="replace").strip().splitlines()[-1:])
        return [_from_json(item) for item in json.loads(done.stdout)]
    except (ValueError, KeyError, TypeError, IndexError) as error:
        return _all_failed(
            paths,
            now,
            _("could not be read (the reader stopped: exit {code}, {error})").format(
                code=done.returncode, error=error
            ),
        )


def _all_failed(paths: Sequence[Path], now: datetime, reason: str) -> list[CalendarRead]:
    full = _("{reason}; today's plan runs without it").format(reason=reason)
    return [
        CalendarRead(
            p,
            now,
            problem=_("Calendar {path}: {reason}.").format(path=p, reason=full),
            reason=full,
            failed=True,
        )
        for p in paths
    ]


def _to_json(read: CalendarRead) -> dict[str, Any]:
    return {
        "path": str(read.path),
        "read_at": read.read_at.isoformat(),
        "problem": read.problem,
        "reason": read.reason,
        "failed": read.failed,
        "seconds": read.seconds,
        "meetings": [
            [m.title, m.start.isoformat(), m.end.isoformat(), m.calendar]
            for m in read.events.meetings
        ],
        "all_day": [
            [e.title, e.start.isoformat(), e.end.isoformat(), e.calendar]
            for e in read.events.all_day
        ],
    }


def _from_json(item: dict[str, Any]) -> CalendarRead:
    meetings = tuple(
        Meeting(title, datetime.fromisoformat(start), datetime.fromisoformat(end), calendar)
        for title, start, end, calendar in item["meetings"]
    )
    all_day = tuple(
        AllDayEvent(title, date.fromisoformat(start), date.fromisoformat(end), calendar)
        for title, start, end, calendar in item["all_day"]
    )
    return CalendarRead(
        Path(item["path"]),
        datetime.fromisoformat(item["read_at"]),
        events=CalendarEvents(meetings, all_day),
        problem=str(item["problem"]),
        reason=str(item["reason"]),
        failed=bool(item["failed"]),
        seconds=float(item["seconds"]),
    )


def _child_main(argv: Sequence[str]) -> int:
    """`python -m focusdesk.store.calendar_reader ZONE FROM TO NOW FILE...`: JSON on stdout."""
    from zoneinfo import ZoneInfo

    zone_name, first, last, now, *files = argv
    window = (datetime.fromisoformat(first), datetime.fromisoformat(last))
    reads = read_calendars(
        [Path(f) for f in files],
        window=window,
        zone=ZoneInfo(zone_name),
        now=datetime.fromisoformat(now),
    )
    sys.stdout.write(json.dumps([_to_json(r) for r in reads], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
