"""The month at a glance (SPEC §5): a calendar whose days are shaded by focus time.

Each day shows its focus time as a heat scale (darker: more focus, against
the busiest day of the month or a full plan, whichever is larger), a marker
for the hard stop (✓ kept, ✗ missed), one for a protected day (⌂ kept, ⌂✗ breached), an orange edge for offclock time and
"plan ?" where the plan in force that day is unknown. Below: the month's
totals and streaks. Double-click a day to open its week. Painted by hand
(no QtCharts): a month switch costs one query and one paint.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from focusdesk.core.i18n import _, ngettext
from focusdesk.core.month_review import MonthStats, YearMonth
from focusdesk.core.week_review import DayStats
from focusdesk.core.wording import offclock_unknown_words
from focusdesk.shell.locale_text import full_date, month_year, weekday_name
from focusdesk.shell.review.formatting import duration_text, hours_minutes

FOCUS = QColor("#3b82f6")
KEPT = QColor("#16a34a")
MISSED = QColor("#dc2626")
OFFCLOCK = QColor("#f59e0b")
PROTECTED = QColor("#7c3aed")
#: Focus at which a day reaches the full heat colour, at least (2 h): the month's
#: busiest day is the darkest.
_FULL_HEAT_SECONDS = 2 * 3600


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def day_tooltip(day: DayStats, future: bool) -> str:
    lines = [full_date(day.day)]
    if future:
        lines.append(_("not lived yet"))
        return "\n".join(lines)
    planned = day.planned_focus_seconds
    focus = duration_text(day.focus_seconds)
    if planned is None:
        lines.append(_("Focus {focus}, plan unknown").format(focus=focus))
    else:
        lines.append(
            _("Focus {focus} of {planned} planned").format(
                focus=focus, planned=duration_text(planned)
            )
        )
    if day.offclock_seconds:
        lines.append(_("Offclock {time}").format(time=duration_text(day.offclock_seconds)))
    if day.protected:
        verdict = {True: _("kept"), False: _("breached"), None: "—"}[day.protected_kept]
        lines.append(_("Protected day: {verdict}").format(verdict=verdict))
    elif day.hard_stop_kept is not None:
        lines.append(_("Hard stop kept") if day.hard_stop_kept else _("Hard stop missed"))
    if day.breaches:
        lines.append(
            ngettext("{count} breach", "{count} breaches", day.breaches).format(count=day.breaches)
        )
    return "\n".join(lines)


class MonthCalendar(QWidget):
    """The month's days in a Monday-first grid, painted."""

    #: A day was double-clicked (its week should be shown).
    day_activated = Signal(date)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stats: MonthStats | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(420, 260)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(640, 380)

    def show_month(self, stats: MonthStats) -> None:
        self._stats = stats
        self.update()

    # --- geometry -----------------------------------------------------------------

    def _grid(self) -> tuple[float, float, float, int]:
        """(header height, cell width, cell height, rows)."""
        stats = self._stats
        first = stats.month.first if stats else date(2000, 1, 1)
        days = len(stats.days) if stats else 31
        rows = (first.weekday() + days + 6) // 7
        header = self.fontMetrics().height() + 6
        return header, self.width() / 7, (self.height() - header) / rows, rows

    def cell_rect(self, day: date) -> QRectF:
        assert self._stats is not None
        header, width, height, _rows = self._grid()
        index = self._stats.month.first.weekday() + day.day - 1
        row, column = divmod(index, 7)
        return QRectF(column * width, header + row * height, width, height)

    def day_at(self, point: QPointF) -> date | None:
        stats = self._stats
        if stats is None:
            return None
        for day in stats.days:
            if self.cell_rect(day.day).contains(point):
                return day.day
        return None

    # --- events -------------------------------------------------------------------

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position())
        if day is not None:
            self.day_activated.emit(day)
        super().mouseDoubleClickEvent(event)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and self._stats is not None:
            day = self.day_at(QPointF(event.pos()))
            if day is None:
                QToolTip.hideText()
            else:
                stats = self._stats
                future = stats.today is not None and day > stats.today
                QToolTip.showText(event.globalPos(), day_tooltip(stats.day(day), future), self)
            return True
        return super().event(event)

    # --- painting -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        painter.fillRect(self.rect(), base)
        header, width, _height, _rows = self._grid()
        painter.setPen(text)
        names = [weekday_name(date(2026, 11, 23 + i), short=True) for i in range(7)]
        for column, name in enumerate(names):
            painter.drawText(
                QRectF(column * width, 0, width, header), Qt.AlignmentFlag.AlignCenter, name
            )
        stats = self._stats
        if stats is None:
            painter.end()
            return
        full = max(stats.max_focus_seconds, _FULL_HEAT_SECONDS)
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.85))
        bold = QFont(self.font())
        bold.setBold(True)
        for day in stats.days:
            self._paint_day(painter, day, stats, full, base, text, grid, small, bold)
        painter.end()

    def _paint_day(
        self,
        painter: QPainter,
        day: DayStats,
        stats: MonthStats,
        full: int,
        base: QColor,
        text: QColor,
        grid: QColor,
        small: QFont,
        bold: QFont,
    ) -> None:
        rect = self.cell_rect(day.day).adjusted(2, 2, -2, -2)
        future = stats.today is not None and day.day > stats.today
        heat = 0.0 if future else min(1.0, day.focus_seconds / full) if full else 0.0
        fill = QColor(FOCUS)
        alpha = 0.12 + 0.83 * heat if day.focus_seconds else 0.0
        fill.setAlphaF(alpha)
        painter.setPen(QPen(grid, 1))
        painter.setBrush(base)
        painter.drawRoundedRect(rect, 4, 4)
        if day.focus_seconds and not future:
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 4, 4)
        if stats.today is not None and day.day == stats.today:
            painter.setPen(QPen(text, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 4, 4)
        ink = QColor(text)  # readable on the whole scale, light and dark
        if future:
            ink.setAlphaF(0.45)
        pad = 4.0
        painter.setFont(bold)
        painter.setPen(ink)
        painter.drawText(
            rect.adjusted(pad, 2, -pad, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            str(day.day.day),
        )
        if future:
            return
        painter.setFont(self.font())
        if day.focus_seconds:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, hours_minutes(day.focus_minutes))
        painter.setFont(small)
        if day.planned_focus_seconds is None:
            muted = QColor(ink)
            muted.setAlphaF(0.7)
            painter.setPen(muted)
            painter.drawText(
                rect.adjusted(pad, 0, -pad, -2),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                _("plan ?"),
            )
        if day.offclock_seconds:
            bar = QRectF(rect.left() + 3, rect.top() + 1, rect.width() - 6, 3)
            painter.fillRect(bar, OFFCLOCK)
        marker = ""
        colour = ink
        if day.protected and day.protected_kept is not None:
            marker, colour = ("⌂", PROTECTED) if day.protected_kept else ("⌂✗", MISSED)
        elif day.hard_stop_kept is not None:
            marker, colour = ("✓", KEPT) if day.hard_stop_kept else ("✗", MISSED)
        if marker:
            painter.setFont(bold)
            width = painter.fontMetrics().horizontalAdvance(marker) + 6
            height = painter.fontMetrics().height()
            badge = QRectF(rect.right() - width - 2, rect.top() + 2, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(base)  # its own colour stays readable on any shade
            painter.drawRoundedRect(badge, 3, 3)
            painter.setPen(colour)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, marker)


class MonthView(QWidget):
    """The calendar with its own month navigation, totals and streaks."""

    #: The user asked for another month.
    month_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._month: YearMonth | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.previous_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        self.previous_button.setToolTip(_("Previous month"))
        self.next_button.setToolTip(_("Next month"))
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(36)
        self.title = QLabel()
        self.title.setObjectName("month-title")
        self.previous_button.clicked.connect(lambda: self._shift(-1))
        self.next_button.clicked.connect(lambda: self._shift(1))
        bar.addWidget(self.previous_button)
        bar.addWidget(self.title)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        legend = QLabel(
            "<span style='color:#16a34a'>✓</span> {kept} · "
            "<span style='color:#dc2626'>✗</span> {missed} · "
            "<span style='color:#7c3aed'>⌂</span> {protected} · "
            "<span style='color:#f59e0b'>▬</span> {offclock} · {plan} {unknown}".format(
                kept=_("hard stop kept"),
                missed=_("missed"),
                protected=_("protected day kept"),
                offclock=_("offclock"),
                plan=_("plan ?"),
                unknown=_("unknown plan"),
            )
        )
        # A line of its own: beside the month's name the longer German words squeezed it.
        legend.setWordWrap(True)
        layout.addLayout(bar)
        layout.addWidget(legend)

        self.calendar = MonthCalendar()
        layout.addWidget(self.calendar, 1)
        self.totals = QLabel()
        self.totals.setObjectName("month-totals")
        self.totals.setWordWrap(True)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.totals)

    @property
    def month(self) -> YearMonth | None:
        return self._month

    def _shift(self, months: int) -> None:
        if self._month is not None:
            self.month_requested.emit(self._month.shifted(months))

    def show_month(self, stats: MonthStats) -> None:
        self._month = stats.month
        self.title.setText(f"<b>{month_year(stats.month.first)}</b>")
        self.calendar.show_month(stats)
        self.totals.setText(month_totals_text(stats))


