"""The week review's edges: loading through the rows protocol, uneven weeks,
fallbacks when a day has no record or no plan, and the working-day helper."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from test_week_review import (
    BERLIN,
    FORTRESS,
    FRI,
    MON,
    SAT,
    SUN,
    THU,
    TUE,
    WED,
    WEEK,
    history_of,
    session,
)

from focusdesk.core.patterns import DaySpec, Pattern, Weekday, WorkModel
from focusdesk.core.sessions import DayRecord, SessionKind, SessionRecord
from focusdesk.core.week_review import (
    InvalidWeek,
    IsoWeek,
    load_week,
    plans_for_week,
    week_stats,
    working_day,
)

OTHER = Pattern(
    id="short",
    name="Short",
    model=WorkModel.BALANCE,
    days={d: DaySpec(protected=d >= Weekday.FRI) for d in Weekday},
)
SINCE_2020 = date(2020, 1, 6)


class Rows:
    """The log as the review reads it, recording the ranges it was asked for."""

    def __init__(self, sessions: list[SessionRecord], days: list[DayRecord]) -> None:
        self.sessions, self.days = sessions, days
        self.asked: list[tuple[str, date, date]] = []

    def sessions_for_days(self, first: date, last: date) -> list[SessionRecord]:
        self.asked.append(("sessions", first, last))
        return [s for s in self.sessions if first <= s.day <= last]

    def days_between(self, first: date, last: date) -> list[DayRecord]:
        self.asked.append(("days", first, last))
        return [d for d in self.days if first <= d.day <= last]


def test_load_week_reads_two_ranges_and_computes_the_week() -> None:
    sessions = [
        session(MON, "09:30", 90),
        session(TUE, "09:30", 45, kind=SessionKind.BUFFER),
        session(MON - timedelta(days=1), "10:00", 30),  # last Sunday: not this week
    ]
    days = [
        DayRecord(MON - timedelta(days=1), "fortress", big_task_tomorrow="Plan Q1"),
        DayRecord(MON, "fortress", snoozes=2, hard_stop_kept=False),
        DayRecord(THU, "short", snoozes=1),
    ]
    rows = Rows(sessions, days)
    history = history_of((SINCE_2020, FORTRESS), (THU, OTHER))
    stats = load_week(rows, WEEK, history, FORTRESS, BERLIN, today=SAT)
    assert rows.asked == [
        ("sessions", MON, SUN),
        ("days", MON - timedelta(days=1), SUN),
    ]
    assert stats.week == WEEK
    assert [s.id for s in stats.sessions] == [sessions[0].id, sessions[1].id]
    monday, tuesday, _, thursday, friday, saturday, sunday = stats.days
    assert monday.big_task == "Plan Q1"  # from the Sunday before the week
    assert (monday.focus_seconds, tuesday.buffer_seconds) == (5400, 2700)
    assert (monday.snoozes, thursday.snoozes) == (2, 1)
    assert stats.totals.snoozes == 3
    # Thursday and Friday were lived under "short" (no focus planned, Friday
    # protected); from today on the active pattern plans the days.
    assert (thursday.pattern_id, thursday.planned_focus_seconds) == ("short", 0)
    assert (friday.pattern_id, friday.planned_focus_seconds) == ("short", 0)
    assert (monday.planned_focus_seconds, saturday.pattern_id) == (5400, "fortress")
    # Friday and Saturday are protected and over (today), Sunday is still ahead.
    assert (friday.protected_kept, saturday.protected_kept, sunday.protected_kept) == (
        True,
        True,
        None,
    )


def test_protected_days_kept_with_an_uneven_week() -> None:
    # Three protected days (Fri under "short", Sat, Sun): two kept, one breached.
    sessions = [session(SAT, "10:00", 20, breach=True)]
    days = [DayRecord(d, "short") for d in (MON, TUE, WED, THU, FRI)]
    plans = plans_for_week(WEEK, history_of((SINCE_2020, FORTRESS), (FRI, OTHER)), None, BERLIN)
    stats = week_stats(WEEK, sessions, days, plans)
    assert [d.protected_kept for d in stats.days] == [
        None,
        None,
        None,
        None,
        True,
        False,
        True,
    ]
    assert stats.totals.protected_days_kept == 2
    assert stats.totals.protected_days_due == 3
    assert stats.totals.breaches == 1


def test_a_day_with_no_record_and_no_plan_has_empty_figures() -> None:
    stats = week_stats(WEEK, [session(WED, "09:30", 30)], days=[], plans={})
    wednesday = stats.days[2]
    assert wednesday.snoozes == 0
    assert wednesday.overtime_seconds == 0
    assert wednesday.planned_focus_seconds is None  # unknown, never 0
    assert wednesday.deliverables is None
    assert wednesday.deliverables_note == ""
    assert wednesday.big_task == ""
    assert wednesday.pattern_id == ""
    assert wednesday.hard_stop_kept is None
    assert wednesday.protected is False and wednesday.protected_kept is None
    # A record without a plan names its own pattern; a plan without a record, the plan's.
    with_record = week_stats(WEEK, [], [DayRecord(WED, "short", deliverables_note="x")], {})
    assert (with_record.days[2].pattern_id, with_record.days[2].deliverables_note) == (
        "short",
        "x",
    )
    plans = plans_for_week(WEEK, history_of((SINCE_2020, FORTRESS)), None, BERLIN)
    assert week_stats(WEEK, [], [], plans).days[2].pattern_id == "fortress"


def test_a_session_with_negative_seconds_counts_as_none() -> None:
    broken = session(TUE, "09:30", 30)
    broken.actual_seconds = -60
    ok = session(TUE, "11:00", 1)
    ok.actual_seconds = 0
    stats = week_stats(WEEK, [broken, ok])
    assert stats.days[1].focus_seconds == 0
    assert stats.days[1].blocks_completed == 2


def test_the_record_overtime_is_taken_when_no_overtime_session_exists() -> None:
    stats = week_stats(WEEK, [], [DayRecord(TUE, "fortress", overtime_seconds=900)])
    assert stats.days[1].overtime_seconds == 900
    assert stats.days[0].overtime_seconds == 0
    assert stats.totals.overtime_seconds == 900


def test_plans_are_laid_in_the_given_zone() -> None:
    plans = plans_for_week(WEEK, history_of((SINCE_2020, FORTRESS)), None, BERLIN)
    monday = plans[MON]
    assert monday is not None
    assert monday.blocks[0].start == datetime.combine(MON, time(9, 30), tzinfo=BERLIN)
    assert monday.blocks[0].start.tzinfo is BERLIN


def test_working_day_of_a_local_instant_respects_the_boundary() -> None:
    boundary = time(4, 30)
    assert working_day(datetime(2026, 11, 18, 4, 29), boundary) == date(2026, 11, 17)
    assert working_day(datetime(2026, 11, 18, 4, 30), boundary) == date(2026, 11, 18)
    assert working_day(datetime(2026, 11, 18, 0, 10), time(0, 0)) == date(2026, 11, 18)
    assert working_day(datetime(2026, 11, 18, 23, 59), time(0, 30)) == date(2026, 11, 18)


@pytest.mark.parametrize("text", ["0000-W01", "0000W10"])
def test_year_zero_is_refused_naming_the_rule(text: str) -> None:
    with pytest.raises(InvalidWeek) as error:
        IsoWeek.parse(text)
    assert str(error.value) == f"'{text}' is not an ISO week: the year must be 1 or later"


def test_year_one_is_a_week_like_any_other() -> None:
    assert IsoWeek.parse("0001-W01") == IsoWeek(1, 1)
    assert IsoWeek(1, 1).monday == date(1, 1, 1)


def test_the_sunday_record_before_the_week_only_gives_mondays_big_task() -> None:
    before = DayRecord(MON - timedelta(days=1), "fortress", snoozes=4, big_task_tomorrow="A")
    stats = week_stats(WEEK, [], [before])
    assert stats.days[0].big_task == "A"
    assert stats.totals.snoozes == 0
    assert stats.days[1].big_task == ""
