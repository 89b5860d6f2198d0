"""Reads the presence source when it matters and tells the app when the user leaves or returns.

Reading costs one round trip to the X server or the bus, so it happens only:
- on every engine tick and user request (the app calls `check`);
- while a block or buffer runs, once more at the moment the idle time would
  reach `away_after_minutes` (a single-shot timer aimed there, re-aimed
  after each read: with regular input that is one read every few minutes);
- while the user is away, every `away_poll` to see them come back, unless
  the source says so itself (Mutter's user-active watch).
Nothing is read at rest. A source that fails is dropped for the next one in
the chain (one log line); with none left, presence is "unknown" and whatever
the absence paused is released (never paused forever).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from focusdesk.core.clock import Clock
from focusdesk.core.presence import (
    Presence,
    PresenceSource,
    PresenceTracker,
    PresenceUnavailable,
    Transition,
)
from focusdesk.shell.desktop.presence.sources import NullPresenceSource, SourceFactory
from focusdesk.shell.desktop.ticker import TimerFactory, qt_timer_factory, wait_ms

_log = logging.getLogger(__name__)


class LockHint(Protocol):
    """The screen lock from elsewhere than the idle source (logind's LockedHint)."""

    locked: bool

    def start(self, on_change: Callable[[], None]) -> bool: ...


#: While away, how often an idle time is read to see the user come back.
AWAY_POLL = timedelta(seconds=5)
#: A read aimed at the threshold lands this much after it (timer latency).
THRESHOLD_MARGIN = timedelta(seconds=1)


class PresenceMonitor:
    """One presence source (with its fallbacks), a `PresenceTracker`, and one timer."""

    def __init__(
        self,
        candidates: Sequence[tuple[str, SourceFactory]],
        tracker: PresenceTracker,
        clock: Clock,
        on_transition: Callable[[Transition], None],
        timer_factory: TimerFactory | None = None,
        away_poll: timedelta = AWAY_POLL,
        lock_hint: LockHint | None = None,
    ) -> None:
        self._candidates = list(candidates)
        self._tracker = tracker
        self._clock = clock
        self._on_transition = on_transition
        self._away_poll = away_poll
        self._source: PresenceSource = NullPresenceSource()
        self._timer = (timer_factory or qt_timer_factory())(self._on_timer)
        self._watching = False
        self._last_idle: float | None = None
        self._checking = False
        self._lock_hint = lock_hint

    @property
    def presence(self) -> Presence:
        return self._tracker.presence

    @property
    def source_name(self) -> str:
        return self._source.name

    @property
    def tracker(self) -> PresenceTracker:
        return self._tracker

    def start(self) -> None:
        """Open the best source available; one log line says which (or why none)."""
        self._open_next("")
        if self._lock_hint is not None and not self._lock_hint.start(self.check):
            self._lock_hint = None

    def close(self) -> None:
        self._timer.stop()
        self._close_source()

    def set_away_after(self, minutes: int) -> None:
        """A new `away_after_minutes`: the rule and (where it counts itself) the source follow."""
        self._tracker.set_away_after(minutes)
        self._tune_source()
        self._schedule()

    def set_watching(self, watching: bool) -> None:
        """Watch between ticks (a block or buffer runs, or the user is away) or not."""
        if watching == self._watching:
            return
        self._watching = watching
        self._schedule()

    def check(self) -> None:
        """Read the source now and tell the app if the user left or came back."""
        if self._checking:
            return  # a transition handler asked again: the answer is being given
        self._checking = True
        try:
            now = self._clock.now()
            transition = self._read(now)
            if transition is not None:
                self._on_transition(transition)
        finally:
            self._checking = False
        self._schedule()

    # -- internals ----------------------------------------------------------------

    def _read(self, now: datetime) -> Transition | None:
        while True:
            try:
                signal = self._source.read()
            except PresenceUnavailable as error:
                _log.warning("presence source %s stopped answering: %s", self._source.name, error)
            except Exception:  # a source must never take the app down
                _log.exception("presence source %s failed", self._source.name)
            else:
                self._last_idle = signal.idle_seconds
                if self._lock_hint is not None and self._lock_hint.locked:
                    signal = replace(signal, locked=True)
                return self._tracker.observe(now, signal)
            self._open_next(self._source.name)
            if isinstance(self._source, NullPresenceSource):
                self._last_idle = None
                return self._tracker.lost(now)

    def _open_next(self, failed: str) -> None:
        """Close the current source and open the next candidate (or none)."""
        self._close_source()
        tried: list[str] = []
        while self._candidates:
            name, factory = self._candidates.pop(0)
            try:
                source = factory()
            except PresenceUnavailable as error:
                tried.append(f"{name}: {error}")
                continue
            except Exception as error:  # a broken library or bus must not stop start-up
                tried.append(f"{name}: {error!r}")
                continue
            self._source = source
            source.watch(self.check)
            self._tune_source()
            _log.info("presence from %s", name)
            return
        self._source = NullPresenceSource()
        why = "; ".join(tried) or "this desktop offers none FocusDesk can read"
        after = f" after {failed} failed" if failed else ""
        _log.warning("no presence source%s (%s): nothing is paused for absence", after, why)

    def _tune_source(self) -> None:
        """Sources that count idle time against a threshold themselves get ours."""
        set_idle_timeout = getattr(self._source, "set_idle_timeout", None)
        if set_idle_timeout is not None and self._tracker.enabled:
            try:
                set_idle_timeout(self._tracker.away_after.total_seconds())
            except Exception:
                _log.exception("presence source %s refused the idle timeout", self._source.name)

    def _close_source(self) -> None:
        try:
            self._source.close()
        except Exception:
            _log.debug("closing presence source %s failed", self._source.name, exc_info=True)

    def _schedule(self) -> None:
        self._timer.stop()
        if not self._watching or isinstance(self._source, NullPresenceSource):
            return
        tracker = self._tracker
        if tracker.presence is Presence.AWAY:
            expect_return = getattr(self._source, "expect_return", None)
            if expect_return is not None and expect_return():
                return  # the source says when input comes back
            self._timer.start(wait_ms(self._away_poll.total_seconds()))
            return
        if not tracker.enabled or self._last_idle is None:
            return
        if getattr(self._source, "tells_idle", False):
            return  # the source says when the threshold is crossed
        threshold = tracker.away_after.total_seconds()
        wait = max(1.0, threshold - self._last_idle) + THRESHOLD_MARGIN.total_seconds()
        self._timer.start(wait_ms(wait))

    def _on_timer(self) -> None:
        self.check()
