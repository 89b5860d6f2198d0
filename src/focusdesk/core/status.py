"""The boundary state as everything outside the engine sees it (SPEC §3, §4).

The tray icon, the signal light and board, the state file, hooks and
`focusdesk status --json` all render one `StatusSnapshot`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from focusdesk.core.patterns import Boundary
from focusdesk.core.planner import PlannedBlock
from focusdesk.core.presence import Presence


class EngineState(StrEnum):
    OFF = "off"
    ON = "on"
    FOCUS = "focus"
    BUFFER = "buffer"
    PAUSED = "paused"
    ALARM = "alarm"

    @property
    def boundary(self) -> Boundary:
        """On or off for the people around (SPEC §4): after the hard stop it is OFF,
        so the alarm (the shutdown ritual under way) is off too."""
        return Boundary.OFF if self in (EngineState.OFF, EngineState.ALARM) else Boundary.ON


@dataclass(frozen=True, slots=True)
class StatusSnapshot:
    state: EngineState
    pattern_id: str
    label: str = ""
    #: When the running block or buffer is due to end (aware, local), if any.
    #: None while paused: the end moves with the pause; `remaining_seconds`
    #: then stands still.
    ends_at: datetime | None = None
    remaining_seconds: int | None = None
    #: The block's whole planned length, for the progress ring.
    total_seconds: int | None = None
    #: Today's hard stop (aware, local), if the day has one.
    hard_stop: datetime | None = None
    #: The next planned change of state and when, e.g. ("Focus: writing", 09:30).
    next_label: str = ""
    next_at: datetime | None = None
    #: Why today has no hard stop ("Sunday is protected in Boundary Fortress"); "" if it has one.
    no_hard_stop_reason: str = ""
    #: The running stretch is overtime (a snoozed hard stop), not a focus block.
    overtime: bool = False
    #: The one big task: today's, or tomorrow's once the day is closed (`day_closed`).
    big_task: str = ""
    #: Whether the user is at the computer (SPEC §3a), and which source says so.
    presence: Presence = Presence.UNKNOWN
    presence_source: str = "none"
    #: The day's shutdown ritual is done (or the day was closed early): its
    #: hard stop is behind the user, and `big_task` names tomorrow's task.
    day_closed: bool = False
    #: The planned block in force now, whatever decides the boundary (SPEC §4).
    planned_block: PlannedBlock | None = None

    @property
    def big_task_is_tomorrows(self) -> bool:
        return self.day_closed and bool(self.big_task)

    @property
    def progress(self) -> float | None:
        """Fraction of the block already done, 0..1, or None outside a block."""
        if not self.total_seconds or self.remaining_seconds is None:
            return None
        done = 1 - self.remaining_seconds / self.total_seconds
        return min(1.0, max(0.0, done))

    def to_json(self) -> dict[str, Any]:
        """The `status --json` / state-file shape (a stable contract, SPEC §6)."""
        return {
            "state": self.state.value,
            "boundary": self.state.boundary.value,
            "label": self.label,
            "remaining_seconds": self.remaining_seconds,
            "total_seconds": self.total_seconds,
            "ends_at": self.ends_at.isoformat() if self.ends_at else None,
            "pattern": self.pattern_id,
            "hard_stop": self.hard_stop.isoformat() if self.hard_stop else None,
            "next": {"label": self.next_label, "at": self.next_at.isoformat()}
            if self.next_at
            else None,
            "big_task": self.big_task,
            "presence": self.presence.value,
            "presence_source": self.presence_source,
            "day_closed": self.day_closed,
            "planned_block": {
                "kind": self.planned_block.kind.value,
                "label": self.planned_block.label,
                "start": self.planned_block.start.isoformat(),
                "end": self.planned_block.end.isoformat(),
            }
            if self.planned_block is not None
            else None,
        }
