"""Properties of the log over random records and random edits (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from log_records import at, make_session

from focusdesk.core.sessions import (
    DayRecord,
    Outcome,
    SessionKind,
    SessionRecord,
    WeeklyReview,
    new_session_id,
)
from focusdesk.store.errors import SessionConflict
from focusdesk.store.session_log import SessionLog

# The log is created once per test function; every example uses fresh ids or keys.
_SHARED_LOG = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Fixed offsets (not zones): an instant in an ambiguous DST hour compares unequal
# across zones in Python (PEP 495), which would test datetime, not the log.
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60)
aware = st.builds(
    lambda naive, minutes: naive.replace(tzinfo=timezone(timedelta(minutes=minutes))),
    st.datetimes(min_value=datetime(1971, 1, 2), max_value=datetime(2200, 1, 1)),
    offsets,
)
counts = st.integers(min_value=0, max_value=2**40)
text = st.text(max_size=60)


@st.composite
def session_records(draw: st.DrawFn) -> SessionRecord:
    start = draw(aware)
    ended = draw(
        st.none() | st.builds(lambda s: start + timedelta(seconds=s), st.integers(0, 10**8))
    )
    return SessionRecord(
        id=new_session_id(),
        kind=draw(st.sampled_from(SessionKind)),
        label=draw(text),
        pattern_id=draw(text),
        day=draw(st.dates()),
        started_at=start,
        planned_end=draw(aware),
        utc_offset_minutes=draw(offsets),
        planned_seconds=draw(counts),
        ended_at=ended,
        actual_seconds=draw(counts),
        paused_seconds=draw(counts),
        outcome=draw(st.sampled_from(Outcome)),
        breach=draw(st.booleans()),
        note=draw(st.text(max_size=300)),
        heartbeat_at=draw(st.none() | aware),
    )


day_records = st.builds(
    DayRecord,
    day=st.dates(),
    pattern_id=text,
    hard_stop_planned=st.none() | aware,
    hard_stop_kept=st.none() | st.booleans(),
    overtime_seconds=counts,
    snoozes=st.integers(0, 100),
    protected=st.booleans(),
    big_task_tomorrow=text,
    checklist_done=st.lists(text, max_size=8),
    energy=st.none() | st.integers(1, 5),
    relationships=st.none() | st.integers(1, 5),
    deliverables=st.none() | st.integers(0, 1000),
    deliverables_note=text,
)


@_SHARED_LOG
@given(rec=session_records())
def test_any_session_reads_back_equal(log: SessionLog, rec: SessionRecord) -> None:
    if rec.is_open:
        log.open_session(rec)
    else:
        log.close_session(rec)
    assert log.get_session(rec.id) == rec


@_SHARED_LOG
@given(rec=day_records)
def test_any_day_reads_back_equal_with_its_hard_stop_offset(
    log: SessionLog, rec: DayRecord
) -> None:
    log.save_day(rec)
    stored = log.get_day(rec.day)
    assert stored == rec
    if rec.hard_stop_planned is not None:
        assert stored is not None and stored.hard_stop_planned is not None
        assert stored.hard_stop_planned.utcoffset() == rec.hard_stop_planned.utcoffset()


@_SHARED_LOG
@given(
    year=st.integers(1000, 9999),
    week=st.integers(1, 53),
    wins=text,
    misses=text,
    upgrade=text,
)
def test_any_weekly_review_reads_back_equal(
    log: SessionLog, year: int, week: int, wins: str, misses: str, upgrade: str
) -> None:
    review = WeeklyReview(week=f"{year}-W{week:02d}", wins=wins, misses=misses, upgrade=upgrade)
    log.save_weekly_review(review)
    assert log.get_weekly_review(review.week) == review


edits = st.lists(
    st.tuples(
        st.integers(0, 24 * 60),  # start, minutes after midnight
        st.integers(-30, 180),  # length in minutes (negative: ends before it starts)
        st.sampled_from(SessionKind),
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(attempts=edits)
def test_hand_edits_never_leave_overlapping_or_negative_sessions(
    log: SessionLog, attempts: list[tuple[int, int, SessionKind]]
) -> None:
    for earlier in list(log.iter_all_sessions()):  # the log is shared between examples
        log.delete_session(earlier.id)
    day = date(2026, 11, 20)
    midnight = at(0, 0, day)
    # The test's own model of the rule, in minutes: a session that ends before
    # it starts is refused, and so is one that shares time with a kept session
    # of its family (work: focus and overtime; buffers; offclock stretches), a
    # zero-length one counting as sharing when it lies strictly inside the other.
    family = {SessionKind.OVERTIME: SessionKind.FOCUS}
    kept: list[tuple[int, int, SessionKind]] = []  # (start, end, family)
    expected_ids: list[str] = []
    for start_minute, length, kind in attempts:
        rec = make_session(
            midnight + timedelta(minutes=start_minute),
            max(length, 1),
            kind=kind,
            ended_minutes=length,
            day=day,
        )
        start, end, work = start_minute, start_minute + length, family.get(kind, kind)
        expected = length >= 0 and not any(
            _share_time((start, end), (s, e)) for s, e, w in kept if w == work
        )
        try:
            log.insert_session(rec)
        except SessionConflict:
            refused = True
        else:
            refused = False
        assert refused is not expected, (start_minute, length, kind, kept)
        if expected:
            kept.append((start, end, work))
            expected_ids.append(rec.id)

    stored = log.sessions_between(midnight, midnight + timedelta(days=2))
    assert sorted(r.id for r in stored) == sorted(expected_ids)


def _share_time(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two stretches of minutes overlap, or an instant lies strictly inside a stretch."""
    (a_start, a_end), (b_start, b_end) = a, b
    if a_start == a_end and b_start == b_end:
        return False
    if a_start == a_end:
        return b_start < a_start < b_end
    if b_start == b_end:
        return a_start < b_start < a_end
    return max(a_start, b_start) < min(a_end, b_end)


def test_the_utc_text_of_an_instant_round_trips_at_the_extremes(log: SessionLog) -> None:
    for start in (datetime(1, 1, 2, tzinfo=UTC), datetime(9999, 12, 30, tzinfo=UTC)):
        rec = make_session(start, 0, ended_minutes=0)
        log.close_session(rec)
        assert log.get_session(rec.id) == rec
