"""Month figures: per-day focus, verdicts judged by each day's own plan, totals, streaks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_week_review import BERLIN, FORTRESS, LIGHT, history_of, session

from focusdesk.core.month_review import InvalidMonth, Streak, YearMonth, month_stats, streak
from focusdesk.core.sessions import DayRecord
from focusdesk.core.week_review import plans_for_days

NOVEMBER = YearMonth(2026, 11)


def test_months_parse_and_shift_across_years() -> None:
    assert YearMonth.parse("2026-11") == NOVEMBER
    assert NOVEMBER.first == date(2026, 11, 1) and NOVEMBER.last == date(2026, 11, 30)
    assert YearMonth(2028, 2).last == date(2028, 2, 29)
    assert NOVEMBER.shifted(2) == YearMonth(2027, 1)
    assert NOVEMBER.shifted(-11) == YearMonth(2025, 12)
    assert str(YearMonth(2027, 1)) == "2027-01"
    with pytest.raises(InvalidMonth, match="'2026-13' is not a month"):
        YearMonth.parse("2026-13")
    with pytest.raises(InvalidMonth, match="write it as YYYY-MM"):
        YearMonth.parse("November")


def test_streaks_skip_days_without_a_verdict() -> None:
    assert streak([True, None, True, False, True, True, None]) == Streak(2, 2)
    result = streak([True, True, True, False, True])
    assert (result.longest, result.current) == (3, 1)
    assert (streak([]).longest, streak([None]).current) == (0, 0)


def test_a_known_month_gives_hand_computed_figures_and_streaks() -> None:
    # Fortress until the 15th, then Light (no blocks, nothing protected).
    history = history_of((date(2026, 10, 1), FORTRESS), (date(2026, 11, 16), LIGHT))
    today = date(2026, 11, 25)
    plans = plans_for_days(NOVEMBER.days, history, LIGHT, BERLIN, today)
    mon2 = date(2026, 11, 2)
    sessions = [
        session(mon2, "09:30", 90),
        session(mon2 + timedelta(days=1), "09:30", 60),
        session(date(2026, 11, 7), "10:00", 30, breach=True),  # Saturday: protected, breached
        session(date(2026, 11, 17), "09:00", 45),
    ]
    records = [
        DayRecord(mon2 + timedelta(days=i), "fortress", hard_stop_kept=kept)
        for i, kept in enumerate([True, True, False, True, True])
    ] + [DayRecord(date(2026, 11, 17), "light", hard_stop_kept=True)]
    stats = month_stats(NOVEMBER, sessions, records, plans, today)

    assert len(stats.days) == 30
    assert stats.day(mon2).focus_minutes == 90
    assert stats.day(mon2).planned_focus_minutes == 90  # Fortress, then
    assert stats.day(date(2026, 11, 17)).planned_focus_minutes == 0  # Light, now
    sat7, sun8 = stats.day(date(2026, 11, 7)), stats.day(date(2026, 11, 8))
    assert (sat7.protected, sat7.protected_kept, sat7.breaches) == (True, False, 1)
    assert (sun8.protected, sun8.protected_kept) == (True, True)
    assert stats.day(date(2026, 11, 21)).protected is False  # under Light
    totals = stats.totals
    assert totals.focus_minutes == 90 + 60 + 30 + 45
    assert totals.days_worked == 4
    assert (totals.hard_stops_kept, totals.hard_stops_due) == (5, 6)
    # Protected Sat/Sun under Fortress: 1, 7, 8, 14, 15 (the 7th breached).
    assert (totals.protected_days_kept, totals.protected_days_due) == (4, 5)
    assert (stats.hard_stop_streak.longest, stats.hard_stop_streak.current) == (3, 3)
    assert (stats.protected_streak.longest, stats.protected_streak.current) == (3, 3)
    assert totals.planned_focus_minutes == 10 * 90  # 10 Fortress workdays, Light plans none
    assert totals.offclock_minutes == 0


def test_days_before_the_history_are_unknown_not_zero() -> None:
    history = history_of((date(2026, 11, 10), FORTRESS))
    plans = plans_for_days(NOVEMBER.days, history, FORTRESS, BERLIN, date(2026, 11, 30))
    stats = month_stats(NOVEMBER, [], [], plans, date(2026, 11, 30))
    assert [d.planned_focus_minutes for d in stats.days[:9]] == [None] * 9
    assert stats.totals.plan_unknown_days == 9
    assert stats.day(date(2026, 11, 10)).planned_focus_minutes == 90


def test_future_days_are_not_judged() -> None:
    history = history_of((date(2026, 10, 1), FORTRESS))
    plans = plans_for_days(NOVEMBER.days, history, FORTRESS, BERLIN, date(2026, 11, 5))
    stats = month_stats(NOVEMBER, [], [], plans, date(2026, 11, 5))
    assert stats.totals.protected_days_due == 1  # only Sunday the 1st has passed


def test_streaks_end_today_whatever_later_rows_say() -> None:
    history = history_of((date(2026, 10, 1), FORTRESS))
    today = date(2026, 11, 4)
    plans = plans_for_days(NOVEMBER.days, history, FORTRESS, BERLIN, today)
    records = [
        DayRecord(date(2026, 11, 2), "fortress", hard_stop_kept=True),
        DayRecord(date(2026, 11, 3), "fortress", hard_stop_kept=True),
        DayRecord(date(2026, 11, 5), "fortress", hard_stop_kept=False),  # a clock set wrong once
    ]
    stats = month_stats(NOVEMBER, [], records, plans, today)
    assert (stats.hard_stop_streak.longest, stats.hard_stop_streak.current) == (2, 2)
