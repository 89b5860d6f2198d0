"""`focusdesk week`: reads the log without the app, in table, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from focusdesk.cli import main
from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.plan_history import PatternEvent
from focusdesk.core.sessions import DayRecord, Outcome, SessionKind, SessionRecord
from focusdesk.core.week_review import IsoWeek
from focusdesk.resources import builtin_patterns_dir
from focusdesk.store.database import open_database
from focusdesk.store.plan_history import PatternHistoryLog
from focusdesk.store.session_log import SessionLog

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 16)  # 2026-W47


def _session(
    day: date,
    start: str,
    minutes: int,
    kind: SessionKind,
    label: str,
    outcome: Outcome = Outcome.COMPLETED,
) -> SessionRecord:
    local = datetime.combine(day, time.fromisoformat(start), tzinfo=BERLIN)
    begin = local.astimezone(UTC)
    end = begin + timedelta(minutes=minutes)
    return SessionRecord(
        id=f"s-{day}-{start}",
        kind=kind,
        label=label,
        pattern_id="boundary-fortress",
        day=day,
        started_at=begin,
        planned_end=end,
        utc_offset_minutes=60,
        planned_seconds=minutes * 60,
        ended_at=end,
        actual_seconds=minutes * 60,
        outcome=outcome,
    )


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.delenv("FOCUSDESK_DATA_DIR", raising=False)
    with open_database(tmp_path / "focusdesk.sqlite3") as database:
        # The app recorded the pattern in force when it first ran, weeks before.
        PatternHistoryLog(database).record(
            PatternCatalog(builtin_patterns_dir()).get("boundary-fortress"),
            date(2026, 11, 2),
            datetime(2026, 11, 2, 8, tzinfo=UTC),
            PatternEvent.START,
        )
        log = SessionLog(database)
        log.insert_session(_session(MONDAY, "09:30", 90, SessionKind.FOCUS, "Deep work"))
        log.insert_session(_session(MONDAY, "11:00", 10, SessionKind.BUFFER, "Deep work"))
        log.insert_session(
            _session(MONDAY, "11:10", 40, SessionKind.FOCUS, "Email", Outcome.STOPPED)
        )
        tuesday = MONDAY + timedelta(days=1)
        log.insert_session(_session(tuesday, "17:45", 45, SessionKind.FOCUS, "Report", Outcome.CUT))
        log.insert_session(_session(tuesday, "18:30", 10, SessionKind.OVERTIME, "Report"))
        # Outside the week: must not show.
        log.insert_session(
            _session(MONDAY - timedelta(days=1), "10:00", 30, SessionKind.FOCUS, "x")
        )
        log.save_day(DayRecord(MONDAY, "boundary-fortress", hard_stop_kept=True, deliverables=2))
        log.save_day(DayRecord(tuesday, "boundary-fortress", hard_stop_kept=False, snoozes=1))
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_contract_keys_and_hand_computed_numbers(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "--data-dir", str(data_dir), "week", "--week", "2026-W47", "--format", "json"
    )
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert set(document) == {"week", "days", "sessions", "totals"}
    assert document["week"] == "2026-W47"
    monday, tuesday = document["days"][:2]
    assert monday == {
        "date": "2026-11-16",
        "focus_minutes": 130,
        "buffer_minutes": 10,
        "overtime_minutes": 0,
        "planned_focus_minutes": 90,
        "hard_stop_kept": True,
        "pattern_id": "boundary-fortress",
        "plan_known": True,
        # No one watched that evening (presence was never known): not "0 min".
        "offclock_minutes": None,
        "offclock_known": False,
    }
    assert (tuesday["focus_minutes"], tuesday["overtime_minutes"]) == (45, 10)
    assert tuesday["hard_stop_kept"] is False
    assert [d["planned_focus_minutes"] for d in document["days"]] == [90] * 5 + [0, 0]
    first = document["sessions"][0]
    assert {"kind", "label", "started_at", "ended_at", "seconds", "outcome"} <= set(first)
    assert first["started_at"] == "2026-11-16T08:30:00+00:00"
    assert len(document["sessions"]) == 5
    totals = document["totals"]
    assert totals["focus_minutes"] == 175
    assert (totals["blocks_completed"], totals["blocks_stopped"], totals["blocks_cut"]) == (1, 1, 1)
    assert totals["context_switches"] == 1
    assert (totals["hard_stops_kept"], totals["hard_stops_due"]) == (1, 2)
    assert totals["deliverables"] == 2


def test_csv_is_one_row_per_day_and_a_total(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "week", "--week", "2026-W47", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [r["date"] for r in rows] == [f"2026-11-{d}" for d in range(16, 23)] + ["total"]
    assert rows[0]["focus_minutes"] == "130" and rows[0]["hard_stop_kept"] == "true"
    assert rows[-1]["focus_minutes"] == "175"


def test_table_is_readable_in_a_terminal(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "week", "--week", "2026-W47")
    assert code == 0
    assert "Week 2026-W47" in out and "Boundary Fortress" in out
    assert "Mon 16 Nov    2:10   1:30    0:10      0:00  kept" in out
    assert "Total         2:55   7:30    0:10      0:10  1/2 kept" in out
    assert "Tue 17 Nov 17:45–18:30  focus    Report" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_offclock_stretches_are_listed_and_counted_never_as_focus(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_database(data_dir / "focusdesk.sqlite3") as database:
        log = SessionLog(database)
        wednesday, sunday = MONDAY + timedelta(days=2), MONDAY + timedelta(days=6)
        for day, start, minutes in ((wednesday, "19:05", 37), (sunday, "10:00", 23)):
            stretch = _session(day, start, minutes, SessionKind.OFFCLOCK, "Offclock: x")
            stretch.breach = True
            log.insert_session(stretch)
        # Presence was known in every evening but Saturday's (the stretches' days prove
        # themselves watched).
        for offset in (0, 1, 3, 4):
            day = MONDAY + timedelta(days=offset)
            record = log.get_day(day) or DayRecord(day, "boundary-fortress")
            record.offclock_watched = True
            log.save_day(record)
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "week", "--week", "2026-W47", "--format", "json"
    )
    document = json.loads(out)
    kinds = [s["kind"] for s in document["sessions"]]
    assert kinds.count("offclock") == 2
    totals = document["totals"]
    assert (totals["offclock_minutes"], totals["offclock_days"]) == (60, 2)
    assert totals["focus_minutes"] == 175  # unchanged: offclock is never focus
    assert [d["offclock_minutes"] for d in document["days"]] == [0, 0, 37, 0, 0, None, 23]
    assert [d["offclock_known"] for d in document["days"]] == [True] * 5 + [False, True]
    assert totals["offclock_unknown_days"] == 1
    assert totals["breaches"] == 2
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "week", "--week", "2026-W47")
    assert code == 0
    assert (
        "Offclock (at the computer in protected time, no block) 1:00 on 2 days; "
        "not watched on 1 day"
    ) in out
    assert "protected (breached)" in out  # the Sunday had offclock time
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "week", "--week", "2026-W47", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [r["offclock_minutes"] for r in rows] == ["0", "0", "37", "0", "0", "", "23", "60"]
    assert [r["offclock_known"] for r in rows] == ["true"] * 5 + ["false", "true", "false"]


def test_without_a_week_it_shows_this_week(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "week", "--format", "json")
    assert code == 0
    working_day = (datetime.now(BERLIN) - timedelta(hours=4)).date()  # the 04:00 day boundary
    assert json.loads(out)["week"] == str(IsoWeek.of(working_day))


@pytest.mark.parametrize("bad", ["2026-W54", "2026-47", "soon"])
def test_a_bad_week_is_a_usage_error_on_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    code, out, err = run(capsys, "--data-dir", str(data_dir), "week", "--week", bad)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and f"'{bad}'" in err


def test_no_log_yet_is_an_empty_week_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "fresh"
    code, out, _ = run(
        capsys, "--data-dir", str(empty), "week", "--week", "2026-W47", "--format", "json"
    )
    assert code == 0
    assert json.loads(out)["totals"]["focus_minutes"] == 0
    assert not empty.exists()


def test_a_damaged_log_is_one_line_and_left_where_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "focusdesk.sqlite3"
    damaged.write_bytes(b"not a database at all" * 100)
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "week", "--week", "2026-W47")
    # Reading never moves the user's file: the app sets a damaged log aside when it starts.
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and str(damaged) in err and "is damaged" in err
    assert damaged.read_bytes() == b"not a database at all" * 100
    assert not list(tmp_path.glob("focusdesk.sqlite3.corrupt-*"))


def test_the_table_counts_in_english_and_a_short_session_in_seconds(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wednesday = MONDAY + timedelta(days=2)
    short = _session(wednesday, "10:00", 1, SessionKind.FOCUS, "Write spec")
    short.ended_at = short.started_at + timedelta(seconds=26)
    short.actual_seconds = 26
    with open_database(data_dir / "focusdesk.sqlite3") as database:
        log = SessionLog(database)
        log.insert_session(short)
        log.save_day(DayRecord(wednesday, "boundary-fortress", deliverables=1, hard_stop_kept=True))
        log.save_day(DayRecord(MONDAY, "boundary-fortress", hard_stop_kept=True, deliverables=0))
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "week", "--week", "2026-W47")
    assert code == 0
    assert "Outcome ledger (1 deliverable)" in out
    (line,) = [line for line in out.splitlines() if "Write spec" in line]
    assert "26 s" in line
