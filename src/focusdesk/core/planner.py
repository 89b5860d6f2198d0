"""Lay a pattern onto a real local date: the day's ordered plan (SPEC §2).

Patterns speak wall-clock time ("09:30"); a plan speaks instants. The
conversion goes through `zoneinfo` so DST days come out right: a time that
does not exist (the spring-forward gap) moves forward by the gap, and an
ambiguous time (the autumn fall-back hour) means its first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from focusdesk.core.patterns import BlockKind, Boundary, Pattern, Weekday


def utc(instant: datetime) -> datetime:
    """`instant` in UTC. Use it for every comparison and subtraction of plan times:
    Python compares and subtracts two datetimes of the *same* zone by their wall
    clocks, which is wrong across a DST change."""
    return instant.astimezone(UTC)


class BlockSource(StrEnum):
    """Where a planned block comes from: the pattern, a calendar meeting, or the
    buffer after a meeting (`calendar_plan` adds the last two)."""

    PATTERN = "pattern"
    MEETING = "meeting"
    BUFFER = "buffer"


@dataclass(frozen=True, slots=True)
class PlannedBlock:
    kind: BlockKind
    label: str
    #: Aware local datetimes (for display); compare them through `utc()`.
    start: datetime
    end: datetime
    source: BlockSource = BlockSource.PATTERN
    #: Why the plan differs from what was asked for (a focus block cut around a
    #: meeting, a meeting past the hard stop); empty when it does not.
    conflict: str = ""

    @property
    def seconds(self) -> int:
        return int((utc(self.end) - utc(self.start)).total_seconds())

    @property
    def boundary(self) -> Boundary:
        return self.kind.boundary

    def contains(self, instant: datetime) -> bool:
        return utc(self.start) <= utc(instant) < utc(self.end)


@dataclass(frozen=True, slots=True)
class DayPlan:
    day: date
    pattern_id: str
    protected: bool
    hard_stop: datetime | None
    blocks: tuple[PlannedBlock, ...]
    #: Pattern blocks a meeting covered whole (each with its `conflict`): shown, never run.
    dropped: tuple[PlannedBlock, ...] = ()
    #: Titles of the day's all-day calendar events: shown, never blocks.
    all_day: tuple[str, ...] = ()

    @property
    def weekday(self) -> Weekday:
        return Weekday(self.day.weekday())

    @property
    def focus_blocks(self) -> tuple[PlannedBlock, ...]:
        return tuple(b for b in self.blocks if b.kind is BlockKind.FOCUS)

    @property
    def planned_focus_seconds(self) -> int:
        return sum(b.seconds for b in self.focus_blocks)

    def block_at(self, instant: datetime) -> PlannedBlock | None:
        """The planned block running at `instant`, if any (the latest-starting one wins)."""
        running = [b for b in self.blocks if b.contains(instant)]
        return running[-1] if running else None

    def next_block(self, instant: datetime, kind: BlockKind | None = None) -> PlannedBlock | None:
        """The first block starting at or after `instant` (optionally of one kind)."""
        for block in self.blocks:
            if utc(block.start) >= utc(instant) and (kind is None or block.kind is kind):
                return block
        return None

    def meeting_at(self, instant: datetime) -> PlannedBlock | None:
        """The calendar meeting running at `instant`, if any."""
        for block in self.blocks:
            if block.source is BlockSource.MEETING and block.contains(instant):
                return block
        return None

    def is_protected_at(self, instant: datetime) -> bool:
        """Protected time: a protected day, or at/after the day's hard stop."""
        if self.protected:
            return True
        return self.hard_stop is not None and utc(instant) >= utc(self.hard_stop)


def local_instant(day: date, wall: time, tz: tzinfo) -> datetime:
    """The instant a wall clock in `tz` shows `wall` on `day`.

    Nonexistent times (inside a spring-forward gap) are shifted forward by the
    gap; ambiguous ones (fall-back) take the first occurrence (fold=0).
    """
    naive = datetime.combine(day, wall.replace(tzinfo=None, fold=0))
    aware = naive.replace(tzinfo=tz)
    # A round trip through UTC normalises a time in the gap to a real instant.
    return aware.astimezone(UTC).astimezone(tz)


def plan_day(pattern: Pattern, day: date, tz: tzinfo) -> DayPlan:
    """The ordered plan of `day` under `pattern`, in the local zone `tz`."""
    spec = pattern.day(day.weekday())
    blocks = []
    for block in spec.blocks:
        start = local_instant(day, block.start, tz)
        end_day = day + timedelta(days=1) if block.next_day else day
        end = local_instant(end_day, block.end, tz)
        if utc(end) <= utc(start):
            # Only possible when a DST gap swallows a whole short block.
            continue
        blocks.append(PlannedBlock(block.kind, block.display_label, start, end))
    blocks.sort(key=lambda b: (utc(b.start), utc(b.end)))
    hard_stop = None if spec.hard_stop is None else local_instant(day, spec.hard_stop, tz)
    return DayPlan(day, pattern.id, spec.protected, hard_stop, tuple(blocks))


def plan_week(pattern: Pattern, monday: date, tz: tzinfo) -> list[DayPlan]:
    """Seven day plans from `monday` (any date works; it is the first day)."""
    return [plan_day(pattern, monday + timedelta(days=i), tz) for i in range(7)]
