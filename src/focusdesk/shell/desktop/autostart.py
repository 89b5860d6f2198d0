"""Start FocusDesk at login: one small port, one implementation per platform.

- Linux and other XDG desktops: a desktop entry in `$XDG_CONFIG_HOME/autostart`
  (default `~/.config/autostart`), as the XDG Autostart specification says.
- Windows: a value under the current user's `Run` registry key.
- macOS: a LaunchAgent property list in `~/Library/LaunchAgents`.
- Anything else: `NullAutostart`, which says it is not available.

`autostart_for_platform` picks one. The settings window only sees the
`Autostart` protocol; tests give the implementations a temporary folder or a
fake registry.
"""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from focusdesk.core.i18n import _

APP_ID = "io.github.focusdesk.FocusDesk"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "FocusDesk"


class AutostartError(Exception):
    """Start-at-login could not be switched; the message says why in one line."""


class Autostart(Protocol):
    """Start FocusDesk when the user logs in."""

    #: Where the entry lives, for the settings window ("~/.config/autostart/…").
    @property
    def location(self) -> str: ...

    def is_available(self) -> bool:
        """False where FocusDesk cannot arrange a start at login."""
        ...

    def is_enabled(self) -> bool: ...

    def enable(self) -> None:
        """Start FocusDesk at login from now on. Raises AutostartError."""
        ...

    def disable(self) -> None:
        """Stop starting FocusDesk at login (nothing to do if it was off). Raises AutostartError."""
        ...


def default_launch_command(data_dir: Path | None = None) -> list[str]:
    """The command that starts this FocusDesk: this Python running the package.

    Using the running interpreter keeps a virtualenv install working at login.
    `data_dir` is passed on when the app runs with a non-default data folder.
    """
    command = [sys.executable, "-m", "focusdesk"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return command


# -- XDG ---------------------------------------------------------------------

_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def desktop_exec_line(command: Sequence[str]) -> str:
    """`command` quoted as the Desktop Entry specification wants for `Exec=`.

    Arguments with reserved characters are double-quoted with `"`, `` ` ``, `$`
    and `\\` escaped; `%` is doubled because it introduces field codes. The
    key-file layer then needs every backslash doubled once more, and a
    newline written as `\\n`.
    """
    quoted = []
    for argument in command:
        text = argument.replace("%", "%%")
        if not text or _EXEC_RESERVED & set(text):
            escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in text)
            text = f'"{escaped}"'
        quoted.append(text)
    return " ".join(quoted).replace("\\", "\\\\").replace("\n", "\\n")


class XdgAutostart:
    """A desktop entry in the user's XDG autostart folder."""

    def __init__(
        self, command: Sequence[str], env: Mapping[str, str] | None = None, home: Path | None = None
    ) -> None:
        env = os.environ if env is None else env
        home = home if home is not None else Path.home()
        config_home = env.get("XDG_CONFIG_HOME", "")
        # The spec: a relative XDG_CONFIG_HOME is invalid and must be ignored.
        base = Path(config_home) if Path(config_home).is_absolute() else home / ".config"
        self.path = base / "autostart" / f"{APP_ID}.desktop"
        self.command = list(command)

    @property
    def location(self) -> str:
        return str(self.path)

    def is_available(self) -> bool:
        return True

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def entry_text(self) -> str:
        return (
            "[Desktop Entry]\n"
            "Type=Application\n"
            "Name=FocusDesk\n"
            "Comment=Guard your working day: focus blocks, buffers and a hard stop\n"
            f"Exec={desktop_exec_line(self.command)}\n"
            f"Icon={APP_ID}\n"
            "Terminal=false\n"
            "StartupNotify=false\n"
            "X-GNOME-Autostart-enabled=true\n"
        )

    def enable(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(f".{self.path.name}.tmp")
            temp.write_text(self.entry_text(), encoding="utf-8")
            temp.replace(self.path)
        except OSError as error:
            raise AutostartError(
                _("Cannot write the autostart entry {path}: {error}.").format(
                    path=self.path, error=error.strerror or error
                )
            ) from None

    def disable(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            raise AutostartError(
                _("Cannot remove the autostart entry {path}: {error}.").format(
                    path=self.path, error=error.strerror or error
                )
            ) from None


# -- Windows -----------------------------------------------------------------


class WindowsAutostart:
    """A value under HKEY_CURRENT_USER\\...\\Run. `registry` is `winreg` (or a test fake)."""

    def __init__(self, command: Sequence[str], registry: Any = None) -> None:
        if registry is None:
            import winreg as registry  # type: ignore[import-not-found,no-redef,unused-ignore]
        self.registry = registry
        self.command_line = subprocess.list2cmdline(list(command))

    @property
    def location(self) -> str:
        return f"HKEY_CURRENT_USER\\{RUN_KEY}\\{RUN_VALUE}"

    def is_available(self) -> bool:
        return True

    def is_enabled(self) -> bool:
        reg = self.registry
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_READ) as key:
                reg.QueryValueEx(key, RUN_VALUE)
        except OSError:
            return False
        return True

    def enable(self) -> None:
        reg = self.registry
        try:
            with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                reg.SetValueEx(key, RUN_VALUE, 0, reg.REG_SZ, self.command_line)
        except OSError as error:
            raise AutostartError(
                _("Cannot write {path}: {error}.").format(path=self.location, error=error)
            ) from None

    def disable(self) -> None:
        reg = self.registry
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                reg.DeleteValue(key, RUN_VALUE)
        except FileNotFoundError:
            return  # already off
        except OSError as error:
            raise AutostartError(
                _("Cannot remove {path}: {error}.").format(path=self.location, error=error)
            ) from None


# -- macOS -------------------------------------------------------------------


class LaunchAgentAutostart:
    """A LaunchAgent in ~/Library/LaunchAgents, loaded by launchd at the next login."""

    def __init__(self, command: Sequence[str], home: Path | None = None) -> None:
        home = home if home is not None else Path.home()
        self.path = home / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
        self.command = list(command)

    @property
    def location(self) -> str:
        return str(self.path)

    def is_available(self) -> bool:
        return True

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def enable(self) -> None:
        agent = {
            "Label": APP_ID,
            "ProgramArguments": self.command,
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(f".{self.path.name}.tmp")
            temp.write_bytes(plistlib.dumps(agent))
            temp.replace(self.path)
        except OSError as error:
            raise AutostartError(
                _("Cannot write the launch agent {path}: {error}.").format(
                    path=self.path, error=error.strerror or error
                )
            ) from None

    def disable(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            raise AutostartError(
                _("Cannot remove the launch agent {path}: {error}.").format(
                    path=self.path, error=error.strerror or error
                )
            ) from None


# -- nowhere -----------------------------------------------------------------


class NullAutostart:
    """No start-at-login on this platform: always off, and says so."""

    @property
    def location(self) -> str:
        return _("not available on this system")

    def is_available(self) -> bool:
        return False

    def is_enabled(self) -> bool:
        return False

    def enable(self) -> None:
        raise AutostartError(_("Starting FocusDesk at login is not available on this system."))

    def disable(self) -> None:
        pass


def autostart_for_platform(
    command: Sequence[str] | None = None,
    *,
    platform: str = sys.platform,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Autostart:
    """The start-at-login implementation for `platform` (default: this one)."""
    command = list(command) if command is not None else default_launch_command()
    if platform == "win32":
        try:
            return WindowsAutostart(command)
        except ImportError:
            return NullAutostart()
    if platform == "darwin":
        return LaunchAgentAutostart(command, home=home)
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return XdgAutostart(command, env=env, home=home)
    return NullAutostart()
