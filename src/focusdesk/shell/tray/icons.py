"""The boundary state drawn as a tray icon (SPEC §4).

Every state has its own *shape*, so it reads without colour (colour-blind
users, monochrome panels):

| state  | shape                                              |
|--------|----------------------------------------------------|
| off    | a hollow ring                                      |
| on     | a filled dot                                       |
| focus  | a ring with the remaining time as an arc, and a centre dot |
| buffer | an hourglass (inside the remaining-time ring)      |
| paused | two bars (inside the frozen remaining-time ring)   |
| alarm  | a warning triangle with an exclamation mark        |

The remaining time of a block is an arc that starts at twelve o'clock and
shrinks clockwise as the block runs. Drawn with QPainter at each pixel size
(no scaling of one bitmap), so 16 px stays crisp.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QIcon,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)

from focusdesk.core.status import EngineState, StatusSnapshot

#: The sizes trays and menus ask for; each is also drawn at device pixel ratio 2.
ICON_SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64)


@dataclass(frozen=True, slots=True)
class _Palette:
    """Colours for one panel brightness."""

    ink: QColor  # neutral strokes (off ring, track)
    on: QColor
    focus: QColor
    buffer: QColor
    paused: QColor
    alarm: QColor
    alarm_mark: QColor  # the exclamation mark inside the triangle


def _palette(dark_panel: bool, ink: QColor | None = None) -> _Palette:
    if ink is not None:  # one colour for everything: a glyph on the signal board
        cut = QColor("#00000000")
        return _Palette(ink, ink, ink, ink, ink, ink, cut)
    if dark_panel:
        return _Palette(
            ink=QColor("#d7dadf"),
            on=QColor("#f5b02e"),
            focus=QColor("#ff6b5e"),
            buffer=QColor("#6ea8ff"),
            paused=QColor("#a9b8c2"),
            alarm=QColor("#ff4d4d"),
            alarm_mark=QColor("#1b1b1b"),
        )
    return _Palette(
        ink=QColor("#4a4f57"),
        on=QColor("#c77800"),
        focus=QColor("#d0342c"),
        buffer=QColor("#1f63c6"),
        paused=QColor("#5b6f7c"),
        alarm=QColor("#d91f1f"),
        alarm_mark=QColor("#ffffff"),
    )


def panel_is_dark(app: QGuiApplication | None = None) -> bool:
    """Whether the desktop panel is dark: Qt's colour scheme, else the window colour."""
    app = app or QGuiApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QGuiApplication):
        return False
    hints = app.styleHints()
    scheme = getattr(hints, "colorScheme", None)  # Qt >= 6.5
    if scheme is not None:
        value = scheme()
        if value == Qt.ColorScheme.Dark:
            return True
        if value == Qt.ColorScheme.Light:
            return False
    return app.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5


def render_state_icon(
    state: EngineState,
    progress: float | None,
    size: int,
    *,
    dark_panel: bool,
    ink: QColor | None = None,
) -> QImage:
    """Draw one state at `size`×`size` pixels.

    `progress` is the fraction of the block already done (0..1), as
    `StatusSnapshot.progress` gives it; None outside a block. With `ink`,
    the whole glyph is drawn in that one colour (on a coloured background).
    """
    if size < 8:
        raise ValueError(f"icon size {size} px is too small to draw (minimum 8)")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        _draw(painter, state, progress, float(size), _palette(dark_panel, ink))
    finally:
        painter.end()
    return image


def status_icon(snapshot: StatusSnapshot, *, dark_panel: bool) -> QIcon:
    """The tray icon for a snapshot, with pixmaps for every tray size and HiDPI."""
    icon = QIcon()
    for size in ICON_SIZES:
        for ratio in (1, 2):
            image = render_state_icon(
                snapshot.state, snapshot.progress, size * ratio, dark_panel=dark_panel
            )
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            icon.addPixmap(pixmap)
    return icon


# --- drawing -----------------------------------------------------------------


def _stroke_width(size: float) -> float:
    # Whole 2 px at 16 (crisp), then in proportion.
    return max(2.0, size * 0.11)


