"""The ticker: one single-shot timer aimed at wall-clock deadlines, driven here by hand."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo

from focusdesk.shell.desktop.ticker import QT_MAX_TIMER_MS, SleepWatcher, Ticker, wait_ms

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class FakeClock:
    """Wall clock and monotonic clock, moved by hand; `sleep` moves only the wall clock."""

    def __init__(self) -> None:
        self.wall = T0
        self.mono = 1000.0

    def now(self) -> datetime:
        return self.wall

    def local_zone(self) -> tzinfo:
        return UTC

    def monotonic(self) -> float:
        return self.mono

    def advance(self, delta: timedelta) -> None:
        self.wall += delta
        self.mono += delta.total_seconds()

    def sleep(self, delta: timedelta) -> None:
        self.wall += delta


class FakeTimer:
    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback = callback
        self.interval_ms: int | None = None
        self.starts: list[int] = []

    def start(self, msec: int) -> None:
        assert 0 <= msec <= QT_MAX_TIMER_MS
        self.interval_ms = msec
        self.starts.append(msec)

    def stop(self) -> None:
        self.interval_ms = None

    def isActive(self) -> bool:
        return self.interval_ms is not None

    def fire(self) -> None:
        assert self.interval_ms is not None, "fired a timer that is not running"
        self.interval_ms = None
        self.callback()


class Harness:
    def __init__(self, **kwargs: object) -> None:
        self.clock = FakeClock()
        self.timers: list[FakeTimer] = []
        self.due: list[datetime] = []
        self.pulses: list[datetime] = []
        self.jumps: list[tuple[datetime, datetime]] = []
        self.ticker = Ticker(
            self.clock,
            on_due=self.due.append,
            on_minute=self.pulses.append,
            on_clock_jump=lambda now, awake: self.jumps.append((now, awake)),
            timer_factory=self._make,
            monotonic=self.clock.monotonic,
            **kwargs,  # type: ignore[arg-type]
        )

    def _make(self, callback: Callable[[], None]) -> FakeTimer:
        timer = FakeTimer(callback)
        self.timers.append(timer)
        return timer

    @property
    def main(self) -> FakeTimer:
        return self.timers[0]

    @property
    def gap(self) -> FakeTimer:
        return self.timers[1]

    def run_main(self) -> None:
        """Let the main timer run out: move both clocks by its wait, then fire it."""
        assert self.main.interval_ms is not None
        self.clock.advance(timedelta(milliseconds=self.main.interval_ms))
        self.main.fire()


def test_the_timer_is_aimed_at_the_deadline() -> None:
    h = Harness()
    h.ticker.arm(T0 + timedelta(minutes=25), block_running=False)
    assert h.main.interval_ms == 25 * 60 * 1000
    h.run_main()
    assert h.due == [T0 + timedelta(minutes=25)]


def test_a_far_deadline_is_reached_in_capped_waits_that_re_aim_from_the_wall_clock() -> None:
    h = Harness()
    deadline = T0 + timedelta(hours=3, minutes=30)
    h.ticker.arm(deadline, block_running=False)
    waits = []
    while not h.due:
        waits.append(h.main.interval_ms)
        h.run_main()
    assert waits == [3_600_000, 3_600_000, 3_600_000, 1_800_000]
    assert h.due == [deadline]


def test_a_deadline_weeks_away_never_overflows_qt_timers() -> None:
    h = Harness(max_wait=timedelta(days=60))
    h.ticker.arm(T0 + timedelta(days=40), block_running=False)
    assert h.main.interval_ms == QT_MAX_TIMER_MS


def test_wait_ms_is_never_negative_and_rounds_up() -> None:
    assert wait_ms(-5) == 0
    assert wait_ms(0.0001) == 1
    assert wait_ms(10**9) == QT_MAX_TIMER_MS


def test_no_deadline_still_wakes_up_once_an_hour_to_look_again() -> None:
    h = Harness()
    h.ticker.arm(None, block_running=False)
    assert h.main.interval_ms == 3_600_000
    h.run_main()
    assert h.due == []
    assert h.main.interval_ms == 3_600_000


def test_a_running_block_pulses_once_a_minute_and_no_faster() -> None:
    h = Harness()
    h.ticker.arm(T0 + timedelta(minutes=3, seconds=30), block_running=True)
    for _ in range(3):
        assert h.main.interval_ms == 60_000
        h.run_main()
    assert h.pulses == [T0 + timedelta(minutes=m) for m in (1, 2, 3)]
    assert h.main.interval_ms == 30_000
    h.run_main()
    assert h.due == [T0 + timedelta(minutes=3, seconds=30)]


def test_re_arming_during_a_block_keeps_the_minute_rhythm() -> None:
    h = Harness()
    h.ticker.arm(T0 + timedelta(minutes=90), block_running=True)
    h.clock.advance(timedelta(seconds=20))
    h.ticker.arm(T0 + timedelta(minutes=95), block_running=True)  # extended by 5
    assert h.main.interval_ms == 40_000


def test_no_pulse_once_the_block_is_over() -> None:
    h = Harness()
    h.ticker.arm(T0 + timedelta(minutes=90), block_running=True)
    h.ticker.arm(T0 + timedelta(hours=9), block_running=False)
    assert not h.ticker.pulsing
    assert h.main.interval_ms == 3_600_000


def test_a_sleep_is_reported_as_a_clock_jump_at_the_next_gap_check() -> None:
    h = Harness()
    h.ticker.start()
    h.ticker.arm(T0 + timedelta(minutes=30), block_running=True)
    h.clock.advance(timedelta(minutes=1))
    # The machine sleeps two hours: the wall clock moves, the monotonic clock does not.
    h.clock.sleep(timedelta(hours=2))
    h.clock.advance(timedelta(minutes=4))
    h.gap.fire()
    # Last awake: the reference plus the monotonic time that passed (5 min).
    assert h.jumps == [(T0 + timedelta(hours=2, minutes=5), T0 + timedelta(minutes=5))]
    # The owner re-arms; until then the ticker still looks again soon, never at a stale wait.
    assert h.main.isActive()
    assert h.gap.interval_ms == 5 * 60 * 1000


def test_a_backward_clock_jump_is_a_plain_recheck() -> None:
    h = Harness()
    h.ticker.start()
    h.ticker.arm(T0 + timedelta(minutes=30), block_running=False)
    h.clock.advance(timedelta(minutes=5))
    h.clock.wall -= timedelta(minutes=10)
    h.gap.fire()
    assert h.jumps == []
    assert h.gap.isActive()


def test_logind_sleep_and_resume_report_the_exact_sleep() -> None:
    h = Harness()
    h.ticker.arm(T0 + timedelta(minutes=30), block_running=True)
    h.clock.advance(timedelta(minutes=10))
    h.ticker.going_to_sleep()
    h.clock.sleep(timedelta(hours=3))
    h.ticker.woke_up()
    assert h.jumps == [(T0 + timedelta(hours=3, minutes=10), T0 + timedelta(minutes=10))]


def test_a_resume_without_a_sleep_notice_rechecks_at_once() -> None:
    h = Harness()
    h.ticker.arm(T0 + timedelta(minutes=30), block_running=False)
    h.clock.sleep(timedelta(hours=1))
    h.ticker.woke_up()
    assert h.due == [T0 + timedelta(hours=1)]
    assert h.jumps == []


def test_a_quiet_gap_check_changes_nothing_and_checks_again() -> None:
    h = Harness()
    h.ticker.start()
    h.ticker.arm(T0 + timedelta(minutes=30), block_running=False)
    h.clock.advance(timedelta(minutes=5))
    h.gap.fire()
    assert h.due == []
    assert h.gap.interval_ms == 5 * 60 * 1000


def test_a_resume_rechecks_at_once() -> None:
    h = Harness()
    h.ticker.arm(T0 + timedelta(minutes=30), block_running=False)
    h.clock.sleep(timedelta(hours=1))
    h.ticker.recheck("resumed from suspend")
    assert h.due == [T0 + timedelta(hours=1)]


def test_a_due_deadline_is_reported_once() -> None:
    h = Harness()
    h.ticker.arm(T0 + timedelta(minutes=1), block_running=False)
    h.clock.sleep(timedelta(minutes=2))
    h.ticker.recheck("resume")
    h.ticker.recheck("gap")
    assert len(h.due) == 1


def test_stop_stops_every_timer() -> None:
    h = Harness()
    h.ticker.start()
    h.ticker.arm(T0 + timedelta(minutes=1), block_running=True)
    h.ticker.stop()
    assert not h.main.isActive()
    assert not h.gap.isActive()


def test_logind_prepare_for_sleep_is_turned_into_sleep_and_resume(qapp: object) -> None:
    watcher = SleepWatcher()
    seen: list[str] = []
    watcher.going_to_sleep.connect(lambda: seen.append("sleep"))
    watcher.resumed.connect(lambda: seen.append("resume"))
    watcher.on_prepare_for_sleep(True)
    watcher.on_prepare_for_sleep(False)
    assert seen == ["sleep", "resume"]


def test_no_system_bus_means_the_clock_gap_check_alone() -> None:
    # Qt caches the system bus per process, so a fresh process sees the missing bus.
    script = (
        "import logging, sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from focusdesk.shell.desktop.ticker import SleepWatcher\n"
        "logging.basicConfig(stream=sys.stdout, level=logging.INFO, format='%(message)s')\n"
        "app = QCoreApplication([])\n"
        "watcher = SleepWatcher()\n"
        "print('watch', watcher.watch(), watcher.connected)\n"
    )
    env = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent/focusdesk-test-bus"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "no system bus: resume is detected by the clock-gap check only",
        "watch False False",
    ]


def test_a_timer_that_fires_early_by_the_wall_clock_reports_a_clock_set_back() -> None:
    backs: list[datetime] = []
    h = Harness(on_clock_set_back=backs.append)
    h.ticker.arm(T0 + timedelta(minutes=30), block_running=True)
    h.clock.wall -= timedelta(hours=1)  # set back; the monotonic clock runs on
    h.run_main()
    assert backs == [T0 - timedelta(hours=1) + timedelta(minutes=1)]
    assert h.pulses == []
    # The owner re-arms: the minute rhythm restarts from the new wall time.
    h.ticker.arm(T0 - timedelta(minutes=29), block_running=True)
    assert h.main.interval_ms == 60_000


def test_the_gap_check_reports_a_clock_set_back_to_an_owner_who_asks() -> None:
    backs: list[datetime] = []
    h = Harness(on_clock_set_back=backs.append)
    h.ticker.start()
    h.ticker.arm(None, block_running=False)
    h.clock.advance(timedelta(minutes=5))
    h.clock.wall -= timedelta(minutes=10)
    h.gap.fire()
    assert backs == [T0 - timedelta(minutes=5)]
    assert h.gap.isActive()
