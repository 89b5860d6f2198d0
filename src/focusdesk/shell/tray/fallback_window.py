"""The whole app in one small window, for desktops without a system tray.

GNOME without the AppIndicator extension, or any session with no
StatusNotifierItem or XEmbed host: the icon has nowhere to go, so this window
is FocusDesk. It shows the state with a live countdown and offers everything
the tray menu does: start (with a label), pause/resume, extend, stop, buffer,
close the day, pattern switch, signal light and board, settings, review, quit.

It does not duplicate the tray's model: every button is bound to the tray's
own QAction (text, enabled, checked and visibility follow it), and the label
and pattern choices are read from the tray's menus. So the root connects the
tray once, and both views do the same thing by construction.

Closing the window keeps FocusDesk running only when the user can get it back
(an installed launcher brings it forward); otherwise closing quits, after
asking when a block runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from focusdesk.core.i18n import N_, _
from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.shell.locale_text import clock
from focusdesk.shell.tray.tray import Tray, status_headline, status_lines

NO_TRAY_NOTE = N_("No system tray was found, so FocusDesk runs in this window.")
CLOSE_HIDES_NOTE = N_("Closing it keeps FocusDesk running: the FocusDesk launcher brings it back.")
CLOSE_QUITS_NOTE = N_("Closing it quits FocusDesk.")
COUNTING_STATES = frozenset({EngineState.FOCUS, EngineState.BUFFER})
RUNNING_STATES = frozenset({EngineState.FOCUS, EngineState.BUFFER, EngineState.PAUSED})


def countdown_text(seconds: float) -> str:
    """Time left as the window's big clock shows it: 42:07, or 1:02:07 past an hour."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _system_now() -> datetime:
    return datetime.now(UTC)


class _MenuWatcher(QObject):
    """Calls `changed` whenever actions are added to or removed from a menu."""

    def __init__(self, menu: QMenu, changed: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._changed = changed
        menu.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ActionAdded, QEvent.Type.ActionRemoved):
            self._changed()
        return False


