"""The shutdown-ritual window shown at the hard stop (SPEC §2, §3).

It has to be seen even when notifications fail: it opens on top, raised,
first on the screen the pointer is on, later where the user left it (and at
the size they gave it). A five-minute countdown keeps the ritual short. It
only collects answers; the composition root hands them to the engine
(`finish_day`) and the store.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QCursor, QGuiApplication, QHideEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from focusdesk.core.i18n import _, ngettext
from focusdesk.shell.locale_text import clock
from focusdesk.shell.ritual.ritual_protocol import ShutdownAnswers

NOT_SET = "—"
#: The README's "five-minute shutdown ritual".
RITUAL_SECONDS = 5 * 60


class ScoreChooser(QWidget):
    """A 1–5 score as a row of radio buttons, with "—" for no answer."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for value in (0, 1, 2, 3, 4, 5):
            button = QRadioButton(NOT_SET if value == 0 else str(value))
            button.setObjectName(f"{name}-{value}")
            self.group.addButton(button, value)
            layout.addWidget(button)
        self.group.button(0).setChecked(True)
        layout.addStretch(1)

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked <= 0 else checked

    def set_value(self, value: int | None) -> None:
        self.group.button(value or 0).setChecked(True)


class ShutdownRitualWindow(QWidget):
    """The hard-stop window: checklist, tomorrow's one big task, reflection, snooze, done."""

    done = Signal(object)  # ShutdownAnswers
    snooze_requested = Signal()
    #: The window went out of sight (closed, snoozed, done or hidden by the app).
    hidden = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("shutdown-ritual")
        self.setWindowTitle(_("FocusDesk — close the day"))
        self.setMinimumWidth(440)
        self._monotonic = monotonic
        #: Which ring the countdown belongs to (hard stop, snoozes left), and when it began.
        self._ritual_key: tuple[datetime | None, int] | None = None
        self._prepared_key: tuple[datetime | None, int] | None = None
        self._started: float | None = None
        self._placed = False
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_time_left)
        self.countdown = QLabel()
        self.countdown.setObjectName("countdown")
        count_font = self.countdown.font()
        count_font.setPointSizeF(count_font.pointSizeF() * 1.2)
        self.countdown.setFont(count_font)

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)

        self.checklist_box = QGroupBox(_("Shutdown checklist"))
        self.checklist_layout = QVBoxLayout(self.checklist_box)
        self.checkboxes: list[QCheckBox] = []
        self._checklist: list[str] = []

        self.big_task = QLineEdit()
        self.big_task.setObjectName("big-task")
        self.big_task.setPlaceholderText(_("The one thing that would make tomorrow a good day"))

        self.energy = ScoreChooser("energy")
        self.relationships = ScoreChooser("relationships")
        self.deliverables = QSpinBox()
        self.deliverables.setObjectName("deliverables")
        self.deliverables.setRange(-1, 999)
        self.deliverables.setSpecialValueText(NOT_SET)
        self.deliverables.setValue(-1)
        self.deliverables_note = QLineEdit()
        self.deliverables_note.setObjectName("deliverables-note")
        self.deliverables_note.setPlaceholderText(_("What was delivered (optional)"))

        reflection = QGroupBox(_("Today's reflection"))
        form = QFormLayout(reflection)
        # Long German labels wrap instead of pushing the score buttons off the window.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("Energy (1–5)"), self.energy)
        form.addRow(_("Deliverables completed"), self.deliverables)
        form.addRow("", self.deliverables_note)
        form.addRow(_("Relationships (1–5)"), self.relationships)

        self.snooze_button = QPushButton()
        self.snooze_button.setObjectName("snooze")
        self.snooze_button.clicked.connect(self.snooze_requested.emit)
        self.snooze_note = QLabel()
        self.done_button = QPushButton(_("Done — close the day"))
        self.done_button.setObjectName("done")
        self.done_button.setDefault(True)
        self.done_button.clicked.connect(self._on_done)

        # The note has a line of its own: beside the buttons it was cut off.
        self.snooze_note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.snooze_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)

        big_task_box = QGroupBox(_("Tomorrow's one big task"))
        QVBoxLayout(big_task_box).addWidget(self.big_task)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.countdown)
        layout.addWidget(self.checklist_box)
        layout.addWidget(big_task_box)
        layout.addWidget(reflection)
        layout.addWidget(self.snooze_note)
        layout.addLayout(buttons)

    def prepare(
        self,
        hard_stop: datetime | None,
        checklist: Sequence[str],
        snoozes_left: int,
        snooze_minutes: int,
        strict: bool,
        big_task: str = "",
    ) -> None:
        """Fill the window for today: the pattern's checklist and what snooze allows."""
        self._prepared_key = (hard_stop, snoozes_left)
        if hard_stop is not None:
            self.heading.setText(
                _("Hard stop ({time}) — time to close the day").format(time=clock(hard_stop))
            )
        else:
            self.heading.setText(_("Hard stop — time to close the day"))
        self.subheading.setText(_("Close your open loops, name tomorrow's one big task, and stop."))
        # Prepared again while open (shown again, a snooze's new ring): what was
        # ticked stays ticked.
        ticked = {
            item
            for item, box in zip(self._checklist, self.checkboxes, strict=True)
            if box.isChecked()
        }
        for box in self.checkboxes:
            self.checklist_layout.removeWidget(box)
            box.deleteLater()
        self.checkboxes = []
        self._checklist = list(checklist)  # logged in the pattern's own words
        for item in checklist:
            box = QCheckBox(_(item))  # the pattern's words, translated where shown
            box.setChecked(item in ticked)
            self.checklist_layout.addWidget(box)
            self.checkboxes.append(box)
        self.checklist_box.setVisible(bool(checklist))
        if big_task and not self.big_task.text():
            self.big_task.setText(big_task)
        if strict:
            self.snooze_button.setVisible(False)
            self.snooze_note.setText(_("Strict mode: no snooze."))
        elif snoozes_left <= 0:
            self.snooze_button.setVisible(False)
            self.snooze_note.setText(_("No snoozes left today."))
        else:
            self.snooze_button.setVisible(True)
            self.snooze_button.setText(
                ngettext(
                    "Snooze {minutes} min ({left} left)",
                    "Snooze {minutes} min ({left} left)",
                    snoozes_left,
                ).format(minutes=snooze_minutes, left=snoozes_left)
            )
            self.snooze_note.setText(_("Snoozed time is logged as overtime."))

    def answers(self) -> ShutdownAnswers:
        """What is filled in right now."""
        deliverables = self.deliverables.value()
        return ShutdownAnswers(
            checklist_done=[
                item
                for item, box in zip(self._checklist, self.checkboxes, strict=True)
                if box.isChecked()
            ],
            big_task_tomorrow=self.big_task.text().strip(),
            energy=self.energy.value(),
            deliverables=None if deliverables < 0 else deliverables,
            deliverables_note=self.deliverables_note.text().strip(),
            relationships=self.relationships.value(),
        )

    def draft(self) -> tuple[ShutdownAnswers, tuple[datetime | None, int] | None, float]:
        """What is filled in so far, the ring its countdown belongs to (None: none is
        counting) and how many seconds of it have run: for a window built again."""
        elapsed = 0.0 if self._started is None else self._monotonic() - self._started
        ring = self._ritual_key if self._started is not None else None
        return self.answers(), ring, elapsed

    def restore_draft(
        self,
        answers: ShutdownAnswers,
        ring: tuple[datetime | None, int] | None,
        elapsed: float,
    ) -> None:
        """Fill in a `draft()` of an earlier window (call after `prepare`). Its countdown
        goes on where it was if it belongs to the ring prepared now; a new ring (after a
        snooze) starts a fresh five minutes, as in the same window."""
        for item, box in zip(self._checklist, self.checkboxes, strict=True):
            box.setChecked(item in answers.checklist_done)
        self.big_task.setText(answers.big_task_tomorrow)
        self.energy.set_value(answers.energy)
        self.relationships.set_value(answers.relationships)
        self.deliverables.setValue(-1 if answers.deliverables is None else answers.deliverables)
        self.deliverables_note.setText(answers.deliverables_note)
        if ring is not None and ring == self._prepared_key:
            self._ritual_key = ring
            self._started = self._monotonic() - max(0.0, elapsed)

    def present(self) -> None:
        """Show the window on top, raised and focused: the first time centred on the
        pointer's screen, then where the user left it, at the size they gave it."""
        if not self._placed or not self._on_a_screen():
            self._place_on_pointer_screen()
        else:
            # Keep the user's size; only grow if a longer checklist needs more room.
            hint = self.sizeHint()
            self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))
        if self._prepared_key != self._ritual_key or self._started is None:
            self._ritual_key = self._prepared_key
            self._started = self._monotonic()  # a new ring: a fresh five minutes
        self._show_time_left()
        self._tick.start()
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()
        # The one thing to type right away is tomorrow's big task.
        self.big_task.setFocus()

    def ring_running(self) -> bool:
        """Whether a hard-stop ring's five minutes are counting (snoozed, say)."""
        return self._started is not None

    def seconds_left(self) -> int:
        """Of the five minutes the ritual should take (0 once they are over)."""
        if self._started is None:
            return RITUAL_SECONDS
        return max(0, round(RITUAL_SECONDS - (self._monotonic() - self._started)))

    def _show_time_left(self) -> None:
        left = self.seconds_left()
        if left > 0:
            minutes, seconds = divmod(left, 60)
            self.countdown.setText(
                _("{time} left of your five-minute ritual").format(time=f"{minutes}:{seconds:02d}")
            )
        else:
            self.countdown.setText(_("Five minutes are up: tick what is done and close the day."))
            self._tick.stop()

    def _place_on_pointer_screen(self) -> None:
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        self.adjustSize()
        if screen is not None:
            area = screen.availableGeometry()
            frame = self.frameGeometry()
            frame.moveCenter(area.center())
            self.move(frame.topLeft())
        self._placed = True

    def place(self) -> QByteArray | None:
        """Where the user left the window and its size (for a window built again), if shown."""
        return self.saveGeometry() if self._placed else None

    def restore_place(self, place: QByteArray) -> None:
        """Open where an earlier ritual window was left (`place()`), not centred."""
        self._placed = self.restoreGeometry(place)

    def _on_a_screen(self) -> bool:
        return QGuiApplication.screenAt(self.frameGeometry().center()) is not None

    def hideEvent(self, event: QHideEvent) -> None:
        self._tick.stop()
        super().hideEvent(event)
        if not event.spontaneous():  # (a window manager's minimise is not one)
            self.hidden.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._tick.stop()
        super().closeEvent(event)

    def _on_done(self) -> None:
        self.done.emit(self.answers())
        self._started = None  # the day is closed: a later ring starts afresh
        self.hide()
