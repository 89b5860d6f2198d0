"""The launch order: the tray icon first, the rest of the app built right after its first paint."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from focusdesk.core.status import EngineState
from focusdesk.launch import EarlyClicks, _AfterFirstPaint, starting_tray


def test_the_starting_tray_says_it_is_starting(qapp: Any) -> None:
    tray = starting_tray(qapp)
    try:
        assert tray.icon.toolTip() == "FocusDesk is starting…"
        assert tray.status_action.text() == "FocusDesk is starting…"
        assert not tray.icon.icon().isNull()
        assert tray._snapshot is not None and tray._snapshot.state is EngineState.OFF
    finally:
        tray.hide()


def test_the_app_is_built_right_after_the_first_paint(qtbot: Any, qapp: Any) -> None:
    built: list[str] = []
    _AfterFirstPaint(qapp, lambda: built.append("built"), timeout_ms=60_000, grace_ms=10)
    widget = QWidget()
    qtbot.addWidget(widget)
    paints = PaintCounter(widget, after_ms=10)
    widget.show()
    qtbot.waitUntil(lambda: built == ["built"], timeout=5000)
    # A later paint builds nothing more: wait until one was painted and its
    # grace (the same 10 ms, armed after the launcher's) is over.
    seen = paints.settled
    widget.update()
    qtbot.waitUntil(lambda: paints.settled > seen, timeout=5000)
    assert built == ["built"]


class PaintCounter(QObject):
    """Counts a widget's paints that are `after_ms` old (a timer armed at each paint)."""

    def __init__(self, widget: QWidget, after_ms: int) -> None:
        super().__init__(widget)
        self.settled = 0
        self._after_ms = after_ms
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(self._after_ms, self, self._settle)
        return False

    def _settle(self) -> None:
        self.settled += 1


def test_without_a_paint_the_app_is_built_after_the_wait(qtbot: Any, qapp: Any) -> None:
    built: list[str] = []
    _AfterFirstPaint(qapp, lambda: built.append("built"), timeout_ms=30)
    qtbot.waitUntil(lambda: built == ["built"], timeout=5000)


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
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.stdout.strip() == ""


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
