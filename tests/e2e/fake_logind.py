"""A stand-in for logind's session lock on the test bus (used as the system bus).

Owns `org.freedesktop.login1` with `Manager.GetSession("auto")` and one session
whose `LockedHint` property the test flips through `/control`
(`org.focusdesk.test.LogindControl.SetLocked(b)`), which also sends
`PropertiesChanged` as logind does; `Sleep(b)` sends the manager's
`PrepareForSleep(b)` as logind does before a suspend (true) and after it (false). Prints "ready"; runs until terminated.
"""

from __future__ import annotations

import sys

SESSION_PATH = "/org/freedesktop/login1/session/_1"


def serve() -> int:
    from PySide6.QtCore import ClassInfo, Property, QCoreApplication, QObject, Slot
    from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusObjectPath

    bus = QDBusConnection.systemBus()

    @ClassInfo({"D-Bus Interface": "org.freedesktop.login1.Manager"})
    class Manager(QObject):
        @Slot(str, result=QDBusObjectPath)
        def GetSession(self, session_id: str) -> QDBusObjectPath:
            assert session_id == "auto"
            return QDBusObjectPath(SESSION_PATH)

    @ClassInfo({"D-Bus Interface": "org.freedesktop.login1.Session"})
    class Session(QObject):
        def __init__(self) -> None:
            super().__init__()
            self._locked = False

        def _get(self) -> bool:
            return self._locked

        LockedHint = Property(bool, _get)

    @ClassInfo({"D-Bus Interface": "org.focusdesk.test.LogindControl"})
    class Control(QObject):
        @Slot(bool)
        def SetLocked(self, locked: bool) -> None:
            session._locked = locked
            signal = QDBusMessage.createSignal(
                SESSION_PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged"
            )
            signal.setArguments(["org.freedesktop.login1.Session", {"LockedHint": locked}, []])
            bus.send(signal)

        @Slot(bool)
        def Sleep(self, going: bool) -> None:
            signal = QDBusMessage.createSignal(
                "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep"
            )
            signal.setArguments([going])
            bus.send(signal)

    app = QCoreApplication([])
    manager, session, control = Manager(), Session(), Control()
    options = (
        QDBusConnection.RegisterOption.ExportAllSlots
        | QDBusConnection.RegisterOption.ExportAllProperties
    )
    if not (
        bus.registerObject("/org/freedesktop/login1", manager, options)
        and bus.registerObject(SESSION_PATH, session, options)
        and bus.registerObject("/control", control, options)
        and bus.registerService("org.freedesktop.login1")
        and bus.registerService("org.focusdesk.test.LogindControl")
    ):
        print("fake_logind: cannot own the services", file=sys.stderr)
        return 1
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(serve())
