"""Undoable fixes of the log (QUndoCommand): delete, edit, add.

Each change is made *before* the command is pushed — so a refused change
(an overlap) never reaches the undo stack — and the command's first redo()
is skipped. Later undo/redo calls go to the log again; if the log refuses
(someone wrote a session in the meantime) the message goes to `report`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from focusdesk.core.i18n import _
from focusdesk.core.sessions import SessionRecord
from focusdesk.shell.locale_text import weekday_name
from focusdesk.shell.review.formatting import kind_word
from focusdesk.store.errors import SessionConflict, SessionNotFound, StorageError

Action = Callable[[], object]


class LogCommand(QUndoCommand):
    def __init__(
        self,
        text: str,
        do: Action,
        undo: Action,
        changed: Callable[[], None],
        report: Callable[[str], None],
    ) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._changed = changed
        self._report = report
        self._applied = True

    def _run(self, action: Action, verb: str) -> None:
        try:
            action()
        except (SessionConflict, SessionNotFound, StorageError) as error:
            # An exception must not escape into Qt; say it, and leave the log as it is.
            failed = (
                _("Could not undo “{what}”: {error}")
                if verb == "undo"
                else _("Could not redo “{what}”: {error}")
            )
            self._report(failed.format(what=self.text(), error=error))
            self.setObsolete(True)
        else:
            # Replaces the "Saved …" of the change itself: the bar tells what is true now.
            done = _("Undone: {what}.") if verb == "undo" else _("Redone: {what}.")
            self._report(done.format(what=self.text()))
        self._changed()

    def redo(self) -> None:
        if self._applied:
            self._applied = False  # made before the push; nothing to do the first time
            return
        self._run(self._do, "redo")

    def undo(self) -> None:
        self._run(self._undo, "undo")


def describe(session: SessionRecord) -> str:
    label = f" {_(session.label)}" if session.label else ""
    start = session.local_start
    return f"{kind_word(session.kind)}{label} {weekday_name(start, short=True)} {start:%H:%M}"
