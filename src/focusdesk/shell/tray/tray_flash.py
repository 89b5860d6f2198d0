"""The tray icon (and the signal light, when shown) blink for a while: the hard stop's
signal when no sound can be heard."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QSystemTrayIcon

BLINK_MS = 500


def _blank_icon() -> QIcon:
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor(0, 0, 0, 0))
    return QIcon(pixmap)


class TrayFlash(QObject):
    """Alternates the tray icon with an empty one, then puts the current face back.

    `on_beat(off)` is told each beat too (True while the icon is blank, False at the end),
    so the signal light can blink along.
    """

    def __init__(
        self,
        icon: QSystemTrayIcon,
        current_icon: Callable[[], QIcon],
        parent: QObject | None = None,
        on_beat: Callable[[bool], None] = lambda _off: None,
    ) -> None:
        super().__init__(parent)
        self._on_beat = on_beat
        self._icon = icon
        self._current_icon = current_icon
        self._blank = _blank_icon()
        self._timer = QTimer(self)
        self._timer.setInterval(BLINK_MS)
        self._timer.timeout.connect(self._blink)
        self._blinks_left = 0

    @property
    def flashing(self) -> bool:
        return self._timer.isActive()

    def start(self, seconds: float = 15) -> None:
        """Blink for `seconds` (again from the start if already blinking)."""
        self._blinks_left = max(2, round(seconds * 1000 / BLINK_MS))
        self._timer.start()
        self._blink()

    def stop(self) -> None:
        """Stop blinking and show the current face."""
        self._timer.stop()
        self._blinks_left = 0
        self._icon.setIcon(self._current_icon())
        self._on_beat(False)

    def _blink(self) -> None:
        self._blinks_left -= 1
        if self._blinks_left <= 0:
            self.stop()
            return
        off = bool(self._blinks_left % 2)
        self._icon.setIcon(self._blank if off else self._current_icon())
        self._on_beat(off)
