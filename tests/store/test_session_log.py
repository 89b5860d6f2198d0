"""The session log: blocks written as they start and end, read back as the same records."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from log_records import at, make_session

from focusdesk.core.sessions import DayRecord, Outcome, SessionKind, WeeklyReview
from focusdesk.store.database import LogDatabase, open_database
from focusdesk.store.errors import SessionConflict, SessionNotFound
from focusdesk.store.session_log import SessionLog

# --- the running block --------------------------------------------------------


def test_a_block_is_in_the_log_as_soon_as_it_starts(log: SessionLog) -> None:
    rec = make_session(at(9, 30))
    log.open_session(rec)
    stored = log.get_session(rec.id)
    assert stored == rec
    assert stored is not None and stored.is_open and stored.outcome is Outcome.RUNNING


def test_closing_a_block_records_its_end_outcome_and_times(log: SessionLog) -> None:
    rec = make_session(at(9, 30))
    log.open_session(rec)
    rec.ended_at = at(10, 40)
    rec.paused_seconds = 600
    rec.actual_seconds = 60 * 60
    rec.outcome = Outcome.STOPPED
    rec.note = "fire alarm"
    log.close_session(rec)
    assert log.get_session(rec.id) == rec


def test_closing_a_block_whose_start_never_reached_the_log_still_keeps_it(
    log: SessionLog,
) -> None:
    rec = make_session(at(9, 30), ended_minutes=90)
    log.close_session(rec)
    assert log.get_session(rec.id) == rec


def test_closing_needs_an_end_time(log: SessionLog) -> None:
    rec = make_session(at(9, 30))
    log.open_session(rec)
    with pytest.raises(ValueError, match="no end time"):
        log.close_session(rec)


def test_opening_the_same_block_twice_is_refused(log: SessionLog) -> None:
    rec = make_session(at(9, 30))
    log.open_session(rec)
    with pytest.raises(SessionConflict, match="already in the log"):
        log.open_session(rec)


def test_a_running_block_can_be_extended_and_paused_without_ending(log: SessionLog) -> None:
    rec = make_session(at(9, 30), 25)
    log.open_session(rec)
    rec.planned_end += timedelta(minutes=10)
    rec.planned_seconds += 600
    rec.paused_seconds = 120
    log.update_running_session(rec)
    assert log.get_session(rec.id) == rec


def test_a_running_block_whose_start_was_not_written_is_written_by_its_next_update(
    log: SessionLog,
) -> None:
    rec = make_session(at(9, 30), 25)  # open_session failed earlier (say, the file was locked)
    rec.paused_seconds = 60
    log.update_running_session(rec)
    assert log.get_session(rec.id) == rec


def test_update_running_session_refuses_an_ended_block(log: SessionLog) -> None:
    with pytest.raises(ValueError, match="use close_session"):
        log.update_running_session(make_session(at(9, 30), 25, ended_minutes=25))


def test_heartbeat_is_recorded_on_the_open_block(log: SessionLog) -> None:
    rec = make_session(at(9, 30))
    log.open_session(rec)
    log.heartbeat(rec.id, at(9, 31))
    stored = log.get_session(rec.id)
    assert stored is not None and stored.heartbeat_at == at(9, 31)


def test_an_update_without_a_heartbeat_keeps_the_logged_one(log: SessionLog) -> None:
    # Recovery closes a crashed block at its last heartbeat: an update that
    # knows none (extend, pause) must not erase it.
    rec = make_session(at(9, 30))
    log.open_session(rec)
    log.heartbeat(rec.id, at(9, 50))
    log.update_running_session(make_session(at(9, 30), 120, id=rec.id))
    stored = log.get_session(rec.id)
    assert stored is not None
    assert stored.planned_seconds == 120 * 60 and stored.heartbeat_at == at(9, 50)


def test_heartbeat_of_an_unknown_block_is_an_error(log: SessionLog) -> None:
    with pytest.raises(SessionNotFound):
        log.heartbeat("nope", at(9, 31))


def test_naive_datetimes_are_refused_with_a_clear_message(log: SessionLog) -> None:
    rec = make_session(at(9, 30))
    rec.started_at = datetime(2026, 11, 20, 9, 30)  # naive: the point of the test
    with pytest.raises(ValueError, match="started_at must be a timezone-aware"):
        log.open_session(rec)


# --- recovery after a crash or kill ---------------------------------------------


def test_a_block_left_open_is_closed_at_its_last_heartbeat(log: SessionLog) -> None:
    rec = make_session(at(9, 30), 90, paused_seconds=300)
    log.open_session(rec)
    log.heartbeat(rec.id, at(10, 0))
    [recovered] = log.recover_open_sessions(now=at(14, 0))
    assert recovered.ended_at == at(10, 0)
    assert recovered.actual_seconds == 30 * 60 - 300
    assert recovered.outcome is Outcome.RECOVERED
    assert log.get_session(rec.id) == recovered


def test_a_block_left_open_without_heartbeat_is_closed_at_its_start(log: SessionLog) -> None:
    log.open_session(make_session(at(9, 30)))
    [recovered] = log.recover_open_sessions(now=at(14, 0))
    assert recovered.ended_at == at(9, 30)
    assert recovered.actual_seconds == 0


def test_recovery_never_counts_past_the_planned_end_or_now(log: SessionLog) -> None:
    late = make_session(at(9, 30), 25)
    log.open_session(late)
    log.heartbeat(late.id, at(11, 0))  # heartbeat long after the planned end
    ahead = make_session(at(12, 0), 90, kind=SessionKind.BUFFER)
    log.open_session(ahead)
    log.heartbeat(ahead.id, at(13, 0))
    recovered = log.recover_open_sessions(now=at(12, 30))  # the clock was set back
    assert [r.ended_at for r in recovered] == [at(9, 55), at(12, 30)]
    assert [r.actual_seconds for r in recovered] == [25 * 60, 30 * 60]


def test_recovery_leaves_closed_sessions_alone(log: SessionLog) -> None:
    done = make_session(at(8, 0), 30, ended_minutes=30)
    log.close_session(done)
    assert log.recover_open_sessions(now=at(14, 0)) == []
    assert log.get_session(done.id) == done


def test_a_block_left_open_by_a_dropped_connection_is_recovered_on_the_next_start(
    db_path: Path,
) -> None:
    path = db_path
    first = open_database(path)
    rec = make_session(at(9, 30))
    SessionLog(first).open_session(rec)
    SessionLog(first).heartbeat(rec.id, at(9, 50))
    # Dropped without close() (a real SIGKILL is in test_database.py).
    del first

    second = open_database(path)
    try:
        [recovered] = SessionLog(second).recover_open_sessions(now=at(15, 0))
        assert recovered.id == rec.id
        assert recovered.outcome is Outcome.RECOVERED
        assert recovered.ended_at == at(9, 50)
        assert recovered.actual_seconds == 20 * 60
    finally:
        second.close()


# --- reading ---------------------------------------------------------------------


def test_sessions_between_is_half_open_ordered_and_filterable(log: SessionLog) -> None:
    a = make_session(at(11, 0), 30, ended_minutes=30, label="client")
    b = make_session(at(9, 0), 30, ended_minutes=30, label="learning")
    c = make_session(at(10, 0), 30, ended_minutes=30, label="client")
    edge = make_session(at(12, 0), 30, ended_minutes=30, label="client")
    for rec in (a, b, c, edge):
        log.close_session(rec)
    assert [r.id for r in log.sessions_between(at(9, 0), at(12, 0))] == [b.id, c.id, a.id]
    assert [r.id for r in log.sessions_between(at(9, 0), at(12, 0), label="client")] == [
        c.id,
        a.id,
    ]


def test_sessions_for_days_uses_the_working_day_not_the_utc_date(log: SessionLog) -> None:
    # 01:30 on the 21st still belongs to the 20th (before the 04:00 day boundary).
    late = make_session(at(1, 30, date(2026, 11, 21)), 30, ended_minutes=30, day=date(2026, 11, 20))
    early = make_session(at(9, 0), 30, ended_minutes=30)
    next_day = make_session(at(9, 0, date(2026, 11, 21)), 30, ended_minutes=30)
    for rec in (late, early, next_day):
        log.close_session(rec)
    got = log.sessions_for_days(date(2026, 11, 20), date(2026, 11, 20))
    assert [r.id for r in got] == [early.id, late.id]


def test_sessions_for_days_of_one_kind(log: SessionLog) -> None:
    focus = make_session(at(9, 0), 30, ended_minutes=30)
    offclock = make_session(at(20, 0), 15, ended_minutes=15, kind=SessionKind.OFFCLOCK)
    later = make_session(
        at(21, 0, date(2026, 11, 22)), 5, ended_minutes=5, kind=SessionKind.OFFCLOCK
    )
    for rec in (focus, offclock, later):
        log.close_session(rec)
    days = (date(2026, 11, 20), date(2026, 11, 22))
    assert [r.id for r in log.sessions_for_days(*days, kind=SessionKind.OFFCLOCK)] == [
        offclock.id,
        later.id,
    ]
    assert [r.id for r in log.sessions_for_days(*days)] == [focus.id, offclock.id, later.id]


def test_last_session_and_recent_labels(log: SessionLog) -> None:
    assert log.last_session() is None
    assert log.recent_labels(5) == []
    for hour, label in [(8, "a"), (9, "b"), (10, "a"), (11, ""), (12, "c")]:
        log.close_session(make_session(at(hour), 30, ended_minutes=30, label=label))
    last = log.last_session()
    assert last is not None and last.started_at == at(12)
    assert log.recent_labels(5) == ["c", "a", "b"]
    assert log.recent_labels(2) == ["c", "a"]


def test_iter_all_sessions_yields_every_session_oldest_first(log: SessionLog) -> None:
    recs = [make_session(at(h), 30, ended_minutes=30) for h in (15, 9, 12)]
    for rec in recs:
        log.close_session(rec)
    assert [r.started_at for r in log.iter_all_sessions()] == [at(9), at(12), at(15)]


def test_every_session_field_round_trips_including_offsets_and_unicode(log: SessionLog) -> None:
    start = datetime(2026, 3, 29, 1, 59, 59, 123456, tzinfo=UTC)
    rec = make_session(
        start,
        45,
        kind=SessionKind.OVERTIME,
        label="日本語 ✍ — «client» 🚀",
        ended_minutes=40,
        outcome=Outcome.CUT,
        pattern_id="my-pätterñ",
        utc_offset_minutes=-570,  # UTC-09:30 (Marquesas)
        paused_seconds=77,
        breach=True,
        note="line one\nline two; 'quoted' \"double\"",
        heartbeat_at=start + timedelta(minutes=39, seconds=1),
    )
    log.close_session(rec)
    stored = log.get_session(rec.id)
    assert stored == rec
    assert stored is not None
    assert stored.started_at.tzinfo is UTC
    assert stored.local_start.utcoffset() == timedelta(hours=-9, minutes=-30)


def test_instants_given_in_a_local_zone_are_stored_as_the_same_instant(log: SessionLog) -> None:
    paris = ZoneInfo("Europe/Paris")
    rec = make_session(datetime(2026, 7, 1, 9, 30, tzinfo=paris), 30, ended_minutes=30)
    log.close_session(rec)
    stored = log.get_session(rec.id)
    assert stored is not None and stored.started_at == rec.started_at
    assert stored.started_at.utcoffset() == timedelta(0)


# --- days and weekly reviews ----------------------------------------------------------


def test_days_round_trip_and_save_replaces(log: SessionLog) -> None:
    tz = timezone(timedelta(hours=5, minutes=45))  # Kathmandu
    day = DayRecord(
        day=date(2026, 11, 20),
        pattern_id="caregiver-pro",
        hard_stop_planned=datetime(2026, 11, 20, 17, 30, tzinfo=tz),
        hard_stop_kept=False,
        overtime_seconds=1200,
        snoozes=1,
        protected=True,
        big_task_tomorrow="Finish the ‘Q4’ report ✅",
        checklist_done=["inbox zero", "plan tomorrow", "ünïcode"],
        energy=4,
        relationships=2,
        deliverables=3,
        deliverables_note="two PRs, one talk",
    )
    log.save_day(day)
    stored = log.get_day(day.day)
    assert stored == day
    assert stored is not None and stored.hard_stop_planned is not None
    assert stored.hard_stop_planned.utcoffset() == timedelta(hours=5, minutes=45)

    day.hard_stop_kept = True
    day.checklist_done = []
    log.save_day(day)
    assert log.get_day(day.day) == day


def test_a_day_with_only_defaults_round_trips(log: SessionLog) -> None:
    day = DayRecord(day=date(2026, 11, 21), pattern_id="boundary-fortress")
    log.save_day(day)
    assert log.get_day(day.day) == day
    assert log.get_day(date(2026, 11, 22)) is None


def test_days_between_is_inclusive_and_ordered(log: SessionLog) -> None:
    for d in (22, 20, 21, 25):
        log.save_day(DayRecord(day=date(2026, 11, d), pattern_id="p"))
    got = log.days_between(date(2026, 11, 20), date(2026, 11, 22))
    assert [d.day.day for d in got] == [20, 21, 22]


def test_weekly_reviews_round_trip_and_replace(log: SessionLog) -> None:
    assert log.get_weekly_review("2026-W47") is None
    review = WeeklyReview(week="2026-W47", wins="shipped ✨", misses="", upgrade="batch e-mail")
    log.save_weekly_review(review)
    assert log.get_weekly_review("2026-W47") == review
    review.misses = "two late nights"
    log.save_weekly_review(review)
    assert log.get_weekly_review("2026-W47") == review


def test_a_weekly_review_needs_an_iso_week(log: SessionLog) -> None:
    with pytest.raises(ValueError, match="not an ISO week"):
        log.save_weekly_review(WeeklyReview(week="2026-47"))


# --- fixing the log ----------------------------------------------------------------------


def test_update_session_corrects_a_finished_block(log: SessionLog) -> None:
    rec = make_session(at(9, 0), 90, ended_minutes=90)
    log.close_session(rec)
    rec.label = "renamed"
    rec.ended_at = at(10, 0)
    rec.actual_seconds = 3600
    log.update_session(rec)
    assert log.get_session(rec.id) == rec


def test_an_edit_that_overlaps_another_block_is_refused_and_changes_nothing(
    log: SessionLog,
) -> None:
    first = make_session(at(9, 0), 60, ended_minutes=60, label="first")
    second = make_session(at(10, 0), 60, ended_minutes=60, label="second")
    log.close_session(first)
    log.close_session(second)
    moved = make_session(at(9, 0), 60, ended_minutes=75, id=first.id, label="first")
    with pytest.raises(SessionConflict, match="overlaps the focus session “second”"):
        log.update_session(moved)
    assert log.get_session(first.id) == first


def test_touching_blocks_and_other_families_do_not_conflict(log: SessionLog) -> None:
    log.close_session(make_session(at(9, 0), 60, ended_minutes=60))
    log.insert_session(make_session(at(10, 0), 30, ended_minutes=30))  # starts at the end
    log.insert_session(make_session(at(9, 30), 10, ended_minutes=10, kind=SessionKind.BUFFER))
    with pytest.raises(SessionConflict, match="overlaps"):
        log.insert_session(
            make_session(at(10, 15), 30, ended_minutes=30, kind=SessionKind.OVERTIME)
        )
    assert len(log.sessions_between(at(0), at(23))) == 3


def test_an_edit_ending_before_it_starts_is_refused(log: SessionLog) -> None:
    rec = make_session(at(9, 0), 60, ended_minutes=60)
    log.close_session(rec)
    rec.ended_at = at(8, 0)
    with pytest.raises(SessionConflict, match="ends before it starts"):
        log.update_session(rec)


def test_an_edit_of_a_missing_session_says_so(log: SessionLog) -> None:
    with pytest.raises(SessionNotFound):
        log.update_session(make_session(at(9, 0), 60, ended_minutes=60))
    with pytest.raises(SessionNotFound):
        log.delete_session("missing")


def test_a_deleted_session_can_be_put_back(log: SessionLog) -> None:
    rec = make_session(at(9, 0), 60, ended_minutes=60)
    log.close_session(rec)
    deleted = log.delete_session(rec.id)
    assert deleted == rec
    assert log.get_session(rec.id) is None
    log.insert_session(deleted)
    assert log.get_session(rec.id) == rec


def test_inserting_an_unfinished_or_duplicate_session_is_refused(log: SessionLog) -> None:
    rec = make_session(at(9, 0), 60, ended_minutes=60)
    log.insert_session(rec)
    with pytest.raises(SessionConflict, match="already in the log"):
        log.insert_session(rec)
    with pytest.raises(SessionConflict, match="without an end time"):
        log.insert_session(make_session(at(12, 0)))


def test_writes_land_in_the_file_for_another_connection(log_db: LogDatabase) -> None:
    rec = make_session(at(9, 0), 60, ended_minutes=60)
    SessionLog(log_db).close_session(rec)
    other = open_database(log_db.path)
    try:
        assert SessionLog(other).get_session(rec.id) == rec
    finally:
        other.close()


def test_stored_instants_sort_as_text_in_time_order(log_db: LogDatabase) -> None:
    log = SessionLog(log_db)
    times = [datetime(2026, 1, 1, 0, 0, 0, us, tzinfo=UTC) for us in (0, 5, 999999)]
    for t in times:
        log.close_session(make_session(t, 1, ended_minutes=1))
    texts = [row["started_at"] for row in log_db.conn.execute("SELECT started_at FROM sessions")]
    assert sorted(texts) == [t.isoformat(timespec="microseconds") for t in times]
