"""The week's sessions as a sortable, label-filterable table model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QWidget

from focusdesk.core.i18n import N_, _
from focusdesk.core.sessions import SessionRecord
from focusdesk.shell.locale_text import short_time
from focusdesk.shell.review.formatting import duration_text, kind_word, outcome_word

COLUMNS = (
    N_("Time"),
    N_("Kind"),
    N_("Label"),
    N_("Duration"),
    N_("Outcome"),
    N_("Note / why stopped"),
)
#: The role holding a value that sorts right (instants, seconds) rather than display text.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def time_text(session: SessionRecord) -> str:
    start = session.local_start
    end = session.local_end
    return f"{short_time(start)}–{end:%H:%M}" if end else f"{short_time(start)}–" + _("now")


def _display_row(session: SessionRecord) -> tuple[str, ...]:
    return (
        time_text(session),
        kind_word(session.kind),
        _(session.label) if session.label else "—",  # a planned block's label is translated
        duration_text(session.actual_seconds),
        outcome_word(session.outcome) + (" · " + _("breach") if session.breach else ""),
        session.note,
    )


def _sort_row(session: SessionRecord) -> tuple[Any, ...]:
    return (
        session.started_at.timestamp(),
        session.kind.value,
        session.label.casefold(),
        session.actual_seconds,
        session.outcome.value,
        session.note.casefold(),
    )


class SessionTableModel(QAbstractTableModel):
    """One row per session of the shown week, in time order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sessions: list[SessionRecord] = []
        # Cell texts and sort keys, built once per row: the view asks data() for
        # every cell and role on each reset, resize-to-contents and sort (thousands
        # of calls for a busy week), so formatting there made week switches slow.
        self._display: list[tuple[str, ...]] = []
        self._sort_keys: list[tuple[Any, ...]] = []

    def set_sessions(self, sessions: Sequence[SessionRecord]) -> None:
        self.beginResetModel()
        self._sessions = list(sessions)
        self._display = [_display_row(session) for session in self._sessions]
        self._sort_keys = [_sort_row(session) for session in self._sessions]
        self.endResetModel()

    def session_at(self, row: int) -> SessionRecord:
        return self._sessions[row]

    def row_of(self, session_id: str) -> int | None:
        for row, session in enumerate(self._sessions):
            if session.id == session_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sessions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[row][column]
        if role == SORT_ROLE:
            return self._sort_keys[row][column]
        if role == Qt.ItemDataRole.ToolTipRole and self._sessions[row].note:
            return self._sessions[row].note
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class LabelFilterProxy(QSortFilterProxyModel):
    """Sorts by the model's sort role; shows one label's sessions when a label is chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._label: str | None = None

    @property
    def label(self) -> str | None:
        return self._label

    def set_label(self, label: str | None) -> None:
        """Show only sessions with this label (None: all)."""
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateRowsFilter is deprecated there
            self.beginFilterChange()
            self._label = label
            self.endFilterChange()
        else:
            self._label = label
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._label is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, SessionTableModel)
        return model.session_at(source_row).label == self._label
