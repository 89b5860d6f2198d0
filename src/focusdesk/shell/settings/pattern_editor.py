"""The pattern editor: duplicate a pattern and make it fit the user's week.

Everything the user types is turned into the same TOML-shaped dict a pattern
file holds and checked by `core.pattern_loader.pattern_from_dict` — the
loader's own validation, so the editor and the loader never disagree. Each
problem is shown under the field it names (a block problem under that day's
block table, with the offending cell marked), never in a pop-up, and Save
stays disabled until the pattern is valid.

Built-in patterns are never modified: opening one starts a copy with a new
id, saved as a user pattern file (`store.pattern_files`, atomic, with a backup
of the version it replaces).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from focusdesk.core.i18n import N_, _, ngettext
from focusdesk.core.pattern_loader import (
    DEFAULT_LIMITS,
    PatternCatalog,
    PatternError,
    Problem,
    pattern_from_dict,
)
from focusdesk.core.patterns import (
    BlockKind,
    DaySpec,
    Pattern,
    PatternDefaults,
    Weekday,
    WorkModel,
)
from focusdesk.paths import DataPaths
from focusdesk.shell.settings.week_preview import WeekPreview
from focusdesk.store.pattern_files import (
    BuiltinPatternReadOnly,
    save_user_pattern,
    user_pattern_path,
)


def day_title(weekday: int, short: bool = False) -> str:
    """Monday = 0: "Monday" / "Mon", in FocusDesk's language (QLocale follows it)."""
    form = QLocale.FormatType.ShortFormat if short else QLocale.FormatType.LongFormat
    return QLocale().dayName(weekday + 1, form)


_ERROR_STYLE = "color: #c62828;"
_BAD_CELL = QColor("#ffcdd2")

# Block table columns.
COL_KIND, COL_START, COL_END, COL_LABEL, COL_NEXT_DAY = range(5)
_COLUMN_OF_FIELD = {"kind": COL_KIND, "start": COL_START, "end": COL_END, "label": COL_LABEL}
_BLOCK_FIELD = re.compile(r"^blocks\[(\d+)\](?:\.(\w+))?$")


def unique_copy_id(catalog: PatternCatalog, base_id: str) -> str:
    """`<id>-copy`, or `<id>-copy-2`, … : an id no catalogue pattern uses."""
    candidate = f"{base_id}-copy"
    number = 2
    while candidate in catalog:
        candidate = f"{base_id}-copy-{number}"
        number += 1
    return candidate


#: The loader speaks TOML; the editor's user sees controls. Its words, theirs.
#: Each pair is translated as a pair: the left side must be the words the loader's
#: translated message uses.
_TOML_TO_CONTROLS = (
    # Translators: a fragment of "end … is not after start … (set next_day = true …)".
    (N_("set next_day = true"), N_('tick "Past midnight"')),
    # Translators: a fragment of "block … is marked next_day but would last over 24 hours".
    (N_("is marked next_day"), N_('has "Past midnight" ticked')),
    (N_("next_day must be true or false"), N_('"Past midnight" must be ticked or not')),
)


def in_editor_words(message: str) -> str:
    """A loader message with its TOML field names replaced by the editor's controls."""
    for toml, control in _TOML_TO_CONTROLS:
        message = message.replace(_(toml), _(control))
    return message


class ErrorLabel(QLabel):
    """A red, word-wrapped message shown right under a field; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_ERROR_STYLE)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        self.setText("\n".join(messages))
        self.setVisible(bool(messages))


def _with_error(widget: QWidget, error: ErrorLabel) -> QWidget:
    """A field with its error label directly beneath it, as one form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    layout.addWidget(error)
    return box


