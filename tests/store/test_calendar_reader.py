"""Reading ICS files: recurrences, exceptions, time zones, and bad input named in one line."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from focusdesk.core.calendar_events import CalendarEvents
from focusdesk.store.calendar_reader import (
    CalendarRead,
    calendar_window,
    read_calendar,
    read_calendars_apart,
)

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = date(2026, 11, 18)
NOW = datetime(2026, 11, 18, 7, 0, tzinfo=UTC)


def ics(*events: str, extra: str = "") -> str:
    body = "".join(f"BEGIN:VEVENT\n{e.strip()}\nEND:VEVENT\n" for e in events)
    text = (
        f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//FocusDesk tests//EN\n{extra}{body}END:VCALENDAR\n"
    )
    return text.replace("\n", "\r\n")


def write(tmp_path: Path, text: str | bytes, name: str = "work.ics") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def read(path: Path, day: date = WEDNESDAY) -> CalendarRead:
    return read_calendar(path, window=calendar_window(day, BERLIN), zone=BERLIN, now=NOW)


def on_day(events: CalendarEvents, day: date) -> list[tuple[str, str, str]]:
    start = datetime(day.year, day.month, day.day, 4, tzinfo=BERLIN)
    return [
        (m.title, f"{m.start.astimezone(BERLIN):%H:%M}", f"{m.end.astimezone(BERLIN):%H:%M}")
        for m in events.meetings_between(start, start + timedelta(days=1))
    ]


WEEKLY_NEW_YORK = """
UID:weekly-1@test
SUMMARY:Team sync (New York)
DTSTART;TZID=America/New_York:20261028T090000
DTEND;TZID=America/New_York:20261028T093000
RRULE:FREQ=WEEKLY;BYDAY=WE
EXDATE;TZID=America/New_York:20261111T090000
"""
MOVED = """
UID:weekly-1@test
RECURRENCE-ID;TZID=America/New_York:20261118T090000
SUMMARY:Team sync (moved)
DTSTART;TZID=America/New_York:20261118T110000
DTEND;TZID=America/New_York:20261118T113000
"""


def test_a_weekly_meeting_in_new_york_time_shows_at_berlin_time(tmp_path: Path) -> None:
    result = read(write(tmp_path, ics(WEEKLY_NEW_YORK)), date(2026, 10, 28))
    assert result.problem == ""
    # 28 October: New York is still on summer time (UTC-4), Berlin already on winter time (UTC+1).
    assert on_day(result.events, date(2026, 10, 28)) == [("Team sync (New York)", "14:00", "14:30")]
    # From 4 November both are on standard time: 09:00 in New York is 15:00 in Berlin.
    assert on_day(result.events, date(2026, 11, 4)) == [("Team sync (New York)", "15:00", "15:30")]


def test_exdate_removes_an_occurrence_and_recurrence_id_moves_one(tmp_path: Path) -> None:
    path = write(tmp_path, ics(WEEKLY_NEW_YORK, MOVED))
    assert on_day(read(path, date(2026, 11, 11)).events, date(2026, 11, 11)) == []
    result = read(path, WEDNESDAY)
    assert on_day(result.events, WEDNESDAY) == [("Team sync (moved)", "17:00", "17:30")]
    assert on_day(result.events, date(2026, 11, 25)) == [("Team sync (New York)", "15:00", "15:30")]


def test_only_the_coming_days_are_kept(tmp_path: Path) -> None:
    result = read(write(tmp_path, ics(WEEKLY_NEW_YORK)), WEDNESDAY)
    days = sorted({m.start.astimezone(BERLIN).date() for m in result.events.meetings})
    assert days == [date(2026, 11, 18), date(2026, 11, 25)]


def test_free_and_cancelled_events_are_left_out_and_all_day_events_kept_apart(
    tmp_path: Path,
) -> None:
    text = ics(
        "UID:free\nSUMMARY:Focus time (free)\nTRANSP:TRANSPARENT\n"
        "DTSTART:20261118T080000Z\nDTEND:20261118T090000Z",
        "UID:cancelled\nSUMMARY:Cancelled review\nSTATUS:CANCELLED\n"
        "DTSTART:20261118T100000Z\nDTEND:20261118T110000Z",
        "UID:holiday\nSUMMARY:Company holiday\nDTSTART;VALUE=DATE:20261118\nDTEND;VALUE=DATE:20261119",
        "UID:real\nSUMMARY:Design review\nDTSTART:20261118T130000Z\nDTEND:20261118T140000Z",
    )
    result = read(write(tmp_path, text))
    assert on_day(result.events, WEDNESDAY) == [("Design review", "14:00", "15:00")]
    assert [e.title for e in result.events.all_day_on(WEDNESDAY)] == ["Company holiday"]
    assert result.events.all_day_on(WEDNESDAY + timedelta(days=1)) == []
    assert result.summary == "1 meeting and 1 all-day event in the next 8 days"


def test_a_calendar_that_names_its_zone_only_in_x_wr_timezone(tmp_path: Path) -> None:
    # Google exports: times in UTC (or floating) and the calendar's zone in X-WR-TIMEZONE.
    text = ics(
        "UID:g1\nSUMMARY:Standup\nDTSTART:20261118T090000\nDTEND:20261118T091500",
        extra="X-WR-TIMEZONE:America/New_York\n",
    )
    result = read(write(tmp_path, text))
    assert result.problem == ""
    assert on_day(result.events, WEDNESDAY) == [("Standup", "15:00", "15:15")]


def test_a_floating_time_is_read_in_the_local_zone(tmp_path: Path) -> None:
    text = ics("UID:f\nSUMMARY:Dentist call\nDTSTART:20261118T100000\nDTEND:20261118T103000")
    assert on_day(read(write(tmp_path, text)).events, WEDNESDAY) == [
        ("Dentist call", "10:00", "10:30")
    ]


def test_events_that_cannot_be_placed_are_skipped_and_named_in_one_line(tmp_path: Path) -> None:
    text = ics(
        "UID:mars\nSUMMARY:Mars call\nDTSTART;TZID=Mars/Olympus:20261118T110000\n"
        "DTEND;TZID=Mars/Olympus:20261118T113000",
        "UID:open\nSUMMARY:Open end\nDTSTART:20261118T120000Z",
        "UID:ok\nSUMMARY:Fine\nDTSTART:20261118T140000Z\nDTEND:20261118T143000Z",
    )
    path = write(tmp_path, text)
    result = read(path)
    assert not result.failed
    assert on_day(result.events, WEDNESDAY) == [("Fine", "15:00", "15:30")]
    assert result.problem == (
        f"Calendar {path}: 2 events skipped: “Mars call” has an unknown time zone "
        "(Mars/Olympus); “Open end” has no end (no DTEND or DURATION)."
    )
    assert "\n" not in result.problem


def test_an_event_with_a_duration_instead_of_an_end_is_fine(tmp_path: Path) -> None:
    text = ics("UID:d\nSUMMARY:Quick call\nDTSTART:20261118T090000Z\nDURATION:PT20M")
    result = read(write(tmp_path, text))
    assert result.problem == ""
    assert on_day(result.events, WEDNESDAY) == [("Quick call", "10:00", "10:20")]


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = ics("UID:x\nSUMMARY:X\nDTSTART:20261118T090000Z\nDTEND:20261118T100000Z")
    unreadable = write(tmp_path, good, "secret.ics")
    unreadable.chmod(0)
    big = tmp_path / "huge.ics"
    with big.open("wb") as handle:  # 50 MB, sparse: no disk used
        handle.truncate(50 * 1024 * 1024)
    return {
        "missing": (tmp_path / "gone.ics", "not found"),
        "unreadable": (unreadable, "cannot be read (permission denied)"),
        "truncated": (write(tmp_path, good[: len(good) // 2], "cut.ics"), "is cut short"),
        "not ics": (
            write(tmp_path, "<html><body>Sign in</body></html>", "page.ics"),
            "is not an iCalendar file",
        ),
        "binary": (write(tmp_path, os.urandom(2048), "noise.ics"), "is not an iCalendar file"),
        "garbage inside": (
            write(
                tmp_path,
                "BEGIN:VCALENDAR\r\nthis is not a content line\r\nEND:VCALENDAR\r\n",
                "g.ics",
            ),
            "is not valid iCalendar",
        ),
        "unknown x-wr-timezone": (
            write(tmp_path, ics(extra="X-WR-TIMEZONE:Mars/Olympus\n"), "xwr.ics"),
            "unknown time zone in X-WR-TIMEZONE",
        ),
        "folder": ((tmp_path / "folder.ics"), "is a folder"),
        "50 MB": (big, "is too large (50.0 MB; the limit is 20 MB)"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "unreadable",
        "truncated",
        "not ics",
        "binary",
        "garbage inside",
        "unknown x-wr-timezone",
        "folder",
        "50 MB",
    ],
)
def test_a_file_that_cannot_be_used_gives_one_line_and_no_events(
    tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "folder.ics").mkdir()
    path, expected = _bad_inputs(tmp_path)[case]
    if case == "unreadable" and os.geteuid() == 0:
        # chmod 0 does not stop root: refuse the read the way the kernel would.
        def refuse(self: Path) -> bytes:
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "read_bytes", refuse)
    result = read(path)
    assert result.failed
    assert result.events == CalendarEvents()
    assert result.problem.startswith(f"Calendar {path}: ")
    assert expected in result.problem
    assert result.problem.endswith("today's plan runs without it.")
    assert "\n" not in result.problem
    assert expected in result.summary
    assert result.summary.endswith("today's plan runs without it")


def test_long_running_series_give_the_same_occurrences_when_started_late(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reader moves DTSTART of old daily/weekly series forward (speed); what comes
    # out must be what the full expansion gives: across DST, with intervals, EXDATE,
    # a moved occurrence, a series that ended and one counted with COUNT.
    series = [
        "UID:w\nSUMMARY:Weekly NY\nDTSTART;TZID=America/New_York:20220103T090000\n"
        "DTEND;TZID=America/New_York:20220103T093000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE",
        "UID:w\nRECURRENCE-ID;TZID=America/New_York:20261118T090000\nSUMMARY:Weekly NY moved\n"
        "DTSTART;TZID=America/New_York:20261119T100000\nDTEND;TZID=America/New_York:20261119T103000",
        "UID:b\nSUMMARY:Fortnightly\nDTSTART;TZID=Europe/Berlin:20210713T140000\n"
        "DTEND;TZID=Europe/Berlin:20210713T150000\nRRULE:FREQ=WEEKLY;INTERVAL=2",
        "UID:x\nSUMMARY:Excluded\nDTSTART;TZID=Europe/Berlin:20210713T160000\n"
        "DTEND;TZID=Europe/Berlin:20210713T170000\nRRULE:FREQ=WEEKLY;INTERVAL=2\n"
        "EXDATE;TZID=Europe/Berlin:20261124T160000",
        "UID:d\nSUMMARY:Daily standup\nDTSTART:20230101T083000Z\nDTEND:20230101T084500Z\n"
        "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
        "UID:c\nSUMMARY:Counted\nDTSTART:20240101T120000Z\nDTEND:20240101T123000Z\n"
        "RRULE:FREQ=WEEKLY;COUNT=200",
        "UID:e\nSUMMARY:Ended\nDTSTART:20220101T120000Z\nDTEND:20220101T123000Z\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20250101T000000Z",
        "UID:m\nSUMMARY:Monthly\nDTSTART;VALUE=DATE:20200120\nDTEND;VALUE=DATE:20200121\n"
        "RRULE:FREQ=MONTHLY",
    ]
    path = write(tmp_path, ics(*series))
    fast = read(path)
    monkeypatch.setattr("focusdesk.store.calendar_reader._skip_ahead", lambda *args: None)
    full = read(path)
    assert fast.events == full.events
    titles = {m.title for m in fast.events.meetings}
    assert titles == {"Weekly NY", "Weekly NY moved", "Fortnightly", "Daily standup", "Counted"}
    assert [e.title for e in fast.events.all_day] == ["Monthly"]
    fortnightly = [m for m in fast.events.meetings if m.title == "Fortnightly"]
    assert [f"{m.start.astimezone(BERLIN):%d %H:%M}" for m in fortnightly] == ["24 14:00"]
    nyc = [m for m in fast.events.meetings if m.title.startswith("Weekly NY")]
    assert [f"{m.start.astimezone(BERLIN):%a %d %H:%M}" for m in nyc] == [
        "Thu 19 16:00",  # the Wednesday moved to Thursday 10:00 New York
        "Mon 23 15:00",
        "Wed 25 15:00",
    ]


def test_reading_in_a_child_process_gives_what_reading_here_gives(tmp_path: Path) -> None:
    good = write(
        tmp_path, ics(WEEKLY_NEW_YORK, MOVED, "UID:h\nSUMMARY:Holiday\nDTSTART;VALUE=DATE:20261119")
    )
    broken = write(tmp_path, "not a calendar", "broken.ics")
    window = calendar_window(WEDNESDAY, BERLIN)
    here = [read(good), read(broken)]
    apart = read_calendars_apart([good, broken], window=window, zone=BERLIN, now=NOW)
    assert [r.events for r in apart] == [r.events for r in here]
    assert [(r.problem, r.reason, r.failed) for r in apart] == [
        (r.problem, r.reason, r.failed) for r in here
    ]
    assert [e.title for e in apart[0].events.all_day] == ["Holiday"]


def test_a_child_that_does_not_answer_in_time_names_every_file(tmp_path: Path) -> None:
    path = write(tmp_path, ics(WEEKLY_NEW_YORK))
    reads = read_calendars_apart(
        [path], window=calendar_window(WEDNESDAY, BERLIN), zone=BERLIN, now=NOW, timeout=0.001
    )
    assert [r.failed for r in reads] == [True]
    assert reads[0].problem == (
        f"Calendar {path}: took longer than 0 s to read; today's plan runs without it."
    )


def test_leaving_out_far_events_before_parsing_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = [
        "UID:p\nSUMMARY:Past\nDTSTART:20240301T090000Z\nDTEND:20240301T100000Z",
        "UID:f\nSUMMARY:Far future\nDTSTART:20290301T090000Z\nDTEND:20290301T100000Z",
        "UID:n\nSUMMARY:Now\nDTSTART:20261119T090000Z\nDTEND:20261119T100000Z",
        "UID:l\nSUMMARY:Long conference\nDTSTART:20261101T090000Z\nDTEND:20261120T170000Z",
        "UID:d\nSUMMARY:By duration\nDTSTART:20261110T090000Z\nDURATION:P10D",
        "UID:c1\nSUMMARY:Counted, over\nDTSTART:20240101T090000Z\nDTEND:20240101T100000Z\n"
        "RRULE:FREQ=WEEKLY;COUNT=10",
        "UID:c2\nSUMMARY:Counted, on\nDTSTART:20261001T090000Z\nDTEND:20261001T100000Z\n"
        "RRULE:FREQ=DAILY;BYDAY=TH;COUNT=12",
        "UID:r\nSUMMARY:Monthly\nDTSTART:20230119T120000Z\nDTEND:20230119T130000Z\n"
        "RRULE:FREQ=MONTHLY;COUNT=60",
        "UID:r\nRECURRENCE-ID:20261119T120000Z\nSUMMARY:Monthly, moved away\n"
        "DTSTART:20261230T120000Z\nDTEND:20261230T130000Z",
        "UID:s\nSUMMARY:Series, moved in\nDTSTART:20260105T070000Z\nDTEND:20260105T080000Z\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20260301T000000Z",
        "UID:s\nRECURRENCE-ID:20260112T070000Z\nSUMMARY:Series, moved in\n"
        "DTSTART:20261120T070000Z\nDTEND:20261120T080000Z",
    ]
    path = write(tmp_path, ics(*events))
    filtered = read(path)
    monkeypatch.setattr("focusdesk.store.calendar_reader._events_near", lambda text, window: text)
    everything = read(path)
    assert filtered.events == everything.events
    assert sorted(m.title for m in filtered.events.meetings) == [
        "By duration",
        "Counted, on",  # Thursdays 19 and 26 November
        "Counted, on",
        "Long conference",
        "Now",
        "Series, moved in",
    ]


OUTLOOK_ZONE = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""


def test_a_zone_defined_in_the_file_as_outlook_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weekly = (
        "UID:o\nSUMMARY:Outlook weekly\nDTSTART;TZID=W. Europe Standard Time:20230104T093000\n"
        "DTEND;TZID=W. Europe Standard Time:20230104T100000\nRRULE:FREQ=WEEKLY;BYDAY=WE"
    )
    path = write(tmp_path, ics(weekly, extra=OUTLOOK_ZONE))
    result = read(path)
    assert result.problem == ""
    assert on_day(result.events, WEDNESDAY) == [("Outlook weekly", "09:30", "10:00")]
    monkeypatch.setattr("focusdesk.store.calendar_reader._skip_ahead", lambda *args: None)
    assert read(path).events == result.events
