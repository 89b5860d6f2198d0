"""Hooks run as argument lists, in order, with a timeout, and never hold up the UI."""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.shell.boundary import hook_runner
from focusdesk.shell.boundary.hook_runner import HookOutcome, HookRunner

LOCAL = timezone(timedelta(hours=1))
ENDS = datetime(2026, 3, 2, 11, 0, tzinfo=LOCAL)
#: Upper bound for waiting on a real child process; not a speed assertion.
PATIENCE_MS = 15_000


def write_script(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def recording_hook(tmp_path: Path) -> tuple[Path, Path]:
    """A hook that appends its argv and FOCUSDESK_* environment as one JSON line."""
    record = tmp_path / "calls.jsonl"
    script = write_script(
        tmp_path / "record-hook",
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"with open({str(record)!r}, 'a', encoding='utf-8') as out:\n"
        "    env = {k: v for k, v in os.environ.items() if k.startswith('FOCUSDESK_')}\n"
        "    out.write(json.dumps({'argv': sys.argv[1:], 'env': env}) + '\\n')\n",
    )
    return script, record


def calls(record: Path) -> list[dict[str, object]]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]


def status(state: EngineState, label: str = "", ends_at: datetime | None = None) -> StatusSnapshot:
    return StatusSnapshot(state=state, pattern_id="portfolio-day", label=label, ends_at=ends_at)


def wait_idle(qtbot: QtBot, runner: HookRunner) -> None:
    qtbot.waitUntil(runner.is_idle, timeout=PATIENCE_MS)


def test_each_change_reaches_the_hook_in_order_with_arguments_and_environment(
    qtbot: QtBot, recording_hook: tuple[Path, Path]
) -> None:
    script, record = recording_hook
    runner = HookRunner([[str(script), "--room", "study"]], timeout_seconds=10)
    on = status(EngineState.ON)
    focus = status(EngineState.FOCUS, "Client A", ENDS)
    buffer = status(EngineState.BUFFER, "Client A", ENDS + timedelta(minutes=10))

    # Three changes in a row, without waiting: runs of one hook queue up in order.
    runner.status_changed(None, on)
    runner.status_changed(on, focus)
    runner.status_changed(focus, buffer)
    wait_idle(qtbot, runner)

    seen = calls(record)
    assert [c["argv"] for c in seen] == [
        ["--room", "study", "--old-state=", "--new-state=on", "--label=", "--ends-at="],
        [
            "--room",
            "study",
            "--old-state=on",
            "--new-state=focus",
            "--label=Client A",
            "--ends-at=2026-03-02T11:00:00+01:00",
        ],
        [
            "--room",
            "study",
            "--old-state=focus",
            "--new-state=buffer",
            "--label=Client A",
            "--ends-at=2026-03-02T11:10:00+01:00",
        ],
    ]
    last_env = seen[-1]["env"]
    assert isinstance(last_env, dict)
    assert last_env["FOCUSDESK_OLD_STATE"] == "focus"
    assert last_env["FOCUSDESK_STATE"] == "buffer"
    assert last_env["FOCUSDESK_BOUNDARY"] == "on"
    assert last_env["FOCUSDESK_LABEL"] == "Client A"
    assert last_env["FOCUSDESK_ENDS_AT"] == "2026-03-02T11:10:00+01:00"


def test_a_label_with_shell_metacharacters_arrives_as_one_plain_argument(
    qtbot: QtBot, recording_hook: tuple[Path, Path], tmp_path: Path
) -> None:
    script, record = recording_hook
    pwned = tmp_path / "pwned"
    label = f"$(touch {pwned}); rm -rf ~ \"quoted\" 'x' | && ; `touch {pwned}` > {pwned}"
    runner = HookRunner([[str(script)]], timeout_seconds=10)
    runner.status_changed(None, status(EngineState.FOCUS, label, ENDS))
    wait_idle(qtbot, runner)

    [call] = calls(record)
    assert call["argv"] == [
        "--old-state=",
        "--new-state=focus",
        f"--label={label}",
        "--ends-at=2026-03-02T11:00:00+01:00",
    ]
    env = call["env"]
    assert isinstance(env, dict)
    assert env["FOCUSDESK_LABEL"] == label
    assert not pwned.exists(), "the label was interpreted by a shell"


def test_the_countdown_ticking_does_not_run_hooks_again(
    qtbot: QtBot, recording_hook: tuple[Path, Path]
) -> None:
    script, record = recording_hook
    runner = HookRunner([[str(script)]], timeout_seconds=10)
    focus = status(EngineState.FOCUS, "Writing", ENDS)
    runner.status_changed(None, focus)
    runner.status_changed(focus, focus)
    wait_idle(qtbot, runner)
    assert len(calls(record)) == 1


