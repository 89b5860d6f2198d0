"""The signal light: a small always-on-top ON/OFF window the user can park anywhere (SPEC §4).

It never takes the keyboard focus (a tool window that does not accept focus
and is shown without activation), can be dragged to any screen, remembers
where it was left as "screen-name:x,y" (relative to that screen, so it
survives monitors being rearranged), and falls back to the top-right corner
of the primary screen when that screen is gone. With click-through on, mouse
clicks pass through it to whatever is underneath (it can then not be dragged).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QHideEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from focusdesk.core.i18n import _
from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.shell.boundary.signal_board import (
    REFRESH_MS,
    Now,
    clock_time,
    fitted_text,
    remaining_seconds,
    remaining_words,
    state_look,
    system_now,
)
from focusdesk.shell.tray.icons import render_state_icon

LIGHT_SIZE = (200, 64)
#: Distance from the screen edges of the default place.
_EDGE = 24

_log = logging.getLogger("focusdesk.signal_light")


def format_position(screen_name: str, offset: QPoint) -> str:
    """`"HDMI-1:120,40"`: where the light is, relative to its screen's top-left corner."""
    return f"{screen_name}:{offset.x()},{offset.y()}"


def parse_position(text: str) -> tuple[str, QPoint] | None:
    """The screen name and offset of a saved position; None if empty or malformed."""
    name, sep, coordinates = text.strip().rpartition(":")
    x_text, comma, y_text = coordinates.partition(",")
    if not sep or not comma:
        return None
    try:
        return name, QPoint(int(x_text), int(y_text))
    except ValueError:
        return None


def place_on_screens(saved: str, size: tuple[int, int], screens: list[QScreen]) -> QPoint:
    """The top-left corner for the light: where it was saved, if that screen still shows it,
    else the top-right corner of the first screen (the primary)."""
    width, height = size
    parsed = parse_position(saved) if saved else None
    if saved and parsed is None:
        _log.warning("ignoring the saved signal light position %r (expected screen:x,y)", saved)
    if parsed is not None:
        name, offset = parsed
        screen = next((s for s in screens if s.name() == name), None)
        if screen is not None:
            area = screen.availableGeometry()
            place = area.topLeft() + offset
            # At least a grabbable part must be on the screen.
            if area.intersects(QRect(place.x(), place.y(), width, height).adjusted(8, 8, -8, -8)):
                return place
    if not screens:
        return QPoint(_EDGE, _EDGE)
    area = screens[0].availableGeometry()
    return QPoint(area.right() - width - _EDGE + 1, area.top() + _EDGE)


