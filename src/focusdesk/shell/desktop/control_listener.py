"""The control server for this platform (the app asks here, not the two servers).

A Unix socket (`control_server`) on Linux and macOS; QtNetwork's named pipe
(`control_server_qt`, imported only there) on Windows.
"""

from __future__ import annotations

import sys
from typing import Protocol

from PySide6.QtCore import QObject

from focusdesk.shell.desktop.control_server import ControlServer, Dispatch


class ControlListener(Protocol):
    """What the app needs of a control server, whichever platform's it is."""

    @property
    def name(self) -> str: ...

    def listen(self) -> None: ...

    def close(self) -> None: ...


def new_control_server(
    name: str, dispatch: Dispatch, parent: QObject | None = None
) -> ControlListener:
    """The control server for this platform: a Unix socket, or QtNetwork's named pipe on Windows."""
    if sys.platform == "win32":
        from focusdesk.shell.desktop.control_server_qt import QtControlServer

        return QtControlServer(name, dispatch, parent)
    return ControlServer(name, dispatch, parent)
