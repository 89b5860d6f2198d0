"""What can go wrong with the log file, classified so the app can say it in one line.

SQLite reports problems as a handful of generic exception types; the user needs
to know *what* to do (free some disk, close the other program, move the
folder). `classify_sqlite_error` and `classify_os_error` turn a low-level
error into one of the `StorageError` types below, each naming the file.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from focusdesk.core.i18n import _


class StorageError(Exception):
    """A problem with the log file that the user can be told about in one line."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return self.message


class DatabaseCorrupt(StorageError):
    """The file is not a SQLite database or fails its integrity check."""


class DatabaseLocked(StorageError):
    """Another program holds a lock on the file longer than the busy timeout."""


class DatabaseTooNew(StorageError):
    """The file was written by a newer FocusDesk; it is refused and left untouched."""


class FolderUnwritable(StorageError):
    """The folder (or the file) cannot be created or written."""


class PathIsAFolder(StorageError):
    """A folder sits where the log file should be."""


def path_is_a_folder(path: Path) -> PathIsAFolder:
    return PathIsAFolder(
        path,
        _(
            "{path} is a folder, not the log file; move it out of the way "
            "(or choose another data folder with --data-dir)."
        ).format(path=path),
    )


class DiskFull(StorageError):
    """The disk (or the database's size limit) has no room for the write."""


class SessionConflict(ValueError):
    """An edit of the log that would make it inconsistent (overlap, end before start)."""


class SessionNotFound(LookupError):
    """No session with the given id is in the log."""


# SQLite primary result codes (the low byte of an extended code).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


def classify_sqlite_error(
    error: sqlite3.Error, path: Path, *, busy_timeout_ms: int | None = None
) -> StorageError:
    """The `StorageError` that explains `error` (raised while using `path`) to a user."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    detail = str(error)
    if code == _SQLITE_FULL:
        return DiskFull(
            path, _("No room to write the log {path}: {detail}.").format(path=path, detail=detail)
        )
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        if busy_timeout_ms is None:
            locked = _("The log {path} is locked by another program (still busy).")
        else:
            locked = _(
                "The log {path} is locked by another program "
                "(still busy after waiting {seconds} s)."
            )
        return DatabaseLocked(
            path, locked.format(path=path, seconds=f"{(busy_timeout_ms or 0) / 1000:g}")
        )
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return DatabaseCorrupt(
            path, _("The log {path} is damaged: {detail}.").format(path=path, detail=detail)
        )
    if code in (_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_CANTOPEN):
        return FolderUnwritable(
            path,
            _("Cannot write the log {path} or its folder: {detail}.").format(
                path=path, detail=detail
            ),
        )
    if code == _SQLITE_IOERR:
        return StorageError(
            path,
            _("The disk failed while using the log {path}: {detail}.").format(
                path=path, detail=detail
            ),
        )
    return StorageError(
        path, _("The log {path} could not be used: {detail}.").format(path=path, detail=detail)
    )


def classify_os_error(error: OSError, path: Path) -> StorageError:
    """The `StorageError` that explains a file-system `error` about `path` to a user."""
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(
            path, _("No room on the disk for {path}: {reason}.").format(path=path, reason=reason)
        )
    return FolderUnwritable(
        path, _("Cannot create or write {path}: {reason}.").format(path=path, reason=reason)
    )
