"""Dates and numbers in the windows, in FocusDesk's language (QLocale).

`install_qt_translations` makes QLocale's default follow the `language`
setting, so these read it at call time: a window built after a switch shows
the new language's weekday and month names. Times stay on the 24-hour clock
in all three languages (German and Spanish write 18:30 too).
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QLocale


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def clock(instant: datetime) -> str:
    """`18:30`."""
    return f"{instant:%H:%M}"


def weekday_name(day: date, short: bool = False) -> str:
    """`Monday`, `Montag`, `lunes` (or `Mon`, `Mo.`, `lun`)."""
    form = QLocale.FormatType.ShortFormat if short else QLocale.FormatType.LongFormat
    return QLocale().dayName(day.isoweekday(), form)


def day_month(day: date) -> str:
    """`Monday 30 November`, `Montag, 30. November`, `lunes, 30 de noviembre`."""
    formats = {
        QLocale.Language.German: "dddd, d. MMMM",
        QLocale.Language.Spanish: "dddd, d 'de' MMMM",
    }
    locale = QLocale()
    return locale.toString(_qdate(day), formats.get(locale.language(), "dddd d MMMM"))


def short_date(day: date) -> str:
    """`Mon 30 Nov`, `Mo. 30. Nov.`, `lun 30 nov`: a day in a table or a heading."""
    formats = {QLocale.Language.German: "ddd d. MMM", QLocale.Language.Spanish: "ddd d MMM"}
    locale = QLocale()
    return locale.toString(_qdate(day), formats.get(locale.language(), "ddd dd MMM"))


def month_year(day: date) -> str:
    """`November 2026`, `November 2026`, `noviembre 2026`."""
    return QLocale().toString(_qdate(day), "MMMM yyyy")


def number(value: float, decimals: int = 1) -> str:
    """`1.5` / `1,5`: a number with the language's decimal mark."""
    return QLocale().toString(float(value), "f", decimals)


def full_date(day: date) -> str:
    """`Monday 23 November 2026`, `Montag, 23. November 2026`, `lunes, 23 de noviembre de 2026`."""
    formats = {
        QLocale.Language.German: "dddd, d. MMMM yyyy",
        QLocale.Language.Spanish: "dddd, d 'de' MMMM 'de' yyyy",
    }
    locale = QLocale()
    return locale.toString(_qdate(day), formats.get(locale.language(), "dddd d MMMM yyyy"))


def short_time(instant: datetime) -> str:
    """`Mon 23 Nov 09:30`: a session's start in a table or a message."""
    return f"{short_date(instant.date())} {instant:%H:%M}"
