"""Opening the log on good and bad storage: a clear error, the file kept, nothing lost."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from log_records import FIXED_NOW, at, make_session

from focusdesk.core.sessions import Outcome
from focusdesk.store.database import LogDatabase, open_database
from focusdesk.store.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseTooNew,
    DiskFull,
    FolderUnwritable,
    SessionConflict,
    StorageError,
)
from focusdesk.store.migrations import SCHEMA_VERSION
from focusdesk.store.session_log import SessionLog

RUNNING_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_one_line_naming(error: StorageError, path: Path) -> None:
    text = str(error)
    assert "\n" not in text
    assert str(path) in text
    assert error.path == path


def _log_with_sessions(path: Path, count: int) -> list[str]:
    """A real, closed log holding `count` finished sessions; returns their ids."""
    with open_database(path) as opened:
        log = SessionLog(opened)
        ids = []
        for i in range(count):
            rec = make_session(at(0) + i * (at(1) - at(0)), 30, ended_minutes=30, note="n" * 200)
            log.close_session(rec)
            ids.append(rec.id)
    return ids


@pytest.fixture
def other_connection(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A second connection to the (already created) log, as another program would hold it."""
    open_database(db_path).close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    yield conn
    conn.close()


# --- a healthy open -----------------------------------------------------------------


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there" / "focusdesk.sqlite3"
    with open_database(path) as opened:
        assert path.is_file()
        assert opened.moved_aside is None and opened.migration_backup is None


def test_the_log_is_crash_safe_wal_with_full_sync(log_db: LogDatabase) -> None:
    conn = log_db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == log_db.busy_timeout_ms


def test_the_folder_probe_leaves_no_file_behind(db_path: Path) -> None:
    open_database(db_path).close()
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["focusdesk.sqlite3"]


# --- a damaged file --------------------------------------------------------------------


