"""Do not disturb during focus: other applications' banners silenced while a block runs.

Off by default. Two desktops offer a way:
- GNOME: the `org.gnome.desktop.notifications show-banners` setting. FocusDesk
  writes the user's value to a small file *before* changing it, puts it back
  when the block ends, and — if FocusDesk died in between — at its next start.
- KDE Plasma: the notification server's `Inhibit` call; Plasma lifts it by
  itself when the caller's bus connection goes away, so a crash leaves nothing
  behind.
Elsewhere `unavailable_reason` says so, and nothing is touched.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from focusdesk.core.i18n import _

_log = logging.getLogger(__name__)

GNOME_SCHEMA = "org.gnome.desktop.notifications"
GNOME_KEY = "show-banners"
COMMAND_TIMEOUT_SECONDS = 3.0
RESTORE_FILE = "do-not-disturb.json"


class DoNotDisturb(Protocol):
    """Silences other applications' notifications on this desktop, and lifts that again."""

    def unavailable_reason(self) -> str:
        """ "" when this desktop can be silenced, else one line why not."""
        ...

    def engage(self) -> None:
        """Silence other banners (idempotent). Failures are logged, never raised."""
        ...

    def release(self) -> None:
        """Put the user's setting back (idempotent)."""
        ...


class NoDoNotDisturb:
    """A desktop FocusDesk cannot silence."""

    def __init__(self, reason: str) -> None:
        self._reason = reason

    def unavailable_reason(self) -> str:
        return self._reason

    def engage(self) -> None:
        pass

    def release(self) -> None:
        pass


#: Runs a command; its stdout, or None when it could not run or failed.
Runner = Callable[[list[str]], str | None]


def _run(argv: list[str]) -> str | None:
    try:
        done = subprocess.run(  # noqa: S603 (gsettings, found on PATH, fixed arguments)
            argv, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        _log.warning("%s failed: %s", argv[0], error)
        return None
    if done.returncode != 0:
        _log.warning("%s failed: %s", " ".join(argv), done.stderr.strip())
        return None
    return done.stdout


class GnomeBanners:
    """GNOME's `show-banners`, remembered in `restore_file` while FocusDesk has it off."""

    def __init__(self, restore_file: Path, gsettings: str, run: Runner = _run) -> None:
        self._restore_file = restore_file
        self._gsettings = gsettings
        self._run = run

    def unavailable_reason(self) -> str:
        return ""

    def engage(self) -> None:
        if self._restore_file.exists():
            return  # already silenced by us (the file holds the user's own value)
        current = self._run([self._gsettings, "get", GNOME_SCHEMA, GNOME_KEY])
        if current is None:
            return
        value = current.strip()
        if value not in ("true", "false"):
            _log.warning("unexpected %s value %r: leaving it alone", GNOME_KEY, value)
            return
        # Written first: if FocusDesk dies after the change, the next start restores it.
        self._restore_file.parent.mkdir(parents=True, exist_ok=True)
        self._restore_file.write_text(json.dumps({"gnome_show_banners": value}), "utf-8")
        if self._run([self._gsettings, "set", GNOME_SCHEMA, GNOME_KEY, "false"]) is None:
            self._restore_file.unlink(missing_ok=True)

    def release(self) -> None:
        try:
            saved = json.loads(self._restore_file.read_text("utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as error:
            _log.warning("cannot read %s: %s; turning banners back on", self._restore_file, error)
            saved = {"gnome_show_banners": "true"}
        value = saved.get("gnome_show_banners") if isinstance(saved, dict) else None
        if value not in ("true", "false"):
            value = "true"
        if self._run([self._gsettings, "set", GNOME_SCHEMA, GNOME_KEY, value]) is not None:
            self._restore_file.unlink(missing_ok=True)


class InhibitingBus(Protocol):
    def call(self, member: str, signature: str, body: tuple[Any, ...]) -> tuple[Any, ...]: ...

    def close(self) -> None: ...


class KdeInhibition:
    """Plasma's notification inhibition, held on a bus connection of its own.

    Plasma lifts an inhibition when the connection that asked for it closes,
    so releasing closes the connection too, and a crash lifts it by itself.
    """

    def __init__(self, open_bus: Callable[[], InhibitingBus]) -> None:
        self._open_bus = open_bus
        self._bus: InhibitingBus | None = None
        self._cookie: int | None = None

    def unavailable_reason(self) -> str:
        return ""

    def engage(self) -> None:
        if self._cookie is not None:
            return
        try:
            self._bus = self._open_bus()
            reply = self._bus.call(
                "Inhibit", "ssa{sv}", ("io.github.focusdesk.FocusDesk", _("Focus block"), {})
            )
            self._cookie = int(reply[0])
        except Exception as error:  # any bus failure: the block runs, banners stay on
            _log.warning("cannot inhibit notifications: %s", error)
            self._close()

    def release(self) -> None:
        cookie, self._cookie = self._cookie, None
        if cookie is not None and self._bus is not None:
            with contextlib.suppress(Exception):
                self._bus.call("UnInhibit", "u", (cookie,))
        self._close()

    def _close(self) -> None:
        bus, self._bus = self._bus, None
        if bus is not None:
            with contextlib.suppress(Exception):
                bus.close()


def do_not_disturb_for_desktop(
    data_dir: Path,
    kde_bus: Callable[[], InhibitingBus],
    environ: Mapping[str, str] = os.environ,
    which: Callable[[str], str | None] = shutil.which,
    run: Runner = _run,
) -> DoNotDisturb:
    """The way this desktop offers, or one that says why there is none."""
    desktops = environ.get("XDG_CURRENT_DESKTOP", "").lower().split(":")
    if "kde" in desktops:
        return KdeInhibition(kde_bus)
    if "gnome" in desktops:
        gsettings = which("gsettings")
        if gsettings:
            return GnomeBanners(data_dir / RESTORE_FILE, gsettings, run)
        return NoDoNotDisturb(_("GNOME's gsettings command is not installed"))
    name = environ.get("XDG_CURRENT_DESKTOP", "")
    if not name:
        return NoDoNotDisturb(_("not available on this desktop (GNOME and KDE Plasma only)"))
    return NoDoNotDisturb(
        _("not available on {desktop} (GNOME and KDE Plasma only)").format(desktop=name)
    )


def restore_after_crash(
    data_dir: Path, which: Callable[[str], str | None] = shutil.which, run: Runner = _run
) -> None:
    """At start-up: put back a GNOME setting a previous FocusDesk left changed."""
    restore_file = data_dir / RESTORE_FILE
    if not restore_file.exists():
        return
    gsettings = which("gsettings")
    if gsettings is None:
        _log.warning("%s exists but gsettings is missing: cannot restore banners", restore_file)
        return
    _log.info("restoring the desktop's notification banners left off by an earlier run")
    GnomeBanners(restore_file, gsettings, run).release()
