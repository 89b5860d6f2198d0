"""Desktop notifications straight to `org.freedesktop.Notifications` on the session bus.

Buttons (actions) and the clicks that come back (`ActionInvoked`), urgency,
`replaces_id` (one notification per thing: a new one with the same tag
replaces the last), the `desktop-entry` hint (so the desktop groups them under
FocusDesk's icon), `category`, and `suppress-sound` (FocusDesk plays its own;
when it cannot, the server is asked for a sound instead). The server's
capabilities are read once; without "actions" the buttons are left out and the
body names where the same choice lives.

The messages go through jeepney, not QtDBus: PySide6 cannot marshal a D-Bus
`uint32` (replaces_id) or `byte` (urgency) — every Python int becomes an
`int32` or a `uint16` — and servers reject a `Notify` with the wrong
signature. jeepney takes the signature as written. Its socket is watched by a
`QSocketNotifier`, so clicks arrive on the Qt event loop.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from focusdesk.core.notifications import PLAIN, NotificationDetails, Urgency
from focusdesk.core.ports import NotificationFailed

SERVICE = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
APP_NAME = "FocusDesk"
#: The application id from packaging/ (desktop file and icon name).
APP_ID = "io.github.focusdesk.FocusDesk"
#: Asked of the server when FocusDesk's own sound cannot play (freedesktop sound naming).
FALLBACK_SOUND = "alarm-clock-elapsed"
CALL_TIMEOUT_SECONDS = 3.0

_log = logging.getLogger(__name__)

#: (member, body) of a signal from the notification server.
SignalHandler = Callable[[str, tuple[Any, ...]], None]


class NotificationBus(Protocol):
    """The few things the notifier needs from a session-bus connection."""

    def call(self, member: str, signature: str, body: tuple[Any, ...]) -> tuple[Any, ...]:
        """Call `member` on the notification server; the reply's body. Raises on any failure."""
        ...

    def on_signal(self, handler: SignalHandler) -> None:
        """Have `handler(member, body)` called for the server's signals, on the event loop."""
        ...

    def close(self) -> None: ...


class FreedesktopNotifier:
    """Shows notifications through the desktop's notification server, buttons included.

    `on_action(tag, key)` is called when the user clicks a button (or the
    notification itself, for its `default_action`) on a notification this
    notifier showed. Whether the click still means something is not decided
    here (see `core.notifications.NotificationActions`).
    """

    def __init__(
        self,
        on_action: Callable[[str, str], None],
        open_bus: Callable[[], NotificationBus] | None = None,
    ) -> None:
        self._on_action = on_action
        self._open_bus = open_bus or JeepneyNotificationBus.open
        self._bus: NotificationBus | None = None
        self._capabilities: frozenset[str] | None = None
        self._id_by_tag: dict[str, int] = {}
        self._shown: dict[int, tuple[str, str]] = {}  # id → (tag, default action key)

    def capabilities(self) -> frozenset[str]:
        """What the server says it can do ("actions", "body", "sound", …); read once."""
        if self._capabilities is None:
            reply = self._call("GetCapabilities", "", ())
            self._capabilities = frozenset(str(c) for c in (reply[0] if reply else []))
            _log.info("notification server capabilities: %s", sorted(self._capabilities))
        return self._capabilities

    @property
    def shows_buttons(self) -> bool:
        """True when the server shows actions (known only after the first notification)."""
        return self._capabilities is not None and "actions" in self._capabilities

    def notify(self, title: str, body: str, details: NotificationDetails = PLAIN) -> None:
        """Send one notification; raise `NotificationFailed` when the server cannot be reached."""
        capabilities = self.capabilities()
        actions: list[str] = []
        if details.actions and "actions" in capabilities:
            for action in details.actions:
                actions += [action.key, action.label]
            default = next((a for a in details.actions if a.key == details.default_action), None)
            if default is not None:
                actions += ["default", default.label]
        else:
            body = details.body_without_buttons(body)
        hints: dict[str, tuple[str, Any]] = {
            "urgency": ("y", int(details.urgency)),
            "desktop-entry": ("s", APP_ID),
        }
        if details.category:
            hints["category"] = ("s", details.category)
        if details.sound_failed and "sound" in capabilities:
            hints["sound-name"] = ("s", FALLBACK_SOUND)
        else:
            hints["suppress-sound"] = ("b", True)
        replaces = self._id_by_tag.get(details.tag, 0) if details.tag else 0
        # A critical notification stays until the user acts; the rest follow the server.
        expire = 0 if details.urgency is Urgency.CRITICAL else -1
        reply = self._call(
            "Notify",
            "susssasa{sv}i",
            (APP_NAME, replaces, APP_ID, title, body, actions, hints, expire),
        )
        notification_id = int(reply[0])
        if replaces and replaces != notification_id:
            self._shown.pop(replaces, None)
        if details.tag:
            self._id_by_tag[details.tag] = notification_id
            self._shown[notification_id] = (details.tag, details.default_action)

    def close(self) -> None:
        """Drop the bus connection (at quit)."""
        if self._bus is not None:
            self._bus.close()
            self._bus = None

    # ------------------------------------------------------------------ internals

    def _call(self, member: str, signature: str, body: tuple[Any, ...]) -> tuple[Any, ...]:
        try:
            if self._bus is None:
                bus = self._open_bus()
                bus.on_signal(self._signal)
                self._bus = bus
            return self._bus.call(member, signature, body)
        except NotificationFailed:
            self._forget_bus()
            raise
        except Exception as error:  # a bus fails in many ways; each is "not delivered"
            self._forget_bus()
            raise NotificationFailed(f"{member} on {SERVICE} failed: {error}") from error

    def _forget_bus(self) -> None:
        # The next notification reconnects and asks again (the server may have changed).
        if self._bus is not None:
            with contextlib.suppress(OSError):
                self._bus.close()
        self._bus = None
        self._capabilities = None
        self._id_by_tag.clear()
        self._shown.clear()

    def _signal(self, member: str, body: tuple[Any, ...]) -> None:
        if member == "ActionInvoked" and len(body) == 2:
            notification_id, key = int(body[0]), str(body[1])
            shown = self._shown.get(notification_id)
            if shown is None:
                return  # another application's notification
            tag, default = shown
            if key == "default":
                if not default:
                    return
                key = default
            try:
                self._on_action(tag, key)
            except Exception:
                _log.exception("a notification action failed")
        elif member == "NotificationClosed" and body:
            notification_id = int(body[0])
            shown = self._shown.pop(notification_id, None)
            if shown is not None and self._id_by_tag.get(shown[0]) == notification_id:
                del self._id_by_tag[shown[0]]


