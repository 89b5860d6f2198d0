"""The real app's boundary follows the plan (SPEC §4): at a faked 15:10 on a Tuesday,
Caregiver-Pro's school pick-up is OFF in `status --json`, the state file and a hook;
`focusdesk boundary on` overrides it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_hooks_e2e import calls, recording_hook
from virtual_desktop import poll_until

pytestmark = pytest.mark.e2e

LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


FAKED = ("LD_PRELOAD", "FAKETIME", "DONT_FAKE_MONOTONIC")


def launch_at(launch_app, env: dict[str, str], start: str, zone: str):
    """Launch the app living at `start` (then its time runs on); the command line keeps
    the real clock (libfaketime breaks Python's time.sleep there)."""
    if not LIBFAKETIME.exists() or shutil.which("faketime") is None:
        pytest.skip("libfaketime is not installed (apt-get install faketime)")
    env.update(
        LD_PRELOAD=str(LIBFAKETIME),
        FAKETIME=f"@{start}",
        DONT_FAKE_MONOTONIC="1",  # timers keep real time, as on a real machine
        TZ=zone,
    )
    app = launch_app()
    for key in FAKED:
        env.pop(key)
    return app


def test_school_pick_up_is_off_everywhere_and_i_am_on_overrides_it(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli, tmp_path
):
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    data.mkdir(parents=True)
    hook, record = recording_hook(tmp_path)
    (data / "settings.toml").write_text(
        f'pattern = "caregiver-pro"\n\n[signal]\nhooks = [[{json.dumps(str(hook))}]]\n',
        encoding="utf-8",
    )
    app = launch_at(launch_app, e2e_env, "2026-11-17 15:10:00", "Europe/Berlin")  # a Tuesday
    tray_icon_window(app)

    def status() -> dict[str, object]:
        result = focusdesk_cli("status", "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    now = poll_until(lambda: status() if status().get("planned_block") else None, 20, "status")
    assert now["boundary"] == "off"
    assert now["label"] == "School pick-up and appointments — back at 16:00"
    assert now["planned_block"] == {
        "kind": "life",
        "label": "School pick-up and appointments",
        "start": "2026-11-17T15:00:00+01:00",
        "end": "2026-11-17T16:00:00+01:00",
    }
    first = poll_until(lambda: calls(record), 20, "the start-up hook call")[0]
    assert first["env"]["FOCUSDESK_STATE"] == "off"
    # The hook is told where the state file is (in the desktop's XDG_RUNTIME_DIR).
    state_file = Path(first["env"]["FOCUSDESK_STATE_FILE"])
    shown = json.loads(state_file.read_text(encoding="utf-8"))
    assert (shown["boundary"], shown["label"]) == ("off", now["label"])
    assert shown["planned_block"] == now["planned_block"]

    result = focusdesk_cli("boundary", "on")
    assert result.returncode == 0, result.stderr
    assert "On — your call" in result.stdout
    assert status()["boundary"] == "on"
    poll_until(
        lambda: json.loads(state_file.read_text())["boundary"] == "on", 10, "the state file: on"
    )
    last = poll_until(lambda: len(calls(record)) >= 2 and calls(record)[-1], 20, "the hook: on")
    assert (last["env"]["FOCUSDESK_OLD_STATE"], last["env"]["FOCUSDESK_STATE"]) == ("off", "on")

    result = focusdesk_cli("boundary", "maybe")
    assert result.returncode == 2
    assert "invalid choice: 'maybe'" in result.stderr
