"""The dialog that fixes the log: edit a past session, or add a forgotten one.

It validates what it can see (an end after the start) and hands the record to
a `save` callable; the log refuses overlaps with a `SessionConflict`, whose
message is shown in the dialog, which stays open so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from focusdesk.core.i18n import _
from focusdesk.core.planner import DayPlan, local_instant
from focusdesk.core.sessions import Outcome, SessionKind, SessionRecord, new_session_id
from focusdesk.core.week_review import is_breach, working_day
from focusdesk.shell.locale_text import short_time
from focusdesk.shell.review.formatting import kind_word, outcome_word
from focusdesk.store.errors import SessionConflict, SessionNotFound, StorageError

#: Outcomes a finished session can have (a running one is the engine's business).
EDITABLE_OUTCOMES = (
    Outcome.COMPLETED,
    Outcome.STOPPED,
    Outcome.INTERRUPTED,
    Outcome.CUT,
    Outcome.RECOVERED,
)

Save = Callable[[SessionRecord], None]
#: The plan of a working day (the pattern in force that day), to judge breaches.
PlanFor = Callable[[date], DayPlan | None]


def _wall_edit() -> QDateTimeEdit:
    # The editor shows naive wall-clock values: a UTC QDateTime never shifts them
    # for the system zone's DST, and `local_instant` applies the user's zone.
    edit = QDateTimeEdit()
    edit.setTimeZone(QTimeZone.utc())
    edit.setDisplayFormat("ddd yyyy-MM-dd  HH:mm")
    edit.setCalendarPopup(True)
    return edit


def _to_qt(wall: datetime) -> QDateTime:
    return QDateTime(
        QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute), QTimeZone.utc()
    )


def _from_qt(edit: QDateTimeEdit) -> tuple[date, time]:
    value = edit.dateTime()
    qdate, qtime = value.date(), value.time()
    return date(qdate.year(), qdate.month(), qdate.day()), time(qtime.hour(), qtime.minute())


class SessionEditor(QDialog):
    """Edit `session`'s times, kind, label, outcome and note — or add a new one (session=None)."""

    def __init__(
        self,
        save: Save,
        zone: tzinfo,
        *,
        session: SessionRecord | None = None,
        pattern_id: str = "",
        default_day: date | None = None,
        day_boundary: time = time(4, 0),
        labels: Sequence[str] = (),
        plan_for: PlanFor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._zone = zone
        self._original = session
        self._pattern_id = session.pattern_id if session else pattern_id
        self._day_boundary = day_boundary
        self._plan_for = plan_for
        self.saved: SessionRecord | None = None
        self.setWindowTitle(_("Edit session") if session else _("Add a forgotten session"))

        layout = QFormLayout(self)
        self._form = layout
        self.kind = QComboBox()
        for kind in SessionKind:
            self.kind.addItem(kind_word(kind), kind)
        self.label = QComboBox()
        self.label.setEditable(True)
        self.label.addItems(list(labels))
        self.start = _wall_edit()
        self.end = _wall_edit()
        self.outcome = QComboBox()
        for outcome in EDITABLE_OUTCOMES:
            self.outcome.addItem(outcome_word(outcome), outcome)
        self.note = QLineEdit()
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #dc2626;")
        self.error.setObjectName("session-editor-error")
        self.error.setVisible(False)
        layout.addRow(_("Kind"), self.kind)
        layout.addRow(_("Label"), self.label)
        layout.addRow(_("Start"), self.start)
        layout.addRow(_("End"), self.end)
        layout.addRow(_("Outcome"), self.outcome)
        layout.addRow(_("Note"), self.note)
        layout.addRow(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout.addRow(self.buttons)

        if session is not None:
            self.kind.setCurrentIndex(self.kind.findData(session.kind))
            self.label.setCurrentText(session.label)
            self.start.setDateTime(_to_qt(session.started_at.astimezone(zone).replace(tzinfo=None)))
            end = session.ended_at or session.planned_end
            self.end.setDateTime(_to_qt(end.astimezone(zone).replace(tzinfo=None)))
            index = self.outcome.findData(session.outcome)
            self.outcome.setCurrentIndex(max(0, index))
            self.note.setText(session.note)
        else:
            day = default_day or date.today()
            start = datetime.combine(day, time(9, 0))
            self.start.setDateTime(_to_qt(start))
            self.end.setDateTime(_to_qt(start + timedelta(minutes=90)))

    def record(self) -> SessionRecord:
        """The session as the fields describe it (raises SessionConflict for bad times)."""
        start = local_instant(*_from_qt(self.start), self._zone)
        end = local_instant(*_from_qt(self.end), self._zone)
        if end <= start:
            raise SessionConflict(
                _("The end ({end}) must be after the start ({start}).").format(
                    end=short_time(end), start=short_time(start)
                )
            )

        offset = start.utcoffset() or timedelta(0)
        seconds = int((end - start).total_seconds())
        original = self._original
        paused = min(original.paused_seconds, seconds) if original else 0
        draft = SessionRecord(
            id=original.id if original else new_session_id(),
            kind=SessionKind(self.kind.currentData()),
            label=self.label.currentText().strip(),
            pattern_id=self._pattern_id,
            day=working_day(start, self._day_boundary),
            started_at=start.astimezone(UTC),
            planned_end=end.astimezone(UTC),
            utc_offset_minutes=int(offset.total_seconds() // 60),
            planned_seconds=seconds,
            ended_at=end.astimezone(UTC),
            actual_seconds=seconds - paused,
            paused_seconds=paused,
            outcome=Outcome(self.outcome.currentData()),
            note=self.note.text().strip(),
        )
        # Work logged by hand in protected time is a breach, as if started live;
        # an edit that moves neither the start nor the kind keeps the logged flag.
        breach = self._judge_breach(draft)
        if original is None:
            return replace(draft, breach=breach)
        unmoved = (original.started_at, original.kind) == (draft.started_at, draft.kind)
        # An edit keeps what the dialog does not show: the plan.
        return replace(
            draft,
            planned_end=original.planned_end,
            planned_seconds=original.planned_seconds,
            breach=original.breach if unmoved else breach,
            heartbeat_at=original.heartbeat_at,
        )

    def _judge_breach(self, draft: SessionRecord) -> bool:
        plan = self._plan_for(draft.day) if self._plan_for is not None else None
        return is_breach(draft.kind, draft.started_at, plan)

    def show_error(self, message: str) -> None:
        """Show why the session cannot be saved; the dialog grows so every line is seen."""
        self.error.setText(message)
        self.error.setVisible(bool(message))
        # A wrapped label needs its height for the dialog's width: ask the layout again.
        layout = self._form
        layout.invalidate()
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def try_save(self) -> None:
        """Save and close, or show why not and stay open."""
        try:
            record = self.record()
            self._save(record)
        except (SessionConflict, SessionNotFound, StorageError) as error:
            self.show_error(str(error))
            return
        self.saved = record
        self.accept()
