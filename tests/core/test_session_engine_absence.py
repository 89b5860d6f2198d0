"""Only present time is focus (SPEC §3, §3a; issue 14), walked with a fake clock.

The user leaves (the presence source notices a few minutes later, backdated
to their last input), the machine sleeps, the wall clock jumps or the zone
changes: whole days in blocks, across block ends, across the hard stop,
during buffers and pauses.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from test_session_engine_driver import CATALOG, Driver, local, utc

from focusdesk.core.absence_report import away_duration, return_message
from focusdesk.core.engine_events import (
    BlockFinished,
    ClockJumped,
    HardStopReached,
    PlannedBlockDue,
    SessionCorrected,
    UserReturned,
    UserWentAway,
    ZoneChanged,
)
from focusdesk.core.sessions import Outcome, SessionKind
from focusdesk.core.status import EngineState

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
WEDNESDAY = date(2026, 11, 18)
FORTRESS = CATALOG.get("boundary-fortress")


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return local(BERLIN, WEDNESDAY, hour, minute) + timedelta(seconds=second)


def fortress(hour: int, minute: int = 0) -> Driver:
    return Driver.start(FORTRESS, BERLIN, at(hour, minute))


def returned(drive: Driver) -> UserReturned:
    (event,) = drive.of(UserReturned)
    return event


# --- away inside a block -----------------------------------------------------------


def test_away_inside_a_block_pauses_it_from_the_last_input_and_resume_adds_the_time_back() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus", minutes=60)  # 09:30–10:30
    events = drive.away(since=at(9, 50), noticed=at(9, 55))
    (went,) = [e for e in events if isinstance(e, UserWentAway)]
    assert went.since == at(9, 50) and went.paused is not None
    assert drive.engine.state is EngineState.PAUSED
    assert drive.engine.status(drive.now).remaining_seconds == 40 * 60  # frozen at 09:50
    drive.back(at(10, 12))
    back = returned(drive)
    assert back.paused is not None and back.interrupted == ()
    assert back.away_seconds == 22 * 60
    assert drive.engine.state is EngineState.PAUSED  # the user resumes or ends it
    drive.do("resume")
    assert drive.engine.status(drive.now).ends_at == at(10, 52)
    drive.run_until(at(11, 0))
    focus = drive.sessions(SessionKind.FOCUS)[0]
    assert focus.outcome is Outcome.COMPLETED
    assert (focus.actual_seconds, focus.paused_seconds) == (60 * 60, 22 * 60)
    assert drive.of(BlockFinished)


def test_a_block_whose_end_falls_in_the_absence_is_interrupted_at_the_last_input() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus", minutes=30)  # ends 10:00
    drive.away(since=at(9, 50), noticed=at(9, 55))
    drive.run_until(at(10, 1))
    (focus,) = drive.sessions()  # no buffer: nobody was there to take it
    assert focus.outcome is Outcome.INTERRUPTED
    assert focus.ended_at == utc(at(9, 50))
    assert (focus.actual_seconds, focus.paused_seconds) == (20 * 60, 0)
    assert drive.engine.state is EngineState.ON
    assert drive.of(BlockFinished) == []
    drive.back(at(10, 30))
    back = returned(drive)
    assert back.paused is None
    assert [r.id for r in back.interrupted] == [focus.id]


def test_an_absence_noticed_after_the_block_ended_undoes_the_end_and_the_buffer() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus", minutes=30)  # ends 10:00, a buffer follows
    # Last input 09:58; the source notices at 10:03 (five minutes without input).
    events = drive.away(since=at(9, 58), noticed=at(10, 3))
    corrected = [e.record for e in events if isinstance(e, SessionCorrected)]
    focus, buffer = drive.sessions()
    assert [r.id for r in corrected] == [focus.id]
    assert focus.outcome is Outcome.INTERRUPTED
    assert focus.ended_at == utc(at(9, 58))
    assert focus.actual_seconds == 28 * 60
    # The buffer began after the user left: it never ran.
    assert buffer.outcome is Outcome.INTERRUPTED
    assert buffer.ended_at == buffer.started_at == utc(at(10, 0))
    assert buffer.actual_seconds == 0
    assert drive.engine.state is EngineState.ON


def test_an_absence_across_the_hard_stop_interrupts_the_block_and_rings_once() -> None:
    drive = fortress(17, 30)
    drive.do("start_focus", minutes=120)
    drive.away(since=at(18, 0), noticed=at(18, 5))
    drive.back(at(19, 0))
    (focus,) = drive.sessions()
    assert focus.outcome is Outcome.INTERRUPTED
    assert focus.ended_at == utc(at(18, 0))
    assert focus.actual_seconds == 30 * 60
    (stop,) = drive.of(HardStopReached)
    assert stop.cut_session is not None and stop.cut_session.outcome is Outcome.INTERRUPTED
    assert drive.engine.state is EngineState.ALARM
    assert returned(drive).interrupted[0].id == focus.id


def test_away_during_a_buffer_that_ends_in_the_absence() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus", minutes=20)  # 09:30–09:50, buffer 09:50–10:00
    drive.run_until(at(9, 52))
    drive.away(since=at(9, 52), noticed=at(9, 57))
    drive.back(at(10, 20))
    focus, buffer = drive.sessions()
    assert focus.outcome is Outcome.COMPLETED and focus.actual_seconds == 20 * 60
    assert buffer.kind is SessionKind.BUFFER and buffer.outcome is Outcome.INTERRUPTED
    assert buffer.ended_at == utc(at(9, 52)) and buffer.actual_seconds == 2 * 60


def test_away_while_paused_by_hand_changes_nothing_and_the_end_never_passes() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus", minutes=30)
    drive.run_until(at(9, 40))
    drive.do("pause")
    drive.away(since=at(9, 41), noticed=at(9, 46))
    drive.back(at(11, 0))
    assert drive.engine.state is EngineState.PAUSED
    assert drive.engine.status(drive.now).remaining_seconds == 20 * 60
    back = returned(drive)
    assert back.paused is None and back.interrupted == ()
    assert return_message(back) is None


def test_away_with_nothing_running_is_quiet() -> None:
    drive = fortress(9, 0)
    drive.away(since=at(9, 5), noticed=at(9, 10))
    drive.back(at(9, 40))
    assert drive.sessions() == []
    assert return_message(returned(drive)) is None


def test_no_planned_block_starts_by_itself_while_the_user_is_away() -> None:
    drive = Driver.start(
        replace(FORTRESS, defaults=replace(FORTRESS.defaults, auto_start=True)),
        BERLIN,
        at(9, 0),
    )
    drive.away(since=at(9, 10), noticed=at(9, 15))
    drive.run_until(at(9, 45))
    due = drive.of(PlannedBlockDue)
    assert due and not due[0].auto_started
    assert drive.sessions() == []


def test_a_second_absence_report_while_away_is_ignored() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus", minutes=60)
    drive.away(since=at(9, 40), noticed=at(9, 45))
    drive.away(since=at(9, 44), noticed=at(9, 50))
    assert len(drive.of(UserWentAway)) == 1
    drive.back(at(10, 0))
    assert returned(drive).since == at(9, 40)


def test_stopping_the_block_while_away_keeps_the_away_time_out_of_focus() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus", minutes=60)
    drive.away(since=at(9, 40), noticed=at(9, 45))
    drive.back(at(10, 0))
    drive.do("stop", "back from a call")
    (focus,) = drive.sessions()
    assert focus.outcome is Outcome.STOPPED
    assert (focus.actual_seconds, focus.paused_seconds) == (10 * 60, 20 * 60)


# --- the clocks: jumps and zones, seen from both clocks -------------------------------


class Clocks:
    """A wall clock and a monotonic clock the test moves, fed to `observe_clock`."""

    def __init__(self, drive: Driver) -> None:
        self.drive = drive
        self.mono = 1000.0
        self.zone = BERLIN
        drive._take(drive.engine.observe_clock(drive.now, self.mono, self.zone))

    def tick(self, seconds: float, *, wall_jump: float = 0.0) -> None:
        """`seconds` pass on both clocks, then the wall clock jumps by `wall_jump`."""
        self.mono += seconds
        self.drive.now = self.drive.now + timedelta(seconds=seconds + wall_jump)
        self.drive._take(self.drive.engine.observe_clock(self.drive.now, self.mono, self.zone))

    def run(self, seconds: float, step: float = 60.0) -> None:
        while seconds > 0:
            self.tick(min(step, seconds))
            seconds -= step


def test_a_2_hour_forward_jump_20_s_into_a_10_minute_block_logs_20_s_of_focus() -> None:
    drive = fortress(9, 30)
    clocks = Clocks(drive)
    drive.do("start_focus", minutes=10)
    clocks.tick(20)
    clocks.tick(40, wall_jump=2 * 3600)  # the next minute tick sees the jump
    (focus,) = drive.sessions()  # the buffer never ran
    assert focus.outcome is Outcome.INTERRUPTED
    assert focus.actual_seconds == 60  # 20 s, then 40 s awake before the jump
    assert ClockJumped(7200.0) in drive.events
    assert drive.engine.state is EngineState.ON


def test_a_suspend_seen_only_by_the_clocks_pauses_a_long_block() -> None:
    drive = fortress(9, 30)
    clocks = Clocks(drive)
    drive.do("start_focus", minutes=90)
    clocks.run(600)
    clocks.tick(0, wall_jump=180)  # monotonic time stood still: asleep
    assert drive.engine.state is EngineState.PAUSED
    assert drive.engine.status(drive.now).remaining_seconds == 80 * 60
    back = returned(drive)
    assert back.since == at(9, 40) and back.away_seconds == 180


def test_a_clock_set_back_an_hour_never_freezes_the_countdown() -> None:
    drive = fortress(9, 30)
    clocks = Clocks(drive)
    drive.do("start_focus", minutes=10)
    clocks.run(120)
    clocks.tick(0, wall_jump=-3600)
    remaining = []
    for _ in range(7):
        clocks.tick(60)
        status = drive.engine.status(drive.now)
        remaining.append(status.remaining_seconds)
    assert remaining[:6] == [420, 360, 300, 240, 180, 120]
    clocks.run(180)
    focus = drive.sessions(SessionKind.FOCUS)[0]
    assert focus.outcome is Outcome.COMPLETED
    assert focus.actual_seconds == 600
    assert focus.ended_at == utc(at(8, 40))  # in the corrected clock
    assert focus.started_at == utc(at(8, 30))


def test_a_change_of_time_zone_moves_the_hard_stop_to_the_new_local_time_once() -> None:
    drive = fortress(12, 0)
    clocks = Clocks(drive)
    assert drive.engine.status(drive.now).hard_stop == at(18, 30)
    clocks.zone = NEW_YORK  # the user moved the system to New York time
    clocks.tick(60)
    assert [e.zone_name for e in drive.of(ZoneChanged)] == ["America/New_York"]
    hard_stop = drive.engine.status(drive.now).hard_stop
    assert hard_stop is not None
    assert hard_stop.astimezone(NEW_YORK).strftime("%H:%M") == "18:30"
    clocks.run(600, step=60)
    assert len(drive.of(ZoneChanged)) == 1


def test_a_dst_change_is_not_a_zone_change() -> None:
    sunday = date(2026, 10, 25)
    start = local(BERLIN, sunday, 1, 0)
    drive = Driver.start(FORTRESS, BERLIN, start)
    clocks = Clocks(drive)
    clocks.run(3 * 3600, step=300)
    assert drive.of(ZoneChanged) == []


# --- what the user is told ----------------------------------------------------------


def test_the_return_message_names_the_absence_and_the_moment_of_the_pause() -> None:
    drive = fortress(9, 30)
    drive.do("start_focus", minutes=120)
    drive.away(since=at(10, 18), noticed=at(10, 23))
    drive.back(at(11, 0))
    message = return_message(returned(drive))
    assert message is not None
    assert "You were away 42 min — the block was paused at 10:18" in message[1]


def test_away_durations_read_like_a_person_would_say_them() -> None:
    assert away_duration(20) == "under a minute"
    assert away_duration(42 * 60 + 30) == "42 min"
    assert away_duration(2 * 3600) == "2 h"
    assert away_duration(2 * 3600 + 5 * 60) == "2 h 5 min"


def test_a_block_started_by_command_after_the_last_input_pauses_at_its_start() -> None:
    # `focusdesk start` from a script: no keyboard or mouse input, yet someone started it.
    drive = fortress(9, 30)
    drive.do("start_focus", minutes=30)
    drive.away(since=at(9, 29), noticed=at(9, 34))
    assert drive.engine.state is EngineState.PAUSED
    assert drive.engine.status(drive.now).remaining_seconds == 30 * 60
    drive.back(at(9, 40))
    assert returned(drive).since == at(9, 30)
