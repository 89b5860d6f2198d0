"""Writing the user's files so that a crash never leaves half a file behind.

Settings and user patterns are files the user may also edit by hand. A write
goes to a temporary file in the same folder and replaces the target with
`os.replace` (`Path.replace`) (atomic on one file system); the version it replaces is copied to
the backups folder first, so no user file is overwritten without a backup.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path


def backup_name(path: Path, reason: str, now: datetime | None = None) -> str:
    """`settings-unreadable-20261121T093000123456.toml`: the file, why, and when."""
    stamp = (now or datetime.now()).strftime("%Y%m%dT%H%M%S%f")
    return f"{path.stem}-{reason}-{stamp}{path.suffix}"


def back_up(path: Path, backups_dir: Path, reason: str, *, keep: int | None = None) -> Path:
    """Copy `path` into `backups_dir` under a timestamped name and return the copy.

    With `keep`, only the newest `keep` backups of this file made for the same
    `reason` are kept, so routine saves do not pile up; backups made for another
    reason (an unreadable file) are never pruned.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    target = backups_dir / backup_name(path, reason)
    shutil.copy2(path, target)
    if keep is not None:
        siblings = sorted(backups_dir.glob(f"{path.stem}-{reason}-*{path.suffix}"))
        for old in siblings[:-keep]:
            old.unlink(missing_ok=True)
    return target


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
