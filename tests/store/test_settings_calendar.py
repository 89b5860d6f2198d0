"""`[calendar] files` in the settings file."""

from __future__ import annotations

from pathlib import Path

from focusdesk.core.settings import Settings
from focusdesk.store.settings_store import load_settings, save_settings


def test_calendar_files_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    settings = Settings(calendar_files=("~/cal/work.ics", "/srv/sync/team.ics"))
    save_settings(path, settings, tmp_path / "backups")
    assert '[calendar]\nfiles = [\n    "~/cal/work.ics",' in path.read_text()
    loaded, warnings = load_settings(path)
    assert warnings == []
    assert loaded.calendar_files == settings.calendar_files


def test_calendar_files_written_by_hand_are_cleaned_and_a_bad_value_named(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[calendar]\nfiles = ["a.ics", " ", "a.ics", "b.ics"]\n')
    assert load_settings(path)[0].calendar_files == ("a.ics", "b.ics")
    path.write_text('[calendar]\nfiles = "a.ics"\n')
    settings, warnings = load_settings(path)
    assert settings.calendar_files == ()
    assert warnings == [
        f"Settings file {path}: calendar.files: expected a list of file names like "
        "[\"~/calendars/work.ics\"], got 'a.ics'; using the default."
    ]
