"""The composition root: the only module that wires the engine, the store and the Qt shell.

It builds things and connects them; it holds no rules of its own. Every
other module receives what it needs from here.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from focusdesk.core.settings import DEFAULT_PATTERN_ID
from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.paths import DataPaths
from focusdesk.shell.notifier import desktop_notifier
from focusdesk.shell.tray import Tray

StatusListener = Callable[[StatusSnapshot | None, StatusSnapshot], None]

_log = logging.getLogger("focusdesk")


class FocusDeskApp:
    """One running FocusDesk: its Qt application, tray and (soon) engine and store."""

    def __init__(self, paths: DataPaths, argv: list[str] | None = None) -> None:
        self.paths = paths
        existing = QApplication.instance()
        self.qt_app = (
            existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
        )
        self.qt_app.setApplicationName("FocusDesk")
        self.qt_app.setQuitOnLastWindowClosed(False)
        self._listeners: list[StatusListener] = []
        self._snapshot: StatusSnapshot | None = None
        self.tray = Tray()
        self.tray.quit_requested.connect(self.qt_app.quit)
        self.notifier = desktop_notifier(self.tray.icon, _log)

    def add_status_listener(self, listener: StatusListener) -> None:
        """Call `listener(previous, current)` on every change of state or label."""
        self._listeners.append(listener)

    def run(self) -> int:
        """Show the tray and run the event loop; the exit code."""
        self._publish(StatusSnapshot(state=EngineState.ON, pattern_id=DEFAULT_PATTERN_ID))
        if not QSystemTrayIcon.isSystemTrayAvailable():
            _log.warning("no system tray available")
        self.tray.show()
        return int(self.qt_app.exec())

    def _publish(self, snapshot: StatusSnapshot) -> None:
        previous, self._snapshot = self._snapshot, snapshot
        self.tray.update_status(snapshot)
        for listener in self._listeners:
            listener(previous, snapshot)
