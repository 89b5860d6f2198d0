"""The boundary state as a JSON file other programs can read (SPEC §4).

Status bars (waybar, polybar, i3blocks), desktop widgets and scripts read
`DataPaths.state_file` — `$XDG_RUNTIME_DIR/focusdesk/state-<key>.json`. The
content is `StatusSnapshot.to_json()` plus `updated_at` (when it was written)
and `app_running`. Each write replaces the file in one step (a temporary file
in the same folder, then `os.replace`), so a reader never sees half a file.
On quit the file is rewritten as state "off" with `app_running: false`, so a
bar does not keep showing a block that nobody is running.

Plain Python: no Qt needed here.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from focusdesk.core.status import EngineState, StatusSnapshot

_PRIVATE_DIR = 0o700
_PRIVATE_FILE = 0o600


class StateFile:
    """Keeps one state file up to date; failures are logged, never raised into the UI."""

    def __init__(
        self,
        path: Path,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        log: logging.Logger | None = None,
    ) -> None:
        self.path = path
        self._now = now
        self._log = log or logging.getLogger("focusdesk.state_file")
        self._last: StatusSnapshot | None = None
        self._failing = False

    def write(self, snapshot: StatusSnapshot) -> bool:
        """Replace the file with `snapshot`; False (and one log line) if it cannot be written."""
        self._last = snapshot
        return self._write(snapshot, app_running=True)

    def mark_stopped(self) -> bool:
        """Rewrite the file as "off, app not running" (call on quit)."""
        pattern = self._last.pattern_id if self._last else ""
        return self._write(StatusSnapshot(state=EngineState.OFF, pattern_id=pattern), False)

    def document(self, snapshot: StatusSnapshot, *, app_running: bool = True) -> dict[str, Any]:
        """The JSON object written for `snapshot`."""
        data = snapshot.to_json()
        data["updated_at"] = self._now().isoformat()
        data["app_running"] = app_running
        return data

    def _write(self, snapshot: StatusSnapshot, app_running: bool) -> bool:
        payload = json.dumps(self.document(snapshot, app_running=app_running), indent=2) + "\n"
        try:
            _ensure_private_dir(self.path.parent)
            _replace_atomically(self.path, payload.encode("utf-8"))
        except OSError as error:
            # Said once per failure streak: a full disk must not flood the log every tick.
            if not self._failing:
                self._log.warning(
                    "cannot write the state file %s: %s", self.path, error.strerror or error
                )
            self._failing = True
            return False
        if self._failing:
            self._log.info("the state file %s is written again", self.path)
        self._failing = False
        return True


def _ensure_private_dir(folder: Path) -> None:
    """Create the runtime folder readable by this user only (0700)."""
    folder.mkdir(mode=_PRIVATE_DIR, parents=True, exist_ok=True)
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode != _PRIVATE_DIR and folder.stat().st_uid == os.getuid():
        folder.chmod(_PRIVATE_DIR)


def _replace_atomically(path: Path, data: bytes) -> None:
    # mkstemp creates the file 0600; no fsync: the runtime dir is a tmpfs and
    # the file is rewritten on every change anyway.
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), _PRIVATE_FILE)
            stream.write(data)
        temp.replace(path)  # os.replace: atomic within one file system
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
