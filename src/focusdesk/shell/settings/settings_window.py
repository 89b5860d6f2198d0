"""The settings window: make FocusDesk fit the user's week without editing TOML.

It edits a copy of `Settings`; Apply (or OK) saves it through
`store.settings_store` and hands it to `on_apply`, which the app uses to
recompute today's plan and hard stop without a restart. Overrides of the
pattern's defaults show "as the pattern says (N)" until the user changes them;
only values the user set are stored, so switching pattern brings that
pattern's own defaults. Start at login is switched through the `Autostart`
port, whose state on disk wins over the settings file.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTime, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from focusdesk.core.i18n import LANGUAGES, _, pgettext
from focusdesk.core.pattern_loader import DEFAULT_LIMITS, WARNING_LIMITS, PatternCatalog
from focusdesk.core.patterns import Pattern, PatternDefaults
from focusdesk.core.settings import Settings
from focusdesk.core.today_plan import CalendarState
from focusdesk.paths import DataPaths
from focusdesk.shell.desktop.autostart import Autostart, AutostartError
from focusdesk.shell.desktop.sound import ChildSoundPlayer, Sound, SoundPlayer
from focusdesk.shell.settings.calendar_tab import CalendarTab
from focusdesk.shell.settings.pattern_editor import ErrorLabel, PatternEditor
from focusdesk.shell.settings.sound_panel import SoundPanel
from focusdesk.shell.settings.week_preview import WeekPreview
from focusdesk.store.settings_store import save_settings

_ERROR_STYLE = "color: #c62828;"


def _minutes_or_off(tooltip: str) -> QSpinBox:
    """A minutes box where 0 reads "Off" (the [presence] settings)."""
    spin = QSpinBox()
    spin.setRange(0, 240)
    spin.setSuffix(" min")
    spin.setSpecialValueText(_("Off"))
    spin.setToolTip(tooltip)
    return spin


class _OverrideSpin(QSpinBox):
    """A number that is either the user's own or "as the pattern says".

    The lowest value of the box stands for "the pattern's" (Qt's special
    value text), so no extra checkbox is needed per setting.
    """

    def __init__(self, low: int, high: int, unit: str) -> None:
        super().__init__()
        self.setRange(low - 1, high)
        self.setSuffix(f" {unit}")
        self.unit = unit

    def set_pattern_value(self, value: int) -> None:
        self.setSpecialValueText(
            _("as the pattern says ({value})").format(value=f"{value} {self.unit}")
        )

    def override(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()

    def set_override(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)


class _OverrideChoice(QComboBox):
    """On, off, or "as the pattern says"."""

    def __init__(self) -> None:
        super().__init__()
        self.addItem("", None)
        # A yes/no setting (not the boundary's on/off): Spanish says "sí" / "no".
        self.addItem(pgettext("setting", "On"), True)
        self.addItem(pgettext("setting", "Off"), False)

    def set_pattern_value(self, value: bool) -> None:
        said = pgettext("setting", "on") if value else pgettext("setting", "off")
        self.setItemText(0, _("As the pattern says ({value})").format(value=said))

    def override(self) -> bool | None:
        data = self.currentData()
        return None if data is None else bool(data)

    def set_override(self, value: bool | None) -> None:
        self.setCurrentIndex(0 if value is None else (1 if value else 2))


class HooksEditor(QWidget):
    """Hook commands, each edited as an argument list (one argument per line)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.arguments = QPlainTextEdit()
        self.arguments.setPlaceholderText("busylight\n--colour\nred")
        self.arguments.setToolTip(
            _(
                "One argument per line, the program first. No shell is involved: "
                "quotes, $VARIABLES and ; are passed exactly as written."
            )
        )
        self.add_button = QPushButton(_("Add hook"))
        self.remove_button = QPushButton(_("Remove hook"))
        self._hooks: list[list[str]] = []

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        editor = QVBoxLayout()
        editor.addWidget(QLabel(_("Arguments of the selected hook, one per line:")))
        editor.addWidget(self.arguments)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(editor, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(buttons)

        self.list.currentRowChanged.connect(self._show_current)
        self.arguments.textChanged.connect(self._arguments_edited)
        self.add_button.clicked.connect(lambda: self.add_hook([]))
        self.remove_button.clicked.connect(self._remove_current)
        self._show_current(-1)

    def set_hooks(self, hooks: tuple[tuple[str, ...], ...]) -> None:
        self._hooks = [list(hook) for hook in hooks]
        self.list.clear()
        for hook in self._hooks:
            self.list.addItem(QListWidgetItem(self._summary(hook)))
        self.list.setCurrentRow(0 if self._hooks else -1)

    def hooks(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(hook) for hook in self._hooks)

    def add_hook(self, arguments: list[str]) -> None:
        self._hooks.append(list(arguments))
        self.list.addItem(QListWidgetItem(self._summary(arguments)))
        self.list.setCurrentRow(len(self._hooks) - 1)
        self.arguments.setFocus()
        self.changed.emit()

    def problems(self) -> list[str]:
        return [
            _("Hook {number} has no program: put the program on its first line.").format(
                number=number
            )
            for number, hook in enumerate(self._hooks, start=1)
            if not hook or not hook[0].strip()
        ]

    @staticmethod
    def _summary(hook: list[str]) -> str:
        # Shown quoted so the argument boundaries are visible; never run through a shell.
        return shlex.join(hook) if hook else _("(empty: type the program and its arguments)")

    def _show_current(self, row: int) -> None:
        has = 0 <= row < len(self._hooks)
        self.arguments.blockSignals(True)
        self.arguments.setPlainText("\n".join(self._hooks[row]) if has else "")
        self.arguments.blockSignals(False)
        self.arguments.setEnabled(has)
        self.remove_button.setEnabled(has)

    def _arguments_edited(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._hooks):
            return
        # Blank lines separate nothing: drop them (an empty argument is rarely meant).
        self._hooks[row] = [
            line for line in self.arguments.toPlainText().splitlines() if line.strip()
        ]
        item = self.list.item(row)
        if item is not None:
            item.setText(self._summary(self._hooks[row]))
        self.changed.emit()

    def _remove_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._hooks):
            del self._hooks[row]
            self.list.takeItem(row)
            self._show_current(self.list.currentRow())
            self.changed.emit()


