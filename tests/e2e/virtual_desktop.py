"""A throw-away desktop: private D-Bus, Xvfb, a tray host, a notification capture.

The one harness for everything that runs FocusDesk as a real process: the
e2e tests start it once per test session (tests/e2e/conftest.py, see
docs/TESTING-HARNESS.md) and the benchmarks once per measurement
(benchmarks/desktop.py, without the notification capture). Every process is
started here and stopped by its PID. Waiting is always "poll until a
deadline", never a fixed sleep.
"""

from __future__ import annotations

import ctypes
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from notification_capture import CapturedNotifications
from x11_windows import XConnection

T = TypeVar("T")

REQUIRED_TOOLS = (
    "Xvfb",
    "xdpyinfo",
    "xwininfo",
    "trayer",
    "dbus-daemon",
    "dbus-send",
    "notify-send",
    "xdotool",
    "import",
)
SCREEN = "1280x800x24"
START_TIMEOUT = 20.0
NOTIFICATION_CAPTURE = Path(__file__).with_name("notification_capture.py")
# Environment that would leak the developer's own desktop into the tests.
LEAKY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "XAUTHORITY")


PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """`preexec_fn` for every process we start: SIGTERM it when pytest dies.

    Teardown stops processes by PID, but a hard crash of the test process
    (SIGBUS, SIGKILL, a timeout) skips teardown; without this the display,
    tray host and bus would outlive the run.
    """
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class HarnessError(RuntimeError):
    """The virtual desktop could not be set up (not a FocusDesk failure)."""


class WaitTimedOut(HarnessError, AssertionError):
    """A `poll_until` deadline passed: a failed test, or a failed benchmark step."""


