"""Reads one presence source the way the app does, in its own process, and reports.

`python presence_probe.py mutter|screensaver`: prints the first signal read
(`idle=<s> locked=<b>`), asks to hear of the user's return where the source
can tell, and prints "changed" when the source says something changed
(exits 0), or "timeout" after 15 s (exits 1).
"""

from __future__ import annotations

import sys


def main(name: str) -> int:
    from PySide6.QtCore import QCoreApplication, QTimer

    from focusdesk.core.presence import PresenceUnavailable
    from focusdesk.shell.desktop.presence.dbus_idle import (
        FreedesktopScreenSaverSource,
        MutterIdleSource,
    )

    app = QCoreApplication([])
    try:
        source = MutterIdleSource() if name == "mutter" else FreedesktopScreenSaverSource()
    except PresenceUnavailable as error:
        print(f"unavailable: {error}", flush=True)
        return 2
    outcome = {"code": 1}

    def changed() -> None:
        signal = source.read()
        print(f"changed idle={signal.idle_seconds:.1f} locked={signal.locked}", flush=True)
        outcome["code"] = 0
        app.quit()

    source.watch(changed)
    signal = source.read()
    print(f"idle={signal.idle_seconds:.1f} locked={signal.locked}", flush=True)
    expect_return = getattr(source, "expect_return", None)
    if expect_return is not None:
        print(f"expects return: {expect_return()}", flush=True)
    QTimer.singleShot(15_000, app.quit)
    app.exec()
    if outcome["code"]:
        print("timeout", flush=True)
    source.close()
    return outcome["code"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
