"""Writers for the log's exports: CSV, JSON and iCalendar (SPEC §5, §6).

Shared by the review window's export buttons and the `focusdesk week` and
`focusdesk export` commands, so both give the same bytes. Not core (it uses
the icalendar library and writes files), and no Qt.

Choices, documented for users in the README's command-line section:
- instants are UTC ISO-8601 (`2026-11-16T08:30:00+00:00`), with the user's
  local start beside them (`local_start`), so a spreadsheet sorts them right
  and a human still reads their own clock;
- the sessions' iCalendar file holds closed sessions only (a running block
  has no end yet), one VEVENT each, UID = session id, times in UTC;
- the pattern's iCalendar file holds one VEVENT per planned block with a
  weekly RRULE, in the local time zone (TZID) so "09:30" stays 09:30 across
  DST; its UIDs are stable, so importing it again updates the calendar
  instead of duplicating the blocks;
- `write_export` never replaces an existing file unless asked, and even then
  keeps the old one as `<name>.<timestamp>.bak` beside it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from focusdesk import __version__
from focusdesk.core.month_review import MonthStats
from focusdesk.core.patterns import Pattern
from focusdesk.core.planner import plan_week
from focusdesk.core.sessions import SessionRecord
from focusdesk.core.week_review import DayStats, WeekStats

if TYPE_CHECKING:
    # Imported where an iCalendar file is written: it costs ≈50 ms, which the
    # review window's first opening (it imports this module) should not pay.
    import icalendar

PRODID = f"-//FocusDesk//FocusDesk {__version__}//EN"

#: Columns of the sessions CSV, and keys of each session in the JSON export.
SESSION_FIELDS = (
    "id",
    "day",
    "kind",
    "label",
    "pattern_id",
    "started_at",
    "ended_at",
    "local_start",
    "local_end",
    "seconds",
    "paused_seconds",
    "planned_seconds",
    "outcome",
    "breach",
    "note",
)

#: Columns of `focusdesk week --format csv` (one row per day, then a total row).
DAY_FIELDS = (
    "date",
    "focus_minutes",
    "buffer_minutes",
    "overtime_minutes",
    "planned_focus_minutes",
    "hard_stop_kept",
    "pattern_id",
    "plan_known",
    "offclock_minutes",
    "offclock_known",
)


class ExportTargetExists(FileExistsError):
    """The chosen output file exists and replacing it was not asked for."""


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat(timespec="seconds")


def _local(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def session_row(session: SessionRecord) -> dict[str, Any]:
    """One session as plain JSON values, keyed by `SESSION_FIELDS`."""
    return {
        "id": session.id,
        "day": session.day.isoformat(),
        "kind": session.kind.value,
        "label": session.label,
        "pattern_id": session.pattern_id,
        "started_at": _instant(session.started_at),
        "ended_at": _instant(session.ended_at),
        "local_start": _local(session.local_start),
        "local_end": _local(session.local_end),
        "seconds": session.actual_seconds,
        "paused_seconds": session.paused_seconds,
        "planned_seconds": session.planned_seconds,
        "outcome": session.outcome.value,
        "breach": session.breach,
        "note": session.note,
    }


def sessions_csv(sessions: Iterable[SessionRecord]) -> str:
    """Sessions as CSV with a header row (`SESSION_FIELDS`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SESSION_FIELDS, lineterminator="\n")
    writer.writeheader()
    for session in sessions:
        row = session_row(session)
        row["breach"] = int(row["breach"])
        writer.writerow(row)
    return out.getvalue()


