"""Today's plan as it will run, in one shape for every view (SPEC §6 `focusdesk today`).

The running app answers `today` with `today_json`; the command line prints it
as a table or as it is; the settings window lists the same rows. A buffer
after a meeting has its own kind here ("buffer"), although the engine runs it
as shallow work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from focusdesk.core.planner import BlockSource, DayPlan, PlannedBlock, utc


@dataclass(frozen=True, slots=True)
class CalendarState:
    """How one calendar file was last read, for the views."""

    file: str
    read_at: datetime | None
    ok: bool
    #: "3 meetings in the next 8 days", or the problem line.
    result: str
    problem: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "read_at": self.read_at.isoformat() if self.read_at else None,
            "ok": self.ok,
            "result": self.result,
            "problem": self.problem,
        }


def row_kind(block: PlannedBlock) -> str:
    return "buffer" if block.source is BlockSource.BUFFER else block.kind.value


def block_json(block: PlannedBlock) -> dict[str, Any]:
    return {
        "start": block.start.isoformat(),
        "end": block.end.isoformat(),
        "kind": row_kind(block),
        "label": block.label,
        "source": block.source.value,
        "conflict": block.conflict,
    }


def today_json(
    plan: DayPlan, now: datetime, calendars: Sequence[CalendarState] = ()
) -> dict[str, Any]:
    """The `focusdesk today --format json` document (a stable contract: keys never translate)."""
    upcoming = next((b for b in plan.blocks if utc(b.start) > utc(now)), None)
    return {
        "day": plan.day.isoformat(),
        "pattern": plan.pattern_id,
        "protected": plan.protected,
        "hard_stop": plan.hard_stop.isoformat() if plan.hard_stop else None,
        "blocks": [block_json(b) for b in plan.blocks],
        "dropped": [block_json(b) for b in plan.dropped],
        "all_day": list(plan.all_day),
        "next": block_json(upcoming) if upcoming is not None else None,
        "calendars": [c.to_json() for c in calendars],
    }
