"""Month figures from rows of the log (SPEC §5): what the month view and `focusdesk month` show.

Pure, like `week_review`: given one month's sessions and day records and the
pattern history, it answers with each day's focus, offclock time, hard stop
kept or missed and protected day kept (each day judged by its own plan),
the month's totals, and streaks.

Streaks count verdicts only: a day without a hard stop verdict (a free day,
a day not over yet) neither extends nor breaks the run of hard stops kept;
likewise only protected days count for the protected-day streak. "Current"
is the run that reaches the month's last judged day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import Protocol

from focusdesk.core.patterns import Pattern
from focusdesk.core.plan_history import PlanHistory
from focusdesk.core.planner import DayPlan
from focusdesk.core.sessions import DayRecord, SessionRecord
from focusdesk.core.week_review import DayStats, day_stats, plans_for_days

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class InvalidMonth(ValueError):
    """A month that is not "YYYY-MM"."""


@dataclass(frozen=True, slots=True, order=True)
class YearMonth:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise InvalidMonth(f"month {self.month} does not exist (1–12)")
        if self.year < 1:
            raise InvalidMonth("the year must be 1 or later")

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """Parse "YYYY-MM"; the error names the bad value."""
        match = _MONTH.match(text)
        if match is None:
            raise InvalidMonth(f"'{text}' is not a month; write it as YYYY-MM, e.g. 2026-11")
        try:
            return cls(int(match.group(1)), int(match.group(2)))
        except InvalidMonth as error:
            raise InvalidMonth(f"'{text}' is not a month: {error}") from None

    @classmethod
    def of(cls, day: date) -> YearMonth:
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        following = self.shifted(1)
        return date(following.year, following.month, 1) - timedelta(days=1)

    @property
    def days(self) -> list[date]:
        first = self.first
        return [first + timedelta(days=i) for i in range(self.last.day)]

    def shifted(self, months: int) -> YearMonth:
        index = self.year * 12 + (self.month - 1) + months
        return YearMonth(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, slots=True)
class Streak:
    """A run of kept verdicts: the longest in the month, and the one reaching its end."""

    longest: int = 0
    current: int = 0


@dataclass(frozen=True, slots=True)
class MonthTotals:
    focus_seconds: int = 0
    offclock_seconds: int = 0
    #: Days whose offclock time is not known (not watched): not "0 minutes".
    offclock_unknown_days: int = 0
    planned_focus_seconds: int = 0
    plan_unknown_days: int = 0
    days_worked: int = 0
    hard_stops_kept: int = 0
    hard_stops_due: int = 0
    protected_days_kept: int = 0
    protected_days_due: int = 0
    breaches: int = 0

    @property
    def focus_minutes(self) -> int:
        return round(self.focus_seconds / 60)

    @property
    def offclock_minutes(self) -> int:
        return round(self.offclock_seconds / 60)

    @property
    def planned_focus_minutes(self) -> int:
        return round(self.planned_focus_seconds / 60)


@dataclass(frozen=True, slots=True)
class MonthStats:
    month: YearMonth
    days: tuple[DayStats, ...]
    totals: MonthTotals
    hard_stop_streak: Streak
    protected_streak: Streak
    #: Days after `today` (not lived yet): shown, never judged.
    today: date | None = None

    def day(self, day: date) -> DayStats:
        return self.days[day.day - 1]

    @property
    def max_focus_seconds(self) -> int:
        return max((d.focus_seconds for d in self.days), default=0)


def streak(verdicts: Iterable[bool | None]) -> Streak:
    """Longest and current run of True among the verdicts (None is skipped)."""
    longest = current = 0
    for verdict in verdicts:
        if verdict is None:
            continue
        current = current + 1 if verdict else 0
        longest = max(longest, current)
    return Streak(longest, current)


def _totals(days: Sequence[DayStats]) -> MonthTotals:
    return MonthTotals(
        focus_seconds=sum(d.focus_seconds for d in days),
        offclock_seconds=sum(d.offclock_seconds for d in days),
        offclock_unknown_days=sum(1 for d in days if d.offclock_unknown),
        planned_focus_seconds=sum(d.planned_focus_seconds or 0 for d in days),
        plan_unknown_days=sum(1 for d in days if d.planned_focus_seconds is None),
        days_worked=sum(1 for d in days if d.focus_seconds > 0),
        hard_stops_kept=sum(1 for d in days if d.hard_stop_kept is True),
        hard_stops_due=sum(1 for d in days if d.hard_stop_kept is not None),
        protected_days_kept=sum(1 for d in days if d.protected_kept is True),
        protected_days_due=sum(1 for d in days if d.protected_kept is not None),
        breaches=sum(d.breaches for d in days),
    )


def month_stats(
    month: YearMonth,
    sessions: Iterable[SessionRecord],
    days: Iterable[DayRecord],
    plans: dict[date, DayPlan | None] | None = None,
    today: date | None = None,
) -> MonthStats:
    """The month's per-day figures, totals and streaks (rows outside the month are ignored)."""
    month_days = month.days
    by_day: dict[date, list[SessionRecord]] = {d: [] for d in month_days}
    for session in sorted(sessions, key=lambda s: s.started_at):
        if session.day in by_day:
            by_day[session.day].append(session)
    records = {r.day: r for r in days}
    plans = plans or {}
    stats = tuple(
        day_stats(
            day,
            by_day[day],
            records.get(day),
            records.get(day - timedelta(days=1)),
            plans.get(day),
            today,
        )
        for day in month_days
    )
    lived = [d for d in stats if today is None or d.day <= today]  # the future is not judged
    return MonthStats(
        month,
        stats,
        _totals(stats),
        streak(d.hard_stop_kept for d in lived),
        streak(d.protected_kept for d in lived),
        today,
    )


class MonthRows(Protocol):
    """What the month reads from the log (the store's `SessionLog` fits)."""

    def sessions_for_days(self, first: date, last: date) -> list[SessionRecord]: ...

    def days_between(self, first: date, last: date) -> list[DayRecord]: ...


def load_month(
    rows: MonthRows,
    month: YearMonth,
    history: PlanHistory,
    active: Pattern | None,
    zone: tzinfo,
    today: date | None = None,
) -> MonthStats:
    """Read one month (two indexed range queries) and compute its figures."""
    sessions = rows.sessions_for_days(month.first, month.last)
    days = rows.days_between(month.first - timedelta(days=1), month.last)
    plans = plans_for_days(month.days, history, active, zone, today)
    return month_stats(month, sessions, days, plans, today)
