"""No one else gets in: the socket's folder, the listener's owner, one app per real folder (issue 16)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from focusdesk.cli.control_client import send_request
from focusdesk.cli.errors import CliError
from focusdesk.core.control_protocol import Request
from focusdesk.paths import DataPaths
from focusdesk.shell.desktop.instance_lock import ControlError, InstanceLock, ensure_private_dir

RUNNING_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def long_runtime_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    runtime = tmp_path / ("r" * 70)
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    return runtime


def test_a_long_runtime_path_falls_back_to_a_private_folder_never_a_bare_name(
    tmp_path: Path, long_runtime_dir: Path
) -> None:
    paths = DataPaths(tmp_path / "data")
    name = paths.control_socket
    assert Path(name).is_absolute() and len(name.encode()) < 100
    folder = Path(name).parent
    assert folder == Path(tempfile.gettempdir()) / f"focusdesk-{os.getuid()}"


def test_a_symlink_in_place_of_the_socket_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    link = tmp_path / "run"
    link.symlink_to(target)
    with pytest.raises(ControlError, match="symbolic link"):
        ensure_private_dir(link)


def test_a_file_in_place_of_the_socket_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "run").write_text("")
    with pytest.raises(ControlError, match="not a folder"):
        ensure_private_dir(tmp_path / "run")


@pytest.mark.skipif(not RUNNING_AS_ROOT, reason="needs root to hand a folder to another user")
def test_a_socket_folder_owned_by_another_user_is_refused(
    tmp_path: Path, other_user: tuple[int, int]
) -> None:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    os.chown(folder, *other_user)
    with pytest.raises(ControlError, match="belongs to another user"):
        ensure_private_dir(folder)


@pytest.fixture
def other_user() -> Iterator[tuple[int, int]]:
    """A second local user, created for the test (root only; CI runs as root)."""
    if not RUNNING_AS_ROOT:
        pytest.skip("needs root to create a second local user")
    if shutil.which("useradd") is None:
        pytest.skip("useradd is not installed")
    name = f"fdtest{os.getpid() % 100000}"
    subprocess.run(["useradd", "--no-create-home", "--shell", "/bin/false", name], check=True)
    try:
        import pwd

        entry = pwd.getpwnam(name)
        yield entry.pw_uid, entry.pw_gid
    finally:
        subprocess.run(["userdel", name], check=False)


LISTENER = textwrap.dedent(
    """
    import socket, sys
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(sys.argv[1])
    server.listen(1)
    print("ready", flush=True)
    connection, _ = server.accept()
    connection.settimeout(2)
    try:
        data = connection.recv(4096)
    except OSError:
        data = b""
    if not data:
        connection.sendall(b'{"ok": true, "status": {"state": "off"}}\\n')
    print("got:" + data.decode(errors="replace"), flush=True)
    """
)


def test_the_client_refuses_a_listener_run_by_another_user_and_sends_it_nothing(
    tmp_path: Path, other_user: tuple[int, int]
) -> None:
    uid, gid = other_user
    # A folder both users can write, as /tmp is; the other user binds first.
    shared = Path(tempfile.mkdtemp(prefix="fd-shared-", dir="/tmp"))
    shared.chmod(0o1777)
    name = str(shared / "control.sock")
    python = "/usr/bin/python3"  # the other user cannot reach a python under /root
    if not Path(python).exists():
        pytest.skip("no system python3 for the other user to run")
    attacker = subprocess.Popen(
        [python, "-c", LISTENER, name],
        user=uid,
        group=gid,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert attacker.stdout is not None
        assert attacker.stdout.readline().strip() == "ready"
        with pytest.raises(CliError, match="another user") as caught:
            send_request(name, Request("start", label="private-label"))
        assert caught.value.exit_code != 0
        out, _ = attacker.communicate(timeout=20)
        assert "private-label" not in out
    finally:
        if attacker.poll() is None:
            attacker.kill()
            attacker.wait()
        if attacker.stdout is not None:
            attacker.stdout.close()
        shutil.rmtree(shared, ignore_errors=True)


def test_every_spelling_of_a_data_folder_gets_the_same_lock_and_socket(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "data"
    real.mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "link").symlink_to(real)
    spellings = [str(real), str(tmp_path / "link"), str(tmp_path / "sub" / ".." / "data")]
    resolved = [DataPaths.resolve(s) for s in spellings]
    assert len({p.instance_lock for p in resolved}) == 1
    assert len({p.control_socket for p in resolved}) == 1
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    other_runtime = DataPaths.resolve(spellings[1])
    # Another runtime folder moves the socket, never the lock: it lives with the data.
    assert other_runtime.instance_lock == resolved[0].instance_lock
    assert other_runtime.instance_lock.parent == real.resolve()


def test_two_launches_by_different_spellings_cannot_both_hold_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "data"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    first = InstanceLock(DataPaths.resolve(str(real)).instance_lock)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    second = InstanceLock(DataPaths.resolve(str(tmp_path / "link")).instance_lock)
    assert first.acquire()
    try:
        assert not second.acquire()
    finally:
        first.release()


def test_the_client_talks_to_a_listener_of_its_own_user(tmp_path: Path) -> None:
    name = str(tmp_path / "control.sock")
    listener = subprocess.Popen(
        [
            sys.executable,
            "-c",
            LISTENER.replace("if not data:", "if True:"),
            name,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert listener.stdout is not None
        assert listener.stdout.readline().strip() == "ready"
        started = time.monotonic()
        assert send_request(name, Request("status"))["ok"] is True
        assert time.monotonic() - started < 10
    finally:
        listener.kill()
        listener.wait()
        if listener.stdout is not None:
            listener.stdout.close()
