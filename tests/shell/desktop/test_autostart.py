"""Start at login: a valid XDG entry appears and disappears; the other platforms' ports."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from focusdesk.shell.desktop.autostart import (
    APP_ID,
    AutostartError,
    LaunchAgentAutostart,
    NullAutostart,
    WindowsAutostart,
    XdgAutostart,
    autostart_for_platform,
    default_launch_command,
)

needs_validator = pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate (desktop-file-utils) is not installed",
)


def _validate(path: Path) -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def _exec_arguments(entry: str) -> list[str]:
    """Read `Exec=` back as the Desktop Entry specification says a launcher does."""
    line = next(x for x in entry.splitlines() if x.startswith("Exec="))[len("Exec=") :]
    value = line.replace("\\n", "\n").replace("\\\\", "\\")  # the key-file string escapes
    arguments: list[str] = []
    current, quoted, index, started = "", False, 0, False
    while index < len(value):
        ch = value[index]
        if quoted and ch == "\\":
            current += value[index + 1]
            index += 2
            continue
        if ch == '"':
            quoted, started = not quoted, True
        elif ch == " " and not quoted:
            if started:
                arguments.append(current)
            current, started = "", False
        else:
            current, started = current + ch, True
        index += 1
    if started:
        arguments.append(current)
    return [argument.replace("%%", "%") for argument in arguments]


@needs_validator
def test_enabling_writes_a_valid_autostart_entry_and_disabling_removes_it(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config"
    autostart = XdgAutostart(default_launch_command(), env={"XDG_CONFIG_HOME": str(config)})
    entry = config / "autostart" / f"{APP_ID}.desktop"
    assert autostart.location == str(entry)
    assert not autostart.is_enabled()

    autostart.enable()
    assert autostart.is_enabled() and entry.is_file()
    _validate(entry)
    assert _exec_arguments(entry.read_text(encoding="utf-8")) == default_launch_command()

    autostart.disable()
    assert not autostart.is_enabled()
    assert not entry.exists()
    autostart.disable()  # switching off twice is fine


@needs_validator
def test_an_awkward_command_is_quoted_so_the_desktop_reads_it_back(tmp_path: Path) -> None:
    command = [
        "/opt/My Apps/venv $HOME/bin/python",
        "-m",
        "focusdesk",
        "--data-dir",
        '/data/"quoted" 100% `tick` back\\slash;semi',
    ]
    autostart = XdgAutostart(command, env={"XDG_CONFIG_HOME": str(tmp_path)})
    autostart.enable()
    _validate(autostart.path)
    assert _exec_arguments(autostart.path.read_text(encoding="utf-8")) == command


def test_without_xdg_config_home_the_entry_goes_to_dot_config(tmp_path: Path) -> None:
    for env in ({}, {"XDG_CONFIG_HOME": "relative/ignored"}):
        autostart = XdgAutostart(["focusdesk"], env=env, home=tmp_path)
        assert autostart.path == tmp_path / ".config" / "autostart" / f"{APP_ID}.desktop"


def test_an_unwritable_autostart_folder_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    autostart = XdgAutostart(["focusdesk"], env={"XDG_CONFIG_HOME": str(blocker)})
    with pytest.raises(AutostartError, match="Cannot write the autostart entry"):
        autostart.enable()


def test_the_launch_agent_runs_the_command_at_load(tmp_path: Path) -> None:
    autostart = LaunchAgentAutostart(["/usr/bin/python3", "-m", "focusdesk"], home=tmp_path)
    autostart.enable()
    agent = plistlib.loads(autostart.path.read_bytes())
    assert agent["Label"] == APP_ID
    assert agent["ProgramArguments"] == ["/usr/bin/python3", "-m", "focusdesk"]
    assert agent["RunAtLoad"] is True
    assert autostart.is_enabled()
    autostart.disable()
    assert not autostart.is_enabled()


class _FakeKey:
    def __enter__(self) -> _FakeKey:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class _FakeWinreg:
    """The few winreg calls WindowsAutostart makes, over a dict."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_READ = 1
    KEY_SET_VALUE = 2
    REG_SZ = 1

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], Any] = {}

    def OpenKey(self, root: str, sub: str, reserved: int, access: int) -> _FakeKey:
        return _FakeKey()

    CreateKeyEx = OpenKey

    def QueryValueEx(self, key: _FakeKey, name: str) -> tuple[Any, int]:
        try:
            return self.values[("run", name)], self.REG_SZ
        except KeyError:
            raise FileNotFoundError(name) from None

    def SetValueEx(self, key: _FakeKey, name: str, res: int, kind: int, value: str) -> None:
        self.values[("run", name)] = value

    def DeleteValue(self, key: _FakeKey, name: str) -> None:
        try:
            del self.values[("run", name)]
        except KeyError:
            raise FileNotFoundError(name) from None


def test_the_windows_run_value_holds_a_quoted_command_line() -> None:
    registry = _FakeWinreg()
    autostart = WindowsAutostart([r"C:\Program Files\Py\python.exe", "-m", "focusdesk"], registry)
    assert not autostart.is_enabled()
    autostart.enable()
    assert registry.values[("run", "FocusDesk")] == (
        '"C:\\Program Files\\Py\\python.exe" -m focusdesk'
    )
    assert autostart.is_enabled()
    autostart.disable()
    autostart.disable()
    assert not autostart.is_enabled()


def test_the_factory_picks_by_platform(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    assert isinstance(autostart_for_platform(["x"], platform="linux", env=env), XdgAutostart)
    assert isinstance(autostart_for_platform(["x"], platform="darwin"), LaunchAgentAutostart)
    # No winreg on this machine: Windows falls back to the null port rather than crashing.
    assert isinstance(autostart_for_platform(["x"], platform="win32"), NullAutostart)
    assert isinstance(autostart_for_platform(["x"], platform="emscripten"), NullAutostart)


def test_the_null_port_is_off_and_says_why() -> None:
    autostart = NullAutostart()
    assert not autostart.is_available() and not autostart.is_enabled()
    with pytest.raises(AutostartError, match="not available"):
        autostart.enable()
    autostart.disable()
