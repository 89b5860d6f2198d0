"""`focusdesk open review|settings|ritual`: show a window of the app, starting it if needed.

This is what the launcher's actions run ("Open week review", "Settings"), so
it must work from a cold desktop: when no FocusDesk answers for the data
folder, it starts one (detached, like a launcher would), waits until its
control socket answers, then asks it to show the window. A FocusDesk that
cannot start (no display, a log it cannot open) is reported in one line, with
the app's own words.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from typing import IO, Any

from focusdesk.cli.errors import EXIT_ERROR, EXIT_NOT_RUNNING, EXIT_OK, CliError
from focusdesk.core.control_protocol import Request
from focusdesk.core.i18n import _
from focusdesk.paths import DataPaths

#: How long a cold start may take before we give up (icon first, then the log…).
START_TIMEOUT_SECONDS = 30.0


def _shown(window: str) -> str:
    """What `focusdesk open WINDOW` says once it is shown (one whole sentence per window)."""
    return {
        "review": _("FocusDesk: showing the week review."),
        "settings": _("FocusDesk: showing the settings."),
        "ritual": _("FocusDesk: showing the shutdown ritual."),
    }[window]


def open_window(args: argparse.Namespace, paths: DataPaths) -> int:
    ensure_running(paths)
    _send(paths, Request("open", window=args.window))
    print(_shown(args.window))
    return EXIT_OK


def _send(paths: DataPaths, request: Request) -> dict[str, Any]:
    from focusdesk.cli.control_client import send_request

    reply = send_request(paths.control_socket, request, instance_lock=paths.instance_lock)
    if not reply.get("ok"):
        raise CliError(str(reply.get("error", _("the running FocusDesk refused"))))
    return reply


def launch_command(paths: DataPaths) -> list[str]:
    """The command that starts the tray app for this data folder."""
    program = (
        [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "focusdesk"]
    )
    return [*program, "--data-dir", str(paths.data_dir), "run"]


def ensure_running(paths: DataPaths) -> bool:
    """Make sure a FocusDesk answers for `paths`; True when this call started it.

    Raises CliError (one line) when it cannot be started.
    """
    try:
        _send(paths, Request("status"))
        return False
    except CliError as error:
        if error.exit_code != EXIT_NOT_RUNNING:
            raise
    with tempfile.TemporaryFile() as errors:
        app = subprocess.Popen(  # noqa: S603  (our own interpreter and package, no shell)
            launch_command(paths),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,  # it outlives this command, like an app from a launcher
        )
        _wait_until_answering(paths, app, errors)
    return True


def _wait_until_answering(
    paths: DataPaths, app: subprocess.Popen[bytes], errors: IO[bytes]
) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        code = app.poll()
        if code is not None:
            raise CliError(
                _("FocusDesk could not start (exit {code}): {reason}").format(
                    code=code, reason=_last_line(errors)
                )
            )
        try:
            _send(paths, Request("status"))
            return
        except CliError as error:
            if error.exit_code != EXIT_NOT_RUNNING:
                raise
        if time.monotonic() > deadline:
            raise CliError(
                _("FocusDesk was started but did not answer within {seconds} s").format(
                    seconds=f"{START_TIMEOUT_SECONDS:g}"
                ),
                EXIT_ERROR,
            )
        time.sleep(0.1)


def _last_line(errors: IO[bytes]) -> str:
    errors.seek(0)
    lines = [line.strip() for line in errors.read().decode(errors="replace").splitlines()]
    lines = [line for line in lines if line]
    return lines[-1].removeprefix("focusdesk: ") if lines else _("it said nothing")
