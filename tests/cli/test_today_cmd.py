"""`focusdesk today`: the plan as it will run, from the files when the app is not running."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from focusdesk.cli import main
from focusdesk.cli.today_cmd import plan_from_files, today_table
from focusdesk.paths import DataPaths

BERLIN = ZoneInfo("Europe/Berlin")
# Wednesday 18 November 2026, 08:00 in Berlin.
NOW = datetime(2026, 11, 18, 7, 0, tzinfo=UTC)

CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Standup\r\n"
    "DTSTART;TZID=America/New_York:20261118T040000\r\n"
    "DTEND;TZID=America/New_York:20261118T043000\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Late call\r\n"
    "DTSTART:20261118T170000Z\r\nDTEND:20261118T180000Z\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:3\r\nSUMMARY:Team offsite\r\n"
    "DTSTART;VALUE=DATE:20261118\r\nDTEND;VALUE=DATE:20261119\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    paths = DataPaths(tmp_path / "data")
    paths.data_dir.mkdir()
    (paths.data_dir / "work.ics").write_text(CALENDAR, newline="")
    paths.settings_file.write_text('[calendar]\nfiles = ["work.ics", "broken.ics"]\n')
    (paths.data_dir / "broken.ics").write_text("<html>login</html>")
    return paths


def test_the_plan_from_the_files_has_meetings_buffers_conflicts_and_the_hard_stop(
    paths: DataPaths,
) -> None:
    today = plan_from_files(paths, NOW, BERLIN)
    assert today["day"] == "2026-11-18"
    assert today["from_running_app"] is False
    assert today["hard_stop"] == "2026-11-18T18:30:00+01:00"
    assert today["all_day"] == ["Team offsite"]
    rows = [
        (b["start"][11:16], b["end"][11:16], b["kind"], b["source"], b["label"])
        for b in today["blocks"]
    ]
    assert rows[:4] == [
        ("09:30", "10:00", "focus", "pattern", "Deep work"),
        ("10:00", "10:30", "collab", "meeting", "Standup"),
        ("10:30", "10:40", "buffer", "buffer", "Buffer"),
        ("10:40", "11:00", "focus", "pattern", "Deep work"),
    ]
    late = next(b for b in today["blocks"] if b["label"] == "Late call")
    assert late["conflict"] == "runs past the hard stop (18:30)"
    assert today["next"]["label"] == "Deep work"
    calendars = {Path(c["file"]).name: c for c in today["calendars"]}
    assert calendars["work.ics"]["ok"] is True
    assert calendars["broken.ics"]["ok"] is False
    assert "is not an iCalendar file" in calendars["broken.ics"]["problem"]


def test_the_table_reads_like_a_day(paths: DataPaths) -> None:
    table = today_table(plan_from_files(paths, NOW, BERLIN))
    lines = table.splitlines()
    assert lines[0] == "Today, Wednesday 18 November 2026 — pattern boundary-fortress"
    assert "  all day      Team offsite" in lines
    assert "  09:30–10:00  focus     Deep work  [cut around “Standup”]" in lines
    assert "  10:00–10:30  meeting   Standup" in lines
    assert "  10:30–10:40  buffer    Buffer" in lines
    assert "  18:00–19:00  meeting   Late call  [runs past the hard stop (18:30)]" in lines
    assert "  18:30        hard stop" in lines
    assert any("broken.ics" in line and "is not an iCalendar file" in line for line in lines)


def test_the_command_without_a_running_app_prints_json(
    paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(paths.data_dir), "today", "--format", "json"]) == 0
    today = json.loads(capsys.readouterr().out)
    assert today["from_running_app"] is False
    assert {"day", "pattern", "hard_stop", "blocks", "dropped", "all_day", "calendars"} <= set(
        today
    )


def test_a_wrong_format_is_a_usage_error(
    paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(paths.data_dir), "today", "--format", "xml"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err