class SettingsWindow(QDialog):
    """The settings dialog. `on_apply` receives the saved settings.

    `signal_board_requested` asks the app to open the full-screen signal board.
    """

    signal_board_requested = Signal()
    #: A pattern file was saved from the editor (the catalogue now has it).
    pattern_saved = Signal(str)

    def __init__(
        self,
        settings: Settings,
        catalog: PatternCatalog,
        paths: DataPaths,
        autostart: Autostart,
        on_apply: Callable[[Settings], None],
        parent: QWidget | None = None,
        sound: SoundPlayer | ChildSoundPlayer | None = None,
        do_not_disturb_note: str = "",
    ) -> None:
        """`sound`: the app's player, for "Test sound" and the sound check (None: not offered).
        `do_not_disturb_note`: why this desktop cannot be silenced ("" when it can).
        """
        super().__init__(parent)
        self.setWindowTitle(_("FocusDesk settings"))
        self.sound = sound
        self.do_not_disturb_note = do_not_disturb_note
        self.catalog = catalog
        self.paths = paths
        self.autostart = autostart
        self.on_apply = on_apply
        self.settings = settings
        self.editor: PatternEditor | None = None

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_pattern_tab(), _("Pattern"))
        self.tabs.addTab(self._build_day_tab(), _("Focus && hard stop"))
        self.alerts_tab = self._build_alerts_tab()
        self.tabs.addTab(self.alerts_tab, _("Notifications && sound"))
        # Asked when the tab is first shown: listing audio devices loads QtMultimedia.
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.tabs.addTab(self._build_signal_tab(), _("Boundary signal"))
        self.calendar_tab = CalendarTab(paths.settings_file.parent)
        self.tabs.addTab(self.calendar_tab, _("Calendars"))
        self.tabs.addTab(self._build_general_tab(), _("General"))

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.buttons.accepted.connect(self._ok_clicked)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self._show_settings(settings)
        self.resize(760, 560)

    # -- tabs ------------------------------------------------------------------

    def _build_pattern_tab(self) -> QWidget:
        page = QWidget()
        self.pattern_box = QComboBox()
        self.pattern_error = ErrorLabel()
        #: Every pattern file FocusDesk cannot use, and why (told once at start-up, listed here).
        self.broken_patterns = ErrorLabel()
        self.pattern_description = QLabel()
        self.pattern_description.setWordWrap(True)
        self.preview = WeekPreview()
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.open_pattern_editor)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Active pattern:")))
        row.addWidget(self.pattern_box, 1)
        row.addWidget(self.edit_button)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.pattern_error)
        layout.addWidget(self.broken_patterns)
        layout.addWidget(self.pattern_description)
        layout.addWidget(self.preview, 1)
        self.pattern_box.currentIndexChanged.connect(self._pattern_chosen)
        return page

    def _build_day_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.focus_spin = _OverrideSpin(*DEFAULT_LIMITS["focus_minutes"], "min")
        self.buffer_spin = _OverrideSpin(*DEFAULT_LIMITS["buffer_minutes"], "min")
        self.snooze_limit_spin = _OverrideSpin(*DEFAULT_LIMITS["snooze_limit"], "×")
        self.snooze_minutes_spin = _OverrideSpin(*DEFAULT_LIMITS["snooze_minutes"], "min")
        self.warnings_edit = QLineEdit()
        self.warnings_error = ErrorLabel()
        self.strict_choice = _OverrideChoice()
        self.auto_buffer_choice = _OverrideChoice()
        self.auto_start_choice = _OverrideChoice()
        self.day_boundary_edit = QTimeEdit()
        self.day_boundary_edit.setDisplayFormat("HH:mm")
        self.day_boundary_edit.setToolTip(
            _("Work after midnight and before this time counts for the previous day.")
        )
        warnings_box = QWidget()
        warnings_layout = QVBoxLayout(warnings_box)
        warnings_layout.setContentsMargins(0, 0, 0, 0)
        warnings_layout.addWidget(self.warnings_edit)
        warnings_layout.addWidget(self.warnings_error)
        # Long German labels wrap above their field instead of squeezing it.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("Focus block length:"), self.focus_spin)
        form.addRow(_("Buffer between roles:"), self.buffer_spin)
        form.addRow(_("A buffer follows each focus block:"), self.auto_buffer_choice)
        form.addRow(_("Planned blocks start by themselves:"), self.auto_start_choice)
        form.addRow(_("Warnings before the hard stop (min):"), warnings_box)
        form.addRow(_("Snoozes allowed per day:"), self.snooze_limit_spin)
        form.addRow(_("Snooze length:"), self.snooze_minutes_spin)
        form.addRow(_("Strict mode (no snooze at all):"), self.strict_choice)
        form.addRow(
            _("Day boundary (late work counts as the day before until):"), self.day_boundary_edit
        )
        self.away_after_spin = _minutes_or_off(
            _(
                "No keyboard or mouse input (or a locked screen) for this long pauses a running "
                "block from your last input: away time is never focus. "
                "If you often read without touching anything, raise it."
            )
        )
        self.offclock_after_spin = _minutes_or_off(
            _(
                "Time at the computer in protected time (after the hard stop, on a protected "
                "day) with no block running, for this long, is logged as offclock work."
            )
        )
        form.addRow(_("Away after no input for:"), self.away_after_spin)
        away_note = QLabel(
            _(
                "A running block pauses from your last input. Reading or thinking without "
                "touching anything looks the same: raise it if that is how you focus."
            )
        )
        away_note.setWordWrap(True)
        form.addRow("", away_note)
        form.addRow(_("Offclock work after:"), self.offclock_after_spin)
        self.warnings_edit.textChanged.connect(self._check_fields)
        return page

    def _build_alerts_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.notifications_box = QCheckBox(_("Show desktop notifications"))
        self.mute_box = QCheckBox(_("Mute all sounds"))
        self.volume_slider = QSlider(Qt.Orientation.Horizontal)
        self.volume_slider.setRange(0, 100)
        self.volume_label = QLabel()
        self.volume_slider.valueChanged.connect(lambda v: self.volume_label.setText(f"{v} %"))
        self.mute_box.toggled.connect(lambda muted: self.volume_slider.setEnabled(not muted))
        volume = QHBoxLayout()
        volume.addWidget(self.volume_slider, 1)
        volume.addWidget(self.volume_label)
        form.addRow(self.notifications_box)
        self.do_not_disturb_box = QCheckBox(
            _("Do not disturb during focus: silence other apps' notifications")
        )
        form.addRow(self.do_not_disturb_box)
        if self.do_not_disturb_note:
            self.do_not_disturb_box.setEnabled(False)
            note = QLabel(_("Do not disturb: {reason}.").format(reason=self.do_not_disturb_note))
            note.setWordWrap(True)
            form.addRow(note)
        form.addRow(self.mute_box)
        form.addRow(_("Volume:"), volume)
        self.sound_panel = SoundPanel(self.sound, self.volume_slider.value)
        form.addRow(self.sound_panel)
        return page

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.alerts_tab:
            self.sound_panel.refresh_status()

    def _build_signal_tab(self) -> QWidget:
        page = QWidget()
        self.signal_light_box = QCheckBox(
            _("Show the signal light (a small always-on-top on/off cue)")
        )
        self.click_through_box = QCheckBox(_("Clicks pass through the signal light"))
        self.signal_light_box.toggled.connect(self.click_through_box.setEnabled)
        self.board_button = QPushButton(_("Open signal board"))
        self.board_button.setToolTip(_("A full-screen on/off board for a second screen"))
        self.board_button.clicked.connect(self.signal_board_requested)
        self.hooks_editor = HooksEditor()
        self.hooks_error = ErrorLabel()
        self.hooks_editor.changed.connect(self._check_fields)
        self.hook_timeout_spin = QSpinBox()
        self.hook_timeout_spin.setRange(1, 600)
        self.hook_timeout_spin.setSuffix(" s")
        board = QHBoxLayout()
        board.addWidget(self.board_button)
        board.addStretch(1)
        timeout = QHBoxLayout()
        timeout.addWidget(QLabel(_("A hook is stopped after:")))
        timeout.addWidget(self.hook_timeout_spin)
        timeout.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.signal_light_box)
        layout.addWidget(self.click_through_box)
        layout.addLayout(board)
        layout.addWidget(
            QLabel(
                _(
                    "<b>Hooks</b> — programs run on every change of state "
                    "(a smart lamp, a USB busy light, a chat status):"
                )
            )
        )
        layout.addWidget(self.hooks_editor, 1)
        layout.addWidget(self.hooks_error)
        layout.addLayout(timeout)
        return page

    def _build_general_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.autostart_box = QCheckBox(_("Start FocusDesk when I log in"))
        where = QLabel(self.autostart.location)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setWordWrap(True)
        if not self.autostart.is_available():
            self.autostart_box.setEnabled(False)
        self.data_dir_edit = QLineEdit(str(self.paths.data_dir))
        self.data_dir_edit.setReadOnly(True)
        self.open_data_button = QPushButton(_("Open"))
        self.open_data_button.clicked.connect(self.open_data_folder)
        folder = QHBoxLayout()
        folder.addWidget(self.data_dir_edit, 1)
        folder.addWidget(self.open_data_button)
        form.addRow(self.autostart_box)
        form.addRow(_("Entry:"), where)
        # Each language in its own name, so whoever reads it can find theirs.
        self.language_box = QComboBox()
        self.language_box.addItem(_("As the desktop (LANGUAGE / LANG)"), "")
        for code, name in LANGUAGES.items():
            self.language_box.addItem(name, code)
        form.addRow(_("Language:"), self.language_box)
        language_note = QLabel(
            _(
                "Notifications, the tray menu and tooltip and the command line switch at once; "
                "a window shows the new language when it is next opened."
            )
        )
        language_note.setWordWrap(True)
        form.addRow("", language_note)
        form.addRow(_("Data folder:"), folder)
        note = QLabel(
            _(
                "The log, settings, your patterns and backups live here. Start FocusDesk "
                "with --data-dir (or FOCUSDESK_DATA_DIR) to use another folder."
            )
        )
        note.setWordWrap(True)
        form.addRow("", note)
        return page

    # -- showing ----------------------------------------------------------------

    def _fill_patterns(self, selected: str) -> None:
        self.pattern_box.blockSignals(True)
        try:
            self.pattern_box.clear()
            for pattern in self.catalog.patterns():
                origin = _("built in") if pattern.builtin else _("yours")
                # "balance" / "integration" are in the catalogue (the command line marks them).
                model = _(pattern.model.value)
                self.pattern_box.addItem(f"{pattern.display_name} ({model}, {origin})", pattern.id)
            index = self.pattern_box.findData(selected)
            if index < 0:
                self.pattern_box.addItem(_("{id} (not found)").format(id=selected), selected)
                index = self.pattern_box.count() - 1
            self.pattern_box.setCurrentIndex(index)
        finally:
            self.pattern_box.blockSignals(False)
        broken = [
            _("{file} is not used: {where}: {problem}").format(
                file=Path(error.source).name, where=problem.where(), problem=problem.message
            )
            for error in self.catalog.errors
            for problem in error.problems
        ]
        self.broken_patterns.show_messages(broken)
        if broken:
            folder = self.catalog.user_dir or ""
            self.broken_patterns.setToolTip(
                _("Your pattern files are in {folder}").format(folder=folder)
            )
        self._pattern_chosen()

    def _show_settings(self, settings: Settings) -> None:
        self._fill_patterns(settings.pattern_id)
        self.focus_spin.set_override(settings.focus_minutes)
        self.buffer_spin.set_override(settings.buffer_minutes)
        self.snooze_limit_spin.set_override(settings.snooze_limit)
        self.snooze_minutes_spin.set_override(settings.snooze_minutes)
        self.warnings_edit.setText(
            ""
            if settings.prestop_warnings is None
            else ", ".join(str(m) for m in settings.prestop_warnings)
        )
        self.strict_choice.set_override(settings.strict)
        self.auto_buffer_choice.set_override(settings.auto_buffer)
        self.auto_start_choice.set_override(settings.auto_start)
        self.day_boundary_edit.setTime(
            QTime(settings.day_boundary.hour, settings.day_boundary.minute)
        )
        self.away_after_spin.setValue(settings.away_after_minutes)
        self.offclock_after_spin.setValue(settings.offclock_after_minutes)
        self.notifications_box.setChecked(settings.notifications_enabled)
        self.do_not_disturb_box.setChecked(settings.do_not_disturb)
        self.mute_box.setChecked(settings.sound_muted)
        self.volume_slider.setValue(settings.sound_volume)
        self.volume_label.setText(f"{settings.sound_volume} %")
        self.volume_slider.setEnabled(not settings.sound_muted)
        self.sound_panel.pickers[Sound.HARD_STOP].set_choice(settings.sound_hard_stop)
        self.sound_panel.pickers[Sound.BLOCK_END].set_choice(settings.sound_block_end)
        self.signal_light_box.setChecked(settings.signal_light)
        self.click_through_box.setChecked(settings.signal_light_click_through)
        self.click_through_box.setEnabled(settings.signal_light)
        self.hooks_editor.set_hooks(settings.hooks)
        self.hook_timeout_spin.setValue(settings.hook_timeout_seconds)
        self.calendar_tab.set_files(settings.calendar_files)
        # The entry on disk is the truth; the settings file only remembers the wish.
        self.autostart_box.setChecked(self.autostart.is_enabled())
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(settings.language)))
        self._check_fields()

    def selected_pattern(self) -> Pattern | None:
        pattern_id = self.pattern_box.currentData()
        return self.catalog.get(pattern_id) if pattern_id in self.catalog else None

    def _pattern_chosen(self) -> None:
        pattern = self.selected_pattern()
        if pattern is None:
            self.pattern_error.show_messages(
                [
                    _("Pattern '{id}' is not available; choose another.").format(
                        id=self.pattern_box.currentData()
                    )
                ]
            )
            self.pattern_description.clear()
            self.preview.set_pattern(None, _("Pattern not found"))
            self.edit_button.setText(_("Edit…"))
            self.edit_button.setEnabled(False)
            defaults = PatternDefaults()
        else:
            self.pattern_error.show_messages([])
            self.pattern_description.setText(pattern.display_description)
            self.preview.set_pattern(pattern)
            self.edit_button.setEnabled(True)
            self.edit_button.setText(_("Duplicate and edit…") if pattern.builtin else _("Edit…"))
            self.edit_button.setToolTip(
                _("Built-in patterns are never changed: edit your own copy.")
                if pattern.builtin
                else _("Edit {file}").format(file=self.catalog.path_of(pattern.id))
            )
            defaults = pattern.defaults
        # "As the pattern says (N)" follows the pattern being looked at.
        self.focus_spin.set_pattern_value(defaults.focus_minutes)
        self.buffer_spin.set_pattern_value(defaults.buffer_minutes)
        self.snooze_limit_spin.set_pattern_value(defaults.snooze_limit)
        self.snooze_minutes_spin.set_pattern_value(defaults.snooze_minutes)
        self.warnings_edit.setPlaceholderText(
            _("as the pattern says: {minutes}").format(
                minutes=", ".join(str(m) for m in defaults.prestop_warnings)
            )
        )
        self.strict_choice.set_pattern_value(defaults.strict)
        self.auto_buffer_choice.set_pattern_value(defaults.auto_buffer)
        self.auto_start_choice.set_pattern_value(defaults.auto_start)
        self._check_fields()

    # -- reading back -------------------------------------------------------------

    def _warnings(self) -> tuple[tuple[int, ...] | None, str | None]:
        text = self.warnings_edit.text().strip()
        if not text:
            return None, None
        parts = [p for p in re.split(r"[,\s]+", text) if p]
        low, high = WARNING_LIMITS
        if not all(p.isdigit() and low <= int(p) <= high for p in parts):
            return None, _(
                "Write minutes before the hard stop as whole numbers {low}–{high}, "
                "separated by commas (e.g. 30, 10), or leave it empty for the pattern's."
            ).format(low=low, high=high)
        return tuple(sorted({int(p) for p in parts}, reverse=True)), None

    def _check_fields(self) -> bool:
        _warnings, warnings_problem = self._warnings()
        self.warnings_error.show_messages([warnings_problem] if warnings_problem else [])
        hook_problems = self.hooks_editor.problems()
        self.hooks_error.show_messages(hook_problems)
        ok = warnings_problem is None and not hook_problems and self.selected_pattern() is not None
        self.ok_button.setEnabled(ok)
        self.apply_button.setEnabled(ok)
        return ok

    def current_settings(self) -> Settings | None:
        """The settings as shown, or None while a field has a problem."""
        if not self._check_fields():
            return None
        warnings, _problem = self._warnings()
        boundary = self.day_boundary_edit.time()
        return replace(
            self.settings,
            pattern_id=str(self.pattern_box.currentData()),
            language=str(self.language_box.currentData()),
            focus_minutes=self.focus_spin.override(),
            buffer_minutes=self.buffer_spin.override(),
            prestop_warnings=warnings,
            snooze_limit=self.snooze_limit_spin.override(),
            snooze_minutes=self.snooze_minutes_spin.override(),
            strict=self.strict_choice.override(),
            auto_buffer=self.auto_buffer_choice.override(),
            auto_start=self.auto_start_choice.override(),
            day_boundary=time(boundary.hour(), boundary.minute()),
            sound_muted=self.mute_box.isChecked(),
            sound_volume=self.volume_slider.value(),
            sound_hard_stop=self.sound_panel.pickers[Sound.HARD_STOP].choice(),
            sound_block_end=self.sound_panel.pickers[Sound.BLOCK_END].choice(),
            notifications_enabled=self.notifications_box.isChecked(),
            do_not_disturb=self.do_not_disturb_box.isChecked(),
            signal_light=self.signal_light_box.isChecked(),
            signal_light_click_through=self.click_through_box.isChecked(),
            hooks=self.hooks_editor.hooks(),
            hook_timeout_seconds=self.hook_timeout_spin.value(),
            start_at_login=self.autostart_box.isChecked(),
            away_after_minutes=self.away_after_spin.value(),
            offclock_after_minutes=self.offclock_after_spin.value(),
            calendar_files=self.calendar_tab.files(),
        )

    def show_calendars(self, states: Sequence[CalendarState], today: dict[str, Any] | None) -> None:
        """How the app last read each calendar file, and today's plan with them."""
        self.calendar_tab.show_states(states, today)

    # -- actions ------------------------------------------------------------------

    def apply(self) -> bool:
        """Save the settings and hand them to the app. False (reason shown) if not applied."""
        settings = self.current_settings()
        if settings is None:
            self._say(_("Fix the fields marked in red first."), error=True)
            return False
        problems = []
        wanted = settings.start_at_login
        if wanted != self.autostart.is_enabled():
            try:
                if wanted:
                    self.autostart.enable()
                else:
                    self.autostart.disable()
            except AutostartError as error:
                problems.append(str(error))
        settings = replace(settings, start_at_login=self.autostart.is_enabled())
        self.autostart_box.setChecked(settings.start_at_login)
        try:
            save_settings(self.paths.settings_file, settings, self.paths.backups_dir)
        except OSError as error:
            self._say(
                _("Settings not saved to {file}: {error}.").format(
                    file=self.paths.settings_file, error=error.strerror or error
                ),
                error=True,
            )
            return False
        self.settings = settings
        self.on_apply(settings)
        if problems:
            self._say(" ".join(problems), error=True)
        else:
            self._say(_("Saved to {file}.").format(file=self.paths.settings_file))
        return True

    def _ok_clicked(self) -> None:
        if self.apply():
            self.accept()

    def open_pattern_editor(self) -> PatternEditor | None:
        """Edit the selected pattern (a copy, if it is built in) in a window-modal editor."""
        pattern = self.selected_pattern()
        if pattern is None:
            return None
        self.editor = PatternEditor(pattern, self.catalog, self.paths, self)
        self.editor.pattern_saved.connect(self._pattern_saved)
        self.editor.open()
        return self.editor

    def _pattern_saved(self, pattern: Pattern) -> None:
        # The catalogue was reloaded by the editor; show the saved pattern, ready to apply.
        self._fill_patterns(pattern.id)
        self._say(
            _("Pattern {pattern} saved. Apply to use it from now on.").format(
                pattern=pattern.display_name
            )
        )
        self.pattern_saved.emit(pattern.id)

    def open_data_folder(self) -> bool:
        """Show the data folder in the desktop's file manager."""
        self.paths.data_dir.mkdir(parents=True, exist_ok=True)
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.data_dir)))
        if not opened:
            self._say(
                _("Could not open {folder} in a file manager.").format(folder=self.paths.data_dir),
                error=True,
            )
        return bool(opened)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(_ERROR_STYLE if error else "")
        self.status.setText(text)
