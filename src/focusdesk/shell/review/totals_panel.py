"""The week's totals as a compact two-column grid."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from focusdesk.core.week_review import WeekTotals
from focusdesk.core.wording import count, offclock_unknown_words
from focusdesk.shell.review.formatting import hours_minutes

#: (key, caption) in display order; `TotalsPanel.text(key)` reads a value back.
ROWS = (
    ("focus", "Focus"),
    ("blocks", "Blocks"),
    ("context_switches", "Context switches"),
    ("hard_stops", "Hard stops kept"),
    ("overtime", "Overtime"),
    ("offclock", "Offclock"),
    ("protected_days", "Protected days kept"),
    ("breaches", "Breaches"),
    ("deliverables", "Deliverables"),
)


def totals_texts(totals: WeekTotals) -> dict[str, str]:
    planned_hours = round(totals.planned_focus_seconds / 3600, 1)
    focus = f"{totals.focus_hours:g} h of {planned_hours:g} h planned"
    if totals.plan_unknown_days == 7:
        focus = f"{totals.focus_hours:g} h (plan unknown)"
    elif totals.plan_unknown_days:
        days = "day" if totals.plan_unknown_days == 1 else "days"
        focus += f" ({totals.plan_unknown_days} {days}: plan unknown)"
    return {
        "focus": focus,
        "blocks": (
            f"{totals.blocks_completed} completed · {totals.blocks_stopped} stopped · "
            f"{totals.blocks_cut} cut"
            + (f" · {totals.blocks_recovered} recovered" if totals.blocks_recovered else "")
        ),
        "context_switches": str(totals.context_switches),
        "hard_stops": f"{totals.hard_stops_kept} of {totals.hard_stops_due}",
        "overtime": hours_minutes(totals.overtime_minutes)
        + (f" ({count(totals.snoozes, 'snooze')})" if totals.snoozes else ""),
        "offclock": " · ".join(
            part
            for part in (
                f"{hours_minutes(totals.offclock_minutes)} on {count(totals.offclock_days, 'day')}"
                if totals.offclock_seconds
                else ""
                if totals.offclock_unknown_days
                else "none",
                offclock_unknown_words(totals.offclock_unknown_days)
                if totals.offclock_unknown_days
                else "",
            )
            if part
        ),
        "protected_days": f"{totals.protected_days_kept} of {totals.protected_days_due}",
        "breaches": str(totals.breaches),
        "deliverables": str(totals.deliverables),
    }


class TotalsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        title = QLabel("Totals")
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        title.setObjectName("totals-title")
        self.title = title
        layout.addRow(title)
        self._values: dict[str, QLabel] = {}
        self._layout = layout
        for key, caption in ROWS:
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"total-{key}")
            self._values[key] = value
            layout.addRow(caption, value)

    def show_totals(
        self, totals: WeekTotals, *, ledger_first: bool = False, label: str | None = None
    ) -> None:
        """Show `totals`; with `label`, they are that label's sessions only (the table's filter)."""
        self.title.setText("Totals" if label is None else f"Totals — “{label}” only")
        for key, text in totals_texts(totals).items():
            self._values[key].setText(text)
        # The outcome ledger's pattern (Caregiver-Pro) reads deliverables first.
        deliverables = self._values["deliverables"]
        bold = QFont(deliverables.font())
        bold.setBold(ledger_first)
        deliverables.setFont(bold)

    def text(self, key: str) -> str:
        return self._values[key].text()
