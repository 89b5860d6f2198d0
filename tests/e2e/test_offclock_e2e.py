"""Invisible overtime with the real app (SPEC §3a, issue 15): at a faked Wednesday 20:00,
after Boundary Fortress's 18:30 hard stop, a user who keeps moving the mouse for longer
than `offclock_after_minutes = 1` gets an `offclock` row in `week --format json` while
the app runs, and one gentle notification."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from test_boundary_plan_e2e import launch_at
from virtual_desktop import poll_until

pytestmark = pytest.mark.e2e


def offclock_rows(focusdesk_cli, week: str) -> list[dict[str, object]]:
    result = focusdesk_cli("week", "--week", week, "--format", "json")
    assert result.returncode == 0, result.stderr
    return [s for s in json.loads(result.stdout)["sessions"] if s["kind"] == "offclock"]


def test_evening_activity_after_the_hard_stop_is_logged_as_offclock(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli, notifications
):
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    data.mkdir(parents=True)
    (data / "settings.toml").write_text(
        'pattern = "boundary-fortress"\n\n[presence]\naway_after_minutes = 5\n'
        "offclock_after_minutes = 1\n",
        encoding="utf-8",
    )
    app = launch_at(launch_app, e2e_env, "2026-11-25 20:00:00", "Europe/Berlin")
    tray_icon_window(app)
    status = json.loads(focusdesk_cli("status", "--json").stdout)
    assert (status["state"], status["boundary"], status["presence"]) == ("off", "off", "active")

    started = time.monotonic()

    def active_and_logged() -> list[dict[str, object]]:
        # A user at the computer: the mouse moves every few seconds.
        for step in ("4", "-4"):
            subprocess.run(
                ["xdotool", "mousemove_relative", "--", step, "0"], env=e2e_env, check=True
            )
        time.sleep(2)
        return offclock_rows(focusdesk_cli, "2026-W48")

    (row,) = poll_until(active_and_logged, 110, "an offclock row in week --format json")
    assert time.monotonic() - started >= 55  # recognised only after a minute of activity
    assert row["label"] == "Offclock: after your hard stop"
    assert row["ended_at"] is None  # written while the stretch is still growing
    told = notifications.wait_for(lambda n: "after your hard stop" in n["body"], timeout=20)
    assert "min at the computer so far" in told["body"]
    week = json.loads(focusdesk_cli("week", "--week", "2026-W48", "--format", "json").stdout)
    assert week["totals"]["focus_minutes"] == 0  # never focus
    app.assert_running()
