"""The clock the core is told about: it never reads the time on its own.

The engine receives `now` as an argument; whoever drives it (the Qt ticker,
a test, the CLI) reads a `Clock`. Tests use a fake clock they move by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...

    def local_zone(self) -> tzinfo:
        """The user's local time zone (DST-aware)."""
        ...


class MonotonicClock(Clock, Protocol):
    """A clock that can also read a monotonic time (seconds): jumps of the wall clock show.

    The driver hands both readings to the engine (`observe_clock`); a clock
    without `monotonic` (a test's fake) gets no jump detection.
    """

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps and stops while the machine sleeps."""
        ...


class SystemClock:
    """The real wall clock and the system's local zone."""

    def __init__(self, zone: tzinfo | None = None) -> None:
        self._zone = zone

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        import time

        return time.monotonic()

    def local_zone(self) -> tzinfo:
        if self._zone is not None:
            return self._zone
        return system_local_zone()


def system_local_zone() -> tzinfo:
    """The system zone as a DST-aware tzinfo: `TZ`, else /etc/localtime, else a fixed offset."""
    import os
    from pathlib import Path
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    for name in candidates:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    fallback = datetime.now().astimezone().tzinfo
    return fallback if fallback is not None else UTC
