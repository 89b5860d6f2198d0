"""The control socket through QtNetwork's QLocalServer: Windows (named pipes).

Linux and macOS use `control_server.ControlServer` (Python's `socket` with a
QSocketNotifier): QtNetwork and the Kerberos libraries it links cost ≈ 2.9 MB
of resident memory all day (docs/PERFORMANCE.md). This one is imported only
where it is used; the tests run it on Linux too, against the same requests.
Same protocol, same answers: `control_server.answer_line`.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from focusdesk.core.control_protocol import MAX_MESSAGE_BYTES, error_reply
from focusdesk.shell.desktop import control_server
from focusdesk.shell.desktop.control_server import Dispatch, answer_line
from focusdesk.shell.desktop.instance_lock import (
    ControlError,
    ensure_private_dir,
    is_other_user,
    peer_uid,
)

log = logging.getLogger(__name__)


class QtControlServer(QObject):
    """Listens on the local socket and answers each request with `dispatch`."""

    def __init__(self, name: str, dispatch: Dispatch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._dispatch = dispatch
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.setMaxPendingConnections(8)
        self._server.newConnection.connect(self._accept)
        # Python must hold each conversation: Qt's parent alone does not keep
        # the wrapper (and its connected slots) alive.
        self._conversations: set[_Conversation] = set()

    @property
    def name(self) -> str:
        return self._name

    def listen(self) -> None:
        """Start listening. The caller holds the InstanceLock, so a leftover socket is stale.

        The socket's folder is created 0700 and checked (ours, private, not a
        symlink) first; ControlError says why it cannot be used.
        """
        if sys.platform != "win32":
            try:
                ensure_private_dir(Path(self._name).parent)
            except OSError as error:
                raise ControlError(
                    f"cannot create the folder of the control socket {self._name}: "
                    f"{error.strerror or error}"
                ) from error
        if self._server.listen(self._name):
            return
        QLocalServer.removeServer(self._name)
        if not self._server.listen(self._name):
            raise ControlError(
                f"cannot listen on the control socket {self._name}: {self._server.errorString()}"
            )

    def close(self) -> None:
        """Stop listening and hang up on clients still talking."""
        self._server.close()
        for conversation in list(self._conversations):
            conversation.abort()
        # Delete the hung-up connections now. One whose deleteLater is still
        # pending when the server is deleted directly (dropped at quit or at a
        # test's end) would get that deferred delete after it is gone: a crash in
        # the event loop ("shared QObject was deleted directly").
        for connection in self._server.findChildren(QLocalSocket):
            QCoreApplication.sendPostedEvents(connection, QEvent.Type.DeferredDelete)

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            if connection is None:
                return
            uid = peer_uid(int(connection.socketDescriptor()))
            if is_other_user(uid):
                log.warning("refused a control connection from uid %s", uid)
                self._reply(connection, error_reply("permission denied"))
                continue
            _Conversation(connection, self._answer, self._conversations)

    def _answer(self, line: bytes) -> bytes:
        return answer_line(line, self._dispatch)

    @staticmethod
    def _reply(connection: QLocalSocket, payload: bytes) -> None:
        connection.write(payload)
        connection.flush()
        connection.disconnectFromServer()
        connection.deleteLater()


class _Conversation(QObject):
    """One connection: read one line (bounded, with a deadline), answer, hang up."""

    def __init__(
        self,
        connection: QLocalSocket,
        answer: Callable[[bytes], bytes],
        registry: set[_Conversation],
    ) -> None:
        # A child of its connection, never deleteLater'd itself: it goes when the
        # connection does. A Python QObject with a pending deleteLater that is
        # deleted directly with its parent (the server, dropped at quit or at a
        # test's end) gets the deferred delete again later: a crash in the event
        # loop ("shared QObject was deleted directly").
        super().__init__(connection)
        self._registry = registry
        self._connection = connection
        self._answer = answer
        self._buffer = b""
        self._done = False
        # Python must hold it until it is done: the Qt parent alone does not keep
        # the wrapper (and its connected slots) alive.
        registry.add(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timed_out)
        self._timer.start(control_server.REQUEST_TIMEOUT_MS)
        connection.readyRead.connect(self._read)
        connection.disconnected.connect(self._finish)
        self._read()

    def _read(self) -> None:
        if self._done:
            return
        self._buffer += bytes(self._connection.readAll().data())
        if b"\n" in self._buffer:
            line = self._buffer.split(b"\n", 1)[0]
            self._respond(self._answer(line))
        elif len(self._buffer) > MAX_MESSAGE_BYTES:
            self._respond(error_reply(f"request too long (over {MAX_MESSAGE_BYTES} bytes)"))

    def _timed_out(self) -> None:
        self._respond(error_reply("no request received in time"))

    def _respond(self, payload: bytes) -> None:
        self._timer.stop()
        with contextlib.suppress(RuntimeError, TypeError):
            self._connection.readyRead.disconnect(self._read)
        QtControlServer._reply(self._connection, payload)
        self._finish()

    def _finish(self) -> None:
        if self._done:
            return  # disconnectFromServer or abort emitted `disconnected` first
        self._done = True
        self._timer.stop()
        self._registry.discard(self)
        # Deletes this conversation (its child) too; a client that hung up first
        # no longer leaves its connection behind until the server goes.
        self._connection.deleteLater()

    def abort(self) -> None:
        """The server closes: hang up now, without an answer."""
        self._timer.stop()
        with contextlib.suppress(RuntimeError, TypeError):
            self._connection.readyRead.disconnect(self._read)
        self._connection.abort()
        self._finish()
