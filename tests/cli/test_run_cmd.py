"""`focusdesk run` without a usable display: one line naming the problem, never Qt's abort."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from focusdesk.cli.display import NO_DISPLAY_MESSAGE, DisplayProblem, choose_platform


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
        server.listen(16)
        yield number


def x_problem(environ: dict[str, str]) -> str | None:
    """The one line for an X-only session, or None when Qt may go ahead."""
    try:
        choose_platform(environ)
    except DisplayProblem as problem:
        return str(problem)
    return None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract sockets are Linux's")
def test_a_display_with_a_server_is_fine(listening_display: int) -> None:
    assert choose_platform({"DISPLAY": f":{listening_display}"}) == "xcb"
    assert choose_platform({"DISPLAY": f"unix:{listening_display}.0"}) == "xcb"


def test_a_display_without_a_server_is_named() -> None:
    number = _unused_display_number()
    problem = x_problem({"DISPLAY": f":{number}"})
    assert problem == (
        f"focusdesk: cannot reach the X display :{number} (DISPLAY): no X server answers at "
        f"/tmp/.X11-unix/X{number}; start FocusDesk from a desktop session"
    )


def test_a_tcp_display_is_reached_over_tcp() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        number = server.getsockname()[1] - 6000
        # Bound but not listening: refused, and no other process can take the
        # port meanwhile (closing it first raced with whoever grabbed it next).
        problem = x_problem({"DISPLAY": f"127.0.0.1:{number}"})
        assert problem == (
            f"focusdesk: cannot reach the X display 127.0.0.1:{number} (DISPLAY): "
            "Connection refused; start FocusDesk from a desktop session"
        )
        server.listen(16)
        assert x_problem({"DISPLAY": f"127.0.0.1:{number}"}) is None


@pytest.mark.parametrize(
    "environ",
    [
        {"DISPLAY": ":1", "QT_QPA_PLATFORM": "offscreen"},
        {"DISPLAY": "/private/tmp/com.apple.launchd.x/org.xquartz:0"},  # a form Qt knows better
        {"WAYLAND_SOCKET": "5"},  # an inherited connection
    ],
)
def test_no_check_where_qt_will_not_use_a_display_we_know(environ: dict[str, str]) -> None:
    assert x_problem(environ) is None


def test_no_display_at_all_is_said_so() -> None:
    assert x_problem({}) == NO_DISPLAY_MESSAGE


@pytest.fixture
def compositor(tmp_path: Path) -> Iterator[Path]:
    """A runtime dir with a listener on wayland-1, as a running compositor has."""
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(runtime / "wayland-1"))
        server.listen(16)
        yield runtime


def test_a_wayland_display_with_a_compositor_is_used(compositor: Path) -> None:
    env = {"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(compositor)}
    assert choose_platform(env) == "wayland"
    assert choose_platform({**env, "QT_QPA_PLATFORM": "wayland"}) is None  # Qt's own choice
    assert choose_platform({"WAYLAND_DISPLAY": str(compositor / "wayland-1")}) == "wayland"


def test_a_wayland_display_without_a_compositor_is_named(tmp_path: Path) -> None:
    env = {"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)}
    assert x_problem(env) == (
        "focusdesk: cannot reach the Wayland display wayland-9 (WAYLAND_DISPLAY): no Wayland "
        f"compositor answers at {tmp_path}/wayland-9; start FocusDesk from a desktop session"
    )


def test_qt_asked_for_wayland_without_any_wayland_display_is_named(tmp_path: Path) -> None:
    problem = x_problem({"QT_QPA_PLATFORM": "wayland", "XDG_RUNTIME_DIR": str(tmp_path)})
    assert problem is not None
    assert "the Wayland display wayland-0 (WAYLAND_DISPLAY is not set)" in problem
    no_runtime = x_problem({"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-1"})
    assert no_runtime is not None and "XDG_RUNTIME_DIR is not set" in no_runtime


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract sockets are Linux's")
def test_with_both_the_session_type_decides_and_the_other_is_the_fallback(
    compositor: Path, listening_display: int, tmp_path: Path
) -> None:
    both = {
        "WAYLAND_DISPLAY": "wayland-1",
        "XDG_RUNTIME_DIR": str(compositor),
        "DISPLAY": f":{listening_display}",
    }
    assert choose_platform({**both, "XDG_SESSION_TYPE": "wayland"}) == "wayland"
    assert choose_platform({**both, "XDG_SESSION_TYPE": "x11"}) == "xcb"
    assert choose_platform(both) == "wayland"  # the session does not say: Qt's own order
    dead_x = {**both, "DISPLAY": f":{listening_display + 1}", "XDG_SESSION_TYPE": "x11"}
    assert choose_platform(dead_x) == "wayland"
    dead_wayland = {**both, "WAYLAND_DISPLAY": "wayland-9", "XDG_SESSION_TYPE": "wayland"}
    assert choose_platform(dead_wayland) == "xcb"
    assert choose_platform({**dead_wayland, "QT_QPA_PLATFORM": "wayland;xcb"}) == "xcb"


def test_with_both_dead_one_line_names_both(tmp_path: Path) -> None:
    number = _unused_display_number()
    problem = x_problem(
        {
            "WAYLAND_DISPLAY": "wayland-9",
            "XDG_RUNTIME_DIR": str(tmp_path),
            "DISPLAY": f":{number}",
            "XDG_SESSION_TYPE": "x11",
        }
    )
    assert problem == (
        f"focusdesk: cannot reach the X display :{number} (DISPLAY): no X server answers at "
        f"/tmp/.X11-unix/X{number}, nor the Wayland display wayland-9 (WAYLAND_DISPLAY): no "
        f"Wayland compositor answers at {tmp_path}/wayland-9; start FocusDesk from a desktop session"
    )


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


@pytest.mark.parametrize("variable", ["QT_QPA_PLATFORM", "WAYLAND_DISPLAY"])
def test_a_missing_compositor_is_one_line_not_qts_abort(tmp_path: Path, variable: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="", XDG_RUNTIME_DIR=str(tmp_path))
    env[variable] = "wayland" if variable == "QT_QPA_PLATFORM" else "wayland-9"
    result = subprocess.run(
        [sys.executable, "-m", "focusdesk", "--data-dir", str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1
    assert "cannot reach the Wayland display" in result.stderr
