"""The command line's end of the local control socket.

A Unix socket from Python's `socket` module on Linux and macOS (importing
QtNetwork cost every command ≈ 6 ms and the Kerberos libraries), QtNetwork's
QLocalSocket for Windows named pipes; blocking calls with deadlines. Before a
byte is sent, the listener's uid must be ours (`SO_PEERCRED`, Linux).
"""

from __future__ import annotations

import contextlib
import socket
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from focusdesk.cli.errors import EXIT_NOT_RUNNING, CliError
from focusdesk.core.control_protocol import MAX_MESSAGE_BYTES, ProtocolError, Request, parse_reply
from focusdesk.core.i18n import N_, _

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

CONNECT_TIMEOUT_MS = 2000
REPLY_TIMEOUT_MS = 10000
#: How long to wait for the socket of an app that holds the instance lock but is
#: still starting (it shows its icon before it listens).
STARTING_WAIT_SECONDS = 10.0

NOT_RUNNING = N_("FocusDesk is not running (start it with 'focusdesk')")


def send_request(
    socket_name: str, request: Request, *, instance_lock: Path | None = None
) -> dict[str, Any]:
    """Send one request to the running app and return its reply.

    With `instance_lock`, an app that holds the lock but does not listen yet
    (it is starting) is waited for, up to `STARTING_WAIT_SECONDS`.
    Raises CliError: exit 3 when no app is listening, 1 when it does not answer well.
    """
    if sys.platform == "win32":
        return _send_over_qt(socket_name, request, instance_lock)
    connection = _connect_unix(socket_name, instance_lock)
    reply = b""
    try:
        try:
            connection.settimeout(CONNECT_TIMEOUT_MS / 1000)
            connection.sendall(request.to_line())
        except OSError as error:
            raise CliError(
                _("could not send to the running FocusDesk: {reason}").format(
                    reason=error.strerror or error
                )
            ) from None
        connection.settimeout(REPLY_TIMEOUT_MS / 1000)
        while b"\n" not in reply and len(reply) <= MAX_MESSAGE_BYTES * 64:
            try:
                chunk = connection.recv(65536)
            except TimeoutError:
                break
            except OSError:  # reset after its answer: what came is the answer
                break
            if not chunk:
                break
            reply += chunk
    finally:
        connection.close()
    if not reply:
        raise CliError(_("the running FocusDesk did not answer in time"))
    try:
        return parse_reply(reply.split(b"\n", 1)[0])
    except ProtocolError as error:
        raise CliError(str(error)) from None


def _connect_unix(socket_name: str, instance_lock: Path | None) -> socket.socket:
    from focusdesk.shell.desktop.instance_lock import holder_alive, is_other_user, peer_uid

    deadline = time.monotonic() + STARTING_WAIT_SECONDS
    while True:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(CONNECT_TIMEOUT_MS / 1000)
        try:
            connection.connect(socket_name)
        except OSError:  # no socket file, nobody listening there, or no answer
            connection.close()
        else:
            # Before a byte is sent: a label or a command is for our own FocusDesk only.
            uid = peer_uid(connection.fileno())
            if is_other_user(uid):
                with contextlib.suppress(OSError):
                    connection.close()
                raise CliError(
                    _(
                        "the control socket {socket} is held by another user (uid {uid}), "
                        "not by your FocusDesk; nothing was sent"
                    ).format(socket=socket_name, uid=uid)
                )
            return connection
        _wait_for_a_starting_app(instance_lock, deadline, holder_alive)


def _wait_for_a_starting_app(
    instance_lock: Path | None, deadline: float, holder_alive: Any
) -> None:
    """Return to try again while an app holds the lock (it is starting); else CliError."""
    if instance_lock is None or not holder_alive(instance_lock):
        raise CliError(_(NOT_RUNNING), EXIT_NOT_RUNNING)
    if time.monotonic() >= deadline:
        raise CliError(
            _(
                "FocusDesk holds {lock} but did not open its control socket within {seconds} s"
            ).format(lock=instance_lock, seconds=f"{STARTING_WAIT_SECONDS:g}")
        )
    time.sleep(0.05)


def _send_over_qt(socket_name: str, request: Request, instance_lock: Path | None) -> dict[str, Any]:
    """`send_request` over QtNetwork (Windows named pipes)."""
    from PySide6.QtNetwork import QLocalSocket

    connection = _connect_qt(socket_name, instance_lock)
    connection.write(request.to_line())
    if not connection.waitForBytesWritten(CONNECT_TIMEOUT_MS):
        raise CliError(
            _("could not send to the running FocusDesk: {reason}").format(
                reason=connection.errorString()
            )
        )
    reply = b""
    while b"\n" not in reply and len(reply) <= MAX_MESSAGE_BYTES * 64:
        arrived = connection.bytesAvailable() > 0 or connection.waitForReadyRead(REPLY_TIMEOUT_MS)
        reply += bytes(connection.readAll().data())
        if not arrived and not reply:
            # The app may write its reply and hang up at once: data then comes
            # with the disconnect, so only an empty buffer means no answer.
            raise CliError(_("the running FocusDesk did not answer in time"))
        if connection.state() == QLocalSocket.LocalSocketState.UnconnectedState:
            break
    connection.disconnectFromServer()
    try:
        return parse_reply(reply.split(b"\n", 1)[0])
    except ProtocolError as error:
        raise CliError(str(error)) from None


def _connect_qt(socket_name: str, instance_lock: Path | None) -> QLocalSocket:
    from PySide6.QtNetwork import QLocalSocket

    from focusdesk.shell.desktop.instance_lock import holder_alive, is_other_user, peer_uid

    deadline = time.monotonic() + STARTING_WAIT_SECONDS
    while True:
        connection = QLocalSocket()
        connection.connectToServer(socket_name)
        if connection.waitForConnected(CONNECT_TIMEOUT_MS):
            # Before a byte is sent: a label or a command is for our own FocusDesk only.
            uid = peer_uid(int(connection.socketDescriptor()))
            if is_other_user(uid):
                connection.abort()
                raise CliError(
                    _(
                        "the control socket {socket} is held by another user (uid {uid}), "
                        "not by your FocusDesk; nothing was sent"
                    ).format(socket=socket_name, uid=uid)
                )
            return connection
        _wait_for_a_starting_app(instance_lock, deadline, holder_alive)
