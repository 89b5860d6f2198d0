"""The screen lock as logind knows it: the session's `LockedHint` (system bus).

Desktops that lock through logind (GNOME, KDE, most lockers with
`loginctl lock-session` support) set `LockedHint` on the user's session; a
`PropertiesChanged` signal says when it flips. It adds the lock to whatever
idle source is in use (a locked screen is away at once, SPEC §3a). No system
bus or no logind: nothing is added, one log line says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SLOT, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

_log = logging.getLogger(__name__)

LOGIND = "org.freedesktop.login1"
MANAGER_PATH = "/org/freedesktop/login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"
PROPERTIES = "org.freedesktop.DBus.Properties"
CALL_TIMEOUT_MS = 1000


def _first(message: QDBusMessage) -> Any:
    if message.type() != QDBusMessage.MessageType.ReplyMessage:
        raise LookupError(message.errorMessage() or message.errorName())
    values = message.arguments()
    return values[0] if values else None


def _object_path(value: Any) -> str:
    """A D-Bus object path as text, whether PySide gives a QDBusObjectPath or a string."""
    path = getattr(value, "path", None)
    return str(path() if callable(path) else value)


class LogindLock(QObject):
    """Follows `LockedHint` of this process's login session."""

    def __init__(self, bus: QDBusConnection | None = None) -> None:
        super().__init__()
        self._bus = bus if bus is not None else QDBusConnection.systemBus()
        self._session_path = ""
        self._on_change: Callable[[], None] | None = None
        #: The last known LockedHint (False when it cannot be known).
        self.locked = False

    def start(self, on_change: Callable[[], None]) -> bool:
        """Find the session and watch it; False (one log line) when logind cannot tell."""
        self._on_change = on_change
        if not self._bus.isConnected():
            _log.info("no system bus: the screen lock is known only from the idle source")
            return False
        manager = QDBusInterface(LOGIND, MANAGER_PATH, MANAGER, self._bus)
        manager.setTimeout(CALL_TIMEOUT_MS)
        try:
            # "auto": the caller's session, or the user's display session when the
            # app runs outside one (started by a systemd user unit, say).
            path = _first(manager.call("GetSession", "auto"))
        except LookupError as error:
            _log.info("logind names no session for FocusDesk (%s): no lock hint", error)
            return False
        self._session_path = _object_path(path)
        connected = self._bus.connect(
            LOGIND,
            self._session_path,
            PROPERTIES,
            "PropertiesChanged",
            self,
            # (The invalidated names are not asked for: logind sends LockedHint's value.)
            SLOT("on_properties_changed(QString,QVariantMap)"),  # type: ignore[call-overload]
        )
        self.locked = self._read()
        _log.info("screen lock from logind (%s)", self._session_path)
        return bool(connected)

    def _read(self) -> bool:
        properties = QDBusInterface(LOGIND, self._session_path, PROPERTIES, self._bus)
        properties.setTimeout(CALL_TIMEOUT_MS)
        try:
            value = _first(properties.call("Get", SESSION, "LockedHint"))
        except LookupError as error:
            _log.info("logind's LockedHint cannot be read: %s", error)
            return False
        value = getattr(value, "variant", lambda: value)()
        return bool(value)

    @Slot(str, "QVariantMap")
    def on_properties_changed(self, interface: str, changed: dict[str, Any]) -> None:
        if interface != SESSION or "LockedHint" not in changed:
            return
        self.locked = bool(changed["LockedHint"])
        if self._on_change is not None:
            self._on_change()
