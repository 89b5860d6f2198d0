"""A command whose write reached neither the log nor its journal is not reported as done (issue 16)."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from focusdesk.cli import control_client, control_cmd
from focusdesk.cli.errors import EXIT_ERROR, CliError
from focusdesk.paths import DataPaths


def test_an_unsaved_start_prints_the_status_then_fails_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    reply = {
        "ok": True,
        "status": {"state": "focus", "label": "x"},
        "unsaved": "not saved yet (No room to write the log); FocusDesk keeps it and retries",
    }
    monkeypatch.setattr(control_client, "send_request", lambda *_a, **_k: reply)
    args = argparse.Namespace(minutes=25.0, label="x", confirm_breach=False)
    with pytest.raises(CliError) as caught:
        control_cmd.start_block(args, DataPaths(tmp_path))
    assert caught.value.exit_code == EXIT_ERROR
    assert "not saved yet" in str(caught.value)
    assert capsys.readouterr().out.startswith("Focus: x")
