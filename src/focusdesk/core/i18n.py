"""FocusDesk's words in the user's language: gettext, standard library only.

Every string a person reads is marked `_("...")` (or `ngettext(...)` for a
count) where it is written; the English text is the message id, so English
needs no catalogue and tests that read English keep working. The catalogues
are compiled from `po/*.po` (managed with Babel, see docs/TRANSLATING.md)
into `resources/locale/<lang>/LC_MESSAGES/focusdesk.mo`.

Pure and cheap: nothing is read until the first `_()` call, and the language
can be switched (the `language` setting) with `set_language`. Qt is not used
here; the shell additionally loads Qt's own qtbase translations for the
standard buttons (`focusdesk.shell.desktop.qt_translations`).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "N_",
    "WEEKDAY_NAMES",
    "_",
    "current_language",
    "languages_from_environment",
    "ngettext",
    "pgettext",
    "set_language",
]

DOMAIN = "focusdesk"


def N_(message: str) -> str:
    """Marks `message` for extraction only; translate it with `_()` where it is shown."""
    return message


#: The languages FocusDesk ships, by code; English is the source language.
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "es": "Español"}

#: Weekday names, Monday first (`date.weekday()`), for the core's sentences; translate with `_()`.
WEEKDAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)

#: The environment variables gettext reads, in its order of precedence.
_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translations: gettext.NullTranslations | None = None
_language: str | None = None
_override: str | None = None


def _locale_dir() -> Path:
    # focusdesk/resources/locale in a wheel or bundle, <repo>/resources/locale in a checkout
    # (the same rule as focusdesk.resources, kept here so the core imports nothing of it).
    package = Path(__file__).resolve().parent.parent
    installed = package / "resources" / "locale"
    if installed.is_dir():
        return installed
    return package.parent.parent / "resources" / "locale"


def _normalise(code: str) -> str:
    """`de_DE.UTF-8@euro` -> `de`; `C`/`POSIX` -> `en`."""
    code = code.split(".")[0].split("@")[0].strip()
    if code in ("", "C", "POSIX"):
        return "en"
    return code.split("_")[0].split("-")[0].lower()


def languages_from_environment(environ: Mapping[str, str] | None = None) -> list[str]:
    """The user's languages in order of preference, as gettext reads the environment.

    `LANGUAGE` may list several (`de:es`); the first variable that is set wins.
    """
    environ = os.environ if environ is None else environ
    for name in _ENVIRONMENT:
        value = environ.get(name, "")
        if value:
            return [_normalise(part) for part in value.split(":") if part] or ["en"]
    return ["en"]


def _choose(override: str | None, environ: Mapping[str, str] | None = None) -> str:
    wanted = [_normalise(override)] if override else languages_from_environment(environ)
    for code in wanted:
        if code in LANGUAGES:
            return code
    return "en"


def _load() -> gettext.NullTranslations:
    global _translations, _language
    language = _choose(_override)
    translations: gettext.NullTranslations
    if language == "en":
        translations = gettext.NullTranslations()
    else:
        translations = gettext.translation(
            DOMAIN, _locale_dir(), languages=[language], fallback=True
        )
        if type(translations) is gettext.NullTranslations:
            language = "en"  # the catalogue is missing (an uncompiled checkout): English
    _translations, _language = translations, language
    return translations


def set_language(code: str | None) -> None:
    """Use `code` ("de", "es", "en"); None or "" follows the environment again."""
    global _override, _translations, _language
    _override = code or None
    _translations = _language = None


def current_language() -> str:
    """The language in use: "en", "de" or "es" (for Qt, Babel and dates)."""
    if _language is None:
        _load()
    assert _language is not None
    return _language


def _(message: str) -> str:
    """`message` in the user's language (itself when not translated)."""
    return (_translations or _load()).gettext(message)


def pgettext(context: str, message: str) -> str:
    """`message` in the user's language where the same English word means something else
    elsewhere (`pgettext("action", "buffer")`: the verb, not the session kind)."""
    return (_translations or _load()).pgettext(context, message)


def ngettext(singular: str, plural: str, number: int) -> str:
    """The right form for `number` in the user's language (German and Spanish plurals too)."""
    return (_translations or _load()).ngettext(singular, plural, number)
