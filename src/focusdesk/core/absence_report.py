"""What the user is told on coming back (SPEC §3: "You were away 42 min — ...")."""

from __future__ import annotations

from focusdesk.core.engine_events import UserReturned
from focusdesk.core.sessions import SessionKind


def away_duration(seconds: float) -> str:
    """ "42 min", "2 h 5 min", "under a minute"."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "under a minute"
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def return_message(event: UserReturned) -> tuple[str, str] | None:
    """The notification for a return (title, body), or None when nothing was running."""
    away = away_duration(event.away_seconds)
    since = f"{event.since:%H:%M}"
    if event.paused is not None:
        what = _what(event.paused.kind)
        return (
            f"Welcome back — the {what} is paused",
            f"You were away {away} — the {what} was paused at {since}. Resume it or end it.",
        )
    if event.interrupted:
        what = _what(event.interrupted[0].kind)
        return (
            "Welcome back",
            f"You were away {away} — the {what} was closed at {since} "
            "(interrupted; the time away is not focus).",
        )
    return None


def _what(kind: SessionKind) -> str:
    return {SessionKind.BUFFER: "buffer", SessionKind.OVERTIME: "overtime"}.get(kind, "block")
