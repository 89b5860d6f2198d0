"""What a new user tripped over in the review: future weeks, saving, the filter, undo, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_review_window import BERLIN, MON, SUN

from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.sessions import SessionRecord
from focusdesk.core.week_review import IsoWeek
from focusdesk.shell.review.review_window import ReviewWindow
from focusdesk.store.session_log import SessionLog


def test_a_week_not_yet_begun_is_read_only(window: ReviewWindow) -> None:
    window.show_next_week()
    form = window.review_form
    assert form.wins.isReadOnly() and not form.save_button.isEnabled()
    assert "not begun" in form.status.text()
    assert not window.add_button.isEnabled()
    window.show_previous_week()
    assert not form.wins.isReadOnly() and window.add_button.isEnabled()


def test_the_weekly_review_saves_by_itself_and_says_so(
    window: ReviewWindow, log: SessionLog
) -> None:
    form = window.review_form
    form.wins.setPlainText("Deep mornings")
    assert "Saving when you pause" in form.status.text()
    form._autosave.timeout.emit()  # the pause in typing, without waiting for it
    saved = log.get_weekly_review("2026-W47")
    assert saved is not None and saved.wins == "Deep mornings"
    assert form.status.text().startswith("Saved for 2026-W47 at ")
    form.misses.setPlainText("Thursday")
    window.show_previous_week()
    assert window.statusBar().currentMessage() == "Weekly review of 2026-W47 saved."
    saved = log.get_weekly_review("2026-W47")
    assert saved is not None and saved.misses == "Thursday"


def test_the_label_filter_filters_the_totals_and_the_export(
    window: ReviewWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.totals.text("focus").startswith("4 h of")
    window.label_filter.setCurrentText("Report")
    assert window.totals.title.text() == "Totals — “Report” only"
    assert window.totals.text("focus").startswith("2.5 h of")  # 90 + 60 min of Report
    assert window.totals.text("hard_stops") == "1 of 2"  # day verdicts stay the day's
    monkeypatch.setattr(window, "choose_export_path", lambda fmt: tmp_path / f"w.{fmt}")
    window.export_actions["csv"].trigger()
    lines = (tmp_path / "w.csv").read_text().splitlines()
    assert len(lines) == 1 + 3 and all(",Report," in line for line in lines[1:])
    assert "labelled “Report”" in window.statusBar().currentMessage()
    assert window.export_name("csv") == "focusdesk-2026-W47-Report.csv"
    window.label_filter.setCurrentText("All labels")
    assert window.totals.title.text() == "Totals"


def test_the_export_dialog_opens_in_documents_then_where_the_last_export_went(
    window: ReviewWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(
        "focusdesk.shell.review.review_window.QStandardPaths.writableLocation",
        lambda _location: str(documents),
    )
    monkeypatch.setattr(ReviewWindow, "last_export_folder", None)
    assert window.export_folder() == documents
    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()
    monkeypatch.setattr(window, "choose_export_path", lambda fmt: elsewhere / f"w.{fmt}")
    window.export_actions["json"].trigger()
    assert window.export_folder() == elsewhere


def test_undo_keeps_the_toolbar_short_and_the_status_bar_true(window: ReviewWindow) -> None:
    session = next(s for s in window.stats.sessions if s.id == "mon-1")
    edited = SessionRecord(**{f: getattr(session, f) for f in session.__slots__})  # type: ignore[attr-defined]
    edited.label = "A much longer label that would have pushed the export buttons away"
    window._save_edit(edited)
    assert window.statusBar().currentMessage().startswith("Saved ")
    assert window.undo_action.text() == "Undo" and window.undo_action.isEnabled()
    assert window.undo_action.toolTip().startswith("Undo edit focus Report")
    window.undo_action.trigger()
    assert window.statusBar().currentMessage().startswith("Undone: edit focus Report")
    assert window.redo_action.text() == "Redo"


def test_the_stop_reason_is_in_the_table(window: ReviewWindow, log: SessionLog) -> None:
    session = next(s for s in window.stats.sessions if s.id == "mon-2")
    session.note = "Kid sick"
    log.update_session(session)
    window.refresh()
    row = window.session_model.row_of("mon-2")
    assert row is not None
    assert window.session_model.index(row, 5).data() == "Kid sick"
    assert window.week == IsoWeek.of(MON)


def test_the_export_folder_is_remembered_across_runs(
    qtbot: QtBot,
    window: ReviewWindow,
    log: SessionLog,
    catalog: PatternCatalog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = tmp_path / "review-state.json"
    monkeypatch.setattr(ReviewWindow, "last_export_folder", None)
    first = ReviewWindow(log, catalog, BERLIN, SUN, state_file=state)
    qtbot.addWidget(first)
    folder = tmp_path / "reports"
    folder.mkdir()
    monkeypatch.setattr(first, "choose_export_path", lambda fmt: folder / f"w.{fmt}")
    first.export_actions["csv"].trigger()
    assert json.loads(state.read_text()) == {"export_folder": str(folder)}
    monkeypatch.setattr(ReviewWindow, "last_export_folder", None)  # a new run of the app
    second = ReviewWindow(log, catalog, BERLIN, SUN, state_file=state)
    qtbot.addWidget(second)
    assert second.export_folder() == folder
    state.write_text("not json")
    monkeypatch.setattr(ReviewWindow, "last_export_folder", None)
    third = ReviewWindow(log, catalog, BERLIN, SUN, state_file=state)
    qtbot.addWidget(third)
    assert third.export_folder() != folder  # unreadable: the documents folder again
