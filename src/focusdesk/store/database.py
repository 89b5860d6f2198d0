"""Opening the log file safely: folder, pragmas, checks, migrations, backups.

`open_database` is the only way the app, the CLI and the tests get a
connection to the log. On the way it:

1. creates the data folder and checks that it can write there;
2. checks an existing file read-only (integrity and schema version) so that a
   file from a newer FocusDesk is refused without being touched, and a
   damaged one is moved aside as `<name>.corrupt-<UTC timestamp>` (never
   deleted) and a fresh log started — the caller gets a notice to show;
3. opens it in WAL mode with synchronous=FULL (a session log must survive
   power loss), a busy timeout and foreign keys on;
4. copies a non-empty file to `<backups>/<stem>-<UTC timestamp>-before-v<N>.sqlite3`
   with SQLite's backup API before any migration runs, then migrates.

The open log is a plain `sqlite3` connection. sqlite-utils (its `Migrations`)
is imported only when a migration is pending: importing it costs ≈ 60 ms and
≈ 15 MB at every start of a tray app that never needs it once the file is
up to date.

Every failure becomes a `StorageError` subclass with a one-line message
naming the file (see `errors.py`).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

from focusdesk.store.errors import (
    DatabaseCorrupt,
    DatabaseTooNew,
    StorageError,
    classify_os_error,
    classify_sqlite_error,
    path_is_a_folder,
)
from focusdesk.store.migrations import SCHEMA_VERSION, applied_version, migrate
from focusdesk.store.private_files import create_private_file, make_private_dir

#: How long a write waits for another connection's lock before giving up.
DEFAULT_BUSY_TIMEOUT_MS = 5000

# The files SQLite keeps next to a database; they belong to it when it moves.
_SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_SQLITE_BUSY = 5


@dataclass(frozen=True, slots=True)
class CorruptLogMovedAside:
    """A damaged log was kept under another name and a fresh one started in its place."""

    original: Path
    moved_to: Path
    reason: str

    @property
    def message(self) -> str:
        """One line for the user: what happened and where the old file is."""
        return (
            f"The log {self.original} could not be read ({self.reason}); "
            f"it was kept as {self.moved_to} and a new log was started."
        )


class LogDatabase:
    """An open, migrated log: the connection plus what happened while opening it.

    The connection is in autocommit mode (`isolation_level=None`); `atomic()`
    makes a transaction. Rows come back as `sqlite3.Row` (read by column name).
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        *,
        busy_timeout_ms: int,
        schema_version: int,
        migration_backup: Path | None = None,
        moved_aside: CorruptLogMovedAside | None = None,
    ) -> None:
        self.conn = conn
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self.schema_version = schema_version
        #: The copy taken before migrating this file, if a migration ran.
        self.migration_backup = migration_backup
        #: Set when the file found at `path` was damaged and moved aside.
        self.moved_aside = moved_aside

    @contextmanager
    def translating_errors(self) -> Iterator[sqlite3.Connection]:
        """Run database work, turning SQLite's environment errors into `StorageError`s.

        Constraint and programming errors are bugs, not storage problems, and
        pass through unchanged.
        """
        try:
            yield self.conn
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise
        except sqlite3.Error as error:
            raise classify_sqlite_error(
                error, self.path, busy_timeout_ms=self.busy_timeout_ms
            ) from error

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed at the end, rolled back on any exception.

        It takes the write lock at once (`BEGIN IMMEDIATE`): a transaction that
        reads and then writes cannot fail half-way on another writer's lock,
        and the busy timeout covers the wait. Nested use is a savepoint.
        """
        conn = self.conn
        if conn.in_transaction:
            conn.execute("SAVEPOINT focusdesk_nested")
            try:
                yield conn
            except BaseException:
                # An error may already have ended the transaction; then there is nothing to undo.
                if conn.in_transaction:
                    conn.execute("ROLLBACK TO SAVEPOINT focusdesk_nested")
                    conn.execute("RELEASE SAVEPOINT focusdesk_nested")
                raise
            conn.execute("RELEASE SAVEPOINT focusdesk_nested")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def set_busy_timeout(self, busy_timeout_ms: int) -> None:
        """How long a write waits for another program's lock from now on."""
        with self.translating_errors():
            self.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        self.busy_timeout_ms = busy_timeout_ms

    def close(self) -> None:
        """Close the connection (SQLite checkpoints the WAL into the file)."""
        self.conn.close()

    def __enter__(self) -> LogDatabase:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _utc_now() -> datetime:
    return datetime.now(UTC)


