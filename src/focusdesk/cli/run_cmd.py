"""`focusdesk` / `focusdesk run`: start the tray app (SPEC §6).

Qt is imported only here, inside the handler, so other sub-commands start fast.
Without any display Qt aborts with a misleading "xcb-cursor0 is needed"
message; we say what is really wrong first.
"""

from __future__ import annotations

import argparse
import os
import sys

from focusdesk.cli.errors import EXIT_ERROR
from focusdesk.paths import DataPaths

NO_DISPLAY_MESSAGE = (
    "focusdesk: no display found (DISPLAY/WAYLAND_DISPLAY not set); "
    "start FocusDesk from a desktop session, or set QT_QPA_PLATFORM"
)


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `run` sub-command (also what a bare `focusdesk` does)."""
    parser = commands.add_parser("run", help="start the tray app (the default)")
    parser.set_defaults(handler=run_app)


def display_available(environ: dict[str, str] | None = None) -> bool:
    """True when Qt has somewhere to draw: an X or Wayland display, or an explicit platform."""
    env = os.environ if environ is None else environ
    return any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_app(args: argparse.Namespace, paths: DataPaths) -> int:
    """Start the tray app and run it until the user quits; the exit code."""
    if not display_available():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return EXIT_ERROR
    from focusdesk.app import FocusDeskApp

    return FocusDeskApp(paths).run()
