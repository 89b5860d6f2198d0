"""Idle on Wayland through the compositor's idle protocol, spoken directly on its socket.

`ext-idle-notify-v1` where the compositor offers it, else KDE's
`org_kde_kwin_idle` (what Debian 12's wlroots compositors, sway 1.7 among them,
offer). Both say "idle" once no input came for a timeout we choose, and
"resumed" at the next input: event-driven, nothing is polled. There is no
Python binding to install: the few messages needed are written and read here
(the Wayland wire format: object id, size and opcode, 32-bit arguments,
padded strings) on a connection of our own, beside Qt's.

`WaylandIdleClient` is the protocol, socket only; `WaylandIdleSource` wires
it to Qt's event loop (a socket notifier) and answers like any presence source.
"""

from __future__ import annotations

import os
import socket
import struct
import time
from collections.abc import Callable
from pathlib import Path

from focusdesk.core.presence import PresenceSignal, PresenceUnavailable

_DISPLAY = 1
# wl_display requests / events
_SYNC, _GET_REGISTRY = 0, 1
_ERROR, _DELETE_ID = 0, 1
# wl_registry
_BIND = 0
_GLOBAL = 0
# ext_idle_notifier_v1.get_idle_notification(id, timeout, seat); org_kde_kwin_idle.get_idle_timeout(id, seat, timeout)
_EXT_GET_NOTIFICATION = 1
_KDE_GET_TIMEOUT = 0
# Both notification objects: event 0 = idle(d), 1 = resumed; request 0 = destroy/release.
_IDLED, _RESUMED = 0, 1

EXT_NOTIFIER = "ext_idle_notifier_v1"
KDE_IDLE = "org_kde_kwin_idle"


def _string(text: str) -> bytes:
    data = text.encode() + b"\0"
    return struct.pack("<I", len(data)) + data + b"\0" * (-len(data) % 4)


def _read_string(payload: bytes, offset: int) -> tuple[str, int]:
    (length,) = struct.unpack_from("<I", payload, offset)
    start = offset + 4
    text = payload[start : start + max(0, length - 1)].decode(errors="replace")
    return text, start + length + (-length % 4)


def wayland_socket_path(env: dict[str, str] | None = None) -> Path:
    """Where the compositor listens: $WAYLAND_DISPLAY (absolute, or under $XDG_RUNTIME_DIR)."""
    env = dict(os.environ) if env is None else env
    name = env.get("WAYLAND_DISPLAY", "")
    if not name:
        raise PresenceUnavailable("no Wayland display (WAYLAND_DISPLAY is not set)")
    if name.startswith("/"):
        return Path(name)
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if not runtime:
        raise PresenceUnavailable("XDG_RUNTIME_DIR is not set: cannot find the Wayland socket")
    return Path(runtime) / name