class JeepneyNotificationBus:
    """A session-bus connection of its own, its incoming signals read on the Qt event loop."""

    def __init__(self, connection: Any) -> None:
        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus
        from PySide6.QtCore import QSocketNotifier

        self._connection = connection
        self._handler: SignalHandler | None = None
        # Signals that arrive while a call waits for its reply are kept here.
        self._signals: deque[Any] = deque()
        local_rule = MatchRule(type="signal", interface=INTERFACE, path=OBJECT_PATH)
        self._filter = connection.filter(local_rule, queue=self._signals)
        # The bus delivers only what the server itself emits (sender resolves to its owner).
        bus_rule = MatchRule(type="signal", sender=SERVICE, interface=INTERFACE, path=OBJECT_PATH)
        connection.send_and_get_reply(message_bus.AddMatch(bus_rule), timeout=CALL_TIMEOUT_SECONDS)
        self._watcher = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read)
        self._watcher.activated.connect(self._pump)

    @classmethod
    def open(cls) -> JeepneyNotificationBus:
        """Connect to the session bus; raise `NotificationFailed` when there is none."""
        try:
            from jeepney.io.blocking import open_dbus_connection
        except ImportError as error:
            raise NotificationFailed("jeepney is not installed") from error
        try:
            connection = open_dbus_connection(bus="SESSION")
        except (OSError, KeyError, TimeoutError, ValueError) as error:
            raise NotificationFailed(f"no session bus: {error}") from error
        return cls(connection)

    def on_signal(self, handler: SignalHandler) -> None:
        self._handler = handler

    def call(self, member: str, signature: str, body: tuple[Any, ...]) -> tuple[Any, ...]:
        from jeepney import DBusAddress, MessageType, new_method_call

        address = DBusAddress(OBJECT_PATH, bus_name=SERVICE, interface=INTERFACE)
        message = new_method_call(address, member, signature or None, body)
        reply = self._connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_SECONDS)
        # Signals read while waiting sit in the queue: hand them out once this call is done.
        if self._signals:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self._deliver)
        if reply.header.message_type is MessageType.error:
            detail = reply.body[0] if reply.body else reply.header.fields
            raise NotificationFailed(f"{member} refused: {detail}")
        return tuple(reply.body)

    def close(self) -> None:
        self._watcher.setEnabled(False)
        self._filter.close()
        self._connection.close()

    def _pump(self) -> None:
        from focusdesk.shell.desktop.system_bus import read_waiting

        read_waiting(self._connection, self._watcher, "notification bus", _log)
        self._deliver()

    def _deliver(self) -> None:
        while self._signals:
            message = self._signals.popleft()
            member = message.header.fields.get(_member_field())
            if self._handler is not None and member:
                self._handler(str(member), tuple(message.body))


def _member_field() -> Any:
    from jeepney import HeaderFields

    return HeaderFields.member
