"""A fake-clock driver for the session engine: it moves time, the engine answers.

Plays the shell's part: it keeps one "timer" aimed at the engine's next
deadline, collects every event and keeps the session rows the store would
hold (insert on open, update on update/close). No sleeping anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, TypeVar

from focusdesk.core.engine_events import (
    DayRecordChanged,
    Event,
    SessionClosed,
    SessionCorrected,
    SessionOpened,
    SessionUpdated,
)
from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.patterns import Pattern
from focusdesk.core.session_engine import SessionEngine
from focusdesk.core.sessions import DayRecord, SessionKind, SessionRecord

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "resources" / "patterns"
CATALOG = PatternCatalog(BUILTIN_DIR)
BUILTIN_IDS = [p.id for p in CATALOG.patterns()]

E = TypeVar("E")


def local(zone: tzinfo, day: date, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, fold=fold, tzinfo=zone)


@dataclass
class Driver:
    engine: SessionEngine
    now: datetime
    events: list[Event] = field(default_factory=list)
    rows: dict[str, SessionRecord] = field(default_factory=dict)
    days: dict[date, DayRecord] = field(default_factory=dict)

    @classmethod
    def start(cls, pattern: Pattern, zone: tzinfo, now: datetime, **kwargs: Any) -> Driver:
        return cls(SessionEngine(pattern, zone, now=now, **kwargs), now)

    def _take(self, events: list[Event]) -> list[Event]:
        for event in events:
            if isinstance(event, SessionOpened):
                assert event.record.id not in self.rows, "a session was opened twice"
                self.rows[event.record.id] = event.record
            elif isinstance(event, SessionUpdated | SessionClosed):
                assert event.record.id in self.rows, "update of a session never opened"
                assert self.rows[event.record.id].is_open, "update of a closed session"
                self.rows[event.record.id] = event.record
            elif isinstance(event, SessionCorrected):
                assert event.record.id in self.rows, "correction of a session never opened"
                assert not self.rows[event.record.id].is_open, "correction of an open session"
                self.rows[event.record.id] = event.record
            elif isinstance(event, DayRecordChanged):
                self.days[event.day_record.day] = event.day_record
        self.events += events
        return events

    def run_until(self, until: datetime) -> list[Event]:
        """Let time pass normally up to `until`: the timer fires at every deadline."""
        out: list[Event] = []
        while (deadline := self.engine.next_deadline()) <= until:
            self.now = deadline
            out += self._take(self.engine.advance(deadline))
            assert self.engine.next_deadline() > deadline
        self.now = until
        out += self._take(self.engine.advance(until))
        return out

    def jump(self, to: datetime) -> list[Event]:
        """The wall clock jumps (sleep, clock change) without a report: one advance."""
        self.now = to
        return self._take(self.engine.advance(to))

    def suspend(self, to: datetime) -> list[Event]:
        """The machine sleeps until `to`; on wake the shell reports the gap."""
        last_awake, self.now = self.now, to
        return self._take(self.engine.clock_jumped(to, last_awake))

    def away(self, since: datetime, noticed: datetime) -> list[Event]:
        """Time passes normally to `noticed`, when the presence source says the user
        has been gone since `since` (their last input)."""
        self.run_until(noticed)
        return self._take(self.engine.user_away(noticed, since))

    def back(self, at: datetime) -> list[Event]:
        """Time passes (the user still away) to `at`, when they are back."""
        self.run_until(at)
        return self._take(self.engine.user_back(at))

    def do(self, action: str, *args: Any, **kwargs: Any) -> list[Event]:
        """Call an engine action at the current fake time."""
        return self._take(getattr(self.engine, action)(self.now, *args, **kwargs))

    def of(self, kind: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, kind)]

    def sessions(self, kind: SessionKind | None = None) -> list[SessionRecord]:
        rows = sorted(self.rows.values(), key=lambda r: r.started_at)
        return [r for r in rows if kind is None or r.kind is kind]


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)
