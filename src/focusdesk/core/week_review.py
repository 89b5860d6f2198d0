"""Week statistics from rows of the log (SPEC §5): what the review and `focusdesk week` show.

Pure: it is given one ISO week's sessions and day records (from the store) and
the day plans (from the planner), and answers with per-day numbers, week
totals and the outcome ledger. Days are the sessions' own `day` field, the
working day the engine assigned, so a DST week or late-night work after
midnight lands on the day the user lived it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Protocol

from focusdesk.core.patterns import Pattern
from focusdesk.core.plan_history import PlanHistory
from focusdesk.core.planner import DayPlan, plan_day
from focusdesk.core.sessions import DayRecord, Outcome, SessionKind, SessionRecord

_ISO_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


class InvalidWeek(ValueError):
    """A week that is not an ISO week ("2026-W47")."""


@dataclass(frozen=True, slots=True, order=True)
class IsoWeek:
    """One ISO-8601 week: Monday to Sunday, numbered within its ISO year."""

    year: int
    week: int

    def __post_init__(self) -> None:
        try:
            date.fromisocalendar(self.year, self.week, 1)
        except ValueError:
            raise InvalidWeek(
                f"week {self.week} does not exist in {self.year} "
                f"(it has {weeks_in_year(self.year)} ISO weeks)"
            ) from None

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Parse "YYYY-Www" (also "YYYYWww"); the error names the bad value."""
        match = _ISO_WEEK.match(text)
        if match is None:
            raise InvalidWeek(f"'{text}' is not an ISO week; write it as YYYY-Www, e.g. 2026-W47")
        year, week = int(match.group(1)), int(match.group(2))
        if year < 1:
            raise InvalidWeek(f"'{text}' is not an ISO week: the year must be 1 or later")
        try:
            return cls(year, week)
        except InvalidWeek as error:
            raise InvalidWeek(f"'{text}' is not an ISO week: {error}") from None

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        """The ISO week holding `day` (1 January may belong to the previous year's week)."""
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def days(self) -> list[date]:
        monday = self.monday
        return [monday + timedelta(days=i) for i in range(7)]

    def shifted(self, weeks: int) -> IsoWeek:
        """The week `weeks` later (negative: earlier); crosses year ends correctly."""
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def previous(self) -> IsoWeek:
        return self.shifted(-1)

    def next(self) -> IsoWeek:
        return self.shifted(1)

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"


def weeks_in_year(year: int) -> int:
    """52 or 53: 28 December always lies in the last ISO week of its year."""
    return date(year, 12, 28).isocalendar().week


class _MinuteFigures:
    """The chart and tables speak minutes; the records count seconds."""

    __slots__ = ()
    focus_seconds: int
    buffer_seconds: int
    overtime_seconds: int
    offclock_seconds: int

    @property
    def focus_minutes(self) -> int:
        return round(self.focus_seconds / 60)

    @property
    def buffer_minutes(self) -> int:
        return round(self.buffer_seconds / 60)

    @property
    def overtime_minutes(self) -> int:
        return round(self.overtime_seconds / 60)

    @property
    def offclock_minutes(self) -> int:
        return round(self.offclock_seconds / 60)


@dataclass(frozen=True, slots=True)
class DayStats(_MinuteFigures):
    """One day of the week, as the chart and the ledger show it."""

    day: date
    focus_seconds: int = 0
    buffer_seconds: int = 0
    overtime_seconds: int = 0
    #: None: the plan in force that day is unknown (a log older than the
    #: pattern history, or a pattern that no longer existed): never shown as 0.
    planned_focus_seconds: int | None = None
    #: None: no hard stop planned, or the day is not closed yet.
    hard_stop_kept: bool | None = None
    #: The plan (or the day record) says this day is protected from work.
    protected: bool = False
    #: A protected day with no session logged; None for an unprotected or future day.
    protected_kept: bool | None = None
    blocks_completed: int = 0
    blocks_stopped: int = 0
    blocks_cut: int = 0
    blocks_recovered: int = 0
    context_switches: int = 0
    breaches: int = 0
    snoozes: int = 0
    #: The one big task set for this day at the previous day's shutdown.
    big_task: str = ""
    deliverables: int | None = None
    deliverables_note: str = ""
    pattern_id: str = ""
    #: The hard stop the day's plan set (aware local time), if any.
    hard_stop_planned: datetime | None = None
    #: "Why stop early?" answers of the day's stopped blocks, in time order.
    stop_reasons: tuple[str, ...] = ()
    #: At the computer in protected time with no block (SPEC §3a): never focus.
    offclock_seconds: int = 0
    #: A day that is over (or today, once seen) whose protected time FocusDesk could
    #: not watch (presence unknown, or not running then): its 0 offclock means "not known".
    offclock_unknown: bool = False

    @property
    def plan_known(self) -> bool:
        return self.planned_focus_seconds is not None

    @property
    def planned_focus_minutes(self) -> int | None:
        seconds = self.planned_focus_seconds
        return None if seconds is None else round(seconds / 60)


