"""Render the week review window with a realistic week, in light and dark palettes.

    Xvfb -displayfd 1 -screen 0 1280x900x24 &   # then DISPLAY=:<n>
    .venv/bin/python docs/screenshots/make_review_screenshots.py

Writes review-light.png and review-dark.png next to this file. The week is
generated (Boundary Fortress, Europe/Berlin, 2026-W46) into a throw-away log.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.plan_history import PatternEvent
from focusdesk.core.sessions import (
    DayRecord,
    Outcome,
    SessionKind,
    SessionRecord,
    WeeklyReview,
    new_session_id,
)
from focusdesk.core.week_review import IsoWeek
from focusdesk.resources import builtin_patterns_dir
from focusdesk.shell.review.review_window import ReviewWindow
from focusdesk.store.database import open_database
from focusdesk.store.plan_history import PatternHistoryLog
from focusdesk.store.session_log import SessionLog

ZONE = ZoneInfo("Europe/Berlin")
WEEK = IsoWeek(2026, 46)
HERE = Path(__file__).resolve().parent
PATTERN = "boundary-fortress"


def _session(
    day: date,
    start: str,
    minutes: int,
    kind: SessionKind,
    label: str,
    outcome: Outcome = Outcome.COMPLETED,
    breach: bool = False,
) -> SessionRecord:
    local = datetime.combine(day, time.fromisoformat(start), tzinfo=ZONE)
    begin = local.astimezone(UTC)
    end = begin + timedelta(minutes=minutes)
    offset = local.utcoffset() or timedelta(0)
    return SessionRecord(
        id=new_session_id(),
        kind=kind,
        label=label,
        pattern_id=PATTERN,
        day=day,
        started_at=begin,
        planned_end=end,
        utc_offset_minutes=int(offset.total_seconds() // 60),
        planned_seconds=minutes * 60,
        ended_at=end,
        actual_seconds=minutes * 60,
        outcome=outcome,
        breach=breach,
    )


F, B, OT = SessionKind.FOCUS, SessionKind.BUFFER, SessionKind.OVERTIME
DAYS = {
    0: [
        ("09:30", 90, F, "Quarterly report"),
        ("11:00", 10, B, "Quarterly report"),
        ("14:00", 50, F, "Code review", Outcome.STOPPED),
        ("14:50", 10, B, "Code review"),
    ],
    1: [
        ("09:30", 90, F, "Quarterly report"),
        ("11:00", 10, B, "Quarterly report"),
        ("11:10", 45, F, "Inbox zero"),
        ("15:30", 60, F, "Client proposal"),
    ],
    2: [
        ("09:30", 75, F, "Client proposal", Outcome.STOPPED),
        ("10:45", 10, B, "Client proposal"),
        ("13:30", 90, F, "Quarterly report"),
    ],
    3: [
        ("09:30", 90, F, "Quarterly report"),
        ("11:00", 10, B, "Quarterly report"),
        ("17:50", 40, F, "Client proposal", Outcome.CUT),
        ("18:30", 10, OT, "Client proposal"),
        ("18:40", 10, OT, "Client proposal"),
    ],
    4: [
        ("09:30", 90, F, "Client proposal"),
        ("11:00", 10, B, "Client proposal"),
        ("11:10", 30, F, "Code review"),
    ],
    5: [("10:00", 25, F, "Taxes", Outcome.COMPLETED, True)],
}
BIG_TASKS = [
    "Draft Q4 numbers",
    "Finish report charts",
    "Send proposal v1",
    "Proposal feedback round",
    "Wrap up the week",
    "",
    "",
]


def fill(log: SessionLog) -> None:
    for offset, rows in DAYS.items():
        day = WEEK.monday + timedelta(days=offset)
        for start, minutes, kind, label, *rest in rows:
            log.insert_session(_session(day, start, minutes, kind, label, *rest))
    energy = [4, 4, 3, 3, 4, 4]
    relationships = [3, 4, 3, 4, 4, 4]
    for back in range(6):
        week = WEEK.shifted(-back)
        for i in range(5):
            day = week.monday + timedelta(days=i)
            record = DayRecord(
                day,
                PATTERN,
                hard_stop_kept=not (back == 0 and i == 3),
                overtime_seconds=1200 if back == 0 and i == 3 else 0,
                snoozes=2 if back == 0 and i == 3 else 0,
                protected=False,
                big_task_tomorrow=BIG_TASKS[i] if back == 0 else "",
                energy=min(5, energy[back] + (i % 2)),
                relationships=relationships[back],
                deliverables=[2, 1, 2, 1, 3][i] + (1 if back < 2 and i == 4 else 0) - back // 3,
                deliverables_note=["Report outline", "Charts", "Proposal v1", "", "Review notes"][i]
                if back == 0
                else "",
            )
            log.save_day(record)
    log.save_day(
        DayRecord(
            WEEK.monday - timedelta(days=1), PATTERN, big_task_tomorrow="Outline the Q4 report"
        )
    )
    log.save_weekly_review(
        WeeklyReview(
            str(WEEK),
            wins="Three full mornings on the report; the proposal went out on time.",
            misses="Thursday ran past the hard stop (two snoozes). Saturday taxes.",
            upgrade="Move client calls before 16:00 so the last hour stays quiet.",
        )
    )


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1f2125",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#17181b",
        QPalette.ColorRole.AlternateBase: "#222428",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#2a2d32",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3b82f6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2a2d32",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8a8f98",
        QPalette.ColorRole.Mid: "#3a3d42",
        QPalette.ColorRole.Dark: "#111214",
        QPalette.ColorRole.Light: "#3a3d42",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#8a8f98"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7078"))
    return palette


def main() -> int:
    app = QApplication(sys.argv)
    app.setStyle(QStyleFactory.create("Fusion"))
    light = app.style().standardPalette()
    with tempfile.TemporaryDirectory() as folder, open_database(Path(folder) / "log.sqlite3") as db:
        log = SessionLog(db)
        fill(log)
        catalog = PatternCatalog(builtin_patterns_dir())
        # The pattern in force since well before the week (the app records it as it runs).
        history = PatternHistoryLog(db)
        history.record(
            catalog.get(PATTERN),
            WEEK.monday - timedelta(weeks=8),
            datetime.combine(WEEK.monday - timedelta(weeks=8), time(8), tzinfo=UTC),
            PatternEvent.START,
        )
        for name, palette, tab in (("light", light, 0), ("dark", dark_palette(), 2)):
            app.setPalette(palette)
            window = ReviewWindow(
                log,
                catalog,
                ZONE,
                WEEK.sunday,
                active_pattern_id=PATTERN,
                plan_history=history.history,
            )
            window.resize(1200, 900)
            window.tabs.setCurrentIndex(tab)
            window.show()
            for _ in range(20):
                app.processEvents()
            out = HERE / f"review-{name}.png"
            window.grab().save(str(out))
            print(out)
            window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
