"""The week's bar chart: focus, buffer, overtime and offclock minutes per day against the plan.

The only module of FocusDesk that imports QtCharts; it is imported when the
review window opens, never at start-up.
"""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from focusdesk.core.i18n import N_, _
from focusdesk.core.week_review import WeekStats
from focusdesk.shell.locale_text import weekday_name

#: Bar colours chosen to read in both palettes; the plan is drawn in the text colour.
#: The English names key `values()`; the legend shows them translated.
_SERIES = (
    (N_("Focus"), "#3b82f6"),
    (N_("Buffer"), "#14b8a6"),
    (N_("Overtime"), "#f97316"),
    # Offclock (at the computer in protected time, no block): the warning colour.
    (N_("Offclock"), "#dc2626"),
)


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


class WeekChart(QChartView):
    """A stacked bar per day (focus / buffer / overtime minutes) and a planned-focus line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(QMargins(4, 4, 4, 4))
        self.bars: dict[str, QBarSet] = {}
        self.bar_series = QStackedBarSeries()
        for name, colour in _SERIES:
            bar = QBarSet(_(name))
            bar.setColor(QColor(colour))
            bar.setBorderColor(QColor(colour))
            self.bars[name] = bar
            self.bar_series.append(bar)
        self.bar_series.setBarWidth(0.6)
        # One short horizontal segment per day, over its bar: a single line would
        # slope between days and suggest a plan for the hours in between.
        self.plan_segments: list[QLineSeries] = []
        chart.addSeries(self.bar_series)
        for _day in range(7):
            segment = QLineSeries()
            segment.setName(_("Planned focus"))
            chart.addSeries(segment)
            self.plan_segments.append(segment)
        self.day_axis = QBarCategoryAxis()
        self.minutes_axis = QValueAxis()
        self.minutes_axis.setTitleText(_("minutes"))
        self.minutes_axis.setLabelFormat("%d")
        chart.addAxis(self.day_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.minutes_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (self.bar_series, *self.plan_segments):
            series.attachAxis(self.day_axis)
            series.attachAxis(self.minutes_axis)
        for marker in chart.legend().markers()[len(_SERIES) + 1 :]:
            marker.setVisible(False)
        self.setChart(chart)
        self.apply_palette(self.palette())

    def show_week(self, stats: WeekStats) -> None:
        """Replace the chart's values with those of `stats`."""
        days = stats.days
        columns = {
            "Focus": [float(d.focus_minutes) for d in days],
            "Buffer": [float(d.buffer_minutes) for d in days],
            "Overtime": [float(d.overtime_minutes) for d in days],
            "Offclock": [float(d.offclock_minutes) for d in days],
        }
        for name, values in columns.items():
            bar = self.bars[name]
            bar.remove(0, bar.count())
            bar.append(values)
        # A day whose plan is unknown has no plan line (never a line at zero).
        planned = [
            float(m) if (m := d.planned_focus_minutes) is not None else math.nan for d in days
        ]
        half = 0.42
        for i, (segment, value) in enumerate(zip(self.plan_segments, planned, strict=True)):
            known = not math.isnan(value)
            level = value if known else 0.0
            segment.replace([QPointF(i - half, level), QPointF(i + half, level)])
            segment.setVisible(known)
        self.day_axis.setCategories(
            [
                f"{weekday_name(d.day, short=True)} {d.day:%d}"
                # A day whose plan is unknown is marked "?" (a longer note did not fit
                # seven categories, and the day lanes below say "plan unknown").
                + ("" if d.plan_known else " ?")
                for d in days
            ]
        )
        planned = [0.0 if math.isnan(value) else value for value in planned]
        stacked = [sum(col[i] for col in columns.values()) for i in range(len(days))]
        top = max([*stacked, *planned, 60.0])
        # Round the axis up to a whole hour so the grid lines fall on hours.
        self.minutes_axis.setRange(0, 60 * -(-top // 60))
        self.minutes_axis.setTickCount(int(top // 60) + 2 if top <= 600 else 6)

    def values(self) -> dict[str, list[float]]:
        """The chart's data by series name (what a user reads off the bars and the line)."""
        data = {name: [bar.at(i) for i in range(bar.count())] for name, bar in self.bars.items()}
        data["Planned focus"] = [
            segment.points()[0].y() if segment.isVisible() else math.nan
            for segment in self.plan_segments
        ]
        return data

    def apply_palette(self, palette: QPalette) -> None:
        """Follow the window's light or dark palette."""
        chart = self.chart()
        dark = _is_dark(palette)
        chart.setTheme(
            QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight
        )
        chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
        chart.setBackgroundRoundness(0)
        text = palette.color(QPalette.ColorRole.Text)
        for axis in (self.day_axis, self.minutes_axis):
            axis.setLabelsColor(text)
            axis.setTitleBrush(text)
        chart.legend().setLabelColor(text)
        # setTheme resets series colours: put ours back.
        for name, colour in _SERIES:
            self.bars[name].setColor(QColor(colour))
            self.bars[name].setBorderColor(QColor(colour))
        pen = QPen(text)
        pen.setWidthF(2.5)
        pen.setStyle(Qt.PenStyle.DashLine)
        for segment in self.plan_segments:
            segment.setPen(pen)
