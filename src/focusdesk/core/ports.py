"""Ports: the small protocols the core's drivers talk through, with no implementation here.

The shell provides the real implementations (the desktop's notification
server, plyer, Qt, the log); tests provide fakes. Keeping the protocol in the
core lets the composition root and tests depend on the shape without importing Qt.
"""

from __future__ import annotations

from typing import Protocol

from focusdesk.core.notifications import PLAIN, NotificationDetails


class NotificationFailed(Exception):
    """A notifier could not deliver a message; the next one in the chain should try."""


class Notifier(Protocol):
    """Shows the user a short desktop message."""

    def notify(self, title: str, body: str, details: NotificationDetails = PLAIN) -> None:
        """Show `title` and `body` as `details` asks (buttons, urgency, replacing by tag)
        as far as this notifier can; raise `NotificationFailed` when it cannot be delivered.
        """
        ...
