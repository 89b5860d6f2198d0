"""Dates, times and weekday names in the user's language for the command line (Babel).

Qt's QLocale does this in the windows; the command line must not import Qt,
so Babel formats here, in the language `focusdesk.core.i18n` chose. Babel is
imported only when a date is actually printed.
"""

from __future__ import annotations

from datetime import date, time
from typing import Literal

from focusdesk.core.i18n import current_language

_ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_name(weekday: int, width: Literal["abbreviated", "wide"] = "abbreviated") -> str:
    """Monday = 0: "Mon", "Mo.", "lun" (or the full name). English without Babel."""
    if current_language() == "en":
        name = _ENGLISH_DAYS[weekday]
        return name[:3] if width == "abbreviated" else name
    from babel.dates import get_day_names

    return str(get_day_names(width, locale=current_language())[weekday])


def date_text(day: date, format: Literal["short", "medium", "long", "full"] = "medium") -> str:
    """`Mon 30 Nov 2026`-like text in the user's language."""
    from babel.dates import format_date

    return str(format_date(day, format=format, locale=current_language()))


def time_text(moment: time) -> str:
    """`18:30` in the user's language's short time form (English keeps the 24-hour clock)."""
    if current_language() == "en":
        return f"{moment:%H:%M}"
    from babel.dates import format_time

    return str(format_time(moment, format="short", locale=current_language()))


def day_text(day: date) -> str:
    """`Mon 30 Nov`, `Mo. 30 Nov.`, `lun 30 nov`: a short day for tables."""
    if current_language() == "en":
        return f"{day:%a %d %b}"
    from babel.dates import format_date

    return str(format_date(day, "EEE dd MMM", locale=current_language()))


def number_text(value: float, decimals: str = "#") -> str:
    """`1.5` in English, `1,5` in German and Spanish; `decimals="0.0"` always shows one
    decimal (`7.0`), the default none that is not needed (`7`)."""
    if current_language() == "en":
        return f"{value:.1f}" if decimals == "0.0" else f"{value:g}"
    from babel.numbers import format_decimal

    pattern = "#,##0.0" if decimals == "0.0" else "#,##0.##"
    return str(format_decimal(value, format=pattern, locale=current_language()))


def month_text(day: date) -> str:
    """`November 2026`, `November 2026`, `noviembre de 2026`: the month of `day`."""
    if current_language() == "en":
        return f"{day:%B %Y}"
    from babel.dates import format_date

    return str(format_date(day, "LLLL yyyy", locale=current_language()))
