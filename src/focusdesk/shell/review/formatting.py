"""How the review window writes durations and times (display only)."""

from __future__ import annotations


def duration_text(seconds: int) -> str:
    """ "1 h 30 min", "45 min", "0 min"."""
    minutes = round(max(0, seconds) / 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"


def hours_minutes(minutes: int) -> str:
    """ "3:05"."""
    return f"{minutes // 60}:{minutes % 60:02d}"
