"""The shutdown ritual in a process of its own: what the app says, what the child does and says."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray

from focusdesk.shell.ritual import ritual_process
from focusdesk.shell.ritual.ritual_child import RitualChild
from focusdesk.shell.ritual.ritual_process import RitualProcess
from focusdesk.shell.ritual.ritual_protocol import (
    Draft,
    RitualSetup,
    ShutdownAnswers,
    answers_from,
    answers_message,
    draft_from,
    draft_message,
    line,
    read_line,
    setup_from,
    setup_message,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

SETUP = RitualSetup(
    hard_stop=datetime(2026, 11, 23, 18, 30),
    checklist=("Close the laptop", "Write tomorrow's task"),
    snoozes_left=1,
    snooze_minutes=10,
    strict=False,
    big_task="Ship it",
)


def test_the_setup_and_the_answers_cross_the_pipe_unchanged() -> None:
    assert setup_from(read_line(line(setup_message(SETUP)).rstrip(b"\n")) or {}) == SETUP
    answers = ShutdownAnswers(["Close the laptop"], "Ship it", 4, 2, "the report", None)
    assert answers_from(json.loads(json.dumps(answers_message(answers)))) == answers


def test_a_draft_crosses_the_pipe_unchanged() -> None:
    draft = Draft(ShutdownAnswers([], "Ship it", None, 0, "", 5), (SETUP.hard_stop, 1), 42.5)
    assert draft_from(json.loads(json.dumps(draft_message(draft)))) == draft
    unrung = Draft(ShutdownAnswers(), None, 0.0)
    assert draft_from(json.loads(json.dumps(draft_message(unrung)))) == unrung


@pytest.mark.parametrize("raw", [b"", b"{", b"[1, 2]", b"\xff\xfe", b'"text"'])
def test_a_line_that_is_not_a_message_is_none(raw: bytes) -> None:
    assert read_line(raw) is None


# --- the child's side, in this process -------------------------------------------


@pytest.fixture
def child(qtbot: Any) -> Iterator[tuple[RitualChild, io.BytesIO, int]]:
    reading, writing = os.pipe()
    said = io.BytesIO()
    child = RitualChild(reading, said)
    qtbot.addWidget(child.window)
    try:
        yield child, said, writing
    finally:
        child._notifier.setEnabled(False)
        os.close(reading)
        os.close(writing)


def said_events(said: io.BytesIO) -> list[dict[str, Any]]:
    return [json.loads(raw) for raw in said.getvalue().splitlines()]


def test_the_child_shows_what_the_app_prepared_and_says_done_with_the_answers(
    child: tuple[RitualChild, io.BytesIO, int], qtbot: Any
) -> None:
    ritual, said, app_end = child
    os.write(app_end, line(setup_message(SETUP)) + line({"op": "present"}))
    qtbot.waitUntil(ritual.window.isVisible, timeout=5000)
    window = ritual.window
    assert "18:30" in window.heading.text()
    assert [box.text() for box in window.checkboxes] == list(SETUP.checklist)
    assert window.big_task.text() == "Ship it"
    window.checkboxes[0].setChecked(True)
    window.done_button.click()
    events = said_events(said)
    assert [event["event"] for event in events] == ["done", "hidden"]
    assert answers_from(events[0]["answers"]).checklist_done == ["Close the laptop"]
    assert events[0]["place"]  # where it was: the next ring opens there


def test_the_child_skips_garbage_and_carries_on(
    child: tuple[RitualChild, io.BytesIO, int], qtbot: Any, capfd: Any
) -> None:
    ritual, said, app_end = child
    os.write(app_end, b"not json\n" + line({"op": "launch"}) + line({"op": "prepare"}))
    os.write(app_end, line(setup_message(SETUP)) + line({"op": "present"}))
    qtbot.waitUntil(ritual.window.isVisible, timeout=5000)
    errors = capfd.readouterr().err
    assert "unknown message None" in errors and "unknown message {'op': 'launch'}" in errors
    assert "'hard_stop'" in errors  # the prepare without a setup
    assert said.getvalue() == b""


# --- the app's side, with a real child process ------------------------------------


def test_a_real_child_lives_while_its_window_is_shown_and_hands_its_draft_on(qtbot: Any) -> None:
    ritual = RitualProcess(language=None)
    try:
        ritual.prepare(
            SETUP.hard_stop,
            SETUP.checklist,
            SETUP.snoozes_left,
            SETUP.snooze_minutes,
            SETUP.strict,
            SETUP.big_task,
        )
        assert not ritual.running()  # prepared is not shown: no process yet
        ritual.present()
        assert ritual.running() and ritual.isVisible() and ritual.ring_running()
        ritual.hide()
        assert not ritual.isVisible()
        # The child placed the window, hid it, said where and what it held, and went.
        qtbot.waitUntil(lambda: not ritual.running(), timeout=15000)
        first_place = ritual.place()
        assert first_place is not None
        assert ritual.ring_running()  # hidden is not done: the ring still counts
        draft = ritual.draft
        assert draft is not None and draft.ring == (SETUP.hard_stop, SETUP.snoozes_left)
        assert draft.answers.big_task_tomorrow == "Ship it"
        # Shown again: a new process gets the draft, and hands it back on hiding.
        ritual.draft = Draft(
            ShutdownAnswers(["Close the laptop"], "Ship it today", 3), draft.ring, 100.0
        )
        ritual.present()
        assert ritual.running()
        ritual.hide()
        qtbot.waitUntil(lambda: not ritual.running(), timeout=15000)
        again = ritual.draft
        assert again is not None and again.ring == draft.ring
        assert again.answers == ShutdownAnswers(["Close the laptop"], "Ship it today", 3)
        assert again.elapsed >= 100.0  # its five minutes went on, not from the start
    finally:
        ritual.end(wait=True)
    assert not ritual.running() and not ritual.ring_running() and ritual.draft is None


def test_a_child_that_cannot_run_the_ritual_says_so_once_it_is_needed(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ritual_process, "CHILD_MODULE", "focusdesk.no_such_ritual")
    ritual = RitualProcess(language=None)
    reasons: list[str] = []
    ritual.failed.connect(reasons.append)
    ritual.present()
    qtbot.waitUntil(lambda: reasons != [], timeout=15000)
    assert reasons == ["the ritual's process ended with code 1"]
    assert not ritual.running() and not ritual.isVisible() and not ritual.ring_running()


def test_what_the_child_says_that_makes_no_sense_is_logged_and_skipped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ritual = RitualProcess(language=None)
    done: list[ShutdownAnswers] = []
    ritual.done.connect(done.append)
    ritual._handle(None)
    ritual._handle({"event": "explode"})
    ritual._handle({"event": "done", "answers": "all of them"})
    ritual._handle({"event": "hidden", "place": "not base64!"})
    assert done == [] and ritual.place() is None
    assert "said something unknown" in caplog.text and "cannot be read" in caplog.text
    # A "hidden" from before the app's last "present" (shown again meanwhile) is stale.
    ritual._shown, ritual._visible, ritual._ring = 2, True, True
    ritual._handle({"event": "hidden", "seq": 1, "draft": None})
    assert ritual.isVisible() and ritual.ring_running()


def test_a_kept_drafts_five_minutes_go_on_while_no_window_shows() -> None:
    # As in the app's own window: the countdown is of the ring, not of the window.
    ritual = RitualProcess(language=None)
    ritual.restore_draft(ShutdownAnswers([], "Ship it"), (SETUP.hard_stop, 1), 30.0)
    ritual._draft_at -= 100  # taken 100 s ago
    draft = ritual.current_draft()
    assert draft is not None and 130.0 <= draft.elapsed < 131.0
    assert draft.answers.big_task_tomorrow == "Ship it"
    # No ring counting (the day was closed): nothing goes on.
    ritual.restore_draft(ShutdownAnswers([], "Saved"), None, 0.0)
    ritual._draft_at -= 100
    assert ritual.current_draft() == Draft(ShutdownAnswers([], "Saved"), None, 0.0)
    assert not ritual.running()  # filled in, not shown: no process for it


def test_a_place_given_before_the_child_runs_is_its_first_word(tmp_path: Path) -> None:
    ritual = RitualProcess(language=None)
    ritual.restore_place(QByteArray(b"geometry"))
    assert ritual.place() == QByteArray(b"geometry") and not ritual.running()
