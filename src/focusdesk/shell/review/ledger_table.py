"""The outcome ledger: what each day produced, and its one big task."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from focusdesk.core.i18n import N_, _
from focusdesk.core.week_review import LedgerEntry
from focusdesk.shell.locale_text import short_date

COLUMNS = (N_("Day"), N_("One big task"), N_("Deliverables"), N_("What was delivered"))


class LedgerTable(QTableWidget):
    """One row a day; double-click a day to fill in its ritual answers afterwards."""

    #: A day's row was double-clicked.
    day_activated = Signal(date)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self._days: list[date] = []
        self.setToolTip(_("Double-click a day to fill in or correct its ritual answers"))
        self.cellDoubleClicked.connect(self._double_clicked)
        self.setHorizontalHeaderLabels([_(column) for column in COLUMNS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def _double_clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._days):
            self.day_activated.emit(self._days[row])

    def show_ledger(self, entries: list[LedgerEntry]) -> None:
        self._days = [entry.day for entry in entries]
        self.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            done = "—" if entry.deliverables is None else str(entry.deliverables)
            cells = (short_date(entry.day), entry.big_task or "—", done, entry.note)

            for column, text in enumerate(cells):
                self.setItem(row, column, QTableWidgetItem(text))

    def row_texts(self, row: int) -> list[str]:
        items = (self.item(row, c) for c in range(self.columnCount()))
        return [item.text() if item is not None else "" for item in items]
