"""logind over jeepney: the sleep watcher and the lock hint against a fake logind on a real bus.

`dbus-run-session` gives a private bus, used as the system bus too; the e2e
tests' fake logind owns `org.freedesktop.login1` there. The app's side runs in
that session as it does in FocusDesk: one jeepney connection, its signals read
by a QSocketNotifier on the Qt event loop — and QtDBus is never loaded.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

FAKE_LOGIND = Path(__file__).resolve().parents[2] / "e2e" / "fake_logind.py"
TOOLS = ("dbus-run-session", "dbus-daemon")

SCENARIO = textwrap.dedent(
    """
    import json, os, subprocess, sys
    os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = os.environ["DBUS_SESSION_BUS_ADDRESS"]
    from PySide6.QtCore import QCoreApplication, QTimer
    from focusdesk.shell.desktop.presence.logind_lock import LogindLock
    from focusdesk.shell.desktop.system_bus import system_bus
    from focusdesk.shell.desktop.ticker import SleepWatcher

    app = QCoreApplication([])
    fake = subprocess.Popen([sys.executable, sys.argv[1]], stdout=subprocess.PIPE, text=True)
    report = {"fake": fake.stdout.readline().strip()}
    seen = []
    try:
        watcher = SleepWatcher()
        watcher.going_to_sleep.connect(lambda: seen.append("sleep"))
        watcher.resumed.connect(lambda: seen.append("resume"))
        lock = LogindLock()
        report["watch"] = watcher.watch()
        report["lock_started"] = lock.start(lambda: seen.append(f"locked={lock.locked}"))
        report["locked_at_start"] = lock.locked

        def control(member, value):
            system_bus().call(
                "org.focusdesk.test.LogindControl", "/control",
                "org.focusdesk.test.LogindControl", member, "b", (value,),
            )

        steps = [("Sleep", True), ("Sleep", False), ("SetLocked", True), ("SetLocked", False)]

        def next_step():
            if steps:
                control(*steps.pop(0))
                QTimer.singleShot(100, next_step)
            else:
                QTimer.singleShot(300, app.quit)

        QTimer.singleShot(0, next_step)
        QTimer.singleShot(10_000, app.quit)
        app.exec()
        report["seen"] = seen
        report["qtdbus"] = "PySide6.QtDBus" in sys.modules
    finally:
        fake.terminate()
        fake.wait(timeout=30)
    print(json.dumps(report))
    """
)


@pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason=f"needs {', '.join(TOOLS)} (scripts/system-packages.txt)",
)
def test_sleep_resume_and_the_lock_hint_arrive_as_logind_sends_them() -> None:
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-c", SCENARIO, str(FAKE_LOGIND)],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report == {
        "fake": "ready",
        "watch": True,
        "lock_started": True,
        "locked_at_start": False,
        "seen": ["sleep", "resume", "locked=True", "locked=False"],
        "qtdbus": False,
    }, done.stderr


class StandInConnection:
    """Gives `waiting` messages, then what a real connection does when none is left."""

    def __init__(self, waiting: int, then: Exception) -> None:
        self.waiting = waiting
        self.then = then
        self.reads = 0

    def recv_messages(self, timeout: float) -> None:
        assert timeout == 0  # never blocks the event loop
        self.reads += 1
        if self.reads > self.waiting:
            raise self.then


class StandInWatcher:
    def __init__(self) -> None:
        self.enabled = True

    def setEnabled(self, enabled: bool) -> None:
        self.enabled = enabled


def test_waiting_messages_are_all_read_and_a_lost_connection_is_said_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging

    from focusdesk.shell.desktop.system_bus import read_waiting

    log = logging.getLogger("focusdesk.test.bus")
    connection, watcher = StandInConnection(3, TimeoutError()), StandInWatcher()
    read_waiting(connection, watcher, "system bus", log)
    assert connection.reads == 4 and watcher.enabled and caplog.text == ""
    gone = StandInConnection(1, ConnectionResetError("peer closed"))
    read_waiting(gone, watcher, "notification bus", log)
    assert gone.reads == 2 and not watcher.enabled
    assert "notification bus connection lost: peer closed" in caplog.text
