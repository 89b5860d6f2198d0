"""The log, its side files, the app's log file and backups are the user's alone (issue 16).

Labels, reflections and notes are private: nothing FocusDesk writes may be
readable by another local user, whatever the umask it was started with.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from log_records import FIXED_NOW, make_session
from test_migrations import _write_v1_log

from focusdesk.store.database import open_database
from focusdesk.store.private_files import make_private
from focusdesk.store.session_log import SessionLog


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def loose_umask() -> Iterator[None]:
    """The usual desktop umask (022): files would be world-readable unless we take care."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_log_lives_in_a_private_folder_with_private_side_files(tmp_path: Path) -> None:
    path = tmp_path / "data" / "focusdesk.sqlite3"
    with open_database(path) as opened:
        SessionLog(opened).open_session(make_session(FIXED_NOW, 25))
        sidecars = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
        assert all(p.exists() for p in sidecars)
        assert {p.name: _mode(p) for p in [path, *sidecars]} == {
            p.name: 0o600 for p in [path, *sidecars]
        }
    assert _mode(path.parent) == 0o700


def test_a_migration_backup_is_private(tmp_path: Path) -> None:
    path = tmp_path / "focusdesk.sqlite3"
    _write_v1_log(path)
    with open_database(path, clock=lambda: FIXED_NOW) as opened:
        assert opened.migration_backup is not None
        assert _mode(opened.migration_backup) == 0o600
        assert _mode(opened.migration_backup.parent) == 0o700


def test_files_left_readable_by_an_earlier_version_are_tightened_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "backups").mkdir(parents=True)
    loose = [
        data / "focusdesk.sqlite3",
        data / "focusdesk.sqlite3-wal",
        data / "focusdesk.log",
        data / "backups" / "focusdesk-20261120T120000Z-before-v2.sqlite3",
    ]
    for file in loose:
        file.write_bytes(b"x")
        file.chmod(0o644)
    data.chmod(0o755)
    (data / "backups").chmod(0o755)
    (data / "patterns").mkdir()
    (data / "patterns" / "mine.toml").write_text("[days.mon]\n")

    fixed = make_private(data)

    assert set(fixed) == {data, data / "backups", *loose}
    assert _mode(data) == 0o700 and _mode(data / "backups") == 0o700
    assert all(_mode(file) == 0o600 for file in loose)
    # The user's own pattern files are theirs to share; only the log's files are tightened.
    assert _mode(data / "patterns" / "mine.toml") == 0o644
    assert make_private(data) == []


def test_a_symlinked_file_is_not_followed_when_tightening(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    elsewhere = tmp_path / "shared.txt"
    elsewhere.write_text("not ours to change")
    elsewhere.chmod(0o644)
    (data / "focusdesk.log").symlink_to(elsewhere)
    make_private(data)
    assert _mode(elsewhere) == 0o644


def test_the_command_line_sets_a_private_umask_before_doing_anything(tmp_path: Path) -> None:
    script = (
        "import os, sys\n"
        "os.umask(0o022)\n"
        "from focusdesk.cli import main\n"
        "main(['--data-dir', sys.argv[1], 'status'])\n"
        "print(oct(os.umask(0)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "0o77"