@dataclass(frozen=True, slots=True)
class WeekTotals(_MinuteFigures):
    focus_seconds: int = 0
    buffer_seconds: int = 0
    overtime_seconds: int = 0
    offclock_seconds: int = 0
    #: Days with any offclock time.
    offclock_days: int = 0
    #: Days whose offclock time is not known (see `DayStats.offclock_unknown`).
    offclock_unknown_days: int = 0
    planned_focus_seconds: int = 0
    blocks_completed: int = 0
    blocks_stopped: int = 0
    blocks_cut: int = 0
    blocks_recovered: int = 0
    context_switches: int = 0
    hard_stops_kept: int = 0
    #: Days whose hard stop has a verdict (kept or missed).
    hard_stops_due: int = 0
    protected_days_kept: int = 0
    #: Protected days that are over or under way (future ones are not counted yet).
    protected_days_due: int = 0
    breaches: int = 0
    snoozes: int = 0
    deliverables: int = 0
    #: Days whose plan is unknown: the planned total leaves them out.
    plan_unknown_days: int = 0

    @property
    def planned_focus_minutes(self) -> int:
        return round(self.planned_focus_seconds / 60)

    @property
    def focus_hours(self) -> float:
        return round(self.focus_seconds / 3600, 1)

    @property
    def blocks(self) -> int:
        return self.blocks_completed + self.blocks_stopped + self.blocks_cut + self.blocks_recovered


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """A line of the outcome ledger: what a day produced, and what it was for."""

    day: date
    big_task: str
    deliverables: int | None
    note: str


@dataclass(frozen=True, slots=True)
class WeekStats:
    week: IsoWeek
    days: tuple[DayStats, ...]
    totals: WeekTotals
    #: The week's sessions in time order.
    sessions: tuple[SessionRecord, ...] = field(default=())
    #: Each day's plan as it was in force that day; None: unknown.
    plans: dict[date, DayPlan | None] = field(default_factory=dict)

    @property
    def ledger(self) -> list[LedgerEntry]:
        return [
            LedgerEntry(d.day, d.big_task, d.deliverables, d.deliverables_note) for d in self.days
        ]

    @property
    def labels(self) -> list[str]:
        """Distinct session labels of the week, sorted case-insensitively."""
        return sorted({s.label for s in self.sessions if s.label}, key=str.casefold)


def plans_for_week(
    week: IsoWeek,
    history: PlanHistory,
    active: Pattern | None,
    zone: tzinfo,
    today: date | None = None,
) -> dict[date, DayPlan | None]:
    """Each day's plan under the pattern in force that day (None: unknown).

    Today and later follow the live `active` pattern; a past day follows the
    pattern history (the version recorded on or before it), so switching or
    editing a pattern never rewrites last week. A day before the first record
    has no known plan. Without `today`, every day is read from the history.
    """
    return plans_for_days(week.days, history, active, zone, today)


def plans_for_days(
    days: Iterable[date],
    history: PlanHistory,
    active: Pattern | None,
    zone: tzinfo,
    today: date | None = None,
) -> dict[date, DayPlan | None]:
    """`plans_for_week` for any run of days (a month)."""
    plans: dict[date, DayPlan | None] = {}
    for day in days:
        pattern = active if today is not None and day >= today else history.pattern_on(day)
        plans[day] = None if pattern is None else plan_day(pattern, day, zone)
    return plans


def day_stats(
    day: date,
    sessions: Sequence[SessionRecord],
    record: DayRecord | None,
    previous: DayRecord | None,
    plan: DayPlan | None,
    today: date | None,
) -> DayStats:
    """One day's figures from its sessions (time order) and records; `plan` None: unknown.

    `previous` is the day record before (for the day's one big task).
    """
    seconds = {kind: 0 for kind in SessionKind}
    outcomes = {outcome: 0 for outcome in Outcome}
    for session in sessions:
        seconds[session.kind] += max(0, session.actual_seconds)
        if session.kind is SessionKind.FOCUS and session.outcome in outcomes:
            outcomes[session.outcome] += 1
    offclock = seconds[SessionKind.OFFCLOCK]
    watched = record.offclock_watched if record is not None else None
    # A stretch on the log proves it was watched; today counts once it has been seen.
    offclock_unknown = (
        offclock == 0
        and watched is not True
        and (today is None or day < today or (day == today and watched is False))
    )
    focus = [s for s in sessions if s.kind is SessionKind.FOCUS]
    switches = sum(1 for a, b in itertools.pairwise(focus) if a.label != b.label)
    # The day record's overtime is the engine's tally of the same snoozed time
    # that overtime sessions hold: take the larger, never the sum.
    overtime = max(seconds[SessionKind.OVERTIME], record.overtime_seconds if record else 0)
    protected = bool(
        (plan is not None and plan.protected) or (record is not None and record.protected)
    )
    protected_kept: bool | None = None
    if protected and (today is None or day <= today):
        protected_kept = not sessions
    return DayStats(
        day=day,
        focus_seconds=seconds[SessionKind.FOCUS],
        buffer_seconds=seconds[SessionKind.BUFFER],
        overtime_seconds=overtime,
        planned_focus_seconds=plan.planned_focus_seconds if plan is not None else None,
        hard_stop_kept=record.hard_stop_kept if record is not None else None,
        protected=protected,
        protected_kept=protected_kept,
        blocks_completed=outcomes[Outcome.COMPLETED],
        blocks_stopped=outcomes[Outcome.STOPPED] + outcomes[Outcome.INTERRUPTED],
        blocks_cut=outcomes[Outcome.CUT],
        blocks_recovered=outcomes[Outcome.RECOVERED],
        context_switches=switches,
        breaches=sum(1 for s in sessions if s.breach),
        snoozes=record.snoozes if record is not None else 0,
        big_task=previous.big_task_tomorrow if previous is not None else "",
        deliverables=record.deliverables if record is not None else None,
        deliverables_note=record.deliverables_note if record is not None else "",
        pattern_id=(
            record.pattern_id if record is not None else plan.pattern_id if plan is not None else ""
        ),
        hard_stop_planned=plan.hard_stop if plan is not None else None,
        offclock_seconds=offclock,
        offclock_unknown=offclock_unknown,
        stop_reasons=tuple(s.note for s in focus if s.note and s.outcome is Outcome.STOPPED),
    )


