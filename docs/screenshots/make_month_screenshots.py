"""Render the review's day timeline and month view (November 2026), light and dark.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_month_screenshots.py

Writes timeline-{light,dark}.png and month-{light,dark}.png next to this file
from a generated month (Boundary Fortress, Europe/Berlin, the pattern history
starting on 3 November so the 1st and 2nd show "plan unknown").
"""

import random
import sys
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.plan_history import PatternEvent
from focusdesk.core.sessions import DayRecord, Outcome, SessionKind, SessionRecord
from focusdesk.resources import builtin_patterns_dir
from focusdesk.shell.review.review_window import ReviewWindow
from focusdesk.store.database import open_database
from focusdesk.store.plan_history import PatternHistoryLog
from focusdesk.store.session_log import SessionLog

BERLIN = ZoneInfo("Europe/Berlin")
HERE = Path(__file__).resolve().parent
out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
work = Path(tempfile.mkdtemp())
app = QApplication([])
app.setStyle("Fusion")
catalog = PatternCatalog(builtin_patterns_dir())
path = work / "log.sqlite3"
path.unlink(missing_ok=True)
db = open_database(path)
hist = PatternHistoryLog(db)
hist.record(
    catalog.get("boundary-fortress"),
    date(2026, 11, 3),
    datetime(2026, 11, 3, 7, tzinfo=UTC),
    PatternEvent.START,
)
log = SessionLog(db)
n = 0


def add(
    day,
    start,
    minutes,
    kind=SessionKind.FOCUS,
    label="Deep work",
    outcome=Outcome.COMPLETED,
    paused=0,
    breach=False,
    note="",
):
    global n
    n += 1
    local = datetime.combine(day, time.fromisoformat(start), tzinfo=BERLIN)
    begin = local.astimezone(UTC)
    end = begin + timedelta(minutes=minutes)
    log.insert_session(
        SessionRecord(
            id=f"s{n}",
            kind=kind,
            label=label,
            pattern_id="boundary-fortress",
            day=day,
            started_at=begin,
            planned_end=end,
            utc_offset_minutes=60,
            planned_seconds=minutes * 60,
            ended_at=end,
            actual_seconds=minutes * 60 - paused,
            paused_seconds=paused,
            outcome=outcome,
            breach=breach,
            note=note,
        )
    )


rng = random.Random(3)
day = date(2026, 11, 2)
while day <= date(2026, 11, 28):
    wd = day.weekday()
    if wd < 5:
        add(day, "09:30", rng.choice([90, 80, 60, 45]), paused=rng.choice([0, 0, 600]))
        add(day, "11:00", 10, SessionKind.BUFFER, "")
        if rng.random() < 0.6:
            add(
                day,
                "14:00",
                rng.choice([50, 70]),
                label="Report",
                outcome=rng.choice([Outcome.COMPLETED, Outcome.STOPPED]),
                note="Call from school",
            )
        kept = rng.random() < 0.75
        if not kept:
            add(day, "18:20", 25, label="Report", outcome=Outcome.CUT)
            add(day, "18:45", 10, SessionKind.OVERTIME, "Report")
        log.save_day(
            DayRecord(
                day, "boundary-fortress", hard_stop_kept=kept, overtime_seconds=0 if kept else 600
            )
        )
    elif day == date(2026, 11, 21):
        add(day, "10:00", 30, label="Taxes", breach=True)
    day += timedelta(days=1)


for theme in ("light", "dark"):
    if theme == "dark":
        pal = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Window, "#202124"),
            (QPalette.ColorRole.Base, "#17181a"),
            (QPalette.ColorRole.Text, "#e8eaed"),
            (QPalette.ColorRole.WindowText, "#e8eaed"),
            (QPalette.ColorRole.Button, "#2b2c2f"),
            (QPalette.ColorRole.ButtonText, "#e8eaed"),
            (QPalette.ColorRole.Mid, "#555"),
        ):
            pal.setColor(role, QColor(colour))
        app.setPalette(pal)
    w = ReviewWindow(
        log,
        catalog,
        BERLIN,
        date(2026, 11, 26),
        active_pattern_id="boundary-fortress",
        plan_history=lambda: hist.history(lambda p: catalog.get(p) if p in catalog else None),
    )
    w.resize(1120, 860)
    w.show_week(w.week.previous())
    w.show()
    app.processEvents()
    w.timeline.grab().save(str(out / f"timeline-{theme}.png"))
    w.tabs.setCurrentWidget(w.month_view)
    app.processEvents()
    w.month_view.grab().save(str(out / f"month-{theme}.png"))
    w.close()
db.close()
print("ok")
