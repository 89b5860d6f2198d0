"""`focusdesk` / `focusdesk run`: start the tray app (SPEC §6).

Qt is imported only here, inside the handler, so other sub-commands start fast.
Without a display, or with an X display it cannot reach, Qt aborts (exit 134)
with a misleading "xcb-cursor0 is needed" message; we say what is really
wrong first.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
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


_X_DISPLAY = re.compile(r"^(?P<host>[^:/]*):(?P<number>\d+)(\.\d+)?$")


def x_display_problem(environ: dict[str, str] | None = None) -> str | None:
    """Why Qt would fail to reach the X display in $DISPLAY, or None when it can (or cannot tell).

    Checked only when Qt will use X: no Wayland display and no other platform
    asked for. Connects to the X server's socket the way Xlib does and hangs up.
    """
    env = os.environ if environ is None else environ
    display = env.get("DISPLAY", "")
    platform = env.get("QT_QPA_PLATFORM", "")
    if not display or env.get("WAYLAND_DISPLAY") or (platform and not platform.startswith("xcb")):
        return None
    match = _X_DISPLAY.match(display)
    if match is None:
        return None  # a form we do not know (XQuartz's launchd path…): let Qt try
    host, number = match["host"], int(match["number"])
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        candidates = [path] + (["\0" + path] if sys.platform.startswith("linux") else [])
        for address in candidates:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                probe.settimeout(2)
                try:
                    probe.connect(address)
                    return None
                except OSError:
                    continue
        reason = f"no X server answers at {path}"
    else:
        try:
            socket.create_connection((host, 6000 + number), timeout=2).close()
            return None
        except OSError as error:
            reason = error.strerror or str(error)
    return (
        f"focusdesk: cannot reach the X display {display} (DISPLAY): {reason}; "
        "start FocusDesk from a desktop session"
    )


def run_app(args: argparse.Namespace, paths: DataPaths) -> int:
    """Start the tray app and run it until the user quits; the exit code."""
    if not display_available():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return EXIT_ERROR
    problem = x_display_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_ERROR
    from focusdesk.shell.desktop.pyside_imports import skip_source_scans

    skip_source_scans()  # before any other Qt-using module: ≈ 4.6 MB less, for good
    from focusdesk.shell.desktop.instance_lock import ControlError, InstanceLock, ensure_private_dir

    try:
        ensure_private_dir(paths.runtime_dir)
        paths.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        print(
            f"focusdesk: cannot create {error.filename or paths.runtime_dir} (for the data "
            f"folder {paths.data_dir}): {error.strerror or error}",
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
                f"focusdesk: cannot write {paths.instance_lock} (the data folder is read-only "
                "or not yours); FocusDesk needs to write its log there",
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
            f"focusdesk: another FocusDesk holds {paths.instance_lock} but does not answer ({error})",
            file=sys.stderr,
        )
        return EXIT_ERROR
    if not reply.get("ok"):
        print(f"focusdesk: the running FocusDesk refused: {reply.get('error')}", file=sys.stderr)
        return EXIT_ERROR
    print("FocusDesk is already running; showing its window.")
    return 0
