"""Desktop notifications, with the fallback chain in one place.

On Linux the desktop's notification server first, spoken to directly
(`freedesktop_notifier`: buttons, urgency, one notification per thing); then
plyer (Windows, macOS, or a bus the direct path cannot use); then the tray
balloon; then the log. Only the first can show buttons: the others add the
body's "where else to find this choice" line instead.

plyer's Linux back-end in a virtualenv is the `notify-send` program, which
returns normally even when no notification server is listening (the message
is silently lost). So `PlyerNotifier` first asks the session bus whether
`org.freedesktop.Notifications` has an owner (or can be activated) and refuses
to pretend otherwise. `QSystemTrayIcon.showMessage` never reaches D-Bus on
Linux and always claims support: it is a best effort, not a guarantee. The log
is the floor: nothing the app wanted to say is lost without a trace.
"""

from __future__ import annotations

import logging
import sys
import warnings
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QSystemTrayIcon

from focusdesk.core.notifications import PLAIN, NotificationDetails, Urgency
from focusdesk.core.ports import NotificationFailed, Notifier

NOTIFICATIONS_SERVICE = "org.freedesktop.Notifications"
APP_NAME = "FocusDesk"

_log = logging.getLogger(__name__)


def notification_service_available() -> bool:
    """True when the session bus has (or can start) a desktop notification server."""
    from PySide6.QtDBus import QDBusConnection

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    interface = bus.interface()
    registered = interface.isServiceRegistered(NOTIFICATIONS_SERVICE)
    if registered.isValid() and registered.value():
        return True
    activatable = interface.activatableServiceNames()
    return activatable.isValid() and NOTIFICATIONS_SERVICE in (activatable.value() or [])


def _plyer_send(title: str, body: str) -> None:
    from plyer import notification

    notification.notify(title=title, message=body, app_name=APP_NAME, timeout=10)


class PlyerNotifier:
    """Sends through plyer, but only when a notification server can receive it."""

    def __init__(
        self,
        service_available: Callable[[], bool] = notification_service_available,
        send: Callable[[str, str], None] = _plyer_send,
    ) -> None:
        self._service_available = service_available
        self._send = send

    def notify(self, title: str, body: str, details: NotificationDetails = PLAIN) -> None:
        """Send via plyer; raise `NotificationFailed` when no server listens or plyer fails."""
        body = details.body_without_buttons(body)
        if not self._service_available():
            raise NotificationFailed("no notification server on the session bus")
        # plyer warns (e.g. "dbus package is not installed") while picking a
        # back-end; those are facts for the log, not errors for the user.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                self._send(title, body)
            except NotImplementedError as error:
                raise NotificationFailed("plyer has no notification back-end here") from error
            except Exception as error:
                raise NotificationFailed(f"plyer failed: {error}") from error
        for warning in caught:
            _log.debug("plyer: %s", warning.message)


class TrayMessageNotifier:
    """The tray icon's own balloon: Qt draws it, no D-Bus involved."""

    def __init__(self, tray: QSystemTrayIcon) -> None:
        self._tray = tray

    def notify(self, title: str, body: str, details: NotificationDetails = PLAIN) -> None:
        """Show a tray balloon; raise `NotificationFailed` when there is no visible tray icon."""
        if not details.balloon:
            raise NotificationFailed("not worth a tray balloon")
        if not (QSystemTrayIcon.isSystemTrayAvailable() and self._tray.isVisible()):
            raise NotificationFailed("no visible tray icon")
        icon = (
            QSystemTrayIcon.MessageIcon.Warning
            if details.urgency is Urgency.CRITICAL
            else QSystemTrayIcon.MessageIcon.Information
        )
        self._tray.showMessage(title, details.body_without_buttons(body), icon, 10_000)


class LogNotifier:
    """The floor of the chain: writes the message to the app's log; never fails."""

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self._logger = logger or _log

    def notify(self, title: str, body: str, details: NotificationDetails = PLAIN) -> None:
        """Record the message in the log."""
        self._logger.warning("notification: %s — %s", title, details.body_without_buttons(body))


class FallbackNotifier:
    """Tries each notifier in turn until one delivers; the only place fallbacks live."""

    def __init__(self, chain: Sequence[Notifier], logger: logging.Logger | None = None) -> None:
        if not chain:
            raise ValueError("a fallback chain needs at least one notifier")
        self._chain = list(chain)
        self._logger = logger or _log
        #: The notifier that delivered the last message (for tests and diagnostics).
        self.last_delivered_by: Notifier | None = None

    def notify(self, title: str, body: str, details: NotificationDetails = PLAIN) -> None:
        """Deliver through the first notifier that succeeds; never raises."""
        for notifier in self._chain:
            try:
                notifier.notify(title, body, details)
            except NotificationFailed as error:
                self._logger.info("%s could not notify: %s", type(notifier).__name__, error)
            except Exception:
                self._logger.exception("%s crashed while notifying", type(notifier).__name__)
            else:
                self.last_delivered_by = notifier
                return
        self.last_delivered_by = None
        self._logger.error("notification lost (every notifier failed): %s — %s", title, body)


class GatedNotifier:
    """Passes messages on only while a setting allows notifications."""

    def __init__(self, inner: Notifier, enabled: Callable[[], bool]) -> None:
        self._inner = inner
        self._enabled = enabled

    def notify(self, title: str, body: str, details: NotificationDetails = PLAIN) -> None:
        """Forward to the inner notifier unless notifications are turned off."""
        if self._enabled():
            self._inner.notify(title, body, details)


def desktop_notifier(
    tray: QSystemTrayIcon | None,
    logger: logging.Logger | None = None,
    on_action: Callable[[str, str], None] | None = None,
) -> FallbackNotifier:
    """The standard chain: on Linux the notification server directly (buttons report
    `on_action(tag, key)`), then plyer, the tray balloon (when there is a tray), the log.
    """
    chain: list[Notifier] = []
    if sys.platform.startswith("linux"):
        from focusdesk.shell.desktop.freedesktop_notifier import FreedesktopNotifier

        chain.append(FreedesktopNotifier(on_action or (lambda _tag, _key: None)))
    chain.append(PlyerNotifier())
    if tray is not None:
        chain.append(TrayMessageNotifier(tray))
    chain.append(LogNotifier(logger))
    return FallbackNotifier(chain, logger)
