"""What the advice SAYS, word for word, for each rule and each pattern shape.

The rule tests (test_advice.py) check which advice is given; these pin the
sentences a user reads, the numbers in them and the edges of the rules.
"""

from __future__ import annotations

from datetime import date, time

from test_advice import FORTRESS, LAST, WORKDAY, series

from focusdesk.core.advice import (
    Advice,
    AdviceKind,
    WeekReflection,
    advise,
    not_enough_data,
    reflection_trend,
)
from focusdesk.core.patterns import (
    BlockKind,
    BlockSpec,
    DaySpec,
    Pattern,
    PatternDefaults,
    Weekday,
    WorkModel,
)
from focusdesk.core.sessions import DayRecord

FALLING = ([4, 4, 4, 3.8, 3.2, 2.9], [4, 4, 4, 3.5, 3.0, 2.5])
RISING_OUTPUT = [5, 5, 5, 6, 7, 8]


def pattern(days: dict[Weekday, DaySpec], **defaults: object) -> Pattern:
    return Pattern(
        id="p",
        name="Two Stops",
        model=WorkModel.BALANCE,
        days=days,
        defaults=PatternDefaults(**defaults),  # type: ignore[arg-type]
    )


def test_tighten_boundaries_reads_in_the_patterns_numbers() -> None:
    trend = series(*FALLING, RISING_OUTPUT)
    trend[-1] = WeekReflection(LAST, 2.9, 2.5, 8, days_reflected=5, snoozes=3)
    (advice,) = advise(trend, FORTRESS)
    assert advice == Advice(
        AdviceKind.TIGHTEN_BOUNDARIES,
        "Tighten your boundaries",
        "Energy and relationships have both dipped two weeks in a row: "
        "try a hard stop at 18:00 instead of 18:30; "
        "allow no snooze (strict mode) instead of 1 × 10 min; "
        "you snoozed 3 time(s) last week.",
    )


def test_tighten_boundaries_without_a_pattern_and_with_several_snoozes_allowed() -> None:
    trend = series(*FALLING, RISING_OUTPUT)
    (advice,) = advise(trend, None)
    assert advice.text == (
        "Energy and relationships have both dipped two weeks in a row: "
        "move your hard stop 30 minutes earlier."
    )
    three = pattern({d: WORKDAY for d in Weekday}, snooze_limit=3, snooze_minutes=15)
    (advice,) = advise(trend, three)
    assert advice.text.endswith(
        "try a hard stop at 18:00 instead of 18:30; allow 2 snoozes instead of 3 × 15 min."
    )
    two = pattern({d: WORKDAY for d in Weekday}, snooze_limit=2, snooze_minutes=5)
    (advice,) = advise(trend, two)
    assert advice.text.endswith("; allow 1 snooze instead of 2 × 5 min.")


def test_the_usual_hard_stop_is_the_most_common_then_the_later_one() -> None:
    early = DaySpec(hard_stop=time(17, 0))
    late = DaySpec(hard_stop=time(19, 0))
    off = DaySpec(protected=True, hard_stop=time(6, 0))  # protected days do not count
    trend = series(*FALLING, RISING_OUTPUT)
    most = pattern(
        {
            Weekday.MON: early,
            Weekday.TUE: early,
            Weekday.WED: early,
            Weekday.THU: late,
            Weekday.FRI: late,
            Weekday.SAT: off,
            Weekday.SUN: off,
        },
        snooze_limit=0,
    )
    (advice,) = advise(trend, most)
    assert advice.text == (
        "Energy and relationships have both dipped two weeks in a row: "
        "try a hard stop at 16:30 instead of 17:00."
    )
    tie = pattern(
        {
            Weekday.MON: early,
            Weekday.TUE: early,
            Weekday.WED: late,
            Weekday.THU: late,
            Weekday.FRI: DaySpec(),
            Weekday.SAT: off,
            Weekday.SUN: off,
        },
        snooze_limit=0,
    )
    (advice,) = advise(trend, tie)
    assert "try a hard stop at 18:30 instead of 19:00." in advice.text
    # Just after midnight the earlier stop is the evening before.
    midnight = pattern({d: DaySpec(hard_stop=time(0, 15)) for d in Weekday}, snooze_limit=0)
    (advice,) = advise(trend, midnight)
    assert "try a hard stop at 23:45 instead of 00:15." in advice.text


def test_a_pattern_without_a_hard_stop_is_told_to_set_one() -> None:
    trend = series(*FALLING, RISING_OUTPUT)
    free = pattern({d: DaySpec() for d in Weekday}, snooze_limit=1, snooze_minutes=5)
    (advice,) = advise(trend, free)
    assert advice.text == (
        "Energy and relationships have both dipped two weeks in a row: "
        "Two Stops has no hard stop: set one, e.g. 18:00; "
        "allow no snooze (strict mode) instead of 1 × 5 min."
    )


def test_add_a_focus_block_names_the_stalled_outputs_and_the_pattern() -> None:
    trend = series([3, 3, 3, 3, 3, 3], [3, 3, 3, 3, 3, 3], [9, 1, 2, 6, 6, 5])
    (advice,) = advise(trend, FORTRESS)
    assert advice == Advice(
        AdviceKind.ADD_FOCUS_BLOCK,
        "Add a focus block",
        "Output has not risen for two weeks (6 → 6 → 5 deliverables): add a 90-minute "
        "focus block to your working days (Boundary Fortress plans 1 a day).",
    )
    zero = series([3, 3, 3], [3, 3, 3], [4, 5, 0])
    (advice,) = advise(zero, None)
    assert advice.text == (
        "No deliverables were completed this week: add one more focus block a day."
    )


