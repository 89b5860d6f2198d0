"""The command line drives the real running app over its local socket, as a script would."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from test_tray_e2e import rows, use_pattern
from virtual_desktop import poll_until

pytestmark = pytest.mark.e2e

# No hard stop and no protected day, whatever time the test runs at.
OPEN_WEEK = "[days.mon-sun]\n"


def xdotool_search(env: dict[str, str], *args: str) -> list[str]:
    found = subprocess.run(
        ["xdotool", "search", *args], env=env, capture_output=True, text=True, timeout=10
    )
    return found.stdout.split()


def status(focusdesk_cli) -> dict:
    result = focusdesk_cli("status", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_status_without_a_running_app_exits_3_with_one_line(focusdesk_cli) -> None:
    result = focusdesk_cli("status", "--json")
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr == "focusdesk: FocusDesk is not running (start it with 'focusdesk')\n"


def test_cli_start_runs_a_block_to_its_end_then_a_buffer(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli, notifications
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    database = data / "focusdesk.sqlite3"
    use_pattern(data, "e2e-open", OPEN_WEEK)
    app = launch_app("run")
    tray_icon_window(app)

    started = focusdesk_cli("start", "--minutes", "0.05", "--label", "writing")
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("Focus: writing")
    now = status(focusdesk_cli)
    assert (now["state"], now["label"], now["pattern"]) == ("focus", "writing", "e2e-open")
    assert 0 < now["remaining_seconds"] <= 3
    assert now["hard_stop"] is None

    done = notifications.wait_for(lambda n: n["summary"] == "Focus block done", timeout=20)
    assert "writing" in done["body"]
    poll_until(lambda: status(focusdesk_cli)["state"] == "buffer", 10, "the buffer after the block")
    focus = rows(database, "SELECT * FROM sessions WHERE kind = 'focus'")
    assert [(r["label"], r["outcome"], r["planned_seconds"]) for r in focus] == [
        ("writing", "completed", 3)
    ]
    assert focus[0]["ended_at"] is not None
    buffer = rows(database, "SELECT * FROM sessions WHERE kind = 'buffer'")
    assert [r["outcome"] for r in buffer] == ["running"]
    app.assert_running()

    stopped = focusdesk_cli("stop", "--reason", "test over")
    assert stopped.returncode == 0, stopped.stderr
    assert status(focusdesk_cli)["state"] == "on"


def test_pause_resume_extend_and_garbage_from_the_command_line(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli
) -> None:
    use_pattern(Path(e2e_env["FOCUSDESK_DATA_DIR"]), "e2e-open", OPEN_WEEK)
    app = launch_app("run")
    tray_icon_window(app)
    assert (
        focusdesk_cli("start", "--minutes", "20", "--label", "$(rm -rf ~); echo 'x'").returncode
        == 0
    )
    assert status(focusdesk_cli)["label"] == "$(rm -rf ~); echo 'x'"
    assert focusdesk_cli("pause").returncode == 0
    assert status(focusdesk_cli)["state"] == "paused"
    again = focusdesk_cli("pause")
    assert again.returncode == 1 and again.stderr.count("\n") == 1
    assert focusdesk_cli("resume").returncode == 0
    before = status(focusdesk_cli)["remaining_seconds"]
    assert focusdesk_cli("extend", "--minutes", "5").returncode == 0
    assert status(focusdesk_cli)["remaining_seconds"] >= before + 4 * 60
    bad = focusdesk_cli("extend", "--minutes", "-3")
    assert bad.returncode == 2 and "minutes must be between" in bad.stderr
    app.assert_running()


def test_a_second_launch_shows_the_window_and_adds_no_second_tray_icon(
    launch_app, e2e_env, tray_icon_window, virtual_desktop, screenshot
) -> None:
    use_pattern(Path(e2e_env["FOCUSDESK_DATA_DIR"]), "e2e-open", OPEN_WEEK)
    first = launch_app("run")
    tray_icon_window(first)

    second = launch_app("run")
    poll_until(lambda: second.popen.poll() is not None, 20, "the second launch to exit")
    assert second.popen.returncode == 0, second.stderr()
    assert "already running" in second.stdout()
    first.assert_running()
    icons = [
        icon
        for icon in virtual_desktop.tray_icons()
        if "focusdesk" in " ".join(icon.wm_class).lower()
    ]
    assert len(icons) == 1, icons
    # The second launch brought the running app's window (the week review) forward.
    poll_until(
        lambda: (
            xdotool_search(e2e_env, "--onlyvisible", "--name", "FocusDesk — week review") or None
        ),
        20,
        "the week review window",
    )
    screenshot("second-launch-window")


def test_patterns_use_switches_the_running_app(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-open", OPEN_WEEK)
    app = launch_app("run")
    tray_icon_window(app)
    assert status(focusdesk_cli)["pattern"] == "e2e-open"

    switched = focusdesk_cli("patterns", "use", "time-weave")
    assert switched.returncode == 0, switched.stderr
    assert "The running FocusDesk switched to it." in switched.stdout
    assert status(focusdesk_cli)["pattern"] == "time-weave"


def test_starting_on_a_protected_day_asks_for_confirm_breach(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-rest", "[days.mon-sun]\nprotected = true\n")
    app = launch_app("run")
    tray_icon_window(app)

    refused = focusdesk_cli("start", "--minutes", "5")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "--confirm-breach" in refused.stderr
    assert status(focusdesk_cli)["state"] == "off"

    assert focusdesk_cli("start", "--minutes", "5", "--confirm-breach").returncode == 0
    assert status(focusdesk_cli)["state"] == "focus"
    focusdesk_cli("stop")
    [row] = rows(data / "focusdesk.sqlite3", "SELECT breach FROM sessions WHERE kind = 'focus'")
    assert row["breach"] == 1
