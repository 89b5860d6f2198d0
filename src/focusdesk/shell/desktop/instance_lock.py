"""One FocusDesk per data folder: the instance lock and the private runtime folder.

Apart from the control socket so that a launch can take the lock and show its
tray icon without loading QtNetwork first (see docs/PERFORMANCE.md).
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile


class ControlError(Exception):
    """The control socket cannot be set up; the message says why."""


def ensure_private_dir(folder: Path) -> None:
    """Create `folder` 0700, or make sure an existing one is a real folder, ours and private.

    Raises ControlError (one line) for a symlink, a file, or another user's
    folder: the control socket must never sit where someone else can reach it.
    """
    with contextlib.suppress(FileExistsError):  # a symlink or a file: said below
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = folder.lstat()
    if stat.S_ISLNK(info.st_mode):
        raise ControlError(
            f"{folder} is a symbolic link; refusing to put the control socket there "
            "(remove it and start FocusDesk again)"
        )
    if not stat.S_ISDIR(info.st_mode):
        raise ControlError(f"{folder} is not a folder; refusing to put the control socket there")
    if hasattr(os, "getuid"):
        if info.st_uid != os.getuid():
            raise ControlError(
                f"{folder} belongs to another user (uid {info.st_uid}); refusing to put "
                "the control socket there"
            )
        if info.st_mode & 0o077:
            folder.chmod(0o700)


def peer_uid(descriptor: int) -> int | None:
    """The uid of the process at the other end of a connected Unix socket (Linux), else None."""
    if not sys.platform.startswith("linux") or descriptor < 0:
        return None
    duplicate = socket.socket(fileno=os.dup(descriptor))
    try:
        raw = duplicate.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return None
    finally:
        duplicate.close()  # closes only our duplicate of the descriptor
    _pid, uid, _gid = struct.unpack("3i", raw)
    return int(uid)


def is_other_user(uid: int | None) -> bool:
    """True when `uid` is known and is not ours."""
    return uid is not None and hasattr(os, "getuid") and uid != os.getuid()


class InstanceLock:
    """Held by the one running FocusDesk per data dir; a crashed holder's lock is stale and taken over."""

    def __init__(self, lock_path: Path) -> None:
        self._folder = lock_path.parent
        self._lock = QLockFile(str(lock_path))
        # Staleness by PID only: the holder may run for weeks.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        # A first start: the data folder (where the lock lives) may not exist yet.
        with contextlib.suppress(OSError):
            self._folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self._lock.tryLock(0)

    @property
    def permission_denied(self) -> bool:
        """The last `acquire` failed because the lock file cannot be written (not held)."""
        return self._lock.error() == QLockFile.LockError.PermissionError

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
