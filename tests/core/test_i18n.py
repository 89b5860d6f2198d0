"""The gettext mechanism of the core: language choice, catalogues, plurals, pattern words."""

from __future__ import annotations

import pytest

from focusdesk.core import i18n
from focusdesk.core.i18n import _, current_language, languages_from_environment, set_language
from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.patterns import BlockKind
from focusdesk.core.wording import count
from focusdesk.resources import builtin_patterns_dir


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANGUAGE": "de:es", "LANG": "es_ES.UTF-8"}, ["de", "es"]),
        ({"LC_ALL": "es_MX.UTF-8", "LANG": "de_DE.UTF-8"}, ["es"]),
        ({"LC_MESSAGES": "de_AT@euro", "LANG": "es_ES.UTF-8"}, ["de"]),
        ({"LANG": "es_ES.UTF-8"}, ["es"]),
        ({"LANG": "C.UTF-8"}, ["en"]),
        ({"LANGUAGE": "", "LANG": "POSIX"}, ["en"]),
        ({}, ["en"]),
    ],
)
def test_the_language_comes_from_the_environment_as_gettext_reads_it(
    environ: dict[str, str], expected: list[str]
) -> None:
    assert languages_from_environment(environ) == expected


def test_the_first_shipped_language_wins_and_an_unknown_one_is_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANGUAGE", "fr:es")
    set_language(None)
    assert current_language() == "es"
    monkeypatch.setenv("LANGUAGE", "fr")
    set_language(None)
    assert current_language() == "en"


def test_the_setting_overrides_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "es")
    set_language("de")
    assert current_language() == "de"
    assert _("Focus") == "Fokus"
    set_language("")
    assert current_language() == "es"
    assert _("Focus") == "Concentración"


def test_english_needs_no_catalogue_and_unknown_text_comes_back_unchanged() -> None:
    set_language("en")
    assert _("Focus") == "Focus"
    set_language("de")
    assert _("a label the user typed") == "a label the user typed"


def test_a_missing_catalogue_falls_back_to_english(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setattr(i18n, "_locale_dir", lambda: tmp_path)
    set_language("de")
    assert current_language() == "en"
    assert _("Focus") == "Focus"


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [("en", "1 snooze", "2 snoozes"), ("de", "1 Aufschub", "2 Aufschübe"),
     ("es", "1 aplazamiento", "2 aplazamientos")],
)  # fmt: skip
def test_counts_take_each_languages_plural(language: str, one: str, two: str) -> None:
    set_language(language)
    assert count(1, "snooze", "snoozes") == one
    assert count(2, "snooze", "snoozes") == two


def test_built_in_pattern_words_are_shown_translated_but_never_stored_so() -> None:
    catalog = PatternCatalog(builtin_patterns_dir(), None)
    pattern = catalog.get("boundary-fortress")
    set_language("de")
    assert pattern.display_name == "Grenzfestung"
    assert pattern.display_description.startswith("Kernzeit 09:30–16:30")
    assert "Den Kalender für morgen prüfen" in pattern.display_checklist
    labels = [b.display_label for b in pattern.day(0).blocks]
    assert labels[0] == "Konzentrierte Arbeit"
    assert pattern.name == "Boundary Fortress" and pattern.id == "boundary-fortress"
    assert BlockKind.COMMS.display_name == "Kommunikation" and BlockKind.COMMS.value == "comms"


def test_the_welcome_back_notification_speaks_german_and_spanish() -> None:
    from test_session_engine_absence import at, fortress, returned

    from focusdesk.core.absence_report import return_message

    drive = fortress(9, 30)
    drive.do("start_focus", minutes=120)
    drive.away(since=at(10, 18), noticed=at(10, 23))
    drive.back(at(11, 0))
    back = returned(drive)
    set_language("de")
    assert return_message(back) == (
        "Willkommen zurück — der Block ist pausiert",
        "Sie waren 42 min weg — der Block wurde um 10:18 pausiert. "
        "Setzen Sie ihn fort oder beenden Sie ihn.",
    )
    set_language("es")
    assert return_message(back) == (
        "Bienvenido de nuevo — el bloque está en pausa",
        "Estuviste fuera 42 min — el bloque se pausó a las 10:18. Reanúdalo o termínalo.",
    )
    set_language("en")
    assert return_message(back) == (
        "Welcome back — the block is paused",
        "You were away 42 min — the block was paused at 10:18. Resume it or end it.",
    )
