"""`focusdesk start | stop | pause | resume | extend | status`: control the running app.

These talk to the running tray app over its local socket (exit 3 when it is
not running). The contract is SPEC §6; scripts rely on `status --json`.
"""

from __future__ import annotations

import argparse
import json
import math
from datetime import datetime
from typing import Any

from focusdesk.cli.errors import EXIT_ERROR, EXIT_OK, CliError
from focusdesk.core.control_protocol import MAX_MINUTES, MIN_MINUTES, Request
from focusdesk.paths import DataPaths


def minutes_value(text: str) -> float:
    """argparse type: a positive decimal number of minutes (0.5 is half a minute)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of minutes") from None
    if not math.isfinite(value) or not MIN_MINUTES <= value <= MAX_MINUTES:
        raise argparse.ArgumentTypeError(
            f"minutes must be between {MIN_MINUTES} and {MAX_MINUTES:g}"
        )
    return value


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    start = commands.add_parser("start", help="start a focus block in the running app")
    start.add_argument(
        "--minutes", type=minutes_value, metavar="M", help="length (a decimal is fine: 0.5)"
    )
    start.add_argument("--label", metavar="TEXT", help="what the block is for")
    start.add_argument(
        "--confirm-breach",
        action="store_true",
        help="start even in protected time (after the hard stop, on a protected day); logged as a breach",
    )
    start.set_defaults(handler=start_block)

    stop = commands.add_parser("stop", help="end the running block early")
    stop.add_argument("--reason", default="", metavar="TEXT", help="why, for the log")
    stop.set_defaults(handler=simple_action("stop"))
    commands.add_parser("pause", help="pause the running block").set_defaults(
        handler=simple_action("pause")
    )
    commands.add_parser("resume", help="resume the paused block").set_defaults(
        handler=simple_action("resume")
    )

    extend = commands.add_parser("extend", help="lengthen the running block")
    extend.add_argument("--minutes", type=minutes_value, metavar="M", required=True)
    extend.set_defaults(handler=extend_block)

    status = commands.add_parser("status", help="the current state")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=show_status)


def _send(paths: DataPaths, request: Request) -> dict[str, Any]:
    from focusdesk.cli.control_client import send_request

    reply = send_request(paths.control_socket, request)
    if not reply["ok"]:
        error = str(reply.get("error", "the running FocusDesk refused"))
        if reply.get("needs_confirmation"):
            error = (
                error.split(";")[0] + "; add --confirm-breach to start anyway (logged as a breach)"
            )
        raise CliError(error, EXIT_ERROR)
    return reply


def start_block(args: argparse.Namespace, paths: DataPaths) -> int:
    reply = _send(paths, Request("start", args.minutes, args.label, args.confirm_breach))
    print(describe(reply.get("status", {})))
    return EXIT_OK


def extend_block(args: argparse.Namespace, paths: DataPaths) -> int:
    reply = _send(paths, Request("extend", minutes=args.minutes))
    print(describe(reply.get("status", {})))
    return EXIT_OK


def simple_action(action: str) -> Any:
    def handler(args: argparse.Namespace, paths: DataPaths) -> int:
        reply = _send(paths, Request(action, reason=getattr(args, "reason", "")))
        print(describe(reply.get("status", {})))
        return EXIT_OK

    return handler


def show_status(args: argparse.Namespace, paths: DataPaths) -> int:
    reply = _send(paths, Request("status"))
    status = reply.get("status", {})
    if args.json:
        print(json.dumps(status, indent=2, ensure_ascii=False))
    else:
        print(describe(status))
    return EXIT_OK


_STATE_WORDS = {
    "off": "Off — available",
    "on": "On — working",
    "focus": "Focus",
    "buffer": "Buffer",
    "paused": "Paused",
    "alarm": "Hard stop — wrapping up",
}


def describe(status: dict[str, Any]) -> str:
    """One human line for a status dict (the `status --json` shape)."""
    state = str(status.get("state", "?"))
    parts = [_STATE_WORDS.get(state, state)]
    if status.get("label"):
        parts[0] += f": {status['label']}"
    remaining = status.get("remaining_seconds")
    if isinstance(remaining, int | float):
        minutes, seconds = divmod(int(remaining), 60)
        until = _clock(status.get("ends_at"))
        parts.append(f"{minutes}:{seconds:02d} left" + (f" (until {until})" if until else ""))
    if status.get("hard_stop"):
        parts.append(f"hard stop {_clock(status['hard_stop'])}")
    if status.get("pattern"):
        parts.append(f"pattern {status['pattern']}")
    return " · ".join(parts)


def _clock(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    try:
        return datetime.fromisoformat(value).strftime("%H:%M")
    except ValueError:
        return ""
