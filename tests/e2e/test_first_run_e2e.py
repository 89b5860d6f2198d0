"""A first run welcomes the user in a window next to the tray icon, once."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from virtual_desktop import poll_until

pytestmark = pytest.mark.e2e


def visible_windows(env: dict[str, str], name: str) -> list[str]:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", name],
        env=env,
        capture_output=True,
        text=True,
        timeout=10,
    )
    return found.stdout.split()


def test_the_first_launch_shows_the_welcome_and_the_second_does_not(
    launch_app, e2e_env, tray_icon_window, screenshot, focusdesk_cli
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    assert not (data / "settings.toml").exists()
    app = launch_app("run")
    tray_icon_window(app)
    poll_until(
        lambda: visible_windows(e2e_env, "Welcome to FocusDesk") or None,
        15,
        "the welcome window",
    )
    time.sleep(1.5)  # mapped is not yet painted: give it a moment, as a user would
    shot = screenshot("welcome")
    assert shot.exists()
    assert (data / "settings.toml").exists()  # told once: the next start is not a first run
    app.stop()

    again = launch_app("run")
    tray_icon_window(again)
    # `status` answers once start-up is complete (the welcome would be up by then).
    poll_until(lambda: focusdesk_cli("status").returncode == 0 or None, 20, "the app to answer")
    assert visible_windows(e2e_env, "Welcome to FocusDesk") == []
    again.assert_running()
