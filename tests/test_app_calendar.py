"""The running app with meetings in today's plan: no window over a meeting."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from focusdesk.core.calendar_events import CalendarEvents, Meeting
from focusdesk.core.status import EngineState
from test_tray_app import MONDAY, Harness, started

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def harness(tmp_path: Path, qapp: Any) -> Iterator[Harness]:
    h = Harness(tmp_path / "data")
    yield h
    h.app.shutdown()


def monday(hour: int, minute: int = 0) -> datetime:
    return MONDAY.replace(hour=hour, minute=minute)


def test_the_hard_stop_rings_over_a_meeting_and_the_ritual_shows_when_it_ends(
    harness: Harness, qtbot: QtBot
) -> None:
    h = started(harness)
    assert h.app.engine is not None
    call = Meeting("Call with Tokyo", monday(18), monday(19))
    h.app.engine.set_calendar(CalendarEvents((call,)), h.clock.now())
    h.app._on_due(h.clock.now())  # the ticker re-aims at the new plan
    h.pass_time(timedelta(hours=9, minutes=31))  # 18:31, in the meeting
    assert "Hard stop — time to close the day" in h.notifier.titles()
    assert h.state is EngineState.ALARM
    assert h.app._ritual_window is None or not h.app._ritual_window.isVisible()
    # Pre-stop warnings were due at 18:00 and 18:20: inside the meeting, not given.
    assert "Hard stop in 10 min" not in h.notifier.titles()
    h.pass_time(timedelta(minutes=30))  # 19:01
    assert h.app.ritual_window.isVisible()
    h.app.ritual_window.close()


def write_calendar(path: Path, *events: tuple[str, str, str]) -> None:
    """ICS with timed events (title, start, end as UTC 'YYYYMMDDTHHMMSSZ'), written like a sync
    tool does: a new file renamed over the old one."""
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{i}@test\r\nSUMMARY:{title}\r\nDTSTART:{start}\r\n"
        f"DTEND:{end}\r\nEND:VEVENT\r\n"
        for i, (title, start, end) in enumerate(events)
    )
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, newline="")
    temporary.replace(path)


def meetings_today(h: Harness) -> list[str]:
    reply = h.app.dispatch_command({"action": "today"})
    assert reply["ok"]
    return [b["label"] for b in reply["today"]["blocks"] if b["source"] == "meeting"]


def test_a_configured_calendar_is_read_off_the_ui_thread_and_followed_when_replaced(
    tmp_path: Path, qapp: Any, qtbot: QtBot
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    calendar = tmp_path / "work.ics"
    write_calendar(calendar, ("Standup", "20261123T100000Z", "20261123T103000Z"))
    (data / "settings.toml").write_text(f'[calendar]\nfiles = ["{calendar}", "gone.ics"]\n')
    h = Harness(data)
    try:
        h.app.start()
        watcher = h.app.calendar_watcher
        assert watcher is not None
        qtbot.waitUntil(lambda: meetings_today(h) == ["Standup"], timeout=5000)
        states = {s.file: s for s in h.app.calendar_states}
        assert states[str(calendar)].ok
        assert states[str(calendar)].result == "1 meeting in the next 8 days"
        gone = states[str(data / "gone.ics")]
        assert not gone.ok and gone.result == "not found; today's plan runs without it"
        plan = h.app.dispatch_command({"action": "today"})["today"]
        assert [(b["label"], b["start"][11:16]) for b in plan["blocks"][:4]] == [
            ("Deep work", "09:30"),
            ("Standup", "10:00"),
            ("Buffer", "10:30"),
            ("Deep work", "10:40"),
        ]
        # The file is replaced (write + rename, as editors and sync tools do): picked up.
        write_calendar(calendar, ("Planning", "20261123T140000Z", "20261123T150000Z"))
        qtbot.waitUntil(lambda: meetings_today(h) == ["Planning"], timeout=5000)
        # And again, now written in place.
        text = calendar.read_text().replace("Planning", "Planning (moved)")
        calendar.write_text(text, newline="")
        qtbot.waitUntil(lambda: meetings_today(h) == ["Planning (moved)"], timeout=5000)
        # The tray's "next" is the same data.
        assert h.app.snapshot is not None
        assert h.app.snapshot.next_label == "Deep work"
    finally:
        h.app.shutdown()


def test_without_a_calendar_nothing_of_it_is_loaded(harness: Harness) -> None:
    h = started(harness)
    assert h.app.calendar_watcher is None
    assert h.app.dispatch_command({"action": "today"})["today"]["calendars"] == []


def test_the_app_module_does_not_load_the_calendar_parsers() -> None:
    # A FocusDesk with no calendar configured never pays for icalendar (≈ 10 MB, 100 ms).
    code = (
        "import sys, focusdesk.app, focusdesk.store.calendar_reader\n"
        "loaded = {'icalendar', 'recurring_ical_events', 'x_wr_timezone'} & set(sys.modules)\n"
        "print(sorted(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_new_day_reads_the_calendar_again_and_the_tray_names_the_next_meeting(
    tmp_path: Path, qapp: Any, qtbot: QtBot
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    calendar = tmp_path / "work.ics"
    write_calendar(
        calendar,
        ("Standup", "20261123T100000Z", "20261123T103000Z"),
        ("Tuesday review", "20261124T080000Z", "20261124T083000Z"),
    )
    (data / "settings.toml").write_text(f'[calendar]\nfiles = ["{calendar}"]\n')
    h = Harness(data)
    try:
        h.app.start()
        qtbot.waitUntil(lambda: meetings_today(h) == ["Standup"], timeout=5000)
        first_read = h.app.calendar_states[0].read_at
        h.pass_time(timedelta(minutes=50))  # 09:50, inside the first piece of deep work
        assert h.app.snapshot is not None
        assert (h.app.snapshot.next_label, f"{h.app.snapshot.next_at:%H:%M}") == (
            "Standup",
            "10:00",
        )
        h.pass_time(timedelta(hours=19))  # Tuesday 04:50: the day boundary has passed
        qtbot.waitUntil(lambda: h.app.calendar_states[0].read_at != first_read, timeout=5000)
        assert h.app.calendar_states[0].read_at == MONDAY.replace(day=24, hour=4)  # at the boundary
        assert meetings_today(h) == ["Tuesday review"]
    finally:
        h.app.shutdown()
