"""The shutdown-ritual window: what it shows for the day, and what it hands back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from focusdesk.shell.ritual.ritual_protocol import ShutdownAnswers
from focusdesk.shell.ritual.shutdown_ritual import ShutdownRitualWindow

HARD_STOP = datetime(2026, 11, 23, 18, 30, tzinfo=UTC)
CHECKLIST = ("Inbox to zero", "Tomorrow's calendar checked", "Desk cleared")


def window(qtbot: QtBot, **prepare: object) -> ShutdownRitualWindow:
    win = ShutdownRitualWindow()
    qtbot.addWidget(win)
    args: dict[str, object] = {
        "hard_stop": HARD_STOP,
        "checklist": CHECKLIST,
        "snoozes_left": 1,
        "snooze_minutes": 10,
        "strict": False,
    }
    args.update(prepare)
    win.prepare(**args)  # type: ignore[arg-type]
    return win


def test_it_shows_the_patterns_checklist_and_the_hard_stop(qtbot: QtBot) -> None:
    win = window(qtbot)
    assert [box.text() for box in win.checkboxes] == list(CHECKLIST)
    assert "18:30" in win.heading.text()


# Offscreen Qt cannot raise a window or pass on size hints; present() still runs every step.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_filled_in_answers_come_back_on_done(qtbot: QtBot) -> None:
    win = window(qtbot)
    win.present()
    win.checkboxes[0].setChecked(True)
    win.checkboxes[2].setChecked(True)
    qtbot.keyClicks(win.big_task, "  Finish the grant report ")
    win.energy.group.button(4).click()
    win.relationships.group.button(2).click()
    win.deliverables.setValue(3)
    qtbot.keyClicks(win.deliverables_note, "draft, review, invoice")
    with qtbot.waitSignal(win.done) as done:
        qtbot.mouseClick(win.done_button, Qt.MouseButton.LeftButton)
    assert done.args == [
        ShutdownAnswers(
            checklist_done=["Inbox to zero", "Desk cleared"],
            big_task_tomorrow="Finish the grant report",
            energy=4,
            deliverables=3,
            deliverables_note="draft, review, invoice",
            relationships=2,
        )
    ]
    assert not win.isVisible()


def test_untouched_reflection_is_no_answer_not_zero(qtbot: QtBot) -> None:
    answers = window(qtbot).answers()
    assert answers.energy is None
    assert answers.relationships is None
    assert answers.deliverables is None


def test_snooze_shows_how_many_remain(qtbot: QtBot) -> None:
    win = window(qtbot, snoozes_left=2, snooze_minutes=10)
    assert win.snooze_button.isVisibleTo(win)
    assert win.snooze_button.text() == "Snooze 10 min (2 left)"
    with qtbot.waitSignal(win.snooze_requested):
        win.snooze_button.click()


def test_strict_mode_offers_no_snooze(qtbot: QtBot) -> None:
    win = window(qtbot, strict=True, snoozes_left=1)
    assert not win.snooze_button.isVisibleTo(win)
    assert win.snooze_note.text() == "Strict mode: no snooze."


def test_no_snooze_left(qtbot: QtBot) -> None:
    win = window(qtbot, snoozes_left=0)
    assert not win.snooze_button.isVisibleTo(win)
    assert win.snooze_note.text() == "No snoozes left today."


def test_it_stays_on_top(qtbot: QtBot) -> None:
    win = window(qtbot)
    assert win.windowFlags() & Qt.WindowType.WindowStaysOnTopHint


def test_preparing_again_replaces_the_checklist(qtbot: QtBot) -> None:
    win = window(qtbot)
    win.prepare(HARD_STOP, ["Only one"], 0, 10, False, big_task="carried over")
    assert [box.text() for box in win.checkboxes] == ["Only one"]
    assert win.big_task.text() == "carried over"


def test_preparing_again_keeps_what_was_ticked(qtbot: QtBot) -> None:
    # Shown again while open (a click in the tray, `focusdesk open ritual`): the
    # checklist is laid out anew, and the ticks stay where they were.
    win = window(qtbot)
    win.checkboxes[1].setChecked(True)
    win.prepare(HARD_STOP, CHECKLIST, 1, 10, False)
    assert [box.isChecked() for box in win.checkboxes] == [False, True, False]
    win.prepare(HARD_STOP, [CHECKLIST[1], "Something new"], 0, 10, False)
    assert [box.isChecked() for box in win.checkboxes] == [True, False]


class FakeMonotonic:
    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_five_minute_countdown_runs_while_the_ritual_is_open(qtbot: QtBot) -> None:
    clock = FakeMonotonic()
    win = ShutdownRitualWindow(monotonic=clock)
    qtbot.addWidget(win)
    win.prepare(HARD_STOP, CHECKLIST, 1, 10, False)
    win.present()
    assert win.countdown.text() == "5:00 left of your five-minute ritual"
    clock.value += 75
    win._show_time_left()
    assert win.countdown.text() == "3:45 left of your five-minute ritual"
    # Shown again for the same ring (a click on the tray): the countdown goes on.
    win.hide()
    win.present()
    assert win.countdown.text().startswith("3:45")
    clock.value += 300
    win._show_time_left()
    assert win.countdown.text().startswith("Five minutes are up")
    # After a snooze the ring is a new one: a fresh five minutes.
    win.hide()
    win.prepare(HARD_STOP, CHECKLIST, 0, 10, False)
    win.present()
    assert win.countdown.text().startswith("5:00")
    win.hide()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_shown_again_it_keeps_the_place_and_size_the_user_gave_it(qtbot: QtBot) -> None:
    win = window(qtbot)
    win.present()
    qtbot.waitExposed(win)
    win.move(win.x() + 37, win.y() + 23)
    win.resize(win.width() + 80, win.height() + 60)
    where, size = win.pos(), win.size()
    win.hide()
    win.prepare(HARD_STOP, CHECKLIST, 1, 10, False)
    win.present()
    assert (win.pos(), win.size()) == (where, size)
    win.hide()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_window_built_again_from_a_draft_goes_on_where_the_last_one_was(qtbot: QtBot) -> None:
    # The ritual's process ends when its window is hidden; the next one starts from its draft.
    clock = FakeMonotonic()
    first = ShutdownRitualWindow(monotonic=clock)
    qtbot.addWidget(first)
    first.prepare(HARD_STOP, CHECKLIST, 1, 10, False, big_task="Ship it")
    first.present()
    first.checkboxes[1].setChecked(True)
    first.big_task.setText("Ship it today")
    first.energy.set_value(4)
    first.deliverables.setValue(2)
    first.deliverables_note.setText("the report")
    clock.value += 75
    first.hide()
    answers, ring, elapsed = first.draft()
    assert ring == (HARD_STOP, 1) and elapsed == 75

    again = ShutdownRitualWindow(monotonic=clock)
    qtbot.addWidget(again)
    again.prepare(HARD_STOP, CHECKLIST, 1, 10, False, big_task="Ship it")
    again.restore_draft(answers, ring, elapsed)
    again.present()
    assert (
        again.answers()
        == answers
        == ShutdownAnswers(
            ["Tomorrow's calendar checked"], "Ship it today", 4, 2, "the report", None
        )
    )
    assert again.countdown.text().startswith("3:45")
    again.hide()
    # A draft of an earlier ring (before a snooze) keeps the answers, not the countdown.
    after_snooze = ShutdownRitualWindow(monotonic=clock)
    qtbot.addWidget(after_snooze)
    after_snooze.prepare(HARD_STOP, CHECKLIST, 0, 10, False)
    after_snooze.restore_draft(answers, ring, elapsed)
    after_snooze.present()
    assert after_snooze.answers() == answers
    assert after_snooze.countdown.text().startswith("5:00")
    after_snooze.hide()
