"""Offclock in the running app (offscreen Qt, fake clock, a fake presence source): after
the hard stop, time at the computer with no block becomes an `offclock` row and one
gentle notification; walking away closes it at the last input (SPEC §3a)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from focusdesk.core.status import EngineState
from test_presence_app import FakeIdleSource, pass_time, work
from test_tray_app import MONDAY, FakeTimer, Harness, started

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

EVENING = MONDAY.replace(hour=19)  # Boundary Fortress's hard stop was 18:30 (UTC clock)


@pytest.fixture
def evening(
    tmp_path: Path, qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Harness, FakeIdleSource]]:
    h = Harness(tmp_path / "data", now=EVENING)

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


def offclock_rows(h: Harness) -> list[Any]:
    return h.rows(
        "SELECT started_at, ended_at, actual_seconds, breach, label FROM sessions "
        "WHERE kind = 'offclock'"
    )


def test_an_evening_at_the_computer_is_logged_as_offclock_and_told_once(
    evening: tuple[Harness, FakeIdleSource],
) -> None:
    h, source = evening
    assert h.state is EngineState.OFF
    work(h, source, 9)
    assert offclock_rows(h) == []  # not yet longer than 10 minutes
    work(h, source, 6)  # 19:15
    (row,) = offclock_rows(h)
    assert row["started_at"].startswith("2026-11-23T19:00")
    assert row["ended_at"] is None and row["breach"] == 1
    assert row["label"] == "Offclock: after your hard stop"
    notices = [n for n in h.notifier.sent if n[0] == "Still at the computer?"]
    assert notices == [
        ("Still at the computer?", "It's after your hard stop — 10 min at the computer so far.")
    ]
    # Last input at 19:15; away noticed five minutes later: the stretch ended at 19:15.
    pass_time(h, timedelta(minutes=7))
    (row,) = offclock_rows(h)
    assert row["ended_at"].startswith("2026-11-23T19:15")
    assert row["actual_seconds"] == 15 * 60
    assert len([n for n in h.notifier.sent if n[0] == "Still at the computer?"]) == 1
    status = h.app.dispatch_command({"action": "status"})["status"]
    assert (status["state"], status["presence"]) == ("off", "away")


def test_log_a_breach_block_from_the_notice_starts_a_confirmed_block(
    evening: tuple[Harness, FakeIdleSource],
) -> None:
    h, source = evening
    work(h, source, 11)
    h.app.notification_action_invoked("offclock", "breach")
    assert h.state is EngineState.FOCUS
    kinds = h.rows(
        "SELECT kind, breach, ended_at IS NULL AS open FROM sessions ORDER BY started_at"
    )
    assert [tuple(k) for k in kinds] == [("offclock", 1, 0), ("focus", 1, 1)]


def test_without_a_presence_source_nothing_is_logged(tmp_path: Path, qapp: Any) -> None:
    h = Harness(tmp_path / "data", now=EVENING)  # offscreen: no idle source answers
    started(h)
    try:
        h.pass_time(timedelta(hours=2))
        assert offclock_rows(h) == []
        assert h.app.dispatch_command({"action": "status"})["status"]["presence"] == "unknown"
    finally:
        h.app.shutdown()
