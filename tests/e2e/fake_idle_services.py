"""Stand-ins for GNOME's idle monitor and the freedesktop screen saver on the test bus.

`python fake_idle_services.py` owns `org.gnome.Mutter.IdleMonitor` and
`org.freedesktop.ScreenSaver` on the session bus until terminated, prints
"ready", and obeys a control interface (`org.focusdesk.test.IdleControl` at
/control): `Input()` (idle back to 0, user-active watches fire), `SetLocked(b)`
(ActiveChanged), `SetIdleSeconds(u)`. Only the methods FocusDesk calls.
"""

from __future__ import annotations

import sys
import time

MUTTER = "org.gnome.Mutter.IdleMonitor"
MUTTER_PATH = "/org/gnome/Mutter/IdleMonitor/Core"
SCREENSAVER = "org.freedesktop.ScreenSaver"
SCREENSAVER_PATH = "/org/freedesktop/ScreenSaver"
CONTROL = "org.focusdesk.test.IdleControl"


def serve() -> int:
    from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Signal, Slot
    from PySide6.QtDBus import QDBusConnection

    bus = QDBusConnection.sessionBus()
    state = {"last_input": time.monotonic(), "locked": False, "next_watch": 0}
    active_watches: set[int] = set()

    def idle_ms() -> int:
        return int((time.monotonic() - state["last_input"]) * 1000)

    @ClassInfo({"D-Bus Interface": MUTTER})
    class IdleMonitor(QObject):
        WatchFired = Signal("uint")

        @Slot(result="qulonglong")
        def GetIdletime(self) -> int:
            return idle_ms()

        @Slot(result="uint")
        def AddUserActiveWatch(self) -> int:
            state["next_watch"] += 1
            active_watches.add(state["next_watch"])
            return state["next_watch"]

        @Slot("uint")
        def RemoveWatch(self, watch_id: int) -> None:
            active_watches.discard(watch_id)

    @ClassInfo({"D-Bus Interface": SCREENSAVER})
    class ScreenSaver(QObject):
        ActiveChanged = Signal(bool)

        @Slot(result=bool)
        def GetActive(self) -> bool:
            return bool(state["locked"])

        @Slot(result="uint")
        def GetSessionIdleTime(self) -> int:
            return idle_ms()

    @ClassInfo({"D-Bus Interface": CONTROL})
    class Control(QObject):
        @Slot()
        def Input(self) -> None:
            state["last_input"] = time.monotonic()
            for watch_id in sorted(active_watches):
                monitor.WatchFired.emit(watch_id)
            active_watches.clear()

        @Slot(bool)
        def SetLocked(self, locked: bool) -> None:
            state["locked"] = locked
            saver.ActiveChanged.emit(locked)

        @Slot("uint")
        def SetIdleSeconds(self, seconds: int) -> None:
            state["last_input"] = time.monotonic() - seconds

    app = QCoreApplication([])
    monitor, saver, control = IdleMonitor(), ScreenSaver(), Control()
    options = (
        QDBusConnection.RegisterOption.ExportAllSlots
        | QDBusConnection.RegisterOption.ExportAllSignals
    )
    if not (
        bus.registerObject(MUTTER_PATH, monitor, options)
        and bus.registerObject(SCREENSAVER_PATH, saver, options)
        and bus.registerObject("/control", control, options)
        and bus.registerService(MUTTER)
        and bus.registerService(SCREENSAVER)
        and bus.registerService(CONTROL)
    ):
        print("fake_idle_services: cannot own the services", file=sys.stderr)
        return 1
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(serve())
