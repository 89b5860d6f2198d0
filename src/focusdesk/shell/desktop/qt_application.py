"""The process's QApplication and the one error that stops start-up.

Both the launcher (which shows the icon first) and the composition root
(which builds the rest) need these; they live here so that `launch` imports
`app` and never the other way round.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication


class StartupFailed(Exception):
    """The app cannot start; the message is one line for the user."""


def qt_application() -> QApplication:
    """The process's QApplication, named for the desktop and kept alive without windows."""
    existing = QApplication.instance()
    qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    qt_app.setApplicationName("FocusDesk")
    qt_app.setDesktopFileName("io.github.focusdesk.FocusDesk")
    qt_app.setQuitOnLastWindowClosed(False)
    return qt_app
