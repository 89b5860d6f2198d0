"""Drives the engine in time: one single-shot timer aimed at the next wall-clock deadline.

Qt timers run on the monotonic clock, which stops while the machine sleeps,
and overflow at 2^31 ms. So the ticker never trusts one long timer: each wait
is capped (an hour by default) and re-aimed from the wall clock when it
fires; a wake-up from suspend (logind's `PrepareForSleep` on the system bus,
when there is one) and a periodic wall-vs-monotonic gap check both make it
look again at once. While a block runs it also pulses once a minute (the
icon's progress ring, the store heartbeat); there is no fast polling loop.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from focusdesk.core.clock import Clock

_log = logging.getLogger(__name__)

#: Qt's timers take a signed 32-bit millisecond count.
QT_MAX_TIMER_MS = 2**31 - 1


class SingleShotTimer(Protocol):
    """The one timer operation the ticker needs (a QTimer, or a fake in tests)."""

    def start(self, msec: int) -> None: ...

    def stop(self) -> None: ...

    def isActive(self) -> bool: ...


TimerFactory = Callable[[Callable[[], None]], SingleShotTimer]


def qt_timer_factory(parent: QObject | None = None) -> TimerFactory:
    """Real single-shot QTimers (precise: a coarse timer may be 5 % late on a long wait)."""

    def make(callback: Callable[[], None]) -> SingleShotTimer:
        timer = QTimer(parent)
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(callback)
        return timer

    return make


def wait_ms(seconds: float) -> int:
    """A wait in whole milliseconds for a Qt timer: never negative, never past 2^31 ms."""
    return max(0, min(QT_MAX_TIMER_MS, math.ceil(seconds * 1000)))


class Ticker:
    """Calls `on_due(now)` when the engine's deadline passes, `on_minute(now)` while a block runs,
    and `on_clock_jump(now, last_awake)` after a suspend or a forward wall-clock jump.

    The owner re-arms it with `arm()` after handling every engine event.
    """

    def __init__(
        self,
        clock: Clock,
        on_due: Callable[[datetime], None],
        on_minute: Callable[[datetime], None],
        on_clock_jump: Callable[[datetime, datetime], None],
        timer_factory: TimerFactory | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        max_wait: timedelta = timedelta(hours=1),
        minute: timedelta = timedelta(seconds=60),
        gap_check_every: timedelta = timedelta(minutes=5),
        gap_tolerance: timedelta = timedelta(seconds=30),
        on_clock_set_back: Callable[[datetime], None] | None = None,
    ) -> None:
        """`on_clock_set_back(now)`: the wall clock moved back (a timer fired before
        the wall time it was aimed at, or the gap check saw it); without it a
        plain re-check."""
        factory = timer_factory or qt_timer_factory()
        self._clock = clock
        self._on_due = on_due
        self._on_minute = on_minute
        self._on_clock_jump = on_clock_jump
        self._on_clock_set_back = on_clock_set_back
        #: The wall instant the main timer is aimed at.
        self._target: datetime | None = None
        self._asleep_since: datetime | None = None
        self._monotonic = monotonic
        self._max_wait = max_wait
        self._minute = minute
        self._gap_check_every = gap_check_every
        self._gap_tolerance = gap_tolerance
        self._deadline: datetime | None = None
        self._next_pulse: datetime | None = None
        self._timer = factory(self._on_timer)
        self._gap_timer = factory(self._on_gap_check)
        self._gap_reference: tuple[datetime, float] | None = None
        self._running = False

    @property
    def deadline(self) -> datetime | None:
        return self._deadline

    @property
    def pulsing(self) -> bool:
        return self._next_pulse is not None

    def start(self) -> None:
        """Begin the periodic wall-clock gap check."""
        self._running = True
        self._restart_gap_check()

    def stop(self) -> None:
        """Stop every timer (on quit)."""
        self._running = False
        self._timer.stop()
        self._gap_timer.stop()

    def arm(self, deadline: datetime | None, block_running: bool) -> None:
        """Aim at `deadline` (None: nothing due) and pulse each minute while a block runs."""
        self._deadline = deadline
        now = self._clock.now()
        if not block_running:
            self._next_pulse = None
        elif self._next_pulse is None or self._next_pulse - now > self._minute:
            # (A pulse further off than a minute: the wall clock was set back.)
            self._next_pulse = now + self._minute
        self._schedule()

    def recheck(self, reason: str) -> None:
        """Look at the wall clock now, as if the timer fired."""
        _log.info("re-checking deadlines: %s", reason)
        self._restart_gap_check()
        self._on_timer()

    def going_to_sleep(self) -> None:
        """The machine is about to suspend: remember when it was last awake."""
        self._asleep_since = self._clock.now()

    def woke_up(self) -> None:
        """The machine resumed: report the sleep (never work time), then re-check deadlines."""
        asleep_since, self._asleep_since = self._asleep_since, None
        now = self._clock.now()
        if asleep_since is not None and now > asleep_since:
            self._report_jump(now, asleep_since, "resumed from suspend")
        else:
            self.recheck("resumed from suspend")

    def _report_jump(self, now: datetime, last_awake: datetime, reason: str) -> None:
        _log.info("%s: %s asleep or skipped", reason, now - last_awake)
        self._restart_gap_check()
        # The engine advances to `now` itself; the owner re-arms.
        self._on_clock_jump(now, last_awake)
        if self._deadline is not None and now >= self._deadline:
            self._deadline = None
        self._schedule()

    # -- timers -------------------------------------------------------------------

    def _schedule(self) -> None:
        now = self._clock.now()
        target = now + self._max_wait
        for candidate in (self._deadline, self._next_pulse):
            if candidate is not None and candidate < target:
                target = candidate
        self._timer.stop()
        self._target = target
        self._timer.start(wait_ms((target - now).total_seconds()))

    def _on_timer(self) -> None:
        now = self._clock.now()
        target = self._target
        if (
            self._on_clock_set_back is not None
            and target is not None
            and now < target - self._gap_tolerance
        ):
            # Fired on time by the monotonic clock, early by the wall clock: it was set back.
            self._on_clock_set_back(now)
            self._schedule()
            return
        if self._deadline is not None and now >= self._deadline:
            self._deadline = None
            # The owner handles the events and calls arm() with the next deadline.
            self._on_due(now)
        if self._next_pulse is not None and now >= self._next_pulse:
            self._next_pulse = now + self._minute
            self._on_minute(now)
        self._schedule()

    def _restart_gap_check(self) -> None:
        self._gap_reference = (self._clock.now(), self._monotonic())
        self._gap_timer.stop()
        if self._running:
            self._gap_timer.start(wait_ms(self._gap_check_every.total_seconds()))

    def _on_gap_check(self) -> None:
        reference = self._gap_reference
        wall_now, mono_now = self._clock.now(), self._monotonic()
        if reference is not None:
            wall_elapsed = (wall_now - reference[0]).total_seconds()
            mono_elapsed = mono_now - reference[1]
            gap = wall_elapsed - mono_elapsed
            if gap > self._gap_tolerance.total_seconds():
                # Asleep (or the clock was set forward): the wall clock ran, we did not.
                last_awake = reference[0] + timedelta(seconds=mono_elapsed)
                self._report_jump(wall_now, last_awake, "the wall clock ran ahead")
                return
            if gap < -self._gap_tolerance.total_seconds():
                if self._on_clock_set_back is not None:
                    _log.info("the wall clock moved back %.0f s", -gap)
                    self._restart_gap_check()
                    self._on_clock_set_back(wall_now)
                    self._schedule()
                else:
                    self.recheck(f"the wall clock moved back {-gap:.0f} s")
                return
        self._restart_gap_check()


class SleepWatcher(QObject):
    """Emits `going_to_sleep` and `resumed` as logind announces them (system bus, when any)."""

    going_to_sleep = Signal()
    resumed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connected = False

    def watch(self) -> bool:
        """Subscribe to logind's `PrepareForSleep`; False (and a log line) when unavailable."""
        from focusdesk.shell.desktop.system_bus import BusCallFailed, BusUnavailable, system_bus

        try:
            bus = system_bus()
        except BusUnavailable:
            _log.info("no system bus: resume is detected by the clock-gap check only")
            return False
        try:
            bus.subscribe(
                self._on_signal,
                sender="org.freedesktop.login1",
                interface="org.freedesktop.login1.Manager",
                member="PrepareForSleep",
                path="/org/freedesktop/login1",
            )
        except BusCallFailed as error:
            _log.info(
                "logind's PrepareForSleep is not available (%s): using the clock-gap check", error
            )
            return False
        self.connected = True
        return True

    def _on_signal(self, body: tuple[object, ...]) -> None:
        if body:
            self.on_prepare_for_sleep(bool(body[0]))

    def on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        """logind's signal: True before suspend, False after resume."""
        if going_to_sleep:
            self.going_to_sleep.emit()
        else:
            self.resumed.emit()