def open_database(
    path: Path,
    *,
    backups_dir: Path | None = None,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    clock: Callable[[], datetime] = _utc_now,
    set_aside_damaged: bool = True,
    migrate_apart: bool = False,
) -> LogDatabase:
    """Open (creating, checking and migrating as needed) the log at `path`.

    With `migrate_apart` (the long-running app) pending migrations run in a
    short-lived child process (`python -m focusdesk.store.database --migrate`):
    sqlite-utils and what it imports (click, pluggy, dateutil…: ≈ 7 MB) never
    enter the app, which would keep them all day after its first launch. Same
    transaction, backup and errors as in-process; a frozen app migrates here.

    `backups_dir` defaults to `<folder of path>/backups`; `clock` gives the
    UTC time used in backup and moved-aside file names. Commands that only
    read the log pass `set_aside_damaged=False`: a damaged file then raises
    `DatabaseCorrupt` and stays where it is, for the app to deal with.

    Raises `DatabaseTooNew` (file untouched), `DatabaseLocked`,
    `FolderUnwritable`, `DiskFull`, or `DatabaseCorrupt` (only when a damaged
    file cannot even be moved aside); a damaged file that *was* moved aside
    is reported in the result's `moved_aside` instead.
    """
    path = Path(path).absolute()
    try:
        is_folder = path.is_dir()
    except OSError as error:  # a folder on the way that this user may not enter
        raise classify_os_error(error, path.parent) from error
    if is_folder:
        raise path_is_a_folder(path)
    _ensure_writable_folder(path.parent)
    moved_aside: CorruptLogMovedAside | None = None
    try:
        has_content = path.exists() and path.stat().st_size > 0
    except OSError as error:
        raise classify_os_error(error, path) from error
    if has_content:
        damage = _check_existing(path, busy_timeout_ms)
        if damage is not None and not set_aside_damaged:
            raise DatabaseCorrupt(
                path,
                f"The log {path} is damaged ({damage}); start FocusDesk to set it aside "
                "and begin a new one.",
            )
        if damage is not None:
            moved_aside = _move_aside(path, damage, clock())

    try:
        # Created 0600 first: SQLite gives its -wal and -shm files the mode of the log.
        create_private_file(path)
    except OSError as error:
        raise classify_os_error(error, path) from error
    try:
        # Autocommit at the driver level: every transaction is explicit (`atomic`).
        conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, isolation_level=None)
    except sqlite3.Error as error:
        raise classify_sqlite_error(error, path, busy_timeout_ms=busy_timeout_ms) from error
    conn.row_factory = sqlite3.Row
    try:
        _configure(conn, busy_timeout_ms)
        backup = _migrate(
            conn,
            path,
            backups_dir or path.parent / "backups",
            clock,
            busy_timeout_ms if migrate_apart and not getattr(sys, "frozen", False) else None,
        )
        version, _ = applied_version(conn)
    except sqlite3.Error as error:
        conn.close()
        raise classify_sqlite_error(error, path, busy_timeout_ms=busy_timeout_ms) from error
    except BaseException:
        conn.close()
        raise
    return LogDatabase(
        conn,
        path,
        busy_timeout_ms=busy_timeout_ms,
        schema_version=version,
        migration_backup=backup,
        moved_aside=moved_aside,
    )


def open_log_read_only(
    path: Path, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
) -> LogDatabase | None:
    """Open an up-to-date log for reading only: nothing is created, moved or migrated.

    For the commands that only read (`week`, `export`): they work in a
    read-only folder, and beside a running app. Returns None when the file
    needs migrating first (then `open_database` is the way). Raises
    `DatabaseTooNew`, `DatabaseCorrupt`, `PathIsAFolder` or another
    `StorageError`.
    """
    path = Path(path).absolute()
    try:
        is_folder = path.is_dir()
    except OSError as error:  # a folder on the way that this user may not enter
        raise classify_os_error(error, path.parent) from error
    if is_folder:
        raise path_is_a_folder(path)
    try:
        conn, version, unknown = _read_only(path, busy_timeout_ms, immutable=False)
    except sqlite3.Error as error:
        # A WAL log in a folder we cannot write: SQLite cannot make its -shm file.
        # With no -wal beside it the file is complete, and nobody can be writing
        # it (no writer could create a -wal there either): read it as it is.
        if path.with_name(path.name + "-wal").exists() or not path.exists():
            raise classify_sqlite_error(error, path, busy_timeout_ms=busy_timeout_ms) from error
        try:
            conn, version, unknown = _read_only(path, busy_timeout_ms, immutable=True)
        except sqlite3.Error as second:
            raise classify_sqlite_error(second, path, busy_timeout_ms=busy_timeout_ms) from second
    if unknown:
        conn.close()
        raise DatabaseTooNew(
            path,
            f"The log {path} was written by a newer FocusDesk (schema version "
            f"{version + len(unknown)}; this one knows {SCHEMA_VERSION}); it was left untouched.",
        )
    if version != SCHEMA_VERSION:
        conn.close()
        return None
    return LogDatabase(conn, path, busy_timeout_ms=busy_timeout_ms, schema_version=version)


