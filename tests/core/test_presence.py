"""Who is present (`core.presence`) and what the clocks did (`core.clock_watch`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from focusdesk.core.clock_watch import BackwardJump, ClockWatch, ForwardJump, zone_changed
from focusdesk.core.presence import CameBack, Presence, PresenceSignal, PresenceTracker, WentAway

T0 = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def later(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_presence_is_unknown_until_a_source_answers() -> None:
    assert PresenceTracker(5).presence is Presence.UNKNOWN


def test_no_input_for_the_threshold_is_away_since_the_last_input() -> None:
    tracker = PresenceTracker(5)
    assert tracker.observe(later(0), PresenceSignal(idle_seconds=10)) is None
    assert tracker.presence is Presence.ACTIVE
    assert tracker.observe(later(240), PresenceSignal(idle_seconds=250)) is None
    assert tracker.observe(later(310), PresenceSignal(idle_seconds=320)) == WentAway(later(-10))
    assert tracker.presence is Presence.AWAY and tracker.away_since == later(-10)
    # Still away: said once.
    assert tracker.observe(later(400), PresenceSignal(idle_seconds=410)) is None
    assert tracker.observe(later(500), PresenceSignal(idle_seconds=2)) == CameBack(later(500))
    assert tracker.presence is Presence.ACTIVE and tracker.away_since is None


def test_a_locked_screen_is_away_at_once() -> None:
    tracker = PresenceTracker(5)
    tracker.observe(later(0), PresenceSignal(idle_seconds=0))
    assert tracker.observe(later(30), PresenceSignal(idle_seconds=20, locked=True)) == WentAway(
        later(10)
    )
    assert tracker.observe(later(90), PresenceSignal(idle_seconds=1)) == CameBack(later(90))


def test_zero_minutes_turns_away_detection_off() -> None:
    tracker = PresenceTracker(0)
    assert tracker.observe(later(0), PresenceSignal(idle_seconds=3600, locked=True)) is None
    assert tracker.presence is Presence.ACTIVE


def test_a_source_that_stops_answering_never_leaves_the_user_away() -> None:
    tracker = PresenceTracker(1)
    tracker.observe(later(0), PresenceSignal(idle_seconds=120))
    assert tracker.presence is Presence.AWAY
    assert tracker.lost(later(60)) == CameBack(later(60))
    assert tracker.presence is Presence.UNKNOWN
    assert tracker.observe(later(70), PresenceSignal(idle_seconds=None)) is None
    assert tracker.presence is Presence.UNKNOWN


def test_a_new_threshold_applies_at_the_next_signal() -> None:
    tracker = PresenceTracker(5)
    tracker.observe(later(0), PresenceSignal(idle_seconds=400))
    assert tracker.presence is Presence.AWAY
    tracker.set_away_after(30)
    assert tracker.observe(later(10), PresenceSignal(idle_seconds=410)) == CameBack(later(10))


def test_the_clock_watch_sees_sleep_and_forward_jumps_from_the_monotonic_clock() -> None:
    watch = ClockWatch()
    assert watch.observe(later(0), 100.0) is None
    assert watch.observe(later(60), 160.0) is None
    assert watch.observe(later(63), 161.0) is None  # 2 s of timer latency: nothing
    # 40 s awake, then asleep (monotonic stood still) until 2 h later on the wall.
    assert watch.observe(later(7263), 201.0) == ForwardJump(later(103), later(7263))


def test_the_clock_watch_sees_a_clock_set_back() -> None:
    watch = ClockWatch()
    watch.observe(later(0), 100.0)
    change = watch.observe(later(60 - 3600), 160.0)
    assert isinstance(change, BackwardJump) and change.seconds == 3600


def test_a_zone_change_is_another_zone_not_a_dst_change() -> None:
    berlin, paris = ZoneInfo("Europe/Berlin"), ZoneInfo("Europe/Paris")
    assert not zone_changed(berlin, ZoneInfo("Europe/Berlin"), T0)
    assert zone_changed(berlin, ZoneInfo("America/New_York"), T0)
    assert zone_changed(berlin, paris, T0)  # same offset, other rules
    plus_one = timezone(timedelta(hours=1))
    assert not zone_changed(plus_one, timezone(timedelta(hours=1)), T0)
    assert zone_changed(plus_one, timezone(timedelta(hours=2)), T0)
