"""Odd places for the log (issue 16): a read-only folder, a foreign file, a folder in its place."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from log_records import FIXED_NOW, at, make_session

from focusdesk.store.database import open_database, open_log_read_only
from focusdesk.store.errors import StorageError
from focusdesk.store.session_log import SessionLog

RUNNING_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a closed log, that this process cannot write to."""
    folder = tmp_path / "data"
    with open_database(folder / "focusdesk.sqlite3") as opened:
        SessionLog(opened).close_session(make_session(at(9), 25, ended_minutes=25))
    if not RUNNING_AS_ROOT:
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    # Root writes through any mode: a read-only bind mount is what stops it.
    view = tmp_path / "view"
    view.mkdir()
    done = subprocess.run(["mount", "--bind", str(folder), str(view)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {done.stderr.decode().strip()}")
    subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
    try:
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


def test_an_up_to_date_log_in_a_read_only_folder_opens_for_reading(read_only_folder: Path) -> None:
    path = read_only_folder / "focusdesk.sqlite3"
    with pytest.raises(StorageError):
        open_database(path)  # what `week` used, and refused
    opened = open_log_read_only(path)
    assert opened is not None
    try:
        assert len(SessionLog(opened).sessions_for_days(at(0).date(), at(0).date())) == 1
    finally:
        opened.close()
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["focusdesk.sqlite3"]


def test_a_folder_where_the_log_should_be_gets_its_own_message(tmp_path: Path) -> None:
    path = tmp_path / "focusdesk.sqlite3"
    path.mkdir()
    for opener in (open_database, open_log_read_only):
        with pytest.raises(StorageError) as caught:
            opener(path)
        message = str(caught.value)
        assert "is a folder" in message and str(path) in message
        assert "disk failed" not in message
    assert path.is_dir()


def test_a_foreign_sessions_table_is_backed_up_once_however_often_it_is_opened(
    tmp_path: Path,
) -> None:
    path = tmp_path / "focusdesk.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, what TEXT)")
    conn.execute("INSERT INTO sessions (what) VALUES ('someone else''s data')")
    conn.commit()
    conn.close()
    for _ in range(3):
        with pytest.raises(StorageError):
            open_database(path, clock=lambda: FIXED_NOW).close()
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1


def test_week_and_export_read_a_log_in_a_read_only_folder(
    read_only_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from focusdesk.cli import main

    folder = str(read_only_folder)
    week = main(["--data-dir", folder, "week", "--week", "2026-W47", "--format", "json"])
    assert week == 0, capsys.readouterr().err
    assert '"writing"' in capsys.readouterr().out
    assert main(["--data-dir", folder, "export", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "writing" in out and out.count("\n") == 2
