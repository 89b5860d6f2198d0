"""The week's totals as a compact two-column grid."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from focusdesk.core.i18n import N_, _, ngettext
from focusdesk.core.week_review import WeekTotals
from focusdesk.core.wording import block_outcomes, count, offclock_unknown_words
from focusdesk.shell.locale_text import number
from focusdesk.shell.review.formatting import hours_minutes

#: (key, caption) in display order; `TotalsPanel.text(key)` reads a value back.
ROWS = (
    ("focus", N_("Focus")),
    ("blocks", N_("Blocks")),
    ("context_switches", N_("Context switches")),
    ("hard_stops", N_("Hard stops kept")),
    ("overtime", N_("Overtime")),
    ("offclock", N_("Offclock")),
    ("protected_days", N_("Protected days kept")),
    ("breaches", N_("Breaches")),
    ("deliverables", N_("Deliverables")),
)


def _hours(value: float) -> str:
    """`12.5` / `12,5`, `12` (no ".0")."""
    return number(value, 0 if float(value).is_integer() else 1)


def totals_texts(totals: WeekTotals) -> dict[str, str]:
    planned_hours = round(totals.planned_focus_seconds / 3600, 1)
    focus = _("{focus} h of {planned} h planned").format(
        focus=_hours(totals.focus_hours), planned=_hours(planned_hours)
    )
    if totals.plan_unknown_days == 7:
        focus = _("{focus} h (plan unknown)").format(focus=_hours(totals.focus_hours))
    elif totals.plan_unknown_days:
        focus += " " + ngettext(
            "({count} day: plan unknown)",
            "({count} days: plan unknown)",
            totals.plan_unknown_days,
        ).format(count=totals.plan_unknown_days)
    blocks = " · ".join(
        block_outcomes(
            totals.blocks_completed,
            totals.blocks_stopped,
            totals.blocks_cut,
            totals.blocks_recovered or None,
        )
    )
    return {
        "focus": focus,
        "blocks": blocks,
        "context_switches": str(totals.context_switches),
        "hard_stops": _("{done} of {due}").format(
            done=totals.hard_stops_kept, due=totals.hard_stops_due
        ),
        "overtime": hours_minutes(totals.overtime_minutes)
        + (f" ({count(totals.snoozes, 'snooze', 'snoozes')})" if totals.snoozes else ""),
        "offclock": " · ".join(
            part
            for part in (
                _("{time} on {days}").format(
                    time=hours_minutes(totals.offclock_minutes),
                    days=count(totals.offclock_days, "day", "days"),
                )
                if totals.offclock_seconds
                else ""
                if totals.offclock_unknown_days
                else _("none"),
                offclock_unknown_words(totals.offclock_unknown_days)
                if totals.offclock_unknown_days
                else "",
            )
            if part
        ),
        "protected_days": _("{done} of {due}").format(
            done=totals.protected_days_kept, due=totals.protected_days_due
        ),
        "breaches": str(totals.breaches),
        "deliverables": str(totals.deliverables),
    }


class TotalsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        title = QLabel(_("Totals"))
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
            layout.addRow(_(caption), value)

    def show_totals(
        self, totals: WeekTotals, *, ledger_first: bool = False, label: str | None = None
    ) -> None:
        """Show `totals`; with `label`, they are that label's sessions only (the table's filter)."""
        self.title.setText(
            _("Totals") if label is None else _("Totals — “{label}” only").format(label=label)
        )
        for key, text in totals_texts(totals).items():
            self._values[key].setText(text)
        # The outcome ledger's pattern (Caregiver-Pro) reads deliverables first.
        deliverables = self._values["deliverables"]
        bold = QFont(deliverables.font())
        bold.setBold(ledger_first)
        deliverables.setFont(bold)

    def text(self, key: str) -> str:
        return self._values[key].text()
