"""Do not disturb during focus on GNOME, end to end: the real app, a stand-in `gsettings`.

Banners go off when a block starts and come back when it ends; after FocusDesk is
killed mid-block (SIGKILL: no clean-up runs) the next start puts the user's setting back.
"""

from __future__ import annotations

import os
import signal
import stat
from pathlib import Path

import pytest
from test_tray_e2e import use_pattern
from virtual_desktop import poll_until

pytestmark = pytest.mark.e2e

# Records every call; `get` prints the value, `set` stores it (GNOME's own gsettings
# needs dconf and a session: what matters here is what FocusDesk asks of it).
FAKE_GSETTINGS = """#!/bin/sh
echo "$*" >> "$FAKE_GSETTINGS_DIR/calls"
case "$1 $2 $3" in
  "get org.gnome.desktop.notifications show-banners") cat "$FAKE_GSETTINGS_DIR/show-banners" ;;
  "set org.gnome.desktop.notifications show-banners")
    printf '%s\\n' "$4" > "$FAKE_GSETTINGS_DIR/show-banners" ;;
  *) echo "unexpected: $*" >&2; exit 1 ;;
esac
"""


def test_gnome_banners_go_off_during_focus_and_come_back_even_after_a_crash(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli, tmp_path: Path
) -> None:
    env = e2e_env
    data = Path(env["FOCUSDESK_DATA_DIR"])
    fake = tmp_path / "gsettings-state"
    bin_dir = tmp_path / "bin"
    fake.mkdir()
    bin_dir.mkdir()
    script = bin_dir / "gsettings"
    script.write_text(FAKE_GSETTINGS, "utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    (fake / "show-banners").write_text("true\n", "utf-8")
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env["XDG_CURRENT_DESKTOP"] = "GNOME"
    env["FAKE_GSETTINGS_DIR"] = str(fake)

    def banners() -> str:
        return (fake / "show-banners").read_text("utf-8").strip()

    use_pattern(data, "e2e-open", "[days.mon-sun]\n")
    settings = data / "settings.toml"
    settings.write_text(
        settings.read_text("utf-8") + "\n[notifications]\ndo_not_disturb = true\n", "utf-8"
    )
    app = launch_app("run")
    tray_icon_window(app)
    assert banners() == "true"  # nothing changes before a block

    assert focusdesk_cli("start", "--minutes", "20", "--label", "writing").returncode == 0
    poll_until(lambda: banners() == "false", 10, "banners off during the block")
    assert focusdesk_cli("stop", "--reason", "done").returncode == 0
    poll_until(lambda: banners() == "true", 10, "banners back after the block")

    assert focusdesk_cli("start", "--minutes", "20", "--label", "again").returncode == 0
    poll_until(lambda: banners() == "false", 10, "banners off during the second block")
    app.popen.send_signal(signal.SIGKILL)
    app.popen.wait(timeout=10)
    assert banners() == "false"  # nothing could restore it: the crash case
    (fake / "calls").write_text("", "utf-8")

    again = launch_app("run")
    tray_icon_window(again)
    # The next start puts the user's value back first (the block may then resume silencing).
    poll_until(
        lambda: (
            "set org.gnome.desktop.notifications show-banners true"
            in (fake / "calls").read_text("utf-8")
        ),
        10,
        "banners restored at the next start",
    )
    calls = (fake / "calls").read_text("utf-8").splitlines()
    assert calls[0] == "set org.gnome.desktop.notifications show-banners true"
    focusdesk_cli("stop", "--reason", "after the crash")
    poll_until(lambda: banners() == "true", 10, "banners on with no block running")
    assert not (data / "do-not-disturb.json").exists()
    again.assert_running()
