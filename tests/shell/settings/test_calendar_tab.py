"""The settings window's Calendars tab: add/remove files, their last read and result, today's plan."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.settings import Settings
from focusdesk.core.today_plan import CalendarState
from focusdesk.paths import DataPaths
from focusdesk.resources import resource_path
from focusdesk.shell.desktop.autostart import NullAutostart
from focusdesk.shell.settings.calendar_tab import plan_rows
from focusdesk.shell.settings.settings_window import SettingsWindow
from focusdesk.store.settings_store import load_settings

# Offscreen Qt cannot size windows like a window manager would; not our warning.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

READ_AT = datetime(2026, 11, 18, 8, 12, 5, tzinfo=UTC)
TODAY = {
    "day": "2026-11-18",
    "hard_stop": "2026-11-18T18:30:00+01:00",
    "all_day": ["Team offsite"],
    "blocks": [
        {
            "start": "2026-11-18T09:30:00+01:00",
            "end": "2026-11-18T10:00:00+01:00",
            "kind": "focus",
            "label": "Deep work",
            "source": "pattern",
            "conflict": "cut around “Standup”",
        },
        {
            "start": "2026-11-18T10:00:00+01:00",
            "end": "2026-11-18T10:30:00+01:00",
            "kind": "collab",
            "label": "Standup",
            "source": "meeting",
            "conflict": "",
        },
        {
            "start": "2026-11-18T10:30:00+01:00",
            "end": "2026-11-18T10:40:00+01:00",
            "kind": "buffer",
            "label": "Buffer",
            "source": "buffer",
            "conflict": "",
        },
    ],
    "dropped": [],
}


def make_window(
    qtbot: QtBot, tmp_path: Path, files: tuple[str, ...]
) -> tuple[SettingsWindow, DataPaths, list[Settings]]:
    paths = DataPaths(tmp_path / "data")
    applied: list[Settings] = []
    catalog = PatternCatalog(resource_path("patterns"), paths.user_patterns_dir)
    window = SettingsWindow(
        Settings(calendar_files=files), catalog, paths, NullAutostart(), applied.append
    )
    qtbot.addWidget(window)
    return window, paths, applied


def test_files_are_added_and_removed_and_saved_with_apply(qtbot: QtBot, tmp_path: Path) -> None:
    window, paths, applied = make_window(qtbot, tmp_path, ("~/cal/work.ics",))
    tab = window.calendar_tab
    assert tab.files() == ("~/cal/work.ics",)
    tab._choose_file = lambda parent: "/srv/sync/team.ics"
    tab.add_button.click()
    tab.add_button.click()  # the same file twice is kept once
    assert tab.files() == ("~/cal/work.ics", "/srv/sync/team.ics")
    tab.file_list.setCurrentRow(0)
    tab.remove_button.click()
    assert tab.files() == ("/srv/sync/team.ics",)
    assert window.apply()
    assert applied[-1].calendar_files == ("/srv/sync/team.ics",)
    assert load_settings(paths.settings_file)[0].calendar_files == ("/srv/sync/team.ics",)


def test_each_file_shows_when_it_was_read_and_what_came_of_it(qtbot: QtBot, tmp_path: Path) -> None:
    window, paths, _ = make_window(qtbot, tmp_path, ("work.ics", "/gone.ics", "new.ics"))
    tab = window.calendar_tab
    assert tab.file_list.item(2).text() == "new.ics\n    not read yet (apply to read it)"
    window.show_calendars(
        [
            CalendarState(
                str(paths.data_dir / "work.ics"), READ_AT, True, "3 meetings in the next 8 days"
            ),
            CalendarState(
                "/gone.ics",
                READ_AT,
                False,
                "not found; today's plan runs without it",
                "Calendar /gone.ics: not found; today's plan runs without it.",
            ),
        ],
        TODAY,
    )
    local = READ_AT.astimezone()
    assert tab.file_list.item(0).text() == (
        f"work.ics\n    read at {local:%H:%M:%S}: 3 meetings in the next 8 days"
    )
    gone = tab.file_list.item(1)
    assert (
        gone.text()
        == f"/gone.ics\n    read at {local:%H:%M:%S}: not found; today's plan runs without it"
    )
    assert gone.foreground().color().name() == "#c62828"
    assert gone.toolTip() == "Calendar /gone.ics: not found; today's plan runs without it."
    tree = tab.today_list
    rows = [
        tuple(tree.topLevelItem(i).text(c) for c in range(4))
        for i in range(tree.topLevelItemCount())
    ]
    assert rows == plan_rows(TODAY)
    assert rows == [
        ("all day", "", "Team offsite", ""),
        ("09:30–10:00", "Focus", "Deep work", "cut around “Standup”"),
        ("10:00–10:30", "Meeting", "Standup", ""),
        ("10:30–10:40", "Buffer", "Buffer", ""),
        ("18:30", "Hard stop", "", ""),
    ]
    assert tree.topLevelItem(1).foreground(3).color().name() == "#8a5300"
    if os.environ.get("FOCUSDESK_SCREENSHOTS"):
        window.tabs.setCurrentWidget(tab)
        window.show()
        window.grab().save(os.environ["FOCUSDESK_SCREENSHOTS"] + "/settings-calendars.png")
