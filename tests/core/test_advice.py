"""The reflection trend and the advice rules, on hand-built series."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

from focusdesk.core.advice import Advice, AdviceKind, WeekReflection, advise, reflection_trend
from focusdesk.core.patterns import (
    BlockKind,
    BlockSpec,
    DaySpec,
    Pattern,
    PatternDefaults,
    Weekday,
    WorkModel,
)
from focusdesk.core.sessions import DayRecord, SessionKind, SessionRecord
from focusdesk.core.week_review import IsoWeek

WORKDAY = DaySpec(
    blocks=(BlockSpec(BlockKind.FOCUS, time(9, 30), time(11, 0), "Deep work"),),
    hard_stop=time(18, 30),
)
FORTRESS = Pattern(
    id="boundary-fortress",
    name="Boundary Fortress",
    model=WorkModel.BALANCE,
    days={
        **{d: WORKDAY for d in Weekday if d < Weekday.SAT},
        Weekday.SAT: DaySpec(protected=True),
        Weekday.SUN: DaySpec(protected=True),
    },
    defaults=PatternDefaults(snooze_limit=1, snooze_minutes=10),
)
LAST = IsoWeek(2026, 47)


def series(
    energy: list[float | None], relationships: list[float | None], output: list[int | None]
) -> list[WeekReflection]:
    weeks = [LAST.shifted(i - len(energy) + 1) for i in range(len(energy))]
    return [
        WeekReflection(w, e, r, o, days_reflected=5)
        for w, e, r, o in zip(weeks, energy, relationships, output, strict=True)
    ]


def kinds(advice: list[Advice]) -> list[AdviceKind]:
    return [a.kind for a in advice]


def test_energy_and_relationships_down_two_weeks_tightens_boundaries_in_pattern_numbers() -> None:
    trend = series([4, 4, 4, 3.8, 3.2, 2.9], [4, 4, 4, 3.5, 3.0, 2.5], [5, 5, 5, 6, 7, 8])
    advice = advise(trend, FORTRESS)
    assert kinds(advice) == [AdviceKind.TIGHTEN_BOUNDARIES]
    assert "try a hard stop at 18:00 instead of 18:30" in advice[0].text
    assert "no snooze (strict mode) instead of 1 × 10 min" in advice[0].text


def test_only_energy_down_is_not_enough_to_tighten() -> None:
    trend = series([4, 4, 4, 3.8, 3.2, 2.9], [3, 3, 3, 3.5, 3.0, 3.2], [5, 5, 5, 6, 7, 8])
    assert kinds(advise(trend, FORTRESS)) == [AdviceKind.KEEP_GOING]


def test_a_dip_of_one_week_does_not_tighten() -> None:
    trend = series([4, 4, 4, 4, 4.2, 3.0], [4, 4, 4, 4, 4.1, 3.0], [5, 5, 5, 6, 7, 8])
    assert AdviceKind.TIGHTEN_BOUNDARIES not in kinds(advise(trend, FORTRESS))


def test_stalled_output_adds_a_focus_block() -> None:
    trend = series([4] * 6, [4] * 6, [3, 4, 6, 6, 5, 5])
    advice = advise(trend, FORTRESS)
    assert kinds(advice) == [AdviceKind.ADD_FOCUS_BLOCK]
    assert "6 → 5 → 5" in advice[0].text
    assert "add a 90-minute focus block" in advice[0].text
    assert "Boundary Fortress plans 1 a day" in advice[0].text


def test_zero_output_adds_a_focus_block_even_without_history() -> None:
    trend = series([None] * 5 + [4.0], [None] * 5 + [4.0], [None] * 5 + [0])
    advice = advise(trend, FORTRESS)
    assert kinds(advice) == [AdviceKind.ADD_FOCUS_BLOCK]
    assert advice[0].text.startswith("No deliverables")


def test_both_rules_can_fire_together() -> None:
    trend = series([4, 4, 4, 3.5, 3, 2], [4, 4, 4, 3.5, 3, 2], [6, 6, 6, 5, 4, 4])
    assert kinds(advise(trend, FORTRESS)) == [
        AdviceKind.TIGHTEN_BOUNDARIES,
        AdviceKind.ADD_FOCUS_BLOCK,
    ]


def test_things_going_well_get_positive_feedback() -> None:
    trend = series([3, 3, 3, 3.5, 3.8, 4.0], [3, 3, 3, 3, 3.5, 4.0], [4, 4, 4, 5, 6, 8])
    advice = advise(trend, FORTRESS)
    assert kinds(advice) == [AdviceKind.KEEP_GOING]
    assert "energy up from 3.8 to 4" in advice[0].text
    assert "output up from 6 to 8" in advice[0].text


def test_no_data_gives_no_advice() -> None:
    trend = series([None] * 6, [None] * 6, [None] * 6)
    advice = advise(trend, FORTRESS)
    assert kinds(advice) == [AdviceKind.NOT_ENOUGH_DATA]
    assert advice[0].title == "Not enough reflections yet"
    assert "0 of the last 6 weeks" in advice[0].text


def test_a_gap_in_the_last_three_weeks_gives_no_rule_advice() -> None:
    trend = series([4, 3, 2, None, 3, 2], [4, 3, 2, None, 3, 2], [5, 4, 3, None, 5, 6])
    assert kinds(advise(trend, FORTRESS)) == [AdviceKind.NOT_ENOUGH_DATA]


def test_without_a_pattern_the_advice_stays_generic() -> None:
    trend = series([4, 4, 4, 3.5, 3, 2], [4, 4, 4, 3.5, 3, 2], [6, 6, 6, 7, 8, 9])
    (advice,) = advise(trend, None)
    assert "30 minutes earlier" in advice.text


def test_strict_pattern_is_not_told_to_snooze_less() -> None:
    strict = Pattern(
        id="s",
        name="Strict",
        model=WorkModel.BALANCE,
        days=FORTRESS.days,
        defaults=PatternDefaults(strict=True),
    )
    trend = series([4, 4, 4, 3.5, 3, 2], [4, 4, 4, 3.5, 3, 2], [6, 6, 6, 7, 8, 9])
    (advice,) = advise(trend, strict)
    assert "snooze" not in advice.text


def test_the_trend_is_weekly_means_and_sums_of_day_records() -> None:
    monday = LAST.monday
    records = [
        DayRecord(monday, "p", energy=4, relationships=3, deliverables=2, snoozes=1),
        DayRecord(monday + timedelta(days=1), "p", energy=3, relationships=None, deliverables=1),
        DayRecord(monday + timedelta(days=2), "p"),  # no reflection that day
        DayRecord(monday - timedelta(days=7), "p", energy=5),
        DayRecord(monday - timedelta(weeks=6), "p", energy=1),  # outside the six weeks
    ]
    trend = reflection_trend(LAST, records)
    assert [r.week for r in trend] == [LAST.shifted(i) for i in range(-5, 1)]
    assert trend[-1] == WeekReflection(LAST, 3.5, 3.0, 3, days_reflected=2, snoozes=1)
    assert trend[-2].energy == 5 and trend[-2].output is None
    assert not trend[0].has_data


def test_the_trend_crosses_a_year_end() -> None:
    trend = reflection_trend(IsoWeek(2027, 2), [])
    assert [str(r.week) for r in trend] == [
        "2026-W50",
        "2026-W51",
        "2026-W52",
        "2026-W53",
        "2027-W01",
        "2027-W02",
    ]


# --- offclock (SPEC §3a): the advice reads the log itself --------------------------


def _offclock_week(
    week: IsoWeek, minutes: int, protected: int = 0, protected_offclock: int = 0
) -> WeekReflection:
    return WeekReflection(
        week=week,
        offclock_minutes=minutes,
        protected_days=protected,
        protected_days_offclock=protected_offclock,
    )


def test_offclock_rising_two_weeks_in_a_row_says_tighten_with_the_figures() -> None:
    fortress = FORTRESS
    last = IsoWeek(2026, 47)
    trend = [_offclock_week(last.shifted(-i), m) for i, m in ((2, 20), (1, 45), (0, 90))]
    first, *rest = advise(trend, fortress)
    assert first.kind is AdviceKind.OFFCLOCK_RISING
    assert "(20 min → 45 min → 90 min a week)" in first.text
    assert "try a hard stop at 18:00 instead of 18:30" in first.text
    assert [a.kind for a in rest] == [AdviceKind.NOT_ENOUGH_DATA]  # no reflections: still said
    flat = [_offclock_week(last.shifted(-i), m) for i, m in ((2, 20), (1, 45), (0, 45))]
    assert AdviceKind.OFFCLOCK_RISING not in {a.kind for a in advise(flat, fortress)}


def test_offclock_on_most_protected_days_suggests_an_earlier_stop_or_stricter_pattern() -> None:
    fortress = FORTRESS
    last = IsoWeek(2026, 47)
    trend = [_offclock_week(last.shifted(-1), 0), _offclock_week(last, 30, 2, 2)]
    (leak, _) = advise(trend, fortress)
    assert leak.kind is AdviceKind.OFFCLOCK_ON_PROTECTED_DAYS
    assert leak.text.startswith("Offclock time on 2 of 2 protected days last week: ")
    assert "try a hard stop at 18:00 instead of 18:30 or a stricter pattern" in leak.text
    half = [_offclock_week(last, 30, 2, 1)]
    assert AdviceKind.OFFCLOCK_ON_PROTECTED_DAYS not in {a.kind for a in advise(half, fortress)}


def test_the_trend_counts_offclock_minutes_and_protected_days_from_the_log() -> None:
    last = IsoWeek(2026, 47)
    saturday, sunday = last.days[5], last.days[6]
    start = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    stretches = [
        SessionRecord(
            id=f"o{i}",
            kind=SessionKind.OFFCLOCK,
            label="Offclock",
            pattern_id="boundary-fortress",
            day=day,
            started_at=start + timedelta(days=i),
            planned_end=start + timedelta(days=i, minutes=m),
            utc_offset_minutes=0,
            planned_seconds=m * 60,
            ended_at=start + timedelta(days=i, minutes=m),
            actual_seconds=m * 60,
            breach=True,
        )
        for i, (day, m) in enumerate(((saturday, 25), (sunday, 14)))
    ]
    focus = replace(stretches[0], id="f", kind=SessionKind.FOCUS, actual_seconds=3600)
    days = [
        DayRecord(saturday, "boundary-fortress", protected=True),
        DayRecord(sunday, "boundary-fortress", protected=True),
    ]
    trend = reflection_trend(last, days, 2, [*stretches, focus])
    # The week before was never watched (presence unknown): no figure, not 0.
    assert [(w.offclock_minutes, w.protected_days, w.protected_days_offclock) for w in trend] == [
        (None, 0, 0),
        (39, 2, 2),
    ]
    assert reflection_trend(last, days, 2)[-1].offclock_minutes is None  # the log not read
    watched = DayRecord(last.shifted(-1).days[2], "boundary-fortress", offclock_watched=True)
    trend = reflection_trend(last, [*days, watched], 2, [*stretches, focus])
    assert [w.offclock_minutes for w in trend] == [0, 39]  # watched, and none that week
