"""`focusdesk open`: a FocusDesk that cannot start is one line in its own words.

(The windows themselves, opened in a running app and from a cold desktop, are
tested end to end in tests/e2e/test_open_windows_e2e.py.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from focusdesk.cli.open_cmd import launch_command
from focusdesk.paths import DataPaths


def _dead_display() -> str:
    for number in range(5000 + os.getpid() % 1000, 7000):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            return f":{number}"
    raise AssertionError("no free display number")


@pytest.mark.parametrize("argv", [["open", "review"], ["start", "--launch"]])
def test_a_cold_start_without_a_display_says_why_in_one_line(
    tmp_path: Path, argv: list[str]
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["DISPLAY"] = _dead_display()
    result = subprocess.run(
        [sys.executable, "-m", "focusdesk", "--data-dir", str(tmp_path / "data"), *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("focusdesk: FocusDesk could not start (exit 1): cannot reach")
    assert env["DISPLAY"] in result.stderr


def test_an_unknown_window_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "focusdesk", "--data-dir", str(tmp_path), "open", "terminal"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "invalid choice: 'terminal'" in result.stderr


def test_the_app_is_started_for_the_same_data_folder(tmp_path: Path) -> None:
    command = launch_command(DataPaths.resolve(tmp_path))
    assert command[-3:] == ["--data-dir", str(DataPaths.resolve(tmp_path).data_dir), "run"]