class SignalLight(QWidget):
    """The small ON/OFF window."""

    #: The user dropped the light somewhere: "screen-name:x,y" for Settings.signal_light_position.
    position_changed = Signal(str)

    def __init__(
        self,
        *,
        position: str = "",
        click_through: bool = False,
        now: Now = system_now,
        on_moved: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        flags = (
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        super().__init__(parent, flags)
        self.setWindowTitle(_("FocusDesk signal light"))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFixedSize(*LIGHT_SIZE)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self._now = now
        self._snapshot: StatusSnapshot | None = None
        #: The "off" beat of a blink: only the outline is drawn.
        self.dimmed = False
        self._drag_offset: QPoint | None = None
        self._saved_position = position
        if on_moved is not None:
            self.position_changed.connect(on_moved)
        self.set_click_through(click_through)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.update)
        self.move(place_on_screens(position, LIGHT_SIZE, QGuiApplication.screens()))

    # --- what the app calls ------------------------------------------------------

    def show_status(self, snapshot: StatusSnapshot) -> None:
        """Show a new snapshot."""
        self._snapshot = snapshot
        self.setToolTip(f"FocusDesk: {state_look(snapshot.state).word}")
        self._sync_refresh()
        self.update()

    def set_dimmed(self, dimmed: bool) -> None:
        """Draw only the light's outline (True) or the whole light: the beats of a blink."""
        if dimmed != self.dimmed:
            self.dimmed = dimmed
            self.update()

    def set_click_through(self, enabled: bool) -> None:
        """Let clicks pass through the light (it cannot be dragged meanwhile)."""
        visible = self.isVisible()
        self.setWindowFlag(Qt.WindowType.WindowTransparentForInput, enabled)
        if visible:  # changing window flags hides the window
            self.show()

    @property
    def click_through(self) -> bool:
        return bool(self.windowFlags() & Qt.WindowType.WindowTransparentForInput)

    def restore_position(self, position: str) -> None:
        """Move to a saved "screen-name:x,y" (or the default corner if that screen is gone)."""
        self._saved_position = position
        self.move(place_on_screens(position, LIGHT_SIZE, QGuiApplication.screens()))

    def current_position(self) -> str:
        """Where the light is now, as "screen-name:x,y"."""
        screen = self._screen_under_centre()
        offset = self.pos() - screen.availableGeometry().topLeft()
        return format_position(screen.name(), offset)

    def texts(self) -> tuple[str, str]:
        """The big word (ON/OFF) and the small line under it."""
        if self._snapshot is None:
            return ("OFF", "")
        look = state_look(self._snapshot.state)
        room = _("Overtime") if self._snapshot.overtime else look.room_word
        left = remaining_words(remaining_seconds(self._snapshot, self._now()), compact=True)
        block = self._snapshot.planned_block
        if self._snapshot.state is EngineState.OFF and block is not None and not block.kind.is_work:
            # Off for a planned life block (a school run): when they are back.
            left = f"until {clock_time(block.end)}"
        small = room if not left else f"{room} · {left}"
        return (look.boundary_word, small)

    # --- dragging ------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton:
            handle = self.windowHandle()
            # Wayland lets only the compositor move windows.
            wayland = QGuiApplication.platformName() == "wayland"
            if wayland and handle is not None and handle.startSystemMove():
                return
            self._drag_offset = event.globalPosition().toPoint() - self.pos()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_offset is not None:
            self.move(event.globalPosition().toPoint() - self._drag_offset)
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton:
            self._drag_offset = None
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            self._announce_position()

    def _announce_position(self) -> None:
        position = self.current_position()
        if position != self._saved_position:
            self._saved_position = position
            self.position_changed.emit(position)

    def _screen_under_centre(self) -> QScreen:
        centre = self.geometry().center()
        return QGuiApplication.screenAt(centre) or self.screen() or QGuiApplication.primaryScreen()

    # --- painting -----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self._sync_refresh()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._refresh.stop()
        super().hideEvent(event)

    def _sync_refresh(self) -> None:
        snapshot = self._snapshot
        timed = snapshot is not None and snapshot.state in (EngineState.FOCUS, EngineState.BUFFER)
        if timed and self.isVisible():
            if not self._refresh.isActive():
                self._refresh.start()
        else:
            self._refresh.stop()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        state = self._snapshot.state if self._snapshot else EngineState.OFF
        look = state_look(state)
        width, height = float(self.width()), float(self.height())
        body = QPainterPath()
        body.addRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), height / 2, height / 2)
        if self.dimmed:
            painter.setPen(QPen(look.colour, 3))
            painter.drawPath(body)
            return
        painter.fillPath(body, look.colour)
        painter.setPen(QColor(255, 255, 255, 90))
        painter.drawPath(body)

        white = QColor("white")
        glyph_size = int(height - 20)
        progress = self._snapshot.progress if self._snapshot else None
        glyph = render_state_icon(state, progress, glyph_size, dark_panel=True, ink=white)
        painter.drawImage(12, 10, glyph)

        big, small = self.texts()
        text_left = 12 + glyph_size + 10
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(int(height * 0.42))
        painter.setFont(font)
        painter.setPen(white)
        painter.drawText(
            QRectF(text_left, 4, width - text_left - 14, height * 0.55),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            big,
        )
        font.setBold(False)
        font.setPixelSize(int(height * 0.2))
        box = QRectF(text_left, height * 0.58, width - text_left - 14, height * 0.36)
        small = fitted_text(font, small, box.width())
        painter.setFont(font)
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, small)
