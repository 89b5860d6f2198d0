"""Where FocusDesk keeps its files, resolved once at start-up.

Order: the `--data-dir` option, then `FOCUSDESK_DATA_DIR`, then the platform's
user data folder (platformdirs). Everything lives under the data dir so that
several isolated instances can run side by side (tests, a second profile).
"""

from __future__ import annotations

import os
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "focusdesk"
DATA_DIR_ENV = "FOCUSDESK_DATA_DIR"


@dataclass(frozen=True)
class DataPaths:
    data_dir: Path

    @classmethod
    def resolve(cls, option: str | os.PathLike[str] | None = None) -> DataPaths:
        chosen = option or os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME)
        # Resolved (symlinks, `..`): every spelling of one folder is one FocusDesk.
        return cls(Path(chosen).expanduser().resolve())

    @property
    def database(self) -> Path:
        return self.data_dir / "focusdesk.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.toml"

    @property
    def user_patterns_dir(self) -> Path:
        return self.data_dir / "patterns"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def pending_writes(self) -> Path:
        """Log writes that could not be made yet (locked or full disk), replayed at start."""
        return self.data_dir / "focusdesk.pending"

    @property
    def alarm_pending(self) -> Path:
        """Names the working day whose hard stop rang and whose ritual is still to do."""
        return self.data_dir / "focusdesk.alarm"

    @property
    def told_pattern_problems(self) -> Path:
        """Which broken pattern files the user was already told about (and in which version)."""
        return self.data_dir / "told-pattern-problems.json"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "focusdesk.log"

    @property
    def instance_key(self) -> str:
        """A short stable key for this data dir: names the socket and the state file.

        Two checksums from zlib (48 bits in all) tell a user's data dirs apart;
        `hashlib` would load OpenSSL's libcrypto (≈ 3 MB resident) into the
        tray app for this one name.
        """
        raw = str(self.data_dir).encode()
        return f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}"[:12]

    @property
    def runtime_dir(self) -> Path:
        """The user's private runtime folder ($XDG_RUNTIME_DIR), else a private folder in the data dir."""
        base = os.environ.get("XDG_RUNTIME_DIR")
        if base and Path(base).is_dir():
            return Path(base) / APP_NAME
        return self.data_dir / "run"

    @property
    def socket_name(self) -> str:
        """The local-socket name of the running instance for this data dir."""
        return f"{APP_NAME}-{os.getuid() if hasattr(os, 'getuid') else 'user'}-{self.instance_key}"

    @property
    def state_file(self) -> Path:
        """The boundary state as JSON, for bars, widgets and scripts (SPEC §4)."""
        return self.runtime_dir / f"state-{self.instance_key}.json"

    @property
    def control_socket(self) -> str:
        """What the control server listens on and the CLI connects to.

        A path in the private runtime folder; where that path would pass the
        Unix socket limit (~107 bytes), a path in `focusdesk-<uid>` in the temp
        folder, which the app creates 0700 and checks (owner, mode, no
        symlink) before use, and the client checks who listens before it
        sends anything. Never a bare name another user could take first.
        On Windows a named pipe's name.
        """
        if sys.platform == "win32":
            return self.socket_name
        path = str(self.runtime_dir / f"control-{self.instance_key}.sock")
        if len(path.encode()) < 100:
            return path
        return str(self.fallback_socket_dir / f"{self.instance_key}.sock")

    @property
    def fallback_socket_dir(self) -> Path:
        """The user's private folder in the temp folder, for a socket path the runtime dir cannot fit."""
        uid = os.getuid() if hasattr(os, "getuid") else "user"
        return Path(tempfile.gettempdir()) / f"{APP_NAME}-{uid}"

    @property
    def instance_lock(self) -> Path:
        """Held by the one running app for this data dir.

        In the data folder itself, so that any spelling of the folder (a
        symlink, `sub/..`, a bind mount) and any runtime folder meet the same
        lock: two apps never write one log.
        """
        return self.data_dir / "focusdesk.instance.lock"
