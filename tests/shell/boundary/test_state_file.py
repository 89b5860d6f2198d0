"""The state file: current state as JSON, replaced whole, private, "off" after quit."""

from __future__ import annotations

import json
import logging
import os
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.paths import DataPaths
from focusdesk.shell.boundary.state_file import StateFile

WRITTEN_AT = datetime(2026, 3, 2, 9, 45, tzinfo=UTC)
LOCAL = timezone(timedelta(hours=1))


def focus_block() -> StatusSnapshot:
    return StatusSnapshot(
        state=EngineState.FOCUS,
        pattern_id="deep-work-biome",
        label="Draft chapter 3",
        ends_at=datetime(2026, 3, 2, 11, 0, tzinfo=LOCAL),
        remaining_seconds=4500,
        total_seconds=5400,
    )


def state_file(path: Path) -> StateFile:
    return StateFile(path, now=lambda: WRITTEN_AT)


def test_the_file_holds_the_status_json_and_when_it_was_written(tmp_path: Path) -> None:
    path = tmp_path / "run" / "state.json"
    assert state_file(path).write(focus_block())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {
        **focus_block().to_json(),
        "updated_at": "2026-03-02T09:45:00+00:00",
        "app_running": True,
    }
    assert data["state"] == "focus"
    assert data["boundary"] == "on"
    assert data["ends_at"] == "2026-03-02T11:00:00+01:00"


def test_the_folder_is_private_and_the_file_is_the_users_only(tmp_path: Path) -> None:
    path = tmp_path / "run" / "state.json"
    state_file(path).write(focus_block())
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_too_open_existing_folder_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    state_file(folder / "state.json").write(focus_block())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_each_change_replaces_the_file_whole_and_leaves_no_temporary_files(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.json"
    states = state_file(path)
    states.write(focus_block())
    first_inode = path.stat().st_ino
    states.write(StatusSnapshot(state=EngineState.BUFFER, pattern_id="deep-work-biome"))
    assert json.loads(path.read_text(encoding="utf-8"))["state"] == "buffer"
    # os.replace swaps in a new file: a reader holding the old one never sees it half-written.
    assert path.stat().st_ino != first_inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_on_quit_the_file_says_off_and_that_the_app_is_not_running(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    states = state_file(path)
    states.write(focus_block())
    assert states.mark_stopped()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["state"] == "off"
    assert data["boundary"] == "off"
    assert data["label"] == ""
    assert data["remaining_seconds"] is None
    assert data["pattern"] == "deep-work-biome"
    assert data["app_running"] is False


def test_an_unwritable_folder_is_logged_once_and_never_raises(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the runtime folder should be", encoding="utf-8")
    states = state_file(blocker / "state.json")
    with caplog.at_level(logging.WARNING, logger="focusdesk.state_file"):
        assert not states.write(focus_block())
        assert not states.write(focus_block())
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "cannot write the state file" in warnings[0].getMessage()
    assert str(blocker) in warnings[0].getMessage()


def test_the_path_comes_from_the_runtime_dir_of_the_data_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "xdg-runtime"
    runtime.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    paths = DataPaths(tmp_path / "data")
    states = state_file(paths.state_file)
    states.write(focus_block())
    assert paths.state_file.parent == runtime / "focusdesk"
    assert paths.state_file.is_file()
    assert os.access(paths.state_file, os.R_OK)
