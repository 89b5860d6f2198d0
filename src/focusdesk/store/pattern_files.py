"""Writing the user's own pattern files (the pattern editor's "save").

A user pattern lives in the data dir's `patterns/` folder as `<id>.toml`, in
the format `core.pattern_loader` reads. A save is atomic and keeps the
version it replaces in the backups folder. Built-in patterns are shipped
files and are never written: saving one is refused, the editor duplicates it
under a new id first.
"""

from __future__ import annotations

from pathlib import Path

import tomli_w

from focusdesk.core.pattern_loader import pattern_to_dict
from focusdesk.core.patterns import Pattern
from focusdesk.store.atomic_write import back_up, write_atomically

_HEADER = (
    "# A FocusDesk day pattern, written by the pattern editor.\n"
    "# Edit it here or in FocusDesk; the version before each save is kept in the backups folder.\n"
)


class BuiltinPatternReadOnly(ValueError):
    """A built-in pattern (or a path among them) was about to be written."""


def user_pattern_path(user_dir: Path, pattern_id: str) -> Path:
    """Where the user pattern with this id is stored."""
    return user_dir / f"{pattern_id}.toml"


def pattern_toml(pattern: Pattern) -> str:
    """The TOML text of `pattern`, as the loader reads it back (equal)."""
    return _HEADER + "\n" + tomli_w.dumps(pattern_to_dict(pattern))


def save_user_pattern(
    pattern: Pattern,
    user_dir: Path,
    backups_dir: Path,
    *,
    builtin_dir: Path | None = None,
    path: Path | None = None,
) -> Path:
    """Write `pattern` as a user pattern file and return its path.

    `path` defaults to `<user_dir>/<id>.toml`. The file it replaces (if any)
    is copied to `backups_dir` first. Refuses (BuiltinPatternReadOnly) a
    built-in pattern and any path inside `builtin_dir`.
    Raises OSError when the folder cannot be written; the old file is then untouched.
    """
    if pattern.builtin:
        raise BuiltinPatternReadOnly(
            f"'{pattern.id}' is a built-in pattern and is never changed; duplicate it first."
        )
    target = path if path is not None else user_pattern_path(user_dir, pattern.id)
    if builtin_dir is not None and target.resolve().is_relative_to(builtin_dir.resolve()):
        raise BuiltinPatternReadOnly(
            f"{target} is a built-in pattern file and is never changed; duplicate it first."
        )
    if target.exists():
        back_up(target, backups_dir, "before-save")
    write_atomically(target, pattern_toml(pattern).encode("utf-8"))
    return target
