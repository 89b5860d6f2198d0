"""Giving memory back to the system once the work that needed it is over.

FocusDesk rests in the tray all day; what it holds then is what users feel.
Start-up, a calendar read, the review or the shutdown ritual allocate and free
megabytes, and glibc keeps freed heap pages for later instead of returning
them: measured on the morning at rest, `malloc_trim(0)` after start-up gave
back ≈ 2.2 MB of the app's 64 (docs/PERFORMANCE.md). (SQLite's page cache,
`PRAGMA shrink_memory`, made no difference there: not done.)

`MemoryRelease.soon()` asks for a release a few seconds later, once things
have settled (more asks in the meantime make it one); nothing is polled.
On a C library without `malloc_trim` (musl, macOS, Windows) only Python's
own cycle collection runs.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import sys
from collections.abc import Callable

from focusdesk.shell.desktop.ticker import SingleShotTimer, TimerFactory, qt_timer_factory

#: How long after the last ask the memory is released: the work that asked
#: (a window closing, a calendar read) has usually left a few event-loop turns
#: of its own behind it (deleteLater, pending repaints).
SETTLE_MS = 3000


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        # The process's own symbols include its C library's (no library search).
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # musl: no such function
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_freed_memory() -> bool:
    """Collect Python's unreachable cycles and give freed heap pages back; True if trimmed."""
    gc.collect()
    trim = _malloc_trim()
    return trim is not None and bool(trim(0))


class MemoryRelease:
    """Releases memory `settle_ms` after the last `soon()`."""

    def __init__(
        self, timer_factory: TimerFactory | None = None, *, settle_ms: int | None = None
    ) -> None:
        self._settle_ms = SETTLE_MS if settle_ms is None else settle_ms
        self._timer_factory = timer_factory or qt_timer_factory()
        self._timer: SingleShotTimer | None = None  # made on the first ask
        #: How many releases ran.
        self.releases = 0

    def soon(self) -> None:
        """Release once things have settled (restarts the wait)."""
        if self._timer is None:
            self._timer = self._timer_factory(self.release_now)
        self._timer.start(self._settle_ms)

    @property
    def pending(self) -> bool:
        """A release is asked for and not done yet."""
        return self._timer is not None and self._timer.isActive()

    def cancel(self) -> None:
        """Forget an asked-for release (quitting)."""
        if self._timer is not None:
            self._timer.stop()

    def release_now(self) -> None:
        self.cancel()
        release_freed_memory()
        self.releases += 1
