"""Invisible overtime (SPEC §3a): at the computer in protected time with no block, walked
with a fake clock and a fake presence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from test_session_engine_driver import CATALOG, Driver, local

from focusdesk.core.engine_events import OffclockNoticed, SessionClosed, SessionOpened
from focusdesk.core.offclock import OffclockChange, OffclockSituation, OffclockWatch
from focusdesk.core.sessions import Outcome, SessionKind, SessionRecord

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = date(2026, 11, 18)
FRIDAY = date(2026, 11, 20)
SUNDAY = date(2026, 11, 22)
TUESDAY = date(2026, 11, 17)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return local(BERLIN, day, hour, minute)


def watched(pattern_id: str, now: datetime, minutes: int = 10) -> Driver:
    drive = Driver.start(CATALOG.get(pattern_id), BERLIN, now)
    drive.do("watch_offclock", minutes)
    return drive


def offclock(drive: Driver) -> list[SessionRecord]:
    return drive.sessions(SessionKind.OFFCLOCK)


def minutes(record: SessionRecord) -> float:
    return record.actual_seconds / 60


def test_after_the_ritual_staying_at_the_computer_becomes_an_offclock_breach() -> None:
    drive = watched("boundary-fortress", at(WEDNESDAY, 18, 0))
    drive.run_until(at(WEDNESDAY, 18, 31))  # the hard stop rang at 18:30
    drive.run_until(at(WEDNESDAY, 18, 40))
    assert offclock(drive) == []  # the ritual is wrapping up, not offclock
    drive.do("finish_day")  # 18:40
    drive.run_until(at(WEDNESDAY, 18, 49))
    assert offclock(drive) == []  # not yet longer than 10 minutes
    events = drive.run_until(at(WEDNESDAY, 18, 50))
    (opened,) = [e.record for e in events if isinstance(e, SessionOpened)]
    assert opened.kind is SessionKind.OFFCLOCK and opened.breach
    assert opened.started_at == at(WEDNESDAY, 18, 40)
    assert opened.label == "Offclock: after your hard stop"
    (notice,) = [e for e in events if isinstance(e, OffclockNoticed)]
    assert (notice.reason, notice.minutes) == ("after your hard stop", 10)
    drive.run_until(at(WEDNESDAY, 19, 5))
    (row,) = offclock(drive)
    assert row.is_open and minutes(row) == 25  # updated as it grows, once a minute
    # Gone from 19:12 (noticed at 19:17): the stretch ends at the last input.
    drive.away(since=at(WEDNESDAY, 19, 12), noticed=at(WEDNESDAY, 19, 17))
    (row,) = offclock(drive)
    assert row.ended_at == at(WEDNESDAY, 19, 12)
    assert minutes(row) == 32 and row.outcome is Outcome.COMPLETED
    assert len(drive.of(OffclockNoticed)) == 1
    # Back at 20:00 for 5 minutes only: short visits are not logged.
    drive.back(at(WEDNESDAY, 20, 0))
    drive.away(since=at(WEDNESDAY, 20, 5), noticed=at(WEDNESDAY, 20, 10))
    assert len(offclock(drive)) == 1


def test_a_protected_sunday_counts_from_the_first_moment_and_is_told_once() -> None:
    drive = watched("boundary-fortress", at(SUNDAY, 10, 0))
    assert drive.engine.offclock_pending  # timed from the first moment
    drive.run_until(at(SUNDAY, 11, 0))
    (row,) = offclock(drive)
    assert row.started_at == at(SUNDAY, 10, 0) and minutes(row) == 60
    assert [n.reason for n in drive.of(OffclockNoticed)] == ["a protected day"]


def test_a_life_block_is_protected_time_and_its_end_closes_the_stretch() -> None:
    drive = watched("caregiver-pro", at(TUESDAY, 14, 50))
    drive.run_until(at(TUESDAY, 16, 30))
    (row,) = offclock(drive)
    assert (row.started_at, row.ended_at) == (at(TUESDAY, 15, 0), at(TUESDAY, 16, 0))
    assert row.label == "Offclock: time for School pick-up and appointments"
    assert [n.minutes for n in drive.of(OffclockNoticed)] == [10]


def test_starting_a_block_ends_the_stretch_and_the_block_is_its_own_session() -> None:
    drive = watched("caregiver-pro", at(TUESDAY, 15, 0))
    drive.run_until(at(TUESDAY, 15, 20))
    drive.do("start_focus", minutes=15, label="urgent fix")
    closed = [e.record for e in drive.events if isinstance(e, SessionClosed)]
    assert [(r.kind, r.ended_at) for r in closed] == [(SessionKind.OFFCLOCK, at(TUESDAY, 15, 20))]
    drive.run_until(at(TUESDAY, 15, 45))  # block to 15:35, buffer to 15:45
    drive.run_until(at(TUESDAY, 15, 54))
    assert len(offclock(drive)) == 1  # 9 minutes after the buffer: not yet
    drive.run_until(at(TUESDAY, 16, 30))
    assert len(offclock(drive)) == 2  # 15:45–16:00 was longer than 10 minutes
    assert offclock(drive)[1].started_at == at(TUESDAY, 15, 45)
    assert offclock(drive)[1].ended_at == at(TUESDAY, 16, 0)
    focus = drive.sessions(SessionKind.FOCUS)
    assert [f.label for f in focus] == ["urgent fix"]


def test_a_stretch_across_the_day_boundary_is_split_and_told_once() -> None:
    drive = watched("boundary-fortress", at(FRIDAY, 19, 0))
    drive.run_until(at(FRIDAY, 23, 0) + timedelta(hours=6))  # Saturday 05:00, protected
    first, second = offclock(drive)
    assert (first.day, first.started_at, first.ended_at) == (
        FRIDAY,
        at(FRIDAY, 19, 0),
        at(FRIDAY, 4, 0) + timedelta(days=1),
    )
    assert (second.day, second.started_at) == (FRIDAY + timedelta(days=1), first.ended_at)
    assert second.is_open and minutes(second) == 60
    assert len(drive.of(OffclockNoticed)) == 1


def test_without_known_presence_nothing_is_recorded() -> None:
    drive = Driver.start(CATALOG.get("boundary-fortress"), BERLIN, at(SUNDAY, 10, 0))
    drive.run_until(at(SUNDAY, 12, 0))
    assert offclock(drive) == []
    drive.do("watch_offclock", 10)
    drive.run_until(at(SUNDAY, 12, 30))
    assert minutes(offclock(drive)[0]) == 30  # counted from when presence became known
    drive.do("watch_offclock", 0)  # the source went away: the stretch ends there
    assert not drive.engine.offclock_pending
    (row,) = offclock(drive)
    assert row.ended_at == at(SUNDAY, 12, 30)
    drive.run_until(at(SUNDAY, 14, 0))
    assert len(offclock(drive)) == 1


def test_offclock_is_never_focus_and_never_overlaps_a_block() -> None:
    drive = watched("time-weave", at(TUESDAY, 21, 0))
    drive.run_until(at(TUESDAY, 21, 29))
    drive.do("start_focus", minutes=20, label="creative")  # in the lane, before the stop
    drive.run_until(at(TUESDAY, 23, 0))
    blocks = [s for s in drive.sessions() if s.kind is not SessionKind.OFFCLOCK]
    for stretch in offclock(drive):
        assert stretch.ended_at is not None
        for block in blocks:
            assert block.ended_at is not None
            assert stretch.ended_at <= block.started_at or stretch.started_at >= block.ended_at


def test_a_day_whose_protected_time_was_watched_says_so_for_the_review() -> None:
    drive = watched("boundary-fortress", at(WEDNESDAY, 17, 0))
    drive.run_until(at(WEDNESDAY, 18, 0))
    assert drive.engine.day_record.offclock_watched is None  # working time: nothing to say
    drive.run_until(at(WEDNESDAY, 18, 31))  # the hard stop: protected time from here
    assert drive.days[WEDNESDAY].offclock_watched is True  # saved at once, no stretch needed


def test_protected_time_with_presence_unknown_is_marked_not_watched() -> None:
    drive = Driver.start(CATALOG.get("boundary-fortress"), BERLIN, at(WEDNESDAY, 18, 0))
    drive.run_until(at(WEDNESDAY, 18, 31))
    assert drive.engine.day_record.offclock_watched is False
    drive.do("finish_day")  # not watched rides along with the day's next write
    assert drive.days[WEDNESDAY].offclock_watched is False
    drive.do("watch_offclock", 10)  # presence became known later that evening
    drive.run_until(at(WEDNESDAY, 18, 40))
    assert drive.days[WEDNESDAY].offclock_watched is True
    drive.do("watch_offclock", 0)  # and was lost again: the evening was still watched
    drive.run_until(at(WEDNESDAY, 19, 0))
    assert drive.engine.day_record.offclock_watched is True


# The watch on its own, told the time: every row it hands the engine, field by field.
EVENING = at(WEDNESDAY, 18, 40)
WEDNESDAY_START = at(WEDNESDAY, 4, 0)
AFTER_HARD_STOP = "after your hard stop"


def plain_record(start: datetime, label: str) -> SessionRecord:
    """A record maker that leaves kind and breach to the watch."""
    return SessionRecord(
        id="stretch",
        kind=SessionKind.FOCUS,
        label=label,
        pattern_id="boundary-fortress",
        day=(start.astimezone(BERLIN) - timedelta(hours=4)).date(),
        started_at=start,
        planned_end=start,
        utc_offset_minutes=60,
        planned_seconds=0,
    )


def here(
    *,
    away_since: datetime | None = None,
    protected: str = AFTER_HARD_STOP,
    day_start: datetime = WEDNESDAY_START,
) -> OffclockSituation:
    return OffclockSituation(
        watching=True,
        away_since=away_since,
        protected=protected,
        block_running=False,
        day_start=day_start,
    )


def stretch(start: datetime, upto: datetime, ended: bool = False) -> SessionRecord:
    """The row of a stretch from `start`, written at `upto` (its end if `ended`)."""
    seconds = int((upto - start).total_seconds())
    record = replace(
        plain_record(start, f"Offclock: {AFTER_HARD_STOP}"),
        kind=SessionKind.OFFCLOCK,
        breach=True,
        planned_end=upto,
        planned_seconds=seconds,
        actual_seconds=seconds,
        heartbeat_at=upto,
    )
    if ended:
        record.ended_at = upto
        record.outcome = Outcome.COMPLETED
    return record


def test_the_watch_opens_writes_once_a_minute_and_closes_at_the_last_input() -> None:
    watch = OffclockWatch(10)
    assert (watch.pending, watch.next_deadline()) == (False, None)
    assert watch.observe(EVENING, here(), plain_record) == OffclockChange()  # timing: no rows
    assert watch.pending and watch.next_deadline() == EVENING + timedelta(minutes=10)
    early = EVENING + timedelta(minutes=9, seconds=59)
    assert watch.observe(early, here(), plain_record) == OffclockChange()
    recognised = EVENING + timedelta(minutes=10)
    assert watch.observe(recognised, here(), plain_record) == OffclockChange(
        opened=stretch(EVENING, recognised), notice=AFTER_HARD_STOP
    )
    assert watch.open_record == stretch(EVENING, recognised)
    assert watch.next_deadline() == recognised + timedelta(minutes=1)  # the heartbeat
    # Not a minute since the last write: nothing to write.
    half = recognised + timedelta(seconds=30)
    assert watch.observe(half, here(), plain_record) == OffclockChange()
    minute = recognised + timedelta(minutes=1)
    assert watch.observe(minute, here(), plain_record) == OffclockChange(
        updated=stretch(EVENING, minute)
    )
    assert watch.next_deadline() == minute + timedelta(minutes=1)
    # Noticed away at 18:55, gone since 18:52: the stretch ends at the last input.
    left = at(WEDNESDAY, 18, 52)
    assert watch.observe(
        at(WEDNESDAY, 18, 55), here(away_since=left), plain_record
    ) == OffclockChange(closed=stretch(EVENING, left, ended=True))
    assert (watch.pending, watch.next_deadline(), watch.open_record) == (False, None, None)
    # A new stretch later that evening is told again.
    back = at(WEDNESDAY, 20, 0)
    watch.observe(back, here(), plain_record)
    change = watch.observe(back + timedelta(minutes=10), here(), plain_record)
    assert change.notice == AFTER_HARD_STOP
    assert change.opened == stretch(back, back + timedelta(minutes=10))


def test_zero_minutes_is_off_and_turning_it_off_ends_what_was_timed_or_open() -> None:
    for minutes_after in (0, -5):
        watch = OffclockWatch(minutes_after)
        for minute in range(0, 120, 10):
            now = EVENING + timedelta(minutes=minute)
            assert watch.observe(now, here(), plain_record) == OffclockChange()
        assert (watch.pending, watch.next_deadline()) == (False, None)
    watch = OffclockWatch(10)
    watch.observe(EVENING, here(), plain_record)
    watch.set_after(0)  # switched off while a stretch is being timed: no wake-up for it
    assert watch.next_deadline() is None
    later = EVENING + timedelta(minutes=30)
    assert watch.observe(later, here(), plain_record) == OffclockChange()
    assert not watch.pending
    watch.set_after(10)
    watch.observe(later, here(), plain_record)
    opened_at = later + timedelta(minutes=10)
    assert watch.observe(opened_at, here(), plain_record).opened == stretch(later, opened_at)
    watch.set_after(0)  # switched off with a stretch open: it ends there
    off_at = opened_at + timedelta(seconds=20)
    assert watch.observe(off_at, here(), plain_record) == OffclockChange(
        closed=stretch(later, off_at, ended=True)
    )
    assert (watch.pending, watch.next_deadline()) == (False, None)


def test_the_day_boundary_splits_the_stretch_at_its_start_even_when_seen_late() -> None:
    friday_start = at(FRIDAY, 4, 0)
    saturday_start = friday_start + timedelta(days=1)
    for seen_at in (saturday_start, saturday_start + timedelta(seconds=30)):
        watch = OffclockWatch(10)
        start = at(FRIDAY, 23, 0)
        watch.observe(start, here(day_start=friday_start), plain_record)
        assert (
            watch.observe(
                start + timedelta(minutes=10), here(day_start=friday_start), plain_record
            ).notice
            == AFTER_HARD_STOP
        )
        saturday = here(day_start=saturday_start)
        # Exactly at 04:00, or woken a little later: the Friday row ends at 04:00 sharp.
        assert watch.observe(seen_at, saturday, plain_record) == OffclockChange(
            closed=stretch(start, saturday_start, ended=True)
        )
        assert watch.pending and watch.next_deadline() == saturday_start + timedelta(minutes=10)
        # The Saturday row starts at 04:00 too; the stretch was told once already.
        recognised = saturday_start + timedelta(minutes=10)
        assert watch.observe(recognised, saturday, plain_record) == OffclockChange(
            opened=stretch(saturday_start, recognised)
        )
        assert watch.open_record is not None
        assert watch.open_record.day == FRIDAY + timedelta(days=1)
