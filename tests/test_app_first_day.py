"""A new user's first day (issue 20), driven through the composition root.

Offscreen Qt, a fake clock and hand-fired timers, as in test_tray_app.py,
whose harness these tests share.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from focusdesk.core.status import EngineState
from test_tray_app import Harness, started

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

LATE_DAY = """\
id = "late-day"
name = "Late day"
model = "integration"

[days.mon-sun]
hard_stop = "21:05"
blocks = [{ kind = "focus", start = "19:00", end = "20:30", label = "Evening sprint" }]
"""


@pytest.fixture
def harness(tmp_path: Path, qapp: Any) -> Iterator[Harness]:
    h = Harness(tmp_path / "data")
    yield h
    h.app.shutdown()
    h.app.ritual_window.close()
    if h.app.fallback_window is not None:
        h.app.fallback_window.deleteLater()


def test_reload_reads_a_pattern_file_added_after_start_up(harness: Harness) -> None:
    h = started(harness)
    h.paths.user_patterns_dir.mkdir(parents=True, exist_ok=True)
    (h.paths.user_patterns_dir / "late-day.toml").write_text(LATE_DAY, encoding="utf-8")
    h.paths.settings_file.write_text('pattern = "late-day"\n', encoding="utf-8")
    reply = h.app.dispatch_command({"action": "reload"})
    assert reply["ok"], reply
    assert reply["status"]["pattern"] == "late-day"
    assert h.app.engine is not None and h.app.engine.pattern.id == "late-day"
    checked = [a.data() for a in h.app.tray.pattern_menu.actions() if a.isChecked()]
    assert checked == ["late-day"]


def test_reload_to_a_pattern_that_does_not_exist_says_so(harness: Harness) -> None:
    h = started(harness)
    h.paths.settings_file.write_text('pattern = "no-such-pattern"\n', encoding="utf-8")
    reply = h.app.dispatch_command({"action": "reload"})
    assert not reply["ok"]
    assert "no-such-pattern" in reply["error"]
    assert h.state is EngineState.OFF


def test_at_the_hard_stop_light_board_and_status_all_say_off(harness: Harness) -> None:
    h = started(harness)
    h.app.tray.signal_light_action.trigger()
    outputs = h.app.boundary_outputs
    assert outputs is not None and outputs.light is not None
    h.app.dispatch_command({"action": "start", "minutes": 25, "label": "writing"})
    h.pass_time(timedelta(hours=9, minutes=31))  # 18:31, the ritual is up
    assert h.state is EngineState.ALARM
    assert h.app.dispatch_command({"action": "status"})["status"]["boundary"] == "off"
    assert outputs.light.texts() == ("OFF", "Wrapping up")
    outputs.open_board()
    assert outputs.board is not None
    assert outputs.board.texts()[0] == "Hard stop — wrapping up"
    h.app.ritual_window.big_task.setText("Finish the grant report")
    h.app.ritual_window.done_button.click()
    # The day is closed: no hard stop ahead on the board, tomorrow's task shown tonight.
    assert outputs.board.texts()[2] == ""
    status = h.app.dispatch_command({"action": "status"})["status"]
    assert (status["boundary"], status["big_task"], status["day_closed"]) == (
        "off",
        "Finish the grant report",
        True,
    )
    assert "Tomorrow's one big task: Finish the grant report" in h.app.tray.icon.toolTip()
    assert "Day closed (hard stop 18:30)" in h.app.tray.icon.toolTip()
    outputs.board.close()


def test_a_26_second_block_is_announced_in_seconds_not_as_0_min(harness: Harness) -> None:
    h = started(harness)
    h.app.dispatch_command({"action": "start", "minutes": 26 / 60, "label": "Write spec"})
    h.pass_time(timedelta(seconds=30))
    assert ("Focus block done", "Write spec: 26 s. Time for a short buffer.") in h.notifier.sent


def test_the_snooze_notification_counts_snoozes_in_english(harness: Harness) -> None:
    h = started(harness)
    h.pass_time(timedelta(hours=9, minutes=31))
    h.app.ritual_window.snooze_requested.emit()
    assert ("Hard stop snoozed", "10 min of overtime (0 snoozes left).") in h.notifier.sent


def test_a_broken_unused_pattern_file_is_told_once_per_change_and_listed_in_settings(
    tmp_path: Path, qapp: Any
) -> None:
    data = tmp_path / "data"
    broken = data / "patterns" / "half-done.toml"
    broken.parent.mkdir(parents=True)
    broken.write_text('id = "half-done"\nname = 3\n', encoding="utf-8")

    def start_and_stop() -> list[tuple[str, str]]:
        h = Harness(data)
        h.app.start()
        try:
            return [m for m in h.messages if "pattern file" in m[0]]
        finally:
            h.app.shutdown()
            if h.app.fallback_window is not None:
                h.app.fallback_window.deleteLater()

    (first,) = start_and_stop()
    text = first[1]
    assert text.startswith("half-done.toml: ")
    assert "name" in text and "model" in text  # every problem, not the first one only
    assert str(broken.parent) in text.splitlines()[-2]
    assert start_and_stop() == []  # the same file again: not told again
    broken.write_text('id = "half-done"\nname = "Half"\n', encoding="utf-8")
    (again,) = start_and_stop()
    assert "half-done.toml" in again[1]


def test_settings_list_every_pattern_file_that_cannot_be_used(harness: Harness) -> None:
    broken = harness.paths.user_patterns_dir / "half-done.toml"
    broken.parent.mkdir(parents=True)
    broken.write_text('id = "half-done"\nname = 3\n', encoding="utf-8")
    h = started(harness)
    h.app.tray.settings_requested.emit()
    window = h.app.settings_window
    assert window is not None
    try:
        assert not window.broken_patterns.isHidden()
        assert window.broken_patterns.text().startswith("half-done.toml is not used: ")
    finally:
        window.close()


def test_a_pattern_saved_in_the_editor_is_under_switch_pattern_at_once(
    harness: Harness,
) -> None:
    h = started(harness)
    h.app.tray.settings_requested.emit()
    window = h.app.settings_window
    assert window is not None
    try:
        editor = window.open_pattern_editor()
        assert editor is not None
        editor.save_button.click()
        names = [a.data() for a in h.app.tray.pattern_menu.actions()]
        assert "boundary-fortress-copy" in names
    finally:
        if window.editor is not None:
            window.editor.close()
        window.close()


def test_quit_during_a_block_asks_first_and_no_keeps_it_running(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = started(harness)
    quits: list[bool] = []
    monkeypatch.setattr(h.app.qt_app, "quit", lambda: quits.append(True))
    h.app.tray.quit_requested.emit()
    assert (quits, h.questions) == ([True], [])  # nothing running: no question
    quits.clear()
    h.app.dispatch_command({"action": "start", "minutes": 30, "label": "writing"})
    h.confirm_answer = False
    h.app.tray.quit_requested.emit()
    assert quits == [] and h.state is EngineState.FOCUS
    assert "writing" in h.questions[-1] and "stopped" in h.questions[-1]
    h.confirm_answer = True
    h.app.tray.quit_requested.emit()
    assert quits == [True]


def test_extending_past_the_hard_stop_says_it_will_be_cut(harness: Harness) -> None:
    h = started(harness)
    h.pass_time(timedelta(hours=9))  # 18:00, the hard stop is at 18:30
    h.app.dispatch_command({"action": "start", "minutes": 25, "label": "writing"})
    reply = h.app.dispatch_command({"action": "extend", "minutes": 15})
    assert reply["ok"]
    assert reply["warning"] == "it now ends at 18:40, after the hard stop: it will be cut at 18:30"
    h.app.tray.extend_requested.emit(5)
    assert (
        "Extended past the hard stop",
        "It now ends at 18:45, after the hard stop: it will be cut at 18:30.",
    ) in h.notifier.sent
    short = h.app.dispatch_command({"action": "stop"})
    assert short["ok"]
    h.app.dispatch_command({"action": "start", "minutes": 5, "label": "short"})
    assert "warning" not in h.app.dispatch_command({"action": "extend", "minutes": 5})


def test_the_first_run_welcomes_once_with_patterns_today_and_the_icon(
    tmp_path: Path, qapp: Any
) -> None:
    data = tmp_path / "data"
    first = Harness(data, welcome=True)
    first.app.start()
    try:
        welcome = first.app.welcome_window
        assert welcome is not None and welcome.isVisible()
        assert welcome.pattern_box.count() == 6
        assert welcome.pattern_box.currentData() == "boundary-fortress"
        assert welcome.preview.pattern is not None
        assert welcome.preview.pattern.id == "boundary-fortress"
        # Monday 23 November under Boundary Fortress.
        assert "Monday 23 November" in welcome.today_title.title()
        assert "09:30–11:00  Deep work (Focus, boundary on)" in welcome.today_plan.text()
        assert "Hard stop at 18:30" in welcome.today_plan.text()
        # Offscreen there is no tray: the window that stands in for it is named.
        assert "no system tray" in welcome.where.text()
        welcome.pattern_box.setCurrentIndex(welcome.pattern_box.findData("time-weave"))
        assert "06:45–08:15  Morning sprint" in welcome.today_plan.text()
        assert welcome.start_button.text() == "Start with Time-Weave"
        welcome.start_button.click()
        assert not welcome.isVisible()
        assert first.app.engine is not None and first.app.engine.pattern.id == "time-weave"
        assert 'pattern = "time-weave"' in first.paths.settings_file.read_text()
    finally:
        first.app.shutdown()
        if first.app.fallback_window is not None:
            first.app.fallback_window.deleteLater()
    again = Harness(data, welcome=True)
    again.app.start()
    try:
        assert again.app.welcome_window is None
    finally:
        again.app.shutdown()
        if again.app.fallback_window is not None:
            again.app.fallback_window.deleteLater()


def test_a_protected_day_tooltip_names_the_day_and_the_pattern(tmp_path: Path, qapp: Any) -> None:
    sunday = Harness(tmp_path / "data", now=datetime(2026, 11, 29, 10, 0, tzinfo=UTC))
    sunday.app.start()
    try:
        tip = sunday.app.tray.icon.toolTip()
        assert "No hard stop today: Sunday is protected in Boundary Fortress" in tip
    finally:
        sunday.app.shutdown()
        if sunday.app.fallback_window is not None:
            sunday.app.fallback_window.deleteLater()


def test_about_and_help_names_the_version_files_and_docs(harness: Harness) -> None:
    h = started(harness)
    h.app.tray.about_requested.emit()
    about = h.app.about_dialog
    assert about is not None and about.isVisible()
    try:
        from focusdesk import __version__

        assert f"FocusDesk {__version__}" in about.findChildren(QLabel)[0].text()
        shown = {name: label.text() for name, label in about.path_labels.items()}
        assert shown["Data folder"] == str(h.paths.data_dir)
        assert shown["Log file"] == str(h.paths.log_file)
        assert about.open_buttons["Data folder"].isEnabled()
        opened: list[str] = []
        about._open_url = lambda url: opened.append(url.toLocalFile())
        about.open_buttons["Data folder"].click()
        assert opened == [str(h.paths.data_dir)]
        assert "focusdesk/focusdesk#readme" in about.docs.text()
    finally:
        about.close()


def test_a_new_label_typed_in_the_tray_starts_a_block_with_it(harness: Harness) -> None:
    h = started(harness)
    h.app.tray._ask_label = lambda recent: "Grant proposal"
    assert h.app.tray.new_label_action in h.app.tray.start_menu.actions()
    h.app.tray.new_label_action.trigger()
    assert h.state is EngineState.FOCUS
    (row,) = h.rows("SELECT label FROM sessions")
    assert row["label"] == "Grant proposal"
