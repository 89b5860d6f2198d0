"""The real app under Xvfb with trayer and a notification capture: a click on the icon
starts a block, and a hard stop a minute away rings, shows the ritual and saves the day."""

from __future__ import annotations

import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from virtual_desktop import poll_until

pytestmark = pytest.mark.e2e


def rows(database: Path, sql: str) -> list[sqlite3.Row]:
    if not database.exists():
        return []
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return list(conn.execute(sql))
    except sqlite3.OperationalError:  # not migrated yet
        return []
    finally:
        conn.close()


def xdotool(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        ["xdotool", *args], env=env, check=True, capture_output=True, text=True, timeout=10
    ).stdout


def visible_windows_named(env: dict[str, str], name: str) -> list[str] | None:
    """Ids of visible windows whose title contains `name`; None while there is none yet."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", name],
        env=env,
        capture_output=True,
        text=True,
        timeout=10,
    )
    return found.stdout.split() or None  # xdotool exits 1 when nothing matches


def midday_zone() -> str:
    """A fixed-offset zone where it is about midday now: far from the 04:00 day boundary."""
    offset = 12 - datetime.now(UTC).hour  # local = UTC + offset
    offset = max(-12, min(14, offset))
    # POSIX sign convention: Etc/GMT-5 is five hours *ahead* of UTC.
    return "Etc/GMT" + (f"-{offset}" if offset > 0 else f"+{-offset}" if offset < 0 else "")


def use_pattern(data: Path, pattern_id: str, days: str) -> None:
    """Write a user pattern (the loader's TOML format) and select it in the settings."""
    (data / "patterns").mkdir(parents=True, exist_ok=True)
    (data / "patterns" / f"{pattern_id}.toml").write_text(
        f'id = "{pattern_id}"\nname = "{pattern_id}"\nmodel = "balance"\n'
        'checklist = ["Close the laptop", "Write tomorrow\'s task"]\n\n'
        "[defaults]\nprestop_warnings = []\n\n" + days,
        encoding="utf-8",
    )
    (data / "settings.toml").write_text(f'pattern = "{pattern_id}"\n', encoding="utf-8")


def test_a_real_click_on_the_tray_icon_starts_a_focus_block(
    launch_app, e2e_env, tray_icon_window, virtual_desktop, screenshot
):
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    database = data / "focusdesk.sqlite3"
    # No hard stop and no protected day, whatever time the test runs at.
    use_pattern(data, "e2e-open", "[days.mon-sun]\n")
    app = launch_app("run")
    icon = tray_icon_window(app)
    x, y = icon.centre

    xdotool(e2e_env, "mousemove", str(x), str(y), "click", "1")

    focus = poll_until(
        lambda: rows(database, "SELECT * FROM sessions WHERE kind = 'focus'") or None,
        15,
        "a focus session in the log after the click",
    )
    assert focus[0]["outcome"] == "running"
    assert focus[0]["ended_at"] is None
    app.assert_running()

    # A second click while the block runs shows what is running (a short menu)
    # instead of starting another. It lands 8 px away from the first, beyond
    # Qt's double-click distance, so it is never read as a double-click.
    second_y = icon.y + icon.height // 2 + (8 if icon.height >= 24 else 4)
    xdotool(e2e_env, "mousemove", str(x), str(second_y), "click", "1")
    running_menu = wait_for_menu(virtual_desktop, app, "the running block's menu")
    screenshot("running-menu")
    close_menu(virtual_desktop, e2e_env, running_menu)
    assert len(rows(database, "SELECT * FROM sessions")) == 1

    # The right-click menu has every action: it is taller than the running one.
    xdotool(e2e_env, "click", "3")
    full_menu = wait_for_menu(virtual_desktop, app, "the right-click menu")
    close_menu(virtual_desktop, e2e_env, full_menu)
    assert full_menu[2] > running_menu[2]


def test_the_right_click_menu_is_shown(
    launch_app, e2e_env, tray_icon_window, virtual_desktop, screenshot
):
    app = launch_app("run")
    x, y = tray_icon_window(app).centre
    xdotool(e2e_env, "mousemove", str(x), str(y), "click", "3")
    menu = wait_for_menu(virtual_desktop, app, "the right-click menu")
    screenshot("tray-menu")
    # A menu of a dozen lines of text, not a sliver or an empty popup.
    _window, width, height = menu
    assert width >= 100 and height >= 150
    close_menu(virtual_desktop, e2e_env, menu)
    app.assert_running()


def popups(virtual_desktop, app) -> dict[int, tuple[int, int]]:
    """Window id → (width, height) of the app's visible popups (menus, tooltips):
    override-redirect top-level windows, unlike a normal window such as the welcome."""
    x = virtual_desktop.x
    found = {}
    for window, _title in x.top_level_windows_of(app.pid):
        if x.is_override_redirect(window):
            geometry = xdotool(virtual_desktop.env, "getwindowgeometry", str(window))
            width, height = geometry.split("Geometry: ")[1].split()[0].split("x")
            found[window] = (int(width), int(height))
    return found


def wait_for_menu(virtual_desktop, app, what: str) -> tuple[int, int, int]:
    """(window, width, height) of the menu that opened: a popup taller than a
    one-line tooltip (a menu has at least five lines)."""

    def menu() -> tuple[int, int, int] | None:
        menus = [(w, *size) for w, size in popups(virtual_desktop, app).items() if size[1] >= 80]
        return menus[0] if len(menus) == 1 else None

    return poll_until(menu, 10, what)


def close_menu(virtual_desktop, env, menu: tuple[int, int, int]) -> None:
    xdotool(env, "key", "Escape")
    poll_until(lambda: not virtual_desktop.x.is_viewable(menu[0]), 10, "the menu to close")


def test_a_hard_stop_a_minute_away_rings_shows_the_ritual_and_saves_the_day(
    launch_app, e2e_env, tray_icon_window, notifications, screenshot, virtual_desktop, focusdesk_cli
):
    env = e2e_env  # launch_app starts the app with this very dict
    env["TZ"] = midday_zone()
    data = Path(env["FOCUSDESK_DATA_DIR"])
    database = data / "focusdesk.sqlite3"
    # The pattern format speaks whole minutes: ring at the next minute, at least 10 s away.
    from zoneinfo import ZoneInfo

    local_now = datetime.now(ZoneInfo(env["TZ"]))
    stop = (local_now + timedelta(seconds=10)).replace(second=0, microsecond=0) + timedelta(
        minutes=1
    )
    use_pattern(data, "e2e-soon", f'[days.mon-sun]\nhard_stop = "{stop:%H:%M}"\n')

    app = launch_app("run")
    tray_icon_window(app)

    wait = (stop - datetime.now(ZoneInfo(env["TZ"]))).total_seconds() + 20
    rung = notifications.wait_for(
        lambda n: n["summary"] == "Hard stop — time to close the day", timeout=wait
    )
    assert f"{stop:%H:%M}" in rung["body"]

    window_id = poll_until(
        lambda: visible_windows_named(env, "close the day"),
        10,
        "the shutdown-ritual window",
    )[0]
    screenshot("shutdown-ritual")

    # It is a process of its own, the app's child: all it draws goes when it closes.
    ritual_pid = int(xdotool(env, "getwindowpid", window_id).strip())
    assert ritual_pid != app.pid
    assert Path(f"/proc/{ritual_pid}/stat").read_text().rsplit(")", 1)[1].split()[1] == str(app.pid)

    geometry = xdotool(env, "getwindowgeometry", window_id)
    position = geometry.split("Position: ")[1].split()[0].split(",")
    size = geometry.split("Geometry: ")[1].split()[0].split("x")
    left, top = int(position[0]), int(position[1])
    width, height = int(size[0]), int(size[1])
    # The window opens with tomorrow's one big task focused; without a window manager
    # the keyboard follows the pointer, so point at the window and type.
    xdotool(env, "mousemove", str(left + width // 2), str(top + 10))
    xdotool(env, "type", "--delay", "20", "Ship the e2e test")

    # Closed with the window manager's close ("not now"): its process goes, the app
    # keeps what was typed, and the ritual opened again starts from it.
    virtual_desktop.x.request_close(int(window_id))
    poll_until(
        lambda: not Path(f"/proc/{ritual_pid}").exists() or None, 10, "the ritual's process to end"
    )
    app.assert_running()
    assert focusdesk_cli("open", "ritual").returncode == 0
    window_id = poll_until(
        lambda: visible_windows_named(env, "close the day"), 20, "the ritual window again"
    )[0]
    ritual_pid = int(xdotool(env, "getwindowpid", window_id).strip())
    geometry = xdotool(env, "getwindowgeometry", window_id)
    position = geometry.split("Position: ")[1].split()[0].split(",")
    assert (int(position[0]), int(position[1])) == (left, top)  # where it was left
    # "Done — close the day" sits in the bottom-right corner.
    xdotool(env, "mousemove", str(left + width - 70), str(top + height - 22), "click", "1")

    day = poll_until(
        lambda: rows(database, "SELECT * FROM days WHERE big_task_tomorrow != ''") or None,
        10,
        "a day row with tomorrow's big task after pressing done",
    )[0]
    assert day["big_task_tomorrow"] == "Ship the e2e test"
    assert day["pattern_id"] == "e2e-soon"
    assert day["hard_stop_planned"] is not None
    poll_until(
        lambda: not Path(f"/proc/{ritual_pid}").exists() or None, 10, "the ritual's process to end"
    )
    app.assert_running()
