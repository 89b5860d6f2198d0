"""A private virtual desktop for the benchmarks: session bus, Xvfb, trayer.

Each benchmark starts one `VirtualDesktop`, runs FocusDesk and the minimal
tray app on it in turn, and stops every process it started by its PID. The
X queries (is the icon of process P embedded in the tray? which top-level
windows does P have?) go through libX11 with ctypes: no `xwininfo` process
per poll, so polling every few milliseconds neither skews the timing nor
steals much CPU from the app being measured.

Adapted from the e2e harness (tests/e2e/virtual_desktop.py), which this
module deliberately does not import: benchmarks must not break when a test
helper changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

REPO_ROOT = Path(__file__).resolve().parents[1]
MINIMAL_TRAY = Path(__file__).with_name("minimal_tray.py")
BENCHMARK_PATTERN = Path(__file__).with_name("data") / "benchmark-open-day.toml"
REQUIRED_TOOLS = ("Xvfb", "trayer", "dbus-daemon")
SCREEN = "1280x800x24"
START_TIMEOUT = 20.0
# The developer's own desktop must not leak into a measurement; nor may a
# PYTHONDONTWRITEBYTECODE that makes every run compile FocusDesk from source
# (an installed app always has its .pyc files: pip compiles them).
LEAKY_VARIABLES = (
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "DBUS_SESSION_BUS_ADDRESS",
    "XAUTHORITY",
    "PYTHONDONTWRITEBYTECODE",
)


class DesktopError(RuntimeError):
    """The virtual desktop could not be set up (not a FocusDesk problem)."""


def poll_until(check: Callable[[], T | None], timeout: float, what: str, every: float = 0.05) -> T:
    """Call `check` until it returns something truthy; DesktopError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise DesktopError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(every)


def stop_process(process: subprocess.Popen[bytes], timeout: float = 5.0) -> int:
    """SIGTERM one process we started (by its PID); SIGKILL it if it lingers."""
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


def _read_line(fd: int, process: subprocess.Popen[bytes], what: str) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or process.poll() is not None:
            raise DesktopError(f"{what} did not start (exit {process.poll()})")
        ready, _, _ = select.select([fd], [], [], min(remaining, 0.2))
        if ready:
            data += os.read(fd, 256)
    return data.decode().strip()


# --- libX11 through ctypes ----------------------------------------------------------

_Window = ctypes.c_ulong
_Atom = ctypes.c_ulong
_IS_VIEWABLE = 2
_CLIENT_MESSAGE = 33
_ANY_PROPERTY_TYPE = 0


class _XClassHint(ctypes.Structure):
    # void pointers, not c_char_p: Xlib allocated them and we must XFree them.
    _fields_ = [("res_name", ctypes.c_void_p), ("res_class", ctypes.c_void_p)]


class _XWindowAttributes(ctypes.Structure):
    # Only map_state is read; the layout must still be complete (Xlib.h).
    _fields_ = [
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("border_width", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("visual", ctypes.c_void_p),
        ("root", _Window),
        ("class_", ctypes.c_int),
        ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int),
        ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int),
        ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long),
        ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int),
        ("screen", ctypes.c_void_p),
    ]


class _XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", _Window),
        ("message_type", _Atom),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _XClientMessageEvent), ("pad", ctypes.c_long * 24)]


_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


def _ignore_x_error(_display: int | None, _event: int | None) -> int:
    # A window can vanish between listing it and asking for its class; Xlib's
    # default handler would exit the whole benchmark for that.
    return 0


