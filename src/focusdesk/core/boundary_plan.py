"""What the boundary signal says right now, given the plan and the user's word (SPEC §4).

The household sees ON (working) or OFF (available). Without a block running,
the plan decides: a planned life or recovery block is OFF ("School pick-up —
back at 16:00"), a planned work block (focus, collab, comms, admin) is ON,
and after the hard stop it is OFF. A user's own action — starting or
stopping a block, or "I'm on" / "I'm off" — overrides the plan until the next
planned block begins (or the hard stop, or the end of the working day).

Pure: the engine asks `decide_boundary` on every status and keeps the
override; this module owns only the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from focusdesk.core.patterns import Boundary
from focusdesk.core.planner import DayPlan, PlannedBlock, utc


class BoundarySource(StrEnum):
    """Why the boundary is what it is (for the status and for tests)."""

    SESSION = "session"  # a block, buffer or overtime runs: ON
    ALARM = "alarm"  # the hard stop rang, the ritual is to do: OFF
    OVERRIDE = "override"  # the user said so, until the next planned block
    HARD_STOP = "hard-stop"  # the day's hard stop has passed: OFF
    PROTECTED_DAY = "protected-day"  # a protected day with no block: OFF
    PLAN = "plan"  # a planned block is in force
    IDLE = "idle"  # no plan in force: what the user last did (engine's on/off)


@dataclass(frozen=True, slots=True)
class BoundaryOverride:
    """The user's word on the boundary, from `at` until `until` (UTC)."""

    boundary: Boundary
    at: datetime
    until: datetime

    def holds_at(self, instant: datetime) -> bool:
        return utc(self.at) <= utc(instant) < utc(self.until)


@dataclass(frozen=True, slots=True)
class BoundaryDecision:
    boundary: Boundary
    source: BoundarySource
    #: What the signal shows with it, e.g. "School pick-up — back at 16:00" ("" for none).
    label: str = ""
    #: The planned block in force at that instant, if any (whatever decided).
    planned_block: PlannedBlock | None = None


def override_until(plan: DayPlan, at: datetime, day_end: datetime) -> datetime:
    """When an override given at `at` lapses: the next planned block's start, the hard
    stop, or the end of the working day, whichever comes first after `at`."""
    # A block starting exactly at `at` is the one being overridden: the next one counts.
    candidates = [utc(day_end)] + [utc(b.start) for b in plan.blocks if utc(b.start) > utc(at)]
    if plan.hard_stop is not None and utc(plan.hard_stop) > utc(at):
        candidates.append(utc(plan.hard_stop))
    return min(candidates)


def decide_boundary(
    plan: DayPlan,
    now: datetime,
    *,
    session_running: bool,
    alarm: bool,
    hard_stop_passed: bool,
    working: bool,
    override: BoundaryOverride | None,
) -> BoundaryDecision:
    """The boundary at `now`, first rule that applies wins.

    `working` is the engine's own on/off when nothing else decides: on after
    the user worked today, off before (and after the ritual).
    """
    block = plan.block_at(now)
    if session_running:
        return BoundaryDecision(Boundary.ON, BoundarySource.SESSION, planned_block=block)
    if alarm:
        return BoundaryDecision(Boundary.OFF, BoundarySource.ALARM, "Hard stop", block)
    if override is not None and override.holds_at(now):
        label = "On — your call" if override.boundary is Boundary.ON else "Off — your call"
        return BoundaryDecision(override.boundary, BoundarySource.OVERRIDE, label, block)
    if hard_stop_passed:
        return BoundaryDecision(
            Boundary.OFF, BoundarySource.HARD_STOP, "After the hard stop", block
        )
    if plan.protected:
        return BoundaryDecision(Boundary.OFF, BoundarySource.PROTECTED_DAY, "Protected day", block)
    if block is not None:
        if block.boundary is Boundary.OFF:
            label = f"{block.label} — back at {block.end:%H:%M}"
            return BoundaryDecision(Boundary.OFF, BoundarySource.PLAN, label, block)
        return BoundaryDecision(Boundary.ON, BoundarySource.PLAN, block.label, block)
    return BoundaryDecision(Boundary.ON if working else Boundary.OFF, BoundarySource.IDLE)


def next_boundary_change(
    plan: DayPlan, after: datetime, override: BoundaryOverride | None
) -> datetime | None:
    """The first instant after `after` at which the plan or the override may change the
    boundary (a planned block's start or end, the override lapsing), if any today."""
    instants = [utc(b.start) for b in plan.blocks] + [utc(b.end) for b in plan.blocks]
    if override is not None:
        instants.append(utc(override.until))
    later = [instant for instant in instants if instant > utc(after)]
    return min(later) if later else None
