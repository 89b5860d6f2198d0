"""The real app under adversity (issue 16): one app per real folder, a locked log, a full disk."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_tray_e2e import rows, use_pattern
from virtual_desktop import poll_until

pytestmark = pytest.mark.e2e

OPEN_WEEK = "[days.mon-sun]\n"


@pytest.fixture(autouse=True)
def same_source(e2e_env: dict[str, str]) -> None:
    """Run the processes from the source under test when a PYTHONPATH points at it."""
    if os.environ.get("PYTHONPATH"):
        e2e_env["PYTHONPATH"] = os.environ["PYTHONPATH"]


def status(focusdesk_cli) -> dict:
    result = focusdesk_cli("status", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_second_spelling_of_the_data_folder_starts_no_second_app_and_recovers_nothing(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli, tmp_path: Path
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-open", OPEN_WEEK)
    first = launch_app("run")
    tray_icon_window(first)
    assert focusdesk_cli("start", "--minutes", "20", "--label", "mine").returncode == 0

    # The same folder through a symlink, with another runtime folder: before,
    # a second app started, and its recovery closed the first one's block.
    (tmp_path / "alias").symlink_to(data)
    other_runtime = tmp_path / "other-run"
    other_runtime.mkdir(mode=0o700)
    e2e_env["FOCUSDESK_DATA_DIR"] = str(tmp_path / "alias")
    e2e_env["XDG_RUNTIME_DIR"] = str(other_runtime)
    second = launch_app("run")
    poll_until(lambda: second.popen.poll() is not None, 40, "the second launch to exit")
    assert second.popen.returncode != 0
    assert "another FocusDesk holds" in second.stderr()
    first.assert_running()
    database = data / "focusdesk.sqlite3"
    assert [(r["label"], r["outcome"]) for r in rows(database, "SELECT * FROM sessions")] == [
        ("mine", "running")
    ]
