"""The running app with meetings in today's plan: no window over a meeting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from focusdesk.core.calendar_plan import CalendarEvents, Meeting
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
