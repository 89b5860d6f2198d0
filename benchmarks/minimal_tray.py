"""The floor for this stack: the smallest useful PySide6 tray app.

A QPainter-drawn icon, a menu, and a 1 s QTimer that redraws the tooltip —
what any "remaining time" tray app does. The benchmarks measure FocusDesk
against this program on the same virtual display in the same run.

SIGUSR1 shows a window with a QtCharts chart (the floor for "a review window
was opened"); SIGUSR2 closes it. Python runs signal handlers between Qt
events, which the 1 s timer guarantees.
"""

from __future__ import annotations

import signal
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon


def draw_icon() -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#d98c1f"))
    painter.drawEllipse(2, 2, 28, 28)
    painter.end()
    return QIcon(pixmap)


def chart_window() -> object:
    """A window with a small bar chart (QtCharts imported only when asked)."""
    from PySide6.QtCharts import QBarSeries, QBarSet, QChart, QChartView

    bars = QBarSet("minutes")
    bars.append([90, 120, 60, 150, 45])
    series = QBarSeries()
    series.append(bars)
    chart = QChart()
    chart.addSeries(series)
    view = QChartView(chart)
    view.setWindowTitle("minimal chart window")
    view.resize(800, 500)
    return view


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    tray = QSystemTrayIcon(draw_icon())
    menu = QMenu()
    menu.addAction(QAction("Start focus", menu))
    quit_action = QAction("Quit", menu)
    quit_action.triggered.connect(app.quit)
    menu.addAction(quit_action)
    tray.setContextMenu(menu)

    started = time.monotonic()

    def tick() -> None:
        tray.setToolTip(f"running for {int(time.monotonic() - started)} s")

    timer = QTimer()
    timer.setInterval(1000)
    timer.timeout.connect(tick)
    timer.start()
    tray.show()

    windows: list[object] = []

    def show_window(*_: object) -> None:
        window = chart_window()
        window.show()  # type: ignore[attr-defined]
        windows.append(window)

    def close_window(*_: object) -> None:
        while windows:
            window = windows.pop()
            window.close()  # type: ignore[attr-defined]
            window.deleteLater()  # type: ignore[attr-defined]

    signal.signal(signal.SIGUSR1, show_window)
    signal.signal(signal.SIGUSR2, close_window)
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
