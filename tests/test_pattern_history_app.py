"""History keeps its pattern (SPEC §5): switching or editing a pattern never rewrites a past week.

The app runs in-process on a fake clock through five weeks under four patterns
(one of them the user's own, edited along the way); `focusdesk week --format
json` of every past week is then compared byte for byte before and after more
switches and edits.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from focusdesk.cli import main
from focusdesk.core.sessions import DayRecord, Outcome, SessionKind, SessionRecord
from focusdesk.core.week_review import IsoWeek
from focusdesk.resources import builtin_patterns_dir
from test_tray_app import Harness

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

FIRST_MONDAY = datetime(2026, 9, 7, 8, 0, tzinfo=UTC)  # 2026-W37, well before any real "today"
OWN = "my-week"


def own_pattern(focus_start: str, saturday_protected: bool) -> str:
    """The user's own pattern file: a copy of Boundary Fortress with its own focus block."""
    text = (builtin_patterns_dir() / "boundary-fortress.toml").read_text(encoding="utf-8")
    text = text.replace('id = "boundary-fortress"', f'id = "{OWN}"', 1)
    text = text.replace('name = "Boundary Fortress"', 'name = "My week"', 1)
    text = text.replace('start = "09:30", end = "11:00"', f'start = "{focus_start}", end = "11:00"')
    if not saturday_protected:
        text = text.replace("[days.weekend]\nprotected = true", "[days.sun]\nprotected = true")
    return text


def log_some_work(h: Harness, monday: date, pattern_id: str) -> None:
    """Sessions Monday to Wednesday and Saturday, day records for Monday and Tuesday."""
    assert h.app.store is not None
    for offset in (0, 1, 2, 5):
        day = monday + timedelta(days=offset)
        start = datetime(day.year, day.month, day.day, 9, 30, tzinfo=UTC)
        end = start + timedelta(minutes=60 + 10 * offset)
        h.app.store.insert_session(
            SessionRecord(
                id=f"{day}-{pattern_id}",
                kind=SessionKind.FOCUS,
                label="Report" if offset % 2 else "Deep work",
                pattern_id=pattern_id,
                day=day,
                started_at=start,
                planned_end=end,
                utc_offset_minutes=0,
                planned_seconds=int((end - start).total_seconds()),
                ended_at=end,
                actual_seconds=int((end - start).total_seconds()),
                outcome=Outcome.STOPPED if offset == 2 else Outcome.COMPLETED,
                note="Kid home sick" if offset == 2 else "",
            )
        )
    for offset, kept in ((0, True), (1, False)):
        h.app.store.save_day(
            DayRecord(monday + timedelta(days=offset), pattern_id, hard_stop_kept=kept)
        )


