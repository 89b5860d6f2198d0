"""The six-week reflection trend (a sparkline table) and the advice drawn from it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from focusdesk.core.advice import Advice, AdviceKind, WeekReflection
from focusdesk.core.i18n import N_, _
from focusdesk.shell.locale_text import number

ROWS = (N_("Energy (1–5)"), N_("Output (deliverables)"), N_("Relationships (1–5)"))


def sparkline(
    values: Sequence[float | None], colour: QColor, width: int = 96, height: int = 22
) -> QPixmap:
    """A small line of the series scaled to its own range; a gap breaks the line."""
    pixmap = QPixmap(width, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    present = [v for v in values if v is not None]
    if not present or len(values) < 2:
        return pixmap
    low, high = min(present), max(present)
    span = (high - low) or 1.0
    step = (width - 8) / (len(values) - 1)

    def point(i: int, v: float) -> QPointF:
        return QPointF(4 + i * step, height - 4 - (v - low) / span * (height - 8))

    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour)
    pen.setWidthF(2.0)
    painter.setPen(pen)
    painter.setBrush(colour)
    previous: QPointF | None = None
    for i, value in enumerate(values):
        if value is None:
            previous = None
            continue
        here = point(i, value)
        if previous is not None:
            painter.drawLine(previous, here)
        previous = here
    last = [(i, v) for i, v in enumerate(values) if v is not None][-1]
    painter.drawEllipse(point(*last), 2.5, 2.5)
    painter.end()
    return pixmap


class ReflectionPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.trend_table = QTableWidget(len(ROWS), 0)
        self.trend_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.trend_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.trend_table.setVerticalHeaderLabels([_(row) for row in ROWS])
        self.trend_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.trend_table.setIconSize(QSize(96, 22))
        self.trend_table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        layout.addWidget(self.trend_table)
        self._advice_box = QVBoxLayout()
        layout.addLayout(self._advice_box)
        layout.addStretch(1)
        self.advice_labels: list[QLabel] = []

    def show_trend(self, trend: Sequence[WeekReflection], advice: Sequence[Advice]) -> None:
        table = self.trend_table
        table.setColumnCount(len(trend) + 1)
        table.setHorizontalHeaderLabels(
            [_("W{week}").format(week=f"{r.week.week:02d}") for r in trend] + [_("Trend")]
        )
        series: list[list[float | None]] = [
            [r.energy for r in trend],
            [None if r.output is None else float(r.output) for r in trend],
            [r.relationships for r in trend],
        ]
        for row, values in enumerate(series):
            for column, value in enumerate(values):
                shown = "—" if value is None else number(value, 0 if value == int(value) else 1)
                item = QTableWidgetItem(shown)

                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, column, item)
            spark = QTableWidgetItem()
            colour = self.palette().color(QPalette.ColorRole.Highlight)
            spark.setData(Qt.ItemDataRole.DecorationRole, sparkline(values, colour))
            table.setItem(row, len(values), spark)
        for label in self.advice_labels:
            label.deleteLater()
        self.advice_labels = []
        for tip in advice:
            label = QLabel(f"<b>{tip.title}</b><br>{tip.text}")
            label.setWordWrap(True)
            label.setFrameShape(QFrame.Shape.StyledPanel)
            label.setMargin(8)
            label.setProperty("advice", tip.kind.value)
            if tip.kind is AdviceKind.NOT_ENOUGH_DATA:
                label.setEnabled(False)
            self._advice_box.addWidget(label)
            self.advice_labels.append(label)
