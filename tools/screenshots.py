"""Screenshots of every FocusDesk window in English, German and Spanish.

    python tools/screenshots.py [OUT_DIR] [--lang de,es] [--only review,settings]

Builds each window offscreen (QT_QPA_PLATFORM=offscreen, the system's real
fonts through fontconfig) over a throw-away data folder filled with a known
week, switches the language the way the `language` setting does, and saves
`OUT_DIR/<lang>-<window>.png` (default OUT_DIR: /tmp/focusdesk-shots). Look
at each picture: German's longer words must fit without clipping. Prints,
for each shot, the widgets whose text is wider than the room they got
(buttons, labels, group titles, tabs), so a clipped word shows up in the
output too.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from PySide6.QtGui import QFontMetrics  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QCheckBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QWidget,
)

from focusdesk.core.i18n import _ as _t  # noqa: E402
from focusdesk.core.i18n import set_language  # noqa: E402
from focusdesk.core.pattern_loader import PatternCatalog  # noqa: E402
from focusdesk.core.sessions import (  # noqa: E402
    DayRecord,
    Outcome,
    SessionKind,
    SessionRecord,
)
from focusdesk.core.status import EngineState, StatusSnapshot  # noqa: E402
from focusdesk.core.week_review import IsoWeek  # noqa: E402
from focusdesk.resources import builtin_patterns_dir  # noqa: E402
from focusdesk.shell.desktop.qt_translations import install_qt_translations  # noqa: E402

ZONE = ZoneInfo("Europe/Berlin")
WEEK = IsoWeek(2026, 47)
MON, TUE, WED, THU, FRI, SAT, SUN = WEEK.days
NOW = datetime(2026, 11, 19, 10, 0, tzinfo=UTC)


def _session(sid: str, day: date, start: str, minutes: int, kind: SessionKind, label: str,
             outcome: Outcome = Outcome.COMPLETED, breach: bool = False) -> SessionRecord:  # fmt: skip
    begin = datetime.combine(day, time.fromisoformat(start), tzinfo=ZONE).astimezone(UTC)
    end = begin + timedelta(minutes=minutes)
    return SessionRecord(
        id=sid, kind=kind, label=label, pattern_id="boundary-fortress", day=day,
        started_at=begin, planned_end=end, utc_offset_minutes=60,
        planned_seconds=minutes * 60, ended_at=end, actual_seconds=minutes * 60,
        outcome=outcome, breach=breach,
    )  # fmt: skip


KNOWN_WEEK = [
    _session("mon-1", MON, "09:30", 90, SessionKind.FOCUS, "Deep work"),
    _session("mon-b", MON, "11:00", 10, SessionKind.BUFFER, "Deep work"),
    _session("mon-2", MON, "11:10", 30, SessionKind.FOCUS, "Email", Outcome.STOPPED),
    _session("tue-1", TUE, "09:30", 60, SessionKind.FOCUS, "Deep work"),
    _session("thu-1", THU, "17:50", 40, SessionKind.FOCUS, "Proposal", Outcome.CUT),
    _session("thu-o", THU, "18:30", 15, SessionKind.OVERTIME, "Proposal"),
    _session("sat-1", SAT, "10:00", 20, SessionKind.FOCUS, "Taxes", breach=True),
]


class Shots:
    """A data folder with a known week, and the builders of each window."""

    def __init__(self, folder: Path) -> None:
        from focusdesk.core.plan_history import PatternEvent
        from focusdesk.paths import DataPaths
        from focusdesk.store.database import open_database
        from focusdesk.store.plan_history import PatternHistoryLog
        from focusdesk.store.session_log import SessionLog

        self.paths = DataPaths(folder)
        self.paths.user_patterns_dir.mkdir(parents=True, exist_ok=True)
        self.catalog = PatternCatalog(builtin_patterns_dir(), self.paths.user_patterns_dir)
        self.database = open_database(self.paths.database)
        self.history = PatternHistoryLog(self.database)
        self.history.record(
            self.catalog.get("boundary-fortress"), date(2026, 11, 2),
            datetime(2026, 11, 2, 8, tzinfo=UTC), PatternEvent.START,
        )  # fmt: skip
        self.log = SessionLog(self.database)
        for session in KNOWN_WEEK:
            self.log.insert_session(session)
        self.log.save_day(DayRecord(MON, "boundary-fortress", hard_stop_kept=True, deliverables=2,
                                    deliverables_note="Outline, charts", energy=4, relationships=4))  # fmt: skip
        self.log.save_day(DayRecord(THU, "boundary-fortress", hard_stop_kept=False,
                                    overtime_seconds=900, snoozes=1, deliverables=1))  # fmt: skip

    def ritual(self) -> QWidget:
        from focusdesk.shell.ritual.shutdown_ritual import ShutdownRitualWindow

        window = ShutdownRitualWindow()
        pattern = self.catalog.get("boundary-fortress")
        hard_stop = datetime(2026, 11, 19, 18, 30, tzinfo=ZONE)
        window.prepare(hard_stop, pattern.checklist, 2, 10, strict=False)
        window.adjustSize()
        return window

    def welcome(self) -> QWidget:
        from focusdesk.shell.settings.welcome_window import WelcomeWindow

        return WelcomeWindow(self.catalog, "boundary-fortress", THU, ZONE, tray_available=True)

    def about(self) -> QWidget:
        from focusdesk.core.i18n import _
        from focusdesk.shell.tray.about_dialog import AboutDialog

        paths = self.paths
        files = [
            (_("Data folder"), paths.data_dir),
            (_("Log file"), paths.log_file),
            (_("Settings"), paths.settings_file),
            (_("Your patterns"), paths.user_patterns_dir),
        ]
        dialog = AboutDialog("1.0", files, ROOT / "README.md")
        dialog.adjustSize()
        return dialog

    def no_tray(self) -> QWidget:
        from focusdesk.shell.tray.fallback_window import FallbackWindow
        from focusdesk.shell.tray.tray import Tray

        tray = Tray()
        tray.set_label_choices(["Deep work", "Email"])
        tray.set_patterns(
            [(p.id, p.display_name) for p in self.catalog.patterns()], "boundary-fortress"
        )
        window = FallbackWindow(tray, now=lambda: NOW)
        window._keep_tray = tray  # type: ignore[attr-defined]
        window.update_status(
            StatusSnapshot(
                state=EngineState.FOCUS, pattern_id="boundary-fortress", label="Deep work",
                ends_at=NOW + timedelta(minutes=42), remaining_seconds=42 * 60,
                total_seconds=90 * 60, hard_stop=NOW.replace(hour=17, minute=30),
            )
        )  # fmt: skip
        return window

    def _review(self, tab: int = 0) -> QWidget:
        from focusdesk.shell.review.review_window import ReviewWindow

        window = ReviewWindow(self.log, self.catalog, ZONE, SUN, plan_history=self.history.history)
        window.resize(1120, 760)  # the size the app opens it at
        window.tabs.setCurrentIndex(tab)
        return window

    def review(self) -> QWidget:
        return self._review(0)

    def review_ledger(self) -> QWidget:
        return self._review(1)

    def review_reflection(self) -> QWidget:
        return self._review(2)

    def review_weekly(self) -> QWidget:
        return self._review(3)

    def review_month(self) -> QWidget:
        window = self._review(4)
        return window

    def backfill(self) -> QWidget:
        from focusdesk.core.sessions import DayRecord
        from focusdesk.shell.review.day_editor import DayEditor

        editor = DayEditor(lambda record: None, DayRecord(TUE, "boundary-fortress"))
        editor.adjustSize()
        return editor

    def session_editor(self) -> QWidget:
        from focusdesk.shell.review.session_editor import SessionEditor

        editor = SessionEditor(lambda record: None, ZONE, session=KNOWN_WEEK[0])
        editor.show_error(_t("The end ({end}) must be after the start ({start}).").format(
            end="Mo 10:00", start="Mo 11:00"))  # fmt: skip
        editor.adjustSize()
        return editor

    def _settings(self, tab: int) -> QWidget:
        from focusdesk.core.settings import Settings
        from focusdesk.shell.desktop.autostart import XdgAutostart
        from focusdesk.shell.settings.settings_window import SettingsWindow

        autostart = XdgAutostart(
            ["/usr/bin/python3", "-m", "focusdesk"],
            env={"XDG_CONFIG_HOME": str(self.paths.data_dir / "config")},
        )
        settings = Settings(hooks=(("notify-send", "FocusDesk", "$FOCUSDESK_STATE"),))
        window = SettingsWindow(settings, self.catalog, self.paths, autostart, lambda s: None)
        window.tabs.setCurrentIndex(tab)
        if window.tabs.widget(tab) is window.calendar_tab:
            from focusdesk.core.today_plan import CalendarState

            ics = self.paths.data_dir / "work.ics"
            ics.write_text("not a calendar", encoding="utf-8")
            window.calendar_tab.set_files(("work.ics", "team.ics"))
            window.show_calendars(
                [
                    CalendarState(str(ics), NOW, False, _t("not found"), ""),
                    CalendarState(str(ics), None, True, "", ""),
                ],
                {
                    "all_day": ["Team offsite"],
                    "blocks": [
                        {"start": "2026-11-19T09:30:00+01:00", "end": "2026-11-19T10:00:00+01:00",
                         "kind": "focus", "source": "pattern", "label": "Deep work",
                         "conflict": _t("cut around {meetings}").format(meetings="“Standup”")},
                        {"start": "2026-11-19T10:00:00+01:00", "end": "2026-11-19T10:30:00+01:00",
                         "kind": "collab", "source": "meeting", "label": "Standup",
                         "conflict": ""},
                    ],
                    "dropped": [],
                    "hard_stop": "2026-11-19T18:30:00+01:00",
                },
            )  # fmt: skip
        return window

    def settings_pattern(self) -> QWidget:
        return self._settings(0)

    def settings_day(self) -> QWidget:
        return self._settings(1)

    def settings_alerts(self) -> QWidget:
        return self._settings(2)

    def settings_signal(self) -> QWidget:
        return self._settings(3)

    def settings_calendars(self) -> QWidget:
        return self._settings(4)

    def settings_general(self) -> QWidget:
        return self._settings(5)

    def pattern_editor(self) -> QWidget:
        from focusdesk.shell.settings.pattern_editor import PatternEditor

        editor = PatternEditor(self.catalog.get("boundary-fortress"), self.catalog, self.paths)
        editor.resize(1000, 640)
        return editor

    def pattern_editor_defaults(self) -> QWidget:
        editor = self.pattern_editor()
        editor.day_tabs.setCurrentIndex(editor.day_tabs.count() - 1)  # type: ignore[attr-defined]
        return editor

    def _focus_snapshot(self) -> StatusSnapshot:
        return StatusSnapshot(
            state=EngineState.FOCUS, pattern_id="boundary-fortress", label="Deep work",
            ends_at=NOW + timedelta(minutes=42), remaining_seconds=42 * 60,
            total_seconds=90 * 60, hard_stop=NOW.replace(hour=17, minute=30),
            next_label="Lunch", next_at=NOW + timedelta(hours=2),
        )  # fmt: skip

    def signal_board(self) -> QWidget:
        from focusdesk.shell.boundary.signal_board import SignalBoard

        board = SignalBoard(now=lambda: NOW)
        board.resize(1024, 600)
        board.show_status(self._focus_snapshot())
        return board

    def signal_light(self) -> QWidget:
        from focusdesk.shell.boundary.signal_light import SignalLight

        light = SignalLight(now=lambda: NOW)
        light.show_status(self._focus_snapshot())
        return light

    def builders(self) -> dict[str, Callable[[], QWidget]]:
        return {
            "signal-board": self.signal_board,
            "signal-light": self.signal_light,
            "settings-pattern": self.settings_pattern,
            "settings-day": self.settings_day,
            "settings-alerts": self.settings_alerts,
            "settings-signal": self.settings_signal,
            "settings-calendars": self.settings_calendars,
            "settings-general": self.settings_general,
            "pattern-editor": self.pattern_editor,
            "pattern-editor-defaults": self.pattern_editor_defaults,
            "ritual": self.ritual,
            "welcome": self.welcome,
            "about": self.about,
            "no-tray": self.no_tray,
            "review": self.review,
            "review-ledger": self.review_ledger,
            "review-reflection": self.review_reflection,
            "review-weekly": self.review_weekly,
            "review-month": self.review_month,
            "backfill": self.backfill,
            "session-editor": self.session_editor,
        }


def clipped(window: QWidget) -> Iterator[str]:
    """Visible widgets whose one-line text is wider than they are."""
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        metrics = QFontMetrics(widget.font())
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text():
            text = widget.text()
            if "<" in text or "\n" in text:
                continue
            if metrics.horizontalAdvance(text) > widget.contentsRect().width() + 1:
                yield f"label {text!r}"
        elif isinstance(widget, QPushButton) and widget.text():
            text = widget.text().replace("&&", "&")
            if metrics.horizontalAdvance(text) + 12 > widget.width():
                yield f"button {text!r}"
        elif isinstance(widget, QCheckBox | QRadioButton) and widget.text():
            box = 22  # the indicator and its spacing
            if metrics.horizontalAdvance(widget.text()) + box > widget.width():
                yield f"{type(widget).__name__} {widget.text()!r}"
        elif isinstance(widget, QGroupBox) and widget.title():
            if metrics.horizontalAdvance(widget.title()) + 16 > widget.width():
                yield f"group {widget.title()!r}"
        elif isinstance(widget, QTabWidget):
            bar = widget.tabBar()
            for index in range(bar.count()):
                text = bar.tabText(index)
                if metrics.horizontalAdvance(text) > bar.tabRect(index).width():
                    yield f"tab {text!r}"


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    options = dict(a[2:].split("=", 1) for a in argv[1:] if a.startswith("--") and "=" in a)
    out = Path(args[0]) if args else Path("/tmp/focusdesk-shots")
    out.mkdir(parents=True, exist_ok=True)
    languages = options.get("lang", "en,de,es").split(",")
    only = options.get("only", "").split(",") if options.get("only") else None
    app = QApplication.instance() or QApplication([])
    problems = 0
    with tempfile.TemporaryDirectory() as folder:
        shots = Shots(Path(folder))
        for language in languages:
            set_language(language)
            install_qt_translations(app)
            for name, build in shots.builders().items():
                if only and name not in only:
                    continue
                window = build()
                window.show()
                app.processEvents()
                path = out / f"{language}-{name}.png"
                window.grab().save(str(path))
                cut = list(clipped(window))
                problems += len(cut)
                print(
                    f"{path}  {window.width()}x{window.height()}",
                    *(f"\n  CLIPPED {c}" for c in cut),
                )
                window.close()
                window.deleteLater()
                app.processEvents()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
