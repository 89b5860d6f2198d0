"""How the review window writes durations and times (display only)."""

from __future__ import annotations

from focusdesk.core.wording import duration_words


def duration_text(seconds: int) -> str:
    """ "1 h 30 min", "45 min", "26 s" (a short session is never "0 min")."""
    return duration_words(seconds)


def hours_minutes(minutes: int) -> str:
    """ "3:05"."""
    return f"{minutes // 60}:{minutes % 60:02d}"
