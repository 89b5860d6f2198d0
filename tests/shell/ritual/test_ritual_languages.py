"""The shutdown ritual, the welcome and About speak German and Spanish (plurals, day names)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from focusdesk.core.i18n import set_language
from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.resources import builtin_patterns_dir
from focusdesk.shell.desktop.qt_translations import install_qt_translations
from focusdesk.shell.ritual.shutdown_ritual import ShutdownRitualWindow
from focusdesk.shell.settings.welcome_window import WelcomeWindow
from focusdesk.shell.tray.about_dialog import AboutDialog

BERLIN = ZoneInfo("Europe/Berlin")
STOP = datetime(2026, 11, 23, 18, 30, tzinfo=BERLIN)


@pytest.fixture
def language(qapp: QApplication) -> Iterator[object]:
    def use(code: str) -> None:
        set_language(code)
        install_qt_translations(qapp)

    yield use
    use("en")
    set_language(None)


def test_the_ritual_in_german_says_how_many_snoozes_are_left(qtbot: QtBot, language) -> None:  # type: ignore[no-untyped-def]
    language("de")
    ritual = ShutdownRitualWindow()
    qtbot.addWidget(ritual)
    checklist = ["Capture every open loop in your task list"]
    ritual.prepare(STOP, checklist, 1, 10, strict=False)
    assert ritual.heading.text() == "Feierabend (18:30) — Zeit, den Tag abzuschließen"
    assert ritual.snooze_button.text() == "10 min aufschieben (noch 1 Mal)"
    assert ritual.windowTitle() == "FocusDesk — Tag abschließen"
    # The pattern's checklist is shown translated but logged in its own words.
    ritual.checkboxes[0].setChecked(True)
    assert ritual.checkboxes[0].text() != checklist[0]
    assert ritual.answers().checklist_done == checklist
    language("es")
    ritual.prepare(STOP, [], 2, 10, strict=False)
    assert ritual.snooze_button.text() == "Aplazar 10 min (quedan 2)"
    ritual.prepare(STOP, [], 1, 10, strict=False)
    assert ritual.snooze_button.text() == "Aplazar 10 min (queda 1)"


def test_the_welcome_names_today_in_the_language(qtbot: QtBot, language) -> None:  # type: ignore[no-untyped-def]
    language("de")
    welcome = WelcomeWindow(
        PatternCatalog(builtin_patterns_dir()), "boundary-fortress", date(2026, 11, 23), BERLIN,
        tray_available=True,
    )  # fmt: skip
    qtbot.addWidget(welcome)
    assert welcome.today_title.title() == "2. Heute, Montag, 23. November, mit Grenzfestung"
    assert "09:30–11:00  Konzentrierte Arbeit (Fokus, Grenze an)" in welcome.today_plan.text()
    assert welcome.start_button.text() == "Mit Grenzfestung beginnen"
    language("es")
    welcome = WelcomeWindow(
        PatternCatalog(builtin_patterns_dir()), "boundary-fortress", date(2026, 11, 28), BERLIN,
        tray_available=True,
    )  # fmt: skip
    qtbot.addWidget(welcome)
    assert "sábado, 28 de noviembre" in welcome.today_title.title()
    assert welcome.today_plan.text().startswith("El sábado está protegido en")


def test_about_in_spanish(qtbot: QtBot, language, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    language("es")
    about = AboutDialog("1.0", [("Carpeta de datos", tmp_path)])
    qtbot.addWidget(about)
    assert about.windowTitle() == "Acerca de FocusDesk"
    assert about.open_buttons["Carpeta de datos"].text() == "Abrir"
    assert "Línea de órdenes" in about.docs.text()
