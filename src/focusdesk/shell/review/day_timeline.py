"""Each day of the week as a lane on one hour axis: the plan against what happened (SPEC §5).

Planned blocks are drawn faintly across the lane (each day's own plan, the
one in force that day), actual sessions solid in the middle of it (focus,
buffer, overtime; offclock in a warning colour), away time hatched (the
paused part of a block, and the gap after an interrupted one), the hard stop
as a red line and breaches as a red mark. Hovering a session shows it;
double-clicking one asks to edit it (`session_activated`). Painted by hand,
so a week switch costs one paint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from focusdesk.core.i18n import _
from focusdesk.core.patterns import BlockKind
from focusdesk.core.planner import DayPlan
from focusdesk.core.sessions import SessionRecord
from focusdesk.core.week_review import WeekStats
from focusdesk.shell.locale_text import short_time, weekday_name
from focusdesk.shell.review.formatting import duration_text, kind_word, outcome_word

#: Plan colours (faint) by block kind; sessions by kind (solid).
PLAN_COLOURS: dict[BlockKind, QColor] = {
    BlockKind.FOCUS: QColor("#3b82f6"),
    BlockKind.COLLAB: QColor("#2f6fbf"),
    BlockKind.COMMS: QColor("#7e57c2"),
    BlockKind.ADMIN: QColor("#7a808a"),
    BlockKind.LIFE: QColor("#1f9d4c"),
    BlockKind.RECOVERY: QColor("#2a9d8f"),
}
SESSION_COLOURS: dict[str, QColor] = {
    "focus": QColor("#2563eb"),
    "buffer": QColor("#14b8a6"),
    "overtime": QColor("#f97316"),
    # The week chart's offclock colour: one colour for one kind across the window.
    "offclock": QColor("#dc2626"),
    "collab": QColor("#2f6fbf"),
}
HARD_STOP = QColor("#dc2626")
BREACH = QColor("#dc2626")
_LABEL_WIDTH = 64.0
_AXIS_HEIGHT = 18.0


def _minutes_after_midnight(day: date, instant: datetime) -> float:
    """Minutes from the lane day's local midnight (late-night work runs past 24:00)."""
    zone = instant.tzinfo
    midnight = datetime.combine(day, time(0), tzinfo=zone)
    return (instant - midnight).total_seconds() / 60


@dataclass(frozen=True, slots=True)
class SessionBar:
    """Where a session is drawn: its lane, its span in minutes, and its worked part."""

    session: SessionRecord
    lane: int
    start: float
    end: float
    #: Minutes of the span not worked (paused), drawn hatched at its end.
    away: float


def session_bars(stats: WeekStats, now: datetime | None = None) -> list[SessionBar]:
    """The week's sessions laid onto their day's lane (a running one up to `now`)."""
    lanes = {day.day: index for index, day in enumerate(stats.days)}
    bars = []
    for session in stats.sessions:
        lane = lanes.get(session.day)
        if lane is None:
            continue
        start = session.local_start
        end_at = session.local_end
        if end_at is None:
            end_at = (now or session.heartbeat_at or session.started_at).astimezone(start.tzinfo)
        begin = _minutes_after_midnight(session.day, start)
        finish = max(begin, _minutes_after_midnight(session.day, end_at))
        span = finish - begin
        away = min(span, max(0.0, session.paused_seconds / 60))
        bars.append(SessionBar(session, lane, begin, finish, away))
    return bars


def away_gaps(
    stats: WeekStats, bars: list[SessionBar] | None = None
) -> list[tuple[int, float, float]]:
    """(lane, start, end) after each interrupted block until the day's next session."""
    bars = session_bars(stats) if bars is None else bars
    gaps = []
    for index, bar in enumerate(bars):
        if bar.session.outcome.value != "interrupted":
            continue
        later = [b for b in bars[index + 1 :] if b.lane == bar.lane]
        if later:
            gaps.append((bar.lane, bar.end, later[0].start))
    return gaps


