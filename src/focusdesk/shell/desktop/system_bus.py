"""The system bus (logind) through jeepney, its signals read on the Qt event loop.

One connection per process, opened at the first use (`system_bus()`): the
sleep watcher (`PrepareForSleep`) and the screen-lock hint (`LockedHint`)
share it. QtDBus did this before and cost ≈ 1.2 MB of resident memory all
day (its binding and the connection's own thread, docs/PERFORMANCE.md);
jeepney is pure Python and already a dependency for notifications. Nothing
is polled: a QSocketNotifier on the connection's socket wakes the app when
the bus sends something.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSocketNotifier, QTimer

_log = logging.getLogger(__name__)

CALL_TIMEOUT_SECONDS = 1.0

SignalHandler = Callable[[tuple[Any, ...]], None]


class BusUnavailable(Exception):
    """There is no system bus to talk to (or jeepney is missing); the message says why."""


class BusCallFailed(LookupError):
    """A call got an error reply (or none in time); the message names it."""


class SignalBus:
    """A jeepney connection of its own whose signals reach their handlers on the Qt event loop."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._routes: list[tuple[deque[Any], SignalHandler]] = []
        self._filters: list[Any] = []
        self._watcher = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read)
        self._watcher.activated.connect(self._pump)

    @classmethod
    def open(cls, bus: str = "SYSTEM") -> SignalBus:
        """Connect to `bus` ("SYSTEM" or "SESSION"); raise BusUnavailable when there is none."""
        try:
            from jeepney.io.blocking import open_dbus_connection
        except ImportError as error:
            raise BusUnavailable("jeepney is not installed") from error
        try:
            connection = open_dbus_connection(bus=bus)
        except (OSError, KeyError, TimeoutError, ValueError) as error:
            raise BusUnavailable(str(error) or type(error).__name__) from error
        return cls(connection)

    def subscribe(
        self, handler: SignalHandler, *, sender: str, interface: str, member: str, path: str
    ) -> None:
        """Call `handler(body)` for each `member` signal `sender` emits on `path`.

        Raises BusCallFailed when the bus refuses the subscription.
        """
        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus

        # The bus matches the well-known name to its owner; here the sender is the
        # owner's unique name, so the local filter leaves the sender out.
        local = MatchRule(type="signal", interface=interface, member=member, path=path)
        queue: deque[Any] = deque()
        self._filters.append(self._connection.filter(local, queue=queue, bufsize=64))
        self._routes.append((queue, handler))
        on_bus = MatchRule(
            type="signal", sender=sender, interface=interface, member=member, path=path
        )
        self._check(
            self._connection.send_and_get_reply(
                message_bus.AddMatch(on_bus), timeout=CALL_TIMEOUT_SECONDS
            ),
            "AddMatch",
        )

    def call(
        self,
        destination: str,
        path: str,
        interface: str,
        member: str,
        signature: str = "",
        body: tuple[Any, ...] = (),
    ) -> tuple[Any, ...]:
        """One method call, waited for (at most CALL_TIMEOUT_SECONDS); its reply's values."""
        from jeepney import DBusAddress, new_method_call

        address = DBusAddress(path, bus_name=destination, interface=interface)
        message = new_method_call(address, member, signature or None, body)
        try:
            reply = self._connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_SECONDS)
        except TimeoutError as error:
            raise BusCallFailed(f"{member}: no reply in {CALL_TIMEOUT_SECONDS:g} s") from error
        except OSError as error:
            raise BusCallFailed(f"{member}: {error}") from error
        finally:
            # Signals read while waiting for the reply sit in the queues.
            if any(queue for queue, _ in self._routes):
                QTimer.singleShot(0, self._deliver)
        return self._check(reply, member)

    def close(self) -> None:
        self._watcher.setEnabled(False)
        for handle in self._filters:
            handle.close()
        self._connection.close()

    @staticmethod
    def _check(reply: Any, member: str) -> tuple[Any, ...]:
        from jeepney import MessageType

        if reply.header.message_type is MessageType.error:
            detail = reply.body[0] if reply.body else reply.header.fields
            raise BusCallFailed(f"{member}: {detail}")
        return tuple(reply.body)

    def _pump(self) -> None:
        read_waiting(self._connection, self._watcher, "system bus", _log)
        self._deliver()

    def _deliver(self) -> None:
        for queue, handler in self._routes:
            while queue:
                message = queue.popleft()
                try:
                    handler(tuple(message.body))
                except Exception:
                    _log.exception("a system bus signal's handler failed")


def read_waiting(connection: Any, watcher: Any, bus: str, log: logging.Logger) -> None:
    """Read every message waiting on a jeepney connection (its match rules queue the
    signals, its replies go to their callers) without blocking. A connection that is
    gone is said once, in `log`, and its socket `watcher` (a QSocketNotifier) let go."""
    try:
        while True:
            connection.recv_messages(timeout=0)
    except TimeoutError:
        pass  # nothing more waiting
    except (OSError, ValueError) as error:
        log.warning("%s connection lost: %s", bus, error)
        watcher.setEnabled(False)


def unwrap(value: Any) -> Any:
    """A D-Bus variant's value: jeepney gives a variant as (signature, value)."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        return value[1]
    return value


_opened: dict[str, SignalBus | BusUnavailable] = {}


def system_bus() -> SignalBus:
    """This process's system-bus connection (opened once); BusUnavailable when there is none."""
    known = _opened.get("SYSTEM")
    if known is None:
        try:
            known = SignalBus.open("SYSTEM")
        except BusUnavailable as error:
            known = error
        _opened["SYSTEM"] = known
    if isinstance(known, BusUnavailable):
        raise known
    return known
