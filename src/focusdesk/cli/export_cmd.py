"""`focusdesk export --format csv|json|ics [--out FILE] [--force] [--pattern] [--from D --to D]`.

Sessions go out as CSV, JSON or iCalendar (`focusdesk.exports` documents the
columns and choices); `--pattern` writes the active pattern's week as
weekly-recurring calendar blocks instead. Without --out the export goes to
standard output. An existing --out file is refused unless --force, and then
kept as `<FILE>.<timestamp>.bak` before the new one is written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from focusdesk.cli.errors import EXIT_OK, EXIT_USAGE, CliError
from focusdesk.cli.week_cmd import active_context, reading_log
from focusdesk.core.i18n import _
from focusdesk.core.sessions import SessionRecord
from focusdesk.paths import DataPaths

if TYPE_CHECKING:
    from focusdesk.store.session_log import SessionLog


def _date(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(
            _("{option}: '{text}' is not a date; write it as YYYY-MM-DD").format(
                option=option, text=text
            ),
            EXIT_USAGE,
        ) from None


def export_log(args: argparse.Namespace, paths: DataPaths) -> int:
    from focusdesk.exports import ExportTargetExists, write_export

    first = _date("--from", args.first)
    last = _date("--to", args.last)
    if first is not None and last is not None and last < first:
        raise CliError(
            _("--to {last} is before --from {first}").format(last=last, first=first), EXIT_USAGE
        )
    if args.pattern and args.format != "ics":
        raise CliError(_("--pattern exports calendar blocks: use it with --format ics"), EXIT_USAGE)
    if args.pattern and last is not None:
        raise CliError(
            _("--pattern exports one week of recurring blocks; --to does not apply"), EXIT_USAGE
        )
    if args.force and args.out is None:
        raise CliError(_("--force only applies with --out FILE"), EXIT_USAGE)

    if args.pattern:
        data: str | bytes = _pattern_export(paths, first)
    else:
        with reading_log(paths) as log:
            data = _sessions_export(log, args.format, first, last)

    if args.out is None:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return EXIT_OK
    try:
        backup = write_export(args.out, data, replace=args.force)
    except ExportTargetExists as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(
            _("cannot write {file}: {reason}").format(file=args.out, reason=error.strerror or error)
        ) from None
    if backup is not None:
        print(
            _("focusdesk: kept the previous {file} as {backup}").format(
                file=args.out, backup=backup
            ),
            file=sys.stderr,
        )
    return EXIT_OK


def _pattern_export(paths: DataPaths, first: date | None) -> bytes:
    context = active_context(paths)
    pattern = context.active_pattern
    if pattern is None:
        raise CliError(
            _("the active pattern '{id}' is not installed").format(id=context.pattern_id)
        )
    from focusdesk.exports import pattern_ics

    start = first or context.today()
    monday = start - timedelta(days=start.weekday())
    return pattern_ics(pattern, context.zone, monday)


def _sessions_export(
    log: SessionLog | None, fmt: str, first: date | None, last: date | None
) -> str | bytes:
    from focusdesk.exports import sessions_csv, sessions_ics, sessions_json

    sessions: Iterable[SessionRecord]
    if log is None:
        sessions = []
    elif first is None and last is None:
        sessions = log.iter_all_sessions()
    else:
        sessions = log.sessions_for_days(first or date.min, last or date.max)
    if fmt == "csv":
        return sessions_csv(sessions)
    if fmt == "json":
        return sessions_json(sessions)
    return sessions_ics(sessions)
