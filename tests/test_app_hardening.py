"""The running app under adversity (issue 16): private files, bad text, failed writes, restarts."""

from __future__ import annotations

import errno
import logging
import sqlite3
import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from focusdesk.core.status import EngineState
from test_tray_app import Harness

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def make_harness(tmp_path: Path, qapp: Any) -> Iterator[Any]:
    made: list[Harness] = []

    def make(**kwargs: Any) -> Harness:
        h = Harness(tmp_path / "data", **kwargs)
        made.append(h)
        return h

    yield make
    for h in made:
        h.app.shutdown()
        h.app.ritual_window.close()
        if h.app.fallback_window is not None:
            h.app.fallback_window.deleteLater()


def test_start_up_tightens_a_log_left_readable_by_others_and_says_so_once(
    make_harness: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "data"
    first = make_harness()
    first.app.start()
    first.app.shutdown()
    data.chmod(0o755)
    (data / "focusdesk.sqlite3").chmod(0o644)

    with caplog.at_level(logging.INFO, logger="focusdesk"):
        make_harness().app.start()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "focusdesk.sqlite3").stat().st_mode) == 0o600
    lines = [r.getMessage() for r in caplog.records if "readable by other users" in r.getMessage()]
    assert len(lines) == 1 and str(data / "focusdesk.sqlite3") in lines[0]


# --- writes that cannot fail silently -------------------------------------------------


class HeldLock:
    """Another program in the middle of a write transaction on the log."""

    def __init__(self, database: Path) -> None:
        self.conn = sqlite3.connect(database, isolation_level=None)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.conn.close()


def retry_timer(h: Harness) -> Any:
    armed = [
        t for t in h.timers if t.interval_ms is not None and t.callback == h.app._retry_pending
    ]
    assert len(armed) == 1, "one retry is scheduled"
    return armed[0]


def fire(timer: Any) -> None:
    timer.interval_ms = None
    timer.callback()


def test_a_block_finished_while_the_log_is_locked_is_written_once_it_is_free(
    make_harness: Any,
) -> None:
    h = make_harness()
    h.app.start()
    assert h.app.database is not None and h.app.database.busy_timeout_ms <= 250
    lock = HeldLock(h.paths.database)
    try:
        reply = h.app.dispatch_command({"action": "start", "minutes": 25, "label": "writing"})
        assert reply["ok"] and "unsaved" not in reply  # it is in the journal
        h.pass_time(timedelta(minutes=26))
        assert h.state is EngineState.BUFFER
        assert h.notifier.titles().count("FocusDesk cannot write its log") == 1
        assert h.app.tray.warning
        assert h.paths.pending_writes.exists()
        fire(retry_timer(h))  # still locked: kept, tried again later
        assert retry_timer(h).interval_ms > 1000
    finally:
        lock.release()
    fire(retry_timer(h))
    rows = h.rows("SELECT kind, label, outcome FROM sessions ORDER BY started_at")
    assert [tuple(r) for r in rows] == [
        ("focus", "writing", "completed"),
        ("buffer", "", "running"),
    ]
    assert not h.paths.pending_writes.exists()
    assert not h.app.tray.warning
    assert h.notifier.titles().count("FocusDesk cannot write its log") == 1


def test_writes_pending_at_quit_are_replayed_at_the_next_start(make_harness: Any) -> None:
    first = make_harness()
    first.app.start()
    lock = HeldLock(first.paths.database)
    try:
        first.app.dispatch_command({"action": "start", "minutes": 25, "label": "kept"})
        first.pass_time(timedelta(minutes=10))
        first.app.shutdown()  # the stop cannot be written either
    finally:
        lock.release()
    assert first.paths.pending_writes.exists()

    second = make_harness(now=first.clock.wall)
    second.app.start()
    rows = second.rows("SELECT label, outcome, actual_seconds FROM sessions")
    assert [tuple(r) for r in rows] == [("kept", "stopped", 10 * 60)]
    assert not second.paths.pending_writes.exists()


def test_a_start_that_neither_the_log_nor_the_journal_can_take_is_not_reported_as_done(
    make_harness: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from focusdesk.store.pending_writes import PendingWrites

    h = make_harness()
    h.app.start()

    def no_room(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(PendingWrites, "_append_to_journal", no_room)
    lock = HeldLock(h.paths.database)
    try:
        reply = h.app.dispatch_command({"action": "start", "minutes": 25, "label": "x"})
    finally:
        lock.release()
    assert reply["ok"] is True and "not saved" in reply["unsaved"]
    monkeypatch.undo()
    fire(retry_timer(h))
    assert [r["label"] for r in h.rows("SELECT label FROM sessions")] == ["x"]


# --- a pending alarm survives a restart ------------------------------------------------


def test_a_crash_during_the_alarm_brings_the_ritual_back_without_a_second_ring(
    make_harness: Any,
) -> None:
    first = make_harness()
    first.app.start()
    first.pass_time(timedelta(hours=9, minutes=31))  # 18:31, the hard stop rang at 18:30
    assert first.state is EngineState.ALARM
    # kill -9: no shutdown, the next start comes a few minutes later.
    second = make_harness(now=first.clock.wall + timedelta(minutes=4))
    second.app.start()
    assert second.state is EngineState.ALARM
    assert second.app.ritual_window.isVisible()
    assert "Hard stop — time to close the day" not in second.notifier.titles()
    second.pass_time(timedelta(minutes=10))
    assert "Hard stop — time to close the day" not in second.notifier.titles()

    second.app.ritual_window.done_button.click()
    assert second.state is EngineState.OFF
    third = make_harness(now=second.clock.wall + timedelta(minutes=1))
    third.app.start()
    assert third.state is EngineState.OFF
