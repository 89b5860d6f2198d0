"""A new user's first day (issue 20) with the real app, as the report reproduced it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_tray_e2e import use_pattern

pytestmark = pytest.mark.e2e


def status(focusdesk_cli) -> dict:
    result = focusdesk_cli("status", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_pattern_file_added_while_the_app_runs_can_be_used_at_once(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-open", "[days.mon-sun]\n")
    app = launch_app("run")
    tray_icon_window(app)
    assert status(focusdesk_cli)["pattern"] == "e2e-open"

    # Added after start-up, as a user drops a file into patterns/.
    (data / "patterns" / "late-day.toml").write_text(
        'id = "late-day"\nname = "Late day"\nmodel = "integration"\n\n[days.mon-sun]\n',
        encoding="utf-8",
    )
    switched = focusdesk_cli("patterns", "use", "late-day")
    assert switched.returncode == 0, switched.stderr
    assert "The running FocusDesk switched to it." in switched.stdout
    assert status(focusdesk_cli)["pattern"] == "late-day"
    app.assert_running()


def test_extending_past_the_hard_stop_says_it_will_be_cut(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli
) -> None:
    # A zone where it is around noon now, so the hard stop 20 min ahead is today's
    # at any hour the test runs (the app and the command line both read TZ).
    utc_now = datetime.now(UTC)
    offset = 12 - utc_now.hour
    offset = offset - 24 if offset > 14 else offset
    e2e_env["TZ"] = f"Etc/GMT{-offset:+d}"  # POSIX signs: Etc/GMT-3 is UTC+3
    stop = (utc_now + timedelta(hours=offset, minutes=20)).replace(tzinfo=None)
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-stop", f'[days.mon-sun]\nhard_stop = "{stop:%H:%M}"\n')
    app = launch_app("run")
    tray_icon_window(app)
    assert focusdesk_cli("start", "--minutes", "5", "--label", "x").returncode == 0
    extended = focusdesk_cli("extend", "--minutes", "30")
    assert extended.returncode == 0, extended.stderr
    assert f"it will be cut at {stop:%H:%M}" in extended.stdout
    assert extended.stdout.splitlines()[-1].startswith("Note: it now ends at ")
    focusdesk_cli("stop")