def test_a_failing_hook_is_logged_each_time_but_reported_once(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    script = write_script(tmp_path / "broken-lamp", "#!/bin/sh\necho 'lamp offline' >&2\nexit 3\n")
    reported: list[str] = []
    runner = HookRunner([[str(script)]], timeout_seconds=10, on_failure=reported.append)
    outcomes: list[HookOutcome] = []
    runner.hook_finished.connect(outcomes.append)

    with caplog.at_level(logging.WARNING, logger="focusdesk.hooks"):
        runner.status_changed(None, status(EngineState.ON))
        runner.status_changed(status(EngineState.ON), status(EngineState.FOCUS, "x", ENDS))
        wait_idle(qtbot, runner)

    assert [o.problem for o in outcomes] == ["exited with status 3"] * 2
    assert outcomes[0].output == "lamp offline"
    assert reported == [f"The hook “{script}” exited with status 3."]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert "lamp offline" in warnings[0]


def test_a_hook_that_works_again_is_reported_again_when_it_next_fails(
    qtbot: QtBot, tmp_path: Path
) -> None:
    flag = tmp_path / "fail"
    script = write_script(tmp_path / "flaky", f"#!/bin/sh\n[ -e '{flag}' ] && exit 1\nexit 0\n")
    reported: list[str] = []
    runner = HookRunner([[str(script)]], timeout_seconds=10, on_failure=reported.append)
    states = [status(s) for s in (EngineState.ON, EngineState.OFF, EngineState.ON)]

    flag.touch()
    runner.status_changed(None, states[0])
    wait_idle(qtbot, runner)
    flag.unlink()
    runner.status_changed(states[0], states[1])
    wait_idle(qtbot, runner)
    flag.touch()
    runner.status_changed(states[1], states[2])
    wait_idle(qtbot, runner)

    assert len(reported) == 2


def test_a_missing_program_is_reported_as_not_found(qtbot: QtBot, tmp_path: Path) -> None:
    reported: list[str] = []
    missing = tmp_path / "no-such-lamp"
    runner = HookRunner([[str(missing), "on"]], timeout_seconds=10, on_failure=reported.append)
    with qtbot.waitSignal(runner.hook_finished, timeout=PATIENCE_MS) as finished:
        runner.status_changed(None, status(EngineState.ON))
    outcome = finished.args[0]
    assert isinstance(outcome, HookOutcome)
    assert outcome.problem == "was not found"
    assert reported == [f"The hook “{missing} on” was not found."]
    wait_idle(qtbot, runner)


def test_a_hanging_hook_does_not_block_and_is_killed_with_its_children(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The timeout fires when the test says so, once the hook has started its
    # child: a real 0.5 s raced with a busy machine starting the shell.
    held: list[QTimer] = []

    class HeldTimer(QTimer):
        def start(self, *args: object) -> None:
            held.append(self)

    monkeypatch.setattr(hook_runner, "QTimer", HeldTimer)
    child_pid_file = tmp_path / "child.pid"
    script = write_script(
        tmp_path / "hang",
        f"#!/bin/sh\nsleep 60 &\necho $! > '{child_pid_file}.new'\n"
        f"mv '{child_pid_file}.new' '{child_pid_file}'\nwait\n",
    )
    reported: list[str] = []
    runner = HookRunner([[str(script)]], timeout_seconds=7, on_failure=reported.append)
    outcomes: list[HookOutcome] = []
    runner.hook_finished.connect(outcomes.append)

    runner.status_changed(None, status(EngineState.FOCUS, "x", ENDS))
    # status_changed has returned while the hook still runs: the UI thread is free.
    assert not runner.is_idle()
    assert outcomes == []
    assert len(held) == 1  # its timeout was armed

    qtbot.waitUntil(child_pid_file.exists, timeout=PATIENCE_MS)
    child = int(child_pid_file.read_text(encoding="utf-8"))
    assert _alive(child)
    QTimer.start(held[0], 0)  # the 7 s are up
    wait_idle(qtbot, runner)
    assert [o.problem for o in outcomes] == ["timed out after 7 s and was stopped"]
    assert reported == [f"The hook “{script}” timed out after 7 s and was stopped."]
    # SIGKILL to the group is delivered at once, but the kernel may take a moment to
    # tear the child down on a busy machine: wait for it, with a deadline.
    qtbot.waitUntil(lambda: not _alive(child), timeout=5000)


def test_a_hung_hook_does_not_hold_up_another_hook(
    qtbot: QtBot, tmp_path: Path, recording_hook: tuple[Path, Path]
) -> None:
    script, record = recording_hook
    hang = write_script(tmp_path / "hang", "#!/bin/sh\nexec sleep 60\n")
    runner = HookRunner([[str(hang)], [str(script)]], timeout_seconds=30)
    runner.status_changed(None, status(EngineState.ON))
    qtbot.waitUntil(lambda: len(calls(record)) == 1, timeout=PATIENCE_MS)
    assert not runner.is_idle()  # the hung one is still running
    runner.stop_all()
    wait_idle(qtbot, runner)


def test_settings_changes_replace_the_hooks(
    qtbot: QtBot, recording_hook: tuple[Path, Path]
) -> None:
    script, record = recording_hook
    runner = HookRunner([], timeout_seconds=10)
    runner.status_changed(None, status(EngineState.ON))
    runner.configure([[str(script)]], 5)
    runner.status_changed(status(EngineState.ON), status(EngineState.OFF))
    wait_idle(qtbot, runner)
    assert [c["argv"][1] for c in calls(record)] == ["--new-state=off"]  # type: ignore[index]
    with pytest.raises(ValueError, match="timeout must be positive"):
        runner.configure([], 0)


def test_on_quit_hooks_are_told_the_boundary_is_off(
    qtbot: QtBot, recording_hook: tuple[Path, Path]
) -> None:
    script, record = recording_hook
    runner = HookRunner([[str(script)]], timeout_seconds=10)
    runner.run_detached_final(status(EngineState.FOCUS, "Writing", ENDS))
    # Detached: nothing for the runner to wait on; the record appears when the child is done.
    assert runner.is_idle()
    qtbot.waitUntil(lambda: len(calls(record)) == 1, timeout=PATIENCE_MS)
    [call] = calls(record)
    assert call["argv"] == ["--old-state=focus", "--new-state=off", "--label=", "--ends-at="]


def _alive(pid: int) -> bool:
    """Running (a zombie left for a reaper counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in {"Z", "X"} and _exists(pid)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