def hour_range(stats: WeekStats, bars: list[SessionBar] | None = None) -> tuple[int, int]:
    """The shared axis: whole hours covering every plan, session and hard stop (7–19 at least)."""
    low, high = 7 * 60.0, 19 * 60.0
    for bar in session_bars(stats) if bars is None else bars:
        low, high = min(low, bar.start), max(high, bar.end)
    for day, plan in stats.plans.items():
        if plan is None:
            continue
        for block in plan.blocks:
            if block.kind is BlockKind.LIFE and block.seconds > 6 * 3600:
                continue  # a night's sleep window would stretch every lane to 24 h
            low = min(low, _minutes_after_midnight(day, block.start))
            high = max(high, _minutes_after_midnight(day, block.end))
        if plan.hard_stop is not None:
            high = max(high, _minutes_after_midnight(day, plan.hard_stop) + 30)
    return max(0, math.floor(low / 60)), min(30, math.ceil(high / 60))


class DayTimeline(QWidget):
    """The week's seven days as lanes on a shared hour axis."""

    #: A session was double-clicked: edit it (its id).
    session_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stats: WeekStats | None = None
        self._bars: list[SessionBar] = []
        self._gaps: list[tuple[int, float, float]] = []
        self._hours = (7, 19)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(150)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(800, 7 * 24 + int(_AXIS_HEIGHT) + 6)

    def show_week(self, stats: WeekStats) -> None:
        self._stats = stats
        self._bars = session_bars(stats)
        self._gaps = away_gaps(stats, self._bars)
        self._hours = hour_range(stats, self._bars)
        self.update()

    @property
    def bars(self) -> list[SessionBar]:
        return list(self._bars)

    # --- geometry -----------------------------------------------------------------

    def _lane_height(self) -> float:
        return max(12.0, (self.height() - _AXIS_HEIGHT - 2) / 7)

    def x_of(self, minutes: float) -> float:
        first, last = self._hours
        span = max(1, (last - first) * 60)
        width = self.width() - _LABEL_WIDTH - 8
        return _LABEL_WIDTH + (minutes - first * 60) / span * width

    def lane_rect(self, lane: int) -> QRectF:
        height = self._lane_height()
        return QRectF(
            _LABEL_WIDTH, _AXIS_HEIGHT + lane * height, self.width() - _LABEL_WIDTH, height
        )

    def bar_rect(self, bar: SessionBar) -> QRectF:
        lane = self.lane_rect(bar.lane)
        inset = lane.height() * 0.22
        left = self.x_of(bar.start)
        right = max(left + 2, self.x_of(bar.end))
        return QRectF(left, lane.top() + inset, right - left, lane.height() - 2 * inset)

    def session_at(self, point: QPointF) -> SessionRecord | None:
        for bar in reversed(self._bars):
            if self.bar_rect(bar).adjusted(-2, -2, 2, 2).contains(point):
                return bar.session
        return None

    # --- events -------------------------------------------------------------------

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        session = self.session_at(event.position())
        if session is not None:
            self.session_activated.emit(session.id)
        super().mouseDoubleClickEvent(event)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent):
            session = self.session_at(QPointF(event.pos()))
            if session is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), session_tooltip(session), self)
            return True
        return super().event(event)

    # --- painting -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        painter.fillRect(self.rect(), base)
        self._paint_axis(painter, text)
        stats = self._stats
        if stats is not None:
            for lane, day in enumerate(stats.days):
                self._paint_lane(painter, lane, day.day, stats.plans.get(day.day), text, dark)
                if day.day not in stats.plans or stats.plans.get(day.day) is None:
                    self._paint_unknown(painter, lane, text)
            for lane, start, end in self._gaps:
                self._paint_away(painter, lane, start, end, text)
            for bar in self._bars:
                self._paint_bar(painter, bar, text)
        painter.end()

    def _paint_axis(self, painter: QPainter, text: QColor) -> None:
        first, last = self._hours
        grid = QColor(text)
        grid.setAlphaF(0.12)
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.85))
        painter.setFont(small)
        step = 1 if last - first <= 14 else 2
        for hour in range(first, last + 1):
            x = self.x_of(hour * 60)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, _AXIS_HEIGHT), QPointF(x, self.height()))
            if (hour - first) % step == 0:
                painter.setPen(text)
                painter.drawText(
                    QRectF(x - 20, 0, 40, _AXIS_HEIGHT),
                    Qt.AlignmentFlag.AlignCenter,
                    f"{hour % 24:02d}",
                )

    def _paint_lane(
        self,
        painter: QPainter,
        lane: int,
        day: date,
        plan: DayPlan | None,
        text: QColor,
        dark: bool,
    ) -> None:
        rect = self.lane_rect(lane)
        painter.setFont(self.font())
        painter.setPen(text)
        painter.drawText(
            QRectF(4, rect.top(), _LABEL_WIDTH - 8, rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f"{weekday_name(day, short=True)} {day:%d}",
        )
        if lane:
            line = QColor(text)
            line.setAlphaF(0.15)
            painter.setPen(QPen(line, 1))
            painter.drawLine(QPointF(4, rect.top()), QPointF(self.width(), rect.top()))
        if plan is None:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        for block in plan.blocks:
            colour = QColor(PLAN_COLOURS.get(block.kind, QColor("#888888")))
            colour.setAlphaF(0.30 if dark else 0.18)
            left = self.x_of(_minutes_after_midnight(day, block.start))
            right = self.x_of(_minutes_after_midnight(day, block.end))
            painter.fillRect(QRectF(left, rect.top() + 2, right - left, rect.height() - 4), colour)
        if plan.protected:
            hatch = QColor(text)
            hatch.setAlphaF(0.10)
            painter.fillRect(
                QRectF(
                    _LABEL_WIDTH, rect.top() + 1, self.width() - _LABEL_WIDTH, rect.height() - 2
                ),
                QBrush(hatch, Qt.BrushStyle.FDiagPattern),
            )
        if plan.hard_stop is not None:
            x = self.x_of(_minutes_after_midnight(day, plan.hard_stop))
            pen = QPen(HARD_STOP, 2)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, rect.top() + 1), QPointF(x, rect.bottom() - 1))

    def _paint_unknown(self, painter: QPainter, lane: int, text: QColor) -> None:
        rect = self.lane_rect(lane)
        muted = QColor(text)
        muted.setAlphaF(0.55)
        painter.setPen(muted)
        painter.drawText(
            rect.adjusted(0, 0, -12, 0),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            _("plan unknown"),
        )

    def _paint_away(
        self, painter: QPainter, lane: int, start: float, end: float, text: QColor
    ) -> None:
        rect = self.lane_rect(lane)
        inset = rect.height() * 0.22
        away = QColor(text)
        away.setAlphaF(0.45)
        left, right = self.x_of(start), self.x_of(end)
        painter.fillRect(
            QRectF(left, rect.top() + inset, right - left, rect.height() - 2 * inset),
            QBrush(away, Qt.BrushStyle.BDiagPattern),
        )

    def _paint_bar(self, painter: QPainter, bar: SessionBar, text: QColor) -> None:
        rect = self.bar_rect(bar)
        colour = SESSION_COLOURS.get(bar.session.kind.value, QColor("#64748b"))
        worked = rect
        if bar.away > 0 and bar.end > bar.start:
            share = bar.away / (bar.end - bar.start)
            cut = rect.width() * (1 - share)
            worked = QRectF(rect.left(), rect.top(), cut, rect.height())
            hatched = QRectF(rect.left() + cut, rect.top(), rect.width() - cut, rect.height())
            away = QColor(colour)
            painter.fillRect(hatched, QBrush(away, Qt.BrushStyle.BDiagPattern))
        # A plain fill: a week holds ≈ 200 bars, and antialiased rounded
        # rectangles made the redraw of each week switch measurably slower.
        painter.fillRect(worked, colour)
        if bar.session.is_open:
            painter.setPen(QPen(text, 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)
        if bar.session.breach:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(BREACH, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 2, 2)
            painter.setBrush(BREACH)
            painter.setPen(Qt.PenStyle.NoPen)
            x, top = rect.left(), rect.top() - 1
            painter.drawPolygon([QPointF(x - 4, top - 6), QPointF(x + 4, top - 6), QPointF(x, top)])
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)


def session_tooltip(session: SessionRecord) -> str:
    start = session.local_start
    end = session.local_end
    span = f"{short_time(start)}–{end:%H:%M}" if end else f"{short_time(start)}–" + _("now")
    label = _(session.label) if session.label else "—"
    lines = [span, f"{kind_word(session.kind)}: {label}"]
    lines.append(f"{duration_text(session.actual_seconds)} · {outcome_word(session.outcome)}")
    if session.paused_seconds:
        lines.append(_("away {time}").format(time=duration_text(session.paused_seconds)))
    if session.breach:
        lines.append(_("breach (worked in protected time)"))
    if session.note:
        lines.append(f"“{session.note}”")
    if not session.is_open:
        lines.append(_("Double-click to edit"))

    return "\n".join(lines)
