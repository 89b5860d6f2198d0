"""The first-run welcome: choose a pattern, see today's plan, find the tray icon.

Shown once, on the very first launch (no settings and no log yet), so a new
user is not left with a lone icon. It only shows and collects the choice; the
composition root switches the pattern and saves it.
"""

from __future__ import annotations

from datetime import date, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.patterns import Pattern
from focusdesk.core.planner import plan_day
from focusdesk.shell.settings.week_preview import WeekPreview


def today_lines(pattern: Pattern, today: date, zone: tzinfo) -> list[str]:
    """Today's plan under `pattern`, one line per block, then the hard stop (or why none)."""
    plan = plan_day(pattern, today, zone)
    if plan.protected:
        return [f"{today:%A} is protected in {pattern.name}: no work today."]
    lines = [
        f"{b.start:%H:%M}–{b.end:%H:%M}  {b.label} ({b.kind.value}, boundary {b.boundary.value})"
        for b in plan.blocks
    ]
    if not lines:
        lines.append("Nothing planned: click the icon whenever you want a focus block.")
    if plan.hard_stop is not None:
        lines.append(f"Hard stop at {plan.hard_stop:%H:%M}: the day ends there.")
    else:
        lines.append(f"No hard stop: {pattern.name} sets none on {today:%A}.")
    return lines


def where_the_icon_is(tray_available: bool) -> str:
    """Where FocusDesk lives on this desktop, and what a click does."""
    if not tray_available:
        return (
            "This desktop shows no system tray, so a small FocusDesk window stands in for "
            "the icon. Its Start button starts a focus block; it also pauses, stops and "
            "opens the review."
        )
    return (
        "FocusDesk lives in the system tray: the status area of your panel, usually at "
        "the top or bottom right of the screen (it may hide behind a small arrow). "
        "A left-click on the icon starts a focus block — the next planned one, else the "
        "pattern's default — or, during a block, shows what is running. A right-click "
        "opens the menu: review, settings, patterns, signal light, quit."
    )


class WelcomeWindow(QWidget):
    """Choose a pattern (with its week), see today's plan, learn where the icon is."""

    #: The user chose this pattern id ("Start with …").
    pattern_chosen = Signal(str)

    def __init__(
        self,
        catalog: PatternCatalog,
        active_id: str,
        today: date,
        zone: tzinfo,
        *,
        tray_available: bool,
        icon: QIcon | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("welcome")
        self.setWindowTitle("Welcome to FocusDesk")
        self._catalog = catalog
        self._today = today
        self._zone = zone

        heading = QLabel("Welcome to FocusDesk")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(
            "FocusDesk guards your day: focus blocks, short buffers between roles, a hard "
            "stop with a five-minute shutdown ritual, and a boundary signal that tells the "
            "people around you whether you are on or off. Start by choosing the shape of "
            "your week — you can change it any time from the tray menu."
        )
        intro.setWordWrap(True)

        self.pattern_box = QComboBox()
        for pattern in catalog.patterns():
            self.pattern_box.addItem(f"{pattern.name} ({pattern.model.value})", pattern.id)
        index = self.pattern_box.findData(active_id)
        self.pattern_box.setCurrentIndex(max(0, index))
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.preview = WeekPreview()
        self.preview.setMinimumSize(480, 220)
        pattern_group = QGroupBox("1. Choose a day pattern")
        pattern_layout = QVBoxLayout(pattern_group)
        pattern_layout.addWidget(self.pattern_box)
        pattern_layout.addWidget(self.description)
        pattern_layout.addWidget(self.preview, 1)

        self.today_title = QGroupBox()
        self.today_plan = QLabel()
        self.today_plan.setWordWrap(True)
        self.today_plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self.today_title).addWidget(self.today_plan)

        icon_group = QGroupBox("3. Where FocusDesk lives")
        icon_row = QHBoxLayout(icon_group)
        self.icon_label = QLabel()
        if icon is not None:
            self.icon_label.setPixmap(icon.pixmap(48, 48))
        self.icon_label.setFixedSize(52, 52)
        self.where = QLabel(where_the_icon_is(tray_available))
        self.where.setWordWrap(True)
        icon_row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        icon_row.addWidget(self.where, 1)

        self.start_button = QPushButton()
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._choose)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(pattern_group, 1)
        layout.addWidget(self.today_title)
        layout.addWidget(icon_group)
        layout.addLayout(buttons)
        self.resize(640, 760)

        self.pattern_box.currentIndexChanged.connect(self._show_pattern)
        self._show_pattern()

    def selected(self) -> Pattern:
        return self._catalog.get(str(self.pattern_box.currentData()))

    def _show_pattern(self) -> None:
        pattern = self.selected()
        self.description.setText(pattern.description)
        self.preview.set_pattern(pattern)
        self.today_title.setTitle(f"2. Today, {self._today:%A %d %B}, with {pattern.name}")
        self.today_plan.setText("\n".join(today_lines(pattern, self._today, self._zone)))
        self.start_button.setText(f"Start with {pattern.name}")

    def _choose(self) -> None:
        self.pattern_chosen.emit(str(self.pattern_box.currentData()))
        self.close()
