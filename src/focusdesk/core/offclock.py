"""Invisible overtime (SPEC §3a): time at the computer in protected time with no block.

Work in protected time — after the hard stop, on a protected day, inside a
planned life or recovery block — that the user never started as a block is
exactly the "blur" FocusDesk exists to show. When the user is present there,
with no block running, for longer than `offclock_after_minutes`, the stretch
becomes a session of kind `offclock` (breach flag set): written when it is
recognised (started at the stretch's first moment), updated as it grows, and
closed when the user leaves (at their last input), a block starts, protected
time ends, or the working day ends (a stretch across the day boundary is
split). Never focus.

Pure and told the time: the engine calls `observe` whenever anything that
matters may have changed, and asks `next_deadline` for when to call again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from focusdesk.core.sessions import Outcome, SessionKind, SessionRecord

#: While a stretch is open, it is written again this often (a crash loses at most this).
HEARTBEAT = timedelta(minutes=1)

#: Makes the record of a stretch starting at an instant, with its label.
RecordMaker = Callable[[datetime, str], SessionRecord]


@dataclass(frozen=True, slots=True)
class OffclockSituation:
    """What the engine knows at one instant.

    `watching`: presence is known and away detection is on (else nothing can be
    told apart from a machine left running). `away_since`: the user's last input,
    while away. `protected`: why this is protected time ("" when it is not), e.g.
    "after your hard stop". `block_running`: a block, buffer or overtime runs
    (time the user chose to work). `day_start`: the start of the current working day.
    """

    watching: bool
    away_since: datetime | None
    protected: str
    block_running: bool
    day_start: datetime


@dataclass(frozen=True, slots=True)
class OffclockChange:
    """What `observe` did: rows to write and, once per stretch, the notice to give."""

    opened: SessionRecord | None = None
    updated: SessionRecord | None = None
    closed: SessionRecord | None = None
    #: Give the one gentle notice for this stretch (the reason, "after your hard stop").
    notice: str = ""

    @property
    def empty(self) -> bool:
        return self == OffclockChange()


class OffclockWatch:
    """Recognises offclock stretches; one at a time."""

    def __init__(self, after_minutes: int) -> None:
        self._after = timedelta(minutes=max(0, after_minutes))
        #: The first moment of the current candidate stretch (present, protected, no block).
        self._since: datetime | None = None
        self._reason = ""
        self._open: SessionRecord | None = None
        self._last_written: datetime | None = None
        #: The notice was given for the current stretch (a day split does not repeat it).
        self._noticed = False

    @property
    def open_record(self) -> SessionRecord | None:
        return None if self._open is None else replace(self._open)

    @property
    def pending(self) -> bool:
        """A stretch is being timed or is open: presence matters now, between ticks too."""
        return self._since is not None or self._open is not None

    def set_after(self, minutes: int) -> None:
        self._after = timedelta(minutes=max(0, minutes))

    def next_deadline(self) -> datetime | None:
        """When the watch next has something to do: recognise the candidate, or write again."""
        if self._open is not None and self._last_written is not None:
            return self._last_written + HEARTBEAT
        if self._since is not None and self._after > timedelta(0):
            return self._since + self._after
        return None

    def observe(
        self, now: datetime, situation: OffclockSituation, make_record: RecordMaker
    ) -> OffclockChange:
        """Look at the situation at `now`; open, grow or close the stretch accordingly."""
        present = situation.watching and situation.away_since is None
        counts = (
            present
            and bool(situation.protected)
            and not situation.block_running
            and self._after > timedelta(0)
        )
        closed: SessionRecord | None = None
        opened: SessionRecord | None = None
        notice = ""
        open_record = self._open
        if open_record is not None and open_record.started_at < situation.day_start <= now:
            # A new working day: the stretch is split at its start.
            closed = self._close(situation.day_start)
            self._since = situation.day_start if counts else None
        if not counts:
            if self._open is not None:
                # Away: it ended at the last input. Otherwise now (a block, or the plan, took over).
                end = situation.away_since if situation.away_since is not None else now
                closed = self._close(end if situation.watching else now)
            self._since = None
            self._noticed = False
            return OffclockChange(closed=closed)
        if self._since is None:
            self._since = now
            self._reason = situation.protected
        if self._open is None and now - self._since >= self._after:
            opened = make_record(self._since, f"Offclock: {self._reason}")
            opened = replace(opened, kind=SessionKind.OFFCLOCK, breach=True, heartbeat_at=now)
            self._open = opened
            self._grow(now)
            notice = "" if self._noticed else self._reason
            self._noticed = True
            opened = replace(self._open)
        elif self._open is not None and (
            self._last_written is None or now - self._last_written >= HEARTBEAT
        ):
            self._grow(now)
            return OffclockChange(updated=replace(self._open), closed=closed)
        return OffclockChange(opened=opened, closed=closed, notice=notice)

    def _grow(self, now: datetime) -> None:
        assert self._open is not None
        seconds = max(0, int((now - self._open.started_at).total_seconds()))
        self._open.actual_seconds = seconds
        self._open.planned_seconds = seconds
        self._open.planned_end = now
        self._open.heartbeat_at = now
        self._last_written = now

    def _close(self, at: datetime) -> SessionRecord:
        record = self._open
        assert record is not None
        end = max(at, record.started_at)
        seconds = int((end - record.started_at).total_seconds())
        record.ended_at = end
        record.planned_end = end
        record.actual_seconds = seconds
        record.planned_seconds = seconds
        record.outcome = Outcome.COMPLETED
        record.heartbeat_at = end
        self._open = None
        self._last_written = None
        return replace(record)
