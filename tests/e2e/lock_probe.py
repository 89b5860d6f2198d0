"""Follows logind's LockedHint the way FocusDesk does and reports each change.

Prints "locked=<b>" after start-up (or "no logind"), then one line per
change; exits 0 after the first change, 1 after 15 s without one.
"""

from __future__ import annotations

import sys


def main() -> int:
    from PySide6.QtCore import QCoreApplication, QTimer

    from focusdesk.shell.desktop.presence.logind_lock import LogindLock

    app = QCoreApplication([])
    lock = LogindLock()
    code = {"value": 1}

    def changed() -> None:
        print(f"changed locked={lock.locked}", flush=True)
        code["value"] = 0
        app.quit()

    if not lock.start(changed):
        print("no logind", flush=True)
        return 2
    print(f"locked={lock.locked}", flush=True)
    QTimer.singleShot(15_000, app.quit)
    app.exec()
    return code["value"]


if __name__ == "__main__":
    sys.exit(main())
