"""A throw-away Wayland desktop for the e2e tests: headless sway, optionally waybar's tray.

waybar's tray module is a StatusNotifierItem host (it owns
org.kde.StatusNotifierWatcher), as KDE Plasma's panel and GNOME's AppIndicator
extension are; sway without waybar stands in for a Wayland session with no
tray at all (GNOME without the extension). Measured recipe: TESTING.md.

sway refuses to run as root, so when the tests run as root every process of
this desktop (bus, compositor, bar, the app, the D-Bus client) runs as an
unprivileged user created here, `focusdesk-e2e`, with a Python it can read.
The private session bus admits only that user, so the test talks to it
through `sni_client.py`, run as that user. Every process is started here and
stopped by its PID; waiting is always "poll until a deadline".
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from virtual_desktop import START_TIMEOUT, HarnessError, die_with_parent, poll_until, stop_process

REQUIRED_TOOLS = ("sway", "swaymsg", "waybar", "grim", "wtype", "dbus-daemon")
TEST_USER = "focusdesk-e2e"
SCREEN = "1280x800"
SNI_CLIENT = Path(__file__).with_name("sni_client.py")
# Only the default policy and no service directories: nothing is D-Bus-activated
# behind our back (at-spi, a notification daemon), so every process is ours.
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
SWAY_CONFIG = f"""output HEADLESS-1 resolution {SCREEN} background #3b4252 solid_color
xwayland disable
default_border normal
font pango:DejaVu Sans 10
"""
WAYBAR_CONFIG = {
    "layer": "top",
    "position": "top",
    "height": 30,
    "modules-left": [],
    "modules-center": ["clock"],
    "modules-right": ["tray"],
    "clock": {"format": "{:%H:%M}"},
    "tray": {"icon-size": 22, "spacing": 8},
}


def missing_tools() -> list[str]:
    """What this machine lacks to run the Wayland desktop (empty when all is there)."""
    missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
    if os.geteuid() == 0 and shutil.which("useradd") is None:
        missing.append("useradd")
    try:
        import jeepney  # noqa: F401  (sni_client.py speaks D-Bus with it)
    except ImportError:
        missing.append("jeepney (Python)")
    return missing


def _test_user() -> pwd.struct_passwd:
    """The unprivileged user the desktop runs as when we are root; created on first use."""
    try:
        return pwd.getpwnam(TEST_USER)
    except KeyError:
        pass
    subprocess.run(
        [
            "useradd",
            "--system",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            TEST_USER,
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return pwd.getpwnam(TEST_USER)


@dataclass
class WaylandApp:
    """A FocusDesk started on the Wayland desktop, with its own data folder."""

    desktop: WaylandDesktop
    popen: subprocess.Popen[bytes]
    data_dir: Path
    stderr_path: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def assert_running(self) -> None:
        code = self.popen.poll()
        if code is not None:
            raise AssertionError(f"focusdesk exited with {code}; stderr:\n{self.stderr()}")

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`focusdesk --data-dir <this app's> ARGS`, as the desktop's user."""
        return self.desktop.run(
            [self.desktop.python, "-m", "focusdesk", "--data-dir", str(self.data_dir), *args]
        )

    def status(self) -> dict[str, Any]:
        result = self.cli("status", "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    def stop(self) -> int:
        return stop_process(self.popen)


@dataclass
class WaylandDesktop:
    """A private session bus, headless sway and (with_tray) waybar as the SNI host."""

    artifacts_dir: Path
    with_tray: bool
    base_dir: Path = field(init=False)
    python: str = field(init=False, default=sys.executable)
    env: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    user: pwd.struct_passwd | None = None
    _apps: int = 0

    # -- set-up -----------------------------------------------------------------

    def start(self) -> None:
        if os.geteuid() == 0:
            self.user = _test_user()
        # Not under pytest's tmp_path: the test user must be able to reach it.
        self.base_dir = Path(tempfile.mkdtemp(prefix="focusdesk-wayland-"))
        self.base_dir.chmod(0o700)
        runtime = self.base_dir / "runtime"
        home = self.base_dir / "home"
        for folder in (self.base_dir, runtime, home):
            folder.mkdir(mode=0o700, exist_ok=True)
            self._own(folder)
        self.env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "XDG_RUNTIME_DIR": str(runtime),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "NO_AT_BRIDGE": "1",  # GTK (waybar) would start the accessibility bus
        }
        self.python = self._user_python()
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self._start_bus()
        self._start_sway()
        if self.with_tray:
            self._start_waybar()

    def stop(self) -> None:
        for process in reversed(self.processes):
            stop_process(process)
        self.processes.clear()
        if hasattr(self, "base_dir"):
            shutil.rmtree(self.base_dir, ignore_errors=True)

    def _own(self, path: Path) -> None:
        if self.user is not None:
            os.chown(path, self.user.pw_uid, self.user.pw_gid)

    def _write(self, path: Path, text: str) -> None:
        """Write a file the desktop's user owns (the test process may run with umask 077)."""
        path.write_text(text, encoding="utf-8")
        self._own(path)

    def _as_user(self) -> dict[str, Any]:
        if self.user is None:
            return {}
        return {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}

    def spawn(
        self, name: str, argv: list[str], env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """Start a process of this desktop as its user; output in <base>/<name>.log."""
        log_path = self.base_dir / f"{name}.log"
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                argv,
                env=env or self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.base_dir,
                preexec_fn=die_with_parent,
                **self._as_user(),
            )
        self.processes.append(process)
        return process

    def run(self, argv: list[str], timeout: float = 30) -> subprocess.CompletedProcess[str]:
        """Run a command as the desktop's user and wait for it."""
        return subprocess.run(
            argv,
            env=self.env,
            cwd=self.base_dir,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **self._as_user(),
        )

    def log(self, name: str) -> str:
        path = self.base_dir / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def _user_python(self) -> str:
        """A Python the desktop's user can run that imports FocusDesk, PySide6 and jeepney.

        This one when the user can read it; else a virtualenv made from the
        system Python (a pyenv Python under /root is unreadable) that sees
        this interpreter's packages.
        """
        probe = ["-c", "import focusdesk, PySide6.QtWidgets, jeepney"]
        try:
            if self.run([sys.executable, *probe]).returncode == 0:
                return sys.executable
        except PermissionError:
            pass  # the user cannot even start it
        system = Path("/usr/bin/python3")
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        found = self.run([str(system), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
        if found.returncode != 0 or found.stdout.strip() != version:
            raise HarnessError(
                f"{TEST_USER} cannot read {sys.executable}, and {system} is not Python {version} "
                f"({found.stdout.strip() or found.stderr.strip()}) to make a virtualenv from"
            )
        venv = self.base_dir / "venv"
        made = self.run([str(system), "-m", "venv", "--without-pip", str(venv)], timeout=60)
        if made.returncode != 0:
            raise HarnessError(f"cannot make a virtualenv for {TEST_USER}: {made.stderr.strip()}")
        site_packages = Path(sysconfig.get_paths(vars={"base": str(venv)})["purelib"])
        ours = sysconfig.get_paths()["purelib"]
        self._write(
            site_packages / "focusdesk-e2e.pth", f"import site; site.addsitedir({ours!r})\n"
        )
        python = str(venv / "bin" / "python")
        checked = self.run([python, *probe])
        if checked.returncode != 0:
            raise HarnessError(
                f"{TEST_USER}'s Python cannot import FocusDesk: {checked.stderr[-500:]}"
            )
        return python

    def _start_bus(self) -> str:
        socket = Path(self.env["XDG_RUNTIME_DIR"]) / "bus"
        config = self.base_dir / "bus.conf"
        self._write(config, BUS_CONFIG.format(socket=socket))
        self.spawn("dbus-daemon", ["dbus-daemon", f"--config-file={config}", "--nofork"])
        poll_until(socket.exists, START_TIMEOUT, "the private session bus")
        return f"unix:path={socket}"

    def _start_sway(self) -> None:
        config = self.base_dir / "sway.conf"
        self._write(config, SWAY_CONFIG)
        env = dict(
            self.env,
            WLR_BACKENDS="headless",
            WLR_LIBINPUT_NO_DEVICES="1",
            WLR_RENDERER="pixman",
        )
        sway = self.spawn("sway", ["sway", "--config", str(config)], env)
        runtime = Path(self.env["XDG_RUNTIME_DIR"])

        def ready() -> tuple[Path, Path] | None:
            if sway.poll() is not None:
                raise HarnessError(f"sway exited with {sway.returncode}: {self.log('sway')}")
            displays = [p for p in runtime.glob("wayland-*") if not p.name.endswith(".lock")]
            ipc = list(runtime.glob("sway-ipc.*.sock"))
            return (displays[0], ipc[0]) if displays and ipc else None

        display, ipc = poll_until(ready, START_TIMEOUT, "sway's Wayland and IPC sockets")
        self.env["WAYLAND_DISPLAY"] = display.name
        self.env["SWAYSOCK"] = str(ipc)
        self.env["XDG_SESSION_TYPE"] = "wayland"

    def _start_waybar(self) -> None:
        config = self.base_dir / "waybar.json"
        self._write(config, json.dumps(WAYBAR_CONFIG))
        waybar = self.spawn("waybar", ["waybar", "--config", str(config)])

        def watching() -> bool:
            if waybar.poll() is not None:
                raise HarnessError(f"waybar exited with {waybar.returncode}: {self.log('waybar')}")
            return self.run([self.python, str(SNI_CLIENT), "items"]).returncode == 0

        poll_until(watching, START_TIMEOUT, "waybar's StatusNotifierWatcher on the bus")

    # -- the app ------------------------------------------------------------------

    def launch_app(self, *args: str, files: dict[str, str] | None = None) -> WaylandApp:
        """Start `focusdesk --data-dir <fresh> ARGS` with QT_QPA_PLATFORM=wayland.

        `files`: relative path → text, written into the data folder first.
        """
        self._apps += 1
        data_dir = self.base_dir / f"data-{self._apps}"
        data_dir.mkdir(mode=0o700)
        for relative, text in (files or {}).items():
            path = data_dir / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for path in (data_dir, *data_dir.rglob("*")):
            self._own(path)
        name = f"focusdesk-{self._apps}"
        env = dict(self.env, QT_QPA_PLATFORM="wayland")
        argv = [self.python, "-m", "focusdesk", "--data-dir", str(data_dir), *args]
        popen = self.spawn(name, argv, env)
        return WaylandApp(self, popen, data_dir, self.base_dir / f"{name}.log")

    # -- what a tray host does ------------------------------------------------------

    def sni(self, *args: str) -> Any:
        """Run sni_client.py ARGS on the desktop's bus; its JSON answer."""
        result = self.run([self.python, str(SNI_CLIENT), *args])
        if result.returncode != 0:
            raise AssertionError(f"sni_client {' '.join(args)} failed: {result.stderr[-1500:]}")
        return json.loads(result.stdout)

    def tray_items(self) -> list[str]:
        """The StatusNotifierItems the host's watcher knows, as "<bus name>/<path>"."""
        return list(self.sni("items"))

    # -- the compositor ------------------------------------------------------------

    def windows(self) -> list[dict[str, Any]]:
        """Every window sway manages: name, app_id, pid, visible, rect."""
        tree = self.run(["swaymsg", "--raw", "--type", "get_tree"])
        if tree.returncode != 0:
            raise AssertionError(f"swaymsg get_tree failed: {tree.stderr}")

        def walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
            if node.get("pid") is not None:
                yield node
            for child in node.get("nodes", []) + node.get("floating_nodes", []):
                yield from walk(child)

        return list(walk(json.loads(tree.stdout)))

    def type_keys(self, *keys: str) -> None:
        """Press keys in the focused window, as a keyboard would (wtype: `Return`, `Tab`…)."""
        # wtype uploads its own keymap first; a key sent at once is sometimes
        # dropped while the client switches keymaps, so let it settle.
        argv = ["wtype", "-s", "300"]
        for key in keys:
            argv += ["-k", key]
        result = self.run(argv)
        if result.returncode != 0:
            raise AssertionError(f"wtype failed: {result.stderr}")

    def screenshot(self, name: str) -> Path:
        """Save the whole screen as artifacts/screenshots/<name>.png (grim)."""
        shot = self.base_dir / f"{name}.png"
        result = self.run(["grim", str(shot)])
        if result.returncode != 0:
            raise AssertionError(f"grim failed: {result.stderr}")
        path = self.artifacts_dir / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, path)
        return path
