"""The launch order: the tray icon first, the rest of the app built right after it is embedded."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QSystemTrayIcon

from focusdesk.core.status import EngineState
from focusdesk.launch import EarlyClicks, _AfterEmbed, starting_tray


def test_the_starting_tray_says_it_is_starting(qapp: Any) -> None:
    tray = starting_tray(qapp)
    try:
        assert tray.icon.toolTip() == "FocusDesk is starting…"
        assert tray.status_action.text() == "FocusDesk is starting…"
        assert not tray.icon.icon().isNull()
        assert tray._snapshot is not None and tray._snapshot.state is EngineState.OFF
    finally:
        tray.hide()


class TrayIconStandIn:
    """A tray icon whose tray host embeds it when the test says so."""

    def __init__(self) -> None:
        self.embedded_at: float | None = None

    def embed(self) -> None:
        self.embedded_at = time.monotonic()

    def geometry(self) -> QRect:
        return QRect(1257, 1, 22, 30) if self.embedded_at is not None else QRect()


def test_the_app_is_built_right_after_the_icon_is_embedded(qtbot: Any, qapp: Any) -> None:
    built: list[float] = []
    icon = TrayIconStandIn()
    _AfterEmbed(qapp, icon, lambda: built.append(time.monotonic()), timeout_ms=60_000, grace_ms=30)
    qtbot.wait(60)
    assert built == []  # not embedded yet: nothing is built
    icon.embed()
    qtbot.waitUntil(lambda: len(built) == 1, timeout=5000)
    assert icon.embedded_at is not None
    assert built[0] - icon.embedded_at >= 0.025  # the grace after embedding is kept
    qtbot.wait(80)
    assert len(built) == 1  # once


def test_without_an_embedded_icon_the_app_is_built_after_the_wait(qtbot: Any, qapp: Any) -> None:
    built: list[str] = []
    _AfterEmbed(qapp, TrayIconStandIn(), lambda: built.append("built"), timeout_ms=30)
    qtbot.waitUntil(lambda: built == ["built"], timeout=5000)
    qtbot.wait(60)
    assert built == ["built"]


def run_offscreen(script: str) -> str:
    """What a fresh interpreter prints running `script` on Qt's offscreen platform."""
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    return result.stdout.strip()


def test_the_launch_watches_no_events_of_the_whole_application() -> None:
    # An application-wide event filter hands Python objects of classes PySide
    # does not know, and it then loads every Qt type to place them (≈ 5.5 MB
    # kept all day, docs/PERFORMANCE.md): the launch must not install one.
    script = textwrap.dedent(
        """
        from PySide6.QtCore import QObject
        calls = []
        original = QObject.installEventFilter
        QObject.installEventFilter = lambda self, f: (calls.append(type(self).__name__), original(self, f))[1]
        from focusdesk.launch import _AfterEmbed, starting_tray
        from focusdesk.shell.desktop.qt_application import qt_application
        app = qt_application()
        tray = starting_tray(app)
        _AfterEmbed(app, tray.icon, app.quit, timeout_ms=50)
        app.exec()
        print(calls)
        """
    )
    assert run_offscreen(script) == "[]"


def test_the_tray_shows_before_the_store_and_engine_are_imported() -> None:
    # What stands between a launch and its icon: no log, no engine, no windows.
    script = textwrap.dedent(
        """
        import sys
        from focusdesk.launch import starting_tray
        from focusdesk.shell.desktop.qt_application import qt_application
        starting_tray(qt_application())
        heavy = ["focusdesk.app", "focusdesk.store.database", "focusdesk.core.session_engine",
                 "focusdesk.core.pattern_loader", "focusdesk.shell.desktop.control_server", "sqlite3",
                 "focusdesk.cli.week_cmd", "hashlib"]
        print(" ".join(name for name in heavy if name in sys.modules))
        """
    )
    assert run_offscreen(script) == ""


def test_a_click_before_the_app_is_built_reaches_it_afterwards(qapp: Any) -> None:
    tray = starting_tray(qapp)
    try:
        early = EarlyClicks(tray)
        tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)  # nobody wired yet
        heard: list[QSystemTrayIcon.ActivationReason] = []
        tray.icon.activated.connect(heard.append)  # the app wires itself
        early.hand_over()
        assert heard == [QSystemTrayIcon.ActivationReason.Trigger]
        tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Context)  # later clicks: once
        assert heard == [
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.Context,
        ]
    finally:
        tray.hide()


BREAK_START = """
import focusdesk.app
def broken(self):
    raise RuntimeError("simulated bug")
focusdesk.app.FocusDeskApp.start = broken
"""
BREAK_AN_IMPORT = """
import focusdesk.launch
focusdesk.launch.BUILD_STEPS = (("focusdesk.core.session_engine",), ("focusdesk.no_such_module",))
"""


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (BREAK_START, "FocusDesk failed to start (RuntimeError: simulated bug)"),
        (BREAK_AN_IMPORT, "FocusDesk failed to start (ModuleNotFoundError: No module named"),
    ],
)
def test_a_start_up_bug_exits_with_one_line_instead_of_a_dead_icon(
    tmp_path: Path, breakage: str, expected: str
) -> None:
    # An unexpected exception in a Qt callback is printed and swallowed by
    # PySide: without a catch the process would live on with a starting icon.
    script = breakage + textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from focusdesk.launch import run_tray_app
        from focusdesk.paths import DataPaths
        sys.exit(run_tray_app(DataPaths(Path({str(tmp_path / "data")!r}))))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 1
    assert expected in result.stderr
    assert "focusdesk.log" in result.stderr
