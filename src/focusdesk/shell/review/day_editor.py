"""Back-filling a past day (SPEC §5): the shutdown ritual's answers, given later.

A missed ritual is filled in the next morning from the review: the day's
energy and relationships (1–5), its deliverables and what they were, and the
one big task for the day after. Saving goes through the review's undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from focusdesk.core.i18n import _
from focusdesk.core.sessions import DayRecord
from focusdesk.shell.locale_text import full_date, short_date
from focusdesk.store.errors import StorageError

_UNSET = "—"


def _score_box(maximum: int) -> QSpinBox:
    """A spin box whose lowest value means "not given" (shown as —)."""
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setSpecialValueText(_UNSET)
    return box


class DayEditor(QDialog):
    """Edit one day's reflection, deliverables and tomorrow's big task."""

    def __init__(
        self,
        save: Callable[[DayRecord], None],
        record: DayRecord,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._record = record
        day = record.day
        self.setWindowTitle(f"FocusDesk — {full_date(day)}")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _("{day}: what the shutdown ritual asks.").format(day=f"<b>{full_date(day)}</b>")
            )
        )
        form = QFormLayout()
        self.energy = _score_box(5)
        self.relationships = _score_box(5)
        self.deliverables = QSpinBox()
        self.deliverables.setRange(-1, 999)
        self.deliverables.setSpecialValueText(_UNSET)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("What was delivered"))
        self.big_task = QLineEdit()
        self.big_task.setPlaceholderText(_("The one big task for the next day"))
        self.big_task.setMinimumWidth(300)  # the placeholder reads whole in German too

        form.addRow(_("Energy (1–5)"), self.energy)
        form.addRow(_("Relationships (1–5)"), self.relationships)
        form.addRow(_("Deliverables"), self.deliverables)
        form.addRow(_("What was delivered"), self.note)
        form.addRow(
            _("Big task for {day}").format(day=short_date(day + timedelta(days=1))), self.big_task
        )

        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.energy.setValue(record.energy or 0)
        self.relationships.setValue(record.relationships or 0)
        self.deliverables.setValue(-1 if record.deliverables is None else record.deliverables)
        self.note.setText(record.deliverables_note)
        self.big_task.setText(record.big_task_tomorrow)

    @property
    def day(self) -> date:
        return self._record.day

    def edited(self) -> DayRecord:
        """The record with the dialog's answers (everything else as it was)."""
        deliverables = self.deliverables.value()
        return replace(
            self._record,
            energy=self.energy.value() or None,
            relationships=self.relationships.value() or None,
            deliverables=None if deliverables < 0 else deliverables,
            deliverables_note=self.note.text().strip(),
            big_task_tomorrow=self.big_task.text().strip(),
            checklist_done=list(self._record.checklist_done),
        )

    def accept(self) -> None:
        try:
            self._save(self.edited())
        except StorageError as error:
            self.error.setText(str(error))
            return
        super().accept()
