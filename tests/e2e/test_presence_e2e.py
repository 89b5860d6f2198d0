"""Only present time is focus, with the real app on the virtual desktop (issue 14).

- Idle: with `away_after_minutes = 1`, a block with no input pauses itself
  within about 70 s and `status --json` says "away"; `xdotool mousemove`
  brings "active" back, the return is told in a notification, and the away
  time is not focus. The idle time comes from Xvfb's MIT-SCREEN-SAVER extension.
- The wall clock: libfaketime moves the running app's clock (the monotonic
  clock stays real, as in a suspend or a clock change): +2 h inside a block
  logs under a minute of focus; -1 h does not freeze the countdown.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_tray_e2e import midday_zone, rows, use_pattern
from virtual_desktop import die_with_parent, poll_until, stop_process

pytestmark = pytest.mark.e2e

OPEN_WEEK = "[days.mon-sun]\n"
LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


def status(focusdesk_cli: Callable[..., Any]) -> dict[str, Any]:
    result = focusdesk_cli("status", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def touch_input(env: dict[str, str]) -> None:
    """What a user moving the mouse looks like to the X server (XTEST input)."""
    for step in ("3", "-3"):
        subprocess.run(["xdotool", "mousemove_relative", "--", step, "0"], env=env, check=True)


def settings_with(data: Path, text: str) -> None:
    settings = data / "settings.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_no_input_pauses_the_block_and_the_mouse_brings_the_user_back(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli, notifications
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-open", OPEN_WEEK)
    settings_with(data, "\n[presence]\naway_after_minutes = 1\n")
    app = launch_app("run")
    tray_icon_window(app)
    touch_input(e2e_env)
    last_input = time.monotonic()
    started = focusdesk_cli("start", "--minutes", "30", "--label", "reading")
    assert started.returncode == 0, started.stderr
    now = status(focusdesk_cli)
    assert (now["state"], now["presence"], now["presence_source"]) == (
        "focus",
        "active",
        "x11-screensaver",
    )

    # No input from here on: paused within about 70 s of the last input.
    away = poll_until(
        lambda: (s := status(focusdesk_cli))["state"] == "paused" and s,
        85,
        "the block to pause itself with no input",
    )
    paused_after = time.monotonic() - last_input
    assert 60 <= paused_after <= 80, paused_after  # about 70 s (a loaded machine adds a few)
    assert away["presence"] == "away"
    # Paused from the last input: the time left stands where it was then.
    assert 30 * 60 - away["remaining_seconds"] <= 5

    time.sleep(3)  # a little more time away
    touch_input(e2e_env)
    back = poll_until(
        lambda: (s := status(focusdesk_cli))["presence"] == "active" and s,
        15,
        "presence to come back with the mouse",
    )
    assert back["state"] == "paused"  # the user resumes or ends it
    told = notifications.wait_for(lambda n: "You were away" in n["body"], timeout=15)
    assert "the block was paused at" in told["body"]
    assert "resume" in told["actions"] and "end" in told["actions"]

    # "Resume" on the notification: the block runs on from where it was paused.
    notifications.invoke_action(told["id"], "resume")
    resumed = poll_until(
        lambda: (s := status(focusdesk_cli))["state"] == "focus" and s, 10, "Resume to work"
    )
    assert 30 * 60 - resumed["remaining_seconds"] <= 8
    stopped = focusdesk_cli("stop", "--reason", "test over")
    assert stopped.returncode == 0, stopped.stderr
    (row,) = rows(data / "focusdesk.sqlite3", "SELECT * FROM sessions")
    assert row["outcome"] == "stopped"
    assert row["actual_seconds"] <= 8  # the away minute and more was never focus
    assert row["paused_seconds"] >= 60
    app.assert_running()


@pytest.fixture
def faked_clock(e2e_env: dict[str, str], tmp_path: Path) -> Callable[[int], None]:
    """Run the next launched app under libfaketime; `move(offset_seconds)` sets its clock."""
    if not LIBFAKETIME.exists() or shutil.which("faketime") is None:
        pytest.skip("libfaketime is not installed (apt package faketime)")
    offset_file = tmp_path / "faketime-offset"
    offset_file.write_text("+0\n", encoding="utf-8")

    def move(offset_seconds: int) -> None:
        offset_file.write_text(f"{offset_seconds:+d}\n", encoding="utf-8")

    e2e_env["LD_PRELOAD"] = str(LIBFAKETIME)
    e2e_env["FAKETIME_TIMESTAMP_FILE"] = str(offset_file)
    e2e_env["FAKETIME_NO_CACHE"] = "1"
    e2e_env["DONT_FAKE_MONOTONIC"] = "1"
    return move


def launch_faked(launch_app: Callable[..., Any], e2e_env: dict[str, str]) -> Any:
    """Launch the app with the fake clock; the command line keeps the real one.

    In a zone where it is about midday: a jump of hours from there never crosses
    the 04:00 day boundary (which starts a new, not-yet-worked day: "off").
    """
    e2e_env["TZ"] = midday_zone()
    app = launch_app("run")
    for key in (
        "LD_PRELOAD",
        "FAKETIME_TIMESTAMP_FILE",
        "FAKETIME_NO_CACHE",
        "DONT_FAKE_MONOTONIC",
    ):
        e2e_env.pop(key, None)
    return app


def test_a_2_hour_clock_jump_inside_a_block_is_not_focus(
    faked_clock, launch_app, e2e_env, tray_icon_window, focusdesk_cli
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-open", OPEN_WEEK)
    app = launch_faked(launch_app, e2e_env)
    tray_icon_window(app)
    assert focusdesk_cli("start", "--minutes", "10", "--label", "writing").returncode == 0
    time.sleep(5)
    faked_clock(2 * 3600)  # suspend or clock change: 2 h pass on the wall clock at once
    after = poll_until(
        lambda: (s := status(focusdesk_cli))["state"] != "focus" and s,
        15,
        "the jump to end the block",
    )
    assert after["state"] == "on"  # its end fell in the gap: closed, no buffer
    database = data / "focusdesk.sqlite3"
    (row,) = rows(database, "SELECT * FROM sessions")
    assert row["outcome"] == "interrupted"
    assert row["actual_seconds"] < 60
    app.assert_running()


def test_a_clock_set_back_an_hour_does_not_freeze_the_countdown(
    faked_clock, launch_app, e2e_env, tray_icon_window, focusdesk_cli, notifications
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-open", OPEN_WEEK)
    app = launch_faked(launch_app, e2e_env)
    tray_icon_window(app)
    assert focusdesk_cli("start", "--minutes", "0.5", "--label", "writing").returncode == 0
    started = time.monotonic()
    time.sleep(3)
    faked_clock(-3600)
    first = status(focusdesk_cli)["remaining_seconds"]
    time.sleep(4)
    second = status(focusdesk_cli)
    assert second["state"] == "focus"
    assert second["remaining_seconds"] < first  # the countdown runs on
    notifications.wait_for(lambda n: n["summary"] == "Focus block done", timeout=40)
    assert time.monotonic() - started < 40  # not an hour
    (focus,) = rows(data / "focusdesk.sqlite3", "SELECT * FROM sessions WHERE kind = 'focus'")
    assert focus["outcome"] == "completed"
    assert 28 <= focus["actual_seconds"] <= 31
    # The app really saw its clock go back: the block moved back with it.
    started_at = datetime.fromisoformat(focus["started_at"])
    assert abs((datetime.now(UTC) - timedelta(hours=1) - started_at).total_seconds()) < 120
    app.assert_running()


HERE = Path(__file__).resolve().parent


@pytest.fixture
def fake_idle_services(e2e_env: dict[str, str]) -> Iterator[Callable[..., None]]:
    """GNOME's idle monitor and the freedesktop screen saver, faked on the test bus.

    Yields `control(method, *args)` (dbus-send to the fake's control interface).
    """
    service = subprocess.Popen(
        [sys.executable, str(HERE / "fake_idle_services.py")],
        env=e2e_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=die_with_parent,
    )
    try:
        assert service.stdout is not None
        line = service.stdout.readline().decode().strip()
        assert line == "ready", service.stderr.read().decode() if service.stderr else line

        def control(method: str, *args: str) -> None:
            subprocess.run(
                [
                    "dbus-send",
                    "--session",
                    "--type=method_call",
                    "--print-reply",
                    "--dest=org.focusdesk.test.IdleControl",
                    "/control",
                    f"org.focusdesk.test.IdleControl.{method}",
                    *args,
                ],
                env=e2e_env,
                check=True,
                capture_output=True,
                timeout=10,
            )

        yield control
    finally:
        stop_process(service)
        for pipe in (service.stdout, service.stderr):
            if pipe is not None:
                pipe.close()


def probe(e2e_env: dict[str, str], source: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(HERE / "presence_probe.py"), source],
        env=e2e_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=die_with_parent,
    )


def test_gnome_idle_monitor_gives_idle_time_and_says_when_input_returns(
    fake_idle_services, e2e_env
) -> None:
    fake_idle_services("SetIdleSeconds", "uint32:400")
    reader = probe(e2e_env, "mutter")
    assert reader.stdout is not None
    first = reader.stdout.readline()
    assert first.startswith("idle=400.") or first.startswith("idle=401."), first
    assert reader.stdout.readline().strip() == "expects return: True"
    fake_idle_services("Input")  # the user touches the mouse: Mutter fires the watch
    out, err = reader.communicate(timeout=20)
    assert reader.returncode == 0, out + err
    assert out.startswith("changed idle=0.")


def test_the_screen_saver_service_gives_idle_time_and_the_lock_as_it_happens(
    fake_idle_services, e2e_env
) -> None:
    reader = probe(e2e_env, "screensaver")
    assert reader.stdout is not None
    assert reader.stdout.readline().strip().endswith("locked=False")
    fake_idle_services("SetLocked", "boolean:true")
    out, err = reader.communicate(timeout=20)
    assert reader.returncode == 0, out + err
    assert out.strip().endswith("locked=True")


def test_without_those_services_the_sources_say_unavailable(e2e_env) -> None:
    for source in ("mutter", "screensaver"):
        result = subprocess.run(
            [sys.executable, str(HERE / "presence_probe.py"), source],
            env=e2e_env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 2, result.stdout + result.stderr
        assert "is not on the session bus" in result.stdout


def test_logind_lock_hint_is_followed_as_it_changes(e2e_env) -> None:
    env = {**e2e_env, "DBUS_SYSTEM_BUS_ADDRESS": e2e_env["DBUS_SESSION_BUS_ADDRESS"]}
    service = subprocess.Popen(
        [sys.executable, str(HERE / "fake_logind.py")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=die_with_parent,
    )
    try:
        assert service.stdout is not None and service.stderr is not None
        line = service.stdout.readline().decode().strip()
        assert line == "ready", service.stderr.read().decode()
        reader = subprocess.Popen(
            [sys.executable, str(HERE / "lock_probe.py")],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=die_with_parent,
        )
        assert reader.stdout is not None
        first = reader.stdout.readline().strip()
        assert first == "locked=False", first + (reader.stderr.read() if reader.stderr else "")
        subprocess.run(
            [
                "dbus-send",
                "--session",
                "--type=method_call",
                "--print-reply",
                "--dest=org.focusdesk.test.LogindControl",
                "/control",
                "org.focusdesk.test.LogindControl.SetLocked",
                "boolean:true",
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=10,
        )
        out, err = reader.communicate(timeout=20)
        assert reader.returncode == 0, out + err
        assert out.strip() == "changed locked=True"
    finally:
        stop_process(service)
        for pipe in (service.stdout, service.stderr):
            if pipe is not None:
                pipe.close()
