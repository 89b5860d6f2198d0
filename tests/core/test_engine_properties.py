"""Properties of the session engine over random user actions and clock jumps.

Whatever the user clicks and however the wall clock moves (normal time,
suspends reported or not, jumps forward and backward), the log stays sane:
no negative or overlapping sessions, focus never exceeds wall time, every
opened session closes at most once, the hard stop rings at most once per
working day (exactly once when its moment was lived through), and the next
deadline is never in the past. The state stays honest too: nobody is "on"
in protected time, and a paused block stays paused, its time frozen, until
the user resumes it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_session_engine_driver import BUILTIN_IDS, CATALOG, Driver

from focusdesk.core.engine_events import HardStopReached, SessionClosed
from focusdesk.core.planner import local_instant
from focusdesk.core.session_engine import working_day
from focusdesk.core.sessions import SessionKind
from focusdesk.core.status import EngineState

ZONES = [ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")]
#: Start days: an ordinary week and the weeks of the 2026 DST changes.
START_DAYS = [
    date(2026, 11, 16),
    date(2026, 3, 27),
    date(2026, 10, 23),
    date(2026, 3, 6),
    date(2026, 10, 30),
]
BOUNDARY = time(4, 0)

minutes_forward = st.integers(min_value=1, max_value=26 * 60)
step = st.one_of(
    st.tuples(st.just("wait"), minutes_forward),
    st.tuples(st.just("suspend"), minutes_forward),
    st.tuples(st.just("jump"), st.integers(min_value=-3 * 60, max_value=30 * 60)),
    st.tuples(
        st.just("start_focus"),
        st.one_of(st.none(), st.floats(min_value=0.5, max_value=240)),
        st.booleans(),
    ),
    st.tuples(st.just("start_buffer")),
    st.tuples(st.just("pause")),
    st.tuples(st.just("resume")),
    st.tuples(st.just("extend"), st.integers(min_value=1, max_value=60)),
    st.tuples(st.just("stop")),
    st.tuples(st.just("snooze")),
    st.tuples(st.just("finish_day")),
    st.tuples(st.just("set_pattern"), st.sampled_from(BUILTIN_IDS)),
)


#: Actions after which a paused block may run again (or its time left change).
RESUMING = {"resume", "extend"}


@dataclass
class Observed:
    """What the test knows independently of the engine's own bookkeeping."""

    #: The engine's time: it never goes back, whatever the wall clock does.
    engine_times: list[datetime]
    #: Working days on which the user closed the day or switched pattern.
    finished_on: set[date]
    switched_on: set[date]
    #: (engine time, pattern id) of every switch, in order.
    switches: list[tuple[datetime, str]]
    #: The hard stop the status showed ahead after a day's last switch.
    promised: dict[date, datetime]