def _draw(
    painter: QPainter, state: EngineState, progress: float | None, s: float, pal: _Palette
) -> None:
    centre = QPointF(s / 2, s / 2)
    stroke = _stroke_width(s)
    # Radius of the ring's centre line: the ring's outer edge touches a 1/16 margin.
    radius = s / 2 - s / 16 - stroke / 2

    if state is EngineState.OFF:
        _ring(painter, centre, radius, stroke, pal.ink)
    elif state is EngineState.ON:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(pal.on))
        outer = radius + stroke / 2
        painter.drawEllipse(centre, outer, outer)
    elif state is EngineState.ALARM:
        _warning_triangle(painter, s, pal.alarm, pal.alarm_mark)
    else:
        colour = {
            EngineState.FOCUS: pal.focus,
            EngineState.BUFFER: pal.buffer,
            EngineState.PAUSED: pal.paused,
        }[state]
        _remaining_ring(painter, centre, radius, stroke, progress, colour, pal.ink)
        inner = radius - stroke / 2  # free space inside the ring
        if state is EngineState.FOCUS:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(colour))
            painter.drawEllipse(centre, inner * 0.45, inner * 0.45)
        elif state is EngineState.BUFFER:
            _hourglass(painter, centre, inner * 0.7, colour)
        else:
            _pause_bars(painter, centre, inner * 0.68, colour)


def _ring(painter: QPainter, centre: QPointF, radius: float, stroke: float, colour: QColor) -> None:
    painter.setPen(QPen(colour, stroke))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, radius, radius)


def _remaining_ring(
    painter: QPainter,
    centre: QPointF,
    radius: float,
    stroke: float,
    progress: float | None,
    colour: QColor,
    ink: QColor,
) -> None:
    """A faint full track, and the remaining time as a solid arc from twelve o'clock."""
    track = QColor(ink)
    track.setAlphaF(0.35)
    # The track is the first thing drawn on the cleared image, so Source gives
    # the same pixels as SourceOver. It also keeps Qt's raster engine from
    # splitting the translucent fill across its GUI thread pool: that started
    # pool threads every minute of a block (wake-ups, docs/PERFORMANCE.md).
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
    _ring(painter, centre, radius, stroke, track)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    remaining = 1.0 if progress is None else 1.0 - min(1.0, max(0.0, progress))
    if remaining <= 0:
        return
    rect = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    pen = QPen(colour, stroke)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if remaining >= 1.0:
        painter.drawEllipse(centre, radius, radius)
    else:
        # Qt angles: 1/16 degree, 0 at three o'clock, positive counter-clockwise.
        # Start at twelve and sweep clockwise (negative) over the remaining part.
        painter.drawArc(rect, 90 * 16, -round(remaining * 360 * 16))


def _hourglass(painter: QPainter, centre: QPointF, half: float, colour: QColor) -> None:
    """Two triangles meeting at the centre, with caps: the buffer's sand glass."""
    x, y = centre.x(), centre.y()
    w = half * 0.75
    glass = QPolygonF(
        [
            QPointF(x - w, y - half),
            QPointF(x + w, y - half),
            QPointF(x + w * 0.12, y),
            QPointF(x + w, y + half),
            QPointF(x - w, y + half),
            QPointF(x - w * 0.12, y),
        ]
    )
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(colour))
    painter.drawPolygon(glass)


def _pause_bars(painter: QPainter, centre: QPointF, half: float, colour: QColor) -> None:
    bar_w = max(1.5, half * 0.55)
    gap = max(1.0, half * 0.45)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(colour))
    top = centre.y() - half
    painter.drawRect(QRectF(centre.x() - gap / 2 - bar_w, top, bar_w, 2 * half))
    painter.drawRect(QRectF(centre.x() + gap / 2, top, bar_w, 2 * half))


def _warning_triangle(painter: QPainter, s: float, colour: QColor, mark: QColor) -> None:
    """A filled triangle (point up) with an exclamation mark cut in: the hard stop."""
    margin = s / 16
    height = s - 2 * margin
    half_base = height / math.sqrt(3)  # equilateral
    half_base = min(half_base, s / 2 - margin * 0.5)
    apex = QPointF(s / 2, margin)
    triangle = QPainterPath()
    triangle.moveTo(apex)
    triangle.lineTo(s / 2 + half_base, s - margin)
    triangle.lineTo(s / 2 - half_base, s - margin)
    triangle.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(colour))
    painter.drawPath(triangle)

    bar_w = max(1.5, s * 0.12)
    if mark.alpha() == 0:  # one-colour glyph: punch the mark out of the triangle
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    painter.setBrush(QBrush(mark))
    painter.drawRect(QRectF(s / 2 - bar_w / 2, s * 0.36, bar_w, s * 0.30))
    painter.drawRect(QRectF(s / 2 - bar_w / 2, s * 0.72, bar_w, bar_w))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