class FallbackWindow(QWidget):
    """State, live countdown and every tray action, in one small window."""

    def __init__(
        self,
        tray: Tray,
        *,
        can_reopen: Callable[[], bool] = lambda: False,
        now: Callable[[], datetime] = _system_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("fallback-window")
        self.setWindowTitle("FocusDesk")
        self._tray = tray
        self._can_reopen = can_reopen
        self._now = now
        self._snapshot: StatusSnapshot | None = None
        self._buttons: dict[str, QPushButton] = {}

        self._tick = QTimer(self)
        self._tick.setObjectName("fallback-countdown")
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_countdown)

        layout = QVBoxLayout(self)
        # As small as its content, resized with it; tiling compositors (sway)
        # float a fixed-size window instead of stretching it over the screen.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        layout.addLayout(self._build_state())
        layout.addLayout(self._build_block_controls())
        # "I'm on / I'm off": the user's word over the planned boundary (SPEC §4).
        self.presence_row = QHBoxLayout()
        self.presence_row.setObjectName("presence-row")
        self.boundary_button = self._bound("boundary", tray.boundary_action)
        self.presence_row.addWidget(self.boundary_button)
        self.presence_row.addStretch(1)
        layout.addLayout(self.presence_row)
        layout.addLayout(self._build_day_controls())
        self.note = QLabel()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.note)

        _MenuWatcher(tray.start_menu, self._refresh_labels, self)
        _MenuWatcher(tray.pattern_menu, self._refresh_patterns, self)
        self._refresh_labels()
        self._refresh_patterns()
        self._refresh_note()
        if tray.snapshot is not None:
            self.update_status(tray.snapshot)

    # -- building -----------------------------------------------------------------

    def _build_state(self) -> QGridLayout:
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.headline.setFont(font)
        self.countdown = QLabel()
        self.countdown.setObjectName("countdown")
        big = self.countdown.font()
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 2.2)
        big.setStyleHint(big.StyleHint.Monospace)
        self.countdown.setFont(big)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.details = QLabel()
        self.details.setObjectName("details")
        grid = QGridLayout()
        grid.addWidget(self.headline, 0, 0)
        grid.addWidget(self.details, 1, 0)
        grid.addWidget(self.countdown, 0, 1, 2, 1)
        grid.setColumnStretch(0, 1)
        return grid

    def _bound(self, name: str, action: QAction, text: str | None = None) -> QPushButton:
        """A button that *is* the tray's action: clicking triggers it, and it follows it.

        `text` replaces the menu's wording where a button needs a shorter one.
        """
        button = QPushButton()
        button.setObjectName(name)
        button.clicked.connect(action.trigger)

        def follow() -> None:
            button.setText(_(text) if text else action.text().replace("&", "&&"))
            button.setEnabled(action.isEnabled())
            button.setVisible(action.isVisible())
            button.setCheckable(action.isCheckable())
            button.setChecked(action.isChecked())

        action.changed.connect(follow)
        follow()
        self._buttons[name] = button
        return button

    def _build_block_controls(self) -> QVBoxLayout:
        tray = self._tray
        self.label_box = QComboBox()
        self.label_box.setObjectName("label")
        self.label_box.setEditable(True)
        self.label_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.label_box.setMinimumContentsLength(18)
        line = self.label_box.lineEdit()
        assert line is not None
        line.setPlaceholderText(_("the next planned block"))
        line.returnPressed.connect(self.start_block)
        self.label_caption = QLabel(_("Label:"))
        self.start_button = QPushButton(_("Start focus block"))
        self.start_button.setObjectName("start")
        self.start_button.setAutoDefault(True)
        self.start_button.clicked.connect(self.start_block)
        self.buffer_button = self._bound("buffer", tray.buffer_action)
        self.pause_button = self._bound("pause", tray.pause_action)
        self.resume_button = self._bound("resume", tray.resume_action)
        self.extend_buttons = {
            minutes: self._bound(f"extend-{minutes}", action)
            for minutes, action in tray.extend_actions.items()
        }
        self.stop_button = self._bound("stop", tray.stop_action)
        self.ritual_button = self._bound("ritual", tray.ritual_action)

        starting = QHBoxLayout()
        for widget in (self.label_caption, self.label_box, self.start_button, self.buffer_button):
            starting.addWidget(widget)
        starting.addStretch(1)
        running = QHBoxLayout()
        for button in (
            self.pause_button,
            self.resume_button,
            *self.extend_buttons.values(),
            self.stop_button,
            self.ritual_button,
        ):
            running.addWidget(button)
        running.addStretch(1)
        rows = QVBoxLayout()
        rows.addLayout(starting)
        rows.addLayout(running)
        return rows

    def _build_day_controls(self) -> QVBoxLayout:
        tray = self._tray
        self.pattern_box = QComboBox()
        self.pattern_box.setObjectName("pattern")
        self.pattern_box.activated.connect(self._pattern_picked)
        patterns = QHBoxLayout()
        self.pattern_caption = QLabel(_("Pattern:"))
        patterns.addWidget(self.pattern_caption)
        patterns.addWidget(self.pattern_box, 1)

        self.light_button = self._bound("signal-light", tray.signal_light_action)
        self.board_button = self._bound(
            "signal-board", tray.signal_board_action, N_("Signal board")
        )
        self.settings_button = self._bound("settings", tray.settings_action)
        self.review_button = self._bound("review", tray.review_action)
        self.about_button = self._bound("about", tray.about_action, N_("Help"))
        # The root asks before quitting while a block runs (the tray's Quit does too).
        self.quit_button = self._bound("quit", tray.quit_action, N_("Quit"))
        tools = QHBoxLayout()
        for button in (
            self.light_button,
            self.board_button,
            self.settings_button,
            self.about_button,
        ):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.review_button)
        tools.addWidget(self.quit_button)
        rows = QVBoxLayout()
        rows.addLayout(patterns)
        rows.addLayout(tools)
        return rows

    def retranslate(self) -> None:
        """The language changed: the words that are not the tray's actions' own."""
        line = self.label_box.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("the next planned block"))
        self.label_caption.setText(_("Label:"))
        self.start_button.setText(_("Start focus block"))
        self.pattern_caption.setText(_("Pattern:"))
        for button, text in (
            (self.board_button, N_("Signal board")),
            (self.about_button, N_("Help")),
            (self.quit_button, N_("Quit")),
        ):
            button.setText(_(text))
        self._refresh_note()
        if self._snapshot is not None:
            self.update_status(self._snapshot)

    # -- choices read from the tray's menus ----------------------------------------

    def _refresh_labels(self) -> None:
        typed = self.label_box.currentText()
        self.label_box.blockSignals(True)
        self.label_box.clear()
        # The menu's labels; its "New label…" is this box's own free text.
        labels = [
            action.text()
            for action in self._tray.start_menu.actions()
            if action.text() and action is not self._tray.new_label_action
        ]
        self.label_box.addItems(labels)
        self.label_box.setCurrentIndex(-1)
        self.label_box.setEditText(typed)
        self.label_box.blockSignals(False)

    def _pattern_actions(self) -> list[QAction]:
        return [a for a in self._tray.pattern_menu.actions() if a.data() is not None]

    def _refresh_patterns(self) -> None:
        self.pattern_box.blockSignals(True)
        self.pattern_box.clear()
        for action in self._pattern_actions():
            self.pattern_box.addItem(action.text(), action.data())
            if action.isChecked():
                self.pattern_box.setCurrentIndex(self.pattern_box.count() - 1)
        self.pattern_box.setEnabled(self.pattern_box.count() > 0)
        self.pattern_box.blockSignals(False)

    def _pattern_picked(self, index: int) -> None:
        chosen = self.pattern_box.itemData(index)
        for action in self._pattern_actions():
            if action.data() == chosen and not action.isChecked():
                action.trigger()

    def _refresh_note(self) -> None:
        close = CLOSE_HIDES_NOTE if self._can_reopen() else CLOSE_QUITS_NOTE
        self.note.setText(f"{_(NO_TRAY_NOTE)} {_(close)}")

    # -- actions ----------------------------------------------------------------------

    def start_block(self) -> None:
        """Start a focus block with the typed or chosen label ("" = the next planned one)."""
        if self._snapshot is not None and self._snapshot.state in RUNNING_STATES:
            return
        self._tray.start_focus_requested.emit(self.label_box.currentText().strip())

    # -- rendering ----------------------------------------------------------------------

    def update_status(self, snapshot: StatusSnapshot) -> None:
        """Render a snapshot; the tray's actions already follow it, the rest is ours."""
        self._snapshot = snapshot
        # The time left is the big live countdown; the headline says what runs.
        self.headline.setText(status_headline(replace(snapshot, remaining_seconds=None)))
        details = status_lines(snapshot)[1:]
        if snapshot.state in COUNTING_STATES and snapshot.ends_at is not None:
            details.insert(0, _("Ends at {time}").format(time=clock(snapshot.ends_at)))
        self.details.setText("\n".join(details))
        in_block = snapshot.state in RUNNING_STATES
        for widget in (self.label_caption, self.label_box, self.start_button):
            widget.setVisible(not in_block)
        self._refresh_note()
        self._show_countdown()
        self._run_tick()

    def _remaining(self) -> float | None:
        snapshot = self._snapshot
        if snapshot is None or snapshot.state not in RUNNING_STATES:
            return None
        if snapshot.state in COUNTING_STATES and snapshot.ends_at is not None:
            return (snapshot.ends_at - self._now()).total_seconds()
        return snapshot.remaining_seconds  # paused: frozen

    def _show_countdown(self) -> None:
        remaining = self._remaining()
        self.countdown.setVisible(remaining is not None)
        if remaining is not None:
            self.countdown.setText(countdown_text(remaining))

    def _run_tick(self) -> None:
        """Tick once a second only while a countdown runs on screen (no idle wake-ups)."""
        counting = (
            self.isVisible()
            and self._snapshot is not None
            and self._snapshot.state in COUNTING_STATES
        )
        if counting and not self._tick.isActive():
            self._tick.start()
        elif not counting:
            self._tick.stop()

    # -- window events ---------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refresh_note()
        self._show_countdown()
        self._run_tick()
        if self.start_button.isVisible():
            self.start_button.setFocus()  # Enter starts a block at once

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._tick.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._can_reopen():
            event.accept()  # hidden, not gone: the launcher shows it again
            return
        # Nothing would bring this window back: closing it is quitting. The
        # window stays until the app quits, so a "no, keep the block" keeps it.
        event.ignore()
        self._tray.quit_action.trigger()
