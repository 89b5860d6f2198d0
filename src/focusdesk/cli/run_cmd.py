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


def display_available(environ: dict[str, str] | None = None) -> bool:
    """True when Qt has somewhere to draw: an X or Wayland display, or an explicit platform."""
    env = os.environ if environ is None else environ
    return any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_app(args: argparse.Namespace, paths: DataPaths) -> int:
    """Start the tray app and run it until the user quits; the exit code."""
    if not display_available():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return EXIT_ERROR
    from focusdesk.shell.pyside_imports import skip_source_scans

    skip_source_scans()  # before any other Qt-using module: ≈ 4.6 MB less, for good
    from focusdesk.shell.instance_lock import ControlError, InstanceLock, ensure_private_dir

    try:
        ensure_private_dir(paths.runtime_dir)
    except OSError as error:
        print(
            f"focusdesk: cannot create {paths.runtime_dir} (for the data folder "
            f"{paths.data_dir}): {error.strerror or error}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    except ControlError as error:
        print(f"focusdesk: {error}", file=sys.stderr)
        return EXIT_ERROR
    lock = InstanceLock(paths.instance_lock)
    if not lock.acquire():
        return _show_running_instance(paths)
    try:
        from focusdesk.launch import run_tray_app

        return run_tray_app(paths)
    finally:
        lock.release()


def _show_running_instance(paths: DataPaths) -> int:
    """A FocusDesk already runs for this data dir: bring its window forward, start no second tray."""
    from focusdesk.cli.control_client import send_request
    from focusdesk.cli.errors import CliError
    from focusdesk.core.control_protocol import Request

    try:
        reply = send_request(
            paths.control_socket, Request("show"), instance_lock=paths.instance_lock
        )
    except CliError as error:
        print(
            f"focusdesk: another FocusDesk holds {paths.instance_lock} but does not answer ({error})",
            file=sys.stderr,
        )
        return EXIT_ERROR
    if not reply.get("ok"):
        print(f"focusdesk: the running FocusDesk refused: {reply.get('error')}", file=sys.stderr)
        return EXIT_ERROR
    print("FocusDesk is already running; showing its window.")
    return 0
