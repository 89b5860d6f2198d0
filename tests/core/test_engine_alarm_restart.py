"""A hard stop that rang before a crash, ritual not done: the restart is in the alarm, silently (issue 16)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from test_session_engine_driver import CATALOG, Driver, local

from focusdesk.core.engine_events import HardStopReached
from focusdesk.core.status import EngineState

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = date(2026, 11, 18)
FORTRESS = CATALOG.get("boundary-fortress")


def at(hour: int, minute: int = 0, day: date = WEDNESDAY) -> datetime:
    return local(BERLIN, day, hour, minute)


def rang_then_crashed() -> Driver:
    first = Driver.start(FORTRESS, BERLIN, at(18, 0))
    first.run_until(at(18, 31))
    assert first.engine.state is EngineState.ALARM
    return first


def test_a_restart_with_the_alarm_pending_is_in_the_alarm_and_does_not_ring_again() -> None:
    first = rang_then_crashed()
    second = Driver.start(
        FORTRESS, BERLIN, at(18, 40), today=first.days[WEDNESDAY], alarm_pending=True
    )
    assert second.engine.state is EngineState.ALARM
    second.run_until(at(19, 0))
    assert second.of(HardStopReached) == []
    assert second.engine.state is EngineState.ALARM
    second.do("finish_day")
    assert second.engine.state is EngineState.OFF


def test_without_a_pending_alarm_the_restart_stays_off() -> None:
    first = rang_then_crashed()
    second = Driver.start(FORTRESS, BERLIN, at(18, 40), today=first.days[WEDNESDAY])
    assert second.engine.state is EngineState.OFF


def test_a_pending_alarm_for_a_hard_stop_still_ahead_is_ignored() -> None:
    fresh = Driver.start(FORTRESS, BERLIN, at(10, 0), alarm_pending=True)
    assert fresh.engine.state is EngineState.OFF
