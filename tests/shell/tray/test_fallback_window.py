"""The no-tray window: the whole app for a desktop without a tray, on the tray's own actions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.shell.desktop.launcher import APP_ID, installed_launcher
from focusdesk.shell.tray.fallback_window import FallbackWindow, countdown_text
from focusdesk.shell.tray.tray import Tray

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
# Showing a top-level window offscreen: the plugin says it cannot pass size hints on.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def snapshot(state: EngineState, **fields: object) -> StatusSnapshot:
    return StatusSnapshot(state=state, pattern_id="deep-work-biome", **fields)  # type: ignore[arg-type]


ON = snapshot(
    EngineState.ON,
    hard_stop=NOW.replace(hour=17, minute=30),
    next_label="Focus: writing",
    next_at=NOW + timedelta(hours=1),
    big_task="ship the draft",
)
FOCUS = snapshot(
    EngineState.FOCUS,
    label="writing",
    ends_at=NOW + timedelta(minutes=42),
    remaining_seconds=42 * 60,
    total_seconds=90 * 60,
    hard_stop=NOW.replace(hour=17, minute=30),
)
PAUSED = snapshot(
    EngineState.PAUSED, label="writing", remaining_seconds=20 * 60 + 5, total_seconds=90 * 60
)
ALARM = snapshot(EngineState.ALARM, hard_stop=NOW)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def tray(qapp: object) -> Iterator[Tray]:
    tray = Tray(ask_stop_reason=lambda: "done early")
    tray.set_label_choices(["writing", "review PRs"])
    tray.set_patterns(
        [("deep-work-biome", "Deep-Work Biome"), ("time-weave", "Time-Weave")], "deep-work-biome"
    )
    tray.update_status(ON)
    yield tray
    tray.menu.deleteLater()
    tray.running_menu.deleteLater()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def window_for(
    qtbot: QtBot, tray: Tray, clock: Clock, *, can_reopen: bool = False
) -> tuple[FallbackWindow, None]:
    window = FallbackWindow(tray, can_reopen=lambda: can_reopen, now=clock)
    qtbot.addWidget(window)
    window.update_status(tray.snapshot or ON)
    window.show()
    return window, None


def shown(window: FallbackWindow) -> list[str]:
    """Object names of the buttons a user sees now."""
    from PySide6.QtWidgets import QPushButton

    return [b.objectName() for b in window.findChildren(QPushButton) if b.isVisibleTo(window)]


def test_idle_it_offers_start_with_a_label_buffer_and_the_whole_day(qtbot, tray, clock) -> None:
    window, _ = window_for(qtbot, tray, clock)
    assert window.headline.text() == "On"
    assert "Next: Focus: writing at" in window.details.text()
    assert "One big task: ship the draft" in window.details.text()
    assert not window.countdown.isVisible()
    assert shown(window) == [
        "start",
        "buffer",
        "boundary",
        "signal-light",
        "signal-board",
        "settings",
        "about",
        "review",
        "quit",
    ]
    assert [window.label_box.itemText(i) for i in range(window.label_box.count())] == [
        "writing",
        "review PRs",
    ]
    assert window.pattern_box.currentText() == "Deep-Work Biome"


def test_start_uses_the_typed_or_chosen_label_or_the_plan(qtbot, tray, clock) -> None:
    window, _ = window_for(qtbot, tray, clock)
    with qtbot.waitSignal(tray.start_focus_requested) as plain:
        window.start_button.click()
    assert plain.args == [""]
    window.label_box.setCurrentIndex(1)
    with qtbot.waitSignal(tray.start_focus_requested) as chosen:
        window.start_button.click()
    assert chosen.args == ["review PRs"]
    window.label_box.setEditText("  a new label ")
    with qtbot.waitSignal(tray.start_focus_requested) as typed:
        qtbot.keyClick(window.label_box.lineEdit(), "\r")
    assert typed.args == ["a new label"]


def test_during_a_block_it_counts_down_every_second_and_offers_pause_extend_stop(
    qtbot, tray, clock
) -> None:
    window, _ = window_for(qtbot, tray, clock)
    tray.update_status(FOCUS)
    window.update_status(FOCUS)
    assert window.countdown.text() == "42:00"
    assert shown(window) == [
        "pause",
        "extend-5",
        "extend-15",
        "stop",
        "signal-light",
        "signal-board",
        "settings",
        "about",
        "review",
        "quit",
    ]
    assert window._tick.isActive()
    clock.now += timedelta(seconds=7)
    window._tick.timeout.emit()  # the 1 s tick, without waiting for it
    assert window.countdown.text() == "41:53"

    with qtbot.waitSignal(tray.pause_requested):
        window.pause_button.click()
    with qtbot.waitSignal(tray.extend_requested) as extended:
        window.extend_buttons[15].click()
    assert extended.args == [15]
    with qtbot.waitSignal(tray.stop_requested) as stopped:
        window.stop_button.click()
    assert stopped.args == ["done early"]  # the tray's own stop asks the reason


def test_paused_the_countdown_is_frozen_and_resume_is_offered(qtbot, tray, clock) -> None:
    window, _ = window_for(qtbot, tray, clock)
    tray.update_status(PAUSED)
    window.update_status(PAUSED)
    assert window.countdown.text() == "20:05"
    assert not window._tick.isActive()
    assert "resume" in shown(window) and "pause" not in shown(window)
    with qtbot.waitSignal(tray.resume_requested):
        window.resume_button.click()


def test_at_the_hard_stop_it_offers_to_close_the_day(qtbot, tray, clock) -> None:
    window, _ = window_for(qtbot, tray, clock)
    tray.update_status(ALARM)
    window.update_status(ALARM)
    assert "ritual" in shown(window)
    with qtbot.waitSignal(tray.shutdown_ritual_requested):
        window.ritual_button.click()


def test_the_rest_of_the_tray_menu_is_here_too(qtbot, tray, clock) -> None:
    window, _ = window_for(qtbot, tray, clock)
    with qtbot.waitSignal(tray.pattern_chosen) as chosen:
        window.pattern_box.activated.emit(1)
    assert chosen.args == ["time-weave"]
    with qtbot.waitSignal(tray.signal_light_toggled) as light:
        window.light_button.click()
    assert light.args == [True] and window.light_button.isChecked()
    tray.set_signal_light_checked(False)  # the root changed the setting elsewhere
    assert not window.light_button.isChecked()
    for button, signal in (
        (window.board_button, tray.signal_board_requested),
        (window.settings_button, tray.settings_requested),
        (window.review_button, tray.review_requested),
        (window.buffer_button, tray.start_buffer_requested),
        (window.about_button, tray.about_requested),
    ):
        with qtbot.waitSignal(signal):
            button.click()


def test_new_labels_and_patterns_in_the_tray_show_up_in_the_window(qtbot, tray, clock) -> None:
    window, _ = window_for(qtbot, tray, clock)
    tray.set_label_choices(["writing", "email"])
    tray.set_patterns([("time-weave", "Time-Weave")], "time-weave")
    assert [window.label_box.itemText(i) for i in range(window.label_box.count())] == [
        "writing",
        "email",
    ]
    assert window.pattern_box.currentText() == "Time-Weave"


def test_the_countdown_does_not_tick_when_idle_or_hidden(qtbot, tray, clock) -> None:
    window, _ = window_for(qtbot, tray, clock)
    assert not window._tick.isActive()
    tray.update_status(FOCUS)
    window.update_status(FOCUS)
    assert window._tick.isActive()
    window.hide()
    assert not window._tick.isActive()


def test_closing_hides_it_when_the_launcher_brings_it_back(qtbot, tray, clock) -> None:
    window, _ = window_for(qtbot, tray, clock, can_reopen=True)
    assert "the FocusDesk launcher brings it back" in window.note.text()
    with qtbot.assertNotEmitted(tray.quit_requested):
        window.close()
    assert not window.isVisible()


def test_closing_is_quitting_when_nothing_could_bring_it_back(qtbot, tray, clock) -> None:
    window, _ = window_for(qtbot, tray, clock)
    assert "Closing it quits FocusDesk." in window.note.text()
    with qtbot.waitSignal(tray.quit_requested):
        window.close()
    # The root quits (after asking, when a block runs); until then the window stays.
    assert window.isVisible()


def test_countdown_text() -> None:
    assert countdown_text(42 * 60) == "42:00"
    assert countdown_text(59.9) == "00:59"
    assert countdown_text(-3) == "00:00"
    assert countdown_text(3600 + 62) == "1:01:02"


def test_the_launcher_is_found_where_the_xdg_menu_looks(tmp_path: Path) -> None:
    home, system = tmp_path / "home", tmp_path / "system"
    env = {"XDG_DATA_HOME": str(home), "XDG_DATA_DIRS": f"{tmp_path / 'none'}:{system}"}
    assert installed_launcher(env) is None
    entry = system / "applications" / f"{APP_ID}.desktop"
    entry.parent.mkdir(parents=True)
    entry.write_text("[Desktop Entry]\n", encoding="utf-8")
    assert installed_launcher(env) == entry


@pytest.mark.skipif(os.environ.get("QT_QPA_PLATFORM") != "offscreen", reason="offscreen grab")
def test_screenshot_of_the_window_during_a_block(qtbot, tray, clock) -> None:
    window, _ = window_for(qtbot, tray, clock, can_reopen=True)
    tray.update_status(FOCUS)
    window.update_status(FOCUS)
    clock.now += timedelta(seconds=13)
    window._tick.timeout.emit()
    window.adjustSize()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "no-tray-window-focus.png"))
    window.update_status(ON)
    tray.update_status(ON)
    window.adjustSize()
    assert window.grab().save(str(SCREENSHOTS / "no-tray-window-idle.png"))


def test_im_off_is_a_button_that_follows_the_state(qtbot, tray, clock) -> None:
    window, _ = window_for(qtbot, tray, clock)
    assert window.boundary_button.text() == "I'm off"
    with qtbot.waitSignal(tray.boundary_requested) as asked:
        window.boundary_button.click()
    assert asked.args == [False]
    tray.update_status(snapshot(EngineState.OFF, label="Lunch — back at 13:15"))
    window.update_status(tray.snapshot or ON)
    assert window.boundary_button.text() == "I'm on"
    tray.update_status(FOCUS)
    window.update_status(FOCUS)
    assert "boundary" not in shown(window)
