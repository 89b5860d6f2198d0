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


class EarlyClicks:
    """Clicks on the icon before the app is built: kept, and handed over once it is."""

    def __init__(self, tray: Tray) -> None:
        self._tray = tray
        self.reasons: list[QSystemTrayIcon.ActivationReason] = []
        tray.icon.activated.connect(self._keep)

    def _keep(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        self.reasons.append(reason)

    def hand_over(self) -> None:
        """Stop keeping clicks and replay the kept ones to whoever listens now."""
        self._tray.icon.activated.disconnect(self._keep)
        for reason in self.reasons:
            self._tray.icon.activated.emit(reason)
        self.reasons.clear()


def _cannot_start(qt_app: QApplication, tray: Tray, message: str) -> None:
    tray.hide()
    print(f"focusdesk: {message}", file=sys.stderr)
    if QApplication.platformName() not in ("offscreen", "minimal"):
        QMessageBox.critical(None, "FocusDesk cannot start", message)
    qt_app.exit(1)


def run_tray_app(paths: DataPaths) -> int:
    """Show the icon, build the app behind it, run until the user quits; the exit code."""
    qt_app = qt_application()
    tray = starting_tray(qt_app)
    built: list[FocusDeskApp] = []
    early_clicks = EarlyClicks(tray)

    def build() -> None:
        configure_logging(paths.log_file)
        from focusdesk.app import FocusDeskApp, StartupFailed

        try:
            app = FocusDeskApp(paths, tray=tray)
            app.start()
        except StartupFailed as error:
            _cannot_start(qt_app, tray, str(error))
            return
        except Exception as error:  # a bug: Qt would swallow it and leave a dead icon
            import logging

            logging.getLogger("focusdesk").exception("start-up failed")
            _cannot_start(
                qt_app,
                tray,
                f"FocusDesk failed to start ({type(error).__name__}: {error}); "
                f"details in {paths.log_file}",
            )
            return
        built.append(app)
        early_clicks.hand_over()

    _AfterFirstPaint(qt_app, build, PAINT_WAIT_MS if tray.icon.isVisible() else 0)
    quit_on_signals(qt_app)
    code = int(qt_app.exec())
    for app in built:
        app.shutdown()
    return code
