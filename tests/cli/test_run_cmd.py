"""`focusdesk run` without a usable display: one line naming the problem, never Qt's abort."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from focusdesk.cli.run_cmd import x_display_problem


def _unused_display_number() -> int:
    for number in range(4000 + os.getpid() % 1000, 6000):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise AssertionError("no free display number")


@pytest.fixture
def listening_display() -> Iterator[int]:
    """An X display number with a listener on its (abstract) socket, as Xvfb has."""
    number = _unused_display_number()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(f"\0/tmp/.X11-unix/X{number}")
        server.listen(1)
        yield number


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract sockets are Linux's")
def test_a_display_with_a_server_is_fine(listening_display: int) -> None:
    assert x_display_problem({"DISPLAY": f":{listening_display}"}) is None
    assert x_display_problem({"DISPLAY": f"unix:{listening_display}.0"}) is None


def test_a_display_without_a_server_is_named() -> None:
    number = _unused_display_number()
    problem = x_display_problem({"DISPLAY": f":{number}"})
    assert problem == (
        f"focusdesk: cannot reach the X display :{number} (DISPLAY): no X server answers at "
        f"/tmp/.X11-unix/X{number}; start FocusDesk from a desktop session"
    )


def test_a_tcp_display_is_reached_over_tcp() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        number = server.getsockname()[1] - 6000
        assert x_display_problem({"DISPLAY": f"127.0.0.1:{number}"}) is None
    problem = x_display_problem({"DISPLAY": f"127.0.0.1:{number}"})
    assert problem is not None and "127.0.0.1" in problem


@pytest.mark.parametrize(
    "environ",
    [
        {"DISPLAY": ":1", "WAYLAND_DISPLAY": "wayland-0"},  # Qt picks Wayland
        {"DISPLAY": ":1", "QT_QPA_PLATFORM": "offscreen"},
        {"DISPLAY": "/private/tmp/com.apple.launchd.x/org.xquartz:0"},  # a form Qt knows better
        {},
    ],
)
def test_no_check_where_qt_will_not_use_that_x_display(environ: dict[str, str]) -> None:
    assert x_display_problem(environ) is None


def test_the_app_says_so_in_one_line_instead_of_aborting(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["DISPLAY"] = f":{_unused_display_number()}"
    result = subprocess.run(
        [sys.executable, "-m", "focusdesk", "--data-dir", str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "cannot reach the X display" in result.stderr
