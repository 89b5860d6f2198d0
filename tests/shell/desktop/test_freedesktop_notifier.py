"""The direct freedesktop notifier against a fake bus: what it sends, what clicks it reports."""

from __future__ import annotations

from typing import Any

import pytest

from focusdesk.core.notifications import NotificationAction, NotificationDetails, Urgency
from focusdesk.core.ports import NotificationFailed
from focusdesk.shell.desktop.freedesktop_notifier import (
    APP_ID,
    FreedesktopNotifier,
    SignalHandler,
)

ALL = ["actions", "body", "persistence", "sound"]

PLANNED = NotificationDetails(
    tag="block",
    category="x-focusdesk.plan",
    actions=(NotificationAction("start", "Start now"), NotificationAction("skip", "Skip")),
    default_action="start",
    without_buttons="Left-click the tray icon to start it.",
)


class FakeBus:
    """Answers like a notification server; ids count up unless a notification is replaced."""

    def __init__(self, capabilities: list[str], fail: bool = False) -> None:
        self.capabilities = capabilities
        self.fail = fail
        self.notified: list[dict[str, Any]] = []
        self.handler: SignalHandler | None = None
        self.closed = False
        self._last_id = 40

    def call(self, member: str, signature: str, body: tuple[Any, ...]) -> tuple[Any, ...]:
        if self.fail:
            raise ConnectionResetError("bus gone")
        if member == "GetCapabilities":
            return (self.capabilities,)
        assert member == "Notify" and signature == "susssasa{sv}i"
        app, replaces, icon, summary, text, actions, hints, expire = body
        self._last_id += 1
        notification_id = replaces or self._last_id
        self.notified.append(
            {
                "id": notification_id,
                "app": app,
                "replaces": replaces,
                "icon": icon,
                "summary": summary,
                "body": text,
                "actions": actions,
                "hints": hints,
                "expire": expire,
            }
        )
        return (notification_id,)

    def on_signal(self, handler: SignalHandler) -> None:
        self.handler = handler

    def close(self) -> None:
        self.closed = True

    def emit(self, member: str, *body: Any) -> None:
        assert self.handler is not None
        self.handler(member, body)


def _notifier(bus: FakeBus) -> tuple[FreedesktopNotifier, list[tuple[str, str]]]:
    clicks: list[tuple[str, str]] = []
    notifier = FreedesktopNotifier(lambda tag, key: clicks.append((tag, key)), lambda: bus)
    return notifier, clicks


def test_a_notification_carries_buttons_urgency_category_and_the_app_id() -> None:
    bus = FakeBus(ALL)
    notifier, _ = _notifier(bus)
    notifier.notify("Planned: Writing", "Focus block starts now.", PLANNED)
    (sent,) = bus.notified
    assert sent["app"] == "FocusDesk" and sent["icon"] == APP_ID
    assert sent["actions"] == ["start", "Start now", "skip", "Skip", "default", "Start now"]
    assert sent["hints"] == {
        "urgency": ("y", 1),
        "desktop-entry": ("s", APP_ID),
        "category": ("s", "x-focusdesk.plan"),
        "suppress-sound": ("b", True),
    }
    assert sent["body"] == "Focus block starts now."
    assert sent["expire"] == -1


def test_the_hard_stop_is_critical_and_stays_until_acted_on() -> None:
    bus = FakeBus(ALL)
    notifier, _ = _notifier(bus)
    notifier.notify("Hard stop", "18:30", NotificationDetails(urgency=Urgency.CRITICAL))
    assert bus.notified[0]["hints"]["urgency"] == ("y", 2)
    assert bus.notified[0]["expire"] == 0


def test_when_the_apps_own_sound_failed_the_server_is_asked_for_one() -> None:
    bus = FakeBus(ALL)
    notifier, _ = _notifier(bus)
    notifier.notify("Hard stop", "18:30", NotificationDetails(sound_failed=True))
    hints = bus.notified[0]["hints"]
    assert "suppress-sound" not in hints and hints["sound-name"] == ("s", "alarm-clock-elapsed")


def test_one_thing_one_notification_the_same_tag_replaces_the_last() -> None:
    bus = FakeBus(ALL)
    notifier, _ = _notifier(bus)
    notifier.notify("Planned: Writing", "now", PLANNED)
    notifier.notify("Focus block done", "Writing: 90 min", NotificationDetails(tag="block"))
    notifier.notify("Hard stop in 30 min", "18:30", NotificationDetails(tag="day-end"))
    assert [n["replaces"] for n in bus.notified] == [0, 41, 0]
    # Once closed, the next one about the same thing is new rather than a replacement.
    bus.emit("NotificationClosed", 41, 2)
    notifier.notify("Buffer over", "", NotificationDetails(tag="block"))
    assert bus.notified[-1]["replaces"] == 0


def test_a_click_comes_back_as_tag_and_key_and_the_body_click_is_the_default() -> None:
    bus = FakeBus(ALL)
    notifier, clicks = _notifier(bus)
    notifier.notify("Planned: Writing", "now", PLANNED)
    bus.emit("ActionInvoked", 41, "skip")
    bus.emit("ActionInvoked", 41, "default")
    bus.emit("ActionInvoked", 7, "start")  # another application's notification
    assert clicks == [("block", "skip"), ("block", "start")]


def test_without_actions_the_server_gets_no_buttons_and_the_body_says_where_to_go() -> None:
    bus = FakeBus(["body", "persistence"])
    notifier, _ = _notifier(bus)
    notifier.notify("Planned: Writing", "Focus block starts now.", PLANNED)
    (sent,) = bus.notified
    assert sent["actions"] == []
    assert sent["body"] == "Focus block starts now.\nLeft-click the tray icon to start it."
    assert not notifier.shows_buttons


def test_a_broken_bus_is_a_failed_notification_and_the_next_one_reconnects() -> None:
    bus = FakeBus(ALL, fail=True)
    notifier, _ = _notifier(bus)
    with pytest.raises(NotificationFailed, match="bus gone"):
        notifier.notify("a", "b")
    assert bus.closed
    bus.fail = False
    notifier.notify("a", "b")
    assert len(bus.notified) == 1
