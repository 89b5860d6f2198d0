"""What a notification says and offers, and which of its actions may still be acted on.

Pure data and one small rule book, no desktop: the shell's notifiers show a
`Notification` however their desktop can (buttons, urgency, replacing the
previous one of the same `tag`) and report a click back as (tag, action key).
`NotificationActions` decides whether that click still means something: an
action belongs to a moment ("the planned block is starting", "the alarm is
ringing"), and a click that arrives after the moment has passed is refused
with a reason, never acted on.

Attaching actions to a notification (what presence, offclock and the rest use):

    actions.offer(
        "presence",                                   # the tag: one notification per thing
        {"resume": ("Resume", on_resume), "end": ("End block", on_end)},
        until=deadline,                               # optional wall-clock end of the moment
        still_valid=lambda: "" if away else "you are back already",  # optional
    )

then show `Notification(title, body, NotificationDetails(tag="presence",
actions=actions.buttons("presence")))`. `FocusDeskApp.notify_with_actions`
does both in one call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

__all__ = [
    "PLAIN",
    "ActionOutcome",
    "ActionResult",
    "Notification",
    "NotificationAction",
    "NotificationActions",
    "NotificationDetails",
    "Urgency",
]


class Urgency(IntEnum):
    """The freedesktop urgency levels (the numbers are the protocol's)."""

    LOW = 0
    NORMAL = 1
    CRITICAL = 2


@dataclass(frozen=True, slots=True)
class NotificationAction:
    """One button: `key` comes back when it is clicked, `label` is what the user reads."""

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class NotificationDetails:
    """Everything about a notification besides its words.

    `tag` names the thing the notification is about: a new notification with
    the same tag replaces the previous one instead of piling up. `category` is
    a freedesktop category ("presence", "im", "x-focusdesk.hard-stop", …).
    `sound_failed` says the app's own sound could not play, so a notifier that
    can ask the desktop for a sound should not suppress it.
    """

    tag: str = ""
    urgency: Urgency = Urgency.NORMAL
    category: str = ""
    actions: tuple[NotificationAction, ...] = ()
    #: The action a click on the notification itself does ("" for none).
    default_action: str = ""
    #: One line added to the body where buttons cannot be shown, naming where
    #: the same choice lives ("Left-click the tray icon to start it.").
    without_buttons: str = ""
    sound_failed: bool = False
    #: False for a notice not worth a tray balloon (on a StatusNotifier tray a balloon
    #: takes over the icon's tooltip for seconds): without a notification server it
    #: goes to the log only.
    balloon: bool = True

    def body_without_buttons(self, body: str) -> str:
        """`body` as a notifier that cannot show buttons should word it."""
        if self.actions and self.without_buttons:
            return f"{body}\n{self.without_buttons}" if body else self.without_buttons
        return body


#: A notification with nothing but words.
PLAIN = NotificationDetails()


@dataclass(frozen=True, slots=True)
class Notification:
    title: str
    body: str
    details: NotificationDetails = PLAIN


class ActionOutcome(StrEnum):
    DONE = "done"
    #: The moment passed (or the thing changed): refused, nothing done.
    LATE = "late"
    #: No such notification or action (never offered, or replaced by a newer one).
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ActionResult:
    outcome: ActionOutcome
    #: The clicked button's label ("" when unknown).
    label: str = ""
    #: Why a late click was refused, one line for the user.
    reason: str = ""


#: An action's handler, told the instant of the click.
ActionHandler = Callable[[datetime], None]


@dataclass(frozen=True, slots=True)
class _Offer:
    handlers: Mapping[str, tuple[str, ActionHandler]]
    until: datetime | None
    still_valid: Callable[[], str] | None


class NotificationActions:
    """The actions each shown notification offers, until when, and what they do.

    One offer per tag: a newer offer for the same tag replaces the older one
    (its notification replaced the older notification too), and a click on an
    action the newer one does not have is unknown.
    """

    def __init__(self) -> None:
        self._offers: dict[str, _Offer] = {}

    def offer(
        self,
        tag: str,
        handlers: Mapping[str, tuple[str, ActionHandler]],
        *,
        until: datetime | None = None,
        still_valid: Callable[[], str] | None = None,
    ) -> tuple[NotificationAction, ...]:
        """Offer `handlers` ({key: (label, handler)}) on the notification tagged `tag`.

        `until` (aware) ends the moment by the clock; `still_valid()` returns
        "" while the moment lasts, else one line saying why it is over.
        Returns the buttons to show. An empty `handlers` withdraws the offer.
        """
        if not tag:
            raise ValueError("actions need a tag to come back to")
        if until is not None and until.tzinfo is None:
            raise ValueError("an action's moment ends at an aware instant")
        if not handlers:
            self._offers.pop(tag, None)
            return ()
        self._offers[tag] = _Offer(dict(handlers), until, still_valid)
        return self.buttons(tag)

    def buttons(self, tag: str) -> tuple[NotificationAction, ...]:
        """The buttons currently offered under `tag`, in the order they were given."""
        offer = self._offers.get(tag)
        if offer is None:
            return ()
        return tuple(NotificationAction(key, label) for key, (label, _) in offer.handlers.items())

    def withdraw(self, tag: str) -> None:
        """Forget the offer under `tag` (its notification was replaced by one with no buttons)."""
        self._offers.pop(tag, None)

    def invoke(self, tag: str, key: str, now: datetime) -> ActionResult:
        """The user clicked `key` on the notification tagged `tag` at `now`.

        Runs the handler only while the moment lasts; the offer is used up
        either way (a notification is clicked once).
        """
        offer = self._offers.get(tag)
        if offer is None or key not in offer.handlers:
            return ActionResult(ActionOutcome.UNKNOWN)
        label, handler = offer.handlers[key]
        del self._offers[tag]
        if offer.until is not None and now >= offer.until:
            return ActionResult(ActionOutcome.LATE, label, "its moment has passed")
        reason = offer.still_valid() if offer.still_valid is not None else ""
        if reason:
            return ActionResult(ActionOutcome.LATE, label, reason)
        handler(now)
        return ActionResult(ActionOutcome.DONE, label)
