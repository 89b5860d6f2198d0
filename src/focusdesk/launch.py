"""Starting the tray app: the icon first, everything else right behind it.

A tray app is judged by how soon its icon is there. `run_tray_app` creates the
QApplication, shows the tray icon with a neutral "starting" face and lets the
event loop paint it; only then does it import and build the rest
(`focusdesk.app`: the log, settings, patterns, engine, boundary outputs and
control socket). That work, ≈ 100 ms, no longer stands between the launch and
the icon (docs/PERFORMANCE.md); the icon takes its real face as soon as it is
done. A click on the icon in that moment is kept and handled then.

This module stays light on purpose: it must not import the store, the engine
or any window beyond the tray.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.paths import DataPaths
from focusdesk.shell.icons import panel_is_dark, status_icon
from focusdesk.shell.tray import Tray

if TYPE_CHECKING:
    from focusdesk.app import FocusDeskApp

#: Build the app at the latest this long after the icon was shown, painted or not
#: (a StatusNotifier tray paints the icon in another process; a busy tray host may
#: take its time).
PAINT_WAIT_MS = 250


def configure_logging(log_file: Path) -> None:
    """Log to the data dir's log file (INFO) and to stderr (warnings only)."""
    import logging  # ≈ 5 ms: after the icon, like everything that can wait

    logger = logging.getLogger("focusdesk")
    logger.setLevel(logging.INFO)
    if logger.handlers:
        return
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.WARNING)
    stderr.setFormatter(logging.Formatter("focusdesk: %(message)s"))
    logger.addHandler(stderr)
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_file, encoding="utf-8")
    except OSError as error:
        logger.warning("cannot write the log file %s: %s", log_file, error.strerror or error)
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)


def qt_application() -> QApplication:
    """The process's QApplication, named for the desktop and kept alive without windows."""
    existing = QApplication.instance()
    qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    qt_app.setApplicationName("FocusDesk")
    qt_app.setDesktopFileName("io.github.focusdesk.FocusDesk")
    qt_app.setQuitOnLastWindowClosed(False)
    return qt_app


def starting_tray(qt_app: QApplication) -> Tray:
    """The tray, with the "off" face and a tooltip that says FocusDesk is starting.

    Shown at once when the desktop has a tray; the app shows a window instead
    when it has none.
    """
    tray = Tray(
        icon_provider=lambda snapshot: status_icon(snapshot, dark_panel=panel_is_dark(qt_app))
    )
    tray.update_status(StatusSnapshot(state=EngineState.OFF, pattern_id=""))
    tray.icon.setToolTip("FocusDesk is starting…")
    tray.status_action.setText("FocusDesk is starting…")
    if QSystemTrayIcon.isSystemTrayAvailable():
        tray.show()
    return tray


class _AfterFirstPaint(QObject):
    """Calls `then` once, on the event-loop turn after the first paint, or after `timeout_ms`."""

    def __init__(self, qt_app: QApplication, then: Callable[[], None], timeout_ms: int) -> None:
        super().__init__(qt_app)
        self._qt_app = qt_app
        self._then = then
        self._done = False
        qt_app.installEventFilter(self)
        QTimer.singleShot(timeout_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            # The paint is delivered (and flushed to the screen) before this runs.
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        self._qt_app.removeEventFilter(self)
        self._then()


def quit_on_signals(qt_app: QApplication) -> None:
    """SIGTERM/SIGINT (logout, `kill`) quit through the event loop, so the log is closed."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: qt_app.quit())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, qt_app)

    def drain() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)

    notifier.activated.connect(drain)
    # Python must keep the sockets open for as long as the process runs.
    _signal_sockets.extend((reader, writer))


_signal_sockets: list[socket.socket] = []


def run_tray_app(paths: DataPaths) -> int:
    """Show the icon, build the app behind it, run until the user quits; the exit code."""
    qt_app = qt_application()
    tray = starting_tray(qt_app)
    built: list[FocusDeskApp] = []
    # A click on the icon before the app is built is kept and handed over after.
    early_clicks: list[QSystemTrayIcon.ActivationReason] = []
    tray.icon.activated.connect(early_clicks.append)

    def build() -> None:
        configure_logging(paths.log_file)
        from focusdesk.app import FocusDeskApp, StartupFailed

        app = FocusDeskApp(paths, tray=tray)
        try:
            app.start()
        except StartupFailed as error:
            tray.hide()
            print(f"focusdesk: {error}", file=sys.stderr)
            if QApplication.platformName() not in ("offscreen", "minimal"):
                QMessageBox.critical(None, "FocusDesk cannot start", str(error))
            qt_app.exit(1)
            return
        built.append(app)
        tray.icon.activated.disconnect(early_clicks.append)
        for reason in early_clicks:
            tray.icon.activated.emit(reason)

    _AfterFirstPaint(qt_app, build, PAINT_WAIT_MS if tray.icon.isVisible() else 0)
    quit_on_signals(qt_app)
    code = int(qt_app.exec())
    for app in built:
        app.shutdown()
    return code
