"""The real app under adversity (issue 16): one app per real folder, a locked log, a full disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_tray_e2e import rows, use_pattern
from virtual_desktop import poll_until

pytestmark = pytest.mark.e2e

OPEN_WEEK = "[days.mon-sun]\n"


@pytest.fixture(autouse=True)
def same_source(e2e_env: dict[str, str]) -> None:
    """Run the processes from the source under test when a PYTHONPATH points at it."""
    if os.environ.get("PYTHONPATH"):
        e2e_env["PYTHONPATH"] = os.environ["PYTHONPATH"]


def status(focusdesk_cli) -> dict:
    result = focusdesk_cli("status", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_second_spelling_of_the_data_folder_starts_no_second_app_and_recovers_nothing(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli, tmp_path: Path
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-open", OPEN_WEEK)
    first = launch_app("run")
    tray_icon_window(first)
    assert focusdesk_cli("start", "--minutes", "20", "--label", "mine").returncode == 0

    # The same folder through a symlink, with another runtime folder: before,
    # a second app started, and its recovery closed the first one's block.
    (tmp_path / "alias").symlink_to(data)
    other_runtime = tmp_path / "other-run"
    other_runtime.mkdir(mode=0o700)
    e2e_env["FOCUSDESK_DATA_DIR"] = str(tmp_path / "alias")
    e2e_env["XDG_RUNTIME_DIR"] = str(other_runtime)
    second = launch_app("run")
    poll_until(lambda: second.popen.poll() is not None, 40, "the second launch to exit")
    assert second.popen.returncode != 0
    assert "another FocusDesk holds" in second.stderr()
    first.assert_running()
    database = data / "focusdesk.sqlite3"
    assert [(r["label"], r["outcome"]) for r in rows(database, "SELECT * FROM sessions")] == [
        ("mine", "running")
    ]


HOLD_LOCK = (
    "import sqlite3, sys\n"
    "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "conn.execute('BEGIN IMMEDIATE')\n"
    "print('held', flush=True)\n"
    "sys.stdin.readline()\n"
    "conn.execute('ROLLBACK')\n"
)


def _migrated(database: Path) -> bool:
    return bool(rows(database, "SELECT name FROM sqlite_master WHERE name = 'sessions'"))


def _focus_rows(database: Path) -> list[tuple[str, str]]:
    found = rows(database, "SELECT label, outcome FROM sessions WHERE kind = 'focus'")
    return [(r["label"], r["outcome"]) for r in found]


def test_a_block_that_ends_while_another_program_holds_the_log_is_in_it_once_freed(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli, notifications
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    database = data / "focusdesk.sqlite3"
    use_pattern(data, "e2e-open", OPEN_WEEK)
    app = launch_app("run")
    tray_icon_window(app)
    poll_until(lambda: _migrated(database) or None, 20, "the log to be created")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = focusdesk_cli("start", "--minutes", "0.05", "--label", "locked-out")
        assert started.returncode == 0, started.stderr  # kept in the journal: done
        notifications.wait_for(lambda n: n["summary"] == "Focus block done", timeout=20)
        warned = notifications.wait_for(
            lambda n: n["summary"] == "FocusDesk cannot write its log", timeout=20
        )
        assert "locked" in warned["body"]
        assert _focus_rows(database) == []
        assert (data / "focusdesk.pending").exists()
        app.assert_running()
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
        if holder.stdout is not None:
            holder.stdout.close()
    poll_until(
        lambda: _focus_rows(database) == [("locked-out", "completed")] or None,
        40,
        "the finished block to reach the log once it is free",
    )
    poll_until(lambda: not (data / "focusdesk.pending").exists() or None, 10, "the journal to go")
    app.assert_running()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (root only; CI runs as root), unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs for the full disk needs root")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb") as stream:
        try:
            while True:
                stream.write(b"\0" * 65536)
                stream.flush()
        except OSError:
            pass
    return filler


def test_a_block_started_on_a_full_disk_is_in_the_log_once_space_is_freed(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli, notifications, small_disk: Path
) -> None:
    data = small_disk / "data"
    e2e_env["FOCUSDESK_DATA_DIR"] = str(data)
    database = data / "focusdesk.sqlite3"
    use_pattern(data, "e2e-open", OPEN_WEEK)
    app = launch_app("run")
    tray_icon_window(app)
    poll_until(lambda: _migrated(database) or None, 20, "the log to be created")
    filler = _fill(small_disk)
    started = focusdesk_cli("start", "--minutes", "0.05", "--label", "no-room")
    if started.returncode != 0:  # kept nowhere but in the app: it must say so, in one line
        assert started.returncode == 1 and "not saved yet" in started.stderr
        assert started.stderr.count("\n") == 1
    notifications.wait_for(lambda n: n["summary"] == "Focus block done", timeout=20)
    notifications.wait_for(lambda n: n["summary"] == "FocusDesk cannot write its log", timeout=20)
    assert _focus_rows(database) == []
    filler.unlink()
    poll_until(
        lambda: _focus_rows(database) == [("no-room", "completed")] or None,
        40,
        "the finished block to reach the log once there is room",
    )
    app.assert_running()
