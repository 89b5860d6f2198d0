"""The calendar watcher: reads off the UI thread, follows files that are replaced or appear later."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from pytestqt.qtbot import QtBot

from focusdesk.shell.desktop.calendar_watcher import CalendarWatcher


class Reader:
    """Records what it read and on which thread; can be held to simulate a slow read."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []
        self.threads: set[int] = set()
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, files: Sequence[Path]) -> dict[str, str]:
        self.gate.wait(10)
        self.threads.add(threading.get_ident())
        self.calls.append(tuple(str(f) for f in files))
        return {f.name: f.read_text() if f.exists() else "<missing>" for f in files}


def test_reads_run_off_the_ui_thread_and_come_back_on_it(qtbot: QtBot, tmp_path: Path) -> None:
    calendar = tmp_path / "a.ics"
    calendar.write_text("one")
    reader = Reader()
    watcher = CalendarWatcher(reader)
    with qtbot.waitSignal(watcher.calendars_read, timeout=5000) as delivered:
        watcher.set_files([calendar])
    assert delivered.args == [{"a.ics": "one"}]
    assert threading.get_ident() not in reader.threads
    watcher.stop()


def test_a_replaced_file_and_one_that_appears_later_are_read_again(
    qtbot: QtBot, tmp_path: Path
) -> None:
    calendar = tmp_path / "a.ics"
    later = tmp_path / "sub" / "b.ics"
    later.parent.mkdir()
    calendar.write_text("one")
    results: list[dict[str, str]] = []
    watcher = CalendarWatcher(Reader())
    watcher.calendars_read.connect(results.append)
    watcher.set_files([calendar, later])
    qtbot.waitUntil(lambda: results == [{"a.ics": "one", "b.ics": "<missing>"}], timeout=5000)
    replacement = tmp_path / "a.ics.part"
    replacement.write_text("two")
    replacement.replace(calendar)  # the old inode is gone: only the folder watch sees this
    qtbot.waitUntil(lambda: results[-1]["a.ics"] == "two", timeout=5000)
    calendar.write_text("three")  # and the new file is watched again
    qtbot.waitUntil(lambda: results[-1]["a.ics"] == "three", timeout=5000)
    later.write_text("born")
    qtbot.waitUntil(lambda: results[-1]["b.ics"] == "born", timeout=5000)
    watcher.stop()


def test_a_change_during_a_read_asks_for_exactly_one_more(qtbot: QtBot, tmp_path: Path) -> None:
    calendar = tmp_path / "a.ics"
    calendar.write_text("one")
    reader = Reader()
    reader.gate.clear()
    results: list[dict[str, str]] = []
    watcher = CalendarWatcher(reader)
    watcher.calendars_read.connect(results.append)
    watcher.set_files([calendar])
    assert watcher.busy
    watcher.refresh()
    watcher.refresh()
    calendar.write_text("two")
    reader.gate.set()
    qtbot.waitUntil(lambda: len(results) == 2, timeout=5000)
    qtbot.wait(700)  # the debounced change may add one more read, never a burst
    assert len(reader.calls) <= 3
    assert results[-1] == {"a.ics": "two"}
    watcher.stop()


def test_a_read_of_an_older_file_list_is_not_delivered(qtbot: QtBot, tmp_path: Path) -> None:
    old, new = tmp_path / "old.ics", tmp_path / "new.ics"
    old.write_text("old")
    new.write_text("new")
    reader = Reader()
    reader.gate.clear()
    results: list[dict[str, str]] = []
    watcher = CalendarWatcher(reader)
    watcher.calendars_read.connect(results.append)
    watcher.set_files([old])
    watcher.set_files([new])
    reader.gate.set()
    qtbot.waitUntil(lambda: results != [], timeout=5000)
    qtbot.wait(100)
    assert results == [{"new.ics": "new"}]
    watcher.stop()
