"""A pattern's week at a glance: one column per weekday, blocks as coloured bars.

Used by the settings window (next to the pattern chooser) and by the pattern
editor (updated as the user types). Work blocks sit on the left half of a
day's column and off-boundary blocks (life, recovery) on the right, so the
on/off split reads without colour; the hard stop is a dashed line across the
day and a protected day is hatched. Each block carries its label where it
fits, and names itself in a tooltip when the pointer rests on it.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QEvent, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from focusdesk.core.i18n import _
from focusdesk.core.patterns import BlockKind, BlockSpec, Pattern, Weekday

KIND_COLOURS: dict[BlockKind, QColor] = {
    BlockKind.FOCUS: QColor("#d0342c"),
    BlockKind.COLLAB: QColor("#2f6fbf"),
    BlockKind.COMMS: QColor("#7e57c2"),
    BlockKind.ADMIN: QColor("#7a808a"),
    BlockKind.LIFE: QColor("#1f9d4c"),
    BlockKind.RECOVERY: QColor("#2a9d8f"),
}


def _day_name(weekday: int) -> str:
    """Monday = 0: "Mon", "Mo.", "lun" in FocusDesk's language (QLocale follows it)."""
    return QLocale().dayName(weekday + 1, QLocale.FormatType.ShortFormat)


#: How close (px) the pointer must be to a hard-stop line for its tooltip.
_STOP_REACH = 4
_MINUTES_PER_DAY = 24 * 60


def _minute(value: time) -> int:
    return value.hour * 60 + value.minute


def _day_segments(pattern: Pattern) -> dict[Weekday, list[tuple[int, int, BlockSpec]]]:
    """Each weekday's (start, end) minute spans; a block past midnight is split in two."""
    segments: dict[Weekday, list[tuple[int, int, BlockSpec]]] = {day: [] for day in Weekday}
    for weekday in Weekday:
        for block in pattern.day(weekday).blocks:
            start, end = _minute(block.start), _minute(block.end)
            if block.next_day:
                segments[weekday].append((start, _MINUTES_PER_DAY, block))
                segments[Weekday((weekday + 1) % 7)].append((0, end, block))
            else:
                segments[weekday].append((start, end, block))
    return segments


