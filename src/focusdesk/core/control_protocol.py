"""The messages the command line sends the running app over the local socket.

One JSON object per line each way. Requests are validated here, before they
reach the app, so garbage from any program on the socket becomes an error
reply and never an exception inside the tray app::

    → {"action": "start", "minutes": 0.5, "label": "writing"}
    ← {"ok": true, "status": {...}}
    ← {"ok": false, "error": "minutes must be a number between 0.01 and 480"}
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

#: A request line longer than this is refused (nobody needs more to say "start").
MAX_MESSAGE_BYTES = 16 * 1024
MAX_LABEL_CHARS = 80
MAX_REASON_CHARS = 500
MIN_MINUTES = 0.01
MAX_MINUTES = 480.0

#: action → the fields it may carry (all optional).
ACTIONS: dict[str, frozenset[str]] = {
    "start": frozenset({"minutes", "label", "confirm_breach"}),
    "stop": frozenset({"reason"}),
    "pause": frozenset(),
    "resume": frozenset(),
    "extend": frozenset({"minutes"}),
    "status": frozenset(),
    "show": frozenset(),
    #: Read the settings file again (after `focusdesk patterns use`).
    "reload": frozenset(),
}


class ProtocolError(ValueError):
    """A request that cannot be acted on; its message is the reply's `error`."""


@dataclass(frozen=True, slots=True)
class Request:
    action: str
    minutes: float | None = None
    label: str | None = None
    confirm_breach: bool = False
    reason: str = ""

    def to_line(self) -> bytes:
        body: dict[str, Any] = {"action": self.action}
        if self.minutes is not None:
            body["minutes"] = self.minutes
        if self.label is not None:
            body["label"] = self.label
        if self.confirm_breach:
            body["confirm_breach"] = True
        if self.reason:
            body["reason"] = self.reason
        return json.dumps(body).encode() + b"\n"


def parse_request(line: bytes) -> Request:
    """Validate one request line. Raises ProtocolError with a one-line reason."""
    if len(line) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"request too long (over {MAX_MESSAGE_BYTES} bytes)")
    try:
        body = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError("request is not a JSON object on one line") from None
    if not isinstance(body, dict):
        raise ProtocolError("request is not a JSON object on one line")
    action = body.get("action")
    if not isinstance(action, str) or action not in ACTIONS:
        raise ProtocolError(f"unknown action {action!r} (expected one of: {', '.join(ACTIONS)})")
    unknown = set(body) - ACTIONS[action] - {"action"}
    if unknown:
        raise ProtocolError(f"'{action}' takes no field {', '.join(sorted(unknown))}")
    minutes = body.get("minutes")
    if minutes is not None or action == "extend":
        minutes = _minutes(minutes)
    label = body.get("label")
    if label is not None:
        if not isinstance(label, str) or len(label) > MAX_LABEL_CHARS:
            raise ProtocolError(f"label must be text of at most {MAX_LABEL_CHARS} characters")
        if any(ch in label for ch in "\n\r\x00"):
            raise ProtocolError("label must be on one line")
        label = label.strip()
    confirm = body.get("confirm_breach", False)
    if not isinstance(confirm, bool):
        raise ProtocolError("confirm_breach must be true or false")
    reason = body.get("reason", "")
    if not isinstance(reason, str) or len(reason) > MAX_REASON_CHARS:
        raise ProtocolError(f"reason must be text of at most {MAX_REASON_CHARS} characters")
    return Request(action, minutes, label, confirm, reason.strip())


def _minutes(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ProtocolError(f"minutes must be a number between {MIN_MINUTES} and {MAX_MINUTES:g}")
    if not MIN_MINUTES <= value <= MAX_MINUTES:
        raise ProtocolError(f"minutes must be a number between {MIN_MINUTES} and {MAX_MINUTES:g}")
    return float(value)


def encode_reply(body: dict[str, Any]) -> bytes:
    """A reply line; `ok` defaults to true, and a failed reply always carries `error`."""
    reply = {"ok": bool(body.get("ok", True)), **{k: v for k, v in body.items() if k != "ok"}}
    if not reply["ok"]:
        reply.setdefault("error", "failed")
    return json.dumps(reply, default=str).encode() + b"\n"


def error_reply(message: str) -> bytes:
    return encode_reply({"ok": False, "error": message})


def parse_reply(line: bytes) -> dict[str, Any]:
    """The app's reply as a dict with at least `ok`. Raises ProtocolError."""
    try:
        body = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError("the running FocusDesk sent an unreadable reply") from None
    if not isinstance(body, dict) or not isinstance(body.get("ok"), bool):
        raise ProtocolError("the running FocusDesk sent an unreadable reply")
    return body
