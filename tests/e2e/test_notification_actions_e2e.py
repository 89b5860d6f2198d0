"""Notifications that act, end to end: the real app, the capture server as the desktop.

A planned block's "Start now" starts it; the hard stop's notification is critical and its
"Snooze" opens overtime in the log; in strict mode the hard stop offers no snooze, and a
hard stop whose sound cannot play says so in its own notification. The
capture server emits ActionInvoked from its own connection, as a desktop does.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from notification_capture import action_labels, urgency
from test_tray_e2e import midday_zone, rows, use_pattern
from virtual_desktop import poll_until

pytestmark = pytest.mark.e2e

APP_ID = "io.github.focusdesk.FocusDesk"


def next_minute(zone: str, at_least: float = 10) -> datetime:
    """The next whole local minute at least `at_least` seconds away."""
    now = datetime.now(ZoneInfo(zone))
    return (now + timedelta(seconds=at_least)).replace(second=0, microsecond=0) + timedelta(
        minutes=1
    )


def seconds_until(moment: datetime) -> float:
    return (moment - datetime.now(moment.tzinfo)).total_seconds()


# Two minute boundaries to wait for (the pattern speaks whole minutes): up to 150 s.
@pytest.mark.timeout(240)
def test_start_now_starts_the_planned_block_and_snooze_snoozes_the_critical_hard_stop(
    launch_app, e2e_env, tray_icon_window, notifications
):
    env = e2e_env
    env["TZ"] = midday_zone()
    data = Path(env["FOCUSDESK_DATA_DIR"])
    database = data / "focusdesk.sqlite3"
    start = next_minute(env["TZ"])
    stop = start + timedelta(minutes=1)
    use_pattern(
        data,
        "e2e-actions",
        "[days.mon-sun]\n"
        f'hard_stop = "{stop:%H:%M}"\n'
        f'blocks = [{{ kind = "focus", start = "{start:%H:%M}", end = "{stop:%H:%M}", '
        'label = "Write the report" }]\n',
    )
    app = launch_app("run")
    tray_icon_window(app)

    due = notifications.wait_for(
        lambda n: n["summary"] == "Planned: Write the report", timeout=seconds_until(start) + 20
    )
    assert action_labels(due) == {"start": "Start now", "skip": "Skip", "default": "Start now"}
    assert due["hints"]["desktop-entry"] == APP_ID
    assert due["hints"]["suppress-sound"] is True
    notifications.invoke_action(due["id"], "start")
    focus = poll_until(
        lambda: rows(database, "SELECT * FROM sessions WHERE kind = 'focus'") or None,
        15,
        "the planned block running after 'Start now'",
    )[0]
    assert (focus["label"], focus["outcome"]) == ("Write the report", "running")

    ring = notifications.wait_for(
        lambda n: n["summary"] == "Hard stop — time to close the day",
        timeout=seconds_until(stop) + 20,
    )
    assert urgency(ring) == 2
    assert ring["hints"]["category"] == "x-focusdesk.hard-stop"
    # Honest sound: where FocusDesk cannot ring (a machine without audio, like CI), the
    # notification says so and asks the desktop for a sound; otherwise it keeps quiet.
    if "\nNo sound: " in ring["body"]:
        assert ring["hints"]["sound-name"] == "alarm-clock-elapsed"
        assert "suppress-sound" not in ring["hints"]
    else:
        assert ring["hints"]["suppress-sound"] is True
    labels = action_labels(ring)
    assert labels["ritual"] == "Open ritual" and labels["snooze"] == "Snooze 10 min"
    notifications.invoke_action(ring["id"], "snooze")
    overtime = poll_until(
        lambda: rows(database, "SELECT * FROM sessions WHERE kind = 'overtime'") or None,
        15,
        "an overtime session after 'Snooze'",
    )[0]
    assert overtime["outcome"] == "running"
    snoozed = notifications.wait_for(lambda n: n["summary"] == "Hard stop snoozed")
    # One notification per thing: the snooze note replaces the hard stop's.
    assert snoozed["replaces_id"] == ring["id"]
    (day,) = rows(database, "SELECT snoozes FROM days")
    assert day["snoozes"] == 1
    app.assert_running()


def test_strict_mode_offers_no_snooze_and_a_hard_stop_that_cannot_sound_says_so(
    launch_app, e2e_env, tray_icon_window, notifications
):
    env = e2e_env
    env["TZ"] = midday_zone()
    data = Path(env["FOCUSDESK_DATA_DIR"])
    stop = next_minute(env["TZ"])
    use_pattern(data, "e2e-strict", f'[days.mon-sun]\nhard_stop = "{stop:%H:%M}"\n')
    # The user's own hard-stop sound is not a sound at all: with or without an audio
    # device, the hard stop cannot be heard (the sound player says so when it exits).
    broken = data / "my-gong.wav"
    broken.write_bytes(b"RIFF\x00\x00\x00\x00not a wave file at all")
    # The pattern's defaults come from use_pattern; strict is the user's override.
    settings = data / "settings.toml"
    settings.write_text(
        settings.read_text("utf-8")
        + f"\n[defaults]\nstrict = true\n\n[sound]\nhard_stop = {str(broken)!r}\n",
        "utf-8",
    )
    app = launch_app("run")
    tray_icon_window(app)
    ring = notifications.wait_for(
        lambda n: n["summary"] == "Hard stop — time to close the day",
        timeout=seconds_until(stop) + 20,
    )
    assert urgency(ring) == 2
    assert action_labels(ring) == {"ritual": "Open ritual", "default": "Open ritual"}
    # Said in the hard stop's own notification (replacing it once the player has failed),
    # which then asks the desktop for its sound instead of suppressing it.
    silent = notifications.wait_for(
        lambda n: (
            n["summary"] == "Hard stop — time to close the day" and "\nNo sound: " in n["body"]
        ),
        timeout=20,
    )
    assert silent["id"] == ring["id"] or silent["replaces_id"] == ring["id"]
    assert silent["hints"]["sound-name"] == "alarm-clock-elapsed"
    assert "suppress-sound" not in silent["hints"]
    assert action_labels(silent) == {"ritual": "Open ritual", "default": "Open ritual"}
    app.assert_running()
