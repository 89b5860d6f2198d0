"""Which broken pattern files the user was already told about.

A broken pattern file that is not in use is worth one message per change of
the file, not one at every start: this remembers, per file, the version
(modification time and size) last reported, in a small JSON file in the data
folder. Settings' pattern tab keeps listing every broken file.
"""

from __future__ import annotations

import json
from pathlib import Path

from focusdesk.store.atomic_write import write_atomically

__all__ = ["untold_files"]


def _version(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "gone"
    return f"{info.st_mtime_ns}:{info.st_size}"


def untold_files(record: Path, broken: list[Path]) -> list[Path]:
    """The files of `broken` not reported in this version yet; remembers them as told.

    Files that are fine again are forgotten, so breaking one later is told
    again. An unreadable or unwritable record only means telling again.
    """
    try:
        told = json.loads(record.read_text(encoding="utf-8"))
        if not isinstance(told, dict):
            told = {}
    except (OSError, ValueError):
        told = {}
    now = {str(path): _version(path) for path in broken}
    untold = [path for path in broken if told.get(str(path)) != now[str(path)]]
    if now != told:
        try:
            record.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(record, json.dumps(now, indent=1).encode())
        except OSError:
            pass  # told again next time: better than never
    return untold
