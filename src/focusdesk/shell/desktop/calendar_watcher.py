"""Keeps the calendar files read: on a change on disk, on request, never on the UI thread.

The watcher knows nothing of ICS: the root gives it a `read` function (run on a
worker thread, with the file list as it was when the read was asked for) and
gets the result back on the UI thread through `calendars_read`.

Editors and sync tools often replace a file (write a new one, rename it over
the old) instead of writing into it; the inode the watcher followed is then
gone and QFileSystemWatcher drops the path. So the folders are watched too,
and after every change each file is watched again if it exists. Changes come
in bursts (a sync tool writes, renames, touches): reads are debounced, and at
most one runs at a time; a change during a read asks for one more.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QRunnable, QThreadPool, QTimer, Signal

_log = logging.getLogger("focusdesk")

#: Wait this long after the last change on disk before reading.
DEBOUNCE_MS = 400

Reader = Callable[[Sequence[Path]], Any]


class _Delivery(QObject):
    """Carries a worker's result to the UI thread (a queued signal)."""

    finished = Signal(object, int)


class _ReadJob(QRunnable):
    def __init__(self, read: Reader, files: Sequence[Path], generation: int) -> None:
        super().__init__()
        self._read = read
        self._files = tuple(files)
        self._generation = generation
        self.delivery = _Delivery()

    def run(self) -> None:
        try:
            result = self._read(self._files)
        except Exception:  # the reader never raises; if it does, the app lives on
            _log.exception("reading the calendars failed")
            result = None
        self.delivery.finished.emit(result, self._generation)


class CalendarWatcher(QObject):
    """Reads the calendar files off the UI thread whenever they may have changed."""

    #: The reader's result (None if it failed), on the UI thread.
    calendars_read = Signal(object)

    def __init__(self, read: Reader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._read = read
        self._files: tuple[Path, ...] = ()
        self._watcher: QFileSystemWatcher | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._running = False
        self._again = False
        #: Bumped when the file list changes: a read of an older list is dropped.
        self._generation = 0
        #: The read under way (held here so Python keeps it alive while it runs).
        self._job: _ReadJob | None = None

    @property
    def files(self) -> tuple[Path, ...]:
        return self._files

    @property
    def busy(self) -> bool:
        return self._running

    def set_files(self, files: Sequence[Path]) -> None:
        """Watch `files` (and their folders) and read them now."""
        self._files = tuple(dict.fromkeys(files))
        self._generation += 1
        self._rewatch()
        self.refresh()

    def refresh(self) -> None:
        """Read the files again now (or right after the read under way)."""
        if self._running:
            self._again = True
            return
        self._running = True
        self._again = False
        job = _ReadJob(self._read, self._files, self._generation)
        job.setAutoDelete(False)
        job.delivery.finished.connect(self._finished)
        self._job = job
        self._pool.start(job)

    def wait_idle(self, msecs: int = 5000) -> bool:
        """Block until no read runs (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    def stop(self) -> None:
        self._debounce.stop()
        if self._watcher is not None:
            self._watcher.removePaths(self._watcher.files() + self._watcher.directories())
        self._pool.waitForDone(10_000)

    # ------------------------------------------------------------------ internals

    def _changed(self, _path: str) -> None:
        self._rewatch()
        self._debounce.start()

    def _rewatch(self) -> None:
        if not self._files:
            if self._watcher is not None:
                self._watcher.removePaths(self._watcher.files() + self._watcher.directories())
            return
        if self._watcher is None:
            self._watcher = QFileSystemWatcher(self)
            self._watcher.fileChanged.connect(self._changed)
            self._watcher.directoryChanged.connect(self._changed)
        watcher = self._watcher
        wanted_files = {str(f) for f in self._files if f.is_file()}
        wanted_dirs = {str(f.parent) for f in self._files if f.parent.is_dir()}
        stale = [p for p in watcher.files() if p not in wanted_files]
        stale += [p for p in watcher.directories() if p not in wanted_dirs]
        if stale:
            watcher.removePaths(stale)
        new = sorted(
            (wanted_files - set(watcher.files())) | (wanted_dirs - set(watcher.directories()))
        )
        if new:
            watcher.addPaths(new)

    def _finished(self, result: Any, generation: int) -> None:
        self._running = False
        self._job = None
        if generation == self._generation:
            self.calendars_read.emit(result)
        if self._again or generation != self._generation:
            self.refresh()
