"""The running app under adversity (issue 16): private files, bad text, failed writes, restarts."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_tray_app import Harness

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def make_harness(tmp_path: Path, qapp: Any) -> Iterator[Any]:
    made: list[Harness] = []

    def make(**kwargs: Any) -> Harness:
        h = Harness(tmp_path / "data", **kwargs)
        made.append(h)
        return h

    yield make
    for h in made:
        h.app.shutdown()
        h.app.ritual_window.close()
        if h.app.fallback_window is not None:
            h.app.fallback_window.deleteLater()


def test_start_up_tightens_a_log_left_readable_by_others_and_says_so_once(
    make_harness: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "data"
    first = make_harness()
    first.app.start()
    first.app.shutdown()
    data.chmod(0o755)
    (data / "focusdesk.sqlite3").chmod(0o644)

    with caplog.at_level(logging.INFO, logger="focusdesk"):
        make_harness().app.start()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "focusdesk.sqlite3").stat().st_mode) == 0o600
    lines = [r.getMessage() for r in caplog.records if "readable by other users" in r.getMessage()]
    assert len(lines) == 1 and str(data / "focusdesk.sqlite3") in lines[0]
