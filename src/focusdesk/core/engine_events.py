"""What the session engine says happened, as small typed records.

The engine returns a list of these from every call. The shell turns them into
notifications, sounds, icon changes and store writes; nothing here does I/O.
Records inside events are copies: later changes to the engine's own state
never alter an event already handed out.

Store writes: insert on `SessionOpened`, update on `SessionUpdated` and
`SessionClosed`, upsert on `DayRecordChanged`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

from focusdesk.core.i18n import _
from focusdesk.core.planner import PlannedBlock
from focusdesk.core.sessions import DayRecord, SessionRecord
from focusdesk.core.status import EngineState


@dataclass(frozen=True, slots=True)
class SessionOpened:
    """A focus block, buffer or overtime stretch started (write the row now)."""

    record: SessionRecord


@dataclass(frozen=True, slots=True)
class SessionUpdated:
    """A running session changed: extended, paused or resumed (update the row)."""

    record: SessionRecord


@dataclass(frozen=True, slots=True)
class SessionClosed:
    """A session ended, whatever the outcome (update the row with its end)."""

    record: SessionRecord


@dataclass(frozen=True, slots=True)
class SessionCorrected:
    """A session already closed is closed again differently (an absence learnt of
    after its end moved it back): write the whole row again."""

    record: SessionRecord


@dataclass(frozen=True, slots=True)
class StateChanged:
    old: EngineState
    new: EngineState


@dataclass(frozen=True, slots=True)
class BlockFinished:
    """A focus block ran to its planned end (not stopped, not cut)."""

    record: SessionRecord


@dataclass(frozen=True, slots=True)
class BufferFinished:
    """A buffer ran to its planned end; the user is back to "on"."""

    record: SessionRecord


@dataclass(frozen=True, slots=True)
class PlannedBlockDue:
    """A planned block of the pattern starts now (clickable to start if not auto-started)."""

    block: PlannedBlock
    auto_started: bool


@dataclass(frozen=True, slots=True)
class PreStopWarning:
    """The hard stop is near. `hard_stop` is aware local time."""

    minutes_left: int
    hard_stop: datetime


@dataclass(frozen=True, slots=True)
class HardStopReached:
    """The hard stop rings (once per working day): sound, notification, shutdown ritual.

    `cut_session` is the block or buffer the hard stop cut, if one was running.
    `hard_stop` is aware local time.
    """

    hard_stop: datetime
    cut_session: SessionRecord | None
    snoozes_left: int
    #: A meeting runs at the hard stop: the ritual window waits until its end
    #: (aware local time; `RitualDue` follows then). None: show the ritual now.
    ritual_waits_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class RitualDue:
    """The meeting the hard stop rang over has ended: time for the shutdown ritual."""


@dataclass(frozen=True, slots=True)
class SnoozeStarted:
    """The user snoozed the alarm; `record` is the overtime session it opened."""

    record: SessionRecord
    snoozes_left: int


@dataclass(frozen=True, slots=True)
class SnoozeEnded:
    """The overtime stretch ended (ran out or was stopped): the alarm rings again."""

    record: SessionRecord
    snoozes_left: int


@dataclass(frozen=True, slots=True)
class DayRecordChanged:
    """The working day's record changed (new day, hard stop, snooze, overtime, ritual)."""

    day_record: DayRecord


@dataclass(frozen=True, slots=True)
class BreachConfirmationNeeded:
    """Starting work now would breach protected time; nothing changed. Ask, then retry
    with `confirm_breach=True`."""

    reason: str


@dataclass(frozen=True, slots=True)
class ExtendedPastHardStop:
    """A block was extended past today's hard stop, which will still cut it then."""

    ends_at: datetime
    hard_stop: datetime

    @property
    def message(self) -> str:
        return _("it now ends at {end}, after the hard stop: it will be cut at {hard_stop}").format(
            end=f"{self.ends_at:%H:%M}", hard_stop=f"{self.hard_stop:%H:%M}"
        )


@dataclass(frozen=True, slots=True)
class ActionRefused:
    """A user action could not be done now; `reason` is one line meant for the user."""

    action: str
    reason: str


@dataclass(frozen=True, slots=True)
class ClockJumped:
    """The wall clock moved unexpectedly (suspend, clock change); negative is backward."""

    gap_seconds: float


@dataclass(frozen=True, slots=True)
class UserWentAway:
    """The user left at `since` (aware local): what was running is paused from then.

    `paused` is the session now paused by the absence, if any.
    """

    since: datetime
    paused: SessionRecord | None


@dataclass(frozen=True, slots=True)
class UserReturned:
    """The user is back at `at` after being away since `since` (both aware local).

    `paused`: the session still paused by the absence (resume or end it);
    `interrupted`: sessions closed at `since` because their end fell inside it.
    """

    since: datetime
    at: datetime
    paused: SessionRecord | None
    interrupted: tuple[SessionRecord, ...]

    @property
    def away_seconds(self) -> float:
        return max(0.0, (self.at - self.since).total_seconds())


@dataclass(frozen=True, slots=True)
class ZoneChanged:
    """The system time zone changed: today's plan and hard stop moved to the new local times."""

    zone_name: str


@dataclass(frozen=True, slots=True)
class OffclockNoticed:
    """Time at the computer in protected time was recognised as offclock (once a stretch).

    `reason` completes "It's …": "after your hard stop", "a protected day",
    "time for School pick-up".
    """

    record: SessionRecord
    reason: str

    @property
    def minutes(self) -> int:
        return self.record.actual_seconds // 60


Event: TypeAlias = (
    SessionOpened
    | SessionUpdated
    | SessionClosed
    | SessionCorrected
    | StateChanged
    | BlockFinished
    | BufferFinished
    | PlannedBlockDue
    | PreStopWarning
    | HardStopReached
    | RitualDue
    | SnoozeStarted
    | SnoozeEnded
    | DayRecordChanged
    | BreachConfirmationNeeded
    | ActionRefused
    | ExtendedPastHardStop
    | ClockJumped
    | UserWentAway
    | UserReturned
    | ZoneChanged
    | OffclockNoticed
)
