"""Presence in the running app (offscreen Qt, fake clock, a fake presence source).

The user walks away mid-block: the block pauses from their last input, the
status says "away", and on return a notification says for how long and when
the block was paused; the away time is never focus. A source that dies
falls back and never leaves the block paused by an absence.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from focusdesk.core.presence import PresenceSignal, PresenceUnavailable
from focusdesk.core.status import EngineState
from test_tray_app import FakeTimer, Harness, started

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class FakeIdleSource:
    """Idle time the test sets; `gone` makes every read fail like a vanished compositor."""

    name = "fake-idle"

    def __init__(self, harness: Harness) -> None:
        self.harness = harness
        self.last_input = harness.clock.wall
        self.locked = False
        self.gone = False
        self.reads = 0

    def touch(self) -> None:
        self.last_input = self.harness.clock.wall

    def read(self) -> PresenceSignal:
        self.reads += 1
        if self.gone:
            raise PresenceUnavailable("the compositor went away")
        idle = (self.harness.clock.wall - self.last_input).total_seconds()
        return PresenceSignal(idle_seconds=idle, locked=self.locked)

    def watch(self, on_change: Any) -> None:
        self.on_change = on_change

    def close(self) -> None:
        pass


@pytest.fixture
def present(
    tmp_path: Path, qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Harness, FakeIdleSource]]:
    h = Harness(tmp_path / "data")

    def start(timer: FakeTimer, msec: int) -> None:
        timer.interval_ms = msec
        timer.due = h.clock.wall + timedelta(milliseconds=msec)  # type: ignore[attr-defined]

    monkeypatch.setattr(FakeTimer, "start", start)
    source = FakeIdleSource(h)
    monkeypatch.setattr(
        "focusdesk.app.presence_sources", lambda _platform: [("fake-idle", lambda: source)]
    )
    started(h)
    yield h, source
    h.app.shutdown()


def presence_timer(h: Harness) -> Any:
    # The ticker's two timers come first, then the presence monitor's.
    return h.timers[2]


def pass_time(h: Harness, delta: timedelta) -> None:
    """Let time pass with the ticker's main timer and the presence monitor's firing when due.

    (The ticker's clock-gap check is left out: this fake clock has no monotonic side.)
    """
    target = h.clock.wall + delta
    while True:
        timers = (h.timers[0], presence_timer(h))
        due = [t for t in timers if t.interval_ms is not None and t.due <= target]
        if not due:
            break
        timer = min(due, key=lambda t: t.due)
        h.clock.wall = max(h.clock.wall, timer.due)
        timer.interval_ms = None
        timer.callback()
    h.clock.wall = target


def work(h: Harness, source: FakeIdleSource, minutes: int) -> None:
    """The user types along for `minutes`."""
    for _ in range(minutes):
        pass_time(h, timedelta(minutes=1))
        source.touch()


def test_walking_away_pauses_the_block_from_the_last_input_and_says_so_on_return(
    present: tuple[Harness, FakeIdleSource],
) -> None:
    h, source = present
    reply = h.app.dispatch_command({"action": "start", "minutes": 60, "label": "writing"})
    assert reply["status"]["presence"] == "active"
    assert reply["status"]["presence_source"] == "fake-idle"
    work(h, source, 10)  # last input at 09:10
    pass_time(h, timedelta(minutes=7))  # away noticed by 09:15, five minutes after
    assert h.state is EngineState.PAUSED
    status = h.app.dispatch_command({"action": "status"})["status"]
    assert status["presence"] == "away"
    assert status["remaining_seconds"] == 50 * 60
    pass_time(h, timedelta(minutes=25))
    source.touch()  # back at 09:42
    pass_time(h, timedelta(seconds=6))
    ((title, body),) = [m for m in h.notifier.sent if "away" in m[1]]
    assert title == "Welcome back — the block is paused"
    assert "You were away 32 min — the block was paused at 09:10" in body
    assert h.app.dispatch_command({"action": "status"})["status"]["presence"] == "active"
    assert h.state is EngineState.PAUSED
    h.app.dispatch_command({"action": "stop"})
    (row,) = h.rows("SELECT outcome, actual_seconds, paused_seconds FROM sessions")
    assert tuple(row) == ("stopped", 10 * 60, 32 * 60 + 6)


def test_at_rest_the_presence_source_is_not_read_between_ticks(
    present: tuple[Harness, FakeIdleSource],
) -> None:
    h, source = present
    assert presence_timer(h).interval_ms is None
    reads = source.reads
    pass_time(h, timedelta(minutes=20))
    assert presence_timer(h).interval_ms is None
    assert source.reads - reads <= 5  # the ticker's own looks (every 5 min at most), no more


def test_a_source_that_vanishes_never_leaves_the_block_paused_by_the_absence(
    present: tuple[Harness, FakeIdleSource],
) -> None:
    h, source = present
    h.app.dispatch_command({"action": "start", "minutes": 60, "label": "writing"})
    pass_time(h, timedelta(minutes=7))
    assert h.state is EngineState.PAUSED
    source.gone = True
    status = h.app.dispatch_command({"action": "status"})["status"]
    assert (status["presence"], status["presence_source"]) == ("unknown", "none")
    assert h.app.engine is not None and h.app.engine.away_since is None