class XConnection:
    """A libX11 connection to one display, for the few queries the benchmarks need."""

    def __init__(self, display: str) -> None:
        name = ctypes.util.find_library("X11")
        if name is None:
            raise DesktopError("libX11 is not installed")
        x = ctypes.CDLL(name)
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = _Window
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XQueryTree.argtypes = [
            ctypes.c_void_p,
            _Window,
            ctypes.POINTER(_Window),
            ctypes.POINTER(_Window),
            ctypes.POINTER(ctypes.POINTER(_Window)),
            ctypes.POINTER(ctypes.c_uint),
        ]
        x.XGetClassHint.argtypes = [ctypes.c_void_p, _Window, ctypes.POINTER(_XClassHint)]
        x.XGetWindowAttributes.argtypes = [
            ctypes.c_void_p,
            _Window,
            ctypes.POINTER(_XWindowAttributes),
        ]
        x.XInternAtom.restype = _Atom
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p,
            _Window,
            _Atom,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            _Atom,
            ctypes.POINTER(_Atom),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_void_p),
        ]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XSendEvent.argtypes = [
            ctypes.c_void_p,
            _Window,
            ctypes.c_int,
            ctypes.c_long,
            ctypes.POINTER(_XEvent),
        ]
        x.XFlush.argtypes = [ctypes.c_void_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._handler = _ERROR_HANDLER(_ignore_x_error)  # kept alive with the connection
        x.XSetErrorHandler(self._handler)
        self._x = x
        self._display = x.XOpenDisplay(display.encode())
        if not self._display:
            raise DesktopError(f"cannot open X display {display}")
        self.root = int(x.XDefaultRootWindow(self._display))
        self._pid_atom = x.XInternAtom(self._display, b"_NET_WM_PID", 0)
        self._net_name_atom = x.XInternAtom(self._display, b"_NET_WM_NAME", 0)
        self._wm_name_atom = x.XInternAtom(self._display, b"WM_NAME", 0)
        self._protocols_atom = x.XInternAtom(self._display, b"WM_PROTOCOLS", 0)
        self._delete_atom = x.XInternAtom(self._display, b"WM_DELETE_WINDOW", 0)

    def close(self) -> None:
        if self._display:
            self._x.XCloseDisplay(self._display)
            self._display = None

    def children(self, window: int) -> list[int]:
        root, parent = _Window(), _Window()
        kids = ctypes.POINTER(_Window)()
        count = ctypes.c_uint()
        if not self._x.XQueryTree(
            self._display,
            window,
            ctypes.byref(root),
            ctypes.byref(parent),
            ctypes.byref(kids),
            ctypes.byref(count),
        ):
            return []
        found = [int(kids[i]) for i in range(count.value)]
        if kids:
            self._x.XFree(kids)
        return found

    def descendants(self, window: int) -> Iterator[int]:
        for child in self.children(window):
            yield child
            yield from self.descendants(child)

    def wm_class(self, window: int) -> tuple[str, str] | None:
        hint = _XClassHint()
        if not self._x.XGetClassHint(self._display, window, ctypes.byref(hint)):
            return None
        texts = []
        for pointer in (hint.res_name, hint.res_class):
            texts.append(ctypes.string_at(pointer).decode(errors="replace") if pointer else "")
            if pointer:
                self._x.XFree(ctypes.c_void_p(pointer))
        name, cls = texts
        return name, cls

    def title(self, window: int) -> str:
        """_NET_WM_NAME (UTF-8, what Qt sets), else WM_NAME."""
        for atom in (self._net_name_atom, self._wm_name_atom):
            found = self._property(window, atom, 4096)
            if found is not None and found[0] == 8:
                return found[1].decode(errors="replace")
        return ""

    def is_viewable(self, window: int) -> bool:
        attributes = _XWindowAttributes()
        if not self._x.XGetWindowAttributes(self._display, window, ctypes.byref(attributes)):
            return False
        return attributes.map_state == _IS_VIEWABLE

    def pid_of(self, window: int) -> int | None:
        found = self._property(window, self._pid_atom, 1)
        if found is None or found[0] != 32 or not found[1]:
            return None
        return int.from_bytes(found[1][:4], sys.byteorder)

    def _property(self, window: int, atom: int, max_items: int) -> tuple[int, bytes] | None:
        """(format, raw items) of one window property; format-32 items packed as 4 bytes each."""
        actual_type, actual_format = _Atom(), ctypes.c_int()
        items, after = ctypes.c_ulong(), ctypes.c_ulong()
        data = ctypes.c_void_p()
        status = self._x.XGetWindowProperty(
            self._display,
            window,
            atom,
            0,
            max_items,
            0,
            _ANY_PROPERTY_TYPE,
            ctypes.byref(actual_type),
            ctypes.byref(actual_format),
            ctypes.byref(items),
            ctypes.byref(after),
            ctypes.byref(data),
        )
        if status != 0 or not data.value:
            return None
        try:
            fmt, count = actual_format.value, items.value
            if fmt == 32:
                # Xlib hands format-32 items back as C longs.
                longs = ctypes.cast(data, ctypes.POINTER(ctypes.c_long))
                raw = b"".join(
                    (longs[i] & 0xFFFFFFFF).to_bytes(4, sys.byteorder) for i in range(count)
                )
            else:
                raw = ctypes.string_at(data, count * (fmt // 8))
            return fmt, raw
        finally:
            self._x.XFree(data)

    def find_panel(self) -> int | None:
        """trayer's panel window (WM_CLASS "panel", "trayer"), once mapped."""
        for window in self.descendants(self.root):
            if self.wm_class(window) == ("panel", "trayer"):
                return window
        return None

    def tray_icon_of(self, panel: int, pid: int) -> int | None:
        """The window of process `pid` embedded (and shown) under the tray panel, if any.

        trayer reparents each icon into a socket window under its panel; Qt
        sets _NET_WM_PID on the icon window.
        """
        for window in self.descendants(panel):
            if self.pid_of(window) == pid and self.is_viewable(window):
                return window
        return None

    def top_level_windows_of(self, pid: int) -> list[tuple[int, str]]:
        """Viewable top-level windows (children of the root) of process `pid`, with titles."""
        found = []
        for window in self.children(self.root):
            if self.pid_of(window) == pid and self.is_viewable(window):
                found.append((window, self.title(window)))
        return found

    def request_close(self, window: int) -> None:
        """Ask a window to close the way a window manager does (WM_DELETE_WINDOW)."""
        event = _XEvent()
        message = event.xclient
        message.type = _CLIENT_MESSAGE
        message.window = window
        message.message_type = self._protocols_atom
        message.format = 32
        message.data[0] = self._delete_atom
        message.data[1] = 0  # CurrentTime
        self._x.XSendEvent(self._display, window, 0, 0, ctypes.byref(event))
        self._x.XFlush(self._display)


# --- the desktop ----------------------------------------------------------------------


class VirtualDesktop:
    """A private session bus, an Xvfb display and trayer; every process stopped by PID."""

    def __init__(self, base_dir: Path) -> None:
        self.base_dir = base_dir
        self.processes: list[subprocess.Popen[bytes]] = []
        self.env: dict[str, str] = {}
        self.x: XConnection | None = None
        self.panel: int | None = None

    def start(self) -> None:
        missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
        if missing:
            raise DesktopError(
                f"missing tools: {', '.join(missing)} (apt-get install xvfb trayer dbus)"
            )
        runtime = self.base_dir / "runtime"
        runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        runtime.chmod(0o700)
        env = {k: v for k, v in os.environ.items() if k not in LEAKY_VARIABLES}
        env["XDG_RUNTIME_DIR"] = str(runtime)
        env["QT_QPA_PLATFORM"] = "xcb"
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[variable] = str(self.base_dir / "xdg" / variable.removeprefix("XDG_").lower())
        self.env = env
        env["DBUS_SESSION_BUS_ADDRESS"] = self._start_bus(runtime / "bus")
        env["DISPLAY"] = self._start_xvfb()
        self.x = XConnection(env["DISPLAY"])
        self._start_trayer()

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
        process = subprocess.Popen(argv, env=self.env, stderr=log, **kwargs)  # type: ignore[call-overload]  # noqa: S603
        log.close()
        self.processes.append(process)
        return process

    def _start_bus(self, socket: Path) -> str:
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
        return _read_line(bus.stdout.fileno(), bus, "dbus-daemon")

    def _start_xvfb(self) -> str:
        read_fd, write_fd = os.pipe()
        try:
            xvfb = self._spawn(
                "xvfb",
                ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", SCREEN, "-nolisten", "tcp"],
                pass_fds=(write_fd,),
            )
            os.close(write_fd)
            return ":" + _read_line(read_fd, xvfb, "Xvfb")
        finally:
            os.close(read_fd)

    def _start_trayer(self) -> None:
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
        assert self.x is not None
        x = self.x

        def panel() -> int | None:
            if trayer.poll() is not None:
                raise DesktopError(f"trayer exited with {trayer.returncode}")
            return x.find_panel()

        self.panel = poll_until(panel, START_TIMEOUT, "trayer's panel window")

    # --- what the benchmarks ask ----------------------------------------------------

    def wait_for_tray_icon(
        self, process: subprocess.Popen[bytes], timeout: float = 30.0, every: float = 0.002
    ) -> float:
        """Poll until `process`'s icon is embedded in trayer; the monotonic time it was seen."""
        assert self.x is not None and self.panel is not None
        x, panel = self.x, self.panel

        def embedded() -> float | None:
            if process.poll() is not None:
                raise DesktopError(
                    f"the app exited with {process.returncode} before its icon showed"
                )
            return time.monotonic() if x.tray_icon_of(panel, process.pid) else None

        return poll_until(embedded, timeout, "the tray icon", every=every)

    def window_titled(self, pid: int, needle: str) -> int | None:
        """A shown top-level window of `pid` whose title contains `needle` (case-insensitive)."""
        assert self.x is not None
        for window, title in self.x.top_level_windows_of(pid):
            if needle.lower() in title.lower():
                return window
        return None


@contextmanager
def virtual_desktop() -> Iterator[VirtualDesktop]:
    """A started desktop in a temporary folder, stopped (by PID) on the way out."""
    with tempfile.TemporaryDirectory(prefix="focusdesk-bench-") as folder:
        desktop = VirtualDesktop(Path(folder))
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
    desktop: VirtualDesktop, kind: str, data_dir: Path, log_name: str
) -> subprocess.Popen[bytes]:
    """Start one app on the desktop (output to a log file in the desktop folder)."""
    log = (desktop.base_dir / f"{log_name}.log").open("ab")
    try:
        return subprocess.Popen(  # noqa: S603  (our own interpreter and script)
            app_command(kind, data_dir),
            env=desktop.env,
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
