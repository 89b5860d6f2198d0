"""The app's side of the ritual's own process (`ritual_child`): the window, driven from afar.

`RitualProcess` answers the app as `ShutdownRitualWindow` does (prepare,
present, hide, done, snooze…) and passes each call on as a line to the
child. What the app asks about (is it shown, is a ring counting, where was
it left) it knows from what it said and what the child told it, so nothing
waits for the child. A child lives only while its window is on screen: when
the window is hidden (closed, snoozed) the child says what was filled in and
goes; the next `present` starts another with that draft, so an ignored or
snoozed ritual holds no process all evening. When a child cannot start or
dies before the day is closed, `failed` says why: the app then shows the
ritual in its own process rather than leave the hard stop without one.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QProcess, QTimer, Signal

from focusdesk.shell.ritual.ritual_protocol import (
    MAX_LINE_BYTES,
    Draft,
    RitualSetup,
    ShutdownAnswers,
    answers_from,
    draft_from,
    draft_message,
    line,
    place_bytes,
    place_text,
    read_line,
    setup_message,
)

_log = logging.getLogger(__name__)

CHILD_MODULE = "focusdesk.shell.ritual.ritual_child"
#: How long a ritual process may take to go once its input is closed.
ENDING_GRACE_MS = 3000


class RitualProcess(QObject):
    """The shutdown-ritual window in a child process."""

    done = Signal(object)  # ShutdownAnswers
    snooze_requested = Signal()
    #: The child could not start or ended before the day was closed (the reason).
    failed = Signal(str)

    def __init__(self, language: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._process: QProcess | None = None
        #: Processes told to go (their input closed) that have not gone yet.
        self._ending: list[QProcess] = []
        self._pending = b""
        self._visible = False
        self._ring = False
        self._place: bytes | None = None
        #: What the last hidden window held, for the next one (kept until the day is
        #: closed: a window that never comes back leaves it to the app's fallback).
        self.draft: Draft | None = None
        #: When the draft was taken (monotonic): its countdown goes on while no window shows.
        self._draft_at = 0.0
        #: Which `present` the window shows: a "hidden" from before the last one is stale.
        self._shown = 0
        #: Today's setup, sent again to each new process.
        self.setup: RitualSetup | None = None

    # --- what the app calls, as on the window ---------------------------------

    def prepare(
        self,
        hard_stop: datetime | None,
        checklist: Any,
        snoozes_left: int,
        snooze_minutes: int,
        strict: bool,
        big_task: str = "",
    ) -> None:
        self.setup = RitualSetup(
            hard_stop, tuple(checklist), snoozes_left, snooze_minutes, strict, big_task
        )
        if self._process is not None:
            self._send(setup_message(self.setup))

    def present(self) -> None:
        if self._process is None:  # a new process: today's setup and the draft first
            if self.setup is not None:
                self._send(setup_message(self.setup))
            draft = self.current_draft()
            if draft is not None:
                self._send({"op": "draft", **draft_message(draft)})
        self._shown += 1
        self._send({"op": "present", "seq": self._shown})
        self._visible = True
        self._ring = True

    def current_draft(self) -> Draft | None:
        """The last draft, its countdown moved on by the time since it was taken (the
        five minutes run whether the window is shown or not, as in the app's window)."""
        draft = self.draft
        if draft is None or draft.ring is None:
            return draft
        return replace(draft, elapsed=draft.elapsed + time.monotonic() - self._draft_at)

    def restore_draft(
        self,
        answers: ShutdownAnswers,
        ring: tuple[datetime | None, int] | None,
        elapsed: float,
    ) -> None:
        """Fill the window with answers (as `ShutdownRitualWindow.restore_draft`)."""
        draft = Draft(answers, ring, elapsed)
        self._keep_draft(draft)
        if self._process is not None:
            self._send({"op": "draft", **draft_message(draft)})

    def _keep_draft(self, draft: Draft | None) -> None:
        self.draft = draft
        self._draft_at = time.monotonic()

    def hide(self) -> None:
        if self._process is not None:
            self._send({"op": "hide"})
        self._visible = False

    def isVisible(self) -> bool:
        return self._visible

    def ring_running(self) -> bool:
        """Whether a ring's five minutes are counting: presented, and not done since."""
        return self._ring

    def place(self) -> QByteArray | None:
        return QByteArray(self._place) if self._place else None

    def restore_place(self, place: QByteArray) -> None:
        self._place = bytes(place.data())
        if self._process is not None:
            self._send({"op": "place", "place": place_text(self._place)})

    def running(self) -> bool:
        return self._process is not None

    def set_language(self, language: str | None) -> None:
        """The language of the next process (a running one keeps its own)."""
        self._language = language

    def end(self, *, wait: bool = False) -> None:
        """Close the ritual's process: its input ends and it quits (killed if it lingers).

        `wait`: until it is gone (the app quitting); else the event loop goes on,
        and a ritual asked for meanwhile gets a new process."""
        self.draft = None
        self._visible = False
        self._ring = False
        self._close_process(wait=wait)

    def _close_process(self, *, wait: bool = False) -> None:
        process, self._process = self._process, None
        self._pending = b""
        if process is not None:
            process.closeWriteChannel()
            self._ending.append(process)
            QTimer.singleShot(ENDING_GRACE_MS, process, process.kill)
        for going in list(self._ending) if wait else ():
            if not going.waitForFinished(ENDING_GRACE_MS):
                going.kill()
                going.waitForFinished(1000)

    # --- the child ----------------------------------------------------------------

    def _start(self) -> QProcess:
        process = QProcess(self)
        # Its complaints (a bad line, a Qt warning) go where the app's go.
        process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        # Bound methods, not closures over `process`: a closure would hold this object
        # from its own child's connections (a cycle Qt and Python would each free).
        process.readyReadStandardOutput.connect(self._read)
        process.errorOccurred.connect(self._error)
        process.finished.connect(self._finished)
        arguments = ["-m", CHILD_MODULE]
        if self._language:
            arguments += ["--language", self._language]
        self._pending = b""
        self._process = process
        process.start(sys.executable, arguments)
        if self._place:
            process.write(line({"op": "place", "place": place_text(self._place)}))
        return process

    def _send(self, message: dict[str, Any]) -> None:
        process = self._process or self._start()
        process.write(line(message))

    def _sender(self) -> QProcess | None:
        sender = self.sender()
        return sender if isinstance(sender, QProcess) else None

    def _read(self) -> None:
        process = self._sender()
        if process is None:
            return
        data = bytes(process.readAllStandardOutput().data())
        if process is not self._process:  # one that is ending: nothing it says counts now
            return
        self._pending += data
        while b"\n" in self._pending and process is self._process:
            raw, self._pending = self._pending.split(b"\n", 1)
            self._handle(read_line(raw))
        if len(self._pending) > MAX_LINE_BYTES:
            _log.warning("the ritual's process sent an overlong line; dropped")
            self._pending = b""

    def _handle(self, message: dict[str, Any] | None) -> None:
        event = message.get("event") if message is not None else None
        if message is None or event not in ("done", "snooze", "hidden"):
            _log.warning("the ritual's process said something unknown: %.200r", message)
            return
        place = place_bytes(message.get("place"))
        if place:
            self._place = place
        if event == "hidden":
            if message.get("seq") != self._shown:
                return  # hidden before the app asked to show it again: nothing to do
            self._visible = False
            try:
                self._keep_draft(draft_from(message.get("draft")))
            except (KeyError, TypeError, ValueError) as error:
                _log.warning("the ritual's draft cannot be read: %s", error)
                self._keep_draft(None)
            self._ring = self.draft is not None and self.draft.ring is not None
            self._close_process()  # out of sight: its process goes, the draft stays
        elif event == "snooze":  # (the app hides the window once the snooze is taken)
            self.snooze_requested.emit()
        else:
            try:
                answers = answers_from(message.get("answers"))
            except (TypeError, ValueError) as error:
                _log.warning("the ritual's answers cannot be read: %s", error)
                return
            self._visible = False
            self._ring = False
            self.draft = None
            self._close_process()  # the day is closed
            self.done.emit(answers)

    def _error(self, error: QProcess.ProcessError) -> None:
        process = self._sender()
        failed_to_start = error is QProcess.ProcessError.FailedToStart
        if failed_to_start and process is not None and process is self._process:
            self._lost(process, f"the ritual's process did not start ({process.errorString()})")

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        process = self._sender()
        if process is None:
            return
        if process in self._ending:  # told to go: as asked
            self._ending.remove(process)
            process.deleteLater()
            return
        if process is not self._process:
            return
        how = "crashed" if status is QProcess.ExitStatus.CrashExit else f"ended with code {code}"
        self._lost(process, f"the ritual's process {how}")

    def _lost(self, process: QProcess, reason: str) -> None:
        self._process = None
        process.deleteLater()
        was_needed = self._ring or self._visible
        self._visible = False
        self._ring = False
        if was_needed:
            self.failed.emit(reason)
        else:
            _log.info("%s", reason)
