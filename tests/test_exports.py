"""Exports: the sessions' iCalendar parses back to the same sessions; the pattern's to its blocks."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from focusdesk.core.patterns import BlockKind, BlockSpec, DaySpec, Pattern, Weekday, WorkModel
from focusdesk.core.sessions import Outcome, SessionKind, SessionRecord
from focusdesk.exports import (
    SESSION_FIELDS,
    ExportTargetExists,
    pattern_ics,
    sessions_csv,
    sessions_ics,
    sessions_json,
    write_export,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def _session(
    sid: str, start: datetime, minutes: int, kind: SessionKind, label: str, *, ended: bool = True
) -> SessionRecord:
    end = start + timedelta(minutes=minutes)
    return SessionRecord(
        id=sid,
        kind=kind,
        label=label,
        pattern_id="p",
        day=start.date(),
        started_at=start,
        planned_end=end,
        utc_offset_minutes=60,
        planned_seconds=minutes * 60,
        ended_at=end if ended else None,
        actual_seconds=minutes * 60 if ended else 0,
        outcome=Outcome.COMPLETED if ended else Outcome.RUNNING,
        note="with, comma\nand line",
    )


SESSIONS = [
    _session("a1", datetime(2026, 11, 16, 8, 30, tzinfo=UTC), 90, SessionKind.FOCUS, "Deep work"),
    _session("b2", datetime(2026, 11, 16, 10, 0, tzinfo=UTC), 10, SessionKind.BUFFER, ""),
    _session("c3", datetime(2026, 11, 17, 17, 30, tzinfo=UTC), 10, SessionKind.OVERTIME, "Report"),
]


def test_sessions_ics_parses_back_to_the_same_sessions() -> None:
    running = _session(
        "d4", datetime(2026, 11, 18, 8, 0, tzinfo=UTC), 90, SessionKind.FOCUS, "Now", ended=False
    )
    calendar = icalendar.Calendar.from_ical(sessions_ics([*SESSIONS, running], now=NOW))
    events = list(calendar.walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == ["a1", "b2", "c3"]  # the running one has no end yet
    for event, session in zip(events, SESSIONS, strict=True):
        assert event["DTSTART"].dt == session.started_at
        assert event["DTEND"].dt == session.ended_at
        assert event["DTSTART"].dt.utcoffset() == timedelta(0)
        assert event.get("categories").cats == [session.kind.value]
    assert [str(e["SUMMARY"]) for e in events] == ["Focus: Deep work", "Buffer", "Overtime: Report"]


def test_sessions_csv_and_json_round_trip() -> None:
    rows = list(csv.DictReader(io.StringIO(sessions_csv(SESSIONS))))
    assert list(rows[0]) == list(SESSION_FIELDS)
    assert [r["id"] for r in rows] == ["a1", "b2", "c3"]
    assert rows[0]["note"] == "with, comma\nand line"
    assert rows[0]["local_start"] == "2026-11-16T09:30:00+01:00"
    document = json.loads(sessions_json(SESSIONS))
    assert document["sessions"][2]["kind"] == "overtime"
    assert document["sessions"][0]["seconds"] == 5400
    assert document["sessions"][0]["ended_at"] == "2026-11-16T10:00:00+00:00"


WORKDAY = DaySpec(
    blocks=(
        BlockSpec(BlockKind.FOCUS, time(9, 30), time(11, 0), "Deep work"),
        BlockSpec(BlockKind.LIFE, time(15, 0), time(16, 0), "School run"),
    ),
    hard_stop=time(17, 30),
)
PATTERN = Pattern(
    id="mini",
    name="Mini",
    model=WorkModel.INTEGRATION,
    days={
        **{d: WORKDAY for d in Weekday if d < Weekday.SAT},
        Weekday.SAT: DaySpec(
            blocks=(BlockSpec(BlockKind.RECOVERY, time(22, 30), time(6, 30), "Sleep", True),)
        ),
        Weekday.SUN: DaySpec(protected=True),
    },
)


def test_pattern_ics_has_one_weekly_event_per_planned_block_in_local_time() -> None:
    monday = date(2026, 11, 16)
    calendar = icalendar.Calendar.from_ical(pattern_ics(PATTERN, BERLIN, monday, now=NOW))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 5 * 2 + 1
    assert all(e["RRULE"]["FREQ"] == ["WEEKLY"] for e in events)
    assert len({str(e["UID"]) for e in events}) == len(events)
    first = events[0]
    assert first["DTSTART"].dt == datetime(2026, 11, 16, 9, 30, tzinfo=BERLIN)
    assert str(first["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert str(first["SUMMARY"]) == "Focus: Deep work"
    sleep = events[-1]
    assert sleep["DTEND"].dt == datetime(2026, 11, 22, 6, 30, tzinfo=BERLIN)
    assert sleep.get("categories").cats == ["recovery"]
    assert list(calendar.walk("VTIMEZONE"))


def test_pattern_ics_with_a_fixed_offset_zone_is_written_in_utc() -> None:
    zone = timezone(timedelta(hours=1))
    calendar = icalendar.Calendar.from_ical(pattern_ics(PATTERN, zone, date(2026, 11, 16), now=NOW))
    first = next(iter(calendar.walk("VEVENT")))
    assert first["DTSTART"].dt == datetime(2026, 11, 16, 8, 30, tzinfo=UTC)


def test_write_export_never_replaces_a_file_silently(tmp_path: Path) -> None:
    target = tmp_path / "week.csv"
    assert write_export(target, "one") is None
    with pytest.raises(ExportTargetExists, match="already exists"):
        write_export(target, "two")
    assert target.read_text() == "one"
    backup = write_export(target, "two", replace=True, now=datetime(2026, 11, 21, 9, 0, 5))
    assert backup == tmp_path / "week.csv.20261121-090005.bak"
    assert backup.read_text() == "one"
    assert target.read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "week.csv",
        "week.csv.20261121-090005.bak",
    ]
