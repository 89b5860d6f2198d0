"""Notification actions belong to a moment: a click after it is refused, never acted on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from focusdesk.core.notifications import (
    ActionOutcome,
    NotificationAction,
    NotificationActions,
    NotificationDetails,
)

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _recording() -> tuple[list[tuple[str, datetime]], NotificationActions]:
    done: list[tuple[str, datetime]] = []
    actions = NotificationActions()
    actions.offer(
        "block",
        {
            "start": ("Start now", lambda now: done.append(("start", now))),
            "skip": ("Skip", lambda now: done.append(("skip", now))),
        },
        until=NINE + timedelta(minutes=90),
    )
    return done, actions


def test_an_offer_gives_its_buttons_in_order() -> None:
    _, actions = _recording()
    assert actions.buttons("block") == (
        NotificationAction("start", "Start now"),
        NotificationAction("skip", "Skip"),
    )


def test_a_click_within_the_moment_runs_its_handler_once() -> None:
    done, actions = _recording()
    result = actions.invoke("block", "start", NINE + timedelta(minutes=5))
    assert result.outcome is ActionOutcome.DONE and result.label == "Start now"
    assert done == [("start", NINE + timedelta(minutes=5))]
    # A notification is clicked once: the second click finds nothing.
    assert actions.invoke("block", "skip", NINE).outcome is ActionOutcome.UNKNOWN
    assert len(done) == 1


def test_a_click_after_the_moment_is_refused_and_nothing_runs() -> None:
    done, actions = _recording()
    result = actions.invoke("block", "start", NINE + timedelta(minutes=90))
    assert result.outcome is ActionOutcome.LATE
    assert result.label == "Start now" and result.reason == "its moment has passed"
    assert done == []


def test_a_moment_that_ended_by_what_happened_refuses_with_its_reason() -> None:
    ringing = {"on": True}
    snoozed: list[datetime] = []
    actions = NotificationActions()
    actions.offer(
        "day-end",
        {"snooze": ("Snooze 10 min", snoozed.append)},
        still_valid=lambda: "" if ringing["on"] else "the hard stop is no longer ringing",
    )
    ringing["on"] = False
    result = actions.invoke("day-end", "snooze", NINE)
    assert result.outcome is ActionOutcome.LATE
    assert result.reason == "the hard stop is no longer ringing"
    assert snoozed == []


def test_a_newer_notification_for_the_same_thing_replaces_the_older_offer() -> None:
    done, actions = _recording()
    actions.offer("block", {})  # "Focus block done" replaced it, no buttons
    assert actions.buttons("block") == ()
    assert actions.invoke("block", "start", NINE).outcome is ActionOutcome.UNKNOWN
    assert done == []


def test_an_unknown_key_leaves_the_offer_standing() -> None:
    done, actions = _recording()
    assert actions.invoke("block", "dance", NINE).outcome is ActionOutcome.UNKNOWN
    assert actions.invoke("block", "skip", NINE).outcome is ActionOutcome.DONE
    assert done == [("skip", NINE)]


def test_an_offer_needs_a_tag_and_an_aware_deadline() -> None:
    actions = NotificationActions()
    with pytest.raises(ValueError, match="tag"):
        actions.offer("", {"a": ("A", lambda now: None)})
    with pytest.raises(ValueError, match="aware"):
        actions.offer("x", {"a": ("A", lambda now: None)}, until=datetime(2026, 11, 23, 9))


def test_where_buttons_cannot_show_the_body_names_where_the_choice_lives() -> None:
    details = NotificationDetails(
        actions=(NotificationAction("start", "Start now"),),
        without_buttons="Left-click the tray icon to start it.",
    )
    assert details.body_without_buttons("Starts now.") == (
        "Starts now.\nLeft-click the tray icon to start it."
    )
    assert NotificationDetails().body_without_buttons("Starts now.") == "Starts now."
