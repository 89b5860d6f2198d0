"""A small always-available window for desktops without a system tray.

GNOME without the AppIndicator extension (and the offscreen platform) has no
tray: the app would be invisible and unusable. This window shows the state
and the time left, and offers the tray's everyday actions. It emits the same
requests as the tray, so the composition root connects both the same way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.shell.tray.tray import RUNNING_STATES, status_headline, status_lines

NO_TRAY_NOTE = "No system tray was found, so FocusDesk runs in this small window."


class FallbackWindow(QWidget):
    """State, time left, start/pause/resume/stop and the review, in one small window."""

    start_focus_requested = Signal(str)
    pause_requested = Signal()
    resume_requested = Signal()
    stop_requested = Signal(str)
    shutdown_ritual_requested = Signal()
    review_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("fallback-window")
        self.setWindowTitle("FocusDesk")
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.headline.setFont(font)
        self.details = QLabel()
        self.details.setObjectName("details")
        note = QLabel(NO_TRAY_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")

        self.start_button = QPushButton("Start focus block")
        self.start_button.setObjectName("start")
        self.start_button.clicked.connect(lambda: self.start_focus_requested.emit(""))
        self.pause_button = QPushButton("Pause")
        self.pause_button.setObjectName("pause")
        self.pause_button.clicked.connect(self.pause_requested.emit)
        self.resume_button = QPushButton("Resume")
        self.resume_button.setObjectName("resume")
        self.resume_button.clicked.connect(self.resume_requested.emit)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("stop")
        self.stop_button.clicked.connect(lambda: self.stop_requested.emit(""))
        self.ritual_button = QPushButton("Close the day…")
        self.ritual_button.setObjectName("ritual")
        self.ritual_button.clicked.connect(self.shutdown_ritual_requested.emit)
        self.review_button = QPushButton("Review…")
        self.review_button.setObjectName("review")
        self.review_button.clicked.connect(self.review_requested.emit)
        self.quit_button = QPushButton("Quit")
        self.quit_button.setObjectName("quit")
        self.quit_button.clicked.connect(self.quit_requested.emit)

        buttons = QHBoxLayout()
        for button in (
            self.start_button,
            self.pause_button,
            self.resume_button,
            self.stop_button,
            self.ritual_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.quit_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        layout.addWidget(note)

    def update_status(self, snapshot: StatusSnapshot) -> None:
        """Render a snapshot: headline, details, and the buttons that make sense now."""
        self.headline.setText(status_headline(snapshot))
        self.details.setText("\n".join(status_lines(snapshot)[1:]))
        in_block = snapshot.state in RUNNING_STATES
        self.start_button.setVisible(not in_block)
        self.pause_button.setVisible(snapshot.state in (EngineState.FOCUS, EngineState.BUFFER))
        self.resume_button.setVisible(snapshot.state is EngineState.PAUSED)
        self.stop_button.setVisible(in_block)
        self.ritual_button.setVisible(snapshot.state is EngineState.ALARM)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Without a tray this window is the app: closing it quits, like a normal app.
        self.quit_requested.emit()
        event.accept()
