"""The tray icon and its menu: the one-click way into a focus block (SPEC §3).

The tray renders a `StatusSnapshot` and turns clicks into requests (Qt
signals named for what the user asked). It decides nothing about sessions:
the composition root connects the requests to the engine. Dialogs that would
block (the stop reason) are injected, so tests drive the menu without them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QCursor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QInputDialog, QMenu, QSystemTrayIcon

from focusdesk.core.i18n import N_, _
from focusdesk.core.status import EngineState, StatusSnapshot

IconProvider = Callable[[StatusSnapshot], QIcon]
#: Asks the user why they stop early: the reason ("" for none), or None to cancel.
StopReasonAsker = Callable[[], str | None]
#: Asks for a new block label (the recent ones offered); the label, or None to cancel.
LabelAsker = Callable[[Sequence[str]], str | None]

PLAIN_ICON_SIZE = 64
EXTEND_CHOICES = (5, 15)
RUNNING_STATES = frozenset({EngineState.FOCUS, EngineState.BUFFER, EngineState.PAUSED})

_STATE_NAMES = {
    EngineState.OFF: N_("Off"),
    EngineState.ON: N_("On"),
    EngineState.FOCUS: N_("Focus"),
    EngineState.BUFFER: N_("Buffer"),
    EngineState.PAUSED: N_("Paused"),
    EngineState.ALARM: N_("Hard stop"),
}


def _clock(instant: datetime) -> str:
    return instant.strftime("%H:%M")


def _minutes_left(seconds: int) -> str:
    minutes = max(0, round(seconds / 60))
    return (
        _("under a minute left")
        if seconds < 60
        else _("{minutes} min left").format(minutes=minutes)
    )


def status_headline(snapshot: StatusSnapshot) -> str:
    """One line: the state, the label and the time left, e.g. 'Focus: writing — 42 min left'."""
    text = _("Overtime") if snapshot.overtime else _(_STATE_NAMES[snapshot.state])
    # A planned block's label (or the engine's "Buffer", "Hard stop") is in the catalogue.
    label = _(snapshot.label) if snapshot.label else ""
    if label and label != text:
        text += f": {label}"
    if snapshot.remaining_seconds is not None and snapshot.state in RUNNING_STATES:
        text += f" — {_minutes_left(snapshot.remaining_seconds)}"
        if snapshot.ends_at is not None and snapshot.state is not EngineState.PAUSED:
            text += " " + _("(ends {time})").format(time=_clock(snapshot.ends_at))
    return text


def status_lines(snapshot: StatusSnapshot) -> list[str]:
    """The tooltip's lines: state, next planned block, today's hard stop, the one big task."""
    lines = [status_headline(snapshot)]
    if snapshot.next_at is not None and snapshot.next_label:
        lines.append(
            _("Next: {label} at {time}").format(
                label=_(snapshot.next_label), time=_clock(snapshot.next_at)
            )
        )
    if snapshot.hard_stop is not None and snapshot.day_closed:
        lines.append(_("Day closed (hard stop {time})").format(time=_clock(snapshot.hard_stop)))
    elif snapshot.hard_stop is not None:
        lines.append(_("Hard stop: {time}").format(time=_clock(snapshot.hard_stop)))
    elif snapshot.no_hard_stop_reason:
        lines.append(_("No hard stop today: {reason}").format(reason=snapshot.no_hard_stop_reason))
    else:
        lines.append(_("No hard stop today"))
    if snapshot.big_task:
        lines.append(
            _("Tomorrow's one big task: {task}").format(task=snapshot.big_task)
            if snapshot.big_task_is_tomorrows
            else _("One big task: {task}").format(task=snapshot.big_task)
        )
    return lines


def plain_state_icon(snapshot: StatusSnapshot, size: int = PLAIN_ICON_SIZE) -> QIcon:
    """A minimal icon (a disc with the state's initial), used until the themed icons are wired."""
    colours = {
        EngineState.OFF: "#7a7a7a",
        EngineState.ON: "#2f7d32",
        EngineState.FOCUS: "#c62828",
        EngineState.BUFFER: "#1565c0",
        EngineState.PAUSED: "#ef6c00",
        EngineState.ALARM: "#6a1b9a",
    }
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colours[snapshot.state]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(2, 2, size - 4, size - 4)
    painter.setPen(QColor("white"))
    font = painter.font()
    font.setPixelSize(int(size * 0.55))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, snapshot.state.value[0].upper())
    painter.end()
    return QIcon(pixmap)


