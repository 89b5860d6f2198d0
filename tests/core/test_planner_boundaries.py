"""The planner at exact instants: a block's end, the next block, DST edges, zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from focusdesk.core.patterns import (
    BlockKind,
    BlockSpec,
    DaySpec,
    Pattern,
    Weekday,
    WorkModel,
)
from focusdesk.core.planner import local_instant, plan_day, plan_week, utc

BERLIN = ZoneInfo("Europe/Berlin")
AUCKLAND = ZoneInfo("Pacific/Auckland")
WEDNESDAY = date(2026, 11, 18)
DAY = DaySpec(
    blocks=(
        BlockSpec(BlockKind.COMMS, time(9, 0), time(9, 30), "Inbox"),
        BlockSpec(BlockKind.FOCUS, time(9, 30), time(11, 0), "Deep work"),
        BlockSpec(BlockKind.ADMIN, time(11, 0), time(11, 30), "Admin"),
        BlockSpec(BlockKind.FOCUS, time(14, 0), time(15, 0), "Writing"),
    ),
    hard_stop=time(18, 30),
)
PATTERN = Pattern(id="edges", name="Edges", model=WorkModel.BALANCE, days={d: DAY for d in Weekday})


def at(hour: int, minute: int = 0, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime.combine(WEDNESDAY, time(hour, minute), tzinfo=zone)


def test_a_block_ends_at_its_end_instant_and_the_next_one_starts_there() -> None:
    plan = plan_day(PATTERN, WEDNESDAY, BERLIN)
    inbox, deep, admin, _writing = plan.blocks
    assert inbox.contains(at(9, 0))
    assert not inbox.contains(at(9, 30))
    assert plan.block_at(at(9, 30)) is deep
    assert plan.block_at(at(11, 0)) is admin
    assert plan.block_at(at(11, 30)) is None
    # The same instant written in UTC.
    assert plan.block_at(at(10, 29).astimezone(UTC)) is deep


def test_next_block_includes_one_starting_at_that_very_instant() -> None:
    plan = plan_day(PATTERN, WEDNESDAY, BERLIN)
    inbox, deep, admin, writing = plan.blocks
    assert plan.next_block(at(9, 0)) is inbox
    assert plan.next_block(at(9, 1)) is deep
    assert plan.next_block(at(9, 30), BlockKind.FOCUS) is deep
    assert plan.next_block(at(9, 31), BlockKind.FOCUS) is writing
    assert plan.next_block(at(9, 0), BlockKind.ADMIN) is admin
    assert plan.next_block(at(14, 1)) is None
    assert plan.next_block(at(8, 0).astimezone(AUCKLAND)) is inbox


def test_protected_from_the_hard_stop_instant_on() -> None:
    plan = plan_day(PATTERN, WEDNESDAY, BERLIN)
    assert not plan.is_protected_at(at(18, 29))
    assert plan.is_protected_at(at(18, 30))
    assert plan.is_protected_at(at(18, 30).astimezone(UTC))


def test_utc_gives_the_utc_singleton() -> None:
    moment = utc(at(9, 30))
    assert moment.tzinfo is UTC
    assert moment == datetime(2026, 11, 18, 8, 30, tzinfo=UTC)


def test_the_second_occurrence_of_an_ambiguous_time_is_never_taken() -> None:
    fall_back = date(2026, 10, 25)  # Berlin: 02:00–03:00 happens twice
    first = local_instant(fall_back, time(2, 30, fold=1), BERLIN)
    assert first.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert first.fold == 0


def test_a_block_swallowed_whole_by_the_spring_forward_gap_is_dropped() -> None:
    spring = date(2026, 3, 29)  # Berlin: 02:00 jumps to 03:00
    day = DaySpec(
        blocks=(
            BlockSpec(BlockKind.FOCUS, time(2, 0), time(3, 0), "Lost hour"),
            BlockSpec(BlockKind.FOCUS, time(2, 30), time(4, 0), "Shortened"),
        )
    )
    pattern = Pattern(id="gap", name="Gap", model=WorkModel.BALANCE, days={d: day for d in Weekday})
    (block,) = plan_day(pattern, spring, BERLIN).blocks
    assert block.label == "Shortened"
    # 02:30 does not exist: it is moved on by the gap, to 03:30 (01:30 UTC).
    assert utc(block.start) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert block.seconds == 1800


def test_a_week_is_planned_in_its_own_zone() -> None:
    monday = date(2026, 11, 16)
    plans = plan_week(PATTERN, monday, AUCKLAND)
    assert [p.day for p in plans] == [monday + timedelta(days=i) for i in range(7)]
    first = plans[0].blocks[0]
    assert first.start.tzinfo is AUCKLAND
    assert utc(first.start) == datetime(2026, 11, 15, 20, 0, tzinfo=UTC)  # 09:00 NZDT
    assert plans[2].hard_stop == datetime(2026, 11, 18, 18, 30, tzinfo=AUCKLAND)
