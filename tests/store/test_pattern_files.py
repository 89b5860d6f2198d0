"""User pattern files: written so the loader reads them back equal, with backups."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest

from focusdesk.core.pattern_loader import PatternCatalog, load_pattern_file
from focusdesk.core.patterns import BlockKind, Pattern, Weekday
from focusdesk.resources import resource_path
from focusdesk.store.pattern_files import (
    BuiltinPatternReadOnly,
    save_user_pattern,
    user_pattern_path,
)

BUILTIN_DIR = resource_path("patterns")


def _user_copy(pattern_id: str, new_id: str) -> Pattern:
    builtin = load_pattern_file(BUILTIN_DIR / f"{pattern_id}.toml", builtin=True)
    return replace(builtin, id=new_id, name=f"{builtin.name} (mine)", builtin=False, source="")


@pytest.mark.parametrize("pattern_id", [p.stem for p in sorted(BUILTIN_DIR.glob("*.toml"))])
def test_every_builtin_pattern_survives_a_save_and_reload(tmp_path: Path, pattern_id: str) -> None:
    pattern = _user_copy(pattern_id, f"my-{pattern_id}")
    path = save_user_pattern(pattern, tmp_path / "patterns", tmp_path / "backups")
    assert path == user_pattern_path(tmp_path / "patterns", f"my-{pattern_id}")
    assert load_pattern_file(path) == replace(pattern, source=str(path))


def test_saving_again_keeps_the_previous_version_as_a_backup(tmp_path: Path) -> None:
    users, backups = tmp_path / "patterns", tmp_path / "backups"
    pattern = _user_copy("time-weave", "my-weave")
    path = save_user_pattern(pattern, users, backups)
    first_text = path.read_text(encoding="utf-8")

    later = replace(pattern, checklist=("Only this",))
    save_user_pattern(later, users, backups)

    assert load_pattern_file(path).checklist == ("Only this",)
    copies = list(backups.glob("my-weave-before-save-*.toml"))
    assert [c.read_text(encoding="utf-8") for c in copies] == [first_text]
    assert sorted(p.name for p in users.iterdir()) == ["my-weave.toml"]  # no temp files


def test_a_saved_user_pattern_joins_the_catalogue(tmp_path: Path) -> None:
    users = tmp_path / "patterns"
    pattern = _user_copy("deep-work-biome", "biome-2")
    day = pattern.day(Weekday.WED)
    focus = replace(day.blocks[0], start=time(8, 0), end=time(9, 30))
    pattern.days[Weekday.WED] = replace(day, blocks=(focus, *day.blocks[1:]))
    save_user_pattern(pattern, users, tmp_path / "backups")

    catalog = PatternCatalog(BUILTIN_DIR, users)
    assert catalog.errors == []
    loaded = catalog.get("biome-2")
    assert not loaded.builtin
    assert loaded.day(Weekday.WED).blocks[0].start == time(8, 0)
    assert loaded.day(Weekday.TUE) == catalog.get("deep-work-biome").day(Weekday.TUE)
    assert loaded.day(Weekday.WED).blocks[0].kind is BlockKind.FOCUS


def test_a_builtin_pattern_is_never_written(tmp_path: Path) -> None:
    builtin = load_pattern_file(BUILTIN_DIR / "time-weave.toml", builtin=True)
    before = (BUILTIN_DIR / "time-weave.toml").read_bytes()
    with pytest.raises(BuiltinPatternReadOnly, match="duplicate it first"):
        save_user_pattern(builtin, tmp_path, tmp_path / "backups")
    mine = replace(builtin, builtin=False)
    with pytest.raises(BuiltinPatternReadOnly, match="built-in pattern file"):
        save_user_pattern(
            mine,
            tmp_path,
            tmp_path / "backups",
            builtin_dir=BUILTIN_DIR,
            path=BUILTIN_DIR / "time-weave.toml",
        )
    assert (BUILTIN_DIR / "time-weave.toml").read_bytes() == before
    assert list(tmp_path.iterdir()) == []
