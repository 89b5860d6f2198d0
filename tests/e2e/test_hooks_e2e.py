"""The real app calls the user's hooks on each boundary change, in order, and a hook that
hangs or fails never holds the app up (SPEC §4)."""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

import pytest
from virtual_desktop import poll_until

pytestmark = pytest.mark.e2e


def recording_hook(folder: Path) -> tuple[Path, Path]:
    """A hook script that appends its arguments and FOCUSDESK_* variables as one JSON line."""
    record = folder / "hook-calls.jsonl"
    script = folder / "record-hook"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"with open({str(record)!r}, 'a', encoding='utf-8') as out:\n"
        "    env = {k: v for k, v in os.environ.items() if k.startswith('FOCUSDESK_')}\n"
        "    out.write(json.dumps({'argv': sys.argv[1:], 'env': env}) + '\\n')\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script, record


def configure(data: Path, hooks: list[list[str]], timeout_seconds: int) -> None:
    """An always-open pattern (no hard stop, no protected day) and the hooks, in settings.toml."""
    (data / "patterns").mkdir(parents=True, exist_ok=True)
    (data / "patterns" / "e2e-hooks.toml").write_text(
        'id = "e2e-hooks"\nname = "e2e-hooks"\nmodel = "balance"\n\n'
        "[defaults]\nprestop_warnings = []\n\n[days.mon-sun]\n",
        encoding="utf-8",
    )
    hook_lines = ", ".join(json.dumps(hook) for hook in hooks)
    (data / "settings.toml").write_text(
        'pattern = "e2e-hooks"\n\n'
        f"[signal]\nhooks = [{hook_lines}]\nhook_timeout_seconds = {timeout_seconds}\n",
        encoding="utf-8",
    )


def calls(record: Path) -> list[dict[str, object]]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]


def transitions(record: Path) -> list[tuple[str, str]]:
    result = []
    for call in calls(record):
        env = call["env"]
        assert isinstance(env, dict)
        result.append((env["FOCUSDESK_OLD_STATE"], env["FOCUSDESK_STATE"]))
    return result


def focus_sessions(database: Path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return list(conn.execute("SELECT * FROM sessions WHERE kind = 'focus'"))
    finally:
        conn.close()


#: A label a careless hook runner would execute: it must arrive as one plain argument.
NASTY_LABEL = "$(touch /tmp/focusdesk-pwned); rm -rf ~ \"q\" 'x' | && ; `id`"


def test_a_hook_hears_every_change_in_order(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli, tmp_path
):
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    script, record = recording_hook(tmp_path)
    configure(data, [[str(script), "--lamp", "study"]], timeout_seconds=10)
    app = launch_app("run")
    tray_icon_window(app)

    # Start-up: the hook learns the current state (old state empty).
    poll_until(lambda: transitions(record) or None, 20, "the start-up hook call")
    [(old, first)] = transitions(record)
    assert old == ""
    assert first in ("off", "on")  # as the pattern has it at this hour

    # A three-second block from the command line; the buffer follows by itself; stopping
    # the buffer brings the state back to "on".
    started = focusdesk_cli("start", "--minutes", "0.05", "--label", NASTY_LABEL)
    assert started.returncode == 0, started.stderr
    poll_until(lambda: len(transitions(record)) >= 3 or None, 30, "focus, then the buffer")
    assert focusdesk_cli("stop").returncode == 0
    poll_until(lambda: len(transitions(record)) >= 4 or None, 20, "back to on")

    *_, (_, after) = transitions(record)
    assert transitions(record) == [
        ("", first),
        (first, "focus"),
        ("focus", "buffer"),
        ("buffer", after),
    ]
    assert after == "on"  # SPEC §3: buffer ends → state "on"
    start_call = calls(record)[1]
    argv = start_call["argv"]
    assert isinstance(argv, list)
    assert argv[:4] == ["--lamp", "study", f"--old-state={first}", "--new-state=focus"]
    assert argv[4] == f"--label={NASTY_LABEL}"
    assert not Path("/tmp/focusdesk-pwned").exists()
    ends_at = datetime.fromisoformat(argv[5].removeprefix("--ends-at="))
    assert ends_at.tzinfo is not None
    env = start_call["env"]
    assert isinstance(env, dict)
    assert env["FOCUSDESK_BOUNDARY"] == "on"
    assert env["FOCUSDESK_ENDS_AT"] == ends_at.isoformat()

    # The state file follows too.
    state_file = Path(env["FOCUSDESK_STATE_FILE"])
    assert json.loads(state_file.read_text(encoding="utf-8"))["state"] == "on"

    # Quitting marks the state file, and tells the hook the boundary is off.
    assert app.stop() == 0
    poll_until(lambda: ("on", "off") in transitions(record) or None, 20, "off at quit")
    final = json.loads(state_file.read_text(encoding="utf-8"))
    assert (final["state"], final["app_running"]) == ("off", False)


def test_a_hanging_and_a_failing_hook_do_not_hold_the_app_up(
    launch_app, e2e_env, tray_icon_window, focusdesk_cli, notifications, tmp_path
):
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    hang = tmp_path / "hang"
    hang.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")
    hang.chmod(0o755)
    fail = tmp_path / "fail"
    fail.write_text("#!/bin/sh\necho 'lamp unreachable' >&2\nexit 4\n", encoding="utf-8")
    fail.chmod(0o755)
    script, record = recording_hook(tmp_path)
    # The timeout is longer than the test: the hung hook is still running throughout.
    configure(data, [[str(hang)], [str(fail)], [str(script)]], timeout_seconds=300)
    app = launch_app("run")
    tray_icon_window(app)
    poll_until(lambda: transitions(record) or None, 20, "the start-up hook call")
    state_file = Path(calls(record)[0]["env"]["FOCUSDESK_STATE_FILE"])  # type: ignore[index]

    assert focusdesk_cli("start", "--minutes", "0.05").returncode == 0
    # The app keeps answering while a hook hangs (the CLI waits at most a few seconds).
    status = focusdesk_cli("status", "--json", timeout=15)
    assert status.returncode == 0, status.stderr
    # The next hooks run, and the state file follows.
    poll_until(lambda: ("focus", "buffer") in transitions(record) or None, 30, "the buffer")
    assert json.loads(state_file.read_text(encoding="utf-8"))["state"] == "buffer"
    app.assert_running()
    [block] = focus_sessions(data / "focusdesk.sqlite3")
    # The block ended at its planned end, not when a hook let go.
    assert block["outcome"] == "completed"
    assert block["actual_seconds"] <= block["planned_seconds"] + 2

    failure = notifications.wait_for(lambda n: n["summary"] == "FocusDesk hook failed")
    assert "exited with status 4" in failure["body"]
    # Reported once, although the failing hook ran at start-up and on two changes since.
    assert [n["summary"] for n in notifications.all()].count("FocusDesk hook failed") == 1
