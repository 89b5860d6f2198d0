"""The running app's end of the local control socket (the lock is in `instance_lock`).

Only the user can reach the socket: it lives in the user's private runtime
folder (0700), the socket file is made 0600, and on Linux every connection's
peer uid (`SO_PEERCRED`) must be ours. One request per connection; a client
that sends garbage, too much, or nothing gets an error reply or is dropped
after a timeout — never an exception in the app.

On Linux and macOS this is a Unix socket from Python's `socket` module,
watched by QSocketNotifiers on the Qt event loop: nothing is read or polled
at rest. QtNetwork's QLocalServer did the same and cost ≈ 2.9 MB of resident
memory all day (libQt6Network, its binding, and the Kerberos/GSSAPI libraries
it links; docs/PERFORMANCE.md). Windows needs named pipes:
`control_listener.new_control_server` gives `control_server_qt.QtControlServer`
there, imported only there.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import stat
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from focusdesk.core.control_protocol import (
    MAX_MESSAGE_BYTES,
    ProtocolError,
    Request,
    encode_reply,
    error_reply,
    parse_request,
)
from focusdesk.shell.desktop.instance_lock import (
    ControlError,
    ensure_private_dir,
    is_other_user,
    peer_uid,
)

log = logging.getLogger(__name__)

#: A client has this long to send its one request line (and to take its answer).
REQUEST_TIMEOUT_MS = 5000
#: At most this much of a client's unread input is drained before hanging up on it
#: (a Unix socket closed with unread input resets the client's read of the answer).
_DRAIN_LIMIT = 1 << 20
_CHUNK = 65536

Dispatch = Callable[[Request], dict[str, Any]]


def answer_line(line: bytes, dispatch: Dispatch) -> bytes:
    """The reply to one request line: the app's answer, or an error reply — never an exception."""
    try:
        request = parse_request(line)
    except ProtocolError as error:
        return error_reply(str(error))
    except Exception:  # a decoding case nobody foresaw: still an answer, never a traceback
        log.exception("control request could not be read")
        return error_reply("request could not be read")
    try:
        result = dispatch(request)
    except Exception:  # the app must survive any one bad request
        log.exception("control request %r failed", request.action)
        return error_reply(f"'{request.action}' failed inside FocusDesk; see its log")
    return encode_reply(result)


class ControlServer(QObject):
    """Listens on a Unix socket and answers each request with `dispatch`."""

    def __init__(self, name: str, dispatch: Dispatch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._dispatch = dispatch
        self._listener: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        # Each conversation is held here until it is done (nothing else keeps it).
        self._conversations: set[_Conversation] = set()

    @property
    def name(self) -> str:
        return self._name

    def listen(self) -> None:
        """Start listening. The caller holds the InstanceLock, so a leftover socket is stale.

        The socket's folder is created 0700 and checked (ours, private, not a
        symlink) first; ControlError says why it cannot be used.
        """
        path = Path(self._name)
        try:
            ensure_private_dir(path.parent)
        except OSError as error:
            raise ControlError(
                f"cannot create the folder of the control socket {self._name}: "
                f"{error.strerror or error}"
            ) from error
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # not inherited by children
        try:
            with contextlib.suppress(FileNotFoundError):
                if stat.S_ISSOCK(path.lstat().st_mode):
                    path.unlink()  # a crashed FocusDesk's socket: nobody listens there
            listener.bind(self._name)
            # The folder is already 0700; the file follows it (QLocalServer's UserAccessOption).
            path.chmod(0o600)
            listener.listen(8)
            listener.setblocking(False)
        except OSError as error:
            listener.close()
            raise ControlError(
                f"cannot listen on the control socket {self._name}: {error.strerror or error}"
            ) from error
        self._listener = listener
        self._notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._accept)

    def close(self) -> None:
        """Stop listening, remove the socket file, and hang up on clients still talking."""
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
            with contextlib.suppress(OSError):
                Path(self._name).unlink()
        for conversation in list(self._conversations):
            conversation.abort()

    def _accept(self) -> None:
        while self._listener is not None:
            try:
                connection, _address = self._listener.accept()
            except BlockingIOError:
                return
            except OSError as error:  # out of file descriptors: try again in a second
                log.warning("could not accept a control connection: %s", error)
                self._pause_accepting()
                return
            connection.setblocking(False)
            uid = peer_uid(connection.fileno())
            if is_other_user(uid):
                log.warning("refused a control connection from uid %s", uid)
                _Conversation(connection, self._answer, self._conversations).respond(
                    error_reply("permission denied")
                )
                continue
            _Conversation(connection, self._answer, self._conversations).read()

    def _pause_accepting(self) -> None:
        notifier = self._notifier
        if notifier is None:
            return
        notifier.setEnabled(False)
        QTimer.singleShot(1000, self, lambda: notifier.setEnabled(self._notifier is notifier))

    def _answer(self, line: bytes) -> bytes:
        return answer_line(line, self._dispatch)


