"""The composition root driven in-process: tray requests and ticks reach the engine and the log.

Offscreen Qt, a fake clock and hand-fired fake timers: whole days pass without waiting.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from focusdesk.app import FocusDeskApp, StartupFailed
from focusdesk.core.notifications import PLAIN, NotificationDetails, Urgency
from focusdesk.core.settings import Settings
from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.paths import DataPaths
from focusdesk.shell.desktop.sound import Sound, SoundPlayer
from focusdesk.shell.desktop.sound_check import SystemAudio
from focusdesk.shell.ritual.ritual_protocol import Draft, ShutdownAnswers
from focusdesk.shell.ritual.shutdown_ritual import ShutdownRitualWindow
from focusdesk.store.settings_store import save_settings

# Offscreen Qt cannot raise windows or size them like a window manager would; not our warnings.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

# Monday 23 November 2026; the clock's zone is UTC so wall times read plainly.
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.wall = now

    def now(self) -> datetime:
        return self.wall

    def local_zone(self) -> tzinfo:
        return UTC


class FakeTimer:
    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback = callback
        self.interval_ms: int | None = None

    def start(self, msec: int) -> None:
        self.interval_ms = msec

    def stop(self) -> None:
        self.interval_ms = None

    def isActive(self) -> bool:
        return self.interval_ms is not None


class RecordingNotifier:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.details: list[NotificationDetails] = []

    def notify(self, title: str, body: str, details: NotificationDetails = PLAIN) -> None:
        self.sent.append((title, body))
        self.details.append(details)

    def last(self, title: str) -> NotificationDetails:
        """The details of the last notification titled `title`."""
        index = len(self.sent) - 1 - self.titles()[::-1].index(title)
        return self.details[index]

    def titles(self) -> list[str]:
        return [title for title, _ in self.sent]


class FakeEffect:
    plays: ClassVar[list[str]] = []

    def __init__(self, path: Path, volume: float) -> None:
        self.path = path

    def setVolume(self, volume: float) -> None:
        pass

    def play(self) -> None:
        FakeEffect.plays.append(self.path.name)


class Harness:
    def __init__(
        self,
        data_dir: Path,
        now: datetime = MONDAY,
        *,
        welcome: bool = False,
        ritual_apart: bool = False,
    ) -> None:
        self.paths = DataPaths(data_dir)
        self.clock = FakeClock(now)
        self.timers: list[FakeTimer] = []
        self.notifier = RecordingNotifier()
        self.confirm_answer = True
        self.questions: list[str] = []
        self.messages: list[tuple[str, str]] = []
        FakeEffect.plays = []
        self.app = FocusDeskApp(
            self.paths,
            clock=self.clock,
            timer_factory=self._timer,
            notifier=self.notifier,
            sound=SoundPlayer(lambda: False, lambda: 80, lambda: True, FakeEffect),
            confirm=self._confirm,
            inform=lambda title, text: self.messages.append((title, text)),
            watch_sleep=False,
            welcome=welcome,  # the first-run welcome has its own tests
            ritual_apart=ritual_apart,  # (its process: tests of its own, and the e2e tests)
        )

    def _timer(self, callback: Callable[[], None]) -> FakeTimer:
        timer = FakeTimer(callback)
        self.timers.append(timer)
        return timer

    def _confirm(self, title: str, text: str) -> bool:
        self.questions.append(text)
        return self.confirm_answer

    def pass_time(self, delta: timedelta) -> None:
        """Move the wall clock and let the main timer fire as often as it would."""
        target = self.clock.wall + delta
        main = self.timers[0]
        while main.interval_ms is not None:
            step = self.clock.wall + timedelta(milliseconds=main.interval_ms)
            if step > target:
                break
            self.clock.wall = step
            main.interval_ms = None
            main.callback()
        self.clock.wall = target

    def rows(self, sql: str) -> list[sqlite3.Row]:
        conn = sqlite3.connect(self.paths.database)
        conn.row_factory = sqlite3.Row
        try:
            return list(conn.execute(sql))
        finally:
            conn.close()

    @property
    def state(self) -> EngineState:
        assert self.app.engine is not None
        return self.app.engine.state


@pytest.fixture
def harness(tmp_path: Path, qapp: Any) -> Iterator[Harness]:
    h = Harness(tmp_path / "data")
    yield h
    h.app.shutdown()
    h.app.ritual_window.close()
    if h.app.fallback_window is not None:
        h.app.fallback_window.deleteLater()


def started(h: Harness) -> Harness:
    h.app.start()
    return h


def test_a_tray_click_starts_a_focus_block_written_to_the_log(harness: Harness) -> None:
    h = started(harness)
    h.app.tray.start_focus_requested.emit("")
    assert h.state is EngineState.FOCUS
    rows = h.rows("SELECT kind, label, outcome, ended_at FROM sessions")
    # 09:00, before the planned 09:30 block: its label and length are offered.
    assert [tuple(r) for r in rows] == [("focus", "Deep work", "running", None)]


def test_a_block_runs_out_into_a_notification_a_buffer_and_a_completed_row(
    harness: Harness,
) -> None:
    h = started(harness)
    reply = h.app.dispatch_command({"action": "start", "minutes": 25, "label": "writing"})
    assert reply["ok"] and reply["status"]["state"] == "focus"
    h.pass_time(timedelta(minutes=26))
    assert "Focus block done" in h.notifier.titles()
    assert "block-end.wav" in FakeEffect.plays
    assert h.state is EngineState.BUFFER
    rows = h.rows("SELECT kind, label, outcome, actual_seconds FROM sessions ORDER BY started_at")
    assert [tuple(r) for r in rows] == [
        ("focus", "writing", "completed", 25 * 60),
        ("buffer", "", "running", 0),
    ]
    h.pass_time(timedelta(minutes=10))
    assert "Buffer over" in h.notifier.titles()
    assert h.state is EngineState.ON


def test_the_icon_pulses_and_heartbeats_once_a_minute_during_a_block(harness: Harness) -> None:
    h = started(harness)
    h.app.dispatch_command({"action": "start", "minutes": 30, "label": "writing"})
    assert h.timers[0].interval_ms == 60_000
    h.pass_time(timedelta(minutes=3))
    (row,) = h.rows("SELECT heartbeat_at FROM sessions")
    assert row["heartbeat_at"].startswith("2026-11-23T09:03:00")
    assert h.app.snapshot is not None and h.app.snapshot.remaining_seconds == 27 * 60


def test_the_hard_stop_rings_shows_the_ritual_and_done_saves_the_day(
    harness: Harness, qtbot: QtBot
) -> None:
    h = started(harness)
    h.app.dispatch_command({"action": "start", "minutes": 60, "label": "writing"})
    h.pass_time(timedelta(hours=9, minutes=31))  # 18:31
    assert "Hard stop — time to close the day" in h.notifier.titles()
    # The warnings come first, at 18:00 and 18:20 (only while the user is "on").
    assert h.notifier.titles().index("Hard stop in 30 min") < h.notifier.titles().index(
        "Hard stop in 10 min"
    )
    assert "hard-stop.wav" in FakeEffect.plays
    window = h.app.ritual_window
    assert window.isVisible()
    assert window.checkboxes[0].text() == "Capture every open loop in your task list"
    window.checkboxes[1].setChecked(True)
    window.big_task.setText("Finish the grant report")
    window.energy.set_value(4)
    window.relationships.set_value(3)
    window.deliverables.setValue(2)
    window.done_button.click()
    assert not window.isVisible()
    assert h.state is EngineState.OFF
    (day,) = h.rows("SELECT * FROM days")
    assert day["day"] == "2026-11-23"
    assert day["big_task_tomorrow"] == "Finish the grant report"
    assert day["checklist_done"] == '["Park or answer what is left in the inbox"]'
    assert (day["energy"], day["relationships"], day["deliverables"]) == (4, 3, 2)


def test_the_ritual_opened_again_after_done_shows_what_was_saved(
    harness: Harness, qtbot: QtBot
) -> None:
    # "Done" on a blank window opened after the day was closed wrote blanks over it.
    h = started(harness)
    h.pass_time(timedelta(hours=9, minutes=31))
    window = h.app.ritual_window
    assert isinstance(window, ShutdownRitualWindow)
    window.checkboxes[1].setChecked(True)
    ticked = window.checkboxes[1].text()
    window.big_task.setText("Finish the grant report")
    window.energy.set_value(4)
    window.done_button.click()
    h.app.open_window("ritual")
    again = h.app.ritual_window
    assert isinstance(again, ShutdownRitualWindow) and again.isVisible()
    assert again.big_task.text() == "Finish the grant report"
    assert [box.isChecked() for box in again.checkboxes][:2] == [False, True]
    assert again.energy.value() == 4
    again.done_button.click()
    (day,) = h.rows("SELECT * FROM days")
    assert day["big_task_tomorrow"] == "Finish the grant report"
    assert day["energy"] == 4
    assert json.loads(day["checklist_done"]) == [ticked]


def test_after_done_the_ritual_window_goes_and_the_next_opens_where_it_was_left(
    harness: Harness, qtbot: QtBot
) -> None:
    # Kept hidden all evening, the window held ≈ 1 MB (its backing store) for nothing.
    h = started(harness)
    h.pass_time(timedelta(hours=9, minutes=31))
    window = h.app.ritual_window
    window.move(window.pos() + QPoint(40, 30))
    left_at = window.pos()
    gone: list[bool] = []
    window.destroyed.connect(lambda: gone.append(True))
    released = h.app.memory.releases
    window.done_button.click()
    qtbot.waitUntil(lambda: gone == [True])
    assert h.app.memory.pending  # and what it held goes back to the system, once settled
    h.app.memory.release_now()
    assert h.app.memory.releases == released + 1
    h.pass_time(timedelta(days=1))  # Tuesday 18:31: the next hard stop
    again = h.app.ritual_window
    assert again.isVisible()
    assert again.pos() == left_at
    again.close()


def test_a_ritual_process_that_cannot_run_leaves_the_ritual_to_the_app(
    tmp_path: Path, qapp: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    from focusdesk.shell.ritual import ritual_process

    monkeypatch.setattr(ritual_process, "CHILD_MODULE", "focusdesk.no_such_ritual")
    h = Harness(tmp_path / "data", ritual_apart=True)
    try:
        h.app.start()
        apart = h.app.ritual_window
        assert isinstance(apart, ritual_process.RitualProcess)
        # What an earlier ritual process of today handed back when it was closed.
        apart.draft = Draft(ShutdownAnswers([], "Keep what I typed", 4), None, 0.0)
        h.pass_time(timedelta(hours=9, minutes=31))  # Monday 18:31: the hard stop rang
        qtbot.waitUntil(
            lambda: isinstance(h.app._ritual_window, ShutdownRitualWindow), timeout=15000
        )
        window = h.app.ritual_window
        assert isinstance(window, ShutdownRitualWindow) and window.isVisible()
        assert window.big_task.text() == "Keep what I typed" and window.energy.value() == 4
        assert "the ritual's process ended with code 1" in caplog.text
        window.done_button.click()
        assert h.state is EngineState.OFF
    finally:
        h.app.shutdown()
        if isinstance(h.app._ritual_window, ShutdownRitualWindow):
            h.app._ritual_window.close()


def test_tomorrows_big_task_comes_back_next_morning(tmp_path: Path, qapp: Any) -> None:
    first = Harness(tmp_path / "data")
    first.app.start()
    first.pass_time(timedelta(hours=9, minutes=31))
    first.app.ritual_window.big_task.setText("Finish the grant report")
    first.app.ritual_window.done_button.click()
    first.app.shutdown()
    first.app.ritual_window.close()

    second = Harness(tmp_path / "data", now=MONDAY + timedelta(days=1))
    second.app.start()
    try:
        assert "One big task: Finish the grant report" in second.app.tray.icon.toolTip()
        assert second.app.tray.start_menu.actions()[0].text() == "Finish the grant report"
    finally:
        second.app.shutdown()


def test_starting_after_the_hard_stop_asks_and_logs_a_breach(harness: Harness) -> None:
    h = started(harness)
    h.pass_time(timedelta(hours=9, minutes=31))
    h.app.ritual_window.done_button.click()
    h.confirm_answer = False
    h.app.tray.start_focus_requested.emit("")
    assert len(h.questions) == 1 and "breach" in h.questions[0]
    assert h.rows("SELECT * FROM sessions") == []
    h.confirm_answer = True
    h.app.tray.start_focus_requested.emit("late fix")
    (row,) = h.rows("SELECT label, breach FROM sessions")
    assert tuple(row) == ("late fix", 1)


def test_the_control_command_needs_explicit_confirmation_in_protected_time(
    harness: Harness,
) -> None:
    h = started(harness)
    h.pass_time(timedelta(hours=9, minutes=31))
    reply = h.app.dispatch_command({"action": "start", "minutes": 5})
    assert reply["ok"] is False and reply["needs_confirmation"] is True
    reply = h.app.dispatch_command({"action": "start", "minutes": 5, "confirm_breach": True})
    assert reply["ok"] is True and reply["status"]["state"] == "focus"


def test_the_launchers_start_asks_on_screen_in_protected_time(harness: Harness, qtbot: Any) -> None:
    # `focusdesk start --launch` has no terminal to answer in: the app asks instead.
    h = started(harness)
    h.pass_time(timedelta(hours=9, minutes=31))
    h.app.ritual_window.done_button.click()
    reply = h.app.dispatch_command(
        {"action": "start", "minutes": 5, "label": "launcher", "ask_on_screen": True}
    )
    assert reply["ok"] is True and "hard stop" in reply["asked"]
    assert reply["status"]["state"] != "focus"  # nothing started before the answer
    qtbot.waitUntil(lambda: len(h.questions) == 1)  # asked after the reply went out
    assert "breach" in h.questions[0]
    (row,) = h.rows("SELECT label, breach, planned_seconds FROM sessions")
    assert tuple(row) == ("launcher", 1, 300)


def test_snooze_from_the_ritual_opens_overtime(harness: Harness) -> None:
    h = started(harness)
    h.pass_time(timedelta(hours=9, minutes=31))
    h.app.ritual_window.snooze_button.click()
    assert not h.app.ritual_window.isVisible()
    assert "Hard stop snoozed" in h.notifier.titles()
    (row,) = h.rows("SELECT kind FROM sessions")
    assert row["kind"] == "overtime"
    h.pass_time(timedelta(minutes=11))
    assert h.app.ritual_window.isVisible()
    assert not h.app.ritual_window.snooze_button.isVisibleTo(h.app.ritual_window)


def test_pause_resume_extend_stop_through_commands(harness: Harness) -> None:
    h = started(harness)
    h.app.dispatch_command({"action": "start", "minutes": 20, "label": "x"})
    assert h.app.dispatch_command({"action": "pause"})["status"]["state"] == "paused"
    assert h.app.dispatch_command({"action": "pause"}) == {
        "ok": False,
        "error": "cannot pause: already paused",
    }
    assert h.app.dispatch_command({"action": "resume"})["status"]["state"] == "focus"
    status = h.app.dispatch_command({"action": "extend", "minutes": 5})["status"]
    assert status["total_seconds"] == 25 * 60
    assert h.app.dispatch_command({"action": "stop", "reason": "phone"})["ok"]
    (row,) = h.rows("SELECT outcome, note FROM sessions")
    assert tuple(row) == ("stopped", "phone")


@pytest.mark.parametrize(
    ("request_", "error"),
    [
        ("start", "request is not a JSON object"),
        ({}, "unknown action None"),
        ({"action": "start", "minutes": float("nan")}, "minutes must be a number"),
        ({"action": "start", "colour": "red"}, "'start' takes no field colour"),
        ({"action": "extend"}, "minutes must be a number"),
    ],
)
def test_garbage_commands_get_one_clear_line(
    harness: Harness, request_: object, error: str
) -> None:
    """Every kind of garbage is covered in tests/core/test_control_protocol.py; these
    show the app answers with that one validation and keeps running."""
    app = started(harness).app
    reply = app.dispatch_command(request_)  # type: ignore[arg-type]
    assert reply["ok"] is False
    assert reply["error"].startswith(error)
    assert "\n" not in reply["error"]
    assert app.dispatch_command({"action": "status"})["ok"] is True


def test_status_command_is_the_snapshot_json(harness: Harness) -> None:
    reply = started(harness).app.dispatch_command({"action": "status"})
    assert reply["ok"] is True
    assert reply["status"]["state"] == "off"
    assert reply["status"]["pattern"] == "boundary-fortress"
    assert reply["status"]["hard_stop"] == "2026-11-23T18:30:00+00:00"


def test_status_listeners_hear_each_state_change_once(harness: Harness) -> None:
    heard: list[tuple[str | None, str]] = []

    def listener(previous: StatusSnapshot | None, current: StatusSnapshot) -> None:
        heard.append((previous.state.value if previous else None, current.state.value))

    def broken(previous: StatusSnapshot | None, current: StatusSnapshot) -> None:
        raise RuntimeError("a broken output must not stop the app")

    harness.app.add_status_listener(broken)
    harness.app.add_status_listener(listener)
    h = started(harness)
    h.app.dispatch_command({"action": "start", "minutes": 5, "label": "x"})
    h.pass_time(timedelta(minutes=2))  # minute pulses: no state change
    h.app.dispatch_command({"action": "stop"})
    assert heard == [(None, "off"), ("off", "focus"), ("focus", "on")]


def test_an_unusable_data_folder_is_one_clear_line(tmp_path: Path, qapp: Any) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    h = Harness(blocker)
    with pytest.raises(StartupFailed) as failure:
        h.app.start()
    assert "\n" not in str(failure.value)
    assert str(blocker) in str(failure.value)


def test_an_invalid_user_pattern_is_reported_and_the_app_keeps_running(
    harness: Harness,
) -> None:
    patterns = harness.paths.user_patterns_dir
    patterns.mkdir(parents=True)
    (patterns / "broken.toml").write_text('id = "broken"\nname = 3\n')
    h = started(harness)
    assert any("broken.toml" in text for _, text in h.messages)
    assert h.app.engine is not None and h.app.engine.pattern.id == "boundary-fortress"


def test_switching_pattern_is_saved_and_followed(harness: Harness) -> None:
    h = started(harness)
    h.app.tray.pattern_chosen.emit("deep-work-biome")
    assert h.app.engine is not None and h.app.engine.pattern.id == "deep-work-biome"
    assert "deep-work-biome" in h.paths.settings_file.read_text()
    checked = [a.data() for a in h.app.tray.pattern_menu.actions() if a.isChecked()]
    assert checked == ["deep-work-biome"]


def test_a_session_left_open_by_a_crash_is_recovered_and_told_once(
    tmp_path: Path, qapp: Any
) -> None:
    first = Harness(tmp_path / "data")
    first.app.start()
    first.app.dispatch_command({"action": "start", "minutes": 30, "label": "crashed"})
    first.pass_time(timedelta(minutes=2))
    # A crash: nothing closes the session; only the connection goes away.
    assert first.app.database is not None
    first.app.database.close()
    first.app.database = None
    first.app.engine = None

    second = Harness(tmp_path / "data", now=MONDAY + timedelta(minutes=40))
    second.app.start()
    try:
        assert second.notifier.titles().count("FocusDesk recovered an unfinished session") == 1
        (row,) = second.rows("SELECT outcome, ended_at FROM sessions")
        assert row["outcome"] == "recovered"
        assert row["ended_at"].startswith("2026-11-23T09:02:00")
    finally:
        second.app.shutdown()
        for harness in (first, second):  # the crashed one's no-tray window is still up
            if harness.app.fallback_window is not None:
                harness.app.fallback_window.deleteLater()


def test_quitting_during_a_block_closes_it_as_stopped(harness: Harness) -> None:
    h = started(harness)
    h.app.dispatch_command({"action": "start", "minutes": 30, "label": "x"})
    h.app.shutdown()
    (row,) = h.rows("SELECT outcome, note FROM sessions")
    assert tuple(row) == ("stopped", "FocusDesk quit")


def test_without_a_tray_the_fallback_window_is_the_app(harness: Harness) -> None:
    # Offscreen Qt has no system tray: the small window must appear instead.
    h = started(harness)
    window = h.app.fallback_window
    assert window is not None and window.isVisible()
    window.start_button.click()
    assert h.state is EngineState.FOCUS
    assert window.headline.text().startswith("Focus: Deep work")


def test_the_tray_turns_the_signal_light_on_and_remembers_it(harness: Harness) -> None:
    h = started(harness)
    assert not h.app.tray.signal_light_action.isChecked()
    h.app.tray.signal_light_action.trigger()
    assert h.app.settings.signal_light is True
    assert h.app.boundary_outputs is not None and h.app.boundary_outputs.light is not None
    assert "light = true" in h.app.paths.settings_file.read_text(encoding="utf-8")
    h.app.tray.signal_light_action.trigger()
    assert h.app.boundary_outputs.light is None


def test_extending_a_block_reaches_the_status_listeners(harness: Harness) -> None:
    h = started(harness)
    heard: list[tuple[str, str | None]] = []
    h.app.add_status_listener(lambda old, new: heard.append((new.state.value, str(new.ends_at))))
    h.app.dispatch_command({"action": "start", "minutes": 20, "label": "x"})
    h.app.dispatch_command({"action": "extend", "minutes": 5})
    assert [state for state, _ in heard] == ["focus", "focus"]
    assert heard[0][1] != heard[1][1]


# ------------------------------------------------------------------ notifications that act


def test_a_planned_blocks_start_now_button_starts_it(harness: Harness) -> None:
    h = started(harness)
    h.pass_time(timedelta(minutes=30))  # 09:30: "Deep work" is due
    due = h.notifier.last("Planned: Deep work")
    assert [(a.key, a.label) for a in due.actions] == [("start", "Start now"), ("skip", "Skip")]
    assert due.default_action == "start" and due.tag == "block"
    assert "tray icon" in due.without_buttons
    h.pass_time(timedelta(minutes=2))
    h.app.notification_action_invoked("block", "start")
    assert h.state is EngineState.FOCUS
    (row,) = h.rows("SELECT kind, label, outcome FROM sessions")
    assert tuple(row) == ("focus", "Deep work", "running")


def test_a_start_now_clicked_after_the_planned_block_ended_is_refused(harness: Harness) -> None:
    h = started(harness)
    h.pass_time(timedelta(minutes=30))
    assert h.notifier.last("Planned: Deep work").actions
    # Back from a suspend, the old notification is clicked before the app's timer caught up.
    h.clock.wall += timedelta(hours=2)  # the 90-minute block is over
    h.app.notification_action_invoked("block", "start")
    assert h.state is not EngineState.FOCUS
    assert h.rows("SELECT * FROM sessions") == []
    title, body = h.notifier.sent[-1]
    assert title == "Too late for “Start now”"
    assert body.startswith("Nothing was changed")
    assert h.notifier.details[-1].actions == ()


def test_skip_leaves_the_planned_block_out_of_the_next_start(harness: Harness) -> None:
    h = started(harness)
    h.pass_time(timedelta(minutes=30))
    h.app.notification_action_invoked("block", "skip")
    h.app.tray.start_focus_requested.emit("")
    (row,) = h.rows("SELECT label FROM sessions")
    assert row["label"] != "Deep work"


def test_the_hard_stop_notification_is_critical_and_its_snooze_logs_overtime(
    harness: Harness,
) -> None:
    h = started(harness)
    h.pass_time(timedelta(hours=9, minutes=31))
    ring = h.notifier.last("Hard stop — time to close the day")
    assert ring.urgency is Urgency.CRITICAL and ring.tag == "day-end"
    labels = {a.key: a.label for a in ring.actions}
    assert labels["ritual"] == "Open ritual" and labels["snooze"].startswith("Snooze ")
    h.app.notification_action_invoked("day-end", "snooze")
    (row,) = h.rows("SELECT kind FROM sessions")
    assert row["kind"] == "overtime"
    # The same click again belongs to a notification already used: nothing more happens.
    h.app.notification_action_invoked("day-end", "snooze")
    assert len(h.rows("SELECT * FROM sessions")) == 1


def test_the_pre_stop_warnings_wrap_up_opens_the_ritual_early(harness: Harness) -> None:
    h = started(harness)
    h.app.dispatch_command({"action": "start", "minutes": 60, "label": "writing"})
    h.pass_time(timedelta(hours=9, minutes=1))  # 18:01, the 30-minute warning
    warning = h.notifier.last("Hard stop in 30 min")
    assert [a.label for a in warning.actions] == ["Wrap up"]
    assert not h.app.ritual_window.isVisible()
    h.app.notification_action_invoked("day-end", "wrap-up")
    assert h.app.ritual_window.isVisible()


def test_strict_mode_offers_no_snooze_on_the_hard_stop(harness: Harness) -> None:
    save_settings(h_settings := harness.paths.settings_file, Settings(strict=True))
    assert h_settings.exists()
    h = started(harness)
    h.pass_time(timedelta(hours=9, minutes=31))
    ring = h.notifier.last("Hard stop — time to close the day")
    assert [a.key for a in ring.actions] == ["ritual"]
    h.app.notification_action_invoked("day-end", "snooze")
    assert h.rows("SELECT * FROM sessions") == []


def _away_and_back(h: Harness, minutes: int) -> None:
    engine = h.app.engine
    assert engine is not None
    since = h.clock.wall
    h.clock.wall += timedelta(minutes=minutes)
    h.app._handle(engine.user_away(h.clock.wall, since))
    h.app._handle(engine.user_back(h.clock.wall))


def test_back_from_away_the_notification_resumes_the_paused_block(harness: Harness) -> None:
    h = started(harness)
    h.app.dispatch_command({"action": "start", "minutes": 50, "label": "writing"})
    h.pass_time(timedelta(minutes=10))
    _away_and_back(h, 20)
    assert h.state is EngineState.PAUSED
    back = h.notifier.details[-1]
    assert back.tag == "presence" and back.default_action == "resume"
    assert [(a.key, a.label) for a in back.actions] == [("resume", "Resume"), ("end", "End block")]
    h.app.notification_action_invoked("presence", "resume")
    assert h.state is EngineState.FOCUS


def test_end_block_ends_it_and_a_resume_after_a_tray_resume_is_refused(harness: Harness) -> None:
    h = started(harness)
    h.app.dispatch_command({"action": "start", "minutes": 50, "label": "writing"})
    h.pass_time(timedelta(minutes=10))
    _away_and_back(h, 20)
    h.app.notification_action_invoked("presence", "end")
    (row,) = h.rows("SELECT outcome FROM sessions WHERE kind = 'focus'")
    assert row["outcome"] == "stopped"

    h.app.dispatch_command({"action": "start", "minutes": 50, "label": "again"})
    _away_and_back(h, 20)
    h.app.tray.resume_requested.emit()  # the user resumed from the tray instead
    h.app.notification_action_invoked("presence", "end")
    assert h.state is EngineState.FOCUS
    assert h.notifier.sent[-1] == (
        "Too late for “End block”",
        "Nothing was changed: it is no longer paused.",
    )


def test_without_a_tray_closing_the_window_during_a_block_asks_and_no_keeps_both(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # No launcher installed: nothing would bring the window back, so closing is quitting.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "no-launcher"))
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path / "no-launcher"))
    h = started(harness)
    window = h.app.fallback_window
    assert window is not None
    window.start_button.click()
    h.confirm_answer = False
    window.close()
    assert window.isVisible()
    assert h.state is EngineState.FOCUS
    assert "is running" in h.questions[-1]


def test_im_off_and_im_on_reach_the_signal_and_the_command_line(harness: Harness) -> None:
    heard: list[tuple[str, str]] = []
    harness.app.add_status_listener(lambda _previous, now: heard.append((now.state, now.label)))
    h = started(harness)
    h.pass_time(timedelta(minutes=45))  # 09:45: Boundary Fortress's deep-work block, planned: on
    assert h.app.dispatch_command({"action": "status"})["status"]["boundary"] == "on"
    h.app.tray.boundary_requested.emit(False)  # "I'm off" from the tray
    status = h.app.dispatch_command({"action": "status"})["status"]
    assert (status["boundary"], status["label"]) == ("off", "Off — your call")
    assert status["planned_block"]["label"] == "Deep work"
    reply = h.app.dispatch_command({"action": "boundary", "state": "on"})
    assert (reply["status"]["boundary"], reply["status"]["label"]) == ("on", "On — your call")
    assert heard[-2:] == [("off", "Off — your call"), ("on", "On — your call")]


# ------------------------------------------------------------------ honest sound


def _silence(h: Harness, *, muted: bool = False) -> Harness:
    h.app.sound = SoundPlayer(lambda: muted, lambda: 80, lambda: False, FakeEffect)
    return h


def test_a_hard_stop_that_cannot_sound_says_so_and_the_tray_icon_blinks(
    harness: Harness,
) -> None:
    h = started(_silence(harness))
    h.app.tray.signal_light_action.trigger()  # the signal light on screen blinks along
    assert h.app.boundary_outputs is not None and h.app.boundary_outputs.light is not None
    light = h.app.boundary_outputs.light
    h.pass_time(timedelta(hours=9, minutes=31))
    title = "Hard stop — time to close the day"
    body = next(b for t, b in h.notifier.sent if t == title)
    assert body.endswith("\nNo sound: no sound device was found.")
    assert h.notifier.last(title).sound_failed
    assert h.app.tray_flash.flashing and light.dimmed  # the first beat: off
    assert FakeEffect.plays == []
    h.app.tray_flash.stop()
    assert not h.app.tray_flash.flashing and not light.dimmed


def test_a_muted_focusdesk_is_a_choice_not_a_failure(harness: Harness) -> None:
    h = started(_silence(harness, muted=True))
    h.pass_time(timedelta(hours=9, minutes=31))
    title = "Hard stop — time to close the day"
    body = next(b for t, b in h.notifier.sent if t == title)
    assert "No sound" not in body and not h.notifier.last(title).sound_failed
    assert not h.app.tray_flash.flashing


def test_start_up_says_once_when_the_system_cannot_sound(harness: Harness) -> None:
    harness.app.sound = SoundPlayer(
        lambda: False,
        lambda: 80,
        lambda: True,
        FakeEffect,
        system_audio=lambda: SystemAudio(device=True, muted=True, source="pactl"),
    )
    h = started(harness)
    notice = [b for t, b in h.notifier.sent if t == "FocusDesk cannot play sounds"]
    assert notice == [
        "The system's sound output is muted. At the hard stop the notification and the "
        "shutdown-ritual window still show, and the tray icon blinks."
    ]


class FakeDoNotDisturb:
    def __init__(self) -> None:
        self.engaged = False
        self.changes = 0

    def unavailable_reason(self) -> str:
        return ""

    def engage(self) -> None:
        self.changes += not self.engaged
        self.engaged = True

    def release(self) -> None:
        self.changes += self.engaged
        self.engaged = False


@pytest.mark.parametrize("wanted", [False, True])
def test_do_not_disturb_holds_during_focus_only_and_is_off_by_default(
    harness: Harness, wanted: bool
) -> None:
    if wanted:
        save_settings(harness.paths.settings_file, Settings(do_not_disturb=True))
    dnd = FakeDoNotDisturb()
    harness.app._do_not_disturb = dnd
    h = started(harness)
    h.app.dispatch_command({"action": "start", "minutes": 25, "label": "x"})
    assert dnd.engaged is wanted
    h.app.dispatch_command({"action": "pause"})
    assert not dnd.engaged
    h.app.dispatch_command({"action": "resume"})
    assert dnd.engaged is wanted
    h.pass_time(timedelta(minutes=26))  # the block ends, a buffer starts
    assert not dnd.engaged
    assert dnd.changes == (4 if wanted else 0)


def test_a_hard_stop_found_silent_later_is_said_again_with_the_reason(harness: Harness) -> None:
    h = started(harness)  # the in-process fake plays: the sound seems fine at first
    h.pass_time(timedelta(hours=9, minutes=31))
    title = "Hard stop — time to close the day"
    first = next(b for t, b in h.notifier.sent if t == title)
    assert "No sound" not in first
    # A child player learns only when it exits that there was no device.
    assert h.app.sound.on_silent is not None
    h.app.sound.on_silent(Sound.HARD_STOP, "no sound device was found")
    again_title, again_body = h.notifier.sent[-1]
    assert again_title == title
    assert again_body.endswith("\nNo sound: no sound device was found.")
    assert h.notifier.details[-1].tag == "day-end" and h.notifier.details[-1].sound_failed
    assert h.app.tray_flash.flashing
    h.app.tray_flash.stop()
    # Said once: a second report changes nothing.
    count = len(h.notifier.sent)
    h.app.sound.on_silent(Sound.HARD_STOP, "no sound device was found")
    assert len(h.notifier.sent) == count


def test_choosing_german_in_settings_relabels_the_tray_at_once(harness: Harness) -> None:
    from dataclasses import replace

    harness.app.start()
    assert harness.app.tray.review_action.text() == "Open review…"
    harness.app._apply_settings(replace(harness.app.settings, language="de"))
    assert harness.app.tray.review_action.text() == "Rückblick öffnen…"
    assert "Grenzfestung" in [a.text() for a in harness.app.tray.pattern_menu.actions()]
    harness.app._apply_settings(replace(harness.app.settings, language="en"))
    assert harness.app.tray.review_action.text() == "Open review…"


def test_a_tray_shown_in_another_language_takes_the_settings_language_at_start(
    tmp_path: Path, qapp: Any
) -> None:
    # The icon shows before the settings are read whole (the command line only
    # looks for a plain `language = "xx"` line): when the settings say otherwise,
    # the tray is relabelled as soon as the app has read them.
    from focusdesk.core.i18n import set_language

    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.toml").write_text("language = 'de'  # a quoting the quick look allows\n")
    set_language("en")
    h = Harness(data)
    try:
        assert h.app.tray.review_action.text() == "Open review…"
        h.app.start()
        assert h.app.tray.review_action.text() == "Rückblick öffnen…"
    finally:
        h.app.shutdown()
        set_language(None)
