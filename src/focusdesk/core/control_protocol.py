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
import re
from dataclasses import dataclass
from typing import Any

from focusdesk.core.text import clean_text

#: A request line longer than this is refused (nobody needs more to say "start").
MAX_MESSAGE_BYTES = 16 * 1024
#: Requests are flat objects; anything nested deeper is refused before it is parsed.
MAX_DEPTH = 8
#: Replies carry the status (a few levels); a deeper one is unreadable, not a crash.
MAX_REPLY_DEPTH = 32
MAX_LABEL_CHARS = 80
MAX_REASON_CHARS = 500
MIN_MINUTES = 0.01
MAX_MINUTES = 480.0

#: action → the fields it may carry (all optional).
ACTIONS: dict[str, frozenset[str]] = {
    #: ask_on_screen: in protected time, ask the user in the app rather than refuse
    #: (the launcher's action has no terminal to answer in).
    "start": frozenset({"minutes", "label", "confirm_breach", "ask_on_screen"}),
    "stop": frozenset({"reason"}),
    "pause": frozenset(),
    "resume": frozenset(),
    "extend": frozenset({"minutes"}),
    "status": frozenset(),
    "show": frozenset(),
    #: Read the settings file again (after `focusdesk patterns use`).
    "reload": frozenset(),
    #: Show one of the app's windows (`focusdesk open WINDOW`, the launcher's actions).
    "open": frozenset({"window"}),
    #: Today's plan as it will run, calendar meetings included (`focusdesk today`).
    "today": frozenset(),
    #: "I'm on" / "I'm off": overrides the planned boundary until the next planned block.
    "boundary": frozenset({"state"}),
}
#: The windows `open` can show.
OPEN_WINDOWS = ("review", "settings", "ritual")
BOUNDARY_STATES = ("on", "off")


class ProtocolError(ValueError):
    """A request that cannot be acted on; its message is the reply's `error`."""


@dataclass(frozen=True, slots=True)
class Request:
    action: str
    minutes: float | None = None
    label: str | None = None
    confirm_breach: bool = False
    reason: str = ""
    window: str = ""
    ask_on_screen: bool = False
    #: With "boundary": "on" or "off".
    state: str | None = None

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
        if self.window:
            body["window"] = self.window
        if self.ask_on_screen:
            body["ask_on_screen"] = True
        if self.state is not None:
            body["state"] = self.state
        # ASCII escapes: a lone surrogate in a label cannot break the line.
        return json.dumps(body).encode() + b"\n"


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?')
_BRACKETS = re.compile(r"[\[\]{}]")


def nesting_depth(text: str) -> int:
    """How deeply the JSON in `text` nests (brackets inside strings do not count)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _load(text: str, max_depth: int) -> Any:
    """`json.loads` that refuses deep nesting up front (the decoder recurses per level)."""
    if nesting_depth(text) > max_depth:
        raise ValueError(f"nested deeper than {max_depth} levels")
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def parse_request(line: bytes) -> Request:
    """Validate one request line. Raises ProtocolError with a one-line reason.

    Bytes that are not UTF-8 and lone surrogates in text become U+FFFD: a
    label is never the reason a block goes unlogged.
    """
    if len(line) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"request too long (over {MAX_MESSAGE_BYTES} bytes)")
    text = line.decode("utf-8", "replace")
    if nesting_depth(text) > MAX_DEPTH:
        raise ProtocolError(f"request nests deeper than {MAX_DEPTH} levels")
    try:
        body = _load(text, MAX_DEPTH)
    except ValueError:
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
        label = clean_text(label).strip()
    confirm = body.get("confirm_breach", False)
    if not isinstance(confirm, bool):
        raise ProtocolError("confirm_breach must be true or false")
    reason = body.get("reason", "")
    if not isinstance(reason, str) or len(reason) > MAX_REASON_CHARS:
        raise ProtocolError(f"reason must be text of at most {MAX_REASON_CHARS} characters")
    window = body.get("window", "")
    if action == "open" and window not in OPEN_WINDOWS:
        raise ProtocolError(f"window must be one of: {', '.join(OPEN_WINDOWS)}")
    ask = body.get("ask_on_screen", False)
    if not isinstance(ask, bool):
        raise ProtocolError("ask_on_screen must be true or false")
    state = body.get("state")
    if action == "boundary" and state not in BOUNDARY_STATES:
        raise ProtocolError('\'boundary\' needs state "on" or "off"')
    return Request(action, minutes, label, confirm, clean_text(reason).strip(), window, ask, state)


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
        body = _load(line.decode("utf-8"), MAX_REPLY_DEPTH)
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError("the running FocusDesk sent an unreadable reply") from None
    if not isinstance(body, dict) or not isinstance(body.get("ok"), bool):
        raise ProtocolError("the running FocusDesk sent an unreadable reply")
    return body