class _Conversation:
    """One connection: read one line (bounded, with a deadline), answer, hang up.

    Its notifiers and timer belong to it (no Qt parent) and are let go one
    event-loop turn after it is done: a QSocketNotifier deleted from inside
    its own `activated` would be gone while Qt still delivers that signal.
    """

    def __init__(
        self,
        connection: socket.socket,
        answer: Callable[[bytes], bytes],
        registry: set[_Conversation],
    ) -> None:
        self._connection = connection
        self._answer: Callable[[bytes], bytes] | None = answer
        self._registry = registry
        self._buffer = b""
        self._pending = b""  # the answer, as far as it is not written yet
        self._answered = False
        self._done = False
        registry.add(self)
        self._reader = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read)
        self._reader.activated.connect(self.read)
        self._writer: QSocketNotifier | None = None
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timed_out)
        self._timer.start(REQUEST_TIMEOUT_MS)

    def read(self) -> None:
        """Take what the client sent; answer once a line is complete or too long."""
        if self._done or self._answered:
            return
        while True:
            try:
                chunk = self._connection.recv(_CHUNK)
            except BlockingIOError:
                return
            except OSError:
                self._finish()
                return
            if not chunk:  # the client hung up before a whole line: nobody to answer
                self._finish()
                return
            self._buffer += chunk
            if b"\n" in self._buffer:
                line = self._buffer.split(b"\n", 1)[0]
                self._buffer = b""
                answer = self._answer
                self.respond(answer(line) if answer is not None else error_reply("closing"))
                return
            if len(self._buffer) > MAX_MESSAGE_BYTES:
                self._buffer = b""
                self.respond(error_reply(f"request too long (over {MAX_MESSAGE_BYTES} bytes)"))
                return

    def respond(self, payload: bytes) -> None:
        """Send `payload` (as the socket takes it), then hang up."""
        if self._done:
            return
        self._answered = True
        self._reader.setEnabled(False)
        self._pending = payload
        self._timer.start(REQUEST_TIMEOUT_MS)  # a client that never reads is dropped too
        self._write()

    def _write(self) -> None:
        if self._done:
            return
        try:
            while self._pending:
                sent = self._connection.send(self._pending)
                self._pending = self._pending[sent:]
        except BlockingIOError:
            if self._writer is None:
                self._writer = QSocketNotifier(
                    self._connection.fileno(), QSocketNotifier.Type.Write
                )
                self._writer.activated.connect(self._write)
            return
        except OSError:  # the client is gone
            pass
        self._finish()

    def _timed_out(self) -> None:
        if self._answered:
            self.abort()  # it does not take its answer
        else:
            self.respond(error_reply("no request received in time"))

    def abort(self) -> None:
        """Hang up now, without (the rest of) an answer."""
        self._finish()

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        self._answer = None  # the server can go while this waits to be let go
        self._timer.stop()
        notifiers = [self._reader] + ([self._writer] if self._writer is not None else [])
        for notifier in notifiers:
            notifier.setEnabled(False)
        with contextlib.suppress(OSError):
            self._connection.shutdown(socket.SHUT_WR)
        self._drain()
        self._connection.close()
        # Let go of the notifiers and the timer on the next turn, not inside their signal.
        QTimer.singleShot(0, partial(_let_go, self._registry, self, notifiers, self._timer))

    def _drain(self) -> None:
        """Read what the client sent past its line, so that closing does not reset its read."""
        left = _DRAIN_LIMIT
        with contextlib.suppress(OSError):
            while left > 0 and (chunk := self._connection.recv(_CHUNK)):
                left -= len(chunk)


def _let_go(registry: set[_Conversation], conversation: _Conversation, *_held: object) -> None:
    registry.discard(conversation)