def test_focus_blocks_a_day_count_the_busiest_working_day_only() -> None:
    two = DaySpec(
        blocks=(
            BlockSpec(BlockKind.FOCUS, time(9), time(10), "a"),
            BlockSpec(BlockKind.FOCUS, time(11), time(12), "b"),
            BlockSpec(BlockKind.ADMIN, time(12), time(13), "c"),
        )
    )
    one = DaySpec(blocks=(BlockSpec(BlockKind.FOCUS, time(9), time(10), "a"),))
    # A protected day with more blocks, and a day with none, do not count.
    busy_but_protected = DaySpec(protected=True, blocks=two.blocks + one.blocks)
    p = pattern(
        {
            Weekday.MON: one,
            Weekday.TUE: two,
            Weekday.WED: one,
            Weekday.THU: DaySpec(),
            Weekday.FRI: one,
            Weekday.SAT: busy_but_protected,
            Weekday.SUN: DaySpec(),
        },
        focus_minutes=50,
    )
    trend = series([3, 3, 3], [3, 3, 3], [1, 1, 1])
    (advice,) = advise(trend, p)
    assert advice.text.endswith(
        "add a 50-minute focus block to your working days (Two Stops plans 2 a day)."
    )
    none = pattern({d: DaySpec() for d in Weekday})
    (advice,) = advise(trend, none)
    assert advice.text.endswith("(Two Stops plans 0 a day).")


def test_keep_going_says_what_rose_and_what_held() -> None:
    trend = series([3, 3, 3.5], [4, 4, 4], [2, 3, 4])
    (advice,) = advise(trend, FORTRESS)
    assert advice == Advice(
        AdviceKind.KEEP_GOING,
        "Your boundaries are holding",
        "This week: energy up from 3 to 3.5, relationships 4, output up from 3 to 4. "
        "Keep the pattern as it is.",
    )
    # A measure missing this week is left out; one missing last week is stated plainly.
    gaps = series([3, None, 3.5], [4, 4, None], [2, 3, 4])
    (advice,) = advise(gaps, None)
    assert advice.text == "This week: energy 3.5, output up from 3 to 4. Keep the pattern as it is."


def test_one_dip_of_both_is_not_yet_a_trend_and_equal_weeks_are_not_a_fall() -> None:
    flat_then_down = series([4, 4, 3], [4, 4, 3], [1, 2, 3])
    assert [a.kind for a in advise(flat_then_down, None)] == [AdviceKind.KEEP_GOING]


def test_not_enough_data_counts_the_weeks_that_have_some() -> None:
    trend = series([None, 3, None, None], [None, None, None, None], [None, None, 2, None])
    assert advise(trend, None) == [
        Advice(
            AdviceKind.NOT_ENOUGH_DATA,
            "Not enough reflections yet",
            "Advice needs 3 weeks in a row with reflections (energy, output, relationships "
            "at the shutdown ritual); 2 of the last 4 weeks have some.",
        )
    ]
    # Exactly three weeks with data is enough; two is not.
    assert [a.kind for a in advise(series([3, 3, 3], [3, 3, 3], [1, 2, 3]), None)] == [
        AdviceKind.KEEP_GOING
    ]
    assert not_enough_data(series([3, 3], [3, 3], [1, 2])).text.endswith(
        "2 of the last 2 weeks have some."
    )
    assert [a.kind for a in advise(series([3, 3], [3, 3], [1, 2]), None)] == [
        AdviceKind.NOT_ENOUGH_DATA
    ]
    # Data this week but a hole two weeks ago: no rule can judge, and no praise either.
    holed = series([3, None, 3, 3], [3, None, 3, 3], [1, None, 2, 3])
    assert [a.kind for a in advise(holed, None)] == [AdviceKind.NOT_ENOUGH_DATA]


def test_the_trend_means_sums_and_counts_reflected_days() -> None:
    monday = LAST.monday
    days = [
        DayRecord(monday, "p", energy=3, relationships=None, deliverables=2, snoozes=1),
        DayRecord(date.fromordinal(monday.toordinal() + 1), "p", energy=4, snoozes=2),
        DayRecord(date.fromordinal(monday.toordinal() + 2), "p", relationships=5),
        DayRecord(date.fromordinal(monday.toordinal() + 3), "p", deliverables=0),
        DayRecord(date.fromordinal(monday.toordinal() + 4), "p", energy=4),
        DayRecord(date.fromordinal(monday.toordinal() + 5), "p"),  # nothing reflected
    ]
    (week,) = reflection_trend(LAST, days, weeks=1)
    assert week == WeekReflection(
        LAST, energy=3.7, relationships=5.0, output=2, days_reflected=5, snoozes=3
    )
    # Rounded to one decimal: 11 / 3 = 3.666…
    (week,) = reflection_trend(LAST, [DayRecord(monday, "p", energy=e) for e in (3, 4, 4)], weeks=1)
    assert week.energy == 3.7