def _read_only(
    path: Path, busy_timeout_ms: int, *, immutable: bool
) -> tuple[sqlite3.Connection, int, list[str]]:
    uri = f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000, isolation_level=None)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        version, unknown = applied_version(conn)
    except BaseException:
        conn.close()
        raise
    return conn, version, unknown


def _ensure_writable_folder(folder: Path) -> None:
    """Create `folder` and prove a file can be written in it (SQLite needs its -wal file there)."""
    try:
        make_private_dir(folder)
        with tempfile.TemporaryFile(dir=folder, prefix=".focusdesk-probe-"):
            pass
    except OSError as error:
        raise classify_os_error(error, folder) from error


def _check_existing(path: Path, busy_timeout_ms: int) -> str | None:
    """Check a file read-only: the reason it is damaged, or None if it is usable.

    Raises `DatabaseTooNew` when a newer FocusDesk wrote it, `DatabaseLocked`
    when another program keeps it locked. Nothing here writes to `path`.
    """
    # With no -wal/-journal next to it the file is complete on its own, so
    # open it immutable: not even the -shm/-wal side files get created.
    has_sidecar = any(path.with_name(path.name + s).exists() for s in ("-wal", "-journal"))
    uri = f"file:{quote(str(path))}?mode=ro" + ("" if has_sidecar else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000)
    except sqlite3.Error as error:
        raise classify_sqlite_error(error, path, busy_timeout_ms=busy_timeout_ms) from error
    try:
        problems = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            return f"integrity check failed: {problems[0]}"
        version, unknown = applied_version(conn)
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF in _CORRUPT_CODES:
            return str(error)
        raise classify_sqlite_error(error, path, busy_timeout_ms=busy_timeout_ms) from error
    finally:
        conn.close()
    if unknown:
        raise DatabaseTooNew(
            path,
            f"The log {path} was written by a newer FocusDesk (schema version "
            f"{version + len(unknown)}; this one knows {SCHEMA_VERSION}); it was left untouched.",
        )
    return None


def _timestamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _free_name(folder: Path, stem: str, suffix: str = "") -> Path:
    """`folder/stem+suffix`, or with `-2`, `-3`… added to the stem: never an existing file."""
    candidate = folder / f"{stem}{suffix}"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}{suffix}"
        counter += 1
    return candidate


def _move_aside(path: Path, reason: str, now: datetime) -> CorruptLogMovedAside:
    """Rename a damaged log (and its side files) to `<name>.corrupt-<timestamp>`."""
    target = _free_name(path.parent, f"{path.name}.corrupt-{_timestamp(now)}")
    try:
        path.rename(target)
    except OSError as error:
        raise DatabaseCorrupt(
            path,
            f"The log {path} is damaged ({reason}) and could not be moved aside "
            f"({error.strerror or error}); it was left as it is.",
        ) from error
    for suffix in _SIDECAR_SUFFIXES:
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            # A stale side file must not be applied to the fresh log; keep it with its file.
            with suppress(OSError):
                sidecar.rename(target.with_name(target.name + suffix))
    return CorruptLogMovedAside(original=path, moved_to=target, reason=reason)


