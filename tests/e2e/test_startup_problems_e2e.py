"""Problems found at start-up are shown in a window the user sees, not only in a log."""

from __future__ import annotations

import subprocess
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


def test_a_broken_pattern_and_a_damaged_log_are_shown_in_windows(
    launch_app, e2e_env, tray_icon_window, screenshot
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    (data / "patterns").mkdir(parents=True)
    (data / "patterns" / "mine.toml").write_text(
        'id = "mine"\nname = "Mine"\nmodel = "balanse"\n', encoding="utf-8"
    )
    (data / "focusdesk.sqlite3").write_bytes(b"this is not a database" * 50)
    app = launch_app("run")
    tray_icon_window(app)

    poll_until(
        lambda: visible_windows(e2e_env, "a pattern file has a problem") or None,
        15,
        "the pattern problem window",
    )
    poll_until(
        lambda: visible_windows(e2e_env, "FocusDesk started a new log") or None,
        15,
        "the moved-aside log window",
    )
    shot = screenshot("startup-problems")
    assert shot.exists()
    assert list(data.glob("focusdesk.sqlite3.corrupt-*"))
    app.assert_running()
