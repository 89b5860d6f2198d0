"""The signal board says the state in words a room can read, and Esc leaves it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from pytestqt.qtbot import QtBot

from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.shell.boundary.signal_board import (
    SignalBoard,
    default_board_screen,
    detail_line,
    headline,
    next_change_line,
    remaining_words,
    screen_named,
    state_look,
)

#: The offscreen test platform cannot raise windows; on a real display it can.
OFFSCREEN_RAISE = pytest.mark.qt_log_ignore("This plugin does not support raise")

LOCAL = timezone(timedelta(hours=1))
NOW = datetime(2026, 3, 2, 10, 37, tzinfo=LOCAL)


def snapshot(state: EngineState, **extra: object) -> StatusSnapshot:
    return StatusSnapshot(state=state, pattern_id="portfolio-day", **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("state", "ends", "words"),
    [
        (EngineState.OFF, None, "Off — available"),
        (EngineState.ON, None, "On — working"),
        (EngineState.FOCUS, datetime(2026, 3, 2, 11, 0, tzinfo=LOCAL), "Focus — back at 11:00"),
        (EngineState.FOCUS, None, "Focus — please do not disturb"),
        (
            EngineState.BUFFER,
            datetime(2026, 3, 2, 11, 10, tzinfo=LOCAL),
            "Buffer — switching, back at 11:10",
        ),
        (EngineState.PAUSED, None, "Paused"),
        (EngineState.ALARM, None, "Hard stop — wrapping up"),
    ],
)
def test_the_headline_says_the_state_in_words(
    state: EngineState, ends: datetime | None, words: str
) -> None:
    assert headline(snapshot(state, ends_at=ends)) == words


def test_every_state_has_its_own_colour_and_word() -> None:
    looks = [state_look(state) for state in EngineState]
    assert len({look.colour.name() for look in looks}) == len(EngineState)
    assert len({look.word for look in looks}) == len(EngineState)
    off = {EngineState.OFF, EngineState.ALARM}  # after the hard stop it is OFF (SPEC §4)
    assert {state_look(s).boundary_word for s in off} == {"OFF"}
    assert {state_look(s).boundary_word for s in EngineState if s not in off} == {"ON"}


HARD_STOP = datetime(2026, 3, 2, 21, 5, tzinfo=LOCAL)


def test_a_block_that_runs_into_the_hard_stop_is_not_back_at_the_hard_stop() -> None:
    last_buffer = snapshot(EngineState.BUFFER, ends_at=HARD_STOP, hard_stop=HARD_STOP)
    assert headline(last_buffer) == "Buffer — switching, until 21:05, then off"
    breach = snapshot(
        EngineState.FOCUS, ends_at=HARD_STOP + timedelta(minutes=30), hard_stop=HARD_STOP
    )
    assert headline(breach) == "Focus — until 21:35, then off"
    earlier = snapshot(
        EngineState.FOCUS, ends_at=HARD_STOP - timedelta(hours=2), hard_stop=HARD_STOP
    )
    assert headline(earlier) == "Focus — back at 19:05"


def test_a_passed_hard_stop_or_a_closed_day_shows_no_hard_stop_ahead() -> None:
    closed = snapshot(EngineState.OFF, hard_stop=HARD_STOP, day_closed=True)
    assert next_change_line(closed, HARD_STOP - timedelta(hours=1)) == ""
    later = snapshot(EngineState.OFF, hard_stop=HARD_STOP)
    assert next_change_line(later, HARD_STOP + timedelta(minutes=14)) == ""
    assert next_change_line(later, HARD_STOP - timedelta(minutes=14)) == "Hard stop at 21:05"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (None, ""),
        (0, "under a minute left"),
        (59, "under a minute left"),
        (60, "1 min left"),
        (61, "2 min left"),
        (23 * 60, "23 min left"),
        (65 * 60, "1 h 05 min left"),
    ],
)
def test_remaining_time_in_words(seconds: int | None, words: str) -> None:
    assert remaining_words(seconds) == words


def test_the_detail_counts_down_from_the_wall_clock_while_the_block_runs() -> None:
    focus = snapshot(
        EngineState.FOCUS,
        label="Client A",
        ends_at=datetime(2026, 3, 2, 11, 0, tzinfo=LOCAL),
        remaining_seconds=99 * 60,  # stale: the board trusts the end time
    )
    assert detail_line(focus, NOW) == "Client A · 23 min left"
    paused = snapshot(EngineState.PAUSED, label="Client A", remaining_seconds=600)
    assert detail_line(paused, NOW) == "Client A · 10 min left"


def test_off_shows_why_never_a_countdown() -> None:
    # SPEC §4: a planned life block is OFF "showing that block's label".
    pick_up = snapshot(
        EngineState.OFF, label="School pick-up — back at 16:00", remaining_seconds=600
    )
    assert detail_line(pick_up, NOW) == "School pick-up — back at 16:00"
    assert detail_line(snapshot(EngineState.OFF), NOW) == ""


def test_the_next_change_or_the_hard_stop_is_shown() -> None:
    planned = snapshot(
        EngineState.ON,
        next_label="Focus: writing",
        next_at=datetime(2026, 3, 2, 13, 30, tzinfo=LOCAL),
        hard_stop=datetime(2026, 3, 2, 18, 0, tzinfo=LOCAL),
    )
    assert next_change_line(planned) == "Next: Focus: writing at 13:30"
    only_stop = snapshot(EngineState.ON, hard_stop=datetime(2026, 3, 2, 18, 0, tzinfo=LOCAL))
    assert next_change_line(only_stop) == "Hard stop at 18:00"
    assert next_change_line(snapshot(EngineState.OFF)) == ""


@OFFSCREEN_RAISE
def test_the_board_fills_the_screen_in_the_states_colour_and_esc_leaves(
    qtbot: QtBot,
) -> None:
    board = SignalBoard(now=lambda: NOW)
    qtbot.addWidget(board)
    board.show_status(
        snapshot(
            EngineState.FOCUS,
            label="Client A",
            ends_at=datetime(2026, 3, 2, 11, 0, tzinfo=LOCAL),
            total_seconds=5400,
            remaining_seconds=1380,
        )
    )
    board.show_on(QGuiApplication.primaryScreen())
    qtbot.waitExposed(board)
    assert board.isFullScreen()
    assert board.texts() == ("Focus — back at 11:00", "Client A · 23 min left", "")

    image = board.grab().toImage()
    corner = image.pixelColor(5, 5)
    assert corner == state_look(EngineState.FOCUS).colour
    # Words are drawn: some pixels in the headline band are white.
    band = [image.pixelColor(x, int(image.height() * 0.42)) for x in range(0, image.width(), 2)]
    assert any(colour == QColor("white") for colour in band)

    with qtbot.waitSignal(board.board_closed, timeout=2000):
        qtbot.keyClick(board, Qt.Key.Key_Escape)
    assert not board.isVisible()


def test_the_board_repaints_when_the_state_changes(qtbot: QtBot) -> None:
    board = SignalBoard(now=lambda: NOW)
    qtbot.addWidget(board)
    board.show_status(snapshot(EngineState.ON))
    board.resize(640, 400)
    before = board.grab().toImage().pixelColor(5, 5)
    board.show_status(snapshot(EngineState.OFF))
    after = board.grab().toImage().pixelColor(5, 5)
    assert before == state_look(EngineState.ON).colour
    assert after == state_look(EngineState.OFF).colour


def test_screens_are_found_by_name(qapp: QGuiApplication) -> None:
    primary = QGuiApplication.primaryScreen()
    assert screen_named(primary.name()) is primary
    assert screen_named("no-such-screen") is None
    assert default_board_screen() in QGuiApplication.screens()
