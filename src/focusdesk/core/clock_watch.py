"""What the wall clock did between two looks, judged against the monotonic clock.

The driver reads both clocks on every tick and the engine hands them here.
The monotonic clock never jumps and (on Linux) stops while the machine
sleeps, so between two readings:

- the wall clock ran ahead of it: the machine slept or the clock was set
  forward. The monotonic time says how long the machine was really awake
  since the last reading; the rest is an absence (`ForwardJump`);
- the wall clock fell behind it: the clock was set back (`BackwardJump`);
  remaining time must keep running on the monotonic clock;
- neither: nothing to say. A time-zone change is a different question (the
  wall instant did not move), see `zone_changed`.

Pure: it keeps only the last reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

#: Timer latency and clock slewing stay well below this; a sleep or clock change does not.
DEFAULT_TOLERANCE = timedelta(seconds=10)


@dataclass(frozen=True, slots=True)
class ForwardJump:
    """The wall clock moved ahead of the monotonic one.

    `last_awake`: the wall instant up to which the machine was running
    (the last reading plus the monotonic time since); `now`: the reading now.
    """

    last_awake: datetime
    now: datetime


@dataclass(frozen=True, slots=True)
class BackwardJump:
    """The wall clock was set back by `seconds` (positive)."""

    seconds: float


ClockChange = ForwardJump | BackwardJump


class ClockWatch:
    """Compares successive (wall, monotonic) readings."""

    def __init__(self, tolerance: timedelta = DEFAULT_TOLERANCE) -> None:
        self._tolerance = tolerance.total_seconds()
        self._last: tuple[datetime, float] | None = None

    def observe(self, wall: datetime, monotonic: float) -> ClockChange | None:
        """Take a reading; what the wall clock did since the previous one, if anything odd."""
        last, self._last = self._last, (wall, monotonic)
        if last is None:
            return None
        wall_elapsed = (wall - last[0]).total_seconds()
        mono_elapsed = max(0.0, monotonic - last[1])
        drift = wall_elapsed - mono_elapsed
        if drift > self._tolerance:
            return ForwardJump(last[0] + timedelta(seconds=mono_elapsed), wall)
        if drift < -self._tolerance:
            return BackwardJump(-drift)
        return None


def zone_changed(old: tzinfo, new: tzinfo, at: datetime) -> bool:
    """The local zone in force changed: another name, or another offset at `at`.

    A DST change is not a zone change (the same zone answers both offsets).
    """
    if old is new:
        return False
    if old.utcoffset(at) != new.utcoffset(at):
        return True
    return _zone_name(old) != _zone_name(new)


def _zone_name(zone: tzinfo) -> str:
    key = getattr(zone, "key", None)
    return str(key) if key is not None else repr(zone)
