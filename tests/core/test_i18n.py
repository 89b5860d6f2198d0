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
