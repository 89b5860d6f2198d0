"""Fixtures that drive the real FocusDesk as a separate process on a virtual desktop.

One virtual desktop per session (private D-Bus + Xvfb + trayer + notification
capture); a fresh data dir and XDG folders per test. API summary in
docs/TESTING-HARNESS.md. Locally, missing tools skip these tests with the
reason; with CI=true they fail instead, so CI can never pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from notification_capture import CapturedNotifications
from virtual_desktop import (
    REQUIRED_TOOLS,
    TrayIcon,
    VirtualDesktop,
    die_with_parent,
    poll_until,
    stop_process,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "artifacts"
APP_PROCESSES = pytest.StashKey[list["AppProcess"]]()


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def virtual_desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtualDesktop]:
    """The session's private bus, display, tray host and notification capture."""
    missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
    try:
        import PySide6.QtDBus  # noqa: F401  (the notification capture server needs it)
    except ImportError:
        missing.append("PySide6")
    if missing:
        reason = (
            f"e2e tools missing: {', '.join(missing)} "
            "(`bash scripts/run-tests.sh` installs them, given root or sudo)"
        )
        if _in_ci():
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    desktop = VirtualDesktop(tmp_path_factory.mktemp("desktop"), ARTIFACTS_DIR / "screenshots")
    try:
        desktop.start()
        yield desktop
    finally:
        desktop.stop()


@pytest.fixture
def e2e_env(virtual_desktop: VirtualDesktop, tmp_path: Path) -> dict[str, str]:
    """Environment for processes under test: the virtual desktop plus a fresh data dir.

    DISPLAY, DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR (private, 0700),
    QT_QPA_PLATFORM=xcb, FOCUSDESK_DATA_DIR, and XDG config/data/cache/state
    homes under tmp_path so nothing touches the developer's own files.
    """
    env = dict(virtual_desktop.env)
    # A user at the desk: the display's idle time starts from now, not from the
    # previous test (FocusDesk pauses a block after minutes without input).
    for step in ("1", "-1"):
        subprocess.run(
            ["xdotool", "mousemove_relative", "--", step, "0"], env=env, check=False, timeout=10
        )
    env["FOCUSDESK_DATA_DIR"] = str(tmp_path / "data")
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[variable] = str(tmp_path / "xdg" / variable.removeprefix("XDG_").lower())
    return env


@pytest.fixture
def notifications(virtual_desktop: VirtualDesktop) -> CapturedNotifications:
    """Notifications captured during this test: `.all()`, `.wait_for(pred)`, `.invoke_action(id, key)`."""
    return virtual_desktop.notifications()


@dataclass
class AppProcess:
    """A FocusDesk process started by `launch_app`."""

    popen: subprocess.Popen[bytes]
    argv: list[str]
    stdout_path: Path
    stderr_path: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""

    def assert_running(self) -> None:
        """Fail with the app's stderr if it has exited."""
        code = self.popen.poll()
        if code is not None:
            raise AssertionError(f"focusdesk exited with {code}; stderr:\n{self.stderr()}")

    def stop(self) -> int:
        """SIGTERM (then SIGKILL) this process; return its exit code."""
        return stop_process(self.popen)


@pytest.fixture
def launch_app(
    e2e_env: dict[str, str], tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., AppProcess]]:
    """`launch_app(*args)` starts `python -m focusdesk *args` in the e2e env; stopped at teardown."""
    started: list[AppProcess] = []
    request.node.stash[APP_PROCESSES] = started

    def launch(*args: str) -> AppProcess:
        number = len(started)
        argv = [sys.executable, "-m", "focusdesk", *args]
        stdout_path = tmp_path / f"app{number}.stdout"
        stderr_path = tmp_path / f"app{number}.stderr"
        with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
            popen = subprocess.Popen(
                argv,
                env=e2e_env,
                stdout=out,
                stderr=err,
                cwd=tmp_path,
                preexec_fn=die_with_parent,
            )
        app = AppProcess(popen, argv, stdout_path, stderr_path)
        started.append(app)
        return app

    yield launch
    for app in started:
        app.stop()


@pytest.fixture
def focusdesk_cli(e2e_env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`focusdesk_cli(*args)` runs `python -m focusdesk *args` in the e2e env and returns the result."""

    def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "focusdesk", *args],
            env=e2e_env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


@pytest.fixture
def tray_icon_window(virtual_desktop: VirtualDesktop) -> Callable[..., TrayIcon]:
    """`tray_icon_window(app=None, timeout=15)`: the icon embedded in trayer, polled until it appears.

    With `app` (an AppProcess), only that process's icon counts, and the wait
    fails early with the app's stderr if the process exits.
    """

    def find(app: AppProcess | None = None, timeout: float = 15.0) -> TrayIcon:
        def embedded() -> TrayIcon | None:
            if app is not None:
                app.assert_running()
            icons = virtual_desktop.tray_icons(app.pid if app is not None else None)
            return icons[0] if icons else None

        return poll_until(embedded, timeout, "a tray icon embedded in trayer")

    return find


@pytest.fixture
def screenshot(
    virtual_desktop: VirtualDesktop, request: pytest.FixtureRequest
) -> Callable[[str], Path]:
    """`screenshot(name)` saves the virtual screen to artifacts/screenshots/<test>-<name>.png."""

    def take(name: str) -> Path:
        return virtual_desktop.screenshot(f"{request.node.name}-{name}")

    return take


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Attach each launched app's stderr to a failing test's report."""
    report: pytest.TestReport = yield
    if report.failed:
        for app in item.stash.get(APP_PROCESSES, []):
            state = "running" if app.popen.poll() is None else f"exit {app.popen.returncode}"
            report.sections.append(
                (f"focusdesk pid {app.pid} ({state}) stderr", app.stderr() or "(empty)")
            )
    return report
