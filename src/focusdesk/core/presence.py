"""Who is at the computer (SPEC §3a): the presence port and the rule that reads it.

A presence *source* (X11 idle time, GNOME's IdleMonitor, the freedesktop
ScreenSaver, ...) lives in the shell and reports a `PresenceSignal`: how long
there has been no input, and whether the screen is locked. `PresenceTracker`
turns those signals into the two things the engine is told: the user went
away (since the last input) and the user came back. Pure: it is told the time.

Consumers (the engine, the offclock rule of issue 15, `status --json`) read
`PresenceTracker.presence` and `away_since`; nothing else decides presence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol


class Presence(StrEnum):
    ACTIVE = "active"
    AWAY = "away"
    #: No source can tell (none available, or it failed): nothing is paused.
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PresenceSignal:
    """What a source says at one instant.

    `idle_seconds`: time since the last keyboard/mouse input (None: this
    source cannot tell). `locked`: the screen is locked (away at once).
    """

    idle_seconds: float | None
    locked: bool = False


class PresenceSource(Protocol):
    """One way of learning about input idle time and the screen lock (a shell implementation).

    `name` is what `status --json` shows as `presence_source` ("x11-screensaver",
    "mutter", "screensaver", "none", ...). `read()` returns the current signal,
    or raises `PresenceUnavailable` when the source is gone (the chooser then
    falls back to the next one). Sources with events call `on_change` when
    they learn something between reads (a lock, input after a long idle).
    """

    name: str

    def read(self) -> PresenceSignal:
        """The current signal; raises `PresenceUnavailable` when the source stopped working."""
        ...

    def watch(self, on_change: Callable[[], None]) -> None:
        """Call `on_change()` when presence may have changed (event-driven sources)."""
        ...

    def close(self) -> None:
        """Release connections and watches."""
        ...


class PresenceUnavailable(Exception):
    """A presence source cannot answer (not present on this desktop, or it went away)."""


@dataclass(frozen=True, slots=True)
class WentAway:
    """The user left: last known present at `since`."""

    since: datetime


@dataclass(frozen=True, slots=True)
class CameBack:
    """The user is present again at `at` (or presence became unknown: nothing stays paused)."""

    at: datetime


Transition = WentAway | CameBack


class PresenceTracker:
    """Decides, from a source's signals, whether the user is present.

    The rule: the screen locked, or no input for `away_after_minutes`, is away,
    backdated to the last input; any input (idle shorter than before) is back.
    `away_after_minutes = 0` turns away detection off (always active when a
    source answers). A signal with no idle time and no lock says nothing.
    """

    def __init__(self, away_after_minutes: int) -> None:
        self._away_after = timedelta(minutes=max(0, away_after_minutes))
        self._presence = Presence.UNKNOWN
        self._away_since: datetime | None = None

    @property
    def presence(self) -> Presence:
        return self._presence

    @property
    def away_since(self) -> datetime | None:
        """The last moment the user was known present, while away."""
        return self._away_since

    @property
    def away_after(self) -> timedelta:
        return self._away_after

    @property
    def enabled(self) -> bool:
        return self._away_after > timedelta(0)

    def set_away_after(self, minutes: int) -> None:
        """A new threshold from the settings; takes effect at the next signal."""
        self._away_after = timedelta(minutes=max(0, minutes))

    def observe(self, now: datetime, signal: PresenceSignal) -> Transition | None:
        """Read one signal at `now`; the transition it makes, if any."""
        idle = None if signal.idle_seconds is None else max(0.0, signal.idle_seconds)
        if idle is None and not signal.locked:
            return self.lost(now)
        last_input = now - timedelta(seconds=idle) if idle is not None else now
        away = self.enabled and (
            signal.locked or (idle is not None and timedelta(seconds=idle) >= self._away_after)
        )
        if away:
            if self._presence is Presence.AWAY:
                return None
            self._presence = Presence.AWAY
            self._away_since = last_input
            return WentAway(last_input)
        was_away = self._presence is Presence.AWAY
        self._presence = Presence.ACTIVE
        self._away_since = None
        return CameBack(now) if was_away else None

    def lost(self, now: datetime) -> Transition | None:
        """The source stopped answering: presence is unknown and nothing stays paused by it."""
        was_away = self._presence is Presence.AWAY
        self._presence = Presence.UNKNOWN
        self._away_since = None
        return CameBack(now) if was_away else None
