"""The Wayland idle source against a real compositor: headless sway (wlroots), no display.

sway will not run as root, so as root the compositor and the probe run as
`nobody` in a private runtime folder. The probe needs only the standard
library and FocusDesk's sources (no Qt), so the system Python does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from virtual_desktop import die_with_parent, poll_until, stop_process

pytestmark = pytest.mark.e2e

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[1] / "src"


def run_probe(
    prefix: list[str], python: str, config: Path, runtime: Path, env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], str]:
    """Start sway, run the probe in its session, stop sway; the probe's result and sway's log."""
    log_path = runtime / "sway.log"
    with log_path.open("wb") as log:
        compositor = subprocess.Popen(
            [*prefix, "sway", "-c", str(config)],
            env=env,
            stdout=log,
            stderr=log,
            preexec_fn=die_with_parent,
        )
    try:
        socket_path = runtime / "wayland-1"
        poll_until(
            lambda: socket_path.exists() or compositor.poll() is not None,
            15,
            "sway's Wayland socket",
        )
        probe = subprocess.run(
            [*prefix, python, str(HERE / "wayland_idle_probe.py")],
            env={**env, "WAYLAND_DISPLAY": "wayland-1"},
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        stop_process(compositor)
    return probe, log_path.read_text(errors="replace")[-2000:]


def test_the_compositor_says_idle_and_resumed_to_the_wayland_source() -> None:
    if shutil.which("sway") is None:
        pytest.skip("sway is not installed")
    as_root = os.geteuid() == 0
    if as_root and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start sway as another user")
    runtime = Path(tempfile.mkdtemp(prefix="focusdesk-wayland-"))
    try:
        if as_root:
            shutil.chown(runtime, "nobody")
        runtime.chmod(0o700)
        config = runtime / "sway.conf"
        config.write_text("output HEADLESS-1 resolution 1280x800\n", encoding="utf-8")
        # Readable by sway's user whatever the test process's umask (the app sets 077).
        config.chmod(0o644)
        if as_root:
            shutil.chown(config, "nobody")
        env = {
            "HOME": str(runtime),
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "XDG_RUNTIME_DIR": str(runtime),
            "WLR_BACKENDS": "headless",
            "WLR_LIBINPUT_NO_DEVICES": "1",
            "WLR_RENDERER": "pixman",
            "PYTHONPATH": str(SRC),
        }
        prefix = ["runuser", "-u", "nobody", "--"] if as_root else []
        python = "/usr/bin/python3" if as_root else sys.executable
        probe, log = run_probe(prefix, python, config, runtime, env)
        if probe.returncode != 0 and "cannot reach the Wayland compositor" in probe.stderr:
            # The compositor went away under us once (a loaded machine): one more go.
            probe, log = run_probe(prefix, python, config, runtime, env)
        lines = probe.stdout.splitlines()
        assert probe.returncode == 0, f"{probe.stdout}{probe.stderr}\nsway:\n{log}"
        assert lines[0] in ("protocol ext_idle_notifier_v1", "protocol org_kde_kwin_idle")
        assert lines[1].startswith("idle 1.")
        assert lines[2] == "resumed 0.0"
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
