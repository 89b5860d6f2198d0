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

from focusdesk.shell.desktop.system_bus import (
    BusCallFailed,
    BusUnavailable,
    SignalBus,
    system_bus,
    unwrap,
)

_log = logging.getLogger(__name__)

LOGIND = "org.freedesktop.login1"
MANAGER_PATH = "/org/freedesktop/login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"
PROPERTIES = "org.freedesktop.DBus.Properties"


class LogindLock:
    """Follows `LockedHint` of this process's login session (over jeepney, see `system_bus`)."""

    def __init__(self, bus: Callable[[], SignalBus] = system_bus) -> None:
        self._open_bus = bus
        self._bus: SignalBus | None = None
        self._session_path = ""
        self._on_change: Callable[[], None] | None = None
        #: The last known LockedHint (False when it cannot be known).
        self.locked = False

    def start(self, on_change: Callable[[], None]) -> bool:
        """Find the session and watch it; False (one log line) when logind cannot tell."""
        self._on_change = on_change
        try:
            bus = self._bus = self._open_bus()
        except BusUnavailable:
            _log.info("no system bus: the screen lock is known only from the idle source")
            return False
        try:
            # "auto": the caller's session, or the user's display session when the
            # app runs outside one (started by a systemd user unit, say).
            (path,) = bus.call(LOGIND, MANAGER_PATH, MANAGER, "GetSession", "s", ("auto",))
            self._session_path = str(path)
            # (The invalidated names are not asked for: logind sends LockedHint's value.)
            bus.subscribe(
                self._on_properties_signal,
                sender=LOGIND,
                interface=PROPERTIES,
                member="PropertiesChanged",
                path=self._session_path,
            )
        except (BusCallFailed, ValueError) as error:
            _log.info("logind names no session for FocusDesk (%s): no lock hint", error)
            return False
        self.locked = self._read(bus)
        _log.info("screen lock from logind (%s)", self._session_path)
        return True

    def _read(self, bus: SignalBus) -> bool:
        try:
            (value,) = bus.call(
                LOGIND, self._session_path, PROPERTIES, "Get", "ss", (SESSION, "LockedHint")
            )
        except (BusCallFailed, ValueError) as error:
            _log.info("logind's LockedHint cannot be read: %s", error)
            return False
        return bool(unwrap(value))

    def _on_properties_signal(self, body: tuple[Any, ...]) -> None:
        if len(body) >= 2 and isinstance(body[1], dict):
            self.on_properties_changed(str(body[0]), body[1])

    def on_properties_changed(self, interface: str, changed: dict[str, Any]) -> None:
        if interface != SESSION or "LockedHint" not in changed:
            return
        self.locked = bool(unwrap(changed["LockedHint"]))
        if self._on_change is not None:
            self._on_change()
