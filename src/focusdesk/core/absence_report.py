"""What the user is told on coming back (SPEC §3: "You were away 42 min — ...")."""

from __future__ import annotations

from focusdesk.core.engine_events import UserReturned
from focusdesk.core.i18n import N_, _
from focusdesk.core.sessions import SessionKind


def away_duration(seconds: float) -> str:
    """ "42 min", "2 h 5 min", "under a minute"."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return _("under a minute")
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


# One whole sentence per kind of session: German and Spanish inflect around the noun.
_PAUSED_TITLE = {
    SessionKind.FOCUS: N_("Welcome back — the block is paused"),
    SessionKind.BUFFER: N_("Welcome back — the buffer is paused"),
    SessionKind.OVERTIME: N_("Welcome back — the overtime is paused"),
}
_PAUSED_BODY = {
    SessionKind.FOCUS: N_(
        "You were away {away} — the block was paused at {since}. Resume it or end it."
    ),
    SessionKind.BUFFER: N_(
        "You were away {away} — the buffer was paused at {since}. Resume it or end it."
    ),
    SessionKind.OVERTIME: N_(
        "You were away {away} — the overtime was paused at {since}. Resume it or end it."
    ),
}
_CLOSED_BODY = {
    SessionKind.FOCUS: N_(
        "You were away {away} — the block was closed at {since} "
        "(interrupted; the time away is not focus)."
    ),
    SessionKind.BUFFER: N_(
        "You were away {away} — the buffer was closed at {since} "
        "(interrupted; the time away is not focus)."
    ),
    SessionKind.OVERTIME: N_(
        "You were away {away} — the overtime was closed at {since} "
        "(interrupted; the time away is not focus)."
    ),
}


def return_message(event: UserReturned) -> tuple[str, str] | None:
    """The notification for a return (title, body), or None when nothing was running."""
    away = away_duration(event.away_seconds)
    since = f"{event.since:%H:%M}"
    if event.paused is not None:
        kind = _kind(event.paused.kind)
        return (
            _(_PAUSED_TITLE[kind]),
            _(_PAUSED_BODY[kind]).format(away=away, since=since),
        )
    if event.interrupted:
        kind = _kind(event.interrupted[0].kind)
        return (_("Welcome back"), _(_CLOSED_BODY[kind]).format(away=away, since=since))
    return None


def _kind(kind: SessionKind) -> SessionKind:
    return kind if kind in _PAUSED_TITLE else SessionKind.FOCUS
