"""Week statistics: per-day minutes against the plan, totals, the ledger, ISO weeks."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from focusdesk.core.patterns import BlockKind, BlockSpec, DaySpec, Pattern, Weekday, WorkModel
from focusdesk.core.plan_history import PatternEvent, PatternVersion, PlanHistory, pattern_hash
from focusdesk.core.planner import plan_day
from focusdesk.core.sessions import DayRecord, Outcome, SessionKind, SessionRecord
from focusdesk.core.week_review import (
    InvalidWeek,
    IsoWeek,
    is_breach,
    plans_for_week,
    week_stats,
)

BERLIN = ZoneInfo("Europe/Berlin")

WORKDAY = DaySpec(
    blocks=(
        BlockSpec(BlockKind.FOCUS, time(9, 30), time(11, 0), "Deep work"),
        BlockSpec(BlockKind.COLLAB, time(13, 0), time(15, 0)),
    ),
    hard_stop=time(18, 30),
)
FORTRESS = Pattern(
    id="fortress",
    name="Fortress",
    model=WorkModel.BALANCE,
    days={
        **{d: WORKDAY for d in Weekday if d < Weekday.SAT},
        Weekday.SAT: DaySpec(protected=True),
        Weekday.SUN: DaySpec(protected=True),
    },
)


def history_of(*entries: tuple[date, Pattern | None]) -> PlanHistory:
    """A pattern history: each pattern in force from its day on (None: plan unknown)."""
    return PlanHistory(
        PatternVersion(
            day=day,
            recorded_at=datetime.combine(day, time(8), tzinfo=UTC),
            pattern_id=pattern.id if pattern is not None else "gone",
            event=PatternEvent.SWITCH,
            pattern=pattern,
            content_hash=pattern_hash(pattern) if pattern is not None else None,
        )
        for day, pattern in entries
    )


FORTRESS_ALWAYS = history_of((date(2020, 1, 6), FORTRESS))


def session(
    day: date,
    start: str,
    minutes: int,
    *,
    kind: SessionKind = SessionKind.FOCUS,
    label: str = "Deep work",
    outcome: Outcome = Outcome.COMPLETED,
    breach: bool = False,
    zone: ZoneInfo = BERLIN,
) -> SessionRecord:
    local = datetime.combine(day, time.fromisoformat(start), tzinfo=zone)
    started = local.astimezone(UTC)
    ended = started + timedelta(minutes=minutes)
    offset = local.utcoffset()
    assert offset is not None
    return SessionRecord(
        id=f"{day}-{start}-{kind}",
        kind=kind,
        label=label,
        pattern_id="fortress",
        day=day,
        started_at=started,
        planned_end=ended,
        utc_offset_minutes=int(offset.total_seconds() // 60),
        planned_seconds=minutes * 60,
        ended_at=ended,
        actual_seconds=minutes * 60,
        outcome=outcome,
        breach=breach,
    )


WEEK = IsoWeek(2026, 47)  # Monday 16 November 2026
MON, TUE, WED, THU, FRI, SAT, SUN = WEEK.days


def known_week() -> tuple[list[SessionRecord], list[DayRecord]]:
    sessions = [
        session(MON, "09:30", 90),
        session(MON, "11:00", 10, kind=SessionKind.BUFFER),
        session(MON, "11:10", 45, label="Email", outcome=Outcome.STOPPED),
        session(MON, "14:00", 60, label="Deep work"),  # switch back: 2 switches on Monday
        session(TUE, "09:30", 90),
        session(TUE, "18:00", 30, label="Report", outcome=Outcome.CUT),
        session(TUE, "18:30", 10, kind=SessionKind.OVERTIME, label="Report"),
        session(WED, "09:30", 50, outcome=Outcome.RECOVERED),
        session(SAT, "10:00", 20, label="Taxes", breach=True),  # a breach on a protected day
    ]
    days = [
        DayRecord(SUN - timedelta(days=7), "fortress", big_task_tomorrow="Ship the draft"),
        DayRecord(MON, "fortress", hard_stop_kept=True, big_task_tomorrow="Report", deliverables=2),
        DayRecord(TUE, "fortress", hard_stop_kept=False, overtime_seconds=600, snoozes=1),
        DayRecord(WED, "fortress", hard_stop_kept=True, deliverables=1, deliverables_note="PR"),
    ]
    return sessions, days


def test_a_known_week_gives_hand_computed_days_and_totals() -> None:
    sessions, days = known_week()
    plans = plans_for_week(WEEK, FORTRESS_ALWAYS, FORTRESS, BERLIN, today=SUN)
    stats = week_stats(WEEK, sessions, days, plans, today=SUN)

    mon, tue, wed, thu, _fri, sat, sun = stats.days
    assert (mon.focus_minutes, mon.buffer_minutes, mon.overtime_minutes) == (195, 10, 0)
    assert mon.planned_focus_minutes == 90
    assert mon.context_switches == 2
    assert mon.big_task == "Ship the draft"
    assert (tue.focus_minutes, tue.overtime_minutes, tue.hard_stop_kept) == (120, 10, False)
    assert tue.big_task == "Report"
    assert wed.blocks_recovered == 1
    assert thu.focus_minutes == 0 and thu.hard_stop_kept is None
    assert sat.planned_focus_minutes == 0
    assert (sat.protected, sat.protected_kept, sat.breaches) == (True, False, 1)
    assert (sun.protected, sun.protected_kept) == (True, True)

    totals = stats.totals
    assert totals.focus_minutes == 90 + 45 + 60 + 90 + 30 + 50 + 20
    assert totals.focus_hours == 6.4
    assert totals.buffer_minutes == 10
    assert totals.overtime_minutes == 10
    assert totals.planned_focus_minutes == 5 * 90
    assert (totals.blocks_completed, totals.blocks_stopped) == (4, 1)
    assert (totals.blocks_cut, totals.blocks_recovered) == (1, 1)
    assert totals.context_switches == 2 + 1
    assert (totals.hard_stops_kept, totals.hard_stops_due) == (2, 3)
    assert (totals.protected_days_kept, totals.protected_days_due) == (1, 2)
    assert totals.breaches == 1
    assert totals.deliverables == 3
    assert [e.deliverables for e in stats.ledger] == [2, None, 1, None, None, None, None]
    assert stats.labels == ["Deep work", "Email", "Report", "Taxes"]


def test_overtime_is_never_counted_twice() -> None:
    """The day record tallies the same snoozed time the overtime sessions hold."""
    tue_overtime = session(TUE, "18:30", 10, kind=SessionKind.OVERTIME)
    record = DayRecord(TUE, "fortress", overtime_seconds=600)
    stats = week_stats(WEEK, [tue_overtime], [record])
    assert stats.days[1].overtime_minutes == 10


def test_future_protected_days_are_not_counted_yet() -> None:
    plans = plans_for_week(WEEK, FORTRESS_ALWAYS, FORTRESS, BERLIN, today=WED)
    stats = week_stats(WEEK, [], [], plans, today=WED)
    assert stats.totals.protected_days_due == 0
    assert stats.days[5].protected_kept is None


def test_offclock_says_not_known_for_days_no_one_watched() -> None:
    """SPEC §3a: presence unknown means no offclock figure, never 0 minutes."""
    records = [
        DayRecord(MON, "fortress", offclock_watched=True),
        DayRecord(TUE, "fortress", offclock_watched=False),
        # Wednesday: no record (FocusDesk not running that evening, or an older log).
        DayRecord(THU, "fortress", offclock_watched=False),  # today, seen unwatched
        DayRecord(FRI, "fortress", offclock_watched=False),  # the future: not due yet
    ]
    stretch = session(WED, "19:00", 20, kind=SessionKind.OFFCLOCK, breach=True)
    stats = week_stats(WEEK, [stretch], records, today=THU)
    unknown = [d.offclock_unknown for d in stats.days]
    # A stretch on the log proves Wednesday was watched, whatever its record says.
    assert unknown == [False, True, False, True, False, False, False]
    assert stats.totals.offclock_unknown_days == 2
    assert (stats.totals.offclock_minutes, stats.totals.offclock_days) == (20, 1)
    # Today, not seen yet (no record), claims nothing either way.
    assert week_stats(WEEK, [], [], today=THU).days[3].offclock_unknown is False


def test_sessions_outside_the_week_are_ignored() -> None:
    before = session(SUN - timedelta(days=7), "10:00", 60)
    after = session(SUN + timedelta(days=1), "10:00", 60)
    stats = week_stats(WEEK, [before, after], [])
    assert stats.totals.focus_seconds == 0
    assert stats.sessions == ()


LIGHT = Pattern(id="light", name="Light", model=WorkModel.BALANCE)  # no blocks at all


def test_a_past_day_keeps_the_pattern_in_force_that_day() -> None:
    """Switched to Light on Tuesday: Monday keeps Fortress, today and later follow Light."""
    history = history_of((date(2026, 1, 5), FORTRESS), (TUE, LIGHT))
    plans = plans_for_week(WEEK, history, LIGHT, BERLIN, today=THU)
    assert [plans[d].planned_focus_seconds for d in WEEK.days] == [90 * 60] + [0] * 6  # type: ignore[union-attr]
    assert plans[MON].pattern_id == "fortress"  # type: ignore[union-attr]


def test_today_and_later_follow_the_active_pattern_even_when_the_history_lags() -> None:
    plans = plans_for_week(WEEK, history_of((date(2026, 1, 5), LIGHT)), FORTRESS, BERLIN, today=WED)
    assert plans[TUE].planned_focus_seconds == 0  # type: ignore[union-attr]
    assert plans[WED].planned_focus_seconds == 90 * 60  # type: ignore[union-attr]


def test_a_day_older_than_the_history_has_an_unknown_plan_never_zero() -> None:
    plans = plans_for_week(WEEK, history_of((WED, FORTRESS)), FORTRESS, BERLIN, today=SUN)
    assert plans[MON] is None and plans[TUE] is None
    stats = week_stats(WEEK, [session(MON, "09:30", 60)], [], plans, today=SUN)
    mon = stats.days[0]
    assert (mon.plan_known, mon.planned_focus_minutes) == (False, None)
    assert stats.totals.plan_unknown_days == 2
    assert stats.totals.planned_focus_minutes == 3 * 90  # Wed–Fri only


def test_a_pattern_gone_before_the_upgrade_leaves_its_days_unknown() -> None:
    history = history_of((date(2026, 1, 5), None), (THU, FORTRESS))
    plans = plans_for_week(WEEK, history, FORTRESS, BERLIN, today=SUN)
    assert [plans[d] is None for d in WEEK.days] == [True] * 3 + [False] * 4


def test_stop_reasons_and_the_planned_hard_stop_are_on_the_day() -> None:
    stopped = session(MON, "09:30", 20, outcome=Outcome.STOPPED)
    stopped.note = "Kid sick"
    plans = plans_for_week(WEEK, FORTRESS_ALWAYS, FORTRESS, BERLIN, today=SUN)
    mon = week_stats(WEEK, [stopped], [], plans, today=SUN).days[0]
    assert mon.stop_reasons == ("Kid sick",)
    assert mon.hard_stop_planned == datetime(2026, 11, 16, 18, 30, tzinfo=BERLIN)


def test_dst_week_counts_sessions_on_their_working_day() -> None:
    """25 October 2026: Berlin falls back; a session after midnight belongs to Saturday."""
    week = IsoWeek.parse("2026-W43")
    saturday = week.days[5]
    late = session(saturday, "23:30", 90, label="Late")  # runs across midnight into DST end
    plans = plans_for_week(week, FORTRESS_ALWAYS, FORTRESS, BERLIN)
    stats = week_stats(week, [late], [], plans)
    assert stats.days[5].focus_minutes == 90
    assert stats.days[6].focus_minutes == 0
    assert week.days[6] == date(2026, 10, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-W47", IsoWeek(2026, 47)),
        ("2026W05", IsoWeek(2026, 5)),
        (" 2020-w53 ", IsoWeek(2020, 53)),
    ],
)
def test_iso_weeks_parse(text: str, expected: IsoWeek) -> None:
    assert IsoWeek.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("2026-47", "'2026-47'"),
        ("next week", "'next week'"),
        ("2025-W53", "2025 (it has 52"),
        ("2026-W00", "'2026-W00'"),
        ("", "''"),
    ],
)
def test_bad_weeks_are_refused_naming_the_value(text: str, named: str) -> None:
    with pytest.raises(InvalidWeek, match="ISO week") as error:
        IsoWeek.parse(text)
    assert named in str(error.value)


def test_weeks_cross_year_ends() -> None:
    assert IsoWeek.parse("2026-W53").monday == date(2026, 12, 28)
    assert IsoWeek(2026, 53).next() == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).previous() == IsoWeek(2026, 53)
    assert IsoWeek.of(date(2027, 1, 1)) == IsoWeek(2026, 53)
    assert IsoWeek(2025, 52).next() == IsoWeek(2026, 1)
    assert str(IsoWeek(2026, 5)) == "2026-W05"


def test_focus_logged_by_hand_in_protected_time_is_a_breach_like_a_live_start() -> None:
    def at(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=BERLIN)

    weekday, sunday = plan_day(FORTRESS, WED, BERLIN), plan_day(FORTRESS, SUN, BERLIN)
    assert is_breach(SessionKind.FOCUS, at(SUN, 10), sunday)
    assert is_breach(SessionKind.FOCUS, at(WED, 20), weekday)
    assert not is_breach(SessionKind.FOCUS, at(WED, 10), weekday)
    assert not is_breach(SessionKind.BUFFER, at(SUN, 10), sunday)
    assert not is_breach(SessionKind.OVERTIME, at(WED, 20), weekday)
    assert not is_breach(SessionKind.FOCUS, at(SUN, 10), None)
