"""What the command line accepts: every sub-command, its arguments and its handler.

Handlers are named, not imported ("week_cmd:show_week"): a command imports
only its own module when it runs. A bare `focusdesk` (the tray app, started
at every login) thus never loads the week report, the pattern loader or the
exports before its icon shows (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import argparse
import importlib
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from focusdesk import __version__
from focusdesk.cli.errors import EXIT_USAGE
from focusdesk.core.control_protocol import MAX_MINUTES, MIN_MINUTES, OPEN_WINDOWS
from focusdesk.core.i18n import N_, _, ngettext
from focusdesk.core.text import clean_text

if TYPE_CHECKING:
    from focusdesk.paths import DataPaths

Handler = Callable[[argparse.Namespace, "DataPaths"], int]

WEEK_FORMATS = ("table", "csv", "json")
EXPORT_FORMATS = ("csv", "json", "ics")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        line = _("{prog}: {message} (see '{prog} --help')").format(prog=self.prog, message=message)
        self.exit(EXIT_USAGE, line + "\n")


#: argparse's own words (usage, headings, its error lines), marked here so they are
#: in FocusDesk's catalogue; `speak_argparse` hands them FocusDesk's translations.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
    N_("%(prog)s: error: %(message)s\n"),
)


def speak_argparse() -> None:
    """argparse asks the standard `gettext` domain for its words, which would follow only
    the environment; give it FocusDesk's catalogue (which follows the `language` setting)."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


class LazyHandler:
    """A command's handler, imported from `focusdesk.cli.<module>` when the command runs."""

    def __init__(self, module: str, function: str) -> None:
        self.module = module
        self.function = function

    def __call__(self, args: argparse.Namespace, paths: DataPaths) -> int:
        handler: Handler = getattr(
            importlib.import_module(f"focusdesk.cli.{self.module}"), self.function
        )
        return handler(args, paths)

    def __repr__(self) -> str:
        return f"LazyHandler({self.module}:{self.function})"


