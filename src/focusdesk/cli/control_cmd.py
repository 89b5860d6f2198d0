"""`focusdesk start | stop | pause | resume | extend | boundary | status`: control the running app.

These talk to the running tray app over its local socket (exit 3 when it is
not running). The contract is SPEC §6; scripts rely on `status --json`.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from focusdesk.cli.errors import EXIT_ERROR, EXIT_OK, CliError
from focusdesk.core.control_protocol import Request
from focusdesk.core.i18n import N_, _
from focusdesk.paths import DataPaths


def _send(paths: DataPaths, request: Request) -> dict[str, Any]:
    from focusdesk.cli.control_client import send_request

    reply = send_request(paths.control_socket, request, instance_lock=paths.instance_lock)
    if not reply["ok"]:
        error = str(reply.get("error") or _("the running FocusDesk refused"))
        if reply.get("needs_confirmation"):
            error = error.split(";")[0] + _(
                "; add --confirm-breach to start anyway (logged as a breach)"
            )
        raise CliError(error, EXIT_ERROR)
    if reply.get("unsaved"):
        # Done in the app but in neither the log nor its journal: not reported as done.
        print(describe(reply.get("status", {})))
        raise CliError(str(reply["unsaved"]), EXIT_ERROR)
    return reply


def start_block(args: argparse.Namespace, paths: DataPaths) -> int:
    launch = getattr(args, "launch", False)
    if launch:
        from focusdesk.cli.open_cmd import ensure_running

        ensure_running(paths)
    request = Request("start", args.minutes, args.label, args.confirm_breach, ask_on_screen=launch)
    reply = _send(paths, request)
    if reply.get("asked"):
        # From a launcher: the app asks on screen whether to start in protected time.
        print(
            _("FocusDesk asks on screen whether to start anyway: {reason}.").format(
                reason=reply["asked"]
            )
        )
        return EXIT_OK
    print(describe(reply.get("status", {})))
    return EXIT_OK


def extend_block(args: argparse.Namespace, paths: DataPaths) -> int:
    reply = _send(paths, Request("extend", minutes=args.minutes))
    print(describe(reply.get("status", {})))
    if reply.get("warning"):
        print(_("Note: {warning}.").format(warning=reply["warning"]))
    return EXIT_OK


def _simple_action(action: str, args: argparse.Namespace, paths: DataPaths) -> int:
    reply = _send(paths, Request(action, reason=getattr(args, "reason", "")))
    print(describe(reply.get("status", {})))
    return EXIT_OK


def stop_block(args: argparse.Namespace, paths: DataPaths) -> int:
    return _simple_action("stop", args, paths)


def pause_block(args: argparse.Namespace, paths: DataPaths) -> int:
    return _simple_action("pause", args, paths)


def resume_block(args: argparse.Namespace, paths: DataPaths) -> int:
    return _simple_action("resume", args, paths)


def set_boundary(args: argparse.Namespace, paths: DataPaths) -> int:
    reply = _send(paths, Request("boundary", state=args.state))
    print(describe(reply.get("status", {})))
    return EXIT_OK


def show_status(args: argparse.Namespace, paths: DataPaths) -> int:
    reply = _send(paths, Request("status"))
    status = reply.get("status", {})
    if args.json:
        print(json.dumps(status, indent=2, ensure_ascii=False))
    else:
        print(describe(status))
    return EXIT_OK


_STATE_WORDS = {
    "off": N_("Off — available"),
    "on": N_("On — working"),
    "focus": N_("Focus"),
    "buffer": N_("Buffer"),
    "paused": N_("Paused"),
    "alarm": N_("Hard stop — wrapping up"),
}


def describe(status: dict[str, Any]) -> str:
    """One human line for a status dict (the `status --json` shape)."""
    state = str(status.get("state", "?"))
    words = _(_STATE_WORDS[state]) if state in _STATE_WORDS else state
    parts = [words]
    # A planned block's label is in the catalogue when it is a built-in pattern's.
    label = _(str(status.get("label") or "")) if status.get("label") else ""
    # "Buffer: Buffer", "Hard stop — wrapping up: Hard stop": a label that only
    # repeats the state's own word says nothing.
    if label and label.casefold() not in words.casefold():
        parts[0] += f": {label}"
    remaining = status.get("remaining_seconds")
    if isinstance(remaining, int | float):
        minutes, seconds = divmod(int(remaining), 60)
        until = _clock(status.get("ends_at"))
        left = f"{minutes}:{seconds:02d}"
        parts.append(
            _("{time} left (until {until})").format(time=left, until=until)
            if until
            else _("{time} left").format(time=left)
        )
    stop = _clock(status.get("hard_stop"))
    if stop and state == "alarm":
        parts[0] = _("Hard stop {time} — wrapping up").format(time=stop)
    elif stop and status.get("day_closed"):
        parts.append(_("day closed (hard stop {time})").format(time=stop))
    elif stop:
        parts.append(_("hard stop {time}").format(time=stop))
    if status.get("big_task"):
        task = status["big_task"]
        parts.append(
            _("tomorrow: {task}").format(task=task)
            if status.get("day_closed")
            else _("one big task: {task}").format(task=task)
        )
    if status.get("pattern"):
        parts.append(_("pattern {id}").format(id=status["pattern"]))
    return " · ".join(parts)


def _clock(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    try:
        return datetime.fromisoformat(value).strftime("%H:%M")
    except ValueError:
        return ""
