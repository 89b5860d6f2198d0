"""The shutdown ritual in a process of its own: `python -m focusdesk.shell.ritual.ritual_child`.

The app starts it at the hard stop and drives it over standard input
(`ritual_protocol`); it shows `ShutdownRitualWindow` and tells the app what
the user did over standard output. It ends when its input ends: after
"Done" the app closes it, and if the app goes away the ritual goes with it.
Everything it drew (Qt's widget and font code, the fonts, the window's
backing store: ≈ 7 MB) goes with the process, instead of staying in the app
all evening.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from focusdesk.shell.ritual.ritual_protocol import (
    MAX_LINE_BYTES,
    Draft,
    ShutdownAnswers,
    answers_message,
    draft_from,
    draft_message,
    line,
    place_bytes,
    place_text,
    read_line,
    setup_from,
)


class RitualChild:
    """The window, and the two pipes to the app."""

    def __init__(self, input_fd: int, output: Any) -> None:
        from PySide6.QtCore import QByteArray, QSocketNotifier
        from PySide6.QtWidgets import QApplication

        from focusdesk.shell.ritual.shutdown_ritual import ShutdownRitualWindow

        self._qt_app = QApplication.instance()
        self._output = output
        self._input_fd = input_fd
        self._pending = b""
        self._byte_array = QByteArray
        #: The app's number for the last "present" (said back with "hidden").
        self._shown: object = None
        self.window = ShutdownRitualWindow()
        self.window.done.connect(self._done)
        self.window.snooze_requested.connect(lambda: self._send({"event": "snooze"}))
        self.window.hidden.connect(self._hidden)
        os.set_blocking(input_fd, False)
        self._notifier = QSocketNotifier(input_fd, QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._read)

    def _place(self) -> str | None:
        place = self.window.place()
        return place_text(bytes(place.data())) if place is not None else None

    def _hidden(self) -> None:
        answers, ring, elapsed = self.window.draft()
        draft = draft_message(Draft(answers, ring, elapsed))
        self._send({"event": "hidden", "place": self._place(), "draft": draft, "seq": self._shown})

    def _done(self, answers: ShutdownAnswers) -> None:
        self._send({"event": "done", "answers": answers_message(answers), "place": self._place()})

    def _send(self, message: dict[str, Any]) -> None:
        try:
            self._output.write(line(message))
            self._output.flush()
        except OSError:  # the app is gone: so is the reason to be here
            self._quit()

    def _read(self) -> None:
        try:
            chunk = os.read(self._input_fd, 65536)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:  # the app closed our input (done, quitting, or gone)
            self._quit()
            return
        self._pending += chunk
        while b"\n" in self._pending:
            raw, self._pending = self._pending.split(b"\n", 1)
            self.handle(read_line(raw))
        if len(self._pending) > MAX_LINE_BYTES:
            print("focusdesk ritual: an overlong line from the app was dropped", file=sys.stderr)
            self._pending = b""

    def handle(self, message: dict[str, Any] | None) -> None:
        """Carry out one message from the app; one that makes no sense is said and skipped."""
        op = message.get("op") if message is not None else None
        try:
            if op == "prepare" and message is not None:
                setup = setup_from(message)
                self.window.prepare(
                    hard_stop=setup.hard_stop,
                    checklist=setup.checklist,
                    snoozes_left=setup.snoozes_left,
                    snooze_minutes=setup.snooze_minutes,
                    strict=setup.strict,
                    big_task=setup.big_task,
                )
            elif op == "place" and message is not None:
                place = place_bytes(message.get("place"))
                if place:
                    self.window.restore_place(self._byte_array(place))
            elif op == "draft" and message is not None:
                draft = draft_from(message)
                self.window.restore_draft(draft.answers, draft.ring, draft.elapsed)
            elif op == "present" and message is not None:
                self._shown = message.get("seq")
                self.window.present()
            elif op == "hide":
                self.window.hide()
            else:
                raise ValueError(f"unknown message {message!r:.80}")
        except (KeyError, TypeError, ValueError) as error:
            print(f"focusdesk ritual: {error}", file=sys.stderr)

    def _quit(self) -> None:
        self._notifier.setEnabled(False)
        self.window.hide()
        if self._qt_app is not None:
            self._qt_app.quit()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="focusdesk-ritual", description=__doc__.split("\n")[0])
    parser.add_argument("--language", default=None, help="FocusDesk's language code (de, es…)")
    args = parser.parse_args(argv)
    os.umask(0o077)
    from focusdesk.shell.desktop.pyside_imports import skip_source_scans

    skip_source_scans()
    from focusdesk.core.i18n import set_language
    from focusdesk.shell.desktop.qt_application import qt_application
    from focusdesk.shell.desktop.qt_translations import install_qt_translations

    qt_app = qt_application()
    set_language(args.language)
    install_qt_translations(qt_app)
    child = RitualChild(sys.stdin.fileno(), sys.stdout.buffer)
    code = int(qt_app.exec())
    child.window.hide()
    return code


if __name__ == "__main__":
    sys.exit(main())
