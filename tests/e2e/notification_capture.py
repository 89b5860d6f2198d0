"""A fake desktop notification server for the e2e tests, and the reader of what it caught.

Run as a program on a private session bus, it owns `org.freedesktop.Notifications`
and appends one JSON line per Notify call to the output file:

    python notification_capture.py --output notifications.jsonl [--without actions]

It prints `ready` once it owns the name. Tests read the file with
`CapturedNotifications`. `notify-send` (plyer's Linux back-end in a virtualenv)
needs GetServerInformation and GetCapabilities besides Notify. To let a test
"click" a notification, the server also exports
`org.focusdesk.NotificationCapture.InvokeAction(id, key)` at
`/org/focusdesk/NotificationCapture`, which emits ActionInvoked and
NotificationClosed as a real server would — from the server's own connection, so a
client that listens only to the server's signals hears it. Each record keeps the
actions (flat key/label list), hints (urgency, desktop-entry, category,
suppress-sound, …) and replaces_id as sent; `--without CAPABILITY` takes one out
of GetCapabilities (a server without "actions" shows no buttons).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
CONTROL_PATH = "/org/focusdesk/NotificationCapture"
CONTROL_INTERFACE = "org.focusdesk.NotificationCapture"
CLOSED_BY_CALL = 3
CLOSED_BY_USER = 2

Notification = dict[str, Any]


class CapturedNotifications:
    """The notifications captured since `start_offset` bytes into the capture file."""

    def __init__(self, path: Path, bus_env: dict[str, str], start_offset: int = 0) -> None:
        self.path = path
        self._bus_env = bus_env
        self._start_offset = start_offset

    def all(self) -> list[Notification]:
        """Every notification received so far (since the test began), oldest first."""
        if not self.path.exists():
            return []
        with self.path.open("rb") as file:
            file.seek(self._start_offset)
            lines = file.read().decode().splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def wait_for(
        self,
        predicate: Callable[[Notification], bool] = lambda _: True,
        timeout: float = 15.0,
    ) -> Notification:
        """The first notification matching `predicate`, polling until `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        while True:
            for notification in self.all():
                if predicate(notification):
                    return notification
            if time.monotonic() > deadline:
                seen = json.dumps(self.all(), indent=1) or "none"
                raise AssertionError(f"no matching notification within {timeout} s; seen: {seen}")
            time.sleep(0.05)

    def invoke_action(self, notification_id: int, action_key: str = "default") -> None:
        """Act as if the user clicked `action_key` on the notification."""
        subprocess.run(
            [
                "dbus-send",
                "--session",
                "--print-reply",
                f"--dest={SERVICE}",
                CONTROL_PATH,
                f"{CONTROL_INTERFACE}.InvokeAction",
                f"uint32:{notification_id}",
                f"string:{action_key}",
            ],
            env=self._bus_env,
            check=True,
            capture_output=True,
            timeout=10,
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, bytes | bytearray):
        return value.decode(errors="replace")
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return repr(value)


CAPABILITIES = ("actions", "body", "body-markup", "icon-static", "persistence", "sound")


def urgency(notification: Notification) -> int:
    """The notification's urgency (0 low, 1 normal, 2 critical; normal when not given)."""
    return int(notification["hints"].get("urgency", 1))


def action_labels(notification: Notification) -> dict[str, str]:
    """The notification's actions as {key: label}."""
    flat = notification["actions"]
    return dict(zip(flat[::2], flat[1::2], strict=True))


def serve(output: Path, without: frozenset[str] = frozenset()) -> int:
    """Own the notification service on the session bus until terminated."""
    from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Signal, Slot
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    bus = QDBusConnection.sessionBus()

    @ClassInfo({"D-Bus Interface": SERVICE})
    class NotificationServer(QObject):
        NotificationClosed = Signal("uint", "uint")
        ActionInvoked = Signal("uint", str)

        def __init__(self) -> None:
            super().__init__()
            self._last_id = 0

        @Slot(result="QStringList")
        def GetCapabilities(self) -> list[str]:
            return [c for c in CAPABILITIES if c not in without]

        @Slot(QDBusMessage)
        def GetServerInformation(self, message: QDBusMessage) -> None:
            # Four out-arguments (name, vendor, version, spec): a slot can only
            # return one, so reply by hand.
            message.setDelayedReply(True)
            reply = message.createReply()
            reply.setArguments(["focusdesk-test-capture", "FocusDesk", "1.0", "1.2"])
            bus.send(reply)

        @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
        def Notify(
            self,
            app_name: str,
            replaces_id: int,
            app_icon: str,
            summary: str,
            body: str,
            actions: list[str],
            hints: dict[str, Any],
            expire_timeout: int,
        ) -> int:
            self._last_id += 1
            notification_id = replaces_id or self._last_id
            record = {
                "id": notification_id,
                "app_name": app_name,
                "replaces_id": replaces_id,
                "app_icon": app_icon,
                "summary": summary,
                "body": body,
                "actions": list(actions),
                "hints": _jsonable(dict(hints)),
                "timeout": expire_timeout,
            }
            with output.open("a", encoding="utf-8") as file:
                file.write(json.dumps(record) + "\n")
            return notification_id

        @Slot("uint")
        def CloseNotification(self, notification_id: int) -> None:
            self.NotificationClosed.emit(notification_id, CLOSED_BY_CALL)

    @ClassInfo({"D-Bus Interface": CONTROL_INTERFACE})
    class CaptureControl(QObject):
        def __init__(self, server: NotificationServer) -> None:
            super().__init__()
            self._server = server

        @Slot("uint", str)
        def InvokeAction(self, notification_id: int, action_key: str) -> None:
            self._server.ActionInvoked.emit(notification_id, action_key)
            self._server.NotificationClosed.emit(notification_id, CLOSED_BY_USER)

    app = QCoreApplication([])
    server = NotificationServer()
    control = CaptureControl(server)
    options = (
        QDBusConnection.RegisterOption.ExportAllSlots
        | QDBusConnection.RegisterOption.ExportAllSignals
    )
    if not bus.isConnected():
        print(f"notification_capture: no session bus: {bus.lastError().message()}", file=sys.stderr)
        return 1
    if not (
        bus.registerObject(PATH, server, options)
        and bus.registerObject(CONTROL_PATH, control, options)
    ):
        print("notification_capture: cannot register the D-Bus objects", file=sys.stderr)
        return 1
    if not bus.registerService(SERVICE):
        print(f"notification_capture: {SERVICE} is already owned on this bus", file=sys.stderr)
        return 1
    output.touch()
    print("ready", flush=True)
    return app.exec()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True, help="JSON-lines file to append to")
    parser.add_argument(
        "--without", action="append", default=[], help="a capability not to announce"
    )
    arguments = parser.parse_args()
    return serve(arguments.output, frozenset(arguments.without))


if __name__ == "__main__":
    sys.exit(main())
