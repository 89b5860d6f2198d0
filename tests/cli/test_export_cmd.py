"""`focusdesk export`: sessions and the pattern's week, to stdout or a file that is never clobbered."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from focusdesk.cli import main
from focusdesk.core.sessions import Outcome, SessionKind, SessionRecord
from focusdesk.store.database import open_database
from focusdesk.store.session_log import SessionLog


def _session(sid: str, day: date, hour: int, minutes: int) -> SessionRecord:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    end = start + timedelta(minutes=minutes)
    return SessionRecord(
        id=sid,
        kind=SessionKind.FOCUS,
        label=f"Work {sid}",
        pattern_id="boundary-fortress",
        day=day,
        started_at=start,
        planned_end=end,
        utc_offset_minutes=60,
        planned_seconds=minutes * 60,
        ended_at=end,
        actual_seconds=minutes * 60,
        outcome=Outcome.COMPLETED,
    )


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    with open_database(tmp_path / "focusdesk.sqlite3") as database:
        log = SessionLog(database)
        for i, day in enumerate((date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18))):
            log.insert_session(_session(f"s{i}", day, 8, 60))
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ics_of_all_sessions_parses_back(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = data_dir / "log.ics"
    code, _, err = run(
        capsys, "--data-dir", str(data_dir), "export", "--format", "ics", "--out", str(out_file)
    )
    assert (code, err) == (0, "")
    events = list(icalendar.Calendar.from_ical(out_file.read_bytes()).walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == ["s0", "s1", "s2"]
    assert events[1]["DTSTART"].dt == datetime(2026, 11, 17, 8, tzinfo=UTC)


def test_offclock_stretches_are_in_every_export_as_their_own_kind(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stretch = _session("off", date(2026, 11, 18), 19, 25)
    stretch.kind, stretch.label, stretch.breach = (
        SessionKind.OFFCLOCK,
        "Offclock: after your hard stop",
        True,
    )
    with open_database(data_dir / "focusdesk.sqlite3") as database:
        SessionLog(database).insert_session(stretch)
    base = ("--data-dir", str(data_dir), "export", "--format")
    _, out, _ = run(capsys, *base, "ics")
    (event,) = [
        e for e in icalendar.Calendar.from_ical(out.encode()).walk("VEVENT") if e["UID"] == "off"
    ]
    # The label already names the kind: said once, not "Offclock: Offclock: …".
    assert str(event["SUMMARY"]) == "Offclock: after your hard stop"
    assert event["CATEGORIES"].cats == ["offclock"]
    assert "Boundary breach" in str(event["DESCRIPTION"])
    _, out, _ = run(capsys, *base, "json")
    assert [s["kind"] for s in json.loads(out)["sessions"] if s["id"] == "off"] == ["offclock"]
    _, out, _ = run(capsys, *base, "csv")
    (row,) = [r for r in csv.DictReader(io.StringIO(out)) if r["id"] == "off"]
    assert (row["kind"], row["breach"]) == ("offclock", "1")


def test_from_and_to_limit_the_working_days(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "export",
        "--format",
        "json",
        "--from",
        "2026-11-17",
        "--to",
        "2026-11-17",
    )
    assert code == 0
    assert [s["id"] for s in json.loads(out)["sessions"]] == ["s1"]
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "export", "--format", "csv", "--from", "2026-11-17"
    )
    assert [r["id"] for r in csv.DictReader(io.StringIO(out))] == ["s1", "s2"]


def test_an_existing_out_file_is_refused_then_backed_up_with_force(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = data_dir / "mine.csv"
    target.write_text("my own spreadsheet")
    code, _, err = run(
        capsys, "--data-dir", str(data_dir), "export", "--format", "csv", "--out", str(target)
    )
    assert code == 1 and "already exists" in err and err.count("\n") == 1
    assert target.read_text() == "my own spreadsheet"
    code, _, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "export",
        "--format",
        "csv",
        "--out",
        str(target),
        "--force",
    )
    assert code == 0 and "kept the previous" in err
    (backup,) = data_dir.glob("mine.csv.*.bak")
    assert backup.read_text() == "my own spreadsheet"
    assert target.read_text().startswith("id,day,kind")


def test_pattern_export_has_one_event_per_planned_block_of_the_active_pattern(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from focusdesk.core.pattern_loader import PatternCatalog
    from focusdesk.core.settings import Settings
    from focusdesk.resources import builtin_patterns_dir
    from focusdesk.store.settings_store import save_settings

    monkeypatch.setenv("TZ", "Europe/Berlin")
    save_settings(tmp_path / "settings.toml", Settings(pattern_id="caregiver-pro"))
    pattern = PatternCatalog(builtin_patterns_dir()).get("caregiver-pro")
    blocks = sum(len(pattern.day(d).blocks) for d in range(7))
    code, out, err = run(
        capsys,
        "--data-dir",
        str(tmp_path),
        "export",
        "--format",
        "ics",
        "--pattern",
        "--from",
        "2026-11-18",
    )
    assert (code, err) == (0, "")
    events = list(icalendar.Calendar.from_ical(out.encode()).walk("VEVENT"))
    assert "Caregiver-Pro" in str(events[0]["DESCRIPTION"])
    assert len(events) == blocks > 0
    first_day = min(e["DTSTART"].dt.date() for e in events)
    assert first_day >= date(2026, 11, 16)  # the week of --from, starting Monday
    assert all(e["RRULE"]["FREQ"] == ["WEEKLY"] for e in events)
    assert not (tmp_path / "focusdesk.sqlite3").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "csv", "--pattern"], "--pattern"),
        (["--format", "csv", "--from", "16/11/2026"], "'16/11/2026' is not a date"),
        (["--format", "csv", "--from", "2026-11-18", "--to", "2026-11-16"], "is before"),
        (["--format", "csv", "--force"], "--force"),
        (["--format", "xml"], "invalid choice"),
    ],
)
def test_bad_usage_is_exit_2_with_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    try:
        code, _, err = run(capsys, "--data-dir", str(data_dir), "export", *argv)
    except SystemExit as exit_:  # argparse's own errors
        code, err = int(exit_.code or 0), capsys.readouterr().err
    assert code == 2
    assert message in err and err.count("\n") == 1
