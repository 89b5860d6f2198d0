"""The weekly review form: wins, misses, one systems upgrade — saved per ISO week."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from focusdesk.core.i18n import _
from focusdesk.core.sessions import WeeklyReview

#: Typing pauses this long before the form saves by itself.
AUTOSAVE_MS = 1500


class WeeklyReviewForm(QWidget):
    """Saved by itself a moment after typing stops, and on leaving the week (it says so)."""

    #: Time to save (asked, or the typing paused); the window writes it to the log.
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._week = ""
        self._dirty = False
        layout = QFormLayout(self)
        self.wins = QPlainTextEdit()
        self.misses = QPlainTextEdit()
        self.upgrade = QPlainTextEdit()
        self.wins.setPlaceholderText(_("What went well this week?"))
        self.misses.setPlaceholderText(_("What slipped, and why?"))
        self.upgrade.setPlaceholderText(_("One change to your system for next week"))
        for edit in (self.wins, self.misses, self.upgrade):
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(self._mark_dirty)
        layout.addRow(_("Wins"), self.wins)
        layout.addRow(_("Misses"), self.misses)
        layout.addRow(_("One systems upgrade"), self.upgrade)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_requested.emit)
        buttons = QHBoxLayout()
        self.status = QLabel("")
        self.status.setObjectName("review-status")
        self.save_button = QPushButton(_("Save now"))
        self.save_button.setToolTip(_("The review also saves by itself as you type"))
        self.save_button.clicked.connect(self.save_requested.emit)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        layout.addRow(buttons)

    @property
    def dirty(self) -> bool:
        """Typed since the last load or save."""
        return self._dirty

    @property
    def week(self) -> str:
        return self._week

    def _mark_dirty(self) -> None:
        self._dirty = True
        self.status.setText(_("Saving when you pause…"))
        self._autosave.start()

    def set_read_only(self, read_only: bool) -> None:
        """A week not yet begun: shown, not editable."""
        for edit in (self.wins, self.misses, self.upgrade):
            edit.setReadOnly(read_only)
        self.save_button.setEnabled(not read_only)
        if read_only:
            self.status.setText(_("This week has not begun yet: review it once it has."))

    def load(self, week: str, review: WeeklyReview | None) -> None:
        self._week = week
        review = review or WeeklyReview(week)
        for edit, text in (
            (self.wins, review.wins),
            (self.misses, review.misses),
            (self.upgrade, review.upgrade),
        ):
            edit.blockSignals(True)
            edit.setPlainText(text)
            edit.blockSignals(False)
        self._dirty = False
        self._autosave.stop()
        self.status.setText(_("Saves by itself as you type."))

    def review(self) -> WeeklyReview:
        return WeeklyReview(
            self._week,
            self.wins.toPlainText().strip(),
            self.misses.toPlainText().strip(),
            self.upgrade.toPlainText().strip(),
        )

    def mark_saved(self, at: datetime | None = None) -> None:
        self._dirty = False
        self._autosave.stop()
        if at is not None:
            self.status.setText(
                _("Saved for {week} at {time}").format(week=self._week, time=f"{at:%H:%M}")
            )
        else:
            self.status.setText(_("Saved for {week}").format(week=self._week))
