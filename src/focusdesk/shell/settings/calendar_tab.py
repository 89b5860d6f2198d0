"""The settings window's Calendars tab: which ICS files shape the day, how each was read,
and today's plan as it will run with them (the rows `focusdesk today` prints)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from focusdesk.core.i18n import N_, _
from focusdesk.core.today_plan import CalendarState

_PROBLEM = QColor("#c62828")
_CONFLICT = QColor("#8a5300")
_KIND_WORDS = {
    "focus": N_("Focus"),
    "collab": N_("Collab"),
    "comms": N_("Comms"),
    "admin": N_("Admin"),
    "life": N_("Life"),
    "recovery": N_("Recovery"),
    "buffer": N_("Buffer"),
}


def resolve_calendar_path(entry: str, settings_folder: Path) -> Path:
    """Where a `[calendar] files` entry points: `~` expanded, relative to the settings folder."""
    path = Path(entry).expanduser()
    return path if path.is_absolute() else settings_folder / path


def plan_rows(today: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """Today's plan as rows (when, kind, what, note); a non-empty note is a conflict."""
    rows: list[tuple[str, str, str, str]] = []
    for title in today.get("all_day", []):
        rows.append((_("all day"), "", title, ""))
    for block in today.get("blocks", []):
        start = datetime.fromisoformat(block["start"])
        end = datetime.fromisoformat(block["end"])
        kind = (
            _("Meeting") if block["source"] == "meeting" else _(_KIND_WORDS.get(block["kind"], ""))
        )
        label = _(block["label"]) if block["label"] else ""
        rows.append((f"{start:%H:%M}–{end:%H:%M}", kind, label, block["conflict"]))
    for block in today.get("dropped", []):
        start = datetime.fromisoformat(block["start"])
        end = datetime.fromisoformat(block["end"])
        kind = _(_KIND_WORDS.get(block["kind"], ""))
        note = _("dropped: {reason}").format(reason=block["conflict"])
        label = _(block["label"]) if block["label"] else ""
        rows.append((f"{start:%H:%M}–{end:%H:%M}", kind, label, note))
    if today.get("hard_stop"):
        rows.append((f"{datetime.fromisoformat(today['hard_stop']):%H:%M}", _("Hard stop"), "", ""))
    return rows


class CalendarTab(QWidget):
    """Add and remove calendar files; see when each was last read and what came of it."""

    def __init__(
        self,
        settings_folder: Path,
        choose_file: Callable[[QWidget], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._folder = settings_folder
        self._choose_file = choose_file or _ask_for_ics_file
        self._states: dict[str, CalendarState] = {}

        intro = QLabel(
            _(
                "Meetings from these iCalendar (.ics) files become collab blocks in today's "
                "plan, each followed by a buffer. Use a local file or one a sync tool keeps up "
                "to date; it is read again whenever it changes."
            )
        )
        intro.setWordWrap(True)
        self.file_list = QListWidget()
        self.file_list.setWordWrap(True)
        self.file_list.setAlternatingRowColors(True)
        self.add_button = QPushButton(_("Add file…"))
        self.add_button.clicked.connect(self.add_file)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.clicked.connect(self.remove_current)
        self.file_list.currentRowChanged.connect(
            lambda row: self.remove_button.setEnabled(row >= 0)
        )
        self.remove_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        self.today_title = QLabel("<b>{}</b>".format(_("Today as it will run")))
        self.today_list = QTreeWidget()
        self.today_list.setHeaderLabels([_("When"), _("Kind"), _("What"), _("Conflict")])
        self.today_list.setRootIsDecorated(False)
        self.today_list.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.today_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.file_list, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.today_title)
        layout.addWidget(self.today_list, 3)

    # -- the file list -------------------------------------------------------------

    def set_files(self, files: Sequence[str]) -> None:
        self.file_list.clear()
        for entry in files:
            self._append(entry)

    def files(self) -> tuple[str, ...]:
        entries = (
            self.file_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.file_list.count())
        )
        return tuple(dict.fromkeys(str(e) for e in entries))

    def add_file(self) -> None:
        chosen = self._choose_file(self)
        if chosen and chosen not in self.files():
            self._append(chosen)
            self.file_list.setCurrentRow(self.file_list.count() - 1)

    def remove_current(self) -> None:
        row = self.file_list.currentRow()
        if row >= 0:
            self.file_list.takeItem(row)

    def _append(self, entry: str) -> None:
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, entry)
        self.file_list.addItem(item)
        self._describe(item)

    def _describe(self, item: QListWidgetItem) -> None:
        entry = str(item.data(Qt.ItemDataRole.UserRole))
        state = self._states.get(str(resolve_calendar_path(entry, self._folder)))
        if state is None:
            detail = _("not read yet (apply to read it)")
            problem = False
        else:
            if state.read_at is None:
                detail = _("never read")
                if state.result:
                    detail = f"{detail}: {state.result}"
            else:
                detail = _("read at {time}: {result}").format(
                    time=f"{state.read_at.astimezone():%H:%M:%S}", result=state.result
                )

            problem = bool(state.problem)
        item.setText(f"{entry}\n    {detail}")
        item.setToolTip(state.problem if state is not None and state.problem else detail)
        item.setForeground(QBrush(_PROBLEM) if problem else QBrush())

    # -- what the app read -----------------------------------------------------------

    def show_states(self, states: Sequence[CalendarState], today: dict[str, Any] | None) -> None:
        """How each file was last read, and today's plan with them."""
        self._states = {state.file: state for state in states}
        for index in range(self.file_list.count()):
            self._describe(self.file_list.item(index))
        self.today_list.clear()
        if today is None:
            return
        rows = plan_rows(today) or [("", "", _("Nothing planned today."), "")]
        for row in rows:
            item = QTreeWidgetItem(list(row))
            if row[3]:
                for column in range(4):
                    item.setForeground(column, QBrush(_CONFLICT))
            self.today_list.addTopLevelItem(item)
        for column in range(3):
            self.today_list.resizeColumnToContents(column)


def _ask_for_ics_file(parent: QWidget) -> str:
    chosen, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Add a calendar file"),
        str(Path.home()),
        _("iCalendar files (*.ics)") + ";;" + _("All files (*)"),
    )
    return str(chosen)