def sessions_json(sessions: Iterable[SessionRecord]) -> str:
    """Sessions as a JSON document: {"sessions": [...]}."""
    document = {"sessions": [session_row(s) for s in sessions]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _calendar(name: str) -> icalendar.Calendar:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def session_summary(session: SessionRecord) -> str:
    """ "Focus: Deep work" — the kind, then the label when there is one (the kind once:
    an offclock stretch's label, "Offclock: after your hard stop", already names it)."""
    kind = session.kind.value.capitalize()
    if not session.label or session.label.casefold().startswith(f"{kind.casefold()}:"):
        return session.label or kind
    return f"{kind}: {session.label}"


def sessions_ics(sessions: Iterable[SessionRecord], *, now: datetime | None = None) -> bytes:
    """Closed sessions as an iCalendar file: one VEVENT each, in UTC."""
    import icalendar

    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    calendar = _calendar("FocusDesk log")
    for session in sessions:
        if session.ended_at is None:
            continue
        event = icalendar.Event()
        event.add("uid", session.id)
        event.add("dtstamp", stamp)
        event.add("dtstart", session.started_at.astimezone(UTC))
        event.add("dtend", session.ended_at.astimezone(UTC))
        event.add("summary", session_summary(session))
        event.add("categories", [session.kind.value])
        minutes = round(session.actual_seconds / 60)
        details = [f"Outcome: {session.outcome.value}", f"Time: {minutes} min"]
        if session.breach:
            details.append("Boundary breach")
        if session.note:
            details.append(session.note)
        event.add("description", "\n".join(details))
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def pattern_ics(
    pattern: Pattern, zone: tzinfo, first_day: date, *, now: datetime | None = None
) -> bytes:
    """The pattern's week as calendar blocks: one weekly-recurring VEVENT per planned block.

    The first occurrences fall in the week starting `first_day`. With a named
    zone (zoneinfo) the events carry its TZID and a VTIMEZONE, so they follow
    DST; with a fixed offset they are written in UTC.
    """
    import icalendar

    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    named_zone = isinstance(zone, ZoneInfo)
    calendar = _calendar(f"FocusDesk: {pattern.name}")
    for plan in plan_week(pattern, first_day, zone):
        for block in plan.blocks:
            start, end = block.start, block.end
            if not named_zone:
                start, end = start.astimezone(UTC), end.astimezone(UTC)
            weekday = plan.weekday.short
            event = icalendar.Event()
            event.add(
                "uid",
                f"{pattern.id}-{weekday}-{block.start:%H%M}-{block.kind.value}@focusdesk",
            )
            event.add("dtstamp", stamp)
            event.add("dtstart", start)
            event.add("dtend", end)
            event.add("rrule", {"freq": "weekly"})
            event.add("summary", f"{block.kind.value.capitalize()}: {block.label}")
            event.add("categories", [block.kind.value])
            event.add("description", f"Planned by the FocusDesk pattern {pattern.name}.")
            event.add("transp", "OPAQUE")
            calendar.add_component(event)
    if named_zone:
        calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def day_row(day: DayStats) -> dict[str, Any]:
    return {
        "date": day.day.isoformat(),
        "focus_minutes": day.focus_minutes,
        "buffer_minutes": day.buffer_minutes,
        "overtime_minutes": day.overtime_minutes,
        # None ("plan unknown"): the log is older than the pattern history.
        "planned_focus_minutes": day.planned_focus_minutes,
        "hard_stop_kept": day.hard_stop_kept,
        "pattern_id": day.pattern_id,
        "plan_known": day.plan_known,
        # None ("not known"): FocusDesk could not watch the day's protected time.
        "offclock_minutes": None if day.offclock_unknown else day.offclock_minutes,
        "offclock_known": not day.offclock_unknown,
    }


def week_document(stats: WeekStats) -> dict[str, Any]:
    """The JSON of `focusdesk week --format json`: week, days, sessions, totals."""
    totals = stats.totals
    return {
        "week": str(stats.week),
        "days": [day_row(day) for day in stats.days],
        "sessions": [
            {
                "id": s.id,
                "day": s.day.isoformat(),
                "kind": s.kind.value,
                "label": s.label,
                "started_at": _instant(s.started_at),
                "ended_at": _instant(s.ended_at),
                "seconds": s.actual_seconds,
                "paused_seconds": s.paused_seconds,
                "outcome": s.outcome.value,
                # The answer to "Why stop early?" (or any note) of the session.
                "note": s.note,
            }
            for s in stats.sessions
        ],
        "totals": {
            "focus_hours": totals.focus_hours,
            "focus_minutes": totals.focus_minutes,
            "buffer_minutes": totals.buffer_minutes,
            "overtime_minutes": totals.overtime_minutes,
            "offclock_minutes": totals.offclock_minutes,
            "offclock_days": totals.offclock_days,
            "offclock_unknown_days": totals.offclock_unknown_days,
            "planned_focus_minutes": totals.planned_focus_minutes,
            "blocks_completed": totals.blocks_completed,
            "blocks_stopped": totals.blocks_stopped,
            "blocks_cut": totals.blocks_cut,
            "blocks_recovered": totals.blocks_recovered,
            "context_switches": totals.context_switches,
            "hard_stops_kept": totals.hard_stops_kept,
            "hard_stops_due": totals.hard_stops_due,
            "protected_days_kept": totals.protected_days_kept,
            "protected_days_due": totals.protected_days_due,
            "breaches": totals.breaches,
            "snoozes": totals.snoozes,
            "deliverables": totals.deliverables,
            "plan_unknown_days": totals.plan_unknown_days,
        },
    }


def week_json(stats: WeekStats) -> str:
    return json.dumps(week_document(stats), indent=2, ensure_ascii=False) + "\n"


def week_csv(stats: WeekStats) -> str:
    """One row per day (`DAY_FIELDS`), then a "total" row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=DAY_FIELDS, lineterminator="\n")
    writer.writeheader()
    for day in stats.days:
        row = day_row(day)
        kept = row["hard_stop_kept"]
        row["hard_stop_kept"] = "" if kept is None else str(kept).lower()
        row["plan_known"] = str(row["plan_known"]).lower()
        row["offclock_known"] = str(row["offclock_known"]).lower()
        writer.writerow(row)
    totals = stats.totals
    writer.writerow(
        {
            "date": "total",
            "focus_minutes": totals.focus_minutes,
            "buffer_minutes": totals.buffer_minutes,
            "overtime_minutes": totals.overtime_minutes,
            "planned_focus_minutes": totals.planned_focus_minutes,
            "hard_stop_kept": f"{totals.hard_stops_kept}/{totals.hard_stops_due}",
            "pattern_id": "",
            "plan_known": str(totals.plan_unknown_days == 0).lower(),
            "offclock_minutes": totals.offclock_minutes,
            "offclock_known": str(totals.offclock_unknown_days == 0).lower(),
        }
    )
    return out.getvalue()


def backup_name(path: Path, now: datetime) -> Path:
    return path.with_name(f"{path.name}.{now:%Y%m%d-%H%M%S}.bak")


def write_export(
    path: Path, data: str | bytes, *, replace: bool = False, now: datetime | None = None
) -> Path | None:
    """Write `data` to `path` atomically; return the backup of a replaced file, if any.

    An existing file is refused (`ExportTargetExists`) unless `replace`; when
    replaced, the old file is first renamed to `<name>.<timestamp>.bak`.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    backup = None
    if path.exists():
        if not replace:
            raise ExportTargetExists(
                f"{path} already exists; choose another file or use --force "
                "(the old file is then kept as a .bak copy)"
            )
        backup = backup_name(path, now or datetime.now())
        path.replace(backup)
    # Write beside the target and rename, so a full disk never leaves half a file.
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return backup


# --- the month (`focusdesk month`, the review's month view) -------------------------

#: Columns of `focusdesk month --format csv` (one row per day, then a total row).
MONTH_DAY_FIELDS = (
    "date",
    "focus_minutes",
    "planned_focus_minutes",
    "offclock_minutes",
    "hard_stop_kept",
    "protected",
    "protected_kept",
    "breaches",
    "plan_known",
    "offclock_known",
)


def month_day_row(day: DayStats) -> dict[str, Any]:
    return {
        "date": day.day.isoformat(),
        "focus_minutes": day.focus_minutes,
        "planned_focus_minutes": day.planned_focus_minutes,
        "offclock_minutes": None if day.offclock_unknown else day.offclock_minutes,
        "hard_stop_kept": day.hard_stop_kept,
        "protected": day.protected,
        "protected_kept": day.protected_kept,
        "breaches": day.breaches,
        "plan_known": day.plan_known,
        "offclock_known": not day.offclock_unknown,
    }


def month_document(stats: MonthStats) -> dict[str, Any]:
    """The JSON of `focusdesk month --format json`: month, days, totals, streaks."""
    totals = stats.totals
    return {
        "month": str(stats.month),
        "days": [month_day_row(day) for day in stats.days],
        "totals": {
            "focus_minutes": totals.focus_minutes,
            "planned_focus_minutes": totals.planned_focus_minutes,
            "plan_unknown_days": totals.plan_unknown_days,
            "offclock_minutes": totals.offclock_minutes,
            "offclock_unknown_days": totals.offclock_unknown_days,
            "days_worked": totals.days_worked,
            "hard_stops_kept": totals.hard_stops_kept,
            "hard_stops_due": totals.hard_stops_due,
            "protected_days_kept": totals.protected_days_kept,
            "protected_days_due": totals.protected_days_due,
            "breaches": totals.breaches,
        },
        "streaks": {
            "hard_stops_kept": {
                "longest": stats.hard_stop_streak.longest,
                "current": stats.hard_stop_streak.current,
            },
            "protected_days_kept": {
                "longest": stats.protected_streak.longest,
                "current": stats.protected_streak.current,
            },
        },
    }


def month_json(stats: MonthStats) -> str:
    return json.dumps(month_document(stats), indent=2, ensure_ascii=False) + "\n"


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return value


def month_csv(stats: MonthStats) -> str:
    """One row per day (`MONTH_DAY_FIELDS`), then a "total" row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=MONTH_DAY_FIELDS, lineterminator="\n")
    writer.writeheader()
    for day in stats.days:
        writer.writerow({k: _csv_value(v) for k, v in month_day_row(day).items()})
    totals = stats.totals
    writer.writerow(
        {
            "date": "total",
            "focus_minutes": totals.focus_minutes,
            "planned_focus_minutes": totals.planned_focus_minutes,
            "offclock_minutes": totals.offclock_minutes,
            "hard_stop_kept": f"{totals.hard_stops_kept}/{totals.hard_stops_due}",
            "protected": "",
            "protected_kept": f"{totals.protected_days_kept}/{totals.protected_days_due}",
            "breaches": totals.breaches,
            "plan_known": str(totals.plan_unknown_days == 0).lower(),
            "offclock_known": str(totals.offclock_unknown_days == 0).lower(),
        }
    )
    return out.getvalue()
