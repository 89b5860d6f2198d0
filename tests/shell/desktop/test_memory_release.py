"""Freed memory goes back to the system once the work that needed it is over."""

from __future__ import annotations

import os
import platform
import resource
import sys
from pathlib import Path
from typing import Any

import pytest

from focusdesk.shell.desktop.memory_release import MemoryRelease, release_freed_memory

glibc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's",
)


def resident_bytes() -> int:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize()


@glibc
def test_freed_heap_pages_under_a_live_allocation_go_back_to_the_system() -> None:
    # 40 MB of 1 kB blocks (malloc, not Python's small-object arenas), then one
    # block above them that stays: the heap cannot shrink from its top, and glibc
    # keeps the 40 MB freed below it until it is told to trim.
    blocks = [os.urandom(1024) for _ in range(40_000)]
    kept = os.urandom(1024)
    before_free = resident_bytes()
    del blocks
    kept_after_free = resident_bytes()
    assert release_freed_memory()
    after_release = resident_bytes()
    assert kept
    assert before_free - kept_after_free < 8_000_000  # freeing alone gave little back
    assert kept_after_free - after_release > 30_000_000


def test_asks_in_a_row_make_one_release_once_things_settle(qtbot: Any) -> None:
    memory = MemoryRelease(settle_ms=30)
    memory.soon()
    qtbot.wait(10)
    memory.soon()  # restarts the wait
    assert memory.pending and memory.releases == 0
    qtbot.waitUntil(lambda: memory.releases == 1, timeout=2000)
    assert not memory.pending
    qtbot.wait(60)
    assert memory.releases == 1


def test_a_release_can_run_at_once(qtbot: Any) -> None:
    memory = MemoryRelease(settle_ms=60_000)
    memory.soon()
    memory.release_now()
    assert memory.releases == 1 and not memory.pending
