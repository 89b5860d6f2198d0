"""The real app keeps its pattern history; `week` and `month` read what a user did (SPEC §5)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from test_tray_e2e import rows, use_pattern
from virtual_desktop import poll_until

pytestmark = pytest.mark.e2e

OPEN_WEEK = "[days.mon-sun]\n"


def test_a_stop_reason_a_switch_and_the_month_as_a_user_makes_them(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    database = data / "focusdesk.sqlite3"
    use_pattern(data, "e2e-open", OPEN_WEEK)
    app = launch_app("run")
    tray_icon_window(app)
    poll_until(lambda: rows(database, "SELECT * FROM pattern_history"), 10, "the start recorded")

    assert focusdesk_cli("start", "--minutes", "20", "--label", "writing").returncode == 0
    stopped = focusdesk_cli("stop", "--reason", "Kid home sick")
    assert stopped.returncode == 0, stopped.stderr
    week = focusdesk_cli("week", "--format", "json")
    assert week.returncode == 0, week.stderr
    sessions = json.loads(week.stdout)["sessions"]
    assert [(s["label"], s["outcome"], s["note"]) for s in sessions if s["kind"] == "focus"] == [
        ("writing", "stopped", "Kid home sick")
    ]

    switched = focusdesk_cli("patterns", "use", "boundary-fortress")
    assert switched.returncode == 0, switched.stderr
    assert "switched to it" in switched.stdout
    history = rows(database, "SELECT pattern_id, event, hash FROM pattern_history ORDER BY rowid")
    assert [(r["pattern_id"], r["event"]) for r in history] == [
        ("e2e-open", "start"),
        ("boundary-fortress", "switch"),
    ]
    assert all(r["hash"] for r in history)

    working_day = (datetime.now() - timedelta(hours=4)).date()  # the default day boundary
    month = focusdesk_cli("month", "--format", "json")
    assert month.returncode == 0, month.stderr
    document = json.loads(month.stdout)
    assert document["month"] == f"{working_day:%Y-%m}"
    assert set(document["streaks"]) == {"hard_stops_kept", "protected_days_kept"}
    table = focusdesk_cli("month")
    assert table.returncode == 0 and table.stdout.startswith(f"{working_day:%B %Y}")
    app.assert_running()
