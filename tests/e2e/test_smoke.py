"""The end-to-end layer proves itself: the real app shows its tray icon, and a
notification sent through the app's notifier reaches the desktop's server."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.e2e

SEND_THROUGH_APP_NOTIFIER = (
    "import sys\n"
    "from focusdesk.shell.desktop.notifier import PlyerNotifier\n"
    "PlyerNotifier().notify(sys.argv[1], sys.argv[2])\n"
)


def test_the_app_process_starts_and_its_icon_is_embedded_in_the_tray_host(
    launch_app, e2e_env, tray_icon_window, screenshot
):
    app = launch_app("--data-dir", e2e_env["FOCUSDESK_DATA_DIR"], "run")

    icon = tray_icon_window(app)

    screenshot("tray")
    app.assert_running()
    # trayer gives an icon at most its 32 px height; a zero-sized window is not a visible icon.
    assert 0 < icon.width <= 64 and 0 < icon.height <= 32, icon
    assert icon.y < 32, f"the icon is not in the top panel: {icon}"


def test_a_notification_sent_through_the_apps_notifier_is_captured_with_title_and_body(
    e2e_env, notifications
):
    title, body = "Focus block done", "Take a 10-minute buffer — stand up, look away."

    sent = subprocess.run(
        [sys.executable, "-c", SEND_THROUGH_APP_NOTIFIER, title, body],
        env=e2e_env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert sent.returncode == 0, sent.stderr
    captured = notifications.wait_for(lambda n: n["summary"] == title)
    assert captured["body"] == body
    assert captured["app_name"] == "FocusDesk"
