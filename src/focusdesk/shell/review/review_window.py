"""The week review window (SPEC §5): one ISO week of the log, turned into advice.

Import this module lazily, when the window is first opened: it pulls in
QtCharts. Opening it, or changing weeks, reads one week of sessions and six
weeks of day records through the log's indexed range queries, never the
whole history.

    window = ReviewWindow(log, catalog, zone, today,       # catalog: PatternCatalog
                          plan_history=history.history)    # store.plan_history
    window.show()

Each past day is judged by the plan in force that day (`plan_history`; without
one, past plans are unknown). Besides the week's chart, totals, day timeline
and tabs, a Month tab reads one month when it is shown.

`patterns` may be the pattern catalogue (anything with `get(id)` and `in`) or
a callable `pattern_for(id) -> Pattern | None`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta, tzinfo
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QItemSelectionModel, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from focusdesk.core.advice import advise, reflection_trend
from focusdesk.core.i18n import N_, _
from focusdesk.core.month_review import YearMonth, load_month
from focusdesk.core.patterns import Pattern, ReviewFirst
from focusdesk.core.plan_history import PlanHistory
from focusdesk.core.planner import DayPlan
from focusdesk.core.sessions import DayRecord, SessionKind, SessionRecord, WeeklyReview
from focusdesk.core.settings import DEFAULT_PATTERN_ID
from focusdesk.core.week_review import (
    IsoWeek,
    WeekStats,
    load_week,
    plans_for_days,
    week_stats,
)
from focusdesk.core.wording import count
from focusdesk.exports import (
    ExportTargetExists,
    sessions_csv,
    sessions_ics,
    sessions_json,
    write_export,
)
from focusdesk.shell.locale_text import short_date
from focusdesk.shell.review.day_editor import DayEditor
from focusdesk.shell.review.day_timeline import DayTimeline
from focusdesk.shell.review.ledger_table import LedgerTable
from focusdesk.shell.review.log_commands import LogCommand, describe
from focusdesk.shell.review.month_view import MonthView
from focusdesk.shell.review.reflection_panel import ReflectionPanel
from focusdesk.shell.review.review_form import WeeklyReviewForm
from focusdesk.shell.review.session_editor import SessionEditor
from focusdesk.shell.review.session_table import LabelFilterProxy, SessionTableModel
from focusdesk.shell.review.totals_panel import TotalsPanel
from focusdesk.shell.review.week_chart import WeekChart
from focusdesk.store.atomic_write import write_atomically
from focusdesk.store.errors import SessionNotFound, StorageError

PatternFor = Callable[[str], Pattern | None]
ALL_LABELS = N_("All labels")
#: The reflection trend reads day records this far back (six ISO weeks in all).
TREND_WEEKS = 6
#: Rows the session table measures when sizing its columns to their contents.
RESIZE_PRECISION_ROWS = 50


def timeline_legend() -> str:
    """The day lanes' key, in the user's language."""
    return (
        "<small>{faint} "
        "<span style='color:#2563eb'>■</span> {focus} "
        "<span style='color:#14b8a6'>■</span> {buffer} "
        "<span style='color:#f97316'>■</span> {overtime} "
        "<span style='color:#dc2626'>■</span> {offclock} · ▨ {away} · "
        "<span style='color:#dc2626'>|</span> {hard_stop} · "
        "<span style='color:#dc2626'>▼</span> {breach} · {hint}</small>"
    ).format(
        faint=_("Faint: the plan in force that day · solid:"),
        focus=_("focus"),
        buffer=_("buffer"),
        overtime=_("overtime"),
        offclock=_("offclock"),
        away=_("away"),
        hard_stop=_("hard stop"),
        breach=_("breach"),
        hint=_("hover a session to see it, double-click to edit it"),
    )


class ReviewLog(Protocol):
    """What the window uses of the store's `SessionLog`."""

    def sessions_for_days(
        self, first: date, last: date, kind: SessionKind | None = None
    ) -> list[SessionRecord]: ...
    def days_between(self, first: date, last: date) -> list[DayRecord]: ...
    def get_weekly_review(self, week: str) -> WeeklyReview | None: ...
    def get_day(self, day: date) -> DayRecord | None: ...
    def save_day(self, rec: DayRecord) -> None: ...
    def save_weekly_review(self, rev: WeeklyReview) -> None: ...
    def insert_session(self, rec: SessionRecord) -> None: ...
    def update_session(self, rec: SessionRecord) -> None: ...
    def delete_session(self, session_id: str) -> SessionRecord: ...