def week_json(data_dir: Path, week: IsoWeek, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["--data-dir", str(data_dir), "week", "--week", str(week), "--format", "json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return out


def test_switching_and_editing_patterns_leave_every_past_week_byte_identical(
    tmp_path: Path, qapp: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    data = tmp_path / "data"
    h = Harness(data, FIRST_MONDAY)
    user_dir = h.paths.user_patterns_dir
    user_dir.mkdir(parents=True)
    (user_dir / f"{OWN}.toml").write_text(own_pattern("09:00", True), encoding="utf-8")
    h.app.start()
    try:
        lived = ["boundary-fortress", "deep-work-biome", OWN, "portfolio-day", OWN]
        weeks = [IsoWeek.of(FIRST_MONDAY.date()).shifted(i) for i in range(len(lived))]
        for index, (week, pattern_id) in enumerate(zip(weeks, lived, strict=True)):
            h.pass_time(datetime.combine(week.monday, FIRST_MONDAY.timetz()) - h.clock.wall)
            if index == 4:
                # The user edits their own pattern (a longer block, Saturday free) and applies it.
                (user_dir / f"{OWN}.toml").write_text(own_pattern("08:30", False), encoding="utf-8")
                assert h.app.catalog is not None
                h.app.catalog.reload()
            if h.app.settings.pattern_id != pattern_id or index == 4:
                h.app._apply_settings(replace(h.app.settings, pattern_id=pattern_id))
            assert h.app.engine is not None and h.app.engine.pattern.id == pattern_id
            # The week is lived, then its work is logged (as the review's "add session" does).
            h.pass_time(timedelta(days=6, hours=15))
            log_some_work(h, week.monday, pattern_id)
        h.clock.wall = datetime.combine(weeks[-1].sunday, FIRST_MONDAY.timetz()) + timedelta(days=3)

        before = {week: week_json(data, week, capsys) for week in weeks}
        # The weeks really were lived under different plans, all known.
        planned = {
            week: [d["planned_focus_minutes"] for d in json.loads(before[week])["days"]]
            for week in weeks
        }
        assert all(None not in minutes for minutes in planned.values())
        assert planned[weeks[0]][:5] == [90] * 5
        assert planned[weeks[2]][:5] == [120] * 5 and planned[weeks[4]][:5] == [150] * 5
        assert len({tuple(minutes) for minutes in planned.values()}) >= 3
        sessions = json.loads(before[weeks[0]])["sessions"]
        assert [s["note"] for s in sessions if s["outcome"] == "stopped"] == ["Kid home sick"]
        saturdays = [json.loads(before[w])["totals"]["protected_days_due"] for w in weeks]
        assert saturdays[2] == 2 and saturdays[4] == 1  # the edit freed Saturday, from then on

        # Switch through every pattern, edit the active one, edit one lived before.
        h.app.tray.pattern_chosen.emit("caregiver-pro")
        h.app.tray.pattern_chosen.emit(OWN)
        (user_dir / f"{OWN}.toml").write_text(own_pattern("10:00", True), encoding="utf-8")
        assert h.app.catalog is not None
        h.app.catalog.reload()
        h.app._apply_settings(h.app.settings)
        h.app.tray.pattern_chosen.emit("time-weave")
        after = {week: week_json(data, week, capsys) for week in weeks}
        for week in weeks:
            assert after[week] == before[week], week

        # A restart with the pattern file edited behind the app's back changes nothing either.
        h.app.shutdown()
        (user_dir / f"{OWN}.toml").write_text(own_pattern("07:30", False), encoding="utf-8")
        h = Harness(data, h.clock.wall + timedelta(days=1))
        h.app.start()
        assert {week: week_json(data, week, capsys) for week in weeks} == before
    finally:
        h.app.shutdown()


def test_the_first_start_after_the_upgrade_freezes_the_patterns_old_rows_name(
    tmp_path: Path, qapp: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A log written before the pattern history: its days keep the plan their rows name."""
    import sqlite3

    from sqlite_utils import Database

    from focusdesk.store.migrations import SCHEMA_VERSION, schema_migrations
    from focusdesk.store.session_log import day_to_row, session_to_row

    monkeypatch.setenv("TZ", "UTC")
    data = tmp_path / "data"
    data.mkdir()
    week = IsoWeek.of(FIRST_MONDAY.date())
    old = Database(data / "focusdesk.sqlite3")
    schema_migrations().apply(old, stop_before="v3_pattern_history")
    start = FIRST_MONDAY + timedelta(hours=1, minutes=30)
    old.table("sessions").insert(
        session_to_row(
            SessionRecord(
                id="old-1",
                kind=SessionKind.FOCUS,
                label="Deep work",
                pattern_id="deep-work-biome",
                day=week.monday,
                started_at=start,
                planned_end=start + timedelta(minutes=90),
                utc_offset_minutes=0,
                planned_seconds=5400,
                ended_at=start + timedelta(minutes=90),
                actual_seconds=5400,
                outcome=Outcome.COMPLETED,
            )
        )
    )
    old.table("days").insert(
        {
            k: v
            for k, v in day_to_row(DayRecord(week.monday, "deep-work-biome")).items()
            if k != "offclock_watched"
        }
    )
    old.close()

    h = Harness(data, FIRST_MONDAY + timedelta(weeks=3))
    h.app.start()  # the default pattern (Boundary Fortress) is active now
    try:
        with sqlite3.connect(data / "focusdesk.sqlite3") as conn:
            rows = conn.execute(
                "SELECT day, pattern_id, event, pending, hash IS NOT NULL FROM pattern_history "
                "ORDER BY day"
            ).fetchall()
        conn.close()
        assert rows[0] == (str(week.monday), "deep-work-biome", "migrated", 0, 1)
        assert rows[-1][1:3] == ("boundary-fortress", "start")
        document = json.loads(week_json(data, week, capsys))
        assert [d["pattern_id"] for d in document["days"]][:1] == ["deep-work-biome"]
        assert all(d["plan_known"] for d in document["days"])
        biome = h.app.catalog.get("deep-work-biome") if h.app.catalog else None
        assert biome is not None
        assert document["days"][0]["planned_focus_minutes"] is not None
    finally:
        h.app.shutdown()
    assert sorted(p.name for p in (data / "backups").iterdir())[0].endswith(
        f"-before-v{SCHEMA_VERSION}.sqlite3"
    )