def run(drive: Driver, zone: tzinfo, steps: list[tuple[Any, ...]]) -> Observed:
    seen = Observed([drive.now], set(), set(), [], {})

    def note(now: datetime) -> None:
        engine_now = max(now, seen.engine_times[-1])
        seen.engine_times.append(engine_now)
        assert drive.engine.next_deadline() > engine_now
        status = drive.engine.status(engine_now)
        if status.state is EngineState.PAUSED:
            # A paused block has no end (it moves with the pause), only time left.
            assert status.ends_at is None and status.remaining_seconds is not None
        if status.state is EngineState.ON:
            # After the hard stop, or on a protected day, nobody is "on" between blocks.
            assert not drive.engine.day_record.protected
            assert status.hard_stop is None or engine_now < status.hard_stop

    for action, *args in steps:
        session = drive.engine.current_session
        paused = drive.engine.state is EngineState.PAUSED
        frozen = drive.engine.status(seen.engine_times[-1]).remaining_seconds
        if action == "wait":
            drive.run_until(drive.now + timedelta(minutes=args[0]))
        elif action == "suspend":
            drive.suspend(drive.now + timedelta(minutes=args[0]))
        elif action == "jump":
            drive.jump(drive.now + timedelta(minutes=args[0]))
        elif action == "start_focus":
            drive.do("start_focus", minutes=args[0], confirm_breach=args[1])
        elif action == "extend":
            drive.do("extend", args[0])
        elif action == "set_pattern":
            engine_now = max(drive.now, seen.engine_times[-1])
            seen.switched_on.add(working_day(engine_now, zone))
            seen.switches.append((engine_now, args[0]))
            drive._take(drive.engine.set_pattern(CATALOG.get(args[0]), drive.now))
            shown = drive.engine.status(drive.now).hard_stop
            day = working_day(engine_now, zone)
            seen.promised.pop(day, None)
            if shown is not None and shown > engine_now:
                seen.promised[day] = shown
        else:
            if action == "finish_day":
                seen.finished_on.add(working_day(max(drive.now, seen.engine_times[-1]), zone))
            drive.do(action)
        still = drive.engine.current_session
        if paused and action not in RESUMING and session and still and still.id == session.id:
            # Time passing, sleep, clock jumps or a switch never resume a paused block.
            assert drive.engine.state is EngineState.PAUSED, action
            assert drive.engine.status(drive.now).remaining_seconds == frozen, action
        note(drive.now)
    return seen


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    pattern_id=st.sampled_from(BUILTIN_IDS),
    zone=st.sampled_from(ZONES),
    start_day=st.sampled_from(START_DAYS),
    start_minute=st.integers(min_value=0, max_value=24 * 60 - 1),
    steps=st.lists(step, max_size=40),
)
def test_random_days_keep_the_log_sane(
    pattern_id: str,
    zone: ZoneInfo,
    start_day: date,
    start_minute: int,
    steps: list[tuple[Any, ...]],
) -> None:
    start = datetime.combine(start_day, time(0), zone).astimezone(UTC) + timedelta(
        minutes=start_minute
    )
    drive = Driver.start(CATALOG.get(pattern_id), zone, start)
    seen = run(drive, zone, steps)

    # Every opened session closes at most once (the driver refuses a second
    # close or an update after close); at most one is open at the end.
    closes = Counter(e.record.id for e in drive.of(SessionClosed))
    assert all(count == 1 for count in closes.values())
    assert set(closes) <= set(drive.rows)
    assert sum(1 for r in drive.rows.values() if r.is_open) <= 1

    # No negative or overlapping sessions; focus never exceeds wall time.
    sessions = drive.sessions()
    for session in sessions:
        end = session.ended_at or seen.engine_times[-1]
        wall = (end - session.started_at).total_seconds()
        assert wall >= 0
        assert 0 <= session.actual_seconds <= wall
        assert session.paused_seconds >= 0
        assert session.started_at.tzinfo is UTC
        assert session.planned_seconds > 0
    for earlier, later in itertools.pairwise(sessions):
        assert earlier.ended_at is not None
        assert later.started_at >= earlier.ended_at
    total_focus = sum(s.actual_seconds for s in sessions if s.kind is SessionKind.FOCUS)
    assert total_focus <= (seen.engine_times[-1] - seen.engine_times[0]).total_seconds()

    # The hard stop: at most once per working day; exactly once on a day whose
    # hard stop the engine lived through (its time reached between the hard
    # stop and the day's end), unless the user closed the day or switched
    # pattern that day. A switch on an earlier day never makes a later one
    # skip: that day follows the pattern active when it began.
    rung = Counter(working_day(e.hard_stop, zone, BOUNDARY) for e in drive.of(HardStopReached))
    assert all(count == 1 for count in rung.values())
    first, last = seen.engine_times[0], seen.engine_times[-1]
    day = working_day(first, zone, BOUNDARY)
    while local_instant(day, BOUNDARY, zone) <= last:
        day_start = local_instant(day, BOUNDARY, zone)
        active = [pid for at, pid in seen.switches if at < day_start]
        spec = CATALOG.get(active[-1] if active else pattern_id).day(day.weekday())
        if (
            spec.hard_stop is not None
            and not spec.protected
            and day not in seen.finished_on
            and day not in seen.switched_on
        ):
            hard_stop = local_instant(day, spec.hard_stop, zone)
            day_end = local_instant(day + timedelta(days=1), BOUNDARY, zone)
            lived = [t for t in seen.engine_times if t >= hard_stop]
            if hard_stop > first and lived and lived[0] < day_end:
                assert rung[day] == 1, f"hard stop of {day} did not ring"
        day += timedelta(days=1)
    # A hard stop a switch left showing ahead rings when its time is lived through.
    for day, hard_stop in seen.promised.items():
        day_end = local_instant(day + timedelta(days=1), BOUNDARY, zone)
        lived = [t for t in seen.engine_times if t >= hard_stop]
        if day not in seen.finished_on and lived and lived[0] < day_end:
            assert rung[day] == 1, f"hard stop of {day} was shown after a switch but never rang"
