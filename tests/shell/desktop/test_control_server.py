"""The control socket: the CLI's requests reach the app; garbage gets an error, never a crash."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from focusdesk.cli.control_client import send_request
from focusdesk.cli.errors import EXIT_NOT_RUNNING, CliError
from focusdesk.core.control_protocol import Request
from focusdesk.paths import DataPaths
from focusdesk.shell.desktop import control_server
from focusdesk.shell.desktop.control_server import ControlServer
from focusdesk.shell.desktop.control_server_qt import QtControlServer
from focusdesk.shell.desktop.instance_lock import InstanceLock, ensure_private_dir, holder_alive


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DataPaths]:
    # A short folder in /tmp: a Unix socket path must fit in 108 bytes, and
    # pytest's tmp_path can be longer. Removed again after the test.
    runtime = Path(f"/tmp/fd-test-{os.getpid()}-{tmp_path.name[-12:]}")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    runtime.mkdir(mode=0o700, exist_ok=True)
    try:
        yield DataPaths(tmp_path / "data")
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


class FakeApp:
    def __init__(self) -> None:
        self.requests: list[Request] = []

    def dispatch(self, request: Request) -> dict[str, Any]:
        self.requests.append(request)
        if request.action == "explode":
            raise RuntimeError("boom")
        if request.label == "crash":
            raise RuntimeError("a bug in the app")
        return {"ok": True, "status": {"state": "focus", "label": request.label or ""}}


@pytest.fixture(params=[ControlServer, QtControlServer], ids=["socket", "qtnetwork"])
def server(
    qtbot: Any, paths: DataPaths, request: pytest.FixtureRequest
) -> Iterator[tuple[ControlServer | QtControlServer, FakeApp]]:
    """The Unix-socket server (Linux, macOS), and QtNetwork's (Windows; it runs here too)."""
    ensure_private_dir(paths.runtime_dir)
    app = FakeApp()
    srv = request.param(paths.control_socket, app.dispatch)
    srv.listen()
    yield srv, app
    srv.close()


