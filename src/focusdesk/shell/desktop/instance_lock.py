"""One FocusDesk per data folder: the instance lock and the private runtime folder.

Apart from the control socket so that a launch can take the lock and show its
tray icon without loading QtNetwork first (see docs/PERFORMANCE.md).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QLockFile


class ControlError(Exception):
    """The control socket cannot be set up; the message says why."""


def ensure_private_dir(folder: Path) -> None:
    """Create `folder` 0700, or make sure an existing one is ours and private."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if hasattr(os, "getuid"):
        info = folder.stat()
        if info.st_uid != os.getuid():
            raise ControlError(
                f"{folder} belongs to another user; refusing to put the control socket there"
            )
        if info.st_mode & 0o077:
            folder.chmod(0o700)


class InstanceLock:
    """Held by the one running FocusDesk per data dir; a crashed holder's lock is stale and taken over."""

    def __init__(self, lock_path: Path) -> None:
        self._lock = QLockFile(str(lock_path))
        # Staleness by PID only: the holder may run for weeks.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        return self._lock.tryLock(0)

    def release(self) -> None:
        self._lock.unlock()


def holder_alive(lock_path: Path) -> bool:
    """True when a live process holds the instance lock: FocusDesk runs, or is still starting."""
    pid, _host, _app = QLockFile(str(lock_path)).getLockInfo()
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False  # a crashed holder's stale lock
    except PermissionError:
        return True
    return True
