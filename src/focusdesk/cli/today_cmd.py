"""`focusdesk today [--format table|json]`: today's plan as it will run.

The pattern's blocks, the calendar meetings with the buffers after them, the
blocks a meeting cut or covered, all-day events and the hard stop. The running
app answers with the plan its engine runs (calendars as it last read them);
without a running app the settings, pattern and calendar files are read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from focusdesk.cli.errors import EXIT_NOT_RUNNING, EXIT_OK, CliError
from focusdesk.core.control_protocol import Request
from focusdesk.core.i18n import N_, _, current_language
from focusdesk.paths import DataPaths


def show_today(args: argparse.Namespace, paths: DataPaths) -> int:
    today = _from_running_app(paths)
    if today is None:
        today = plan_from_files(paths, datetime.now(UTC))
    if args.format == "json":
        print(json.dumps(today, indent=2, ensure_ascii=False))
    else:
        print(today_table(today))
    return EXIT_OK


def _from_running_app(paths: DataPaths) -> dict[str, Any] | None:
    from focusdesk.cli.control_client import send_request

    try:
        reply = send_request(
            paths.control_socket, Request("today"), instance_lock=paths.instance_lock
        )
    except CliError as error:
        if error.exit_code == EXIT_NOT_RUNNING:
            return None
        raise
    if not reply["ok"]:
        raise CliError(str(reply.get("error", _("the running FocusDesk refused"))))
    today = reply.get("today")
    if not isinstance(today, dict):
        raise CliError(_("the running FocusDesk sent no plan"))
    today["from_running_app"] = True
    return today


def plan_from_files(paths: DataPaths, now: datetime, zone: tzinfo | None = None) -> dict[str, Any]:
    """Today's plan computed here, as the app would run it (settings, pattern, calendars).

    `zone`: the local zone (default: the system's)."""
    from focusdesk.core.calendar_events import CalendarEvents
    from focusdesk.core.calendar_plan import plan_with_calendar
    from focusdesk.core.clock import system_local_zone
    from focusdesk.core.pattern_loader import PatternCatalog, PatternError
    from focusdesk.core.planner import local_instant
    from focusdesk.core.session_engine import working_day
    from focusdesk.core.settings import DEFAULT_PATTERN_ID
    from focusdesk.core.today_plan import CalendarState, today_json
    from focusdesk.resources import builtin_patterns_dir
    from focusdesk.store.calendar_reader import calendar_window, read_calendar
    from focusdesk.store.settings_store import load_settings

    settings, warnings = load_settings(paths.settings_file, paths.backups_dir)
    for warning in warnings:
        print(_("focusdesk: warning: {warning}").format(warning=warning), file=sys.stderr)
    try:
        catalog = PatternCatalog(builtin_patterns_dir(), paths.user_patterns_dir)
    except PatternError as error:
        raise CliError(error.first_line()) from None
    pattern_id = settings.pattern_id if settings.pattern_id in catalog else DEFAULT_PATTERN_ID
    pattern = settings.apply_to(catalog.get(pattern_id))
    zone = zone or system_local_zone()
    day = working_day(now, zone, settings.day_boundary)
    span = (
        local_instant(day, settings.day_boundary, zone),
        local_instant(day + timedelta(days=1), settings.day_boundary, zone),
    )
    folder = paths.settings_file.parent
    reads = []
    for entry in settings.calendar_files:
        path = _resolve(entry, folder)
        reads.append(read_calendar(path, window=calendar_window(day, zone), zone=zone, now=now))
    events = CalendarEvents.combine(read.events for read in reads)
    plan = plan_with_calendar(pattern, day, zone, events, window=span)
    states = [
        CalendarState(str(r.path), r.read_at, not r.failed, r.summary, r.problem) for r in reads
    ]
    today = today_json(plan, now.astimezone(zone), states)
    today["from_running_app"] = False
    return today


def _resolve(entry: str, folder: Path) -> Path:
    path = Path(entry).expanduser()
    return path if path.is_absolute() else folder / path


#: The plan's kinds as the table writes them; the JSON keeps the values.
_KIND_WORDS = {
    "focus": N_("focus"),
    "collab": N_("collab"),
    "comms": N_("comms"),
    "admin": N_("admin"),
    "life": N_("life"),
    "recovery": N_("recovery"),
    "buffer": N_("buffer"),
}


def _kind_word(block: dict[str, Any]) -> str:
    if block["source"] == "meeting":
        return _("meeting")
    kind = str(block["kind"])
    return _(_KIND_WORDS[kind]) if kind in _KIND_WORDS else kind


def today_table(today: dict[str, Any]) -> str:
    """The plan as a table for people (in their language; the JSON keeps the values)."""
    from focusdesk.cli.locale_format import date_text, time_text

    day = date.fromisoformat(today["day"])
    shown = f"{day:%A %d %B %Y}" if current_language() == "en" else date_text(day, "full")
    lines = [_("Today, {date} — pattern {pattern}").format(date=shown, pattern=today["pattern"])]
    if today.get("protected"):
        lines.append(_("A protected day: no work planned."))
    all_day = _("all day")
    width = max(11, len(all_day) + 1)
    for title in today.get("all_day", []):
        lines.append(f"  {all_day:<{width}}  {title}")
    rows = today.get("blocks", [])
    if not rows and not today.get("protected"):
        lines.append("  " + _("nothing planned"))
    kinds = [_kind_word(block) for block in rows] + [
        _kind_word(block) for block in today.get("dropped", [])
    ]
    column = max([9, *(len(kind) for kind in kinds)])
    for block in rows:
        start = datetime.fromisoformat(block["start"])
        end = datetime.fromisoformat(block["end"])
        label = _(block["label"]) if block["label"] else ""
        line = f"  {time_text(start.time())}–{time_text(end.time())}  {_kind_word(block):<{column}} {label}"
        if block["conflict"]:
            line += f"  [{block['conflict']}]"
        lines.append(line)
    for block in today.get("dropped", []):
        start = datetime.fromisoformat(block["start"])
        end = datetime.fromisoformat(block["end"])
        label = _(block["label"]) if block["label"] else ""
        dropped = _("dropped: {reason}").format(reason=block["conflict"])
        lines.append(
            f"  {time_text(start.time())}–{time_text(end.time())}  "
            f"{_kind_word(block):<{column}} {label}  [{dropped}]"
        )
    if today.get("hard_stop"):
        stop = datetime.fromisoformat(today["hard_stop"])
        lines.append(f"  {time_text(stop.time())}        " + _("hard stop"))
    calendars = today.get("calendars", [])
    if calendars:
        lines.append(_("Calendars:"))
        for calendar in calendars:
            read_at = calendar.get("read_at")
            when = (
                _("read {time}").format(
                    time=time_text(datetime.fromisoformat(read_at).astimezone().time())
                )
                if read_at
                else _("not read yet")
            )
            lines.append(f"  {calendar['file']} — {when}: {calendar['result']}")
    return "\n".join(lines)
