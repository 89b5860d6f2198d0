"""The signal light stays on top, never takes focus, and remembers where it was left."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QGuiApplication
from pytestqt.qtbot import QtBot

from focusdesk.core.patterns import BlockKind
from focusdesk.core.planner import PlannedBlock
from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.shell.boundary.signal_board import fitted_text, state_look
from focusdesk.shell.boundary.signal_light import (
    LIGHT_SIZE,
    SignalLight,
    format_position,
    parse_position,
    place_on_screens,
)

#: The offscreen test platform cannot raise windows; on a real display it can.
OFFSCREEN_RAISE = pytest.mark.qt_log_ignore("This plugin does not support raise")

LOCAL = timezone(timedelta(hours=1))
NOW = datetime(2026, 3, 2, 10, 37, tzinfo=LOCAL)


def light(qtbot: QtBot, **options: object) -> SignalLight:
    widget = SignalLight(now=lambda: NOW, **options)  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    return widget


@OFFSCREEN_RAISE
def test_it_is_an_always_on_top_tool_window_that_never_takes_focus(qtbot: QtBot) -> None:
    widget = light(qtbot)
    flags = widget.windowFlags()
    for flag in (
        Qt.WindowType.Tool,
        Qt.WindowType.FramelessWindowHint,
        Qt.WindowType.WindowStaysOnTopHint,
        Qt.WindowType.WindowDoesNotAcceptFocus,
    ):
        assert flags & flag, flag
    assert widget.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert widget.focusPolicy() is Qt.FocusPolicy.NoFocus
    widget.show()
    qtbot.waitExposed(widget)
    assert QGuiApplication.focusWindow() is not widget.windowHandle()


def test_it_shows_on_or_off_and_the_blocks_remaining_time(qtbot: QtBot) -> None:
    widget = light(qtbot)
    assert widget.texts() == ("OFF", "")
    widget.show_status(StatusSnapshot(state=EngineState.OFF, pattern_id="p"))
    assert widget.texts() == ("OFF", "Available")
    widget.show_status(
        StatusSnapshot(
            state=EngineState.FOCUS,
            pattern_id="p",
            ends_at=datetime(2026, 3, 2, 11, 0, tzinfo=LOCAL),
            remaining_seconds=1380,
            total_seconds=5400,
        )
    )
    assert widget.texts() == ("ON", "Focus · 23 min left")
    image = widget.grab().toImage()
    centre_left = image.pixelColor(LIGHT_SIZE[1] // 2 + 60, 3)
    assert centre_left == state_look(EngineState.FOCUS).colour


@OFFSCREEN_RAISE
def test_click_through_lets_the_mouse_pass(qtbot: QtBot) -> None:
    widget = light(qtbot, click_through=True)
    assert widget.click_through
    assert widget.windowFlags() & Qt.WindowType.WindowTransparentForInput
    widget.show()
    widget.set_click_through(False)
    assert not widget.click_through
    assert widget.isVisible(), "changing the option keeps the light on screen"


def test_positions_are_written_and_read_as_screen_name_and_offset() -> None:
    assert format_position("HDMI-1", QPoint(120, 40)) == "HDMI-1:120,40"
    assert parse_position("HDMI-1:120,40") == ("HDMI-1", QPoint(120, 40))
    # Screen names may contain colons themselves.
    assert parse_position("Dell U2720Q:ABC:-5,7") == ("Dell U2720Q:ABC", QPoint(-5, 7))
    assert parse_position("") is None
    assert parse_position("HDMI-1:here") is None
    assert parse_position("120,40") is None


def test_a_saved_place_on_a_connected_screen_is_restored(qapp: QGuiApplication) -> None:
    screen = QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    place = place_on_screens(f"{screen.name()}:100,50", LIGHT_SIZE, [screen])
    assert place == area.topLeft() + QPoint(100, 50)


def test_a_place_on_a_screen_that_is_gone_falls_back_to_a_visible_corner(
    qapp: QGuiApplication,
) -> None:
    screen = QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    for saved in ("Unplugged-TV:100,50", f"{screen.name()}:99999,99999", "garbage"):
        place = place_on_screens(saved, LIGHT_SIZE, [screen])
        assert area.contains(place), saved
        assert area.contains(place + QPoint(LIGHT_SIZE[0] - 1, LIGHT_SIZE[1] - 1)), saved


@OFFSCREEN_RAISE
def test_dragging_the_light_reports_its_new_place(qtbot: QtBot) -> None:
    moved: list[str] = []
    screen = QGuiApplication.primaryScreen()
    widget = light(qtbot, position=f"{screen.name()}:40,40", on_moved=moved.append)
    widget.show()
    qtbot.waitExposed(widget)
    start = widget.pos()

    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    # A drag as the window system delivers it: global positions of the pointer.
    widget.mouseMoveEvent(_move_event(widget, QPoint(20, 20), start + QPoint(80, 60)))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))

    assert widget.pos() == start + QPoint(60, 40)
    assert moved == [widget.current_position()]
    restored = light(qtbot, position=moved[0])
    assert restored.pos() == widget.pos()


def test_restore_position_moves_the_light(qtbot: QtBot) -> None:
    screen = QGuiApplication.primaryScreen()
    widget = light(qtbot)
    widget.restore_position(f"{screen.name()}:10,20")
    assert widget.pos() == screen.availableGeometry().topLeft() + QPoint(10, 20)
    assert widget.current_position() == f"{screen.name()}:10,20"


def _move_event(widget: SignalLight, local: QPoint, global_point: QPoint):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent

    return QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(local),
        QPointF(global_point),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def test_the_last_minute_and_overtime_read_whole_on_the_light(qtbot: QtBot) -> None:
    widget = light(qtbot)
    last_minute = StatusSnapshot(
        state=EngineState.FOCUS,
        pattern_id="p",
        ends_at=NOW + timedelta(seconds=40),
        remaining_seconds=40,
        total_seconds=5400,
    )
    widget.show_status(last_minute)
    big, small = widget.texts()
    assert (big, small) == ("ON", "Focus · < 1 min left")
    overtime = replace(last_minute, ends_at=NOW + timedelta(minutes=9), overtime=True)
    widget.show_status(overtime)
    assert widget.texts() == ("ON", "Overtime · 9 min left")
    # The small line fits its box at a readable size: no letter is cut off.
    box_width = LIGHT_SIZE[0] - (12 + LIGHT_SIZE[1] - 20 + 10) - 14
    for text in ("Focus · < 1 min left", "Overtime · 9 min left", "Switching · 1 h 05 min left"):
        font = QFont(widget.font())
        font.setPixelSize(int(LIGHT_SIZE[1] * 0.2))
        shown = fitted_text(font, text, box_width)
        assert shown == text
        assert font.pixelSize() >= 9
        assert QFontMetricsF(font).horizontalAdvance(shown) <= box_width


def test_off_for_a_planned_life_block_says_until_when(qtbot: QtBot) -> None:
    widget = light(qtbot)
    pick_up = PlannedBlock(
        BlockKind.LIFE, "School pick-up", NOW.replace(minute=0), NOW.replace(hour=11, minute=0)
    )
    widget.show_status(
        StatusSnapshot(
            state=EngineState.OFF,
            pattern_id="caregiver-pro",
            label="School pick-up — back at 11:00",
            planned_block=pick_up,
        )
    )
    assert widget.texts() == ("OFF", "Available · until 11:00")
    widget.show_status(StatusSnapshot(state=EngineState.OFF, pattern_id="caregiver-pro"))
    assert widget.texts() == ("OFF", "Available")


def test_dimmed_it_draws_only_its_outline_the_off_beat_of_a_blink(qtbot: QtBot) -> None:
    widget = light(qtbot)
    widget.show_status(StatusSnapshot(state=EngineState.ON, pattern_id="p"))
    middle = QPoint(LIGHT_SIZE[0] - 20, LIGHT_SIZE[1] // 2)  # right of the glyph and words
    lit = widget.grab().toImage().pixelColor(middle)
    widget.set_dimmed(True)
    dim = widget.grab().toImage().pixelColor(middle)
    assert lit.alpha() == 255 and dim.alpha() == 0
    widget.set_dimmed(False)
    assert widget.grab().toImage().pixelColor(middle) == lit