def cli_request(socket_name: str, request: Request) -> dict[str, Any]:
    """The real client in another process, as the command line runs it.

    (In-process threads will not do: PySide keeps the GIL while a QLocalSocket
    blocks, so the server could not answer until the client gave up.)
    """
    code = (
        "import json, sys; from focusdesk.cli.control_client import send_request;"
        "from focusdesk.cli.errors import CliError; from focusdesk.core.control_protocol import parse_request;"
        "r = parse_request(sys.argv[2].encode())\n"
        "try: print(json.dumps(send_request(sys.argv[1], r)))\n"
        "except CliError as e: print(json.dumps({'cli_error': str(e), 'code': e.exit_code}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, socket_name, request.to_line().decode()],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(done.stdout)


def in_thread(qtbot: Any, fn: Any, *args: Any) -> Any:
    """Run a blocking client call while the server's event loop keeps turning."""
    with ThreadPoolExecutor(1) as pool:
        future: Future[Any] = pool.submit(fn, *args)
        qtbot.waitUntil(future.done, timeout=15000)
        return future.result()


def raw_exchange(path: str, payload: bytes) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(10)
        client.connect(path)
        client.sendall(payload)
        chunks = []
        while chunk := client.recv(4096):
            chunks.append(chunk)
        return b"".join(chunks)


def test_the_socket_lives_in_a_private_folder(server: Any, paths: DataPaths) -> None:
    mode = stat.S_IMODE(paths.runtime_dir.stat().st_mode)
    assert mode == 0o700
    assert Path(paths.control_socket).parent == paths.runtime_dir


def test_a_request_reaches_the_app_and_the_reply_comes_back(
    qtbot: Any, server: Any, paths: DataPaths
) -> None:
    _, app = server
    reply = in_thread(qtbot, cli_request, paths.control_socket, Request("start", 0.5, "writing"))
    assert reply == {"ok": True, "status": {"state": "focus", "label": "writing"}}
    assert app.requests == [Request("start", 0.5, "writing")]


@pytest.mark.parametrize(
    "payload",
    [
        b"garbage\n",
        b'{"action": "rm -rf"}\n',
        b"\x00\xff\xfe\n",
        b'{"action": "start", "minutes": -5}\n',
    ],
)
def test_garbage_gets_an_error_reply_and_the_app_survives(
    qtbot: Any, server: Any, paths: DataPaths, payload: bytes
) -> None:
    _, app = server
    reply = in_thread(qtbot, raw_exchange, paths.control_socket, payload)
    assert reply.startswith(b'{"ok": false, "error": ')
    assert app.requests == []
    assert in_thread(qtbot, cli_request, paths.control_socket, Request("status"))["ok"]


def test_deep_nesting_gets_an_error_reply_at_once_and_the_app_survives(
    qtbot: Any, server: Any, paths: DataPaths
) -> None:
    reply = in_thread(qtbot, raw_exchange, paths.control_socket, b"[" * 15000 + b"\n")
    assert reply.startswith(b'{"ok": false, "error": ') and b"nests deeper" in reply
    assert in_thread(qtbot, cli_request, paths.control_socket, Request("status"))["ok"]


def test_a_lone_surrogate_in_a_label_reaches_the_app_as_a_replacement_character(
    qtbot: Any, server: Any, paths: DataPaths
) -> None:
    _, app = server
    payload = b'{"action": "start", "label": "caf\\udce9"}\n'
    reply = in_thread(qtbot, raw_exchange, paths.control_socket, payload)
    assert json.loads(reply)["ok"] is True
    assert app.requests == [Request("start", label="caf\ufffd")]


def test_an_exception_in_the_app_becomes_an_error_reply(
    qtbot: Any, server: Any, paths: DataPaths
) -> None:
    reply = in_thread(qtbot, cli_request, paths.control_socket, Request("start", label="crash"))
    assert reply["ok"] is False and "failed inside FocusDesk" in reply["error"]


def test_an_endless_line_is_cut_off(qtbot: Any, server: Any, paths: DataPaths) -> None:
    reply = in_thread(qtbot, raw_exchange, paths.control_socket, b"x" * 100_000)
    assert b"request too long" in reply


def test_a_silent_client_is_dropped(
    qtbot: Any, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(control_server, "REQUEST_TIMEOUT_MS", 200)
    ensure_private_dir(paths.runtime_dir)
    srv = ControlServer(paths.control_socket, FakeApp().dispatch)
    srv.listen()
    try:
        reply = in_thread(qtbot, raw_exchange, paths.control_socket, b"")
        assert b"no request received in time" in reply
    finally:
        srv.close()


def test_no_server_means_exit_3(paths: DataPaths) -> None:
    with pytest.raises(CliError) as caught:
        send_request(paths.control_socket, Request("status"))
    assert caught.value.exit_code == EXIT_NOT_RUNNING


def test_a_stale_socket_file_is_replaced(qtbot: Any, paths: DataPaths) -> None:
    ensure_private_dir(paths.runtime_dir)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(paths.control_socket)
    stale.close()  # a crashed app's leftover file, nobody listening
    srv = ControlServer(paths.control_socket, FakeApp().dispatch)
    srv.listen()
    try:
        assert in_thread(qtbot, cli_request, paths.control_socket, Request("status"))["ok"]
    finally:
        srv.close()


def test_only_one_instance_holds_the_lock(paths: DataPaths) -> None:
    ensure_private_dir(paths.runtime_dir)
    first, second = InstanceLock(paths.instance_lock), InstanceLock(paths.instance_lock)
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_a_folder_open_to_others_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    ensure_private_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_request_waits_for_an_app_that_holds_the_lock_but_is_still_starting(
    qtbot: Any, paths: DataPaths
) -> None:
    # The app shows its tray icon before its control socket listens: a command
    # sent in that moment must reach it, not be told "not running".
    ensure_private_dir(paths.runtime_dir)
    lock = InstanceLock(paths.instance_lock)
    assert lock.acquire()
    # The client says on stderr when it has found no socket and checked the
    # lock (it then keeps trying): only after that does the app start listening.
    code = (
        "import json, sys; from pathlib import Path; from focusdesk.cli.control_client import send_request;"
        "from focusdesk.core.control_protocol import Request\n"
        "import focusdesk.shell.desktop.instance_lock as lock\n"
        "real = lock.holder_alive\n"
        "def holder_alive(path):\n"
        "    alive = real(path); print('checked lock', alive, file=sys.stderr, flush=True); return alive\n"
        "lock.holder_alive = holder_alive\n"
        "print(json.dumps(send_request(sys.argv[1], Request('status'), instance_lock=Path(sys.argv[2]))))"
    )
    client = subprocess.Popen(
        [sys.executable, "-c", code, paths.control_socket, str(paths.instance_lock)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert client.stderr is not None
        # Blocks until the client has failed to connect once (or died: then "").
        assert client.stderr.readline() == "checked lock True\n"
        assert client.poll() is None  # the app is "starting": the client waits
        app = FakeApp()
        srv = ControlServer(paths.control_socket, app.dispatch)
        srv.listen()
        qtbot.waitUntil(lambda: client.poll() is not None, timeout=15000)
        out, _ = client.communicate()
        assert json.loads(out)["ok"] is True
        assert app.requests == [Request("status")]
        srv.close()
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
        lock.release()


def test_a_stale_lock_of_a_dead_app_means_not_running(qtbot: Any, paths: DataPaths) -> None:
    ensure_private_dir(paths.runtime_dir)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    paths.instance_lock.parent.mkdir(parents=True, exist_ok=True)
    paths.instance_lock.write_text(f"{dead.stdout.strip()}\npython3\nlocalhost\n")
    assert not holder_alive(paths.instance_lock)
    with pytest.raises(CliError) as caught:
        send_request(paths.control_socket, Request("status"), instance_lock=paths.instance_lock)
    assert caught.value.exit_code == EXIT_NOT_RUNNING
    # The same file naming a live process means "starting".
    paths.instance_lock.write_text(f"{os.getpid()}\npython3\nlocalhost\n")
    assert holder_alive(paths.instance_lock)


def test_a_server_dropped_right_after_it_hung_up_leaves_nothing_behind(
    qtbot: Any, paths: DataPaths
) -> None:
    # The app drops its server at quit (a test at its end) maybe in the same
    # turn of the event loop as it hung up on a client. An object whose
    # deleteLater was still pending then got it after it was deleted with the
    # server: "shared QObject was deleted directly", then a crash in the loop.
    ensure_private_dir(paths.runtime_dir)
    for _ in range(20):  # the freed memory is not always reused at once
        srv = ControlServer(paths.control_socket, FakeApp().dispatch)
        srv.listen()
        gone: list[bool] = []
        srv.destroyed.connect(partial(gone.append, True))
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(paths.control_socket)
            while not srv._conversations:  # no nested loop: deleteLater at this level
                QCoreApplication.processEvents()
            [conversation] = srv._conversations
            conversation._timed_out()  # its deadline: the reply, then the hang-up
            del conversation
            srv.close()
            del srv
            # The next turns of the loop, as pytest-qt's after a test and qWait do:
            # no deferred delete may reach an object that is already gone.
            QCoreApplication.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            assert gone == [True]
            client.settimeout(5)
            assert b"no request received in time" in client.recv(4096)


def test_the_socket_file_is_the_users_alone_and_goes_with_the_server(
    qtbot: Any, paths: DataPaths
) -> None:
    ensure_private_dir(paths.runtime_dir)
    srv = ControlServer(paths.control_socket, FakeApp().dispatch)
    srv.listen()
    info = Path(paths.control_socket).lstat()
    assert stat.S_ISSOCK(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600
    srv.close()
    assert not Path(paths.control_socket).exists()


def test_a_connection_from_another_uid_is_refused_before_anything_is_read(
    qtbot: Any, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SO_PEERCRED's uid is ours here; the check itself is what is tested.
    seen: list[int | None] = []

    def other(uid: int | None) -> bool:
        seen.append(uid)
        return True

    monkeypatch.setattr(control_server, "is_other_user", other)
    ensure_private_dir(paths.runtime_dir)
    app = FakeApp()
    srv = ControlServer(paths.control_socket, app.dispatch)
    srv.listen()
    try:
        reply = in_thread(qtbot, raw_exchange, paths.control_socket, b'{"action": "status"}\n')
        assert json.loads(reply) == {"ok": False, "error": "permission denied"}
        assert app.requests == []
        assert seen == [os.getuid()]
    finally:
        srv.close()


def test_an_answer_larger_than_the_socket_takes_at_once_arrives_whole(
    qtbot: Any, paths: DataPaths
) -> None:
    big = "x" * 3_000_000  # several times a Unix socket's buffer

    def dispatch(request: Request) -> dict[str, Any]:
        return {"ok": True, "text": big}

    ensure_private_dir(paths.runtime_dir)
    srv = ControlServer(paths.control_socket, dispatch)
    srv.listen()
    try:
        reply = in_thread(qtbot, raw_exchange, paths.control_socket, b'{"action": "status"}\n')
        assert json.loads(reply)["text"] == big
    finally:
        srv.close()


def test_the_app_imports_no_qtnetwork_on_linux() -> None:
    # QtNetwork (≈ 2.9 MB resident with the Kerberos libraries it links) is for Windows only.
    script = (
        "import sys; import focusdesk.app; import focusdesk.shell.desktop.control_server;"
        "print('PySide6.QtNetwork' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


def qt_cli_request(socket_name: str, request: Request) -> dict[str, Any]:
    """The Windows client (QtNetwork) in another process: it must speak to this server too."""
    code = (
        "import json, sys; from focusdesk.cli.control_client import _send_over_qt;"
        "from focusdesk.core.control_protocol import parse_request;"
        "print(json.dumps(_send_over_qt(sys.argv[1], parse_request(sys.argv[2].encode()), None)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, socket_name, request.to_line().decode()],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(done.stdout)


def test_the_qtnetwork_client_and_the_command_line_import_no_qtnetwork(
    qtbot: Any, server: Any, paths: DataPaths
) -> None:
    reply = in_thread(qtbot, qt_cli_request, paths.control_socket, Request("start", 1, "x"))
    assert reply == {"ok": True, "status": {"state": "focus", "label": "x"}}
    script = (
        "import sys; from focusdesk.cli.control_client import send_request;"
        "from focusdesk.core.control_protocol import Request;"
        "print(send_request(sys.argv[1], Request('status'))['ok'], 'PySide6.QtNetwork' in sys.modules)"
    )
    done = in_thread(
        qtbot,
        partial(subprocess.run, capture_output=True, text=True, timeout=30, check=True),
        [sys.executable, "-c", script, paths.control_socket],
    )
    assert done.stdout.split() == ["True", "False"]
