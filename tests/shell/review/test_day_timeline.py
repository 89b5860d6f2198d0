"""The review's day timeline: lanes per day on one hour axis, plan faint, sessions solid."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot
from test_review_window import MON, SAT, THU

from focusdesk.shell.review.day_timeline import hour_range, session_bars, session_tooltip
from focusdesk.shell.review.review_window import ReviewWindow


def test_each_session_sits_on_its_days_lane_at_its_local_time(window: ReviewWindow) -> None:
    bars = {bar.session.id: bar for bar in session_bars(window.stats)}
    mon = bars["mon-1"]
    assert (mon.lane, mon.start, mon.end, mon.away) == (0, 9 * 60 + 30, 11 * 60, 0)
    assert bars["thu-o"].lane == 3 and bars["thu-o"].start == 18 * 60 + 30
    assert bars["sat-1"].lane == 5 and bars["sat-1"].session.breach
    first, last = hour_range(window.stats)
    assert first <= 9 and last >= 19  # the hard stop (18:30) and the overtime fit


def test_the_plan_in_force_and_the_hard_stop_are_each_days_own(window: ReviewWindow) -> None:
    plans = window.stats.plans
    mon_plan, sat_plan = plans[MON], plans[SAT]
    assert mon_plan is not None and mon_plan.hard_stop is not None
    assert mon_plan.hard_stop.hour == 18 and mon_plan.hard_stop.minute == 30
    assert sat_plan is not None and sat_plan.protected


def test_paused_time_is_the_away_part_of_a_bar(window: ReviewWindow) -> None:
    session = next(s for s in window.stats.sessions if s.id == "mon-1")
    session.paused_seconds = 15 * 60
    bar = next(b for b in session_bars(window.stats) if b.session.id == "mon-1")
    assert bar.away == 15
    assert "away 15 min" in session_tooltip(session)


def test_a_double_click_on_a_session_opens_its_editor(
    qtbot: QtBot, window: ReviewWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    class Editor:
        def __init__(self, session: Any) -> None:
            self.session = session

        def exec(self) -> int:
            opened.append(self.session.id)
            return 0

    monkeypatch.setattr(window, "session_editor", lambda session=None: Editor(session))
    timeline = window.timeline
    timeline.resize(900, 200)
    bar = next(b for b in timeline.bars if b.session.id == "thu-1")
    centre = timeline.bar_rect(bar).center()
    assert timeline.session_at(centre) is not None
    qtbot.mouseDClick(timeline, Qt.MouseButton.LeftButton, pos=QPointF(centre).toPoint())
    assert opened == ["thu-1"]
    assert window.selected_session() is not None and window.selected_session().id == "thu-1"  # type: ignore[union-attr]
    assert timeline.session_at(QPointF(2, 2)) is None
    assert date(2026, 11, 19) == THU
