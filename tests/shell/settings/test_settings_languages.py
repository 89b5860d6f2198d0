"""The settings window and the pattern editor in German and Spanish."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from focusdesk.core.i18n import set_language
from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.patterns import Weekday
from focusdesk.core.settings import Settings
from focusdesk.paths import DataPaths
from focusdesk.resources import resource_path
from focusdesk.shell.desktop.autostart import NullAutostart
from focusdesk.shell.desktop.qt_translations import install_qt_translations
from focusdesk.shell.settings.pattern_editor import COL_END, COL_LABEL
from focusdesk.shell.settings.settings_window import SettingsWindow


@pytest.fixture
def speak(qapp: QApplication) -> Iterator[object]:
    def use(code: str) -> None:
        set_language(code)
        install_qt_translations(qapp)

    yield use
    use("en")


def _window(qtbot: QtBot, tmp_path: Path, pattern_id: str = "boundary-fortress") -> SettingsWindow:
    paths = DataPaths(tmp_path / "data")
    paths.user_patterns_dir.mkdir(parents=True)
    catalog = PatternCatalog(resource_path("patterns"), paths.user_patterns_dir)
    window = SettingsWindow(
        Settings(pattern_id=pattern_id), catalog, paths, NullAutostart(), lambda s: None
    )
    qtbot.addWidget(window)
    return window


def test_the_settings_window_in_german(qtbot: QtBot, tmp_path: Path, speak) -> None:  # type: ignore[no-untyped-def]
    speak("de")
    window = _window(qtbot, tmp_path)
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs[:2] == ["Muster", "Fokus && Feierabend"] and tabs[-2:] == ["Kalender", "Allgemein"]
    assert "Einstellungen" in window.windowTitle()

    assert window.pattern_box.currentText() == "Grenzfestung (Balance, eingebaut)"
    assert window.focus_spin.specialValueText() == "wie das Muster sagt (90 min)"
    assert window.edit_button.text() == "Kopieren und bearbeiten…"
    # Qt's own buttons come from qtbase's German catalogue.
    assert window.ok_button.text() == "OK" and window.apply_button.text() == "Anwenden"
    # A bad field says so in German; nothing is applied.
    window.warnings_edit.setText("30, abc")
    assert not window.apply()
    assert window.status.text() == "Beheben Sie zuerst die rot markierten Felder."


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_copy_of_a_built_in_pattern_starts_in_the_users_language(
    qtbot: QtBot,
    tmp_path: Path,
    speak,  # type: ignore[no-untyped-def]
) -> None:
    speak("es")
    window = _window(qtbot, tmp_path)
    editor = window.open_pattern_editor()
    assert editor is not None and editor.is_copy
    assert editor.windowTitle() == "Nuevo patrón a partir de Fortaleza de límites"
    monday = editor.days[Weekday.MON]
    assert monday.table.cellWidget(0, 0) is not None
    assert monday.table.item(0, COL_LABEL).text() == "Trabajo profundo"
    assert editor.day_tabs.tabText(0) == "lun"
    # A loader problem is said in the editor's words, in Spanish.
    monday.set_cell(0, COL_END, "09:00")
    editor.revalidate()
    assert monday.blocks_error.text().startswith("Bloque 1: el final 09:00 no es posterior")
    assert "(marca «Pasa de medianoche» para un bloque" in monday.blocks_error.text()
