"""`focusdesk` / `focusdesk run`: start the tray app (SPEC §6).

Qt is imported only here, inside the handler, so other sub-commands start fast.
Without a display, or with an X or Wayland display it cannot reach, Qt aborts
(exit 134) with a misleading message about its plugins; `cli.display` picks
the display that answers first, or says in one line what is really wrong.
"""

from __future__ import annotations

import argparse
import os
import sys

from focusdesk.cli.errors import EXIT_ERROR
from focusdesk.core.i18n import _
from focusdesk.paths import DataPaths


def run_app(args: argparse.Namespace, paths: DataPaths) -> int:
    """Start the tray app and run it until the user quits; the exit code."""
    from focusdesk.cli.display import DisplayProblem, choose_platform

    try:
        platform = choose_platform()
    except DisplayProblem as error:
        print(error, file=sys.stderr)
        return EXIT_ERROR
    if platform is not None:
        os.environ["QT_QPA_PLATFORM"] = platform
    from focusdesk.shell.desktop.pyside_imports import skip_source_scans

    skip_source_scans()  # before any other Qt-using module: ≈ 4.6 MB less, for good
    from focusdesk.shell.desktop.instance_lock import ControlError, InstanceLock, ensure_private_dir

    try:
        ensure_private_dir(paths.runtime_dir)
        paths.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        print(
            _("focusdesk: cannot create {path} (for the data folder {folder}): {reason}").format(
                path=error.filename or paths.runtime_dir,
                folder=paths.data_dir,
                reason=error.strerror or error,
            ),
            file=sys.stderr,
        )
        return EXIT_ERROR
    except ControlError as error:
        print(f"focusdesk: {error}", file=sys.stderr)
        return EXIT_ERROR
    lock = InstanceLock(paths.instance_lock)
    if not lock.acquire():
        if lock.permission_denied:
            print(
                _(
                    "focusdesk: cannot write {lock} (the data folder is read-only "
                    "or not yours); FocusDesk needs to write its log there"
                ).format(lock=paths.instance_lock),
                file=sys.stderr,
            )
            return EXIT_ERROR
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
            _("focusdesk: another FocusDesk holds {lock} but does not answer ({error})").format(
                lock=paths.instance_lock, error=error
            ),
            file=sys.stderr,
        )
        return EXIT_ERROR
    if not reply.get("ok"):
        print(
            _("focusdesk: the running FocusDesk refused: {error}").format(error=reply.get("error")),
            file=sys.stderr,
        )
        return EXIT_ERROR
    print(_("FocusDesk is already running; showing its window."))
    return 0
