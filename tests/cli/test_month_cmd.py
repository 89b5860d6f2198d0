"""`focusdesk month`: a known log in table, CSV and JSON; bad months are one line."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from test_week_cmd import MONDAY, _session, run

from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.plan_history import PatternEvent
from focusdesk.core.sessions import DayRecord, Outcome, SessionKind
from focusdesk.resources import builtin_patterns_dir
from focusdesk.store.database import open_database
from focusdesk.store.plan_history import PatternHistoryLog
from focusdesk.store.session_log import SessionLog


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """November 2026 under Boundary Fortress (90 min planned Mon–Fri, weekends protected)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.delenv("FOCUSDESK_DATA_DIR", raising=False)
    with open_database(tmp_path / "focusdesk.sqlite3") as database:
        PatternHistoryLog(database).record(
            PatternCatalog(builtin_patterns_dir()).get("boundary-fortress"),
            date(2026, 11, 2),
            datetime(2026, 11, 2, 8, tzinfo=UTC),
            PatternEvent.START,
        )
        log = SessionLog(database)
        log.insert_session(_session(MONDAY, "09:30", 90, SessionKind.FOCUS, "Deep work"))
        log.insert_session(
            _session(MONDAY, "11:10", 40, SessionKind.FOCUS, "Email", Outcome.STOPPED)
        )
        saturday = MONDAY + timedelta(days=5)
        log.insert_session(_session(saturday, "10:00", 30, SessionKind.FOCUS, "Taxes"))
        for offset, kept in enumerate([True, True, False, True, True]):
            day = MONDAY + timedelta(days=offset)
            # Presence was known those evenings: their offclock figure is measured.
            log.save_day(
                DayRecord(day, "boundary-fortress", hard_stop_kept=kept, offclock_watched=True)
            )
    return tmp_path


def test_json_has_hand_computed_days_totals_and_streaks(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "--data-dir", str(data_dir), "month", "--month", "2026-11", "--format", "json"
    )
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert set(document) == {"month", "days", "totals", "streaks"}
    assert document["month"] == "2026-11" and len(document["days"]) == 30
    days = {d["date"]: d for d in document["days"]}
    assert days["2026-11-01"]["planned_focus_minutes"] is None  # before the history
    assert days["2026-11-01"]["plan_known"] is False
    assert days["2026-11-16"] == {
        "date": "2026-11-16",
        "focus_minutes": 130,
        "planned_focus_minutes": 90,
        "offclock_minutes": 0,
        "hard_stop_kept": True,
        "protected": False,
        "protected_kept": None,
        "breaches": 0,
        "plan_known": True,
        "offclock_known": True,
    }
    # An evening no one watched says so instead of 0 minutes.
    assert (days["2026-11-10"]["offclock_minutes"], days["2026-11-10"]["offclock_known"]) == (
        None,
        False,
    )
    assert (days["2026-11-21"]["protected"], days["2026-11-21"]["protected_kept"]) == (True, False)
    totals = document["totals"]
    assert totals["focus_minutes"] == 160
    assert totals["plan_unknown_days"] == 1
    assert totals["planned_focus_minutes"] == 21 * 90  # 2–30 Nov: 21 workdays
    assert (totals["hard_stops_kept"], totals["hard_stops_due"]) == (4, 5)
    assert document["streaks"]["hard_stops_kept"] == {"longest": 2, "current": 2}
    assert totals["days_worked"] == 2
    unknown = sum(1 for d in document["days"] if not d["offclock_known"])
    # 1 November up to the (working) day before today, but the five watched.
    assert totals["offclock_unknown_days"] == unknown >= 23


def test_table_and_csv_show_the_same_month(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "month", "--month", "2026-11")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("November 2026  ·  Boundary Fortress")
    monday = next(line for line in lines if line.startswith("Mon 16 Nov"))
    assert monday.split()[3:6] == ["2:10", "1:30", "0:00"] and monday.endswith("kept")
    assert next(line for line in lines if line.startswith("Sun 01 Nov")).split()[4] == "?"
    assert next(line for line in lines if line.startswith("Tue 10 Nov")).split()[5] == "?"
    assert any(line.startswith("Offclock: not watched on ") for line in lines)
    assert any("protected (breached)" in line for line in lines if line.startswith("Sat 21"))
    assert any(line.startswith("Streaks: hard stops kept 2 in a row (best 2)") for line in lines)
    assert all(len(line) <= 100 for line in lines)

    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "month", "--month", "2026-11", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 31 and rows[-1]["date"] == "total"
    assert rows[15]["focus_minutes"] == "130" and rows[0]["planned_focus_minutes"] == ""
    assert rows[-1]["hard_stop_kept"] == "4/5"


def test_a_bad_month_is_one_line_and_a_missing_log_is_an_empty_month(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FOCUSDESK_DATA_DIR", raising=False)
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "month", "--month", "2026-13")
    assert code == 2
    assert err.strip().splitlines() == [
        "focusdesk: --month: '2026-13' is not a month: month 13 does not exist (1–12)"
    ]
    code, out, _ = run(
        capsys, "--data-dir", str(tmp_path), "month", "--month", "2026-02", "--format", "json"
    )
    assert code == 0 and len(json.loads(out)["days"]) == 28
    assert not (tmp_path / "focusdesk.sqlite3").exists()


def test_patterns_use_with_the_app_closed_goes_into_the_history_at_once(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Days until FocusDesk next runs are judged by the pattern chosen, not the old one."""
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "patterns", "use", "caregiver-pro")
    assert code == 0 and "will use it when it starts" in out
    with open_database(data_dir / "focusdesk.sqlite3") as database:
        latest = PatternHistoryLog(database).history().latest
    assert latest is not None
    assert (latest.pattern_id, latest.event) == ("caregiver-pro", PatternEvent.SWITCH)
    assert latest.pattern is not None and latest.pattern.name == "Caregiver-Pro"
