"""The signal board: the boundary state full-screen, readable across a room (SPEC §4).

For a second monitor, a spare tablet-turned-screen or a display facing the
door: the whole screen in the state's colour, the state in words ("Focus —
back at 11:00"), what the block is, how long is left and what comes next —
colour *and* words *and* the tray glyph, so nobody needs to tell colours
apart. Esc (or Q) leaves it.

The wording functions are plain functions of a snapshot and "now", shared
with the signal light.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from focusdesk.core.i18n import _, pgettext
from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.shell.tray.icons import render_state_icon

Now = Callable[[], datetime]

#: How often a visible countdown is redrawn (it shows whole minutes).
REFRESH_MS = 10_000


@dataclass(frozen=True, slots=True)
class StateLook:
    """How a state is shown to the room: its colour and its word."""

    colour: QColor
    word: str
    #: The short ON/OFF the signal light shows.
    boundary_word: str
    #: The small word under it: what the room should make of it.
    room_word: str


def state_look(state: EngineState) -> StateLook:
    """Colour and word per state. Red means "do not disturb", green "available".

    ON/OFF is the state's boundary (one decision, in the core): after the hard
    stop, the ritual included, it is OFF.
    """
    # The room word sits beside the time left on the small light: kept short.
    colour, word, room = {
        EngineState.OFF: ("#1b7a3a", _("Off"), pgettext("signal light", "Available")),
        EngineState.ON: ("#a35a00", _("On"), pgettext("signal light", "Working")),
        EngineState.FOCUS: ("#b3261e", _("Focus"), pgettext("signal light", "Focus")),
        EngineState.BUFFER: ("#1d4f9c", _("Buffer"), pgettext("signal light", "Switching")),
        EngineState.PAUSED: ("#46555f", _("Paused"), pgettext("signal light", "Paused")),
        EngineState.ALARM: ("#7a1fa2", _("Hard stop"), pgettext("signal light", "Wrapping up")),
    }[state]
    # Translators: the signal light's big word for the boundary: keep it short (2–4 letters).
    boundary = _("ON") if state.boundary.value == "on" else _("OFF")
    return StateLook(QColor(colour), word, boundary, room)


def clock_time(moment: datetime) -> str:
    """`11:00`: a moment as the room reads a clock (the snapshot's own local zone)."""
    return moment.strftime("%H:%M")


def headline(snapshot: StatusSnapshot) -> str:
    """The state in words: "Focus — back at 11:00", "Off — available"."""
    state = snapshot.state
    back = ""
    if snapshot.ends_at is not None:
        ends = clock_time(snapshot.ends_at)
        # A block that runs into the hard stop ends the day: nobody is "back" then.
        day_ends = snapshot.hard_stop is not None and snapshot.ends_at >= snapshot.hard_stop
        back = (
            _("until {time}, then off").format(time=ends)
            if day_ends
            else _("back at {time}").format(time=ends)
        )
    if state is EngineState.OFF:
        return _("Off — available")
    if state is EngineState.ON:
        return _("On — working")
    if state is EngineState.FOCUS and snapshot.overtime:
        return _("Overtime — {back}").format(back=back) if back else _("Overtime")
    if state is EngineState.FOCUS:
        return _("Focus — {back}").format(back=back) if back else _("Focus — please do not disturb")
    if state is EngineState.BUFFER:
        return (
            _("Buffer — switching, {back}").format(back=back) if back else _("Buffer — switching")
        )
    if state is EngineState.PAUSED:
        return _("Paused")
    return _("Hard stop — wrapping up")


def remaining_seconds(snapshot: StatusSnapshot, now: datetime) -> int | None:
    """Seconds left in the block: from the wall clock while it runs, frozen while paused."""
    if snapshot.state in (EngineState.FOCUS, EngineState.BUFFER) and snapshot.ends_at:
        return max(0, int((snapshot.ends_at - now).total_seconds()))
    return snapshot.remaining_seconds


def remaining_words(seconds: int | None, *, compact: bool = False) -> str:
    """`23 min left`, `1 h 05 min left`, `under a minute left` (`< 1 min left` when
    `compact`, for the small light); "" without a block."""
    if seconds is None:
        return ""
    minutes = -(-seconds // 60)  # round up: "1 min left" until it is over
    if seconds < 60:
        return _("< 1 min left") if compact else _("under a minute left")
    if minutes < 60:
        return _("{minutes} min left").format(minutes=minutes)
    return _("{time} left").format(time=f"{minutes // 60} h {minutes % 60:02d} min")


def detail_line(snapshot: StatusSnapshot, now: datetime) -> str:
    """The block's label and how long is left: "Client A · 23 min left"; when off, why
    ("School pick-up — back at 16:00", "Protected day")."""
    label = _(snapshot.label.strip()) if snapshot.label.strip() else ""
    if snapshot.state is EngineState.OFF:
        return label  # the plan's (or the user's) reason, never work
    parts = [label] if label else []
    if left := remaining_words(remaining_seconds(snapshot, now)):
        parts.append(left)
    return " · ".join(parts)


def next_change_line(snapshot: StatusSnapshot, now: datetime | None = None) -> str:
    """What comes next: the next planned change, else today's hard stop while it is ahead."""
    if snapshot.next_at is not None:
        label = _(snapshot.next_label.strip()) if snapshot.next_label.strip() else ""
        return _("Next: {label} at {time}").format(
            label=label or _("Next change"), time=clock_time(snapshot.next_at)
        )
    stop = snapshot.hard_stop
    if stop is None or snapshot.state is EngineState.ALARM or snapshot.day_closed:
        return ""
    if now is not None and stop <= now:
        return ""  # a hard stop that has passed is not what comes next
    return _("Hard stop at {time}").format(time=clock_time(stop))


def system_now() -> datetime:
    """The wall clock, aware (the default `now` of the light and the board)."""
    return datetime.now(UTC)


class SignalBoard(QWidget):
    """A full-screen window showing the boundary state to the room."""

    #: The user left the board (Esc, Q, or the window was closed).
    board_closed = Signal()

    def __init__(self, *, now: Now = system_now, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setWindowTitle(_("FocusDesk signal board"))
        self.setCursor(Qt.CursorShape.BlankCursor)
        self._now = now
        self._snapshot: StatusSnapshot | None = None
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.update)

    # --- what the app calls ----------------------------------------------------

    def show_status(self, snapshot: StatusSnapshot) -> None:
        """Show a new snapshot (the board keeps its own minute countdown)."""
        self._snapshot = snapshot
        self._sync_refresh()
        self.update()

    def show_on(self, screen: QScreen | None = None) -> None:
        """Go full-screen on `screen`, else on a screen other than the primary if there is one."""
        target = screen or default_board_screen()
        if target is not None:
            self.setScreen(target)
            self.setGeometry(target.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()  # so Esc reaches it

    def texts(self) -> tuple[str, str, str]:
        """The three lines on the board now: headline, detail, next change."""
        if self._snapshot is None:
            return ("FocusDesk", "", "")
        now = self._now()
        return (
            headline(self._snapshot),
            detail_line(self._snapshot, now),
            next_change_line(self._snapshot, self._now()),
        )

    # --- Qt ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Q):
            self.close()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._sync_refresh()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._refresh.stop()
        super().closeEvent(event)
        self.board_closed.emit()

    def _sync_refresh(self) -> None:
        timed = self._snapshot is not None and self._snapshot.state in (
            EngineState.FOCUS,
            EngineState.BUFFER,
        )
        if timed and self.isVisible():
            if not self._refresh.isActive():
                self._refresh.start()
        else:
            self._refresh.stop()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        width, height = float(self.width()), float(self.height())
        state = self._snapshot.state if self._snapshot else EngineState.OFF
        look = state_look(state)
        painter.fillRect(self.rect(), look.colour)
        white = QColor("white")
        top, detail, upcoming = self.texts()

        # The tray glyph, big: the shape says the state even on a grey-scale screen.
        glyph_size = int(min(width, height) * 0.22)
        if glyph_size >= 8:
            progress = self._snapshot.progress if self._snapshot else None
            glyph = render_state_icon(state, progress, glyph_size, dark_panel=True, ink=white)
            painter.drawImage(int((width - glyph_size) / 2), int(height * 0.08), glyph)

        margin = width * 0.05
        lines = (
            (top, 0.11, QFont.Weight.Bold, 0.36, 1.0),
            (detail, 0.065, QFont.Weight.Normal, 0.58, 0.95),
            (upcoming, 0.05, QFont.Weight.Normal, 0.76, 0.8),
        )
        for text, relative_size, weight, y, opacity in lines:
            if not text:
                continue
            font = QFont(self.font())
            font.setWeight(weight)
            font.setPixelSize(max(12, int(height * relative_size)))
            _fit(font, text, width - 2 * margin)
            painter.setFont(font)
            painter.setOpacity(opacity)
            painter.setPen(white)
            box = QRectF(margin, height * y, width - 2 * margin, height * 0.18)
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        painter.setOpacity(0.6)
        small = QFont(self.font())
        small.setPixelSize(max(11, int(height * 0.022)))
        painter.setFont(small)
        painter.drawText(
            QRectF(0, height * 0.94, width - margin / 2, height * 0.05),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            _("Esc to leave"),
        )


def _fit(font: QFont, text: str, width: float, smallest: int = 12) -> None:
    """Shrink `font` until `text` fits `width` (long labels on narrow screens)."""
    while font.pixelSize() > smallest and QFontMetricsF(font).horizontalAdvance(text) > width:
        font.setPixelSize(max(smallest, int(font.pixelSize() * 0.9)))


def fitted_text(font: QFont, text: str, width: float, smallest: int = 9) -> str:
    """Shrink `font` (down to `smallest` px) for `text` to fit `width`; elide only if
    even that is too wide, so nothing is ever cut mid-word without an ellipsis."""
    _fit(font, text, width, smallest)
    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)


def default_board_screen() -> QScreen | None:
    """A screen other than the primary (the one facing the room), else the primary."""
    primary = QGuiApplication.primaryScreen()
    others = [screen for screen in QGuiApplication.screens() if screen is not primary]
    return others[0] if others else primary


def screen_named(name: str) -> QScreen | None:
    """The connected screen called `name` (as `QScreen.name()` gives it), if any."""
    return next((s for s in QGuiApplication.screens() if s.name() == name), None)