def with_warning_badge(icon: QIcon, size: int = 64) -> QIcon:
    """`icon` with an amber "!" badge in its lower right corner (the warning state)."""
    pixmap = icon.pixmap(size, size)
    if pixmap.isNull():
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    badge = size * 0.5
    left, top = size - badge, size - badge
    painter.setPen(QColor("#1a1a1a"))
    painter.setBrush(QColor("#f5a623"))
    painter.drawEllipse(int(left), int(top), int(badge) - 1, int(badge) - 1)
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(int(badge * 0.8))
    painter.setFont(font)
    painter.setPen(QColor("#1a1a1a"))
    painter.drawText(int(left), int(top), int(badge), int(badge), Qt.AlignmentFlag.AlignCenter, "!")
    painter.end()
    return QIcon(pixmap)


def ask_label_dialog(recent: Sequence[str]) -> str | None:
    """Ask for the new block's label in a small dialog (typed, or one of `recent`)."""
    text, accepted = QInputDialog.getItem(
        None,
        _("Start focus block as"),
        _("Label for the new focus block:"),
        list(recent),
        -1,
        True,
    )
    return text.strip() if accepted and text.strip() else None


#: The note of a block ended from its paused state with "End block".
END_AFTER_PAUSE_NOTE = "ended while paused"


def ask_stop_reason_dialog() -> str | None:
    """Ask for an optional reason in a small dialog; None when the user cancels."""
    text, accepted = QInputDialog.getText(
        None, _("Stop the block"), _("Why stop early? (optional)")
    )
    return text.strip() if accepted else None