def pattern_lookup(patterns: Any) -> PatternFor:
    """A `pattern_for(id)` from a catalogue (`get` + `in`), a mapping, or a callable."""
    if hasattr(patterns, "get") and hasattr(patterns, "__contains__"):

        def from_catalog(pattern_id: str) -> Pattern | None:
            return patterns.get(pattern_id) if pattern_id in patterns else None

        return from_catalog
    if callable(patterns):
        return patterns  # type: ignore[no-any-return]
    raise TypeError(f"patterns must be a catalogue or a callable, not {type(patterns).__name__}")


def _read_export_folder(state_file: Path) -> Path | None:
    """The export folder remembered in `state_file`, if it is readable and still a folder."""
    try:
        data = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    folder = data.get("export_folder") if isinstance(data, dict) else None
    return Path(folder) if isinstance(folder, str) and Path(folder).is_dir() else None


def _file_safe(text: str) -> str:
    """A label as part of a file name."""
    kept = "".join(c if c.isalnum() or c in "-_" else "-" for c in text.strip())
    return "-".join(part for part in kept.split("-") if part)[:40] or "label"


class ReviewWindow(QMainWindow):
    """One ISO week: chart, sessions, totals, ledger, reflection and advice, review form."""

    #: The folder of the last export, for the next export dialog (this run of the app).
    last_export_folder: Path | None = None

    #: The log was changed from this window (edit, delete, add, undo, redo).
    log_changed = Signal()
    #: The shown week changed (its ISO name, "2026-W47").
    week_shown = Signal(str)

    def __init__(
        self,
        log: ReviewLog,
        patterns: Any,
        zone: tzinfo,
        today: date,
        parent: QWidget | None = None,
        *,
        active_pattern_id: str = DEFAULT_PATTERN_ID,
        day_boundary: time = time(4, 0),
        plan_history: Callable[[], PlanHistory] | None = None,
        state_file: Path | None = None,
    ) -> None:
        super().__init__(parent)
        #: Remembers the export folder across runs (JSON: {"export_folder": "…"}).
        self._state_file = state_file
        if state_file is not None and ReviewWindow.last_export_folder is None:
            ReviewWindow.last_export_folder = _read_export_folder(state_file)
        self._log = log
        self._pattern_for = pattern_lookup(patterns)
        #: Reads the pattern history (SPEC §5); without one, past plans are unknown.
        self._plan_history = plan_history or PlanHistory
        self._zone = zone
        self._today = today
        self._active_pattern_id = active_pattern_id
        self._day_boundary = day_boundary
        self._week = IsoWeek.of(today)
        self._stats: WeekStats | None = None
        self._day_records: list[DayRecord] = []
        self._ledger_first = False
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(_("FocusDesk — week review"))
        self.resize(1120, 760)
        self._build()
        self.show_week(self._week)

    # --- building ----------------------------------------------------------------------

    def _build(self) -> None:
        toolbar = QToolBar(_("Week"))
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        self.previous_action = self._action(
            toolbar, "◀ " + _("Previous"), self.show_previous_week, QKeySequence.StandardKey.Back
        )
        self.this_week_action = self._action(toolbar, _("This week"), self.show_this_week)
        self.next_action = self._action(
            toolbar, _("Next") + " ▶", self.show_next_week, QKeySequence.StandardKey.Forward
        )
        self.week_title = QLabel()
        self.week_title.setObjectName("week-title")
        self.week_title.setContentsMargins(12, 0, 12, 0)
        toolbar.addWidget(self.week_title)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        # Short fixed texts: what would be undone is the tooltip. The stack's own
        # actions ("Undo edit focus Report Mon 09:30") grew the toolbar until the
        # export buttons fell into its "»" overflow.
        self.undo_action = self._undo_action(True, QKeySequence.StandardKey.Undo)
        self.redo_action = self._undo_action(False, QKeySequence.StandardKey.Redo)
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        toolbar.addSeparator()
        # "Export: CSV JSON iCalendar": the format names are the same in every
        # language, so the toolbar keeps its width in German too.
        export_label = QLabel(_("Export:"))
        export_label.setContentsMargins(4, 0, 2, 0)
        toolbar.addWidget(export_label)
        self.export_actions = {}
        for fmt, name in (("csv", "CSV"), ("json", "JSON"), ("ics", "iCalendar")):
            action = self._action(toolbar, name, partial(self.export_week, fmt))
            action.setToolTip(_("Export the shown week as {format}").format(format=name))
            self.export_actions[fmt] = action

        central = QWidget()
        layout = QVBoxLayout(central)
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.chart = WeekChart()
        self.totals = TotalsPanel()
        top_layout.addWidget(self.chart, 3)
        top_layout.addWidget(self.totals, 1)
        splitter.addWidget(top)
        self.timeline = DayTimeline()
        self.timeline.session_activated.connect(self.edit_session)
        lanes = QWidget()
        lanes_layout = QVBoxLayout(lanes)
        lanes_layout.setContentsMargins(0, 0, 0, 0)
        lanes_layout.setSpacing(2)
        lanes_layout.addWidget(self.timeline, 1)
        legend = QLabel(timeline_legend())
        legend.setWordWrap(True)
        legend.setObjectName("timeline-legend")
        lanes_layout.addWidget(legend)
        splitter.addWidget(lanes)

        self.tabs = QTabWidget()
        self.sessions_page = self._build_sessions_page()
        self.ledger = LedgerTable()
        self.ledger.day_activated.connect(self.edit_day)
        self.reflection = ReflectionPanel()
        self.review_form = WeeklyReviewForm()
        self.review_form.save_requested.connect(self.save_review)
        self.month_view = MonthView()
        self.month_view.month_requested.connect(self.show_month)
        self.month_view.calendar.day_activated.connect(lambda day: self.show_week(IsoWeek.of(day)))
        self._month_shown: YearMonth | None = None
        self._month_stale = True
        self.tabs.currentChanged.connect(lambda _index: self._refresh_month_if_shown())
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setStretchFactor(2, 3)
        layout.addWidget(splitter)
        self.setCentralWidget(central)

    def _undo_action(self, undo: bool, shortcut: QKeySequence.StandardKey) -> QAction:
        stack = self.undo_stack
        verb = _("Undo") if undo else _("Redo")
        action = QAction(verb, self)
        action.setShortcut(shortcut)
        action.triggered.connect(stack.undo if undo else stack.redo)
        can_change = stack.canUndoChanged if undo else stack.canRedoChanged
        text_change = stack.undoTextChanged if undo else stack.redoTextChanged
        can_change.connect(action.setEnabled)
        what = _("Undo {what}") if undo else _("Redo {what}")
        text_change.connect(
            lambda text: action.setToolTip(what.format(what=text) if text else verb)
        )
        action.setEnabled(False)
        return action

    def _action(
        self,
        toolbar: QToolBar,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(shortcut)
        toolbar.addAction(action)
        return action

    def _build_sessions_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.label_filter = QComboBox()
        self.label_filter.setMinimumContentsLength(16)
        self.label_filter.currentTextChanged.connect(self._filter_changed)
        self.edit_button = QPushButton(_("Edit…"))
        self.delete_button = QPushButton(_("Delete"))
        self.add_button = QPushButton(_("Add forgotten session…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.add_button.clicked.connect(self.add_session)
        bar.addWidget(QLabel(_("Label:")))
        bar.addWidget(self.label_filter)
        bar.addStretch(1)
        for button in (self.edit_button, self.delete_button, self.add_button):
            bar.addWidget(button)
        layout.addLayout(bar)

        self.session_model = SessionTableModel(self)
        self.session_proxy = LabelFilterProxy(self)
        self.session_proxy.setSourceModel(self.session_model)
        self.session_view = QTableView()
        self.session_view.setModel(self.session_proxy)
        self.session_view.setSortingEnabled(True)
        self.session_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.session_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.session_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.session_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.session_view.verticalHeader().setVisible(False)
        self.session_view.setAlternatingRowColors(True)
        header = self.session_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)  # notes: not measured
        # Size columns from the first rows (their texts have fixed formats), not
        # from every row of a busy week: each row costs a dozen data() calls
        # into Python, which made opening the window and switching weeks slow.
        header.setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        self.session_view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.session_view.selectionModel().selectionChanged.connect(self._update_buttons)
        delete = QAction(_("Delete session"), self.session_view)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_selected)
        self.session_view.addAction(delete)
        layout.addWidget(self.session_view)
        self._update_buttons()
        return page

    # --- weeks -------------------------------------------------------------------------

    @property
    def week(self) -> IsoWeek:
        return self._week

    @property
    def stats(self) -> WeekStats:
        assert self._stats is not None
        return self._stats

    def set_today(self, today: date) -> None:
        """Tell the window the working day changed (the tray does at the day boundary)."""
        self._today = today
        self.this_week_action.setEnabled(self._week != IsoWeek.of(today))

    def set_active_pattern(self, pattern_id: str) -> None:
        """Today and later follow this pattern (past days keep theirs)."""
        self._active_pattern_id = pattern_id

    def show_week(self, week: IsoWeek) -> None:
        """Show `week`; a review typed for the week being left is saved first, and says so."""
        if self._stats is not None and self.review_form.dirty:
            left = self.review_form.week
            if self.save_review():
                self._report(_("Weekly review of {week} saved.").format(week=left))
        if week != self._week:
            self._month_shown = None  # the month follows a newly shown week
        self._week = week
        self.refresh()
        self.review_form.load(str(week), self._read(lambda: self._log.get_weekly_review(str(week))))
        # A week not yet begun has nothing to review and nothing to fix yet.
        not_begun = week.monday > self._today
        self.review_form.set_read_only(not_begun)
        self.add_button.setEnabled(not not_begun)
        self.week_shown.emit(str(week))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._stats is not None and self.review_form.dirty:
            self.save_review()
        super().closeEvent(event)

    def show_previous_week(self) -> None:
        self.show_week(self._week.previous())

    def show_next_week(self) -> None:
        self.show_week(self._week.next())

    def show_this_week(self) -> None:
        self.show_week(IsoWeek.of(self._today))

    def _read(self, query: Callable[[], Any]) -> Any:
        try:
            return query()
        except StorageError as error:
            self.statusBar().showMessage(str(error))
            return None

    def refresh(self) -> None:
        """Read the shown week again from the log and redraw everything."""
        week = self._week
        try:
            stats = load_week(
                self._log,
                week,
                self._plan_history(),
                self._pattern_for(self._active_pattern_id),
                self._zone,
                self._today,
            )
            first = week.shifted(1 - TREND_WEEKS).monday
            reflections = self._log.days_between(first, week.sunday)
            # The trend needs only the offclock stretches: not six weeks of every session
            # (≈ 1,100 records built on each week switch).
            trend_sessions = self._log.sessions_for_days(
                first, week.sunday, kind=SessionKind.OFFCLOCK
            )
        except StorageError as error:
            self.statusBar().showMessage(str(error))
            return
        self._stats = stats
        self._day_records = [r for r in reflections if r.day >= week.monday - timedelta(days=1)]
        pattern = self._week_pattern(stats)
        ledger_first = pattern is not None and pattern.review_first is ReviewFirst.LEDGER
        heading = _("Week {week}").format(week=week)
        title = f"<b>{heading}</b>  ·  {short_date(week.monday)} – {short_date(week.sunday)}"
        title += f" {week.sunday:%Y}"
        if pattern is not None:
            title += f"  ·  {pattern.display_name}"
        self.week_title.setText(title)
        self.this_week_action.setEnabled(week != IsoWeek.of(self._today))
        self.chart.show_week(stats)
        self.timeline.show_week(stats)
        self._ledger_first = ledger_first
        self._show_sessions(stats)
        self._show_totals()
        self.ledger.show_ledger(stats.ledger)
        trend = reflection_trend(week, reflections, TREND_WEEKS, trend_sessions)
        self.reflection.show_trend(trend, advise(trend, self._pattern_for(self._active_pattern_id)))
        self._arrange_tabs(ledger_first)
        self._month_stale = True  # the log may have changed: read the month again when shown
        self._refresh_month_if_shown()

    # --- the month -----------------------------------------------------------------------

    def _refresh_month_if_shown(self) -> None:
        """Read the month only while its tab is shown: week switches stay one week's query."""
        if self.tabs.currentWidget() is self.month_view and self._month_stale:
            # The month the user went to, else the shown week's (by its Thursday, as ISO does).
            self.show_month(
                self._month_shown or YearMonth.of(self._week.monday + timedelta(days=3))
            )

    def show_month(self, month: YearMonth) -> None:
        """Show `month` in the month tab (each day judged by the plan in force that day)."""
        try:
            stats = load_month(
                self._log,
                month,
                self._plan_history(),
                self._pattern_for(self._active_pattern_id),
                self._zone,
                self._today,
            )
        except StorageError as error:
            self.statusBar().showMessage(str(error))
            return
        self._month_shown = month
        self._month_stale = False
        self.month_view.show_month(stats)

    def _week_pattern(self, stats: WeekStats) -> Pattern | None:
        """The pattern most of the week's days were lived under (the active one if none)."""
        ids = [d.pattern_id for d in stats.days if d.pattern_id]
        chosen = max(set(ids), key=ids.count) if ids else self._active_pattern_id
        return self._pattern_for(chosen) or self._pattern_for(self._active_pattern_id)

    def _arrange_tabs(self, ledger_first: bool) -> None:
        pages = [
            (self.sessions_page, _("Sessions")),
            (self.ledger, _("Outcome ledger")),
            (self.reflection, _("Reflection && advice")),
            (self.review_form, _("Weekly review")),
            (self.month_view, _("Month")),
        ]
        if ledger_first:
            pages.insert(0, pages.pop(1))
        order = [page for page, _title in pages]
        current = [self.tabs.widget(i) for i in range(self.tabs.count())]
        if current == order:
            return
        self.tabs.clear()
        for page, title in pages:
            self.tabs.addTab(page, title)
        self.tabs.setCurrentIndex(0)

    def _show_sessions(self, stats: WeekStats) -> None:
        chosen = self.session_proxy.label
        self.session_model.set_sessions(stats.sessions)
        labels = stats.labels
        self.label_filter.blockSignals(True)
        self.label_filter.clear()
        self.label_filter.addItem(_(ALL_LABELS))
        self.label_filter.addItems(labels)
        if chosen in labels:
            self.label_filter.setCurrentText(chosen)
        else:
            self.session_proxy.set_label(None)
        self.label_filter.blockSignals(False)
        self._update_buttons()

    def _filter_changed(self, text: str) -> None:
        self.session_proxy.set_label(None if text in ("", _(ALL_LABELS)) else text)
        self._show_totals()
        self._update_buttons()

    def _show_totals(self) -> None:
        """The totals of what the table shows: the week, or one label's sessions of it."""
        stats = self._stats
        if stats is None:
            return
        label = self.session_proxy.label
        totals = stats.totals
        if label is not None:
            only = [s for s in stats.sessions if s.label == label]
            mine = week_stats(stats.week, only, self._day_records, stats.plans, self._today).totals
            # Session figures are the label's; day verdicts stay the whole day's.
            totals = replace(
                totals,
                focus_seconds=mine.focus_seconds,
                buffer_seconds=mine.buffer_seconds,
                overtime_seconds=sum(s.actual_seconds for s in only if s.kind.value == "overtime"),
                blocks_completed=mine.blocks_completed,
                blocks_stopped=mine.blocks_stopped,
                blocks_cut=mine.blocks_cut,
                blocks_recovered=mine.blocks_recovered,
                context_switches=0,
                breaches=mine.breaches,
            )
        self.totals.show_totals(totals, ledger_first=self._ledger_first, label=label)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.chart.apply_palette(self.palette())
        super().changeEvent(event)

    # --- fixing the log ----------------------------------------------------------------

    def selected_session(self) -> SessionRecord | None:
        rows = self.session_view.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.session_proxy.mapToSource(rows[0])
        return self.session_model.session_at(source.row())

    def select_session(self, session_id: str) -> bool:
        row = self.session_model.row_of(session_id)
        if row is None:
            return False
        index = self.session_proxy.mapFromSource(self.session_model.index(row, 0))
        if not index.isValid():
            return False
        self.session_view.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def _update_buttons(self) -> None:
        session = self.selected_session()
        # A running block belongs to the engine until it ends.
        editable = session is not None and not session.is_open
        self.edit_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)

    def _changed(self) -> None:
        self.refresh()
        self.log_changed.emit()

    def _report(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def session_editor(self, session: SessionRecord | None = None) -> SessionEditor:
        """The dialog to edit `session` (or add one), saving through the undo stack."""
        save = self._save_edit if session is not None else self._save_new
        default_day = min(max(self._today, self._week.monday), self._week.sunday)
        return SessionEditor(
            save,
            self._zone,
            session=session,
            pattern_id=self._active_pattern_id,
            default_day=default_day,
            day_boundary=self._day_boundary,
            labels=self.stats.labels,
            plan_for=self._plan_for_day,
            parent=self,
        )

    def _plan_for_day(self, day: date) -> DayPlan | None:
        """`day`'s plan as it was in force that day (the pattern history); None if unknown."""
        if self._stats is not None and day in self._stats.plans:
            return self._stats.plans[day]
        active = self._pattern_for(self._active_pattern_id)
        plans = plans_for_days([day], self._plan_history(), active, self._zone, self._today)
        return plans[day]

    def edit_selected(self) -> None:
        session = self.selected_session()
        if session is None or session.is_open:
            return
        self.session_editor(session).exec()

    def edit_session(self, session_id: str) -> None:
        """Open the editor on one session of the shown week (the timeline's double-click)."""
        for session in self.stats.sessions:
            if session.id == session_id and not session.is_open:
                self.select_session(session_id)
                self.session_editor(replace(session)).exec()
                return

    def day_editor(self, day: date) -> DayEditor:
        """The dialog to back-fill `day`'s ritual answers, saving through the undo stack."""
        existing = self._read(lambda: self._log.get_day(day))
        record = existing or DayRecord(day, self._pattern_id_of(day))
        return DayEditor(self._save_day, replace(record), parent=self)

    def edit_day(self, day: date) -> None:
        """Back-fill a lived day (the ledger's double-click); a day not lived yet is refused."""
        if day > self._today:
            self._report(_("{day} has not happened yet.").format(day=short_date(day)))
            return
        self.day_editor(day).exec()

    def _pattern_id_of(self, day: date) -> str:
        stats = self._stats
        if stats is not None:
            for figures in stats.days:
                if figures.day == day and figures.pattern_id:
                    return figures.pattern_id
        return self._active_pattern_id

    def _save_day(self, new: DayRecord) -> None:
        old = self._log.get_day(new.day) or DayRecord(new.day, new.pattern_id)
        self._log.save_day(new)
        day = short_date(new.day)
        self.undo_stack.push(
            LogCommand(
                _("edit the ritual answers of {day}").format(day=day),
                lambda: self._log.save_day(new),
                lambda: self._log.save_day(old),
                self._changed,
                self._report,
            )
        )
        self._changed()
        self._report(_("Saved the ritual answers of {day}.").format(day=day))

    def add_session(self) -> None:
        self.session_editor().exec()

    def _save_edit(self, new: SessionRecord) -> None:
        old = self._log_copy(new.id)
        self._log.update_session(new)  # raises SessionConflict: the dialog shows it
        self.undo_stack.push(
            LogCommand(
                _("edit {session}").format(session=describe(old)),
                lambda: self._log.update_session(new),
                lambda: self._log.update_session(old),
                self._changed,
                self._report,
            )
        )
        self._changed()
        self._report(_("Saved {session}.").format(session=describe(new)))

    def _save_new(self, new: SessionRecord) -> None:
        self._log.insert_session(new)
        self.undo_stack.push(
            LogCommand(
                _("add {session}").format(session=describe(new)),
                lambda: self._log.insert_session(new),
                lambda: self._log.delete_session(new.id),
                self._changed,
                self._report,
            )
        )
        self._changed()
        self._report(_("Added {session}.").format(session=describe(new)))

    def _log_copy(self, session_id: str) -> SessionRecord:
        for session in self.stats.sessions:
            if session.id == session_id:
                return replace(session)
        raise SessionNotFound(
            _("Session {id} is not in the shown week any more.").format(id=session_id)
        )

    def delete_selected(self) -> None:
        session = self.selected_session()
        if session is None or session.is_open:
            return
        self.delete_session(session.id)

    def delete_session(self, session_id: str) -> None:
        """Delete a session from the log; Undo (Ctrl+Z) puts it back."""
        try:
            removed = self._log.delete_session(session_id)
        except (SessionNotFound, StorageError) as error:
            self._report(str(error))
            return
        self.undo_stack.push(
            LogCommand(
                _("delete {session}").format(session=describe(removed)),
                lambda: self._log.delete_session(session_id),
                lambda: self._log.insert_session(removed),
                self._changed,
                self._report,
            )
        )
        self._changed()
        self._report(
            _("Deleted {session} — Undo ({keys}) puts it back.").format(
                session=describe(removed),
                keys=self.undo_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
            )
        )

    # --- weekly review and export ------------------------------------------------------

    def save_review(self) -> bool:
        """Write the weekly review form to the log (asked, or by itself as the user types)."""
        try:
            self._log.save_weekly_review(self.review_form.review())
        except (ValueError, StorageError) as error:
            self.review_form.status.setText(str(error))
            return False
        self.review_form.mark_saved(datetime.now().astimezone())
        return True

    def export_folder(self) -> Path:
        """Where the export dialog opens: the last folder exported to, else the user's documents."""
        last = ReviewWindow.last_export_folder
        if last is not None and last.is_dir():
            return last
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def _remember_export_folder(self, folder: Path) -> None:
        if self._state_file is None:
            return
        data = json.dumps({"export_folder": str(folder)}, ensure_ascii=False).encode("utf-8")
        try:
            write_atomically(self._state_file, data)
        except OSError as error:  # a convenience: say it, never fail the export for it
            self._report(
                _("Could not remember the export folder in {file}: {error}").format(
                    file=self._state_file, error=error
                )
            )

    def export_name(self, fmt: str) -> str:
        label = self.session_proxy.label
        tail = f"-{_file_safe(label)}" if label else ""
        return f"focusdesk-{self._week}{tail}.{fmt}"

    def choose_export_path(self, fmt: str) -> Path | None:
        """Ask where to write the export (tests replace this)."""
        suffix = {"csv": "CSV (*.csv)", "json": "JSON (*.json)", "ics": "iCalendar (*.ics)"}[fmt]
        start = self.export_folder() / self.export_name(fmt)
        path, _filter = QFileDialog.getSaveFileName(self, _("Export the week"), str(start), suffix)
        return Path(path) if path else None

    def shown_sessions(self) -> list[SessionRecord]:
        """The sessions the table shows (the label filter applied), in time order."""
        label = self.session_proxy.label
        return [s for s in self.stats.sessions if label is None or s.label == label]

    def export_week(self, fmt: str) -> Path | None:
        """Write the shown week's sessions as CSV, JSON or iCalendar; returns the file."""
        target = self.choose_export_path(fmt)
        if target is None:
            return None
        # What the table shows: with a label chosen, that label's sessions only.
        sessions = self.shown_sessions()
        data: str | bytes
        if fmt == "csv":
            data = sessions_csv(sessions)
        elif fmt == "json":
            data = sessions_json(sessions)
        else:
            data = sessions_ics(sessions, now=datetime.now().astimezone())
        try:
            # The save dialog already asked before replacing: keep the old file as a backup.
            backup = write_export(target, data, replace=True)
        except (ExportTargetExists, OSError) as error:
            QMessageBox.warning(
                self,
                _("Export failed"),
                _("Could not write {file}: {error}").format(file=target, error=error),
            )
            return None
        ReviewWindow.last_export_folder = target.parent
        self._remember_export_folder(target.parent)
        label = self.session_proxy.label
        what = count(len(sessions), "session", "sessions")
        if label:
            done = _("Exported {sessions} labelled “{label}” to {file}.").format(
                sessions=what, label=label, file=target
            )
        else:
            done = _("Exported {sessions} to {file}.").format(sessions=what, file=target)
        if backup:
            kept = _("The previous file is kept as {name}.").format(name=backup.name)
            done = f"{done} {kept}"
        self._report(done)
        return target