class DayEditor(QWidget):
    """One weekday: protected, hard stop, and a table of blocks."""

    changed = Signal()

    def __init__(self, weekday: Weekday, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weekday = weekday
        self.protected_box = QCheckBox(_("Protected day (no work: only life and recovery blocks)"))
        self.protected_error = ErrorLabel()
        self.hard_stop_edit = QLineEdit()
        self.hard_stop_edit.setPlaceholderText(_("none"))
        self.hard_stop_edit.setMaximumWidth(90)
        self.hard_stop_edit.setToolTip(_("HH:MM, e.g. 18:30; empty for no hard stop"))
        self.hard_stop_error = ErrorLabel()

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [_("Kind"), _("Start"), _("End"), _("Label"), _("Past midnight")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Stretch)
        for column in (COL_KIND, COL_START, COL_END, COL_NEXT_DAY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.blocks_error = ErrorLabel()

        self.add_button = QPushButton(_("Add block"))
        self.remove_button = QPushButton(_("Remove block"))
        self.copy_button = QPushButton(_("Copy this day to…"))
        self.copy_menu = QMenu(self.copy_button)
        self.copy_button.setMenu(self.copy_menu)

        form = QFormLayout()
        form.addRow(self.protected_box)
        form.addRow("", self.protected_error)
        form.addRow(_("Hard stop:"), _with_error(self.hard_stop_edit, self.hard_stop_error))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.blocks_error)
        layout.addLayout(buttons)

        self.protected_box.toggled.connect(self.changed)
        self.hard_stop_edit.textChanged.connect(self.changed)
        self.table.itemChanged.connect(self.changed)
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button.clicked.connect(self._remove_clicked)

    # -- contents ----------------------------------------------------------

    def set_day(self, day: DaySpec, translate: bool = False) -> None:
        """Show `day` (without emitting `changed` for every cell); `translate`: a built-in
        pattern's labels in the user's language (a copy becomes theirs in their words)."""
        self.blockSignals(True)
        try:
            self.protected_box.setChecked(day.protected)
            self.hard_stop_edit.setText(day.hard_stop.strftime("%H:%M") if day.hard_stop else "")
            self.table.setRowCount(0)
            for block in day.blocks:
                self._append_row(
                    block.kind,
                    block.start.strftime("%H:%M"),
                    block.end.strftime("%H:%M"),
                    _(block.label) if translate and block.label else block.label,
                    block.next_day,
                )
        finally:
            self.blockSignals(False)
        self.changed.emit()

    def add_block(self) -> int:
        """Append an hour-long focus block after the last block; returns its row."""
        start, end = self._next_free_slot()
        row = self._append_row(BlockKind.FOCUS, start.strftime("%H:%M"), end.strftime("%H:%M"))
        self.changed.emit()
        return row

    def copy_from(self, other: DayEditor) -> None:
        """Take `other`'s protection, hard stop and blocks, as typed (valid or not)."""
        self.blockSignals(True)
        try:
            self.protected_box.setChecked(other.protected_box.isChecked())
            self.hard_stop_edit.setText(other.hard_stop_edit.text())
            self.table.setRowCount(0)
            for row in range(other.table.rowCount()):
                self._append_row(
                    BlockKind(other.kind_box(row).currentData()),
                    other._text(row, COL_START),
                    other._text(row, COL_END),
                    other._text(row, COL_LABEL),
                    other._next_day(row),
                )
        finally:
            self.blockSignals(False)
        self.changed.emit()

    def remove_block(self, row: int) -> None:
        self.table.removeRow(row)
        self.changed.emit()

    def kind_box(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, COL_KIND)
        assert isinstance(widget, QComboBox)
        return widget

    def set_cell(self, row: int, column: int, text: str) -> None:
        """Type `text` into a block cell (what the user does by double-clicking)."""
        item = self.table.item(row, column)
        assert item is not None
        item.setText(text)

    def find_row(self, label: str) -> int:
        """The first row whose label is `label`, else -1."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, COL_LABEL)
            if item is not None and item.text() == label:
                return row
        return -1

    def to_dict(self) -> dict[str, Any]:
        """This day as the loader's TOML-shaped table (raw text: the loader checks it)."""
        day: dict[str, Any] = {}
        if self.protected_box.isChecked():
            day["protected"] = True
        hard_stop = self.hard_stop_edit.text().strip()
        if hard_stop:
            day["hard_stop"] = hard_stop
        blocks = []
        for row in range(self.table.rowCount()):
            block: dict[str, Any] = {
                "kind": self.kind_box(row).currentData(),
                "start": self._text(row, COL_START),
                "end": self._text(row, COL_END),
            }
            label = self._text(row, COL_LABEL)
            if label:
                block["label"] = label
            if self._next_day(row):
                block["next_day"] = True
            blocks.append(block)
        if blocks:
            day["blocks"] = blocks
        return day

    # -- problems ----------------------------------------------------------

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        """Show `(field within the day, message)` pairs next to their fields."""
        hard_stop, protected, blocks = [], [], []
        bad_cells: set[tuple[int, int | None]] = set()
        for where, toml_message in problems:
            message = in_editor_words(toml_message)
            match = _BLOCK_FIELD.match(where)
            if where == "hard_stop":
                hard_stop.append(message)
            elif where == "protected":
                protected.append(message)
            elif match:
                row = int(match[1])
                column = _COLUMN_OF_FIELD.get(match[2] or "")
                if match[2] == "next_day":
                    column = COL_NEXT_DAY
                bad_cells.add((row, column))
                blocks.append(
                    _("Block {number}: {message}").format(number=row + 1, message=message)
                )
            else:
                blocks.append(message)
        self.hard_stop_error.show_messages(hard_stop)
        self.protected_error.show_messages(protected)
        self.blocks_error.show_messages(blocks)
        self._mark_cells(bad_cells)

    def has_problems(self) -> bool:
        return any(
            not label.isHidden()
            for label in (self.hard_stop_error, self.protected_error, self.blocks_error)
        )

    def _mark_cells(self, bad: set[tuple[int, int | None]]) -> None:
        self.table.blockSignals(True)  # colouring a cell is not an edit
        try:
            for row in range(self.table.rowCount()):
                whole_row = (row, None) in bad
                for column in (COL_START, COL_END, COL_LABEL, COL_NEXT_DAY):
                    item = self.table.item(row, column)
                    if item is None:
                        continue
                    marked = whole_row or (row, column) in bad
                    item.setBackground(QBrush(_BAD_CELL) if marked else QBrush())
                kind_bad = whole_row or (row, COL_KIND) in bad
                self.kind_box(row).setStyleSheet(
                    f"background: {_BAD_CELL.name()};" if kind_bad else ""
                )
        finally:
            self.table.blockSignals(False)

    # -- rows ----------------------------------------------------------------

    def _append_row(
        self, kind_value: BlockKind, start: str, end: str, label: str = "", next_day: bool = False
    ) -> int:
        self.table.blockSignals(True)
        try:
            row = self.table.rowCount()
            self.table.insertRow(row)
            kind = QComboBox()
            for each in BlockKind:
                boundary = _("boundary on") if each.is_work else _("boundary off")
                kind.addItem(f"{each.display_name} ({boundary})", each.value)
            kind.setCurrentIndex(list(BlockKind).index(kind_value))
            kind.currentIndexChanged.connect(self.changed)
            self.table.setCellWidget(row, COL_KIND, kind)
            self.table.setItem(row, COL_START, QTableWidgetItem(start))
            self.table.setItem(row, COL_END, QTableWidgetItem(end))
            self.table.setItem(row, COL_LABEL, QTableWidgetItem(label))
            past_midnight = QTableWidgetItem()
            past_midnight.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            past_midnight.setCheckState(
                Qt.CheckState.Checked if next_day else Qt.CheckState.Unchecked
            )
            self.table.setItem(row, COL_NEXT_DAY, past_midnight)
        finally:
            self.table.blockSignals(False)
        return row

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _next_day(self, row: int) -> bool:
        item = self.table.item(row, COL_NEXT_DAY)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def _next_free_slot(self) -> tuple[time, time]:
        latest = 9 * 60
        for row in range(self.table.rowCount()):
            match = re.match(r"^(\d{1,2}):(\d{2})$", self._text(row, COL_END))
            if match and int(match[1]) < 24:
                latest = max(latest, int(match[1]) * 60 + int(match[2]))
        start = min(latest, 22 * 60)
        end = min(start + 60, 23 * 60 + 59)
        return time(start // 60, start % 60), time(end // 60, end % 60)

    def _add_clicked(self) -> None:
        row = self.add_block()
        self.table.setCurrentCell(row, COL_START)

    def _remove_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.changed.emit()


class PatternEditor(QDialog):
    """Edit a user pattern, or a copy of a built-in one, and save it as a user file.

    `pattern_saved` carries the pattern as read back from the saved file.
    """

    pattern_saved = Signal(object)

    def __init__(
        self,
        pattern: Pattern,
        catalog: PatternCatalog,
        paths: DataPaths,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.paths = paths
        self.original = pattern
        self.is_copy = pattern.builtin
        # A user pattern is saved back to its own file; a copy gets a new file.
        self._file: Path | None = None if pattern.builtin else catalog.path_of(pattern.id)
        self._valid: Pattern | None = None
        self._unplaced: list[str] = []
        self._populating = False

        self.setWindowTitle(
            _("New pattern from {pattern}").format(pattern=pattern.display_name)
            if self.is_copy
            else _("Edit pattern {pattern}").format(pattern=pattern.display_name)
        )
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        if self.is_copy:
            self.banner.setText(
                _(
                    "{pattern} is built in and is never changed. "
                    "You are editing your own copy; it is saved as a new pattern."
                ).format(pattern=f"<b>{pattern.display_name}</b>")
            )
        else:
            self.banner.hide()

        # Identity.
        self.id_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.model_box = QComboBox()
        for model in WorkModel:
            self.model_box.addItem(_(model.value).capitalize(), model.value)
        self.description_edit = QLineEdit()
        self.errors: dict[str, ErrorLabel] = {
            key: ErrorLabel() for key in ("id", "name", "model", "description", "checklist")
        }
        identity = QFormLayout()
        identity.addRow(_("Id:"), _with_error(self.id_edit, self.errors["id"]))
        identity.addRow(_("Name:"), _with_error(self.name_edit, self.errors["name"]))
        identity.addRow(_("Model:"), _with_error(self.model_box, self.errors["model"]))
        identity.addRow(
            _("Description:"), _with_error(self.description_edit, self.errors["description"])
        )

        # Days.
        self.day_tabs = QTabWidget()
        self.days: dict[Weekday, DayEditor] = {}
        for weekday in Weekday:
            editor = DayEditor(weekday)
            self.days[weekday] = editor
            self.day_tabs.addTab(editor, day_title(weekday, short=True))
            self._fill_copy_menu(editor)
            editor.changed.connect(self.revalidate)

        # Defaults and checklist.
        self.day_tabs.addTab(self._build_defaults_tab(), _("Defaults && checklist"))

        self.preview = WeekPreview()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(self.banner)
        left.addLayout(identity)
        left.addWidget(self.day_tabs, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>{}</b>".format(_("Week preview"))))
        right.addWidget(self.preview, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        for line in (self.id_edit, self.name_edit, self.description_edit, self.warnings_edit):
            line.textChanged.connect(self.revalidate)
        self.model_box.currentIndexChanged.connect(self.revalidate)
        self.checklist_edit.textChanged.connect(self.revalidate)
        for spin in self.default_spins.values():
            spin.valueChanged.connect(self.revalidate)
        for box in self.default_checks.values():
            box.toggled.connect(self.revalidate)

        self._load(pattern)
        self.resize(1100, 640)

    # -- building ------------------------------------------------------------

    def _build_defaults_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        titles = {
            "focus_minutes": _("Focus block length (min):"),
            "buffer_minutes": _("Buffer between roles (min):"),
            "snooze_limit": _("Snoozes allowed per day:"),
            "snooze_minutes": _("Snooze length (min):"),
            "max_comms_windows": _("Comms windows per day (max):"),
        }
        self.default_spins: dict[str, QSpinBox] = {}
        for key, title in titles.items():
            low, high = DEFAULT_LIMITS[key]
            spin = QSpinBox()
            spin.setRange(low, high)
            self.default_spins[key] = spin
            self.errors[f"defaults.{key}"] = ErrorLabel()
            form.addRow(title, _with_error(spin, self.errors[f"defaults.{key}"]))
        self.warnings_edit = QLineEdit()
        self.warnings_edit.setPlaceholderText("e.g. 30, 10")
        self.errors["defaults.prestop_warnings"] = ErrorLabel()
        form.addRow(
            _("Warnings before hard stop (min):"),
            _with_error(self.warnings_edit, self.errors["defaults.prestop_warnings"]),
        )
        self.default_checks: dict[str, QCheckBox] = {
            "strict": QCheckBox(_("Strict mode (no snooze at all)")),
            "auto_buffer": QCheckBox(_("A buffer follows every focus block")),
            "auto_start": QCheckBox(_("Planned blocks start by themselves")),
        }
        for key, box in self.default_checks.items():
            self.errors[f"defaults.{key}"] = ErrorLabel()
            form.addRow("", _with_error(box, self.errors[f"defaults.{key}"]))
        self.errors["defaults"] = ErrorLabel()
        form.addRow("", self.errors["defaults"])
        self.checklist_edit = QPlainTextEdit()
        self.checklist_edit.setPlaceholderText(_("One item per line"))
        self.checklist_edit.setMaximumHeight(120)
        form.addRow(
            _("Shutdown checklist:"), _with_error(self.checklist_edit, self.errors["checklist"])
        )
        return page

    def _fill_copy_menu(self, source: DayEditor) -> None:
        def copy_to(targets: list[Weekday]) -> Callable[[], None]:
            return lambda: self.copy_day(source.weekday, targets)

        weekdays = [d for d in Weekday if d <= Weekday.FRI and d != source.weekday]
        source.copy_menu.addAction(_("All weekdays (Mon–Fri)"), copy_to(weekdays))
        source.copy_menu.addAction(
            _("Every day"), copy_to([d for d in Weekday if d != source.weekday])
        )
        source.copy_menu.addSeparator()
        for target in Weekday:
            if target != source.weekday:
                source.copy_menu.addAction(day_title(target), copy_to([target]))

    def _load(self, pattern: Pattern) -> None:
        self._populating = True
        try:
            if self.is_copy:
                self.id_edit.setText(unique_copy_id(self.catalog, pattern.id))
                self.name_edit.setText(
                    _("{pattern} (my copy)").format(pattern=pattern.display_name)
                )
            else:
                self.id_edit.setText(pattern.id)
                self.name_edit.setText(pattern.name)
            self.model_box.setCurrentIndex(self.model_box.findData(pattern.model.value))
            # A copy of a built-in pattern starts in the user's language (it is theirs now).
            self.description_edit.setText(pattern.display_description)
            for weekday, editor in self.days.items():
                editor.set_day(pattern.day(weekday), translate=pattern.builtin)
            self.set_defaults(pattern.defaults)
            self.checklist_edit.setPlainText("\n".join(pattern.display_checklist))
        finally:
            self._populating = False
        self.revalidate()

    def set_defaults(self, defaults: PatternDefaults) -> None:
        for key, spin in self.default_spins.items():
            spin.setValue(getattr(defaults, key))
        self.warnings_edit.setText(", ".join(str(m) for m in defaults.prestop_warnings))
        for key, box in self.default_checks.items():
            box.setChecked(getattr(defaults, key))

    # -- the pattern as typed ------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """What the user typed, as the loader's TOML-shaped dict (unchecked)."""
        defaults: dict[str, Any] = {key: spin.value() for key, spin in self.default_spins.items()}
        defaults.update({key: box.isChecked() for key, box in self.default_checks.items()})
        warnings_text = self.warnings_edit.text().strip()
        parts = [p for p in re.split(r"[,\s]+", warnings_text) if p]
        # Not numbers: hand the text over as typed, the loader's message names the problem.
        defaults["prestop_warnings"] = (
            [int(p) for p in parts] if all(p.isdigit() for p in parts) else warnings_text
        )
        checklist = [
            line.strip() for line in self.checklist_edit.toPlainText().splitlines() if line.strip()
        ]
        data: dict[str, Any] = {
            "id": self.id_edit.text().strip(),
            "name": self.name_edit.text().strip(),
            "model": self.model_box.currentData(),
            "description": self.description_edit.text().strip(),
            "review_first": self.original.review_first.value,
            "checklist": checklist,
            "defaults": defaults,
            "days": {},
        }
        for weekday, editor in self.days.items():
            day = editor.to_dict()
            if day:
                data["days"][weekday.short] = day
        return data

    def _target_path(self, pattern_id: str) -> Path:
        if self._file is not None and pattern_id == self.original.id:
            return self._file
        return user_pattern_path(self.paths.user_patterns_dir, pattern_id)

    def _catalog_problems(self, pattern_id: str) -> list[Problem]:
        """The catalogue's id rules, which one file alone cannot check."""
        if not pattern_id or pattern_id not in self.catalog:
            return []
        owner = self.catalog.get(pattern_id)
        if owner.builtin:
            return [
                Problem(
                    "id",
                    _("id '{id}' belongs to a built-in pattern; choose another id").format(
                        id=pattern_id
                    ),
                )
            ]
        if self.catalog.path_of(pattern_id) != self._target_path(pattern_id):
            return [
                Problem(
                    "id",
                    _("id '{id}' is already used by your pattern {pattern}").format(
                        id=pattern_id, pattern=owner.name
                    ),
                )
            ]
        return []

    def revalidate(self) -> Pattern | None:
        """Check what is typed with the loader; show each problem next to its field."""
        if self._populating:
            return None
        data = self.to_dict()
        source = str(self._target_path(str(data["id"]) or "untitled"))
        problems = self._catalog_problems(str(data["id"]))
        pattern: Pattern | None = None
        try:
            pattern = pattern_from_dict(data, source)
        except PatternError as error:
            problems = problems + error.problems
        if problems:
            pattern = None
        self._show_problems(problems)
        self._valid = pattern
        self.save_button.setEnabled(pattern is not None)
        if pattern is not None:
            self.preview.set_pattern(pattern)
            self.status.setStyleSheet("")
            self.status.setText(_("The pattern is valid."))
        else:
            # Keep the last good week on screen while the user fixes a field.
            count = len(problems)
            self.status.setStyleSheet(_ERROR_STYLE)
            self.status.setText(
                ngettext(
                    "{count} problem to fix before saving: see the messages in red.",
                    "{count} problems to fix before saving: see the messages in red.",
                    count,
                ).format(count=count)
                + "".join(f"\n{line}" for line in self._unplaced)
            )
        return pattern

    def _show_problems(self, problems: list[Problem]) -> None:
        by_label: dict[str, list[str]] = {key: [] for key in self.errors}
        by_day: dict[Weekday, list[tuple[str, str]]] = {day: [] for day in Weekday}
        unplaced: list[str] = []
        for problem in problems:
            day_match = re.match(r"^days\.([a-z]+)\.?(.*)$", problem.field)
            if day_match and day_match[1] in {d.short for d in Weekday}:
                by_day[Weekday.from_short(day_match[1])].append((day_match[2], problem.message))
            elif problem.field in by_label:
                by_label[problem.field].append(problem.message)
            elif problem.field.startswith("defaults."):
                by_label["defaults"].append(problem.message)
            else:
                field = problem.field or _("pattern")
                unplaced.append(f"{field}: {problem.message}")
        for key, label in self.errors.items():
            label.show_messages(by_label[key])
        for weekday, editor in self.days.items():
            editor.show_problems(by_day[weekday])
            title = day_title(weekday, short=True)
            self.day_tabs.setTabText(weekday, f"{title} ⚠" if by_day[weekday] else title)
        defaults_index = self.day_tabs.count() - 1
        defaults_bad = any(by_label[k] for k in self.errors if k.startswith("defaults")) or bool(
            by_label["checklist"]
        )
        self.day_tabs.setTabText(
            defaults_index,
            _("Defaults && checklist") + (" ⚠" if defaults_bad else ""),
        )
        self._unplaced = unplaced

    @property
    def valid_pattern(self) -> Pattern | None:
        """The pattern as typed, if it is valid."""
        return self._valid

    # -- actions -------------------------------------------------------------

    def copy_day(self, source: Weekday, targets: list[Weekday]) -> None:
        """Give `targets` the same blocks, hard stop and protection as `source`."""
        self._populating = True
        try:
            for target in targets:
                self.days[target].copy_from(self.days[source])
        finally:
            self._populating = False
        self.revalidate()

    def save(self) -> Path | None:
        """Save the pattern as a user file; returns its path, or None (reason in the status)."""
        pattern = self.revalidate()
        if pattern is None:
            return None
        target = self._target_path(pattern.id)
        try:
            path = save_user_pattern(
                pattern,
                self.paths.user_patterns_dir,
                self.paths.backups_dir,
                builtin_dir=self.catalog.builtin_dir,
                path=target,
            )
        except (OSError, BuiltinPatternReadOnly) as error:
            self.status.setStyleSheet(_ERROR_STYLE)
            self.status.setText(_("Not saved: {error}").format(error=error))
            return None
        self.catalog.reload()
        if pattern.id not in self.catalog:
            problem = next((e for e in self.catalog.errors if e.source == str(path)), None)
            self.status.setStyleSheet(_ERROR_STYLE)
            self.status.setText(
                _("Saved to {path}, but it did not load back: {problem}").format(
                    path=path, problem=problem
                )
            )
            return None
        self.pattern_saved.emit(self.catalog.get(pattern.id))
        self.accept()
        return path
