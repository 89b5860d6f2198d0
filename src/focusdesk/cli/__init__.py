"""The `focusdesk` command line (SPEC §6).

Exit codes: 0 success, 2 bad usage, 3 the app is not running, 1 any other
error. Every non-zero exit prints exactly one line on stderr. Sub-command
modules stay light at import time: Qt is imported only by the commands that
need it, so `focusdesk patterns list` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from focusdesk import __version__
from focusdesk.cli import control_cmd, export_cmd, patterns_cmd, run_cmd, week_cmd
from focusdesk.cli.errors import EXIT_OK, EXIT_USAGE, CliError
from focusdesk.paths import DataPaths

Handler = Callable[[argparse.Namespace, DataPaths], int]


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="focusdesk",
        description="Guard your working day: focus blocks, buffers, a hard stop, a visible boundary.",
    )
    parser.add_argument("--version", action="version", version=f"focusdesk {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep database, settings, user patterns and the control socket under DIR "
        "(also FOCUSDESK_DATA_DIR)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in (run_cmd, control_cmd, week_cmd, export_cmd, patterns_cmd):
        module.register(commands)
    parser.set_defaults(handler=run_cmd.run_app)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = DataPaths.resolve(args.data_dir)
    handler: Handler = args.handler
    try:
        return handler(args, paths)
    except CliError as error:
        print(f"focusdesk: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `focusdesk week | head`: the reader went away; not our error.
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
