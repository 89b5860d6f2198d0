"""The weekly review form: wins, misses, one systems upgrade — saved per ISO week."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from focusdesk.core.sessions import WeeklyReview


class WeeklyReviewForm(QWidget):
    #: The user asked to save; the window writes it to the log.
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._week = ""
        self._dirty = False
        layout = QFormLayout(self)
        self.wins = QPlainTextEdit()
        self.misses = QPlainTextEdit()
        self.upgrade = QPlainTextEdit()
        self.wins.setPlaceholderText("What went well this week?")
        self.misses.setPlaceholderText("What slipped, and why?")
        self.upgrade.setPlaceholderText("One change to your system for next week")
        for edit in (self.wins, self.misses, self.upgrade):
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(self._mark_dirty)
        layout.addRow("Wins", self.wins)
        layout.addRow("Misses", self.misses)
        layout.addRow("One systems upgrade", self.upgrade)
        buttons = QHBoxLayout()
        self.status = QLabel("")
        self.save_button = QPushButton("Save review")
        self.save_button.clicked.connect(self.save_requested.emit)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        layout.addRow(buttons)

    @property
    def dirty(self) -> bool:
        """Typed since the last load or save."""
        return self._dirty

    def _mark_dirty(self) -> None:
        self._dirty = True
        self.status.setText("Not saved yet")

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
        self.status.setText("")

    def review(self) -> WeeklyReview:
        return WeeklyReview(
            self._week,
            self.wins.toPlainText().strip(),
            self.misses.toPlainText().strip(),
            self.upgrade.toPlainText().strip(),
        )

    def mark_saved(self) -> None:
        self._dirty = False
        self.status.setText(f"Saved for {self._week}")
