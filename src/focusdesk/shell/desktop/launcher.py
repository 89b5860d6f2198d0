"""Whether FocusDesk is in the desktop's application launcher.

Without a tray, the no-tray window may hide on close only when something
brings it back: the launcher entry (and its actions) start `focusdesk`,
which shows the running app's window. Looked up where the XDG menu spec
says launchers live: `$XDG_DATA_HOME/applications` and each
`$XDG_DATA_DIRS/applications` (Flatpak exports are on that path too).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_ID = "io.github.focusdesk.FocusDesk"


def installed_launcher(environ: Mapping[str, str] | None = None) -> Path | None:
    """The installed FocusDesk `.desktop` file, or None when there is none."""
    env = os.environ if environ is None else environ
    data_home = env.get("XDG_DATA_HOME") or str(
        Path(env.get("HOME", "~")).expanduser() / ".local/share"
    )
    data_dirs = (env.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")
    for folder in (data_home, *data_dirs):
        if not folder:
            continue
        entry = Path(folder) / "applications" / f"{APP_ID}.desktop"
        if entry.is_file():
            return entry
    return None
