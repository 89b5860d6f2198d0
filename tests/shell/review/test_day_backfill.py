"""Back-filling a day from the review: the ritual's answers given the next morning, with undo."""

from __future__ import annotations

import pytest
from test_review_window import MON, THU, TUE

from focusdesk.core.sessions import DayRecord
from focusdesk.shell.review.day_editor import DayEditor
from focusdesk.shell.review.review_window import ReviewWindow
from focusdesk.store.session_log import SessionLog


def test_a_missed_ritual_is_filled_in_later_and_undone(
    window: ReviewWindow, log: SessionLog
) -> None:
    assert log.get_day(TUE) is None
    editor = window.day_editor(TUE)
    assert (editor.energy.text(), editor.deliverables.text()) == ("—", "—")
    editor.energy.setValue(3)
    editor.relationships.setValue(4)
    editor.deliverables.setValue(2)
    editor.note.setText("Draft, slides")
    editor.big_task.setText("Send the proposal")
    editor.accept()
    saved = log.get_day(TUE)
    assert saved is not None
    assert (saved.energy, saved.relationships, saved.deliverables) == (3, 4, 2)
    assert saved.big_task_tomorrow == "Send the proposal"
    assert saved.pattern_id == "boundary-fortress"
    # The review shows it at once: the ledger, and Wednesday's big task.
    assert window.stats.days[1].deliverables == 2
    assert window.stats.days[2].big_task == "Send the proposal"
    assert window.statusBar().currentMessage() == "Saved the ritual answers of Tue 17 Nov."

    window.undo_action.trigger()
    undone = log.get_day(TUE)
    assert undone is None or (undone.energy, undone.deliverables) == (None, None)
    assert window.stats.days[2].big_task == ""
    window.redo_action.trigger()
    assert log.get_day(TUE) == saved


def test_an_existing_day_keeps_what_the_dialog_does_not_show(
    window: ReviewWindow, log: SessionLog
) -> None:
    before = log.get_day(THU)
    assert before is not None and before.hard_stop_kept is False
    editor = window.day_editor(THU)
    editor.deliverables.setValue(-1)  # "—": not given
    editor.accept()
    after = log.get_day(THU)
    assert after is not None
    assert after.deliverables is None
    assert (after.hard_stop_kept, after.overtime_seconds, after.snoozes) == (False, 900, 1)


def test_the_ledger_double_click_opens_the_day_and_the_future_is_refused(
    window: ReviewWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[DayRecord] = []

    class Dialog:
        def __init__(self, record: DayRecord) -> None:
            self.record = record

        def exec(self) -> int:
            opened.append(self.record)
            return 0

    monkeypatch.setattr(
        window, "day_editor", lambda day: Dialog(DayRecord(day, "boundary-fortress"))
    )
    window.ledger.cellDoubleClicked.emit(0, 1)
    assert [r.day for r in opened] == [MON]
    window.show_next_week()
    window.ledger.cellDoubleClicked.emit(0, 1)
    assert len(opened) == 1
    assert "has not happened yet" in window.statusBar().currentMessage()
    assert isinstance(DayEditor, type)
