"""The planner lays every built-in pattern onto real dates, DST days included."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from focusdesk.core.pattern_loader import PatternCatalog, parse_pattern
from focusdesk.core.patterns import BlockKind
from focusdesk.core.planner import local_instant, plan_day, plan_week

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "resources" / "patterns"
CATALOG = PatternCatalog(BUILTIN_DIR)
PATTERN_IDS = [p.id for p in CATALOG.patterns()]
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")

#: 2026's DST change days: (zone, spring forward, fall back).
DST_DAYS = [
    (BERLIN, date(2026, 3, 29), date(2026, 10, 25)),
    (NEW_YORK, date(2026, 3, 8), date(2026, 11, 1)),
]
NORMAL_WEEKDAY = date(2026, 11, 18)  # a Wednesday
PROTECTED_DAY = date(2026, 11, 21)  # a Saturday


@pytest.mark.parametrize("pattern_id", PATTERN_IDS)
@pytest.mark.parametrize("zone", [BERLIN, NEW_YORK], ids=["berlin", "new-york"])
def test_normal_weekday_matches_the_template(pattern_id: str, zone: ZoneInfo) -> None:
    pattern = CATALOG.get(pattern_id)
    spec = pattern.day(NORMAL_WEEKDAY.weekday())
    plan = plan_day(pattern, NORMAL_WEEKDAY, zone)
    assert not plan.protected
    assert len(plan.blocks) == len(spec.blocks)
    for block, template in zip(plan.blocks, spec.blocks, strict=True):
        assert block.start.timetz().replace(tzinfo=None) == template.start
        assert block.seconds == template.minutes * 60
        assert block.kind is template.kind
    assert plan.hard_stop is not None
    assert plan.hard_stop.time() == spec.hard_stop
    assert plan.hard_stop.date() == NORMAL_WEEKDAY
    assert plan.is_protected_at(plan.hard_stop)
    assert not plan.is_protected_at(plan.hard_stop - timedelta(seconds=1))
    assert plan.planned_focus_seconds == sum(
        b.minutes * 60 for b in spec.blocks if b.kind is BlockKind.FOCUS
    )


@pytest.mark.parametrize("pattern_id", PATTERN_IDS)
def test_protected_day(pattern_id: str) -> None:
    plan = plan_day(CATALOG.get(pattern_id), PROTECTED_DAY, BERLIN)
    assert plan.protected and plan.hard_stop is None
    assert plan.is_protected_at(datetime(2026, 11, 21, 10, tzinfo=BERLIN))
    assert all(not b.kind.is_work for b in plan.blocks)


@pytest.mark.parametrize("pattern_id", PATTERN_IDS)
@pytest.mark.parametrize(("zone", "spring", "autumn"), DST_DAYS, ids=["berlin", "new-york"])
def test_dst_change_days(pattern_id: str, zone: ZoneInfo, spring: date, autumn: date) -> None:
    """Blocks keep their wall-clock times; only a block spanning the change gains or loses the hour."""
    pattern = CATALOG.get(pattern_id)
    for day, shift in ((spring, -3600), (autumn, 3600)):
        for plan in (
            plan_day(pattern, day - timedelta(days=1), zone),
            plan_day(pattern, day, zone),
        ):
            spec = pattern.day(plan.day.weekday())
            assert plan.protected == spec.protected
            for block, template in zip(plan.blocks, spec.blocks, strict=True):
                assert block.start.time() == template.start
                assert block.end.time() == template.end
                crosses = block.start.utcoffset() != block.end.utcoffset()
                expected = template.minutes * 60 + (shift if crosses else 0)
                assert block.seconds == expected
            if spec.hard_stop is not None:
                assert plan.hard_stop is not None and plan.hard_stop.time() == spec.hard_stop


def test_recovery_first_sleep_window_is_7_hours_in_spring_and_9_in_autumn() -> None:
    pattern = CATALOG.get("recovery-first-week")
    for zone, spring, autumn in DST_DAYS:
        night_before_spring = plan_day(pattern, spring - timedelta(days=1), zone)
        night_before_autumn = plan_day(pattern, autumn - timedelta(days=1), zone)
        sleep_spring = next(b for b in night_before_spring.blocks if b.label == "Sleep window")
        sleep_autumn = next(b for b in night_before_autumn.blocks if b.label == "Sleep window")
        assert sleep_spring.seconds == 7 * 3600
        assert sleep_autumn.seconds == 9 * 3600
        assert sleep_spring.end.date() == spring


EVERY_DAY = """\
id = "night-owl"
name = "Night owl"
model = "integration"

[days.all]
hard_stop = "04:00"
blocks = [
    { kind = "focus", start = "00:30", end = "03:30", label = "Night shift" },
]
"""


@pytest.mark.parametrize(("zone", "spring", "autumn"), DST_DAYS, ids=["berlin", "new-york"])
def test_work_inside_the_changed_hour(zone: ZoneInfo, spring: date, autumn: date) -> None:
    """A block across the missing hour is an hour shorter, across the repeated hour an hour longer."""
    pattern = parse_pattern(EVERY_DAY, "night.toml")
    spring_plan = plan_day(pattern, spring, zone)
    autumn_plan = plan_day(pattern, autumn, zone)
    assert spring_plan.blocks[0].seconds == 2 * 3600
    assert autumn_plan.blocks[0].seconds == 4 * 3600
    # The hard stop is at 04:00 local either way, and it exists.
    for plan in (spring_plan, autumn_plan):
        assert plan.hard_stop is not None
        assert (plan.hard_stop.hour, plan.hard_stop.minute) == (4, 0)


def test_a_time_in_the_spring_gap_moves_forward_by_the_gap() -> None:
    instant = local_instant(date(2026, 3, 29), time(2, 30), BERLIN)
    assert (instant.hour, instant.minute) == (3, 30)
    assert instant.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_an_ambiguous_time_means_its_first_occurrence() -> None:
    instant = local_instant(date(2026, 11, 1), time(1, 30), NEW_YORK)
    assert instant.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # still EDT


def test_next_block_and_block_at() -> None:
    plan = plan_day(CATALOG.get("deep-work-biome"), NORMAL_WEEKDAY, BERLIN)
    at = datetime(2026, 11, 18, 10, 35, tzinfo=BERLIN)
    assert plan.block_at(at) is None  # the 15-minute gap between the two focus blocks
    following = plan.next_block(at, BlockKind.FOCUS)
    assert following is not None and following.label == "Deep work II"
    assert plan.block_at(following.start) == following


def test_plan_week_has_seven_days_from_the_given_one() -> None:
    week = plan_week(CATALOG.get("time-weave"), date(2026, 11, 16), NEW_YORK)
    assert [p.day.weekday() for p in week] == list(range(7))
    assert [p.protected for p in week] == [False] * 5 + [True] * 2
