"""The settings window: round trip, overrides, hooks as argument lists, autostart, switching pattern."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot

from focusdesk.app import FocusDeskApp
from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.patterns import Weekday
from focusdesk.core.session_engine import SessionEngine
from focusdesk.core.settings import Settings
from focusdesk.core.status import EngineState
from focusdesk.paths import DataPaths
from focusdesk.resources import resource_path
from focusdesk.shell.desktop.autostart import APP_ID, NullAutostart, XdgAutostart
from focusdesk.shell.desktop.sound import SoundPlayer
from focusdesk.shell.settings.pattern_editor import COL_END, COL_START
from focusdesk.shell.settings.settings_window import SettingsWindow
from focusdesk.store.settings_store import load_settings

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "data")


@pytest.fixture
def catalog(paths: DataPaths) -> PatternCatalog:
    return PatternCatalog(resource_path("patterns"), paths.user_patterns_dir)


@pytest.fixture
def autostart(tmp_path: Path) -> XdgAutostart:
    return XdgAutostart(
        ["/usr/bin/python3", "-m", "focusdesk"], env={"XDG_CONFIG_HOME": str(tmp_path / "config")}
    )


class Applied:
    """Records what the window handed to the app."""

    def __init__(self) -> None:
        self.calls: list[Settings] = []

    def __call__(self, settings: Settings) -> None:
        self.calls.append(settings)


def open_window(
    qtbot: QtBot,
    settings: Settings,
    catalog: PatternCatalog,
    paths: DataPaths,
    autostart: object,
    on_apply: Applied,
) -> SettingsWindow:
    window = SettingsWindow(settings, catalog, paths, autostart, on_apply)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    return window


RICH = Settings(
    pattern_id="portfolio-day",
    language="es",
    focus_minutes=50,
    buffer_minutes=0,
    prestop_warnings=(45, 5),
    snooze_limit=0,
    snooze_minutes=None,
    strict=True,
    auto_buffer=False,
    auto_start=None,
    day_boundary=time(3, 15),
    sound_muted=True,
    sound_volume=40,
    notifications_enabled=False,
    signal_light=True,
    signal_light_position="DP-1:10,20",
    signal_light_click_through=True,
    hooks=(("busylight", "--colour", "red"), ("logger", "-t", "focusdesk", "$STATE; rm -rf ~")),
    hook_timeout_seconds=4,
)


def test_settings_shown_and_applied_unchanged_round_trip_through_the_file(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths, autostart: XdgAutostart
) -> None:
    applied = Applied()
    window = open_window(qtbot, RICH, catalog, paths, autostart, applied)
    assert window.current_settings() == RICH

    assert window.apply()

    assert applied.calls == [RICH]
    assert load_settings(paths.settings_file, paths.backups_dir) == (RICH, [])


def test_untouched_overrides_follow_the_pattern_and_changed_ones_are_kept(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths, autostart: XdgAutostart
) -> None:
    window = open_window(qtbot, Settings(), catalog, paths, autostart, Applied())
    assert window.focus_spin.text() == "as the pattern says (90 min)"
    assert window.strict_choice.currentText() == "As the pattern says (off)"

    window.focus_spin.setValue(60)
    window.warnings_edit.setText("20 5")
    window.strict_choice.setCurrentIndex(1)
    window.pattern_box.setCurrentIndex(window.pattern_box.findData("time-weave"))
    window.volume_slider.setValue(15)
    window.day_boundary_edit.setTime(QTime(5, 0))

    settings = window.current_settings()
    assert settings == Settings(
        pattern_id="time-weave",
        focus_minutes=60,
        prestop_warnings=(20, 5),
        strict=True,
        sound_volume=15,
        day_boundary=time(5, 0),
    )
    # Stored as overrides; everything else still comes from the pattern.
    defaults = settings.effective_defaults(catalog.get("time-weave"))
    assert (defaults.focus_minutes, defaults.buffer_minutes, defaults.snoozes_allowed) == (
        60,
        10,
        0,
    )


def test_a_hook_is_edited_as_an_argument_list_never_a_shell_string(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths, autostart: XdgAutostart
) -> None:
    window = open_window(qtbot, Settings(), catalog, paths, autostart, Applied())
    hooks = window.hooks_editor

    hooks.add_hook([])
    assert window.hooks_error.text() == "Hook 1 has no program: put the program on its first line."
    assert not window.apply_button.isEnabled()

    hooks.arguments.setPlainText("curl\n-X\nPOST\nhttp://lamp.local/state?on=1&who=$USER\n")
    assert not window.hooks_error.text() or window.hooks_error.isHidden()
    settings = window.current_settings()
    assert settings is not None
    assert settings.hooks == (("curl", "-X", "POST", "http://lamp.local/state?on=1&who=$USER"),)
    assert hooks.list.item(0).text() == "curl -X POST 'http://lamp.local/state?on=1&who=$USER'"


def test_bad_warning_minutes_are_named_next_to_the_field_and_nothing_is_saved(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths, autostart: XdgAutostart
) -> None:
    applied = Applied()
    window = open_window(qtbot, Settings(), catalog, paths, autostart, applied)
    window.warnings_edit.setText("30, soon")
    assert not window.warnings_error.isHidden()
    assert "whole numbers 1–240" in window.warnings_error.text()
    assert not window.ok_button.isEnabled()
    assert not window.apply()
    assert applied.calls == []
    assert not paths.settings_file.exists()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="no desktop-file-utils")
def test_start_at_login_writes_a_valid_entry_and_switching_it_off_removes_it(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths, autostart: XdgAutostart
) -> None:
    applied = Applied()
    window = open_window(qtbot, Settings(), catalog, paths, autostart, applied)
    entry = autostart.path
    assert entry.name == f"{APP_ID}.desktop"
    assert not window.autostart_box.isChecked()

    window.autostart_box.setChecked(True)
    assert window.apply()
    assert entry.is_file()
    result = subprocess.run(
        ["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout == "", result.stdout
    assert applied.calls[-1].start_at_login is True

    window.autostart_box.setChecked(False)
    assert window.apply()
    assert not entry.exists()
    assert load_settings(paths.settings_file)[0].start_at_login is False


def test_the_autostart_entry_on_disk_wins_over_the_settings_file(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths, autostart: XdgAutostart
) -> None:
    autostart.enable()  # switched on elsewhere (or left over)
    window = open_window(qtbot, Settings(), catalog, paths, autostart, Applied())
    assert window.autostart_box.isChecked()


def test_without_autostart_support_the_option_is_disabled_and_never_claimed(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths
) -> None:
    applied = Applied()
    window = open_window(
        qtbot, Settings(start_at_login=True), catalog, paths, NullAutostart(), applied
    )
    assert not window.autostart_box.isEnabled()
    assert window.apply()
    assert applied.calls[-1].start_at_login is False


def test_an_unknown_active_pattern_is_named_and_must_be_changed(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths, autostart: XdgAutostart
) -> None:
    window = open_window(
        qtbot, Settings(pattern_id="gone-pattern"), catalog, paths, autostart, Applied()
    )
    assert "'gone-pattern' is not available" in window.pattern_error.text()
    assert not window.apply_button.isEnabled()
    window.pattern_box.setCurrentIndex(window.pattern_box.findData("caregiver-pro"))
    assert window.pattern_error.isHidden()
    assert window.apply_button.isEnabled()
    assert window.preview.pattern == catalog.get("caregiver-pro")


def test_the_data_folder_is_opened_through_the_desktop(
    qtbot: QtBot,
    catalog: PatternCatalog,
    paths: DataPaths,
    autostart: XdgAutostart,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []

    def fake_open(url: object) -> bool:
        opened.append(url.toLocalFile())  # type: ignore[attr-defined]
        return True

    monkeypatch.setattr(
        "focusdesk.shell.settings.settings_window.QDesktopServices.openUrl", fake_open
    )
    window = open_window(qtbot, Settings(), catalog, paths, autostart, Applied())
    assert window.data_dir_edit.text() == str(paths.data_dir)
    window.open_data_button.click()
    assert opened == [str(paths.data_dir)]


# Opening the editor shows it; the offscreen platform warns it cannot pass size hints on.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_switching_to_an_edited_pattern_changes_the_running_plan_and_hard_stop(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths, autostart: XdgAutostart
) -> None:
    """Duplicate Time-Weave, move the creative lane, apply: the engine follows, the block runs on.

    This drives the engine the way the app's `on_apply` does (`set_pattern`);
    app.py's own wiring is tested where it lives.
    """
    now = datetime(2026, 11, 16, 7, 0, tzinfo=BERLIN)
    engine = SessionEngine(catalog.get("time-weave"), BERLIN, now=now)
    engine.start_focus(now)  # the morning sprint, running
    running = engine.current_session
    assert running is not None and engine.state is EngineState.FOCUS
    assert engine.plan.hard_stop == datetime(2026, 11, 16, 21, 30, tzinfo=BERLIN)

    def on_apply(settings: Settings) -> None:
        engine.set_pattern(settings.apply_to(catalog.get(settings.pattern_id)), now)

    window = SettingsWindow(Settings(pattern_id="time-weave"), catalog, paths, autostart, on_apply)
    qtbot.addWidget(window)
    assert window.edit_button.text() == "Duplicate and edit…"
    editor = window.open_pattern_editor()
    assert editor is not None and editor.is_copy

    monday = editor.days[Weekday.MON]
    lane = monday.find_row("Creative lane")
    monday.set_cell(lane, COL_START, "19:30")
    monday.set_cell(lane, COL_END, "21:00")
    monday.set_cell(monday.find_row("Life"), COL_END, "19:30")
    monday.hard_stop_edit.setText("21:00")
    editor.copy_day(Weekday.MON, [Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI])
    with qtbot.waitSignal(editor.pattern_saved):
        editor.save_button.click()

    # The saved copy is selected in the window, ready to apply.
    assert window.pattern_box.currentData() == "time-weave-copy"
    assert window.preview.pattern == catalog.get("time-weave-copy")
    window.focus_spin.setValue(45)
    assert window.apply()

    assert engine.pattern.id == "time-weave-copy"
    assert engine.pattern.defaults.focus_minutes == 45
    assert engine.plan.hard_stop == datetime(2026, 11, 16, 21, 0, tzinfo=BERLIN)
    lane_block = engine.plan.focus_blocks[-1]
    assert (lane_block.label, lane_block.start, lane_block.end) == (
        "Creative lane",
        datetime(2026, 11, 16, 19, 30, tzinfo=BERLIN),
        datetime(2026, 11, 16, 21, 0, tzinfo=BERLIN),
    )
    # The block that was running is kept, unchanged.
    assert engine.state is EngineState.FOCUS
    assert engine.current_session == running
    assert load_settings(paths.settings_file)[0].pattern_id == "time-weave-copy"


# --- through the running app (the composition root) ---------------------------------------


class _FakeClock:
    def __init__(self, now: datetime) -> None:
        self.wall = now

    def now(self) -> datetime:
        return self.wall

    def local_zone(self) -> ZoneInfo:
        return BERLIN


class _IdleTimer:
    """A timer that never fires by itself: the test moves no time."""

    def __init__(self, callback: Callable[[], None]) -> None:
        self.active = False

    def start(self, msec: int) -> None:
        self.active = True

    def stop(self) -> None:
        self.active = False

    def isActive(self) -> bool:
        return self.active


@pytest.fixture
def running_app(paths: DataPaths, qapp: object) -> Iterator[FocusDeskApp]:
    app = FocusDeskApp(
        paths,
        clock=_FakeClock(datetime(2026, 11, 16, 7, 0, tzinfo=BERLIN)),
        timer_factory=_IdleTimer,
        notifier=_SilentNotifier(),
        sound=SoundPlayer(lambda: True, lambda: 0, lambda: False),
        confirm=lambda title, text: True,
        inform=lambda title, text: None,
        watch_sleep=False,
    )
    app.start()
    yield app
    app.shutdown()
    app.ritual_window.close()
    if app.settings_window is not None:
        app.settings_window.close()
        app.settings_window.deleteLater()
    if app.fallback_window is not None:
        app.fallback_window.deleteLater()


class _SilentNotifier:
    def notify(self, title: str, body: str, details: object = None) -> None:
        pass


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_running_app_follows_a_pattern_switch_in_the_settings_window(
    running_app: FocusDeskApp,
) -> None:
    app = running_app
    engine = app.engine
    assert engine is not None and engine.pattern.id == "boundary-fortress"
    app.tray.start_focus_requested.emit("")  # a block is running
    running = engine.current_session
    assert engine.state is EngineState.FOCUS and running is not None
    assert engine.plan.hard_stop == datetime(2026, 11, 16, 18, 30, tzinfo=BERLIN)

    app.tray.settings_requested.emit()
    window = app.settings_window
    assert window is not None and window.isVisible()
    window.pattern_box.setCurrentIndex(window.pattern_box.findData("time-weave"))
    window.ok_button.click()

    assert engine.pattern.id == "time-weave"
    assert engine.plan.hard_stop == datetime(2026, 11, 16, 21, 30, tzinfo=BERLIN)
    assert [b.label for b in engine.plan.focus_blocks] == ["Morning sprint", "Creative lane"]
    assert engine.state is EngineState.FOCUS
    assert engine.current_session == running
    assert app.settings.pattern_id == "time-weave"
    assert load_settings(app.paths.settings_file)[0].pattern_id == "time-weave"


def test_the_language_is_chosen_by_its_own_name_and_saved(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths, autostart: XdgAutostart
) -> None:
    window = open_window(qtbot, Settings(), catalog, paths, autostart, Applied())
    names = [window.language_box.itemText(i) for i in range(window.language_box.count())]
    assert names[1:] == ["English", "Deutsch", "Español"]
    assert window.language_box.currentData() == ""
    window.language_box.setCurrentIndex(window.language_box.findData("de"))
    assert window.apply()
    settings, problems = load_settings(paths.settings_file, paths.backups_dir)
    assert (settings.language, problems) == ("de", [])


def test_presence_minutes_are_shown_saved_and_zero_reads_off(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths, autostart: XdgAutostart
) -> None:
    applied = Applied()
    chosen = replace(RICH, away_after_minutes=25, offclock_after_minutes=0)
    window = open_window(qtbot, chosen, catalog, paths, autostart, applied)
    assert window.away_after_spin.text() == "25 min"
    assert window.offclock_after_spin.text() == "Off"
    window.away_after_spin.setValue(0)
    assert window.apply()
    saved = replace(chosen, away_after_minutes=0)
    assert applied.calls == [saved]
    assert load_settings(paths.settings_file, paths.backups_dir) == (saved, [])
