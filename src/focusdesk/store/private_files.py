"""The user's files stay the user's: the data folder 0700, the log and what comes with it 0600.

Labels, reflections and notes are nobody else's business. The command line
sets a private umask (077) before it does anything, so every file FocusDesk
creates is private; the functions here create the log's files private on
their own as well (a caller may have another umask), and tighten files an
earlier version left readable by others.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700

#: The data folder's own files (and their side files), tightened at start-up.
_LOG_FILE_PATTERNS = ("focusdesk.sqlite3*", "focusdesk.log*", "*.pending*", "*.corrupt-*")
_PRIVATE_SUBFOLDERS = ("backups",)


def create_private_file(path: Path) -> None:
    """Create `path` empty and 0600 if it does not exist (a symlink there is left alone)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, PRIVATE_FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def make_private_dir(folder: Path) -> None:
    """Create `folder` (and its parents) with the new folder itself 0700."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)


def _tighten(path: Path, mode: int, *, is_dir: bool) -> bool:
    """Take group/other bits off `path` (never through a symlink); True when it changed."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(info.st_mode) or stat.S_ISDIR(info.st_mode) != is_dir:
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False  # not ours: chmod would fail anyway
    if not stat.S_IMODE(info.st_mode) & 0o077:
        return False
    try:
        path.chmod(stat.S_IMODE(info.st_mode) & mode)
    except OSError:
        return False
    return True


def make_private(data_dir: Path) -> list[Path]:
    """Tighten the data folder, the log, its side files, the app's log and backups.

    Returns what was changed (empty once everything is private), for one log
    line. The user's pattern files and settings are left as they are.
    """
    fixed: list[Path] = []
    if _tighten(data_dir, PRIVATE_DIR_MODE, is_dir=True):
        fixed.append(data_dir)
    for pattern in _LOG_FILE_PATTERNS:
        for path in sorted(data_dir.glob(pattern)):
            if _tighten(path, PRIVATE_FILE_MODE, is_dir=False):
                fixed.append(path)
    for name in _PRIVATE_SUBFOLDERS:
        folder = data_dir / name
        if _tighten(folder, PRIVATE_DIR_MODE, is_dir=True):
            fixed.append(folder)
        if folder.is_dir() and not folder.is_symlink():
            for path in sorted(folder.iterdir()):
                if _tighten(path, PRIVATE_FILE_MODE, is_dir=False):
                    fixed.append(path)
    return fixed
