"""How FocusDesk writes counts and durations in English, in one place.

"1 snooze" / "2 snoozes", "1 deliverable" (through gettext's ngettext, so
German and Spanish get their own plural forms: pass the plural explicitly so
`tools/i18n.py` extracts the pair); a duration is "26 s" under a
minute, never "0 min" (a short block did happen), and "1 h 05 min" above an
hour. Windows, the tray, notifications and the command line all use these,
so one word is never spelt two ways.
"""

from __future__ import annotations

from focusdesk.core.i18n import ngettext

__all__ = ["count", "duration_words", "minutes_words", "offclock_unknown_words"]

#: Nouns whose plural is not the singular plus "s".
_IRREGULAR = {"day": "days", "breach": "breaches", "switch": "switches"}


def count(number: int, singular: str, plural: str | None = None) -> str:
    """`1 snooze`, `0 snoozes`, `2 deliverables`, in the user's language.

    Translated when called as `count(n, "snooze", "snoozes")` (the pair is then in
    the catalogue); without `plural`, English adds "s" (or knows the irregular ones).
    """
    plural = plural or _IRREGULAR.get(singular, singular + "s")
    return f"{number} {ngettext(singular, plural, number)}"


def minutes_words(minutes: int) -> str:
    """`45 min`, `1 h`, `1 h 05 min` for a whole number of minutes."""
    minutes = max(0, minutes)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest:02d} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"


def duration_words(seconds: float) -> str:
    """`26 s` under a minute (never "0 min"), else rounded minutes as `minutes_words`."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    return minutes_words(round(seconds / 60))


def offclock_unknown_words(days: int) -> str:
    """What the review says of days whose offclock time was not watched (SPEC §3a):
    never "0 min", which would read as an evening kept free."""
    # Not watched: presence unknown, or FocusDesk was not running then.
    return ngettext("not watched on {count} day", "not watched on {count} days", days).format(
        count=days
    )


def block_outcomes(
    completed: int, stopped: int, cut: int, recovered: int | None = None
) -> list[str]:
    """`["3 completed", "1 stopped", "0 cut"]` (and recovered, when given), each with its
    own plural: Spanish says "1 detenido", "2 detenidos"."""
    parts = [
        ngettext("{count} completed", "{count} completed", completed).format(count=completed),
        ngettext("{count} stopped", "{count} stopped", stopped).format(count=stopped),
        ngettext("{count} cut", "{count} cut", cut).format(count=cut),
    ]
    if recovered is not None:
        parts.append(
            ngettext("{count} recovered", "{count} recovered", recovered).format(count=recovered)
        )
    return parts
