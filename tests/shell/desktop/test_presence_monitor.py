"""The presence monitor: which source, when it is read, and falling back when one fails."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo

import pytest

from focusdesk.core.presence import (
    CameBack,
    Presence,
    PresenceSignal,
    PresenceTracker,
    PresenceUnavailable,
    Transition,
    WentAway,
)
from focusdesk.shell.desktop.presence.monitor import PresenceMonitor
from focusdesk.shell.desktop.presence.sources import presence_sources

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.wall = T0

    def now(self) -> datetime:
        return self.wall

    def local_zone(self) -> tzinfo:
        return UTC


class Timer:
    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback = callback
        self.interval_ms: int | None = None

    def start(self, msec: int) -> None:
        self.interval_ms = msec

    def stop(self) -> None:
        self.interval_ms = None

    def isActive(self) -> bool:
        return self.interval_ms is not None


class Source:
    def __init__(self, name: str, idle: float = 0.0) -> None:
        self.name = name
        self.idle = idle
        self.failing = False
        self.closed = False
        self.on_change: Callable[[], None] | None = None

    def read(self) -> PresenceSignal:
        if self.failing:
            raise PresenceUnavailable("gone")
        return PresenceSignal(idle_seconds=self.idle)

    def watch(self, on_change: Callable[[], None]) -> None:
        self.on_change = on_change

    def close(self) -> None:
        self.closed = True


class Harness:
    def __init__(self, *candidates: tuple[str, Callable[[], Source]], minutes: int = 5) -> None:
        self.clock = Clock()
        self.transitions: list[Transition] = []
        self.timers: list[Timer] = []
        self.monitor = PresenceMonitor(
            list(candidates),
            PresenceTracker(minutes),
            self.clock,
            self.transitions.append,
            timer_factory=self._timer,
        )
        self.monitor.start()

    def _timer(self, callback: Callable[[], None]) -> Timer:
        timer = Timer(callback)
        self.timers.append(timer)
        return timer

    @property
    def timer(self) -> Timer:
        return self.timers[0]


def unavailable() -> Source:
    raise PresenceUnavailable("not on this desktop")


def test_the_first_source_that_opens_is_used_and_named(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    good = Source("second")
    h = Harness(("first", unavailable), ("second", lambda: good))
    assert h.monitor.source_name == "second"
    assert "presence from second" in caplog.text
    h.monitor.check()
    assert h.monitor.presence is Presence.ACTIVE


def test_no_source_is_unknown_with_one_log_line(caplog: pytest.LogCaptureFixture) -> None:
    h = Harness(("x11-screensaver", unavailable))
    assert h.monitor.source_name == "none"
    h.monitor.check()
    assert h.monitor.presence is Presence.UNKNOWN
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "x11-screensaver: not on this desktop" in warnings[0].message
    h.monitor.set_watching(True)
    assert h.timer.interval_ms is None  # nothing to read, nothing to wake up for


def test_while_watching_the_next_read_is_aimed_at_the_threshold() -> None:
    source = Source("fake", idle=40)
    h = Harness(("fake", lambda: source))
    h.monitor.check()
    assert h.timer.interval_ms is None  # not watching: no timer at all
    h.monitor.set_watching(True)
    assert h.timer.interval_ms == (300 - 40 + 1) * 1000
    h.clock.wall += timedelta(seconds=261)
    source.idle = 301
    h.timer.callback()
    assert h.transitions == [WentAway(h.clock.wall - timedelta(seconds=301))]
    assert h.timer.interval_ms == 5000  # away: looking for the return
    source.idle = 0.5
    h.clock.wall += timedelta(seconds=5)
    h.timer.callback()
    assert h.transitions[-1] == CameBack(h.clock.wall)
    h.monitor.set_watching(False)
    assert h.timer.interval_ms is None


def test_a_source_that_fails_falls_back_to_the_next_and_releases_the_absence() -> None:
    first, second = Source("first", idle=400), Source("second", idle=2)
    h = Harness(("first", lambda: first), ("second", lambda: second))
    h.monitor.check()
    assert h.monitor.presence is Presence.AWAY
    first.failing = True
    h.monitor.check()
    assert first.closed and h.monitor.source_name == "second"
    assert h.transitions[-1] == CameBack(T0)
    second.failing = True
    h.monitor.check()
    assert (h.monitor.source_name, h.monitor.presence) == ("none", Presence.UNKNOWN)


def test_a_source_that_raises_anything_never_takes_the_app_down() -> None:
    class Broken(Source):
        def read(self) -> PresenceSignal:
            raise OSError("ctypes said no")

    h = Harness(("broken", lambda: Broken("broken")))
    h.monitor.check()
    assert h.monitor.source_name == "none"


def test_the_platform_decides_the_candidates_in_one_place() -> None:
    assert [name for name, _ in presence_sources("xcb")] == [
        "x11-screensaver",
        "mutter",
        "screensaver",
    ]
    assert [name for name, _ in presence_sources("wayland")] == [
        "wayland-idle",
        "mutter",
        "screensaver",
    ]
    assert presence_sources("offscreen") == []


def test_the_x11_source_on_a_display_nobody_answers_is_unavailable() -> None:
    from focusdesk.shell.desktop.presence.x11_screensaver import X11ScreenSaverSource

    with pytest.raises(PresenceUnavailable, match="no X display"):
        X11ScreenSaverSource(":987")


def test_a_source_that_counts_idle_itself_gets_the_threshold_and_no_timer() -> None:
    class Counting(Source):
        tells_idle = True

        def __init__(self) -> None:
            super().__init__("counting")
            self.timeouts: list[float] = []

        def set_idle_timeout(self, seconds: float) -> None:
            self.timeouts.append(seconds)

    source = Counting()
    h = Harness(("counting", lambda: source))
    assert source.timeouts == [300.0]
    h.monitor.check()
    h.monitor.set_watching(True)
    assert h.timer.interval_ms is None  # the source will say when 5 minutes have passed
    h.monitor.set_away_after(20)
    assert source.timeouts == [300.0, 1200.0]


def test_a_lock_hint_makes_the_user_away_at_once_whatever_the_idle_time() -> None:
    class Hint:
        locked = False

        def start(self, on_change: Callable[[], None]) -> bool:
            self.on_change = on_change
            return True

    hint = Hint()
    source = Source("fake", idle=3)
    clock = Clock()
    transitions: list[Transition] = []
    monitor = PresenceMonitor(
        [("fake", lambda: source)],
        PresenceTracker(5),
        clock,
        transitions.append,
        timer_factory=Timer,
        lock_hint=hint,
    )
    monitor.start()
    monitor.check()
    assert monitor.presence is Presence.ACTIVE
    hint.locked = True
    hint.on_change()  # logind: LockedHint changed
    assert transitions == [WentAway(T0 - timedelta(seconds=3))]
    hint.locked = False
    source.idle = 0
    hint.on_change()
    assert transitions[-1] == CameBack(T0)
