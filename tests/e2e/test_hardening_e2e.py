"""The real app under adversity (issue 16): one app per real folder, a locked log, a full disk."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_tray_e2e import rows, use_pattern
from virtual_desktop import poll_until

from focusdesk.paths import DataPaths

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
    # Unbuffered: a buffered file kept the bytes that did not fit and raised
    # ENOSPC again when closed, outside the try (it failed a landing).
    with filler.open("wb", buffering=0) as stream:
        try:
            while True:
                stream.write(b"\0" * 65536)
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


@pytest.fixture
def other_user() -> Iterator[tuple[int, int]]:
    """A second local user, created for the test (root only; CI runs as root)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to create a second local user")
    if shutil.which("useradd") is None:
        pytest.skip("useradd is not installed")
    if not Path("/usr/bin/python3").exists():
        pytest.skip("no system python3 for the other user to run")
    name = f"fde2e{os.getpid() % 100000}"
    subprocess.run(["useradd", "--no-create-home", "--shell", "/bin/false", name], check=True)
    try:
        entry = pwd.getpwnam(name)
        yield entry.pw_uid, entry.pw_gid
    finally:
        subprocess.run(["userdel", name], check=False)


SQUATTER = textwrap.dedent(
    """
    import os, socket, sys
    os.mkdir(sys.argv[1], 0o777)
    os.chmod(sys.argv[1], 0o777)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(sys.argv[2])
    os.chmod(sys.argv[2], 0o777)
    server.listen(4)
    print("ready", flush=True)
    while True:
        connection, _ = server.accept()
        connection.settimeout(3)
        try:
            data = connection.recv(4096)
            print("got:" + data.decode(errors="replace"), flush=True)
            connection.sendall(b'{"ok": true, "status": {"state": "off"}}\\n')
        except OSError:
            pass
        connection.close()
    """
)


def test_another_user_who_squats_the_socket_folder_gets_nothing(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli, tmp_path: Path, other_user
) -> None:
    uid, gid = other_user
    # A temp folder shared by both users (as /tmp is) and a runtime path too
    # long for a socket, so the socket falls back to the temp folder.
    shared = Path(tempfile.mkdtemp(prefix="fd-tmp-", dir="/tmp"))
    shared.chmod(0o1777)
    runtime = tmp_path / ("r" * 80)
    runtime.mkdir(mode=0o700)
    e2e_env["TMPDIR"] = str(shared)
    e2e_env["XDG_RUNTIME_DIR"] = str(runtime)
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-open", OPEN_WEEK)
    folder = shared / f"focusdesk-{os.getuid()}"
    name = folder / f"{DataPaths(data.resolve()).instance_key}.sock"
    squatter = subprocess.Popen(
        ["/usr/bin/python3", "-c", SQUATTER, str(folder), str(name)],
        user=uid,
        group=gid,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert squatter.stdout is not None and squatter.stdout.readline().strip() == "ready"
        app = launch_app("run")
        tray_icon_window(app)
        poll_until(
            lambda: "belongs to another user" in app.stderr() or None,
            20,
            "the app to refuse the other user's folder",
        )
        app.assert_running()
        for args in (("status",), ("start", "--label", "private-label")):
            result = focusdesk_cli(*args)
            assert result.returncode == 1, result
            assert "another user" in result.stderr and result.stderr.count("\n") == 1
            assert result.stdout == ""
    finally:
        squatter.kill()
        out, _ = squatter.communicate(timeout=10)
        shutil.rmtree(shared, ignore_errors=True)
    assert "private-label" not in out
    assert "got:{" not in out  # not a single request reached the other user


def test_a_label_that_is_not_utf8_on_the_command_line_is_logged_not_lost(
    launch_app, e2e_env, tray_icon_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-open", OPEN_WEEK)
    app = launch_app("run")
    tray_icon_window(app)

    def cli(*args: bytes) -> subprocess.CompletedProcess[bytes]:
        command = [os.fsencode(sys.executable), b"-m", b"focusdesk", *args]
        return subprocess.run(command, env=e2e_env, capture_output=True, timeout=30)

    # `focusdesk start --label $'caf\xe9'` from a Latin-1 terminal.
    started = cli(b"start", b"--minutes", b"20", b"--label", b"caf\xe9")
    assert started.returncode == 0, started.stderr
    assert cli(b"stop").returncode == 0
    database = data / "focusdesk.sqlite3"
    logged = rows(database, "SELECT label, outcome FROM sessions WHERE kind = 'focus'")
    assert [(r["label"], r["outcome"]) for r in logged] == [("caf\ufffd", "stopped")]
    assert "UnicodeEncodeError" not in app.stderr()
    # Deeply nested JSON straight onto the socket: an error reply at once, the app lives on.
    monkeypatch.setenv("XDG_RUNTIME_DIR", e2e_env["XDG_RUNTIME_DIR"])
    name = DataPaths(data.resolve()).control_socket
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as raw:
        raw.settimeout(5)
        raw.connect(name)
        raw.sendall(b"[" * 15000 + b"\n")
        reply = raw.recv(4096)
    assert reply.startswith(b'{"ok": false')
    app.assert_running()