def _totals(days: Sequence[DayStats]) -> WeekTotals:
    return WeekTotals(
        focus_seconds=sum(d.focus_seconds for d in days),
        buffer_seconds=sum(d.buffer_seconds for d in days),
        overtime_seconds=sum(d.overtime_seconds for d in days),
        offclock_seconds=sum(d.offclock_seconds for d in days),
        offclock_days=sum(1 for d in days if d.offclock_seconds > 0),
        offclock_unknown_days=sum(1 for d in days if d.offclock_unknown),
        planned_focus_seconds=sum(d.planned_focus_seconds or 0 for d in days),
        blocks_completed=sum(d.blocks_completed for d in days),
        blocks_stopped=sum(d.blocks_stopped for d in days),
        blocks_cut=sum(d.blocks_cut for d in days),
        blocks_recovered=sum(d.blocks_recovered for d in days),
        context_switches=sum(d.context_switches for d in days),
        hard_stops_kept=sum(1 for d in days if d.hard_stop_kept is True),
        hard_stops_due=sum(1 for d in days if d.hard_stop_kept is not None),
        protected_days_kept=sum(1 for d in days if d.protected_kept is True),
        protected_days_due=sum(1 for d in days if d.protected_kept is not None),
        breaches=sum(d.breaches for d in days),
        snoozes=sum(d.snoozes for d in days),
        deliverables=sum(d.deliverables or 0 for d in days),
        plan_unknown_days=sum(1 for d in days if d.planned_focus_seconds is None),
    )


def week_stats(
    week: IsoWeek,
    sessions: Iterable[SessionRecord],
    days: Iterable[DayRecord] = (),
    plans: dict[date, DayPlan | None] | None = None,
    today: date | None = None,
) -> WeekStats:
    """The week's per-day numbers, totals and ledger.

    `sessions` and `days` may hold rows outside the week (they are ignored),
    except that the day record of the Sunday before is read for Monday's one
    big task. `today`, when given, keeps future protected days out of the
    "protected days kept" count.
    """
    week_days = week.days
    in_week = set(week_days)
    by_day: dict[date, list[SessionRecord]] = {d: [] for d in week_days}
    kept = sorted((s for s in sessions if s.day in in_week), key=lambda s: s.started_at)
    for session in kept:
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
        for day in week_days
    )
    return WeekStats(week, stats, _totals(stats), tuple(kept), dict(plans))


class WeekRows(Protocol):
    """What the week review reads from the log (the store's `SessionLog` fits)."""

    def sessions_for_days(self, first: date, last: date) -> list[SessionRecord]: ...

    def days_between(self, first: date, last: date) -> list[DayRecord]: ...


def load_week(
    rows: WeekRows,
    week: IsoWeek,
    history: PlanHistory,
    active: Pattern | None,
    zone: tzinfo,
    today: date | None = None,
) -> WeekStats:
    """Read one week (two indexed range queries) and compute its statistics.

    Day records are read from the Sunday before, for Monday's one big task.
    """
    sessions = rows.sessions_for_days(week.monday, week.sunday)
    days = rows.days_between(week.monday - timedelta(days=1), week.sunday)
    plans = plans_for_week(week, history, active, zone, today)
    return week_stats(week, sessions, days, plans, today)


def is_breach(kind: SessionKind, start: datetime, plan: DayPlan | None) -> bool:
    """Whether a session logged by hand breaches protected time, as the engine would judge it.

    Focus started on a protected day or after the day's hard stop is a breach;
    a buffer or a snoozed overtime stretch never is (the engine flags neither).
    """
    return kind is SessionKind.FOCUS and plan is not None and plan.is_protected_at(start)


def working_day(local_now: datetime, day_boundary: time) -> date:
    """The working day a local instant belongs to: before the boundary, the day before."""
    shifted = local_now - timedelta(hours=day_boundary.hour, minutes=day_boundary.minute)
    return shifted.date()
