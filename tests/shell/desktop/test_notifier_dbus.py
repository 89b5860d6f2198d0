"""The real notification path, outside the e2e layer: the service check and plyer's call.

On a private session bus (`dbus-run-session`) with no notification server the
check says no and `PlyerNotifier` refuses; once the e2e tests' capture server
owns `org.freedesktop.Notifications`, the same notifier's real plyer call
(`notify-send` underneath) delivers the title and the body.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CAPTURE = Path(__file__).resolve().parents[2] / "e2e" / "notification_capture.py"
TOOLS = ("dbus-run-session", "dbus-daemon", "notify-send")

SCENARIO = textwrap.dedent(
    """
    import json, subprocess, sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from focusdesk.core.ports import NotificationFailed
    from focusdesk.shell.desktop.notifier import PlyerNotifier, notification_service_available

    capture, output = sys.argv[1], Path(sys.argv[2])
    app = QCoreApplication([])
    report = {"before": notification_service_available()}
    try:
        PlyerNotifier().notify("lost", "nobody listens")
        report["refused"] = ""
    except NotificationFailed as error:
        report["refused"] = str(error)
    server = subprocess.Popen(
        [sys.executable, capture, "--output", str(output)], stdout=subprocess.PIPE, text=True
    )
    try:
        report["server"] = server.stdout.readline().strip()  # "ready": it owns the name
        report["after"] = notification_service_available()
        PlyerNotifier().notify("Hard stop", "Time to close the day — 18:30")
        # notify-send returns once the server has answered Notify: the line is written.
        report["captured"] = [json.loads(line) for line in output.read_text().splitlines()]
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(report))
    """
)


@pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason=f"needs {', '.join(TOOLS)} (scripts/system-packages.txt)",
)
def test_the_service_check_and_the_plyer_call_against_a_real_bus(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            "dbus-run-session",
            "--",
            sys.executable,
            "-c",
            SCENARIO,
            str(CAPTURE),
            str(tmp_path / "notifications.jsonl"),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["before"] is False
    assert "no notification server" in report["refused"]
    assert report["server"] == "ready"
    assert report["after"] is True
    [notification] = report["captured"]
    assert notification["summary"] == "Hard stop"
    assert notification["body"] == "Time to close the day — 18:30"
    assert notification["app_name"] == "FocusDesk"
