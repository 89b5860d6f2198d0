"""The review's month tab: the calendar, its markers, totals and streaks, and its navigation."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot
from test_review_window import MON, SAT, THU

from focusdesk.core.month_review import YearMonth
from focusdesk.core.week_review import IsoWeek
from focusdesk.shell.review.month_view import day_tooltip
from focusdesk.shell.review.review_window import ReviewWindow


def open_month(window: ReviewWindow) -> None:
    window.tabs.setCurrentWidget(window.month_view)


def test_the_month_is_read_only_when_its_tab_is_shown(window: ReviewWindow) -> None:
    assert window.month_view.month is None
    open_month(window)
    assert window.month_view.month == YearMonth(2026, 11)


def test_the_month_shows_each_days_focus_markers_totals_and_streaks(
    window: ReviewWindow,
) -> None:
    open_month(window)
    calendar = window.month_view.calendar
    stats = calendar._stats
    assert stats is not None
    assert stats.day(MON).focus_minutes == 120 and stats.day(MON).hard_stop_kept is True
    assert stats.day(THU).hard_stop_kept is False
    assert stats.day(SAT).protected_kept is False  # a breach on a protected Saturday
    assert stats.day(date(2026, 11, 1)).planned_focus_minutes is None  # before the history
    text = window.month_view.totals.text()
    assert "Hard stops kept 1 of 2" in text
    assert "Streaks: hard stops kept 0 in a row (best 1)" in text
    assert "(1 day: plan unknown)" in text
    tip = day_tooltip(stats.day(SAT), future=False)
    assert "Protected day: breached" in tip and "1 breach" in tip


def test_month_buttons_navigate_and_a_double_click_opens_that_week(
    qtbot: QtBot, window: ReviewWindow
) -> None:
    open_month(window)
    window.month_view.previous_button.click()
    assert window.month_view.month == YearMonth(2026, 10)
    window.month_view.next_button.click()
    window.month_view.next_button.click()
    assert window.month_view.month == YearMonth(2026, 12)
    window.show_month(YearMonth(2026, 11))
    calendar = window.month_view.calendar
    calendar.resize(700, 420)
    centre = calendar.cell_rect(date(2026, 11, 4)).center()
    qtbot.mouseDClick(calendar, Qt.MouseButton.LeftButton, pos=QPointF(centre).toPoint())
    assert window.week == IsoWeek(2026, 45)


def test_the_month_chosen_stays_after_an_edit_and_follows_a_new_week(
    window: ReviewWindow,
) -> None:
    open_month(window)
    window.month_view.previous_button.click()
    assert window.month_view.month == YearMonth(2026, 10)
    window.refresh()  # what an edit or undo does
    assert window.month_view.month == YearMonth(2026, 10)
    window.show_week(IsoWeek(2026, 49))
    assert window.month_view.month == YearMonth(2026, 12)