class WaylandIdleClient:
    """One connection to the compositor with one idle notification of `timeout_seconds`."""

    def __init__(self, timeout_seconds: float, path: Path | None = None) -> None:
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._socket.settimeout(2.0)
        try:
            self._socket.connect(str(path or wayland_socket_path()))
        except OSError as error:
            self._socket.close()
            raise PresenceUnavailable(f"cannot reach the Wayland compositor ({error})") from error
        self._next_id = 2
        self._buffer = b""
        self._out = b""
        self._registry = 0
        self._synced = 0
        self._globals: dict[str, tuple[int, int]] = {}
        self._seat = 0
        self._notifier = 0
        self._notification = 0
        self.protocol = ""
        #: When the compositor said "idle" (monotonic), None while the user is active.
        self.idle_since: float | None = None
        self.timeout_seconds = timeout_seconds
        try:
            self._setup()
        except (OSError, struct.error) as error:
            self.close()
            raise PresenceUnavailable(f"the Wayland compositor did not answer ({error})") from error
        self._socket.setblocking(False)

    # -- public -------------------------------------------------------------------

    def fileno(self) -> int:
        return self._socket.fileno()

    def idle_seconds(self) -> float:
        """Seconds without input as far as the protocol tells: 0 until "idle" came."""
        if self.idle_since is None:
            return 0.0
        return self.timeout_seconds + (time.monotonic() - self.idle_since)

    def set_timeout(self, timeout_seconds: float) -> None:
        """A new threshold: a new notification object (the protocol fixes it per object)."""
        if timeout_seconds == self.timeout_seconds and self._notification:
            return
        self.timeout_seconds = timeout_seconds
        self._release_notification()
        self._create_notification()
        self._flush()

    def dispatch(self) -> bool:
        """Read what the compositor sent; True if the idle state changed."""
        try:
            chunk = self._socket.recv(4096)
        except BlockingIOError:
            return False
        except OSError as error:
            raise PresenceUnavailable(f"the Wayland connection broke ({error})") from error
        if not chunk:
            raise PresenceUnavailable("the Wayland compositor closed the connection")
        self._buffer += chunk
        return self._handle_buffered()

    def close(self) -> None:
        self._socket.close()  # (never raises for a socket object)

    # -- protocol -----------------------------------------------------------------

    def _new_id(self) -> int:
        new, self._next_id = self._next_id, self._next_id + 1
        return new

    def _send(self, object_id: int, opcode: int, payload: bytes = b"") -> None:
        size = 8 + len(payload)
        self._out += struct.pack("<II", object_id, (size << 16) | opcode) + payload

    def _flush(self) -> None:
        data, self._out = self._out, b""
        if data:
            self._socket.sendall(data)

    def _setup(self) -> None:
        self._registry = self._new_id()
        self._send(_DISPLAY, _GET_REGISTRY, struct.pack("<I", self._registry))
        self._roundtrip()
        if "wl_seat" not in self._globals:
            raise PresenceUnavailable("the Wayland compositor has no seat")
        if EXT_NOTIFIER in self._globals:
            self.protocol = EXT_NOTIFIER
        elif KDE_IDLE in self._globals:
            self.protocol = KDE_IDLE
        else:
            raise PresenceUnavailable(
                "the Wayland compositor offers no idle protocol (ext-idle-notify-v1, KDE idle)"
            )
        self._seat = self._bind("wl_seat", 1)
        self._notifier = self._bind(self.protocol, 1)
        self._create_notification()
        self._roundtrip()

    def _bind(self, interface: str, version: int) -> int:
        name, offered = self._globals[interface]
        new = self._new_id()
        payload = (
            struct.pack("<I", name)
            + _string(interface)
            + struct.pack("<II", min(version, offered), new)
        )
        self._send(self._registry, _BIND, payload)
        return new

    def _create_notification(self) -> None:
        new = self._new_id()
        timeout_ms = max(1, int(self.timeout_seconds * 1000))
        if self.protocol == EXT_NOTIFIER:
            payload = struct.pack("<III", new, timeout_ms, self._seat)
            self._send(self._notifier, _EXT_GET_NOTIFICATION, payload)
        else:
            payload = struct.pack("<III", new, self._seat, timeout_ms)
            self._send(self._notifier, _KDE_GET_TIMEOUT, payload)
        self._notification = new
        self.idle_since = None

    def _release_notification(self) -> None:
        if self._notification:
            self._send(self._notification, 0)  # destroy / release
            self._notification = 0

    def _roundtrip(self) -> None:
        """Send what is queued and read until the compositor has answered all of it."""
        callback = self._new_id()
        self._send(_DISPLAY, _SYNC, struct.pack("<I", callback))
        self._flush()
        self._synced = 0
        while self._synced != callback:
            chunk = self._socket.recv(4096)
            if not chunk:
                raise PresenceUnavailable("the Wayland compositor closed the connection")
            self._buffer += chunk
            self._handle_buffered(callback)

    def _handle_buffered(self, callback: int = 0) -> bool:
        changed = False
        while len(self._buffer) >= 8:
            object_id, word = struct.unpack_from("<II", self._buffer)
            size, opcode = word >> 16, word & 0xFFFF
            if size < 8 or len(self._buffer) < size:
                break
            payload, self._buffer = self._buffer[8:size], self._buffer[size:]
            if object_id == _DISPLAY and opcode == _ERROR:
                _obj, code = struct.unpack_from("<II", payload)
                message, _ = _read_string(payload, 8)
                raise PresenceUnavailable(f"Wayland protocol error {code}: {message}")
            if object_id == self._registry and opcode == _GLOBAL:
                (name,) = struct.unpack_from("<I", payload)
                interface, end = _read_string(payload, 4)
                (version,) = struct.unpack_from("<I", payload, end)
                self._globals[interface] = (name, version)
            elif callback and object_id == callback:
                self._synced = callback
            elif object_id == self._notification and self._notification:
                if opcode == _IDLED and self.idle_since is None:
                    self.idle_since = time.monotonic()
                    changed = True
                elif opcode == _RESUMED and self.idle_since is not None:
                    self.idle_since = None
                    changed = True
        return changed


class WaylandIdleSource:
    """Presence from the compositor's idle protocol, told through Qt's event loop."""

    name = "wayland-idle"
    #: The compositor says when the idle threshold is crossed: no timer aimed at it.
    tells_idle = True

    def __init__(self, timeout_seconds: float = 300.0) -> None:
        from PySide6.QtCore import QSocketNotifier

        self._client = WaylandIdleClient(timeout_seconds)
        self._on_change: Callable[[], None] | None = None
        self._broken: PresenceUnavailable | None = None
        self._notifier = QSocketNotifier(self._client.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._readable)

    @property
    def protocol(self) -> str:
        return self._client.protocol

    def set_idle_timeout(self, seconds: float) -> None:
        """Follow `away_after_minutes`: "idle" is said after exactly that long."""
        if seconds > 0:
            self._client.set_timeout(seconds)

    def read(self) -> PresenceSignal:
        if self._broken is not None:
            raise self._broken
        return PresenceSignal(idle_seconds=self._client.idle_seconds())

    def watch(self, on_change: Callable[[], None]) -> None:
        self._on_change = on_change

    def expect_return(self) -> bool:
        """The compositor says "resumed" at the next input: no need to poll."""
        return self._broken is None

    def close(self) -> None:
        self._notifier.setEnabled(False)
        self._client.close()

    def _readable(self) -> None:
        try:
            changed = self._client.dispatch()
        except PresenceUnavailable as error:
            self._broken = error
            self._notifier.setEnabled(False)
            changed = True  # the monitor reads, fails and falls back
        if changed and self._on_change is not None:
            self._on_change()
