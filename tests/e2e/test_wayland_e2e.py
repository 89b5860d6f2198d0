"""FocusDesk on Wayland: an icon in a StatusNotifierItem tray (waybar), and no tray at all.

The host's side is driven as a host drives it: `Activate` on the item is what
a left click sends, the menu is read and clicked through com.canonical.dbusmenu.
Without a tray host (GNOME without the AppIndicator extension) the no-tray
window is the app; it is driven with real key presses.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from virtual_desktop import poll_until
from wayland_desktop import WaylandApp, WaylandDesktop, missing_tools

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
# A pattern with no hard stop and no protected day, whatever time the test runs at.
OPEN_WEEK_PATTERN = 'id = "e2e-open"\nname = "e2e-open"\nmodel = "balance"\n\n[days.mon-sun]\n'


def _desktop(with_tray: bool) -> Iterator[WaylandDesktop]:
    missing = missing_tools()
    if missing:
        reason = (
            f"Wayland e2e tools missing: {', '.join(missing)} "
            "(`bash scripts/run-tests.sh` installs them, given root or sudo)"
        )
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    desktop = WaylandDesktop(ARTIFACTS, with_tray=with_tray)
    try:
        desktop.start()
        yield desktop
    finally:
        desktop.stop()


@pytest.fixture(scope="module")
def sni_desktop() -> Iterator[WaylandDesktop]:
    """sway + waybar: a Wayland session whose tray speaks StatusNotifierItem."""
    yield from _desktop(with_tray=True)


@pytest.fixture(scope="module")
def bare_desktop() -> Iterator[WaylandDesktop]:
    """sway alone: a Wayland session with no tray host."""
    yield from _desktop(with_tray=False)


@pytest.fixture
def launch(request: pytest.FixtureRequest) -> Iterator[Any]:
    started: list[WaylandApp] = []

    def start(desktop: WaylandDesktop) -> WaylandApp:
        app = desktop.launch_app(
            "run",
            files={
                "settings.toml": 'pattern = "e2e-open"\n',
                "patterns/e2e-open.toml": OPEN_WEEK_PATTERN,
            },
        )
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()


def registered_item(desktop: WaylandDesktop, app: WaylandApp) -> str:
    def found() -> str | None:
        app.assert_running()
        items = desktop.tray_items()
        return items[0] if items else None

    return poll_until(found, 20, "FocusDesk's StatusNotifierItem in waybar's watcher")


def menu_entry(desktop: WaylandDesktop, item: str, label: str) -> dict[str, Any]:
    entries = desktop.sni("menu", item)
    matching = [e for e in entries if e.get("label", "").replace("&", "") == label]
    assert matching, f"no menu entry {label!r} in {[e.get('label') for e in entries]}"
    return matching[0]


def state(app: WaylandApp) -> str:
    return str(app.status()["state"])


def test_activating_the_tray_item_starts_a_focus_block(sni_desktop, launch) -> None:
    app = launch(sni_desktop)
    item = registered_item(sni_desktop, app)
    poll_until(lambda: app.cli("status").returncode == 0, 20, "the app's control socket")
    assert state(app) in ("off", "on")
    assert not [w for w in sni_desktop.windows() if w.get("app_id") == "focusdesk"], (
        "with a tray there is no FocusDesk window"
    )

    sni_desktop.sni("activate", item)  # what waybar sends on a left click

    poll_until(lambda: state(app) == "focus", 10, "a focus block after Activate")
    tooltip = poll_until(
        lambda: (
            (p := sni_desktop.sni("properties", item))["ToolTipTitle"].startswith("Focus") and p
        ),
        10,
        "the item's tooltip to say Focus",
    )
    assert "left" in tooltip["ToolTipTitle"]
    sni_desktop.screenshot("wayland-sni-icon-in-waybar")


def test_the_tray_menu_is_read_and_clicked_over_dbusmenu(sni_desktop, launch) -> None:
    app = launch(sni_desktop)
    item = registered_item(sni_desktop, app)
    poll_until(lambda: app.cli("status").returncode == 0, 20, "the app's control socket")

    start = menu_entry(sni_desktop, item, "Start focus block")
    assert start.get("visible", True) and start.get("enabled", True)
    assert not menu_entry(sni_desktop, item, "Pause").get("visible", True)
    sni_desktop.sni("click", item, str(start["id"]))
    poll_until(lambda: state(app) == "focus", 10, "a focus block after the menu click")

    # The menu follows the state: now Pause is there, and it works.
    pause = poll_until(
        lambda: (e := menu_entry(sni_desktop, item, "Pause")).get("visible", True) and e,
        10,
        "Pause to show in the menu",
    )
    sni_desktop.sni("click", item, str(pause["id"]))
    poll_until(lambda: state(app) == "paused", 10, "the block to pause after the menu click")


def test_without_a_tray_host_the_window_is_the_app(bare_desktop, launch) -> None:
    app = launch(bare_desktop)

    def fallback_window() -> dict[str, Any] | None:
        app.assert_running()
        windows = [w for w in bare_desktop.windows() if w.get("pid") == app.pid]
        return windows[0] if windows else None

    window = poll_until(fallback_window, 20, "the no-tray window on sway")
    assert window["name"] == "FocusDesk"
    assert window["visible"] and window["focused"]
    poll_until(lambda: app.cli("status").returncode == 0, 20, "the app's control socket")
    assert state(app) in ("off", "on")

    bare_desktop.type_keys("Return")  # Start focus block has the focus: Enter starts

    poll_until(lambda: state(app) == "focus", 10, "a focus block from the window's Start")
    bare_desktop.screenshot("wayland-no-tray-window")
