"""What the log holds (SPEC §5), as plain records shared by the engine, the store and the review.

All instants are timezone-aware UTC datetimes; `utc_offset_minutes` keeps the
local offset in force when a session started, so a log read on another
machine, or after a DST change, still shows the user's wall-clock times.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum


class SessionKind(StrEnum):
    FOCUS = "focus"
    BUFFER = "buffer"
    #: Work after the hard stop that the user chose by snoozing the alarm.
    OVERTIME = "overtime"
    #: Time at the computer in protected time with no block running (SPEC §3a):
    #: invisible overtime, never focus, always a breach.
    OFFCLOCK = "offclock"


class Outcome(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    STOPPED = "stopped"
    CUT = "cut by hard stop"
    #: Left open by a crash or kill; closed at its last heartbeat on the next start.
    RECOVERED = "recovered"
    #: The user left (away, asleep, the clock jumped) and the block's planned end
    #: fell inside the absence: closed at the last moment they were present.
    INTERRUPTED = "interrupted"


def new_session_id() -> str:
    """A random (version 4) UUID as 32 hex digits, as `uuid.uuid4().hex` gives it.

    Made from `os.urandom` here: the `uuid` module imports `platform` and its C
    part for this one call, and the running app kept them all day.
    """
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    return raw.hex()


@dataclass(slots=True)
class SessionRecord:
    """One focus block, buffer or overtime stretch."""

    id: str
    kind: SessionKind
    label: str
    pattern_id: str
    #: The working day this session belongs to (late-night work counts for the
    #: previous day until the day boundary, 04:00 by default).
    day: date
    started_at: datetime
    planned_end: datetime
    utc_offset_minutes: int
    planned_seconds: int
    ended_at: datetime | None = None
    actual_seconds: int = 0
    paused_seconds: int = 0
    outcome: Outcome = Outcome.RUNNING
    breach: bool = False
    note: str = ""
    #: The last moment the running app confirmed this session was alive.
    heartbeat_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def local_tz(self) -> timezone:
        return timezone(timedelta(minutes=self.utc_offset_minutes))

    @property
    def local_start(self) -> datetime:
        return self.started_at.astimezone(self.local_tz)

    @property
    def local_end(self) -> datetime | None:
        return None if self.ended_at is None else self.ended_at.astimezone(self.local_tz)


@dataclass(slots=True)
class DayRecord:
    """The close of one working day: hard stop, shutdown ritual, reflection."""

    day: date
    pattern_id: str
    hard_stop_planned: datetime | None = None
    #: None until the day is over or the hard stop has rung.
    hard_stop_kept: bool | None = None
    overtime_seconds: int = 0
    snoozes: int = 0
    protected: bool = False
    big_task_tomorrow: str = ""
    checklist_done: list[str] = field(default_factory=list)
    energy: int | None = None
    relationships: int | None = None
    deliverables: int | None = None
    deliverables_note: str = ""
    #: Whether the day's offclock figure was measured (SPEC §3a): True once presence
    #: was known in the day's protected time; False when FocusDesk ran in protected
    #: time but could not tell presence; None when it never saw that time.
    offclock_watched: bool | None = None


@dataclass(slots=True)
class WeeklyReview:
    """The user's own words about a week: wins, misses, one systems upgrade."""

    week: str  # ISO week, "2026-W47"
    wins: str = ""
    misses: str = ""
    upgrade: str = ""
