"""`focusdesk open …` and the launcher's actions, from a cold desktop and into a running app."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_tray_e2e import use_pattern, visible_windows_named
from virtual_desktop import poll_until

from focusdesk.paths import DataPaths

pytestmark = pytest.mark.e2e

OPEN_WEEK = "[days.mon-sun]\n"


@pytest.fixture
def detached_app(e2e_env: dict[str, str]) -> Iterator[list[int]]:
    """PIDs of apps the command line started on its own; stopped at teardown."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
        poll_until(lambda pid=pid: not Path(f"/proc/{pid}").exists(), 10, f"pid {pid} to quit")


def lock_holder(env: dict[str, str]) -> int:
    """The PID in the data folder's instance lock (QLockFile: the first line)."""
    lock = DataPaths.resolve(env["FOCUSDESK_DATA_DIR"]).instance_lock
    return int(lock.read_text().split()[0])


def test_open_review_starts_focusdesk_then_each_window_opens_in_it(
    e2e_env, focusdesk_cli, tray_icon_window, detached_app, screenshot
) -> None:
    use_pattern(Path(e2e_env["FOCUSDESK_DATA_DIR"]), "e2e-open", OPEN_WEEK)

    opened = focusdesk_cli("open", "review", timeout=60)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout == "FocusDesk: showing the week review.\n"
    detached_app.append(lock_holder(e2e_env))
    poll_until(lambda: visible_windows_named(e2e_env, "week review"), 15, "the review window")
    assert tray_icon_window() is not None  # the app runs as usual, icon and all

    for window, title in (("settings", "FocusDesk settings"), ("ritual", "close the day")):
        result = focusdesk_cli("open", window)
        assert result.returncode == 0, result.stderr
        poll_until(lambda title=title: visible_windows_named(e2e_env, title), 15, title)
    screenshot("open-windows")
    assert lock_holder(e2e_env) == detached_app[0]  # one app, not one per command


def test_the_start_focus_block_action_works_from_a_cold_desktop(
    e2e_env, focusdesk_cli, detached_app
) -> None:
    use_pattern(Path(e2e_env["FOCUSDESK_DATA_DIR"]), "e2e-open", OPEN_WEEK)

    started = focusdesk_cli("start", "--launch", "--minutes", "5", "--label", "launcher")
    assert started.returncode == 0, started.stderr
    detached_app.append(lock_holder(e2e_env))
    status = json.loads(focusdesk_cli("status", "--json").stdout)
    assert (status["state"], status["label"]) == ("focus", "launcher")
