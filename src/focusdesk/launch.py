"""Starting the tray app: the icon first, everything else right behind it.

A tray app is judged by how soon its icon is there. `run_tray_app` creates the
QApplication, shows the tray icon with a neutral "starting" face and lets the
event loop paint it; only then does it import and build the rest
(`focusdesk.app`: the log, settings, patterns, engine, boundary outputs and
control socket). That work, ≈ 60–100 ms, no longer stands between the launch
and the icon (docs/PERFORMANCE.md); the icon takes its real face as soon as
it is done. The imports run in a few steps, one per turn of the event loop:
the tray host may embed (and expose) the icon only after its first paint, and
the repaint must not wait behind the whole build. A click on the icon in that
moment is kept and handled once the app is built.

This module stays light on purpose: it must not import the store, the engine
or any window beyond the tray.
"""

from __future__ import annotations

import contextlib
import importlib
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QRect, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.paths import DataPaths
from focusdesk.shell.desktop.qt_application import StartupFailed, qt_application
from focusdesk.shell.tray.icons import panel_is_dark, status_icon
from focusdesk.shell.tray.tray import Tray

if TYPE_CHECKING:
    from focusdesk.app import FocusDeskApp

#: What the app needs, imported one group per turn of the event loop (≈ 10–20 ms each).
BUILD_STEPS: tuple[tuple[str, ...], ...] = (
    ("focusdesk.core.session_engine", "focusdesk.core.pattern_loader"),
    ("focusdesk.store.session_log", "focusdesk.store.settings_store"),
    (
        "focusdesk.shell.boundary.boundary_outputs",
        "focusdesk.shell.desktop.notifier",
        "focusdesk.shell.desktop.ticker",
    ),
    ("focusdesk.shell.desktop.control_listener", "focusdesk.app"),
)

#: Build the app at the latest this long after the icon was shown, embedded or not
#: (a StatusNotifier tray paints the icon in another process; a busy tray host may
#: take its time).
EMBED_WAIT_MS = 250
#: After the icon is embedded (and painted), stay idle this long: a tray host
#: (trayer) resizes and exposes the icon again in the next few ms, and that repaint
#: must not wait behind a build step (seen under Xvfb: an empty slot for one step).
EMBED_GRACE_MS = 40
#: How often to look whether the icon is embedded, until it is (start-up only).
EMBED_POLL_MS = 5


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


class _TrayIcon(Protocol):
    def geometry(self) -> QRect: ...


class _AfterEmbed(QObject):
    """Calls `then` once: `grace_ms` after the tray icon is embedded, or after `timeout_ms`.

    The icon has a geometry from the moment its tray host embeds it, and Qt
    paints it in that same turn of the event loop (measured under Xvfb and
    trayer: geometry seen 0.2–0.3 ms after the first paint), so a short poll of
    `QSystemTrayIcon.geometry()` stands in for watching paint events. It must:
    an application-wide event filter hands Python every event of every object,
    and the first one of a class PySide does not know (Qt's input-method
    context) makes it load every QtCore/QtGui/QtWidgets type to find the
    nearest one — ≈ 30 ms at start-up and 5.5 MB kept for the whole day.
    """

    def __init__(
        self,
        qt_app: QApplication,
        icon: _TrayIcon,
        then: Callable[[], None],
        timeout_ms: int,
        grace_ms: int = EMBED_GRACE_MS,
    ) -> None:
        super().__init__(qt_app)
        self._icon = icon
        self._then = then
        self._grace_ms = grace_ms
        self._done = False
        self._poll = QTimer(self)
        self._poll.setInterval(EMBED_POLL_MS)
        self._poll.timeout.connect(self._check)
        if timeout_ms > 0:
            self._poll.start()
        QTimer.singleShot(timeout_ms, self, self._fire)

    def _check(self) -> None:
        if not self._icon.geometry().isEmpty():
            self._poll.stop()
            QTimer.singleShot(self._grace_ms, self, self._fire)

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        self._poll.stop()
        self._then()


def quit_on_signals(qt_app: QApplication) -> tuple[socket.socket, socket.socket]:
    """SIGTERM/SIGINT (logout, `kill`) quit through the event loop, so the log is closed.

    Returns the wake-up socket pair: the caller keeps it open while the loop runs.
    """
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
    return reader, writer


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
    # In the language the command line found in the settings (a cheap look at one
    # line); the app reads the settings whole after the icon, and relabels if need be.
    tray = starting_tray(qt_app)
    built: list[FocusDeskApp] = []
    early_clicks = EarlyClicks(tray)

    def build(steps: list[tuple[str, ...]]) -> None:
        try:
            if steps:
                for module in steps[0]:
                    importlib.import_module(module)
                QTimer.singleShot(0, qt_app, lambda: build(steps[1:]))
                return
            from focusdesk.app import FocusDeskApp

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

    def begin() -> None:
        configure_logging(paths.log_file)
        build(list(BUILD_STEPS))

    _AfterEmbed(qt_app, tray.icon, begin, EMBED_WAIT_MS if tray.icon.isVisible() else 0)
    wake_up_sockets = quit_on_signals(qt_app)
    code = int(qt_app.exec())
    for end in wake_up_sockets:
        end.close()
    for app in built:
        app.shutdown()
    return code
