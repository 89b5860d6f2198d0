"""Properties of absences (SPEC §3 "Only present time is focus"), over random days.

The test keeps its own list of when the user was present, from its own
steps (time at the desk, an absence the presence source notices five minutes
after the last input, a sleep), and checks the engine's log against it:
focus + buffer seconds never exceed the present time, and no session holds
more focus than the present time inside it (none spans an absence as focus).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_session_engine_driver import BUILTIN_IDS, CATALOG, Driver, local

from focusdesk.core.sessions import SessionKind

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = date(2026, 11, 18)
#: The presence source notices an absence this long after the last input.
AWAY_AFTER = timedelta(minutes=5)

step = st.one_of(
    st.tuples(st.just("work"), st.integers(min_value=1, max_value=120)),
    st.tuples(st.just("away"), st.integers(min_value=5, max_value=10 * 60)),
    st.tuples(st.just("sleep"), st.integers(min_value=1, max_value=10 * 60)),
    st.tuples(st.just("start_focus"), st.integers(min_value=1, max_value=120)),
    st.tuples(st.just("start_buffer")),
    st.tuples(st.just("pause")),
    st.tuples(st.just("resume")),
    st.tuples(st.just("extend"), st.integers(min_value=1, max_value=30)),
    st.tuples(st.just("stop")),
)

Interval = tuple[datetime, datetime]


def present_seconds(present: list[Interval], start: datetime, end: datetime) -> float:
    """Seconds of [start, end] the test's own steps say the user was present."""
    total = 0.0
    for a, b in present:
        lo, hi = max(a, start), min(b, end)
        if hi > lo:
            total += (hi - lo).total_seconds()
    return total


def walk(drive: Driver, steps: list[tuple[Any, ...]]) -> list[Interval]:
    present: list[Interval] = []
    for action, *args in steps:
        now = drive.now
        if action == "work":
            drive.run_until(now + timedelta(minutes=args[0]))
            present.append((now, drive.now))
        elif action == "away":
            back = now + timedelta(minutes=args[0])
            drive.away(since=now, noticed=now + AWAY_AFTER)
            drive.back(back)
        elif action == "sleep":
            drive.suspend(now + timedelta(minutes=args[0]))
        elif action in ("start_focus", "extend"):
            if action == "start_focus":
                drive.do(action, minutes=args[0], confirm_breach=True)
            else:
                drive.do(action, args[0])
        else:
            drive.do(action)
    drive.do("stop")
    return present


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pattern_id=st.sampled_from(BUILTIN_IDS),
    start_hour=st.integers(min_value=6, max_value=20),
    steps=st.lists(step, min_size=1, max_size=40),
)
def test_only_present_time_is_focus_or_buffer(
    pattern_id: str, start_hour: int, steps: list[tuple[Any, ...]]
) -> None:
    drive = Driver.start(CATALOG.get(pattern_id), BERLIN, local(BERLIN, WEDNESDAY, start_hour))
    present = walk(drive, steps)
    worked = [s for s in drive.sessions() if s.kind in (SessionKind.FOCUS, SessionKind.BUFFER)]
    total_present = sum((b - a).total_seconds() for a, b in present)
    assert sum(s.actual_seconds for s in worked) <= total_present
    for session in worked:
        assert session.ended_at is not None, "every session is closed at the end of the walk"
        inside = present_seconds(present, session.started_at, session.ended_at)
        assert session.actual_seconds <= inside, (session, inside)
        assert session.actual_seconds + session.paused_seconds <= (
            (session.ended_at - session.started_at).total_seconds() + 1
        )
