"""The notification fallback chain: plyer → tray balloon → log, in one place."""

from __future__ import annotations

import logging

import pytest

from focusdesk.core.notifications import (
    PLAIN,
    NotificationAction,
    NotificationDetails,
    Urgency,
)
from focusdesk.core.ports import NotificationFailed
from focusdesk.shell.desktop.notifier import (
    FallbackNotifier,
    GatedNotifier,
    LogNotifier,
    PlyerNotifier,
    TrayMessageNotifier,
)


class RecordingNotifier:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.sent: list[tuple[str, str]] = []

    def notify(self, title: str, body: str, details: NotificationDetails = PLAIN) -> None:
        if self.fail:
            raise NotificationFailed("not today")
        self.sent.append((title, body))


def test_plyer_is_not_trusted_when_no_server_owns_the_notification_name() -> None:
    sent: list[tuple[str, str]] = []
    notifier = PlyerNotifier(service_available=lambda: False, send=lambda t, b: sent.append((t, b)))
    with pytest.raises(NotificationFailed, match="no notification server"):
        notifier.notify("Hard stop", "Time to close the day")
    assert sent == []


def test_plyer_sends_when_a_server_listens() -> None:
    sent: list[tuple[str, str]] = []
    notifier = PlyerNotifier(service_available=lambda: True, send=lambda t, b: sent.append((t, b)))
    notifier.notify("Block done", "writing: 90 min")
    assert sent == [("Block done", "writing: 90 min")]


def test_plyer_without_a_backend_is_a_failed_notification() -> None:
    def no_backend(title: str, body: str) -> None:
        raise NotImplementedError

    notifier = PlyerNotifier(service_available=lambda: True, send=no_backend)
    with pytest.raises(NotificationFailed, match="no notification back-end"):
        notifier.notify("a", "b")


def test_plyer_warnings_while_choosing_a_backend_do_not_escape() -> None:
    import warnings

    def warns(title: str, body: str) -> None:
        warnings.warn("The Python dbus package is not installed.", stacklevel=1)

    # pytest turns warnings into errors: this would raise if the warning escaped.
    PlyerNotifier(service_available=lambda: True, send=warns).notify("a", "b")


def test_the_chain_falls_back_to_the_next_notifier_and_stops_at_the_first_success() -> None:
    first, second, third = RecordingNotifier(fail=True), RecordingNotifier(), RecordingNotifier()
    chain = FallbackNotifier([first, second, third])
    chain.notify("Buffer over", "Back to on")
    assert second.sent == [("Buffer over", "Back to on")]
    assert third.sent == []
    assert chain.last_delivered_by is second


def test_a_crashing_notifier_does_not_stop_the_chain(caplog: pytest.LogCaptureFixture) -> None:
    class Crashing:
        def notify(self, title: str, body: str, details: NotificationDetails = PLAIN) -> None:
            raise RuntimeError("boom")

    last = RecordingNotifier()
    FallbackNotifier([Crashing(), last]).notify("t", "b")
    assert last.sent == [("t", "b")]
    assert "Crashing crashed" in caplog.text


def test_when_everything_fails_the_message_is_still_in_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    chain = FallbackNotifier([RecordingNotifier(fail=True)])
    with caplog.at_level(logging.INFO):
        chain.notify("Hard stop", "18:30")
    assert chain.last_delivered_by is None
    assert "notification lost" in caplog.text
    assert "Hard stop — 18:30" in caplog.text


def test_the_log_notifier_writes_the_message(caplog: pytest.LogCaptureFixture) -> None:
    LogNotifier(logging.getLogger("focusdesk.test")).notify("Block done", "writing")
    assert "notification: Block done — writing" in caplog.text


def test_a_hidden_tray_icon_cannot_show_a_balloon(qapp: object) -> None:
    from PySide6.QtWidgets import QSystemTrayIcon

    icon = QSystemTrayIcon()
    with pytest.raises(NotificationFailed, match="no visible tray icon"):
        TrayMessageNotifier(icon).notify("a", "b")


def test_a_notice_not_worth_a_balloon_falls_through_to_the_log(
    qapp: object, caplog: pytest.LogCaptureFixture
) -> None:
    from PySide6.QtWidgets import QSystemTrayIcon

    quiet = NotificationDetails(balloon=False)
    with pytest.raises(NotificationFailed, match="not worth a tray balloon"):
        TrayMessageNotifier(QSystemTrayIcon()).notify("Sounds", "no device", quiet)
    chain = FallbackNotifier(
        [TrayMessageNotifier(QSystemTrayIcon()), LogNotifier(logging.getLogger("focusdesk.t"))]
    )
    with caplog.at_level(logging.WARNING):
        chain.notify("Sounds", "no device", quiet)
    assert "notification: Sounds — no device" in caplog.text


def test_the_setting_gates_every_notification() -> None:
    inner = RecordingNotifier()
    enabled = {"on": False}
    gated = GatedNotifier(inner, lambda: enabled["on"])
    gated.notify("muted", "x")
    enabled["on"] = True
    gated.notify("heard", "y")
    assert inner.sent == [("heard", "y")]


BUTTONS = NotificationDetails(
    tag="block",
    actions=(NotificationAction("start", "Start now"), NotificationAction("skip", "Skip")),
    default_action="start",
    without_buttons="Left-click the tray icon to start it.",
)


def test_notifiers_without_buttons_say_where_the_choice_lives(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sent: list[tuple[str, str]] = []
    PlyerNotifier(service_available=lambda: True, send=lambda t, b: sent.append((t, b))).notify(
        "Planned: Writing", "Focus block starts now.", BUTTONS
    )
    assert sent == [
        ("Planned: Writing", "Focus block starts now.\nLeft-click the tray icon to start it.")
    ]
    with caplog.at_level(logging.WARNING):
        LogNotifier(logging.getLogger("focusdesk.test")).notify("Planned", "now", BUTTONS)
    assert "now\nLeft-click the tray icon" in caplog.text


def test_the_chain_and_the_gate_pass_the_details_on() -> None:
    class Keeping:
        details: NotificationDetails | None = None

        def notify(self, title: str, body: str, details: NotificationDetails = PLAIN) -> None:
            self.details = details

    inner = Keeping()
    critical = NotificationDetails(tag="day-end", urgency=Urgency.CRITICAL)
    GatedNotifier(FallbackNotifier([inner]), lambda: True).notify("Hard stop", "18:30", critical)
    assert inner.details == critical