def minutes_value(text: str) -> float:
    """argparse type: a positive decimal number of minutes (0.5 is half a minute)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a number of minutes").format(text=text)
        ) from None
    if not math.isfinite(value) or not MIN_MINUTES <= value <= MAX_MINUTES:
        raise argparse.ArgumentTypeError(
            _("minutes must be between {low} and {high}").format(
                low=MIN_MINUTES, high=f"{MAX_MINUTES:g}"
            )
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    speak_argparse()
    parser = _Parser(
        prog="focusdesk",
        description=_(
            "Guard your working day: focus blocks, buffers, a hard stop, a visible boundary."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"focusdesk {__version__}",
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_(
            "keep database, settings, user patterns and the control socket under DIR "
            "(also FOCUSDESK_DATA_DIR)"
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    run = commands.add_parser("run", help=_("start the tray app (the default)"))
    run.set_defaults(handler=LazyHandler("run_cmd", "run_app"))
    _control_commands(commands)
    _week_command(commands)
    _month_command(commands)
    _export_command(commands)
    _patterns_command(commands)
    _open_command(commands)
    _today_command(commands)
    parser.set_defaults(handler=LazyHandler("run_cmd", "run_app"))
    return parser


def _control_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    start = commands.add_parser("start", help=_("start a focus block in the running app"))
    start.add_argument(
        "--minutes", type=minutes_value, metavar="M", help=_("length (a decimal is fine: 0.5)")
    )
    start.add_argument("--label", type=clean_text, metavar="TEXT", help=_("what the block is for"))
    start.add_argument(
        "--confirm-breach",
        action="store_true",
        help=_(
            "start even in protected time (after the hard stop, on a protected day); logged as a breach"
        ),
    )
    start.add_argument(
        "--launch",
        action="store_true",
        help=_(
            "start FocusDesk first when it is not running, and ask on screen in protected "
            "time (the launcher's action uses this)"
        ),
    )
    start.set_defaults(handler=LazyHandler("control_cmd", "start_block"))

    stop = commands.add_parser("stop", help=_("end the running block early"))
    stop.add_argument(
        "--reason", type=clean_text, default="", metavar="TEXT", help=_("why, for the log")
    )
    stop.set_defaults(handler=LazyHandler("control_cmd", "stop_block"))
    commands.add_parser("pause", help=_("pause the running block")).set_defaults(
        handler=LazyHandler("control_cmd", "pause_block")
    )
    commands.add_parser("resume", help=_("resume the paused block")).set_defaults(
        handler=LazyHandler("control_cmd", "resume_block")
    )

    extend = commands.add_parser("extend", help=_("lengthen the running block"))
    extend.add_argument("--minutes", type=minutes_value, metavar="M", required=True)
    extend.set_defaults(handler=LazyHandler("control_cmd", "extend_block"))

    boundary = commands.add_parser(
        "boundary",
        help=_("say you are on or off, overriding the plan until the next planned block"),
        description=_(
            'Set the boundary signal by hand ("I\'m on" / "I\'m off"). The plan '
            "takes over again when the next planned block begins."
        ),
    )
    boundary.add_argument("state", choices=("on", "off"), help=_("on: working; off: available"))
    boundary.set_defaults(handler=LazyHandler("control_cmd", "set_boundary"))

    status = commands.add_parser("status", help=_("the current state"))
    status.add_argument("--json", action="store_true", help=_("machine-readable output"))
    status.set_defaults(handler=LazyHandler("control_cmd", "show_status"))


def _week_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "week",
        help=_("the week's log and totals (works without the app running)"),
        description=_(
            "Print one ISO week of the log: per-day minutes against the plan, "
            "the sessions and the totals."
        ),
    )
    parser.add_argument(
        "--week",
        metavar="YYYY-Www",
        help=_("the ISO week to show, e.g. 2026-W47 (default: this week)"),
    )
    parser.add_argument(
        "--format", choices=WEEK_FORMATS, default="table", help=_("output format (default: table)")
    )
    parser.set_defaults(handler=LazyHandler("week_cmd", "show_week"))


def _month_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "month",
        help=_("the month's focus per day, hard stops, protected days and streaks"),
        description=_(
            "Print one month of the log: focus per day against the plan in force "
            "that day, offclock time, hard stops kept or missed, protected days kept, the "
            "month's totals and streaks."
        ),
    )
    parser.add_argument(
        "--month",
        metavar="YYYY-MM",
        help=_("the month to show, e.g. 2026-11 (default: this month)"),
    )
    parser.add_argument(
        "--format", choices=WEEK_FORMATS, default="table", help=_("output format (default: table)")
    )
    parser.set_defaults(handler=LazyHandler("month_cmd", "show_month"))


def _export_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "export",
        help=_(
            "export the log as CSV, JSON or iCalendar (or the pattern's week as calendar blocks)"
        ),
        description=_(
            "Export logged sessions; with --pattern (ics only), the active pattern's "
            "planned blocks as weekly-recurring calendar events."
        ),
    )
    parser.add_argument("--format", choices=EXPORT_FORMATS, required=True, help=_("output format"))
    parser.add_argument(
        "--out", metavar="FILE", type=Path, help=_("write to FILE instead of standard output")
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=_("replace an existing --out FILE (the old one is kept as FILE.<timestamp>.bak)"),
    )
    parser.add_argument(
        "--pattern",
        action="store_true",
        help=_("export the active pattern's week as calendar blocks (with --format ics)"),
    )
    parser.add_argument(
        "--from",
        dest="first",
        metavar="DATE",
        help=_("first working day to export (YYYY-MM-DD); with --pattern, the week to start in"),
    )
    parser.add_argument(
        "--to", dest="last", metavar="DATE", help=_("last working day (YYYY-MM-DD)")
    )
    parser.set_defaults(handler=LazyHandler("export_cmd", "export_log"))


def _today_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "today",
        help=_(
            "today's plan as it will run: pattern blocks, calendar meetings, buffers, hard stop"
        ),
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=_("output format (default: table)"),
    )
    parser.set_defaults(handler=LazyHandler("today_cmd", "show_today"))


def _patterns_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("patterns", help=_("list, show, check and choose day patterns"))
    actions = parser.add_subparsers(dest="patterns_action", metavar="ACTION", required=True)
    actions.add_parser("list", help=_("the built-in patterns and your own")).set_defaults(
        handler=LazyHandler("patterns_cmd", "list_patterns")
    )
    show = actions.add_parser("show", help=_("print a pattern's week plan"))
    show.add_argument("pattern_id", metavar="ID")
    show.set_defaults(handler=LazyHandler("patterns_cmd", "show_pattern"))
    check = actions.add_parser("check", help=_("validate a pattern file"))
    check.add_argument("file", metavar="FILE", type=Path)
    check.set_defaults(handler=LazyHandler("patterns_cmd", "check_pattern"))
    use = actions.add_parser("use", help=_("make a pattern the active one"))
    use.add_argument("pattern_id", metavar="ID")
    use.set_defaults(handler=LazyHandler("patterns_cmd", "use_pattern"))


def _open_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "open",
        help=_(
            "show the week review, the settings or the shutdown ritual "
            "(starts FocusDesk first when it is not running)"
        ),
    )
    parser.add_argument("window", choices=OPEN_WINDOWS, help=_("which window to show"))
    parser.set_defaults(handler=LazyHandler("open_cmd", "open_window"))
