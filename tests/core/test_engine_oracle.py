"""Focus, paused and overtime seconds against the test's own bookkeeping.

Hypothesis draws a list of steps (wait, pause, resume, sleep while paused; or a
series of snoozes); the test walks them through the engine and, beside it,
keeps its own account in whole minutes. The two must agree to the second. The
account is deliberately simple and written from the rules (SPEC §3), not from
the engine: a pause moves the block's end by its length, a sleep while paused
is part of that pause, a block ends when its (moved) end comes, a snooze is
overtime until it ends or is stopped.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from test_session_engine import BERLIN, FORTRESS, at, with_defaults
from test_session_engine_driver import Driver

from focusdesk.core.sessions import Outcome, SessionKind

NOON = at(12, 0)

steps = st.lists(
    st.tuples(st.sampled_from(["wait", "pause", "resume", "sleep"]), st.integers(1, 40)),
    max_size=12,
)


@settings(max_examples=120, deadline=None)
@given(length=st.integers(5, 120), walk=steps)
def test_focus_and_paused_seconds_match_our_own_account(
    length: int, walk: list[tuple[str, int]]
) -> None:
    drive = Driver.start(FORTRESS, BERLIN, NOON)
    drive.do("start_focus", minutes=length, label="oracle")
    # Our account, in minutes from noon.
    t, end_at, idle, paused, finished_at = 0, length, 0, False, None
    for step, minutes in walk:
        if step == "pause":
            paused = True
            drive.do("pause")
        elif step == "resume":
            paused = False
            drive.do("resume")
        elif step == "sleep" and paused:
            t, idle, end_at = t + minutes, idle + minutes, end_at + minutes
            drive.suspend(NOON + timedelta(minutes=t))
        else:  # a wait (or a sleep while working: we keep sleeps inside pauses)
            if not paused and t + minutes >= end_at:
                finished_at = end_at
                drive.run_until(NOON + timedelta(minutes=t + minutes))
                break
            if paused:
                idle, end_at = idle + minutes, end_at + minutes
            t += minutes
            drive.run_until(NOON + timedelta(minutes=t))
    if finished_at is None:
        drive.do("stop", "oracle done")
    (block,) = drive.sessions(SessionKind.FOCUS)
    ended = finished_at if finished_at is not None else t
    assert block.outcome is (Outcome.COMPLETED if finished_at is not None else Outcome.STOPPED)
    assert block.ended_at == (NOON + timedelta(minutes=ended)).astimezone(block.ended_at.tzinfo)  # type: ignore[union-attr]
    assert block.paused_seconds == idle * 60
    assert block.actual_seconds == (ended - idle) * 60


@settings(max_examples=60, deadline=None)
@given(
    limit=st.integers(0, 3),
    length=st.sampled_from([5, 10, 15]),
    stops=st.lists(st.integers(1, 20), max_size=5),
)
def test_overtime_and_snoozes_match_our_own_account(
    limit: int, length: int, stops: list[int]
) -> None:
    pattern = with_defaults(FORTRESS, snooze_limit=limit, snooze_minutes=length)
    drive = Driver.start(pattern, BERLIN, at(18, 0))
    drive.run_until(at(18, 30))
    t = at(18, 31)
    overtime = snoozes = 0
    for stop_after in stops:
        drive.run_until(t)
        drive.do("snooze")
        if snoozes == limit:  # refused: no stretch
            continue
        snoozes += 1
        worked = min(stop_after, length)
        overtime += worked
        t += timedelta(minutes=worked)
        drive.run_until(t)
        if stop_after < length:
            drive.do("stop")
        t += timedelta(minutes=1)
    record = drive.engine.day_record
    assert (record.snoozes, record.overtime_seconds) == (snoozes, overtime * 60)
    stretches = drive.sessions(SessionKind.OVERTIME)
    assert sum(s.actual_seconds for s in stretches) == overtime * 60
    assert record.hard_stop_kept is (not snoozes)