def _configure(conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    _switch_to_wal(conn, busy_timeout_ms)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def _switch_to_wal(conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
    """Put the file in WAL mode, waiting out another opener doing the same.

    SQLite answers a concurrent journal-mode change with SQLITE_BUSY at once,
    without its busy handler, so wait here (up to the busy timeout) instead.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            busy = getattr(error, "sqlite_errorcode", 0) & 0xFF == _SQLITE_BUSY
            if not busy or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def _has_tables(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").fetchone()
        is not None
    )


def _migrate(
    conn: sqlite3.Connection,
    path: Path,
    backups_dir: Path,
    clock: Callable[[], datetime],
    apart_busy_timeout_ms: int | None = None,
) -> Path | None:
    """Apply pending migrations, first backing up a file that already holds anything.

    With `apart_busy_timeout_ms` they run in a child process (see `open_database`).
    """
    version, _ = applied_version(conn)
    if version == SCHEMA_VERSION:
        return None
    backup = _backup(conn, path, backups_dir, clock()) if _has_tables(conn) else None
    try:
        if apart_busy_timeout_ms is not None:
            _migrate_in_child(path, apart_busy_timeout_ms)
        else:
            _migrate_here(conn)
    except sqlite3.Error as error:
        storage_error = classify_sqlite_error(error, path)
        if backup is not None:
            storage_error.message += f" The copy taken before migrating is {backup}."
        raise storage_error from error
    return backup


def _migrate_here(conn: sqlite3.Connection) -> None:
    # One transaction under the write lock for the whole upgrade (each
    # migration nests as a savepoint): a second FocusDesk opening the file
    # at the same moment waits, then finds nothing pending; and a failure
    # leaves the file at its old version, not half-way.
    conn.execute("BEGIN IMMEDIATE")
    try:
        migrate(conn)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _migrate_in_child(path: Path, busy_timeout_ms: int) -> None:
    """`_migrate_here` on the child's own connection; its SQLite error is raised here again."""
    command = [sys.executable, "-m", "focusdesk.store.database", "--migrate", str(path)]
    command.append(str(busy_timeout_ms))
    try:
        # Our own interpreter and module, an argument list (no shell).
        done = subprocess.run(command, capture_output=True, check=False)  # noqa: S603
    except OSError as error:
        raise StorageError(
            path, f"The log {path} could not be upgraded: no process to do it ({error})."
        ) from error
    if done.returncode == 0:
        return
    try:
        failure = json.loads(done.stdout)
        told = sqlite3.OperationalError(str(failure["message"]))
        told.sqlite_errorcode = int(failure["sqlite_errorcode"])
    except (ValueError, KeyError, TypeError):
        last = (done.stderr.decode(errors="replace").strip().splitlines() or [""])[-1]
        raise StorageError(
            path,
            f"The log {path} could not be upgraded: the upgrade stopped "
            f"(exit {done.returncode}{': ' + last if last else ''}).",
        ) from None
    raise told


def _child_migrate(argv: list[str]) -> int:
    """The child's side: migrate the log at argv[0] (busy timeout argv[1] ms).

    Exit 0 when done; 1 with `{"sqlite_errorcode", "message"}` on stdout for
    a SQLite error (raised again in the app, classified there).
    """
    path, busy_timeout_ms = argv[0], int(argv[1])
    conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
    try:
        _configure(conn, busy_timeout_ms)
        if applied_version(conn)[0] != SCHEMA_VERSION:  # another opener may have done it
            _migrate_here(conn)
    except sqlite3.Error as error:
        code = getattr(error, "sqlite_errorcode", 1)
        print(json.dumps({"sqlite_errorcode": code, "message": str(error)}))
        return 1
    finally:
        conn.close()
    return 0


def _backup(conn: sqlite3.Connection, path: Path, backups_dir: Path, now: datetime) -> Path:
    """Copy the live database with SQLite's backup API (consistent even with a WAL)."""
    try:
        make_private_dir(backups_dir)
    except OSError as error:
        raise classify_os_error(error, backups_dir) from error
    target = _free_name(
        backups_dir, f"{path.stem}-{_timestamp(now)}-before-v{SCHEMA_VERSION}", ".sqlite3"
    )
    try:
        create_private_file(target)
    except OSError as error:
        raise classify_os_error(error, target) from error
    try:
        copy = sqlite3.connect(str(target))
        try:
            conn.backup(copy)
        finally:
            copy.close()
    except sqlite3.Error as error:
        # A half-written copy is worse than none: it would look like a backup.
        with suppress(OSError):
            target.unlink()
        failure = classify_sqlite_error(error, target)
        failure.message += " The log was not migrated."
        raise failure from error
    return _same_as_an_earlier_backup(target, path.stem) or target


def _same_as_an_earlier_backup(target: Path, stem: str) -> Path | None:
    """An earlier backup with the very bytes of `target` (which is then removed), or None.

    A file that cannot be migrated (a foreign `sessions` table) is backed up at
    every attempt; one copy of the same file is enough.
    """
    try:
        data = target.read_bytes()
        for earlier in sorted(target.parent.glob(f"{stem}-*-before-v{SCHEMA_VERSION}*.sqlite3")):
            same_size = earlier != target and earlier.stat().st_size == len(data)
            if same_size and earlier.read_bytes() == data:
                target.unlink()
                return earlier
    except OSError:
        return None
    return None


__all__ = [
    "DEFAULT_BUSY_TIMEOUT_MS",
    "CorruptLogMovedAside",
    "LogDatabase",
    "StorageError",
    "open_database",
]


if __name__ == "__main__" and sys.argv[1:2] == ["--migrate"]:
    sys.exit(_child_migrate(sys.argv[2:]))
