"""The tray: menu actions turn into requests; the tooltip and menu follow the snapshot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.shell.tray.tray import Tray, status_headline, status_lines

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def snapshot(state: EngineState, **fields: object) -> StatusSnapshot:
    return StatusSnapshot(state=state, pattern_id="boundary-fortress", **fields)  # type: ignore[arg-type]


FOCUS = snapshot(
    EngineState.FOCUS,
    label="writing",
    ends_at=NOW + timedelta(minutes=42),
    remaining_seconds=42 * 60,
    total_seconds=90 * 60,
    hard_stop=NOW.replace(hour=18, minute=30),
)
ON = snapshot(
    EngineState.ON,
    hard_stop=NOW.replace(hour=18, minute=30),
    next_label="Focus: writing",
    next_at=NOW + timedelta(hours=1),
    big_task="ship the draft",
)


@pytest.fixture
def tray(qapp: object) -> Tray:
    reasons: list[str | None] = ["too tired"]
    return Tray(ask_stop_reason=lambda: reasons[0])


def test_left_click_when_idle_starts_a_focus_block(tray: Tray, qtbot: QtBot) -> None:
    tray.update_status(ON)
    with qtbot.waitSignal(tray.start_focus_requested) as signal:
        tray.primary_click()
    assert signal.args == [""]


# Offscreen Qt cannot raise or grab for a popup menu; that is the platform, not us.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_left_click_during_a_block_shows_what_runs_instead_of_starting(
    tray: Tray, qtbot: QtBot
) -> None:
    tray.update_status(FOCUS)
    with qtbot.assertNotEmitted(tray.start_focus_requested):
        tray.primary_click()
    assert tray.running_menu.isVisible()
    texts = [a.text() for a in tray.running_menu.actions() if a.isVisible() and a.text()]
    assert texts[0].startswith("Focus: writing — 42 min left")
    assert "Pause" in texts and "Extend +5 min" in texts and "Stop…" in texts
    tray.running_menu.hide()


def test_left_click_at_the_hard_stop_opens_the_ritual(tray: Tray, qtbot: QtBot) -> None:
    tray.update_status(snapshot(EngineState.ALARM))
    with qtbot.waitSignal(tray.shutdown_ritual_requested):
        tray.primary_click()


def test_menu_actions_emit_their_requests(tray: Tray, qtbot: QtBot) -> None:
    tray.update_status(FOCUS)
    with qtbot.waitSignal(tray.pause_requested):
        tray.pause_action.trigger()
    with qtbot.waitSignal(tray.extend_requested) as extend:
        tray.extend_actions[15].trigger()
    assert extend.args == [15]
    with qtbot.waitSignal(tray.stop_requested) as stop:
        tray.stop_action.trigger()
    assert stop.args == ["too tired"]
    with qtbot.waitSignal(tray.review_requested):
        tray.review_action.trigger()
    with qtbot.waitSignal(tray.settings_requested):
        tray.settings_action.trigger()
    with qtbot.waitSignal(tray.quit_requested):
        tray.quit_action.trigger()


def test_cancelling_the_stop_reason_keeps_the_block_running(qapp: object, qtbot: QtBot) -> None:
    tray = Tray(ask_stop_reason=lambda: None)
    tray.update_status(FOCUS)
    with qtbot.assertNotEmitted(tray.stop_requested):
        tray.stop_action.trigger()


def test_the_menu_offers_only_what_makes_sense_in_each_state(tray: Tray) -> None:
    tray.update_status(ON)
    assert tray.start_default_action.isVisible() and tray.buffer_action.isVisible()
    assert not tray.pause_action.isVisible() and not tray.stop_action.isVisible()
    tray.update_status(FOCUS)
    assert tray.pause_action.isVisible() and not tray.resume_action.isVisible()
    assert not tray.start_default_action.isVisible()
    tray.update_status(snapshot(EngineState.PAUSED, label="writing", remaining_seconds=600))
    assert tray.resume_action.isVisible() and not tray.pause_action.isVisible()
    tray.update_status(snapshot(EngineState.ALARM))
    assert tray.ritual_action.isVisible()


def test_start_menu_offers_the_label_choices(tray: Tray, qtbot: QtBot) -> None:
    tray.set_label_choices(["ship the draft", "writing", "", "writing", "client"])
    labels = [a.text() for a in tray.start_menu.actions() if not a.isSeparator()]
    assert labels == ["ship the draft", "writing", "client", "New label…"]
    with qtbot.waitSignal(tray.start_focus_requested) as signal:
        tray.start_menu.actions()[2].trigger()
    assert signal.args == ["client"]


def test_switch_pattern_submenu_checks_the_active_one(tray: Tray, qtbot: QtBot) -> None:
    tray.set_patterns(
        [("boundary-fortress", "Boundary Fortress"), ("time-weave", "Time-Weave")], "time-weave"
    )
    actions = tray.pattern_menu.actions()
    assert [a.isChecked() for a in actions] == [False, True]
    with qtbot.waitSignal(tray.pattern_chosen) as signal:
        actions[0].trigger()
    assert signal.args == ["boundary-fortress"]
    tray.set_patterns([("boundary-fortress", "Boundary Fortress")], "boundary-fortress")
    assert len(tray.pattern_menu.actions()) == 1


def test_tooltip_says_state_next_block_hard_stop_and_big_task(tray: Tray) -> None:
    tray.update_status(ON)
    assert tray.icon.toolTip().splitlines() == [
        "On",
        f"Next: Focus: writing at {(NOW + timedelta(hours=1)).strftime('%H:%M')}",
        "Hard stop: 18:30",
        "One big task: ship the draft",
    ]


def test_headline_of_a_running_block_has_time_left_and_end() -> None:
    assert status_headline(FOCUS) == "Focus: writing — 42 min left (ends 10:12)"
    assert status_lines(snapshot(EngineState.OFF))[1] == "No hard stop today"
    short = snapshot(EngineState.BUFFER, remaining_seconds=20, ends_at=NOW)
    assert status_headline(short) == "Buffer — under a minute left (ends 09:30)"


def test_the_icon_follows_the_state(qapp: object) -> None:
    seen: list[EngineState] = []

    def provider(snap: StatusSnapshot) -> object:
        from PySide6.QtGui import QIcon

        seen.append(snap.state)
        return QIcon()

    tray = Tray(icon_provider=provider)  # type: ignore[arg-type]
    tray.update_status(ON)
    tray.update_status(FOCUS)
    assert seen == [EngineState.ON, EngineState.FOCUS]


def test_overtime_is_called_overtime_not_focus() -> None:
    overtime = snapshot(
        EngineState.FOCUS, label="Overtime", remaining_seconds=540, ends_at=NOW, overtime=True
    )
    assert status_headline(overtime) == "Overtime — 9 min left (ends 09:30)"


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_an_open_menu_is_never_rebuilt_under_the_pointer(tray: Tray, qtbot: QtBot) -> None:
    tray.update_status(ON)
    tray.set_patterns([("boundary-fortress", "Boundary Fortress")], "boundary-fortress")
    tray.set_label_choices(["Report"])
    tray.menu.popup(QPoint(100, 100))
    qtbot.waitUntil(tray.menu.isVisible)
    before = [tray.menu.actions(), tray.pattern_menu.actions(), tray.start_menu.actions()]
    # A block ends, a pattern is saved, a new label appears — all while the menu is open.
    tray.update_status(FOCUS)
    tray.set_patterns(
        [("boundary-fortress", "Boundary Fortress"), ("late-day", "Late day")], "late-day"
    )
    tray.set_label_choices(["Report", "Grant"])
    assert tray.menu.isVisible()
    assert [tray.menu.actions(), tray.pattern_menu.actions(), tray.start_menu.actions()] == before
    assert tray.start_default_action.isVisible()  # the open menu keeps its shape
    assert tray.status_action.text().startswith("Focus: writing")  # only the words move on
    tray.menu.hide()
    qtbot.waitUntil(
        lambda: (
            [a.data() for a in tray.pattern_menu.actions()]
            == [
                "boundary-fortress",
                "late-day",
            ]
        )
    )
    checked = [a.data() for a in tray.pattern_menu.actions() if a.isChecked()]
    assert checked == ["late-day"]
    assert [a.text() for a in tray.start_menu.actions() if a.text()] == [
        "Report",
        "Grant",
        "New label…",
    ]
    assert not tray.start_default_action.isVisible()


def test_the_same_patterns_again_do_not_rebuild_the_menu(tray: Tray) -> None:
    tray.set_patterns([("boundary-fortress", "Boundary Fortress")], "boundary-fortress")
    actions = tray.pattern_menu.actions()
    tray.set_patterns([("boundary-fortress", "Boundary Fortress")], "boundary-fortress")
    assert tray.pattern_menu.actions() == actions


def test_a_protected_day_tooltip_says_why_there_is_no_hard_stop() -> None:
    sunday = snapshot(
        EngineState.OFF, no_hard_stop_reason="Sunday is protected in Boundary Fortress"
    )
    assert status_lines(sunday)[1] == (
        "No hard stop today: Sunday is protected in Boundary Fortress"
    )


def test_new_label_asks_for_one_and_starts_a_block_with_it(qtbot: QtBot, qapp: object) -> None:
    asked: list[list[str]] = []
    answers: list[str | None] = ["Grant proposal", None]

    def ask(recent: object) -> str | None:
        asked.append(list(recent))  # type: ignore[call-overload]
        return answers.pop(0)

    tray = Tray(ask_stop_reason=lambda: "", ask_label=ask)
    assert [a.text() for a in tray.start_menu.actions()] == ["New label…"]
    assert tray.start_menu.isEnabled()  # even before any label was ever used
    tray.set_label_choices(["writing"])
    with qtbot.waitSignal(tray.start_focus_requested) as signal:
        tray.new_label_action.trigger()
    assert signal.args == ["Grant proposal"] and asked == [["writing"]]
    with qtbot.assertNotEmitted(tray.start_focus_requested):
        tray.new_label_action.trigger()  # cancelled: nothing starts


def test_about_and_help_is_in_the_menu(tray: Tray, qtbot: QtBot) -> None:
    texts = [a.text() for a in tray.menu.actions()]
    assert texts.index("About and help…") < texts.index("Quit FocusDesk")
    with qtbot.waitSignal(tray.about_requested):
        tray.about_action.trigger()


def test_a_paused_block_offers_resume_and_end_block_without_asking_why(
    tray: Tray, qtbot: QtBot
) -> None:
    tray.update_status(FOCUS)
    assert not tray.end_block_action.isVisible()
    tray.update_status(snapshot(EngineState.PAUSED, label="writing", remaining_seconds=600))
    texts = [a.text() for a in tray.running_menu.actions() if a.isVisible()]
    assert texts.index("Resume") + 1 == texts.index("End block")
    with qtbot.waitSignal(tray.stop_requested) as stop:
        tray.end_block_action.trigger()
    assert stop.args == ["ended while paused"]


def test_im_on_and_im_off_follow_the_state_and_ask_for_the_other(tray: Tray, qtbot: QtBot) -> None:
    tray.update_status(ON)
    assert tray.boundary_action.isVisible() and tray.boundary_action.text() == "I'm off"
    with qtbot.waitSignal(tray.boundary_requested) as off:
        tray.boundary_action.trigger()
    assert off.args == [False]
    tray.update_status(snapshot(EngineState.OFF, label="Lunch — back at 13:15"))
    assert tray.boundary_action.text() == "I'm on"
    with qtbot.waitSignal(tray.boundary_requested) as on:
        tray.boundary_action.trigger()
    assert on.args == [True]
    for busy in (FOCUS, snapshot(EngineState.ALARM)):
        tray.update_status(busy)
        assert not tray.boundary_action.isVisible()
