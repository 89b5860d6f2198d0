"""The benchmarks' side of the virtual desktop: launching FocusDesk and the minimal app.

The desktop itself (session bus, Xvfb, trayer, libX11 window queries, clean-up
by PID) is the e2e harness's `VirtualDesktop` (tests/e2e/virtual_desktop.py),
started here without the notification capture and with XDG folders of its
own: one harness, so a fix to it reaches the tests and the benchmarks alike.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "e2e"))

from virtual_desktop import (  # noqa: E402  (the harness lives beside the e2e tests)
    HarnessError,
    VirtualDesktop,
    poll_until,
    process_tree,
    stop_process,
)

MINIMAL_TRAY = Path(__file__).with_name("minimal_tray.py")
BENCHMARK_PATTERN = Path(__file__).with_name("data") / "benchmark-open-day.toml"
REQUIRED_TOOLS = ("Xvfb", "trayer", "dbus-daemon")

#: The benchmarks' name for the harness's error (the desktop could not be set up,
#: or a step timed out).
DesktopError = HarnessError

__all__ = [
    "DesktopError",
    "VirtualDesktop",
    "app_command",
    "app_log",
    "focusdesk_cli",
    "launch",
    "poll_until",
    "prepare_data_dir",
    "process_tree",
    "stop_process",
    "virtual_desktop",
]


@contextmanager
def virtual_desktop(notifications: bool = False) -> Iterator[VirtualDesktop]:
    """A started desktop in a temporary folder, stopped (by PID) on the way out.

    `notifications` also runs the e2e tests' notification server on the bus,
    so FocusDesk's D-Bus notifications are sent (and answered) as on a desktop."""
    missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
    if missing:
        raise DesktopError(
            f"missing tools: {', '.join(missing)} (apt-get install xvfb trayer dbus)"
        )
    with tempfile.TemporaryDirectory(prefix="focusdesk-bench-") as folder:
        base = Path(folder)
        desktop = VirtualDesktop(
            base,
            base / "screenshots",
            with_notification_capture=notifications,
            isolate_xdg=True,
        )
        try:
            desktop.start()
            yield desktop
        finally:
            desktop.stop()


def app_command(kind: str, data_dir: Path) -> list[str]:
    """The argv that starts FocusDesk ("focusdesk") or the minimal tray app ("minimal")."""
    if kind == "focusdesk":
        return [sys.executable, "-m", "focusdesk", "--data-dir", str(data_dir), "run"]
    if kind == "minimal":
        return [sys.executable, str(MINIMAL_TRAY)]
    raise ValueError(f"unknown app {kind!r}")


def launch(
    desktop: VirtualDesktop,
    kind: str,
    data_dir: Path,
    log_name: str,
    extra_env: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """Start one app on the desktop (output to a log file in the desktop folder).

    `extra_env` is added to this process's environment only (a faked clock)."""
    log = (desktop.base_dir / f"{log_name}.log").open("ab")
    try:
        return subprocess.Popen(  # noqa: S603  (our own interpreter and script)
            app_command(kind, data_dir),
            env={**desktop.env, **(extra_env or {})},
            stdout=log,
            stderr=log,
            cwd=desktop.base_dir,
        )
    finally:
        log.close()


def app_log(desktop: VirtualDesktop, log_name: str) -> str:
    path = desktop.base_dir / f"{log_name}.log"
    return path.read_text(errors="replace") if path.exists() else ""


def focusdesk_cli(
    desktop: VirtualDesktop, data_dir: Path, *args: str, timeout: float = 30.0
) -> subprocess.CompletedProcess[str]:
    """Run `python -m focusdesk --data-dir DATA ARGS…` on the desktop (the CLI, or a second launch)."""
    return subprocess.run(  # noqa: S603  (our own interpreter and module)
        [sys.executable, "-m", "focusdesk", "--data-dir", str(data_dir), *args],
        env=desktop.env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def prepare_data_dir(folder: Path, with_history: bool) -> Path:
    """A data dir for FocusDesk under `folder`, holding the cached five-year log if asked.

    The benchmark pattern (every day a working day, the hard stop at 23:59,
    the day boundary at midnight) makes FocusDesk idle at any hour: with a
    shipped pattern a run at night would find the day over and the shutdown
    ritual on screen, and measure that instead.
    """
    data_dir = folder / "data"
    (data_dir / "patterns").mkdir(parents=True, exist_ok=True)
    shutil.copy(BENCHMARK_PATTERN, data_dir / "patterns" / BENCHMARK_PATTERN.name)
    (data_dir / "settings.toml").write_text(
        f'pattern = "{BENCHMARK_PATTERN.stem}"\nday_boundary = "00:00"\n', encoding="utf-8"
    )
    if with_history:
        from history import cached_history

        shutil.copy(cached_history(), data_dir / "focusdesk.sqlite3")
    else:
        # An empty log that exists, as at every start but the very first (which
        # also creates the tables, once).
        from focusdesk.store.database import open_database

        open_database(data_dir / "focusdesk.sqlite3").close()
    return data_dir