def test_a_file_of_random_bytes_is_moved_aside_and_a_new_log_started(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(os.urandom(8192))
    original = _sha256(db_path)

    with open_database(db_path, clock=lambda: FIXED_NOW) as opened:
        notice = opened.moved_aside
        assert notice is not None
        assert notice.moved_to == db_path.with_name("focusdesk.sqlite3.corrupt-20261120T120000Z")
        assert _sha256(notice.moved_to) == original  # kept byte for byte, never deleted
        assert str(notice.moved_to) in notice.message and "\n" not in notice.message
        assert "file is not a database" in notice.message
        SessionLog(opened).open_session(make_session(at(9)))  # the fresh log works


def test_a_truncated_log_is_moved_aside_and_kept(db_path: Path) -> None:
    _log_with_sessions(db_path, 300)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])

    with open_database(db_path, clock=lambda: FIXED_NOW) as opened:
        notice = opened.moved_aside
        assert notice is not None
        assert notice.moved_to.read_bytes() == data[: len(data) // 2]
        assert SessionLog(opened).last_session() is None


def test_a_damaged_log_takes_its_side_files_along(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"not a database at all, but long enough to look like one" * 100)
    wal = db_path.with_name(db_path.name + "-wal")
    wal.write_bytes(b"stale wal")
    with open_database(db_path, clock=lambda: FIXED_NOW) as opened:
        assert opened.moved_aside is not None
        moved_wal = opened.moved_aside.moved_to.with_name(opened.moved_aside.moved_to.name + "-wal")
        assert moved_wal.read_bytes() == b"stale wal"


def test_a_second_damaged_file_in_the_same_second_gets_its_own_name(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(os.urandom(4096))
    open_database(db_path, clock=lambda: FIXED_NOW).close()
    db_path.write_bytes(os.urandom(4096))
    with open_database(db_path, clock=lambda: FIXED_NOW) as opened:
        assert opened.moved_aside is not None
        assert opened.moved_aside.moved_to.name == "focusdesk.sqlite3.corrupt-20261120T120000Z-2"
    assert len(list(db_path.parent.glob("*.corrupt-*"))) == 2


def test_a_damaged_file_that_cannot_be_moved_is_left_alone_with_a_clear_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(os.urandom(4096))
    original = _sha256(db_path)

    def refuse(self: Path, target: Path) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "rename", refuse)
    with pytest.raises(DatabaseCorrupt, match="could not be moved aside") as caught:
        open_database(db_path)
    _assert_one_line_naming(caught.value, db_path)
    assert _sha256(db_path) == original


# --- a newer schema -------------------------------------------------------------------


def test_a_log_from_a_newer_focusdesk_is_refused_and_left_untouched(db_path: Path) -> None:
    _log_with_sessions(db_path, 3)
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('focusdesk', 'v99_from_the_future', '2027-01-01')"
        )
        conn.execute("CREATE TABLE future (x)")
    conn.close()
    before = _sha256(db_path)
    files_before = sorted(p.name for p in db_path.parent.iterdir())

    with pytest.raises(DatabaseTooNew, match="newer FocusDesk") as caught:
        open_database(db_path)

    _assert_one_line_naming(caught.value, db_path)
    assert f"schema version {SCHEMA_VERSION + 1}" in str(caught.value)
    assert _sha256(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == files_before  # no -wal, no backup


# --- a locked file ---------------------------------------------------------------------


def test_a_log_held_exclusively_by_another_program_is_reported_locked(
    db_path: Path, other_connection: sqlite3.Connection
) -> None:
    other_connection.execute("PRAGMA locking_mode = EXCLUSIVE")
    other_connection.execute("BEGIN EXCLUSIVE")
    other_connection.execute("DELETE FROM weekly_reviews")

    with pytest.raises(DatabaseLocked, match="locked by another program") as caught:
        open_database(db_path, busy_timeout_ms=50)
    _assert_one_line_naming(caught.value, db_path)
    assert "0.05 s" in str(caught.value)


def test_a_write_while_another_program_writes_is_reported_locked_and_can_be_retried(
    db_path: Path, other_connection: sqlite3.Connection
) -> None:
    with open_database(db_path, busy_timeout_ms=50) as opened:
        log = SessionLog(opened)
        rec = make_session(at(9))
        other_connection.execute("BEGIN IMMEDIATE")  # readers go on, writers wait
        assert log.last_session() is None
        with pytest.raises(DatabaseLocked) as caught:
            log.open_session(rec)
        _assert_one_line_naming(caught.value, opened.path)
        other_connection.execute("ROLLBACK")

        log.open_session(rec)  # nothing half-written stood in the way
        assert log.get_session(rec.id) == rec


# --- an unwritable or missing folder -------------------------------------------------------


def test_a_folder_that_cannot_exist_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("I am a file, not a folder")
    folder = blocker / "data"

    with pytest.raises(FolderUnwritable, match="Cannot create or write") as caught:
        open_database(folder / "focusdesk.sqlite3")
    _assert_one_line_naming(caught.value, folder)
    assert blocker.read_text() == "I am a file, not a folder"


# Opens the log in argv[1] in a fresh process and says what happened.
_OPEN_AND_REPORT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from focusdesk.store.database import open_database
    from focusdesk.store.errors import FolderUnwritable
    try:
        open_database(Path(sys.argv[1])).close()
    except FolderUnwritable as error:
        print("FolderUnwritable", error.path, sep="\\n")
        print(error)
    else:
        print("opened")
    """
)


def _open_elsewhere(command: list[str], folder: Path) -> list[str]:
    done = subprocess.run(
        [*command, sys.executable, "-c", _OPEN_AND_REPORT, str(folder / "focusdesk.sqlite3")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _assert_reported_read_only(lines: list[str], folder: Path) -> None:
    assert lines[:2] == ["FolderUnwritable", str(folder)]
    assert len(lines) == 3  # one line of message
    assert str(folder) in lines[2] and "Cannot create or write" in lines[2]
    assert list(folder.iterdir()) == []  # nothing was left behind


@pytest.mark.skipif(RUNNING_AS_ROOT, reason="root writes through chmod 0o500 (see the two below)")
def test_a_read_only_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(FolderUnwritable) as caught:
            open_database(folder / "focusdesk.sqlite3")
        _assert_one_line_naming(caught.value, folder)
    finally:
        folder.chmod(0o700)


def _can_bind_mount() -> bool:
    if not RUNNING_AS_ROOT or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "mount", "--bind", "/", "/mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.mark.skipif(
    not _can_bind_mount(),
    reason="needs root allowed to mount (unshare --mount) for a read-only bind",
)
def test_a_read_only_mount_is_reported_even_to_root(tmp_path: Path) -> None:
    # Root writes through permissions, not through a read-only file system: bind
    # the folder read-only onto itself in a private mount namespace (nothing
    # outside the child process sees it, and nothing is left mounted).
    folder = tmp_path / "data"
    folder.mkdir()
    read_only = [
        "unshare",
        "--mount",
        "--propagation",
        "private",
        "sh",
        "-c",
        'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"',
        str(folder),
    ]
    _assert_reported_read_only(_open_elsewhere(read_only, folder), folder)


def _nobody_can_run_python() -> bool:
    if not RUNNING_AS_ROOT or shutil.which("setpriv") is None:
        return False
    probe = subprocess.run(
        [*_AS_NOBODY, sys.executable, "-c", "import focusdesk.store.database"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


_AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.mark.skipif(
    not _nobody_can_run_python(),
    reason="needs root, setpriv, and this Python and FocusDesk readable by user 65534 (nobody)",
)
def test_a_folder_another_user_owns_is_reported() -> None:
    # The second way a folder is read-only when the tests run as root: the app
    # runs as another user (nobody) and the folder is root's.
    parent = Path(tempfile.mkdtemp(prefix="fd-test-ro-"))
    try:
        parent.chmod(0o755)
        folder = parent / "data"
        folder.mkdir()
        folder.chmod(0o755)  # whatever the umask: nobody may read it, not write it
        _assert_reported_read_only(_open_elsewhere(_AS_NOBODY, folder), folder)
        # Not even allowed in: the same one line, not a PermissionError's traceback.
        folder.chmod(0o700)
        _assert_reported_read_only(_open_elsewhere(_AS_NOBODY, folder), folder)
    finally:
        shutil.rmtree(parent)


def test_a_backup_folder_that_cannot_be_made_stops_the_migration(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from focusdesk.store.migrations import schema_migrations

    path = tmp_path / "focusdesk.sqlite3"
    db = Database(path)
    schema_migrations().apply(db, stop_before="v2_day_and_open_indexes")
    db.close()
    (tmp_path / "backups").write_text("a file where the backups folder should be")

    with pytest.raises(FolderUnwritable):
        open_database(path)
    check = Database(path)
    assert len(list(check.query("SELECT name FROM _sqlite_migrations"))) == 1  # not migrated
    check.close()


# --- a full disk ------------------------------------------------------------------------------


def test_a_full_disk_is_reported_and_what_was_logged_is_kept(log_db: LogDatabase) -> None:
    log = SessionLog(log_db)
    kept = make_session(at(8), 30, ended_minutes=30)
    log.close_session(kept)
    # A real SQLITE_FULL: the database may not grow by a single page.
    pages = log_db.conn.execute("PRAGMA page_count").fetchone()[0]
    log_db.conn.execute(f"PRAGMA max_page_count = {pages}")

    big = make_session(at(9), 30, ended_minutes=30, note="x" * 100_000)
    with pytest.raises(DiskFull, match="No room to write the log") as caught:
        log.close_session(big)
    _assert_one_line_naming(caught.value, log_db.path)
    assert log.get_session(kept.id) == kept
    assert log.get_session(big.id) is None

    log_db.conn.execute("PRAGMA max_page_count = 1073741823")
    log.close_session(big)  # room again: the same write now succeeds
    assert log.get_session(big.id) == big


def test_a_full_disk_found_while_creating_the_folder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_space)
    with pytest.raises(DiskFull, match="No space left on device") as caught:
        open_database(tmp_path / "focusdesk.sqlite3")
    _assert_one_line_naming(caught.value, tmp_path)


# --- a kill during a block ------------------------------------------------------------------


def test_a_block_killed_mid_way_is_recovered_at_its_heartbeat(db_path: Path) -> None:
    """A real SIGKILL: no close, no checkpoint; the block lives only in the -wal file."""
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from datetime import UTC, datetime, timedelta
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from log_records import at, make_session
        from focusdesk.store.database import open_database
        from focusdesk.store.session_log import SessionLog

        log = SessionLog(open_database(Path({str(db_path)!r})))
        rec = make_session(at(9, 30), 90, id="killed-block", paused_seconds=120)
        log.open_session(rec)
        log.heartbeat(rec.id, at(9, 45))
        log.heartbeat(rec.id, at(10, 0))
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()
    assert db_path.with_name(db_path.name + "-wal").stat().st_size > 0

    with open_database(db_path) as opened:
        log = SessionLog(opened)
        [recovered] = log.recover_open_sessions(now=at(15))
        assert recovered.id == "killed-block"
        assert recovered.outcome is Outcome.RECOVERED
        assert recovered.ended_at == at(10, 0)
        assert recovered.actual_seconds == 30 * 60 - 120
        assert log.get_session("killed-block") == recovered
        assert log.recover_open_sessions(now=at(15)) == []


def test_a_reader_is_told_of_damage_and_the_file_stays_put(tmp_path: Path) -> None:
    from focusdesk.store.database import open_database
    from focusdesk.store.errors import DatabaseCorrupt

    path = tmp_path / "focusdesk.sqlite3"
    path.write_bytes(b"garbage" * 500)
    with pytest.raises(DatabaseCorrupt, match="start FocusDesk to set it aside"):
        open_database(path, set_aside_damaged=False)
    assert path.read_bytes() == b"garbage" * 500
    assert sorted(p.name for p in tmp_path.iterdir()) == ["focusdesk.sqlite3"]


def test_an_up_to_date_log_opens_without_importing_sqlite_utils(db_path: Path) -> None:
    # sqlite-utils costs a tray app ≈ 60 ms and ≈ 15 MB at every start; it is
    # needed only while a migration runs (see docs/PERFORMANCE.md).
    open_database(db_path).close()  # creates and migrates the file
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from focusdesk.store.database import open_database
        from focusdesk.store.session_log import SessionLog
        database = open_database(Path({str(db_path)!r}))
        SessionLog(database).recent_labels()
        database.close()
        print("sqlite_utils" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


def test_a_failed_write_rolls_back_and_the_log_stays_usable(log_db: LogDatabase) -> None:
    log = SessionLog(log_db)
    first = make_session(at(9))
    log.open_session(first)
    with pytest.raises(SessionConflict):
        log.open_session(first)  # same id: the transaction is rolled back
    assert not log_db.conn.in_transaction
    log.open_session(make_session(at(10)))
    assert len(log.sessions_between(at(0), at(23))) == 2


# --- migrating in a child process (the app) ----------------------------------------


def test_the_app_migrates_a_new_log_apart_and_never_imports_sqlite_utils(tmp_path: Path) -> None:
    path = tmp_path / "focusdesk.sqlite3"
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from focusdesk.store.database import open_database
        db = open_database(Path(sys.argv[1]), migrate_apart=True)
        tables = [r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        print(db.schema_version, "sessions" in tables, "sqlite_utils" in sys.modules)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.split() == [str(SCHEMA_VERSION), "True", "False"]
    # And the file is what an in-process migration makes of it.
    with open_database(path) as database:
        assert database.schema_version == SCHEMA_VERSION
        SessionLog(database).open_session(make_session(at(9)))


def test_a_migration_that_fails_apart_says_the_same_and_keeps_the_backup(tmp_path: Path) -> None:
    messages = []
    for apart in (False, True):
        path = tmp_path / f"log-{apart}" / "focusdesk.sqlite3"
        path.parent.mkdir()
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, what TEXT)")
        conn.commit()
        conn.close()
        with pytest.raises(StorageError) as caught:
            open_database(path, clock=lambda: FIXED_NOW, migrate_apart=apart)
        (backup,) = (path.parent / "backups").iterdir()
        assert f"The copy taken before migrating is {backup}." in str(caught.value)
        messages.append((type(caught.value), str(caught.value).replace(str(path.parent), "…")))
    assert messages[0] == messages[1]


def test_a_log_locked_by_another_program_while_migrating_apart_is_said_so(tmp_path: Path) -> None:
    path = tmp_path / "focusdesk.sqlite3"
    create_private = sqlite3.connect(path)
    create_private.execute("PRAGMA journal_mode = WAL")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program's write transaction
    try:
        with pytest.raises(DatabaseLocked):
            open_database(path, busy_timeout_ms=200, migrate_apart=True)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        create_private.close()