class WeekPreview(QWidget):
    """Draws `pattern`'s week; `set_pattern(None)` shows an empty, labelled frame."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pattern: Pattern | None = None
        self._message = _("No pattern")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 200)

    @property
    def pattern(self) -> Pattern | None:
        return self._pattern

    def set_pattern(self, pattern: Pattern | None, message: str | None = None) -> None:
        """Show `pattern`; without one, show `message` instead (e.g. "fix the errors")."""
        self._pattern = pattern
        self._message = message if message is not None else _("No pattern")
        self.setToolTip(self._describe() if pattern else self._message)

        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 260)

    def hour_range(self) -> tuple[int, int]:
        """The hours shown: every block and hard stop fits, at least 06:00–22:00."""
        first, last = 6 * 60, 22 * 60
        if self._pattern is not None:
            for spans in _day_segments(self._pattern).values():
                for start, end, _block in spans:
                    first, last = min(first, start), max(last, end)
            for weekday in Weekday:
                stop = self._pattern.day(weekday).hard_stop
                if stop is not None:
                    first, last = min(first, _minute(stop)), max(last, _minute(stop))
        return first // 60, min(24, -(-last // 60))

    def _area(self, metrics: QFontMetricsF) -> tuple[QRectF, float, float]:
        """The plotting area, the axis width and the header height for this size."""
        axis_width = metrics.horizontalAdvance("00:00") + 6
        header = metrics.height() + 4
        legend = len(self._legend_rows(metrics)) * (metrics.height() + 2) + 6
        area = QRectF(
            axis_width, header, self.width() - axis_width - 4, self.height() - header - legend
        )
        return area, axis_width, header

    def _legend_rows(self, metrics: QFontMetricsF) -> list[list[tuple[BlockKind | None, str]]]:
        """The legend's items (a kind, or None for the hard stop) in rows that fit the width:
        one row in English, two where the words are longer (German in a narrow preview)."""
        items: list[tuple[BlockKind | None, str]] = [(k, k.display_name) for k in BlockKind]
        items.append((None, _("hard stop")))
        box = metrics.height() - 4
        rows: list[list[tuple[BlockKind | None, str]]] = [[]]
        x = metrics.horizontalAdvance("00:00") + 6
        for item in items:
            width = (18 if item[0] is None else box + 3) + metrics.horizontalAdvance(item[1]) + 10
            if rows[-1] and x + width > self.width() - 4:
                rows.append([])
                x = metrics.horizontalAdvance("00:00") + 6
            rows[-1].append(item)
            x += width
        return rows

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        return font

    def _y_of(self, area: QRectF, minute: int) -> float:
        first_hour, last_hour = self.hour_range()
        span = (last_hour - first_hour) * 60
        return area.top() + (minute - first_hour * 60) / span * area.height()

    def block_rects(self) -> list[tuple[QRectF, Weekday, BlockSpec]]:
        """Where each block is drawn (a block past midnight has two pieces)."""
        if self._pattern is None:
            return []
        area, _axis, _header = self._area(QFontMetricsF(self._small_font()))
        first_hour, last_hour = self.hour_range()
        column = area.width() / 7
        half = (column - 6) / 2
        rects = []
        segments = _day_segments(self._pattern)
        for index, weekday in enumerate(Weekday):
            left = area.left() + index * column
            for start, end, block in segments[weekday]:
                start, end = max(start, first_hour * 60), min(end, last_hour * 60)
                if end <= start:
                    continue
                top, bottom = self._y_of(area, start), self._y_of(area, end)
                x = left + 3 + (0 if block.kind.is_work else half)
                rects.append((QRectF(x, top, half, bottom - top), weekday, block))
        return rects

    def tooltip_at(self, point: QPointF) -> str:
        """What the pointer rests on: a block, a hard stop, a protected day, or the week."""
        if self._pattern is None:
            return self._message
        for rect, weekday, block in reversed(self.block_rects()):
            if rect.contains(point):
                span = f"{block.start:%H:%M}–{block.end:%H:%M}"
                if block.next_day:
                    span = _("{span} (next day)").format(span=span)
                boundary = (
                    _("boundary on") if block.kind.boundary.value == "on" else _("boundary off")
                )
                return (
                    f"{_day_name(weekday)} {span} · {block.display_label}\n"
                    f"{block.kind.display_name} — {boundary}"
                )
        area, _axis, _header = self._area(QFontMetricsF(self._small_font()))
        if area.contains(point):
            weekday = Weekday(min(6, int((point.x() - area.left()) // (area.width() / 7))))
            day = self._pattern.day(weekday)
            stop = day.hard_stop
            if stop is not None and abs(point.y() - self._y_of(area, _minute(stop))) <= _STOP_REACH:
                return _("{day}: hard stop {time}").format(
                    day=_day_name(weekday), time=f"{stop:%H:%M}"
                )
            if day.protected:
                return _("{day}: protected day — no work").format(day=_day_name(weekday))
        return self._describe()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            QToolTip.showText(event.globalPos(), self.tooltip_at(QPointF(event.pos())), self)
            return True
        return super().event(event)

    def _describe(self) -> str:
        """A text version of the week, for the tooltip and screen readers."""
        assert self._pattern is not None
        lines = [self._pattern.display_name]
        for weekday in Weekday:
            day = self._pattern.day(weekday)
            parts = [
                f"{b.start:%H:%M}–{b.end:%H:%M} {b.kind.display_name} {b.display_label}"
                for b in day.blocks
            ]
            if day.hard_stop is not None:
                parts.append(_("hard stop {time}").format(time=f"{day.hard_stop:%H:%M}"))
            if day.protected:
                parts.insert(0, _("protected"))
            shown = "; ".join(parts) or _("free")
            lines.append(f"{_day_name(weekday)}: {shown}")
        return "\n".join(lines)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(palette.ColorRole.WindowText)
        painter.fillRect(self.rect(), palette.color(palette.ColorRole.Base))

        font = self._small_font()
        painter.setFont(font)
        metrics = painter.fontMetrics()
        area, axis_width, header = self._area(QFontMetricsF(font))
        if self._pattern is None:
            painter.setPen(text_colour)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self._message)
            return

        first_hour, last_hour = self.hour_range()
        span = (last_hour - first_hour) * 60
        column = area.width() / 7

        def y_of(minute: int) -> float:
            return area.top() + (minute - first_hour * 60) / span * area.height()

        # Hour grid and axis labels.
        grid = QColor(text_colour)
        grid.setAlphaF(0.15)
        step = 1 if last_hour - first_hour <= 12 else 2
        for hour in range(first_hour, last_hour + 1, step):
            y = y_of(hour * 60)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, axis_width - 4, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{hour:02d}:00",
            )

        for index, weekday in enumerate(Weekday):
            left = area.left() + index * column
            day = self._pattern.day(weekday)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(left, 0, column, header), Qt.AlignmentFlag.AlignCenter, _day_name(index)
            )
            if day.protected:
                hatch = QColor(text_colour)
                hatch.setAlphaF(0.18)
                painter.fillRect(
                    QRectF(left + 1, area.top(), column - 2, area.height()),
                    QBrush(hatch, Qt.BrushStyle.BDiagPattern),
                )
        self._paint_blocks(painter)
        painter.setFont(font)
        for index, weekday in enumerate(Weekday):
            left = area.left() + index * column
            day = self._pattern.day(weekday)
            if day.hard_stop is not None:
                y = y_of(_minute(day.hard_stop))
                painter.setPen(QPen(text_colour, 2, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(left + 1, y), QPointF(left + column - 1, y))
            # Column separator.
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(left, area.top()), QPointF(left, area.bottom()))

        # Legend: kinds, then the hard stop; a second row where the words are longer.
        rows = self._legend_rows(QFontMetricsF(font))
        box = metrics.height() - 4
        y = area.bottom() + 6
        for row in rows:
            x = area.left()
            for kind, text in row:
                if kind is None:
                    painter.setPen(QPen(text_colour, 2, Qt.PenStyle.DashLine))
                    painter.drawLine(QPointF(x, y + box / 2 + 2), QPointF(x + 14, y + box / 2 + 2))
                    painter.drawText(QPointF(x + 18, y + metrics.ascent()), text)
                    x += 18 + metrics.horizontalAdvance(text) + 10
                    continue
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(KIND_COLOURS[kind])
                painter.drawRect(QRectF(x, y + 2, box, box))
                painter.setPen(text_colour)
                painter.drawText(QPointF(x + box + 3, y + metrics.ascent()), text)
                x += box + 3 + metrics.horizontalAdvance(text) + 10
            y += metrics.height() + 2

    def _paint_blocks(self, painter: QPainter) -> None:
        """The blocks, each with its label inside where a line of it fits."""
        label_font = QFont(painter.font())
        label_font.setPointSizeF(max(6.5, label_font.pointSizeF() * 0.9))
        label_metrics = QFontMetricsF(label_font)
        for rect, _weekday, block in self.block_rects():
            colour = KIND_COLOURS[block.kind]
            painter.setPen(QPen(colour.darker(130), 1))
            painter.setBrush(colour)
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
            inner = rect.adjusted(2, 1, -2, -1)
            if inner.height() < label_metrics.height() or inner.width() < 12:
                continue
            text = label_metrics.elidedText(
                block.display_label, Qt.TextElideMode.ElideRight, inner.width()
            )
            if text in ("", "…"):
                continue
            painter.setFont(label_font)
            painter.setPen(QColor("white"))
            painter.drawText(
                inner,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                text,
            )
