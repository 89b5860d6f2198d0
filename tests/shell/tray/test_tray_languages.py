"""The tray menu and tooltip in German and Spanish; long German words are not clipped."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QMenu

from focusdesk.core.i18n import set_language
from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.shell.tray.tray import Tray, status_lines

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
ON = StatusSnapshot(
    state=EngineState.ON,
    pattern_id="boundary-fortress",
    hard_stop=NOW.replace(hour=18, minute=30),
    next_label="Deep work",
    next_at=NOW + timedelta(hours=1),
    big_task="ship the draft",
)
FOCUS = StatusSnapshot(
    state=EngineState.FOCUS,
    pattern_id="boundary-fortress",
    label="Deep work",
    ends_at=NOW + timedelta(minutes=42),
    remaining_seconds=42 * 60,
    total_seconds=90 * 60,
    hard_stop=NOW.replace(hour=18, minute=30),
)


def test_the_tooltip_speaks_german_and_spanish() -> None:
    set_language("de")
    assert status_lines(ON) == [
        "An",
        "Als Nächstes: Konzentrierte Arbeit um 10:30",
        "Feierabend: 18:30",
        "Die eine große Aufgabe: ship the draft",
    ]
    assert status_lines(FOCUS)[0] == "Fokus: Konzentrierte Arbeit — noch 42 min (endet 10:12)"
    set_language("es")
    assert status_lines(FOCUS)[0] == (
        "Concentración: Trabajo profundo — quedan 42 min (termina a las 10:12)"
    )


def _clipped(menu: QMenu) -> list[str]:
    """Texts of visible actions wider than the menu leaves them (shortcuts, icons and margins)."""
    metrics = QFontMetrics(menu.font())
    too_wide = []
    for action in menu.actions():
        if not action.isVisible() or action.isSeparator():
            continue
        room = menu.actionGeometry(action).width() - 40  # the check/arrow columns and margins
        if metrics.horizontalAdvance(action.text().replace("&", "")) > room:
            too_wide.append(action.text())
    return too_wide


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_menu_is_translated_and_nothing_is_clipped(qapp: object, language: str) -> None:
    set_language(language)
    tray = Tray(ask_stop_reason=lambda: None)
    tray.set_label_choices(["Deep work", "my own label"])
    tray.set_patterns([("boundary-fortress", "Grenzfestung"), ("time-weave", "Zeitgewebe")], "x")
    tray.update_status(ON)
    menu = tray.menu
    menu.adjustSize()  # lays the actions out without showing the menu
    texts = [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]
    if language == "de":
        assert "Signaltafel (Vollbild)" in texts and "Info und Hilfe…" in texts
        assert "Fokusblock starten als" in texts and "FocusDesk beenden" in texts
        assert [a.text() for a in tray.start_menu.actions()][:2] == [
            "Konzentrierte Arbeit",
            "my own label",
        ]
    else:
        assert "Empezar bloque de concentración como" in texts
    assert _clipped(menu) == []
    folder = os.environ.get("FOCUSDESK_SCREENSHOTS")
    if folder:
        menu.grab().save(str(Path(folder) / f"tray-menu-{language}.png"))
    tray.icon.hide()


def test_switching_the_language_relabels_the_menu_and_the_no_tray_window(qapp: object) -> None:
    from focusdesk.shell.tray.fallback_window import FallbackWindow

    set_language("en")
    tray = Tray(ask_stop_reason=lambda: None)
    tray.update_status(ON)
    window = FallbackWindow(tray)
    assert tray.review_action.text() == "Open review…"
    assert window.start_button.text() == "Start focus block"
    set_language("de")
    tray.retranslate()
    window.retranslate()
    assert tray.review_action.text() == "Rückblick öffnen…"
    assert tray.pattern_menu.title() == "Muster wechseln"
    assert tray.icon.toolTip().splitlines()[0] == "An"
    # The window's buttons are the tray's actions: they follow; its own words too.
    assert window.review_button.text() == "Rückblick öffnen…"
    assert window.about_button.text() == "Hilfe"
    assert window.start_button.text() == "Fokusblock starten"
    assert window.note.text().startswith("Es wurde kein System-Tray gefunden")
    set_language("es")
    tray.retranslate()
    assert tray.quit_action.text() == "Salir de FocusDesk"
    set_language(None)
    window.deleteLater()
    tray.icon.hide()
