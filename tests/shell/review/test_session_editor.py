"""The session editor shows why a session cannot be saved, every line of it."""

from __future__ import annotations

from datetime import UTC

import pytest
from pytestqt.qtbot import QtBot

from focusdesk.core.sessions import SessionRecord
from focusdesk.shell.review.session_editor import SessionEditor
from focusdesk.store.errors import SessionConflict

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

LONG_CONFLICT = (
    "This session overlaps 'Client proposal' (focus, Wed 18 Nov 09:30–11:00). "
    "Sessions cannot overlap: move or shorten one of them first."
)


def refuse(_record: SessionRecord) -> None:
    raise SessionConflict(LONG_CONFLICT)


def test_a_long_error_is_shown_whole_and_the_dialog_stays_open(qtbot: QtBot) -> None:
    editor = SessionEditor(refuse, UTC)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    assert not editor.error.isVisible()
    editor.try_save()
    qtbot.waitUntil(editor.error.isVisible, timeout=5000)
    assert editor.isVisible() and editor.saved is None
    assert editor.error.text() == LONG_CONFLICT
    # Wrapped over several lines, and given the height they need (nothing cut).
    assert editor.error.height() >= editor.error.heightForWidth(editor.error.width())
    assert editor.error.heightForWidth(editor.error.width()) > editor.error.fontMetrics().height()
    assert editor.error.geometry().bottom() < editor.buttons.geometry().top()
