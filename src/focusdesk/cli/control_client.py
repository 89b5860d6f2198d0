"""The command line's end of the local control socket.

QtNetwork's QLocalSocket (not QtWidgets, no QApplication) so the same code
speaks Unix sockets and Windows named pipes; blocking calls with deadlines.
"""

from __future__ import annotations

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
    from PySide6.QtNetwork import QLocalSocket

    connection = _connect(socket_name, instance_lock)
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


def _connect(socket_name: str, instance_lock: Path | None) -> QLocalSocket:
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
        if instance_lock is None or not holder_alive(instance_lock):
            raise CliError(_(NOT_RUNNING), EXIT_NOT_RUNNING)
        if time.monotonic() >= deadline:
            raise CliError(
                _(
                    "FocusDesk holds {lock} but did not open its control socket within {seconds} s"
                ).format(lock=instance_lock, seconds=f"{STARTING_WAIT_SECONDS:g}")
            )
        time.sleep(0.05)