class Tray(QObject):
    """The tray icon, its tooltip and its menus; emits what the user asked for."""

    #: Start a focus block; the label ("" = the next planned block or the default).
    start_focus_requested = Signal(str)
    pause_requested = Signal()
    resume_requested = Signal()
    extend_requested = Signal(int)
    #: Stop the running block early, with the (possibly empty) reason.
    stop_requested = Signal(str)
    start_buffer_requested = Signal()
    shutdown_ritual_requested = Signal()
    review_requested = Signal()
    settings_requested = Signal()
    signal_light_toggled = Signal(bool)
    signal_board_requested = Signal()
    pattern_chosen = Signal(str)
    about_requested = Signal()
    #: "I'm on" (True) / "I'm off" (False): the user's word over the plan.
    boundary_requested = Signal(bool)
    quit_requested = Signal()

    def __init__(
        self,
        icon_provider: IconProvider = plain_state_icon,
        ask_stop_reason: StopReasonAsker = ask_stop_reason_dialog,
        parent: QObject | None = None,
        ask_label: LabelAsker = ask_label_dialog,
    ) -> None:
        super().__init__(parent)
        self._icon_provider = icon_provider
        self._ask_stop_reason = ask_stop_reason
        self._ask_label = ask_label
        self._snapshot: StatusSnapshot | None = None
        self._label_choices: list[str] = []
        #: Non-empty while something needs the user's eye (log writes pending).
        self.warning = ""
        self._patterns: tuple[tuple[tuple[str, str], ...], str] | None = None
        #: Changes held back while a menu is open: rebuilding an open menu closes
        #: it under the pointer, and the click falls through to the window behind.
        self._held_back: dict[str, Callable[[], None]] = {}

        self.icon = QSystemTrayIcon(self)
        self.icon.activated.connect(self._on_activated)

        self.menu = QMenu()
        self.running_menu = QMenu()
        self._build_actions()
        self._build_menus()
        self.icon.setContextMenu(self.menu)
        for menu in self._menus():
            menu.aboutToHide.connect(self._apply_held_back)

    # -- building -------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.status_action = QAction("", self)
        self.status_action.setEnabled(False)
        self.start_menu = QMenu()
        self.start_default_action = self._action("", lambda: self.start_focus_requested.emit(""))
        self.pause_action = self._action("", self.pause_requested.emit)
        self.resume_action = self._action("", self.resume_requested.emit)
        #: A paused block (after an absence, say) ends with one click, no reason asked.
        self.end_block_action = self._action(
            "", lambda: self.stop_requested.emit(END_AFTER_PAUSE_NOTE)
        )
        self.extend_actions = {
            minutes: self._action("", self._extend_by(minutes)) for minutes in EXTEND_CHOICES
        }
        self.stop_action = self._action("", self._on_stop)
        self.buffer_action = self._action("", self.start_buffer_requested.emit)
        self.boundary_action = self._action("", self._on_boundary)
        self.ritual_action = self._action("", self.shutdown_ritual_requested.emit)
        self.review_action = self._action("", self.review_requested.emit)
        self.settings_action = self._action("", self.settings_requested.emit)
        self.signal_light_action = self._action("", self._on_light_toggled)
        self.signal_light_action.setCheckable(True)
        self.signal_board_action = self._action("", self.signal_board_requested.emit)
        self.new_label_action = self._action("", self._on_new_label)
        self.about_action = self._action("", self.about_requested.emit)
        self.quit_action = self._action("", self.quit_requested.emit)
        self.pattern_menu = QMenu()
        self._pattern_group = QActionGroup(self)
        self._pattern_group.setExclusive(True)
        self._label_actions()

    def _label_actions(self) -> None:
        """Every fixed word of the menu, in the language in use."""
        self.start_menu.setTitle(_("Start focus block as"))
        self.start_default_action.setText(_("Start focus block"))
        self.pause_action.setText(_("Pause"))
        self.resume_action.setText(_("Resume"))
        self.end_block_action.setText(_("End block"))
        for minutes, action in self.extend_actions.items():
            action.setText(_("Extend +{minutes} min").format(minutes=minutes))
        self.stop_action.setText(_("Stop…"))
        self.buffer_action.setText(_("Start buffer"))
        off = self._snapshot is not None and self._snapshot.state is EngineState.OFF
        self.boundary_action.setText(_("I'm on") if off else _("I'm off"))
        self.ritual_action.setText(_("Close the day (shutdown ritual)…"))
        self.review_action.setText(_("Open review…"))
        self.settings_action.setText(_("Settings…"))
        self.signal_light_action.setText(_("Signal light"))
        self.signal_board_action.setText(_("Signal board (full screen)"))
        self.new_label_action.setText(_("New label…"))
        self.about_action.setText(_("About and help…"))
        self.quit_action.setText(_("Quit FocusDesk"))
        self.pattern_menu.setTitle(_("Switch pattern"))

    def retranslate(self) -> None:
        """The language changed: relabel the menu and the tooltip (once the menu is closed)."""

        def relabel() -> None:
            self._label_actions()
            self._rebuild_start_menu()
            if self._snapshot is not None:
                self.update_status(self._snapshot)

        self._when_closed("language", relabel)

    def _on_light_toggled(self) -> None:
        self.signal_light_toggled.emit(self.signal_light_action.isChecked())

    def set_signal_light_checked(self, shown: bool) -> None:
        """Reflect the setting without emitting `signal_light_toggled`."""
        self.signal_light_action.setChecked(shown)

    def _on_boundary(self) -> None:
        snapshot = self._snapshot
        self.boundary_requested.emit(snapshot is not None and snapshot.state is EngineState.OFF)

    def _extend_by(self, minutes: int) -> Callable[[], None]:
        def emit() -> None:
            self.extend_requested.emit(minutes)

        return emit

    def _build_menus(self) -> None:
        menu = self.menu
        menu.addAction(self.status_action)
        menu.addSeparator()
        menu.addAction(self.start_default_action)
        menu.addMenu(self.start_menu)
        menu.addAction(self.pause_action)
        menu.addAction(self.resume_action)
        menu.addAction(self.end_block_action)
        for action in self.extend_actions.values():
            menu.addAction(action)
        menu.addAction(self.stop_action)
        menu.addAction(self.buffer_action)
        menu.addAction(self.boundary_action)
        menu.addSeparator()
        menu.addAction(self.ritual_action)
        menu.addAction(self.review_action)
        menu.addAction(self.signal_light_action)
        menu.addAction(self.signal_board_action)
        menu.addMenu(self.pattern_menu)
        menu.addAction(self.settings_action)
        menu.addAction(self.about_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)

        running = self.running_menu
        running.addAction(self.status_action)
        running.addSeparator()
        running.addAction(self.pause_action)
        running.addAction(self.resume_action)
        running.addAction(self.end_block_action)
        for action in self.extend_actions.values():
            running.addAction(action)
        running.addAction(self.stop_action)
        self._rebuild_start_menu()

    def _rebuild_start_menu(self) -> None:
        self.start_menu.clear()
        for label in self._label_choices:
            action = self.start_menu.addAction(_(label))  # shown translated, logged as is
            action.triggered.connect(
                lambda _=False, text=label: self.start_focus_requested.emit(text)
            )
        if self._label_choices:
            self.start_menu.addSeparator()
        self.start_menu.addAction(self.new_label_action)

    def _on_new_label(self) -> None:
        label = self._ask_label(self._label_choices)
        if label:
            self.start_focus_requested.emit(label)

    # -- never rebuild an open menu ------------------------------------------------

    def _menus(self) -> tuple[QMenu, ...]:
        return (self.menu, self.running_menu, self.start_menu, self.pattern_menu)

    def menu_open(self) -> bool:
        """Whether the user has one of the tray's menus open right now."""
        return any(menu.isVisible() for menu in self._menus())

    def _when_closed(self, key: str, change: Callable[[], None]) -> None:
        """Run `change` now, or (the latest one per `key`) once every menu is closed."""
        if self.menu_open():
            self._held_back[key] = change
        else:
            change()

    def _apply_held_back(self) -> None:
        # aboutToHide comes before the menu is hidden: wait for the event loop.
        QTimer.singleShot(0, self._flush_held_back)

    def _flush_held_back(self) -> None:
        if self.menu_open():
            return  # a submenu (or the other menu) is still open: its own hide will call back
        changes, self._held_back = self._held_back, {}
        for change in changes.values():
            change()

    # -- inputs from the root -----------------------------------------------------

    def show(self) -> None:
        """Show the icon in the system tray."""
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def set_label_choices(self, labels: Sequence[str]) -> None:
        """The labels offered under "Start focus block" (the day's plan, recent labels)."""
        unique = list(dict.fromkeys(label for label in labels if label))
        if unique != self._label_choices:
            self._label_choices = unique
            self._when_closed("labels", self._rebuild_start_menu)

    def set_patterns(self, patterns: Sequence[tuple[str, str]], active_id: str) -> None:
        """The patterns under "Switch pattern", as (id, name); the active one is checked."""
        wanted = (tuple(patterns), active_id)
        if wanted != self._patterns:
            self._patterns = wanted
            self._when_closed("patterns", lambda: self._rebuild_pattern_menu(*wanted))

    def _rebuild_pattern_menu(self, patterns: Sequence[tuple[str, str]], active_id: str) -> None:
        self.pattern_menu.clear()
        for action in self._pattern_group.actions():
            self._pattern_group.removeAction(action)
        for pattern_id, name in patterns:
            action = QAction(name, self.pattern_menu)
            action.setCheckable(True)
            action.setChecked(pattern_id == active_id)
            action.setData(pattern_id)
            action.triggered.connect(lambda _=False, pid=pattern_id: self.pattern_chosen.emit(pid))
            self._pattern_group.addAction(action)
            self.pattern_menu.addAction(action)
        self.pattern_menu.setEnabled(bool(patterns))

    def set_warning(self, text: str | None) -> None:
        """Show (text) or clear (None) the warning state: a badge on the icon, a line in the tooltip."""
        if (text or "") == self.warning:
            return
        self.warning = text or ""
        if self._snapshot is not None:
            self.update_status(self._snapshot)

    def update_status(self, snapshot: StatusSnapshot) -> None:
        """Render a new snapshot: icon, tooltip, and which actions make sense now."""
        self._snapshot = snapshot
        icon = self._icon_provider(snapshot)
        lines = status_lines(snapshot)
        headline = status_headline(snapshot)
        if self.warning:
            icon = with_warning_badge(icon)
            lines = [*lines, f"⚠ {self.warning}"]
            headline = "⚠ " + _("{status} · log not saved yet").format(status=headline)
        self.icon.setIcon(icon)
        self.icon.setToolTip("\n".join(lines))
        self.status_action.setText(headline)
        self._when_closed("actions", lambda: self._show_actions_for(snapshot.state))

    def _show_actions_for(self, state: EngineState) -> None:
        in_block = state in RUNNING_STATES
        self.start_default_action.setVisible(not in_block)
        self.start_menu.menuAction().setVisible(not in_block)
        self.pause_action.setVisible(state in (EngineState.FOCUS, EngineState.BUFFER))
        self.resume_action.setVisible(state is EngineState.PAUSED)
        self.end_block_action.setVisible(state is EngineState.PAUSED)
        for action in self.extend_actions.values():
            action.setVisible(in_block)
        self.stop_action.setVisible(in_block)
        self.buffer_action.setVisible(not in_block)
        # Idle only: a block is "on" by itself, and the ringing hard stop has its ritual.
        self.boundary_action.setVisible(state in (EngineState.ON, EngineState.OFF))
        self.boundary_action.setText(_("I'm on") if state is EngineState.OFF else _("I'm off"))
        self.ritual_action.setVisible(state is EngineState.ALARM)

    @property
    def snapshot(self) -> StatusSnapshot | None:
        return self._snapshot

    # -- user input ---------------------------------------------------------------

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.primary_click()

    def primary_click(self, at: QPoint | None = None) -> None:
        """A left-click: start a focus block, or show what is running (SPEC §3)."""
        snapshot = self._snapshot
        if snapshot is not None and snapshot.state in RUNNING_STATES:
            self.running_menu.popup(at if at is not None else QCursor.pos())
        elif snapshot is not None and snapshot.state is EngineState.ALARM:
            self.shutdown_ritual_requested.emit()
        else:
            self.start_focus_requested.emit("")

    def _on_stop(self) -> None:
        reason = self._ask_stop_reason()
        if reason is not None:
            self.stop_requested.emit(reason)