def process_tree(pid: int) -> list[int]:
    """`pid` and the processes it started that still run (their children too), `pid` first."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            children.setdefault(parent, []).append(int(entry.name))
    tree, waiting = [], [pid]
    while waiting:
        current = waiting.pop(0)
        tree.append(current)
        waiting.extend(children.get(current, []))
    return tree


def poll_until(check: Callable[[], T | None], timeout: float, what: str, every: float = 0.05) -> T:
    """Call `check` until it returns something other than None/False, or fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise WaitTimedOut(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(every)


def stop_process(process: subprocess.Popen[bytes], timeout: float = 5.0) -> int:
    """Terminate one process we started (by its PID), killing it if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
    if process.stdout is not None:
        process.stdout.close()
    return process.returncode


def _read_line(fd: int, process: subprocess.Popen[bytes], log: Path, what: str) -> str:
    """Read one line from `fd` while `process` runs, within START_TIMEOUT."""
    deadline = time.monotonic() + START_TIMEOUT
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or process.poll() is not None:
            log_text = log.read_text(errors="replace") if log.exists() else ""
            raise HarnessError(f"{what} did not start (exit {process.poll()}): {log_text[-2000:]}")
        ready, _, _ = select.select([fd], [], [], min(remaining, 0.2))
        if ready:
            chunk = os.read(fd, 256)
            if not chunk:
                continue
            data += chunk
    return data.decode().strip()


@dataclass(frozen=True)
class TrayIcon:
    """An X window embedded in the tray host."""

    window_id: int
    wm_class: tuple[str, str]
    width: int
    height: int
    x: int  # absolute, on the root window
    y: int

    @property
    def centre(self) -> tuple[int, int]:
        return self.x + self.width // 2, self.y + self.height // 2


# One line of `xwininfo -tree`: 0x400007 "focusdesk": ("tray.py" "focusdesk")  22x30+0+0  +1257+1
_XWININFO_LINE = re.compile(
    r'^\s*(0x[0-9a-f]+) (?:".*"|\(has no name\)): \((?:"(.*?)" "(.*?)")?\)'
    r"\s+(\d+)x(\d+)[+-]-?\d+[+-]-?\d+\s+\+(-?\d+)\+(-?\d+)\s*$"
)


def parse_xwininfo_tree(text: str) -> list[TrayIcon]:
    """Every window listed in `xwininfo -tree` output that has a WM_CLASS."""
    windows = []
    for line in text.splitlines():
        match = _XWININFO_LINE.match(line)
        if match and match.group(2) is not None:
            wid, instance, cls, width, height, x, y = match.groups()
            windows.append(
                TrayIcon(int(wid, 16), (instance, cls), int(width), int(height), int(x), int(y))
            )
    return windows


@dataclass
class VirtualDesktop:
    """A private session bus, an Xvfb display and trayer, plus the notification capture.

    `isolate_xdg` points the XDG config/data/cache/state folders into
    `base_dir` (the benchmarks; the e2e fixtures do it per test instead).
    """

    base_dir: Path
    artifacts_dir: Path
    with_notification_capture: bool = True
    isolate_xdg: bool = False
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    x: XConnection | None = None

    @property
    def runtime_dir(self) -> Path:
        return self.base_dir / "runtime"

    @property
    def capture_file(self) -> Path:
        return self.base_dir / "notifications.jsonl"

    def start(self) -> None:
        self.runtime_dir.mkdir(mode=0o700, parents=True)
        self.runtime_dir.chmod(0o700)  # mkdir's mode is filtered by the umask
        env = {k: v for k, v in os.environ.items() if k not in LEAKY_VARIABLES}
        env["XDG_RUNTIME_DIR"] = str(self.runtime_dir)
        env["QT_QPA_PLATFORM"] = "xcb"
        if self.isolate_xdg:
            for variable in (
                "XDG_CONFIG_HOME",
                "XDG_DATA_HOME",
                "XDG_CACHE_HOME",
                "XDG_STATE_HOME",
            ):
                env[variable] = str(self.base_dir / "xdg" / variable.removeprefix("XDG_").lower())
        self.env = env
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self._start_bus()
        self.env["DISPLAY"] = self._start_xvfb()
        self.x = XConnection(self.env["DISPLAY"])
        self._start_tray_host()
        if self.with_notification_capture:
            self._start_notification_capture()

    def stop(self) -> None:
        if self.x is not None:
            self.x.close()
            self.x = None
        for process in reversed(self.processes):
            stop_process(process)
        self.processes.clear()

    def _spawn(self, name: str, argv: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        log = (self.base_dir / f"{name}.log").open("ab")
        kwargs.setdefault("stdout", log)
        process = subprocess.Popen(
            argv, env=self.env, stderr=log, preexec_fn=die_with_parent, **kwargs
        )  # type: ignore[call-overload]
        log.close()
        self.processes.append(process)
        return process

    def _start_bus(self) -> str:
        socket = self.runtime_dir / "bus"
        bus = self._spawn(
            "dbus-daemon",
            [
                "dbus-daemon",
                "--session",
                "--nofork",
                "--print-address=1",
                f"--address=unix:path={socket}",
            ],
            stdout=subprocess.PIPE,
        )
        assert bus.stdout is not None
        return _read_line(
            bus.stdout.fileno(), bus, self.base_dir / "dbus-daemon.log", "dbus-daemon"
        )

    def _start_xvfb(self) -> str:
        read_fd, write_fd = os.pipe()
        try:
            xvfb = self._spawn(
                "xvfb",
                [
                    "Xvfb",
                    "-displayfd",
                    str(write_fd),
                    "-screen",
                    "0",
                    SCREEN,
                    "-nolisten",
                    "tcp",
                    "-noreset",
                ],
                pass_fds=(write_fd,),
            )
            os.close(write_fd)
            display = ":" + _read_line(read_fd, xvfb, self.base_dir / "xvfb.log", "Xvfb")
        finally:
            os.close(read_fd)
        return display

    def _start_tray_host(self) -> None:
        trayer = self._spawn(
            "trayer",
            [
                "trayer",
                "--edge",
                "top",
                "--align",
                "right",
                "--widthtype",
                "request",
                "--height",
                "32",
                "--transparent",
                "false",
            ],
        )

        def panel_mapped() -> bool:
            if trayer.poll() is not None:
                raise HarnessError(f"trayer exited with {trayer.returncode}")
            return self.tray_panel_id() is not None

        poll_until(panel_mapped, START_TIMEOUT, "trayer's panel window")

    def _start_notification_capture(self) -> None:
        capture = self._spawn(
            "notification-capture",
            [sys.executable, str(NOTIFICATION_CAPTURE), "--output", str(self.capture_file)],
            stdout=subprocess.PIPE,
        )
        assert capture.stdout is not None
        line = _read_line(
            capture.stdout.fileno(),
            capture,
            self.base_dir / "notification-capture.log",
            "notification capture",
        )
        if line != "ready":
            raise HarnessError(f"notification capture said {line!r} instead of 'ready'")

    def notifications(self) -> CapturedNotifications:
        """A reader of the notifications captured from now on."""
        offset = self.capture_file.stat().st_size if self.capture_file.exists() else 0
        return CapturedNotifications(self.capture_file, self.env, offset)

    def _x(self, *argv: str) -> str:
        return subprocess.run(
            argv, env=self.env, check=True, capture_output=True, text=True, timeout=10
        ).stdout

    def tray_panel_id(self) -> int | None:
        """The window id of trayer's panel (WM_CLASS "panel", "trayer"), once mapped."""
        for window in parse_xwininfo_tree(self._x("xwininfo", "-root", "-tree")):
            if window.wm_class == ("panel", "trayer"):
                return window.window_id
        return None

    def tray_icons(self, pid: int | None = None) -> list[TrayIcon]:
        """Windows embedded in the tray host, optionally only those of process `pid`.

        trayer reparents each icon into a socket window under its panel, so
        the icons are the panel's descendants that carry a WM_CLASS; Qt sets
        _NET_WM_PID on them, which `xdotool search --pid` matches.
        """
        panel = self.tray_panel_id()
        if panel is None:
            return []
        icons = parse_xwininfo_tree(self._x("xwininfo", "-tree", "-id", str(panel)))
        icons = [icon for icon in icons if icon.window_id != panel]
        if pid is not None:
            found = subprocess.run(
                ["xdotool", "search", "--pid", str(pid)],
                env=self.env,
                capture_output=True,
                text=True,
                timeout=10,
            )
            owned = {int(word) for word in found.stdout.split()}
            icons = [icon for icon in icons if icon.window_id in owned]
        return icons

    def screenshot(self, name: str) -> Path:
        """Save the whole virtual screen as artifacts/screenshots/<name>.png."""
        path = self.artifacts_dir / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._x("import", "-window", "root", str(path))
        return path

    # --- libX11 queries, cheap enough to poll every few milliseconds ---------------

    def wait_for_tray_icon(
        self, process: subprocess.Popen[bytes], timeout: float = 30.0, every: float = 0.002
    ) -> float:
        """Poll until `process`'s icon is embedded in trayer; the monotonic time it was seen."""
        assert self.x is not None
        x = self.x
        panel = poll_until(x.find_panel, START_TIMEOUT, "trayer's panel window")

        def embedded() -> float | None:
            if process.poll() is not None:
                raise HarnessError(
                    f"the app exited with {process.returncode} before its icon showed"
                )
            return time.monotonic() if x.tray_icon_of(panel, process.pid) else None

        return poll_until(embedded, timeout, "the tray icon", every=every)

    def window_titled(self, pid: int, needle: str) -> int | None:
        """A shown top-level window of `pid`, or of a process it started (the shutdown
        ritual has one of its own), whose title contains `needle` (case-insensitive)."""
        assert self.x is not None
        for member in process_tree(pid):
            for window, title in self.x.top_level_windows_of(member):
                if needle.lower() in title.lower():
                    return window
        return None
