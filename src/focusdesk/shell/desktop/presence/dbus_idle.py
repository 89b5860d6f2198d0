"""Idle time and the screen lock over the session bus (QtDBus, no extra dependency).

- GNOME: `org.gnome.Mutter.IdleMonitor` (X11 and Wayland): `GetIdletime` (ms)
  when asked; a user-active watch (`AddUserActiveWatch` + `WatchFired`) says
  when input comes back, so an absence ends without polling.
- KDE and others: `org.freedesktop.ScreenSaver`: `GetSessionIdleTime` (ms; KDE
  refuses it on Wayland, then only the lock counts), `GetActive` (locked) and
  `ActiveChanged` (lock and unlock, as they happen).

Each raises `PresenceUnavailable` when its service is not on the bus or stops
answering (a compositor restart); the chooser then falls back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SLOT, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

from focusdesk.core.presence import PresenceSignal, PresenceUnavailable

_log = logging.getLogger(__name__)

#: A bus call never blocks the tray for longer than this.
CALL_TIMEOUT_MS = 1000


def _session_bus() -> QDBusConnection:
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        raise PresenceUnavailable("no session bus")
    return bus


def _has_service(bus: QDBusConnection, service: str) -> bool:
    reply = bus.interface().isServiceRegistered(service)
    return bool(reply.value()) if reply.isValid() else False


def _call(interface: QDBusInterface, method: str, *args: Any) -> Any:
    """The first value `method` returns; `PresenceUnavailable` on any error."""
    message = interface.call(method, *args)
    if message.type() != QDBusMessage.MessageType.ReplyMessage:
        raise PresenceUnavailable(f"{interface.service()}.{method}: {message.errorMessage()}")
    values = message.arguments()
    return values[0] if values else None


class _Watcher(QObject):
    """Receives the bus signals a source listens to and passes them on."""

    def __init__(self) -> None:
        super().__init__()
        self.on_change: Callable[[], None] | None = None
        self.active_watch: int | None = None

    @Slot("uint")
    def on_watch_fired(self, watch_id: int) -> None:
        if watch_id == self.active_watch:
            self.active_watch = None
            self._changed()

    @Slot(bool)
    def on_active_changed(self, _active: bool) -> None:
        self._changed()

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()


class MutterIdleSource:
    """GNOME Shell's idle monitor."""

    name = "mutter"
    SERVICE = "org.gnome.Mutter.IdleMonitor"
    PATH = "/org/gnome/Mutter/IdleMonitor/Core"
    INTERFACE = "org.gnome.Mutter.IdleMonitor"

    def __init__(self) -> None:
        bus = _session_bus()
        if not _has_service(bus, self.SERVICE):
            raise PresenceUnavailable(f"{self.SERVICE} is not on the session bus")
        self._bus = bus
        self._interface = QDBusInterface(self.SERVICE, self.PATH, self.INTERFACE, bus)
        self._interface.setTimeout(CALL_TIMEOUT_MS)
        self._watcher = _Watcher()
        self._connected = False

    def read(self) -> PresenceSignal:
        idle_ms = _call(self._interface, "GetIdletime")
        try:
            return PresenceSignal(idle_seconds=float(idle_ms) / 1000)
        except (TypeError, ValueError) as error:
            raise PresenceUnavailable(f"Mutter gave no idle time ({idle_ms!r})") from error

    def expect_return(self) -> bool:
        """Ask Mutter to say when input comes back (once); False if it will not."""
        if not self._connected:
            return False
        if self._watcher.active_watch is None:
            try:
                self._watcher.active_watch = int(_call(self._interface, "AddUserActiveWatch"))
            except (PresenceUnavailable, TypeError, ValueError) as error:
                _log.info("no user-active watch from Mutter: %s", error)
                return False
        return True

    def watch(self, on_change: Callable[[], None]) -> None:
        self._watcher.on_change = on_change
        if not self._connected:
            self._connected = self._bus.connect(
                self.SERVICE,
                self.PATH,
                self.INTERFACE,
                "WatchFired",
                self._watcher,
                SLOT("on_watch_fired(uint)"),  # type: ignore[call-overload]
            )

    def close(self) -> None:
        watch_id, self._watcher.active_watch = self._watcher.active_watch, None
        self._watcher.on_change = None
        if watch_id is not None:
            self._interface.call("RemoveWatch", watch_id)


class FreedesktopScreenSaverSource:
    """The freedesktop ScreenSaver service (KDE's kscreenlocker, and others)."""

    name = "screensaver"
    SERVICE = "org.freedesktop.ScreenSaver"
    PATH = "/org/freedesktop/ScreenSaver"
    INTERFACE = "org.freedesktop.ScreenSaver"

    def __init__(self) -> None:
        bus = _session_bus()
        if not _has_service(bus, self.SERVICE):
            raise PresenceUnavailable(f"{self.SERVICE} is not on the session bus")
        self._bus = bus
        self._interface = QDBusInterface(self.SERVICE, self.PATH, self.INTERFACE, bus)
        self._interface.setTimeout(CALL_TIMEOUT_MS)
        self._watcher = _Watcher()
        self._connected = False
        self._idle_supported = True

    def read(self) -> PresenceSignal:
        locked = bool(_call(self._interface, "GetActive"))
        idle: float | None = None
        if self._idle_supported:
            try:
                idle = float(_call(self._interface, "GetSessionIdleTime")) / 1000
            except (PresenceUnavailable, TypeError, ValueError) as error:
                # KDE on Wayland: "not supported". The lock is still worth knowing.
                _log.info("the screensaver service gives no idle time (%s): lock only", error)
                self._idle_supported = False
        if idle is None:
            idle = 0.0 if not locked else None
        return PresenceSignal(idle_seconds=idle, locked=locked)

    def watch(self, on_change: Callable[[], None]) -> None:
        self._watcher.on_change = on_change
        if not self._connected:
            self._connected = self._bus.connect(
                self.SERVICE,
                self.PATH,
                self.INTERFACE,
                "ActiveChanged",
                self._watcher,
                SLOT("on_active_changed(bool)"),  # type: ignore[call-overload]
            )

    def close(self) -> None:
        self._watcher.on_change = None
