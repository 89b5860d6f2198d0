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

from focusdesk.core.i18n import _
from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.patterns import Pattern
from focusdesk.core.planner import plan_day
from focusdesk.shell.locale_text import clock, day_month, weekday_name
from focusdesk.shell.settings.week_preview import WeekPreview


def today_lines(pattern: Pattern, today: date, zone: tzinfo) -> list[str]:
    """Today's plan under `pattern`, one line per block, then the hard stop (or why none)."""
    plan = plan_day(pattern, today, zone)
    name, day = pattern.display_name, weekday_name(today)
    if plan.protected:
        return [_("{day} is protected in {pattern}: no work today.").format(day=day, pattern=name)]
    lines = []
    for b in plan.blocks:
        boundary = _("boundary on") if b.boundary.value == "on" else _("boundary off")
        label = _(b.label) if b.label else b.kind.display_name
        lines.append(
            f"{clock(b.start)}–{clock(b.end)}  {label} ({b.kind.display_name}, {boundary})"
        )
    if not lines:
        lines.append(_("Nothing planned: click the icon whenever you want a focus block."))
    if plan.hard_stop is not None:
        lines.append(
            _("Hard stop at {time}: the day ends there.").format(time=clock(plan.hard_stop))
        )
    else:
        lines.append(_("No hard stop: {pattern} sets none on {day}.").format(pattern=name, day=day))
    return lines


def where_the_icon_is(tray_available: bool) -> str:
    """Where FocusDesk lives on this desktop, and what a click does."""
    if not tray_available:
        return _(
            "This desktop shows no system tray, so a small FocusDesk window stands in for "
            "the icon. Its Start button starts a focus block; it also pauses, stops and "
            "opens the review."
        )
    return _(
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
        self.setWindowTitle(_("Welcome to FocusDesk"))
        self._catalog = catalog
        self._today = today
        self._zone = zone

        heading = QLabel(_("Welcome to FocusDesk"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(
            _(
                "FocusDesk guards your day: focus blocks, short buffers between roles, a hard "
                "stop with a five-minute shutdown ritual, and a boundary signal that tells the "
                "people around you whether you are on or off. Start by choosing the shape of "
                "your week — you can change it any time from the tray menu."
            )
        )
        intro.setWordWrap(True)

        self.pattern_box = QComboBox()
        for pattern in catalog.patterns():
            # "balance" / "integration" are in the catalogue (the command line marks them).
            model = _(pattern.model.value)
            self.pattern_box.addItem(f"{pattern.display_name} ({model})", pattern.id)
        index = self.pattern_box.findData(active_id)
        self.pattern_box.setCurrentIndex(max(0, index))
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.preview = WeekPreview()
        self.preview.setMinimumSize(480, 220)
        pattern_group = QGroupBox(_("1. Choose a day pattern"))
        pattern_layout = QVBoxLayout(pattern_group)
        pattern_layout.addWidget(self.pattern_box)
        pattern_layout.addWidget(self.description)
        pattern_layout.addWidget(self.preview, 1)

        self.today_title = QGroupBox()
        self.today_plan = QLabel()
        self.today_plan.setWordWrap(True)
        self.today_plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self.today_title).addWidget(self.today_plan)

        icon_group = QGroupBox(_("3. Where FocusDesk lives"))
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
        self.description.setText(pattern.display_description)
        self.preview.set_pattern(pattern)
        self.today_title.setTitle(
            _("2. Today, {date}, with {pattern}").format(
                date=day_month(self._today), pattern=pattern.display_name
            )
        )
        self.today_plan.setText("\n".join(today_lines(pattern, self._today, self._zone)))
        self.start_button.setText(_("Start with {pattern}").format(pattern=pattern.display_name))

    def _choose(self) -> None:
        self.pattern_chosen.emit(str(self.pattern_box.currentData()))
        self.close()
