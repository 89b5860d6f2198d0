"""The week review window over a real log filled with a known week (hand-computed numbers)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from pytestqt.qtbot import QtBot

from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.plan_history import PatternEvent
from focusdesk.core.sessions import DayRecord, Outcome, SessionKind, SessionRecord, WeeklyReview
from focusdesk.core.week_review import IsoWeek
from focusdesk.resources import builtin_patterns_dir
from focusdesk.shell.review.review_window import ReviewWindow
from focusdesk.store.database import open_database
from focusdesk.store.plan_history import PatternHistoryLog
from focusdesk.store.session_log import SessionLog

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = IsoWeek(2026, 47)
MON, TUE, WED, THU, FRI, SAT, SUN = WEEK.days


def _session(
    sid: str,
    day: date,
    start: str,
    minutes: int,
    kind: SessionKind,
    label: str,
    outcome: Outcome = Outcome.COMPLETED,
    breach: bool = False,
) -> SessionRecord:
    local = datetime.combine(day, time.fromisoformat(start), tzinfo=BERLIN)
    begin = local.astimezone(UTC)
    end = begin + timedelta(minutes=minutes)
    return SessionRecord(
        id=sid,
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
        breach=breach,
    )


KNOWN_WEEK = [
    _session("mon-1", MON, "09:30", 90, SessionKind.FOCUS, "Report"),
    _session("mon-b", MON, "11:00", 10, SessionKind.BUFFER, "Report"),
    _session("mon-2", MON, "11:10", 30, SessionKind.FOCUS, "Email", Outcome.STOPPED),
    _session("tue-1", TUE, "09:30", 60, SessionKind.FOCUS, "Report"),
    _session("thu-1", THU, "17:50", 40, SessionKind.FOCUS, "Proposal", Outcome.CUT),
    _session("thu-o", THU, "18:30", 15, SessionKind.OVERTIME, "Proposal"),
    _session("sat-1", SAT, "10:00", 20, SessionKind.FOCUS, "Taxes", breach=True),
]


@pytest.fixture
def log(tmp_path: Path) -> Iterator[SessionLog]:
    with open_database(tmp_path / "focusdesk.sqlite3") as database:
        PatternHistoryLog(database).record(
            PatternCatalog(builtin_patterns_dir()).get("boundary-fortress"),
            date(2026, 11, 2),
            datetime(2026, 11, 2, 8, tzinfo=UTC),
            PatternEvent.START,
        )
        session_log = SessionLog(database)
        for session in KNOWN_WEEK:
            session_log.insert_session(session)
        # Outside the week: never shown.
        session_log.insert_session(
            _session("prev", MON - timedelta(days=1), "10:00", 45, SessionKind.FOCUS, "Old")
        )
        session_log.save_day(
            DayRecord(
                SUN - timedelta(days=7), "boundary-fortress", big_task_tomorrow="Outline the report"
            )
        )
        session_log.save_day(
            DayRecord(
                MON,
                "boundary-fortress",
                hard_stop_kept=True,
                deliverables=2,
                deliverables_note="Outline, charts",
                energy=4,
                relationships=4,
            )
        )
        session_log.save_day(
            DayRecord(
                THU,
                "boundary-fortress",
                hard_stop_kept=False,
                overtime_seconds=900,
                snoozes=1,
                deliverables=1,
            )
        )
        yield session_log


@pytest.fixture
def catalog() -> PatternCatalog:
    return PatternCatalog(builtin_patterns_dir())


@pytest.fixture
def window(qtbot: QtBot, log: SessionLog, catalog: PatternCatalog) -> ReviewWindow:
    history = PatternHistoryLog(log._database)
    review = ReviewWindow(log, catalog, BERLIN, SUN, plan_history=history.history)
    qtbot.addWidget(review)
    return review


def table_rows(window: ReviewWindow) -> list[list[str]]:
    proxy = window.session_proxy
    return [
        [proxy.index(row, column).data() for column in range(proxy.columnCount())]
        for row in range(proxy.rowCount())
    ]


def test_the_chart_shows_minutes_per_day_against_the_plan(window: ReviewWindow) -> None:
    assert window.week == WEEK
    values = window.chart.values()
    assert values["Focus"] == [120, 60, 0, 40, 0, 20, 0]
    assert values["Buffer"] == [10, 0, 0, 0, 0, 0, 0]
    assert values["Overtime"] == [0, 0, 0, 15, 0, 0, 0]
    assert values["Planned focus"] == [90, 90, 90, 90, 90, 0, 0]  # Boundary Fortress
    assert window.chart.day_axis.categories() == [
        "Mon 16",
        "Tue 17",
        "Wed 18",
        "Thu 19",
        "Fri 20",
        "Sat 21",
        "Sun 22",
    ]


def test_the_table_lists_the_weeks_sessions_in_time_order(window: ReviewWindow) -> None:
    rows = table_rows(window)
    assert len(rows) == 7
    assert rows[0] == ["Mon 16 Nov 09:30–11:00", "focus", "Report", "1 h 30 min", "completed", ""]
    assert rows[2][:5] == ["Mon 16 Nov 11:10–11:40", "focus", "Email", "30 min", "stopped"]
    assert rows[4][4] == "cut by hard stop"
    assert rows[6][:5] == [
        "Sat 21 Nov 10:00–10:20",
        "focus",
        "Taxes",
        "20 min",
        "completed · breach",
    ]


def test_the_table_filters_by_label_and_sorts_by_duration(window: ReviewWindow) -> None:
    window.label_filter.setCurrentText("Report")
    assert [r[2] for r in table_rows(window)] == ["Report"] * 3
    window.label_filter.setCurrentText("All labels")
    window.session_view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    durations = [r[3] for r in table_rows(window)]
    assert durations[:2] == ["1 h 30 min", "1 h"]
    assert durations[-1] == "10 min"


def test_the_totals_match_hand_computed_numbers(window: ReviewWindow) -> None:
    totals = window.totals
    assert totals.text("focus") == "4 h of 7.5 h planned"  # 90+30+60+40+20 = 240 min
    assert totals.text("blocks") == "3 completed · 1 stopped · 1 cut"
    assert totals.text("context_switches") == "1"  # Report → Email on Monday
    assert totals.text("hard_stops") == "1 of 2"
    assert totals.text("overtime") == "0:15 (1 snooze)"
    assert totals.text("protected_days") == "1 of 2"  # Saturday breached, Sunday kept
    assert totals.text("breaches") == "1"
    assert totals.text("deliverables") == "3"


def test_the_ledger_shows_deliverables_and_each_days_big_task(window: ReviewWindow) -> None:
    assert window.ledger.row_texts(0) == [
        "Mon 16 Nov",
        "Outline the report",
        "2",
        "Outline, charts",
    ]
    assert window.ledger.row_texts(1)[:3] == ["Tue 17 Nov", "—", "—"]
    assert window.tabs.tabText(0) == "Sessions"


def test_caregiver_pro_shows_the_outcome_ledger_first(
    qtbot: QtBot, log: SessionLog, catalog: PatternCatalog
) -> None:
    review = ReviewWindow(log, catalog, BERLIN, SUN, active_pattern_id="caregiver-pro")
    qtbot.addWidget(review)
    review.show_week(WEEK.next())  # a week with no rows: the active pattern rules it
    assert review.tabs.tabText(0) == "Outcome ledger"
    assert review.tabs.currentIndex() == 0
    assert review.chart.values()["Planned focus"] == [180] * 5 + [0, 0]
    review.show_week(WEEK)  # lived under Boundary Fortress
    assert review.tabs.tabText(0) == "Sessions"


def test_weeks_navigate_back_forward_and_to_this_week(
    qtbot: QtBot, log: SessionLog, catalog: PatternCatalog
) -> None:
    review = ReviewWindow(log, catalog, BERLIN, date(2026, 11, 25))
    qtbot.addWidget(review)
    assert review.week == IsoWeek(2026, 48)
    assert not review.this_week_action.isEnabled()
    review.previous_action.trigger()
    assert review.week == WEEK
    assert review.chart.values()["Focus"][0] == 120
    assert review.this_week_action.isEnabled()
    review.previous_action.trigger()
    assert review.chart.values()["Focus"] == [0, 0, 0, 0, 0, 0, 45]  # "prev" on Sunday 15
    review.this_week_action.trigger()
    assert review.week == IsoWeek(2026, 48)
    review.next_action.trigger()
    assert review.week == IsoWeek(2026, 49)


def test_an_edit_that_would_overlap_is_refused_with_a_message(
    window: ReviewWindow, log: SessionLog
) -> None:
    assert window.select_session("tue-1")
    editor = window.session_editor(window.selected_session())
    # Move Tuesday's block onto Monday 10:00, over Monday's 09:30–11:00 block.
    editor.start.setDateTime(QDateTime(QDate(2026, 11, 16), QTime(10, 0), QTimeZone.utc()))
    editor.end.setDateTime(QDateTime(QDate(2026, 11, 16), QTime(11, 0), QTimeZone.utc()))
    editor.try_save()
    assert "overlaps" in editor.error.text() and "Report" in editor.error.text()
    assert editor.saved is None
    stored = log.get_session("tue-1")
    assert stored is not None and stored.day == TUE
    assert window.undo_stack.count() == 0


def test_an_end_before_the_start_is_refused_in_the_dialog(window: ReviewWindow) -> None:
    window.select_session("mon-1")
    editor = window.session_editor(window.selected_session())
    editor.end.setDateTime(QDateTime(QDate(2026, 11, 16), QTime(9, 0), QTimeZone.utc()))
    editor.try_save()
    assert "must be after the start" in editor.error.text()


def test_editing_a_label_and_times_updates_the_log_and_undoes(
    window: ReviewWindow, log: SessionLog
) -> None:
    window.select_session("tue-1")
    editor = window.session_editor(window.selected_session())
    editor.label.setCurrentText("Quarterly report")
    editor.outcome.setCurrentIndex(editor.outcome.findData(Outcome.STOPPED))
    editor.end.setDateTime(QDateTime(QDate(2026, 11, 17), QTime(10, 45), QTimeZone.utc()))
    editor.try_save()
    assert editor.saved is not None and editor.error.text() == ""
    stored = log.get_session("tue-1")
    assert stored is not None
    assert (stored.label, stored.outcome, stored.actual_seconds) == (
        "Quarterly report",
        Outcome.STOPPED,
        75 * 60,
    )
    assert stored.ended_at == datetime(2026, 11, 17, 9, 45, tzinfo=UTC)
    assert window.chart.values()["Focus"][1] == 75
    window.undo_action.trigger()
    restored = log.get_session("tue-1")
    assert restored is not None and restored.label == "Report" and restored.actual_seconds == 3600
    assert window.chart.values()["Focus"][1] == 60


def test_undo_restores_a_deleted_row(window: ReviewWindow, log: SessionLog) -> None:
    assert window.select_session("mon-2")
    window.delete_button.click()
    assert log.get_session("mon-2") is None
    assert [r[2] for r in table_rows(window)].count("Email") == 0
    assert window.totals.text("blocks") == "3 completed · 0 stopped · 1 cut"
    assert "Undo" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    assert log.get_session("mon-2") == KNOWN_WEEK[2]
    assert table_rows(window)[2][2] == "Email"
    window.redo_action.trigger()
    assert log.get_session("mon-2") is None


def test_a_forgotten_session_can_be_added_and_undone(window: ReviewWindow, log: SessionLog) -> None:
    editor = window.session_editor()
    editor.label.setCurrentText("Forgotten focus")
    editor.start.setDateTime(QDateTime(QDate(2026, 11, 18), QTime(14, 0), QTimeZone.utc()))
    editor.end.setDateTime(QDateTime(QDate(2026, 11, 18), QTime(15, 0), QTimeZone.utc()))
    editor.try_save()
    assert editor.saved is not None
    added = log.get_session(editor.saved.id)
    assert added is not None and added.day == WED and added.pattern_id == "boundary-fortress"
    assert added.started_at == datetime(2026, 11, 18, 13, 0, tzinfo=UTC)
    assert window.chart.values()["Focus"][2] == 60
    window.undo_action.trigger()
    assert log.get_session(editor.saved.id) is None


def test_the_weekly_review_is_saved_per_week(window: ReviewWindow, log: SessionLog) -> None:
    window.review_form.wins.setPlainText("Report outlined")
    window.review_form.upgrade.setPlainText("Stop at 18:00")
    window.review_form.save_button.click()
    assert log.get_weekly_review("2026-W47") == WeeklyReview(
        "2026-W47", "Report outlined", "", "Stop at 18:00"
    )
    window.show_next_week()
    assert window.review_form.wins.toPlainText() == ""
    window.review_form.misses.setPlainText("typed, then changed week")
    window.show_previous_week()  # leaving a week saves what was typed for it
    assert log.get_weekly_review("2026-W48") == WeeklyReview(
        "2026-W48", "", "typed, then changed week", ""
    )
    assert window.review_form.wins.toPlainText() == "Report outlined"


def test_reflection_with_too_little_data_says_so(window: ReviewWindow) -> None:
    (advice,) = window.reflection.advice_labels
    assert "Not enough reflections yet" in advice.text()
    assert window.reflection.trend_table.item(0, 5).text() == "4"  # energy of W47


def test_the_export_buttons_write_the_shown_week(
    window: ReviewWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = {fmt: tmp_path / f"week.{fmt}" for fmt in ("csv", "json", "ics")}
    monkeypatch.setattr(window, "choose_export_path", lambda fmt: targets[fmt])
    for action in window.export_actions.values():
        action.trigger()
    events = list(icalendar.Calendar.from_ical(targets["ics"].read_bytes()).walk("VEVENT"))
    assert sorted(str(e["UID"]) for e in events) == sorted(s.id for s in KNOWN_WEEK)
    exported = json.loads(targets["json"].read_text())["sessions"]
    assert [s["id"] for s in exported] == [s.id for s in KNOWN_WEEK]
    assert targets["csv"].read_text().count("\n") == 1 + len(KNOWN_WEEK)
    targets["csv"].write_text("keep me")
    window.export_actions["csv"].trigger()
    (backup,) = tmp_path.glob("week.csv.*.bak")
    assert backup.read_text() == "keep me"


def test_opening_the_window_reads_only_the_weeks_it_shows(
    qtbot: QtBot, log: SessionLog, catalog: PatternCatalog
) -> None:
    """Scale by construction: day-range queries only, never the whole history."""
    calls: list[str] = []

    class Spy:
        def __getattr__(self, name: str) -> object:
            calls.append(name)
            return getattr(log, name)

    review = ReviewWindow(Spy(), catalog, BERLIN, SUN)  # type: ignore[arg-type]
    qtbot.addWidget(review)
    review.show_previous_week()
    assert "iter_all_sessions" not in calls
    assert set(calls) == {"sessions_for_days", "days_between", "get_weekly_review"}


def test_a_forgotten_focus_session_on_a_protected_day_is_a_breach_in_every_total(
    window: ReviewWindow, log: SessionLog
) -> None:
    before = window.stats.totals.breaches
    editor = window.session_editor()
    editor.label.setCurrentText("Sunday catch-up")
    editor.start.setDateTime(QDateTime(QDate(2026, 11, 22), QTime(10, 0), QTimeZone.utc()))
    editor.end.setDateTime(QDateTime(QDate(2026, 11, 22), QTime(11, 0), QTimeZone.utc()))
    editor.try_save()
    assert editor.saved is not None
    added = log.get_session(editor.saved.id)
    assert added is not None and added.breach
    sunday = window.stats.days[6]
    assert sunday.protected_kept is False and sunday.breaches == 1
    assert window.stats.totals.breaches == before + 1


def test_a_forgotten_session_in_working_hours_or_a_buffer_is_no_breach(
    window: ReviewWindow, log: SessionLog
) -> None:
    for kind, day, hour in ((SessionKind.FOCUS, 18, 14), (SessionKind.BUFFER, 22, 10)):
        editor = window.session_editor()
        editor.kind.setCurrentIndex(editor.kind.findData(kind))
        editor.start.setDateTime(QDateTime(QDate(2026, 11, day), QTime(hour, 0), QTimeZone.utc()))
        editor.end.setDateTime(QDateTime(QDate(2026, 11, day), QTime(hour, 30), QTimeZone.utc()))
        editor.try_save()
        assert editor.saved is not None and not editor.saved.breach


def test_moving_a_session_past_the_hard_stop_makes_it_a_breach(window: ReviewWindow) -> None:
    assert window.select_session("tue-1")
    editor = window.session_editor(window.selected_session())
    editor.start.setDateTime(QDateTime(QDate(2026, 11, 17), QTime(19, 0), QTimeZone.utc()))
    editor.end.setDateTime(QDateTime(QDate(2026, 11, 17), QTime(20, 0), QTimeZone.utc()))
    assert editor.record().breach


def test_offclock_time_has_its_own_colour_row_and_total(
    qtbot: QtBot, log: SessionLog, catalog: PatternCatalog, tmp_path: Path
) -> None:
    log.insert_session(
        _session("wed-off", WED, "19:05", 37, SessionKind.OFFCLOCK, "Offclock", breach=True)
    )
    log.insert_session(
        _session("sun-off", SUN, "10:00", 23, SessionKind.OFFCLOCK, "Offclock", breach=True)
    )
    review = ReviewWindow(log, catalog, BERLIN, SUN)
    qtbot.addWidget(review)
    values = review.chart.values()
    assert values["Offclock"] == [0, 0, 37, 0, 0, 0, 23]
    assert values["Focus"] == [120, 60, 0, 40, 0, 20, 0]  # offclock is never focus
    # Presence was never known those evenings: the days without a stretch say so.
    assert review.totals.text("offclock") == "1:00 on 2 days · not watched on 5 days"
    kinds = [row[1] for row in table_rows(review)]
    assert kinds.count("offclock") == 2
    review.resize(1100, 760)
    review.grab().save(str(tmp_path / "review-offclock.png"))  # to look at
    for day in (MON, TUE, THU, FRI, SAT):
        record = log.get_day(day) or DayRecord(day, "boundary-fortress")
        record.offclock_watched = True
        log.save_day(record)
    watched = ReviewWindow(log, catalog, BERLIN, SUN)
    qtbot.addWidget(watched)
    assert watched.totals.text("offclock") == "1:00 on 2 days"
