"""The week review in German and Spanish: tabs, totals with the decimal comma, day names,
plurals, and the log's values untouched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_review_window import BERLIN, SUN

from focusdesk.core.i18n import set_language
from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.shell.desktop.qt_translations import install_qt_translations
from focusdesk.shell.review.review_window import ReviewWindow
from focusdesk.store.plan_history import PatternHistoryLog
from focusdesk.store.session_log import SessionLog


@pytest.fixture
def speak(qapp: QApplication) -> Iterator[object]:
    def use(code: str) -> None:
        set_language(code)
        install_qt_translations(qapp)

    yield use
    use("en")


def _review(qtbot: QtBot, log: SessionLog, catalog: PatternCatalog) -> ReviewWindow:
    history = PatternHistoryLog(log._database)
    review = ReviewWindow(log, catalog, BERLIN, SUN, plan_history=history.history)
    qtbot.addWidget(review)
    return review


def test_the_review_in_german(
    qtbot: QtBot, log: SessionLog, catalog: PatternCatalog, speak
) -> None:  # type: ignore[no-untyped-def]
    speak("de")
    review = _review(qtbot, log, catalog)
    assert review.windowTitle() == "FocusDesk — Wochenrückblick"
    tabs = [review.tabs.tabText(i) for i in range(review.tabs.count())]
    assert tabs == ["Sitzungen", "Ergebnisbuch", "Rückschau && Rat", "Wochenrückblick", "Monat"]
    assert review.totals.text("focus") == "4 h von 7,5 h geplant"  # the decimal comma
    assert review.totals.text("overtime") == "0:15 (1 Aufschub)"
    assert "Mo. 16. Nov." in review.week_title.text()
    assert "Grenzfestung" in review.week_title.text()
    first = [review.session_proxy.index(0, c).data() for c in range(6)]
    assert first[:3] == ["Mo. 16. Nov. 09:30–11:00", "Fokus", "Report"]
    assert review.session_proxy.headerData(0, qtbot_horizontal()) == "Zeit"
    # The chart keeps its English keys (what the code reads); its legend is German.
    assert review.chart.bars["Focus"].label() == "Fokus"


def test_the_review_in_spanish(
    qtbot: QtBot, log: SessionLog, catalog: PatternCatalog, speak
) -> None:  # type: ignore[no-untyped-def]
    speak("es")
    review = _review(qtbot, log, catalog)
    assert review.totals.text("focus") == "4 h de 7,5 h planificadas"
    assert review.totals.text("hard_stops") == "1 de 2"
    review.tabs.setCurrentWidget(review.month_view)
    assert "noviembre 2026" in review.month_view.title.text()
    assert "(1 día: plan desconocido) · 5 días trabajados" in review.month_view.totals.text()


def qtbot_horizontal():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