def month_totals_text(stats: MonthStats) -> str:
    totals = stats.totals
    unknown = (
        " "
        + ngettext(
            "({count} day: plan unknown)",
            "({count} days: plan unknown)",
            totals.plan_unknown_days,
        ).format(count=totals.plan_unknown_days)
        if totals.plan_unknown_days
        else ""
    )
    offclock_unknown = (
        f" ({offclock_unknown_words(totals.offclock_unknown_days)})"
        if totals.offclock_unknown_days
        else ""
    )
    hard, protected = stats.hard_stop_streak, stats.protected_streak
    worked = ngettext("{count} day worked", "{count} days worked", totals.days_worked).format(
        count=totals.days_worked
    )
    return "\n".join(
        (
            _("Focus {focus} of {planned} planned").format(
                focus=hours_minutes(totals.focus_minutes),
                planned=hours_minutes(totals.planned_focus_minutes),
            )
            + unknown
            + " · "
            + worked
            + " · "
            + _("offclock {time}").format(time=hours_minutes(totals.offclock_minutes))
            + offclock_unknown,
            _(
                "Hard stops kept {kept} of {due} · protected days kept {protected_kept} of "
                "{protected_due} · breaches {breaches}"
            ).format(
                kept=totals.hard_stops_kept,
                due=totals.hard_stops_due,
                protected_kept=totals.protected_days_kept,
                protected_due=totals.protected_days_due,
                breaches=totals.breaches,
            ),
            _(
                "Streaks: hard stops kept {hard} in a row (best {hard_best}) · "
                "protected days kept {protected} in a row (best {protected_best})"
            ).format(
                hard=hard.current,
                hard_best=hard.longest,
                protected=protected.current,
                protected_best=protected.longest,
            ),
        )
    )
