"""One status change reaches the state file, the hooks, the light and the board."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from focusdesk.core.settings import Settings
from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.paths import DataPaths
from focusdesk.shell.boundary.boundary_outputs import BoundaryOutputs

LOCAL = timezone(timedelta(hours=1))
NOW = datetime(2026, 3, 2, 10, 37, tzinfo=LOCAL)
OFFSCREEN_RAISE = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))
    (tmp_path / "runtime").mkdir()
    return DataPaths(tmp_path / "data")


@pytest.fixture
def hook(tmp_path: Path) -> tuple[list[str], Path]:
    record = tmp_path / "calls.jsonl"
    script = tmp_path / "hook"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"with open({str(record)!r}, 'a') as out:\n"
        "    out.write(json.dumps([sys.argv[1:], os.environ['FOCUSDESK_STATE_FILE']]) + '\\n')\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return [str(script)], record


def focus() -> StatusSnapshot:
    return StatusSnapshot(
        state=EngineState.FOCUS,
        pattern_id="p",
        label="Writing",
        ends_at=datetime(2026, 3, 2, 11, 0, tzinfo=LOCAL),
        remaining_seconds=1380,
        total_seconds=5400,
    )


@OFFSCREEN_RAISE
def test_a_change_reaches_every_output(
    qtbot: QtBot, paths: DataPaths, hook: tuple[list[str], Path]
) -> None:
    command, record = hook
    settings = Settings(signal_light=True, hooks=(tuple(command),))
    outputs = BoundaryOutputs.create(paths, settings)
    assert outputs.light is not None
    qtbot.addWidget(outputs.light)
    board = outputs.open_board()
    qtbot.addWidget(board)

    outputs.status_changed(None, focus())

    assert json.loads(paths.state_file.read_text(encoding="utf-8"))["state"] == "focus"
    assert outputs.light.texts()[0] == "ON"
    assert board.texts()[0].startswith("Focus — back at 11:00")
    qtbot.waitUntil(outputs.hooks.is_idle, timeout=15_000)
    [(argv, state_file)] = [json.loads(line) for line in record.read_text().splitlines()]
    assert argv[1] == "--new-state=focus"
    assert state_file == str(paths.state_file)
    outputs.shut_down()


def test_a_failing_output_does_not_stop_the_others(
    qtbot: QtBot, paths: DataPaths, caplog: pytest.LogCaptureFixture
) -> None:
    outputs = BoundaryOutputs.create(paths, Settings())

    def broken(snapshot: StatusSnapshot) -> bool:
        raise RuntimeError("disk on fire")

    outputs.state_file.write = broken  # type: ignore[method-assign]
    reached: list[StatusSnapshot] = []
    outputs.hooks.status_changed = lambda previous, current: reached.append(current)  # type: ignore[method-assign]
    with caplog.at_level(logging.ERROR, logger="focusdesk.boundary"):
        outputs.status_changed(None, focus())
    assert reached == [focus()]
    assert "state file could not show the new state" in caplog.text


@OFFSCREEN_RAISE
def test_settings_switch_the_light_and_the_hooks(
    qtbot: QtBot, paths: DataPaths, hook: tuple[list[str], Path]
) -> None:
    command, _record = hook
    outputs = BoundaryOutputs.create(paths, Settings())
    assert outputs.light is None
    outputs.status_changed(None, focus())
    outputs.apply_settings(Settings(signal_light=True, signal_light_click_through=True))
    assert outputs.light is not None
    qtbot.addWidget(outputs.light)
    assert outputs.light.click_through
    assert outputs.light.texts()[0] == "ON", "a new light shows the current state at once"
    outputs.apply_settings(Settings(signal_light=False, hooks=(tuple(command),)))
    assert outputs.light is None
    assert outputs.hooks.hooks == (tuple(command),)


def test_on_quit_the_state_file_says_off_and_hooks_hear_it(
    qtbot: QtBot, paths: DataPaths, hook: tuple[list[str], Path]
) -> None:
    command, record = hook
    outputs = BoundaryOutputs.create(paths, Settings(hooks=(tuple(command),)))
    outputs.status_changed(None, focus())
    qtbot.waitUntil(outputs.hooks.is_idle, timeout=15_000)
    outputs.shut_down()
    data = json.loads(paths.state_file.read_text(encoding="utf-8"))
    assert (data["state"], data["app_running"]) == ("off", False)
    qtbot.waitUntil(lambda: len(record.read_text().splitlines()) == 2, timeout=15_000)
    last_argv = json.loads(record.read_text().splitlines()[-1])[0]
    assert last_argv[:2] == ["--old-state=focus", "--new-state=off"]
