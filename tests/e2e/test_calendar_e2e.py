"""A calendar file changed while the app runs is picked up: `focusdesk today` shows it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from virtual_desktop import poll_until

pytestmark = pytest.mark.e2e


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def write_calendar(path: Path, title: str, start: datetime) -> None:
    """One meeting, written the way sync tools do: a new file renamed over the old one."""
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//FocusDesk e2e//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:e2e-1\r\nSUMMARY:{title}\r\n"
        f"DTSTART:{_stamp(start)}\r\nDTEND:{_stamp(start + timedelta(minutes=30))}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(text, newline="")
    temporary.replace(path)


def today(focusdesk_cli) -> dict:
    result = focusdesk_cli("today", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def meetings(plan: dict) -> list[str]:
    return [b["label"] for b in plan["blocks"] if b["source"] == "meeting"]


def test_a_calendar_changed_while_the_app_runs_shows_in_focusdesk_today(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli
) -> None:
    local_now = datetime.now().astimezone()
    if local_now.hour == 3 and local_now.minute >= 45:
        pytest.skip("too close to the 04:00 day boundary: the meeting would fall on the next day")
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    calendar = data / "team.ics"
    soon = datetime.now(UTC) + timedelta(minutes=2)
    write_calendar(calendar, "Planning", soon)
    (data / "settings.toml").write_text('[calendar]\nfiles = ["team.ics", "missing.ics"]\n')
    app = launch_app("run")
    tray_icon_window(app)

    def plan_with(titles: list[str]) -> dict | None:
        plan = today(focusdesk_cli)
        return plan if meetings(plan) == titles else None

    first = poll_until(lambda: plan_with(["Planning"]), 15, "the calendar read at start")
    assert first["from_running_app"] is True
    states = {Path(c["file"]).name: c for c in first["calendars"]}
    assert states["team.ics"]["ok"] is True
    assert states["team.ics"]["result"] == "1 meeting in the next 8 days"
    assert states["missing.ics"]["ok"] is False
    assert states["missing.ics"]["result"] == "not found; today's plan runs without it"

    write_calendar(calendar, "Planning (moved)", soon + timedelta(minutes=5))
    changed = poll_until(
        lambda: plan_with(["Planning (moved)"]), 15, "the changed calendar in focusdesk today"
    )
    moved = next(b for b in changed["blocks"] if b["source"] == "meeting")
    start = datetime.fromisoformat(moved["start"])
    assert abs(start - (soon + timedelta(minutes=5))) < timedelta(seconds=1)
    buffers = [b for b in changed["blocks"] if b["source"] == "buffer"]
    assert [b["start"] for b in buffers] in ([moved["end"]], [])  # none after the hard stop
    app.assert_running()
