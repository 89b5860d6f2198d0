"""How the review window writes durations, times, kinds and outcomes (display only)."""

from __future__ import annotations

from focusdesk.core.i18n import N_, _
from focusdesk.core.sessions import Outcome, SessionKind
from focusdesk.core.wording import duration_words

#: A session's kind and outcome as a person reads them; the log keeps the value.
_KIND_WORDS = {
    SessionKind.FOCUS: N_("focus"),
    SessionKind.BUFFER: N_("buffer"),
    SessionKind.OVERTIME: N_("overtime"),
    SessionKind.OFFCLOCK: N_("offclock"),
}
_OUTCOME_WORDS = {
    Outcome.RUNNING: N_("running"),
    Outcome.COMPLETED: N_("completed"),
    Outcome.STOPPED: N_("stopped"),
    Outcome.CUT: N_("cut by hard stop"),
    Outcome.RECOVERED: N_("recovered"),
    Outcome.INTERRUPTED: N_("interrupted"),
}


def kind_word(kind: str) -> str:
    """ "focus", "Fokus", "concentración"."""
    word = {k.value: w for k, w in _KIND_WORDS.items()}.get(str(kind))
    return _(word) if word else str(kind)


def outcome_word(outcome: str) -> str:
    """ "completed", "abgeschlossen", "completado"."""
    word = {o.value: w for o, w in _OUTCOME_WORDS.items()}.get(str(outcome))
    return _(word) if word else str(outcome)


def duration_text(seconds: int) -> str:
    """ "1 h 30 min", "45 min", "26 s" (a short session is never "0 min")."""
    return duration_words(seconds)


def hours_minutes(minutes: int) -> str:
    """ "3:05"."""
    return f"{minutes // 60}:{minutes % 60:02d}"
