"""Which display the tray app will use, checked before Qt is loaded.

Qt aborts (exit 134) when its platform plugin cannot reach a display, with a
message about plugins that says nothing about the display: a dead `DISPLAY`
blames a missing xcb-cursor library, an unreachable Wayland compositor "could
not load the Qt platform plugin". `choose_platform` finds a display that
answers first, the way the session asks for it, and says in one line what is
wrong when none does.

- `QT_QPA_PLATFORM` set: that platform (or the first of a `;` list that
  answers); other platforms (offscreen, vnc…) are not checked.
- Otherwise the session's own kind first (`XDG_SESSION_TYPE` x11 or wayland;
  Wayland when it does not say, as Qt does), then the other one if its
  variable is set.
"""

from __future__ import annotations

import os
import re
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from focusdesk.core.i18n import N_, _

NO_DISPLAY_MESSAGE = N_(
    "focusdesk: no display found (DISPLAY/WAYLAND_DISPLAY not set); "
    "start FocusDesk from a desktop session, or set QT_QPA_PLATFORM"
)

_X_DISPLAY = re.compile(r"^(?P<host>[^:/]*):(?P<number>\d+)(\.\d+)?$")


class DisplayProblem(Exception):
    """No display Qt could use answers; the message is the one line for the user."""


@dataclass(frozen=True)
class _Unreachable:
    """A display that does not answer: what it is (and which variable named it), and why."""

    what: str
    reason: str

    def __str__(self) -> str:
        return f"{self.what}: {self.reason}"


def _x_unreachable(env: Mapping[str, str]) -> _Unreachable | None:
    display = env.get("DISPLAY", "")
    what = _("the X display {display} (DISPLAY)").format(display=display)
    if not display:
        return _Unreachable(_("an X display"), _("DISPLAY is not set"))
    match = _X_DISPLAY.match(display)
    if match is None:
        return None  # a form we do not know (XQuartz's launchd path…): let Qt try
    host, number = match["host"], int(match["number"])
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        candidates = [path] + (["\0" + path] if sys.platform.startswith("linux") else [])
        if any(_unix_socket_answers(address) for address in candidates):
            return None
        return _Unreachable(what, _("no X server answers at {path}").format(path=path))
    try:
        socket.create_connection((host, 6000 + number), timeout=2).close()
        return None
    except OSError as error:
        return _Unreachable(what, error.strerror or str(error))


def _wayland_unreachable(env: Mapping[str, str]) -> _Unreachable | None:
    """Why a Wayland client would fail to connect, or None (libwayland's own rules)."""
    if env.get("WAYLAND_SOCKET"):
        return None  # an inherited, already connected socket: nothing to look up
    name = env.get("WAYLAND_DISPLAY", "")
    what = (
        _("the Wayland display {name} (WAYLAND_DISPLAY)").format(name=name)
        if name
        else _("the Wayland display wayland-0 (WAYLAND_DISPLAY is not set)")
    )
    name = name or "wayland-0"
    if Path(name).is_absolute():
        path = Path(name)
    else:
        runtime_dir = env.get("XDG_RUNTIME_DIR", "")
        if not runtime_dir:
            return _Unreachable(
                what, _("XDG_RUNTIME_DIR is not set, so its socket cannot be found")
            )
        path = Path(runtime_dir) / name
    if _unix_socket_answers(str(path)):
        return None
    return _Unreachable(what, _("no Wayland compositor answers at {path}").format(path=path))


def _unix_socket_answers(address: str) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        try:
            probe.connect(address)
        except OSError:
            return False
        return True


def _is_wayland(platform: str) -> bool:
    return platform.startswith("wayland")


def choose_platform(environ: Mapping[str, str] | None = None) -> str | None:
    """The Qt platform to ask for (`QT_QPA_PLATFORM`), or None to leave Qt's choice alone.

    Raises DisplayProblem when no display that Qt would use answers.
    """
    env = os.environ if environ is None else environ
    explicit = [part for part in env.get("QT_QPA_PLATFORM", "").split(";") if part.strip()]
    if explicit:
        candidates = [part.strip() for part in explicit]
    else:
        kinds = ["wayland", "xcb"]
        if env.get("XDG_SESSION_TYPE", "").strip().lower() == "x11":
            kinds.reverse()
        variables = {"wayland": ("WAYLAND_DISPLAY", "WAYLAND_SOCKET"), "xcb": ("DISPLAY",)}
        candidates = [kind for kind in kinds if any(env.get(v) for v in variables[kind])]
        if not candidates:
            raise DisplayProblem(_(NO_DISPLAY_MESSAGE))
    problems: list[_Unreachable] = []
    for candidate in candidates:
        name = candidate.split(":", 1)[0]  # "xcb:option=value"
        if _is_wayland(name):
            unreachable = _wayland_unreachable(env)
        elif name == "xcb":
            unreachable = _x_unreachable(env)
        else:
            return None  # offscreen, vnc, eglfs…: nothing of ours to check
        if unreachable is None:
            # Qt would try the unreachable ones first, noisily; name the one that answers.
            return candidate if (problems or not explicit) else None
        problems.append(unreachable)
    described = _(", nor ").join(str(problem) for problem in problems)
    raise DisplayProblem(
        _("focusdesk: cannot reach {displays}; start FocusDesk from a desktop session").format(
            displays=described
        )
    )
