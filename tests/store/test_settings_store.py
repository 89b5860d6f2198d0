"""The settings file: round trip, defaults for missing keys, bad files reported and kept."""

from __future__ import annotations

import tomllib
from datetime import time
from pathlib import Path

from focusdesk.core.settings import Settings
from focusdesk.store.settings_store import (
    load_settings,
    save_settings,
    unmapped_settings_fields,
)


def _paths(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "settings.toml", tmp_path / "backups"


def test_every_settings_field_has_a_place_in_the_file() -> None:
    assert unmapped_settings_fields() == set()


def test_a_missing_file_gives_the_defaults_without_warnings(tmp_path: Path) -> None:
    settings, warnings = load_settings(tmp_path / "settings.toml")
    assert settings == Settings()
    assert warnings == []
    assert not (tmp_path / "settings.toml").exists()  # loading never writes


def test_settings_round_trip_through_the_file(tmp_path: Path) -> None:
    path, backups = _paths(tmp_path)
    settings = Settings(
        pattern_id="time-weave",
        focus_minutes=75,
        buffer_minutes=5,
        prestop_warnings=(45, 15, 5),
        snooze_limit=2,
        snooze_minutes=7,
        strict=True,
        auto_buffer=False,
        auto_start=True,
        day_boundary=time(3, 30),
        sound_muted=True,
        sound_volume=35,
        sound_hard_stop="Gong",
        sound_block_end="/home/me/ding.wav",
        notifications_enabled=False,
        do_not_disturb=True,
        signal_light=True,
        signal_light_position="HDMI-1:100,200",
        signal_light_click_through=True,
        hooks=(("busylight", "--state"), ("logger", "-t", "focusdesk", "it's; rm -rf ~")),
        hook_timeout_seconds=3,
        start_at_login=True,
    )
    save_settings(path, settings, backups)
    loaded, warnings = load_settings(path, backups)
    assert warnings == []
    assert loaded == settings


def test_missing_keys_take_their_defaults(tmp_path: Path) -> None:
    path, _ = _paths(tmp_path)
    path.write_text('pattern = "caregiver-pro"\n[sound]\nvolume = 20\n', encoding="utf-8")
    settings, warnings = load_settings(path)
    assert warnings == []
    assert settings == Settings(pattern_id="caregiver-pro", sound_volume=20)
    assert settings.focus_minutes is None  # "as the pattern says"


def test_a_bad_value_is_named_and_takes_its_default(tmp_path: Path) -> None:
    path, _ = _paths(tmp_path)
    path.write_text(
        '[sound]\nvolume = "loud"\nmuted = true\n[defaults]\nfocus_minutes = 0\n',
        encoding="utf-8",
    )
    settings, warnings = load_settings(path)
    assert settings.sound_volume == Settings().sound_volume
    assert settings.sound_muted is True
    assert settings.focus_minutes is None
    assert len(warnings) == 2
    focus, volume = warnings  # in the order of the file's layout
    assert str(path) in volume and "sound.volume" in volume and "'loud'" in volume
    assert "defaults.focus_minutes" in focus and "outside" in focus


def test_a_hook_given_as_a_shell_string_is_refused(tmp_path: Path) -> None:
    path, _ = _paths(tmp_path)
    path.write_text('[signal]\nhooks = ["curl http://lamp/on"]\n', encoding="utf-8")
    settings, warnings = load_settings(path)
    assert settings.hooks == ()
    assert len(warnings) == 1 and "signal.hooks" in warnings[0] and "argument" in warnings[0]


def test_a_corrupt_file_is_reported_and_backed_up_not_silently_reset(tmp_path: Path) -> None:
    path, backups = _paths(tmp_path)
    original = b'pattern = "time-weave"\n[sound\nvolume = 20\n'
    path.write_bytes(original)

    settings, warnings = load_settings(path, backups)

    assert settings == Settings()
    assert len(warnings) == 1
    assert str(path) in warnings[0] and "not valid TOML" in warnings[0] and "line 2" in warnings[0]
    copies = list(backups.glob("settings-unreadable-*.toml"))
    assert len(copies) == 1 and copies[0].read_bytes() == original
    assert str(copies[0]) in warnings[0]
    assert path.read_bytes() == original  # the user's file itself is not touched


def test_a_file_that_is_not_text_is_reported_and_backed_up(tmp_path: Path) -> None:
    path, backups = _paths(tmp_path)
    path.write_bytes(b"\xff\xfe\x00garbage")
    settings, warnings = load_settings(path, backups)
    assert settings == Settings()
    assert len(warnings) == 1 and "not UTF-8" in warnings[0]
    assert len(list(backups.iterdir())) == 1


def test_saving_over_a_corrupt_file_keeps_a_backup_of_it(tmp_path: Path) -> None:
    path, backups = _paths(tmp_path)
    path.write_text("this is [not toml", encoding="utf-8")
    save_settings(path, Settings(sound_volume=10), backups)
    assert load_settings(path, backups) == (Settings(sound_volume=10), [])
    kept = [p.read_text(encoding="utf-8") for p in backups.glob("settings-unreadable-*")]
    assert kept == ["this is [not toml"]


def test_saving_backs_up_the_previous_file_and_prunes_old_backups(tmp_path: Path) -> None:
    path, backups = _paths(tmp_path)
    save_settings(path, Settings(sound_volume=1), backups)
    assert not backups.exists()  # nothing to back up the first time
    for volume in range(2, 10):
        save_settings(path, Settings(sound_volume=volume), backups)
    copies = sorted(backups.glob("settings-before-save-*.toml"))
    assert len(copies) == 5
    assert tomllib.loads(copies[-1].read_text(encoding="utf-8"))["sound"]["volume"] == 8
    assert load_settings(path, backups)[0].sound_volume == 9


def test_unknown_keys_are_reported_and_survive_a_save(tmp_path: Path) -> None:
    path, backups = _paths(tmp_path)
    path.write_text(
        'theme = "dark"\n[sound]\nvolume = 30\nchime = "bell"\n[future]\nx = 1\n',
        encoding="utf-8",
    )
    settings, warnings = load_settings(path, backups)
    assert settings.sound_volume == 30
    assert sorted(w.split(": ")[1] for w in warnings) == [
        "unknown key future; ignored.",
        "unknown key sound.chime; ignored.",
        "unknown key theme; ignored.",
    ]

    save_settings(path, Settings(sound_volume=60), backups)
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert document["theme"] == "dark"
    assert document["future"] == {"x": 1}
    assert document["sound"] == {
        "muted": False,
        "volume": 60,
        "hard_stop": "",
        "block_end": "",
        "chime": "bell",
    }


def test_no_temporary_file_is_left_behind(tmp_path: Path) -> None:
    path, backups = _paths(tmp_path)
    save_settings(path, Settings(), backups)
    save_settings(path, Settings(strict=True), backups)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "settings.toml"]


def test_presence_settings_read_write_and_refuse_a_negative_threshold(tmp_path: Path) -> None:
    path, backups = _paths(tmp_path)
    path.write_text("[presence]\naway_after_minutes = 20\noffclock_after_minutes = 0\n")
    settings, warnings = load_settings(path)
    assert (settings.away_after_minutes, settings.offclock_after_minutes, warnings) == (20, 0, [])
    save_settings(path, settings, backups)
    assert tomllib.loads(path.read_text())["presence"] == {
        "away_after_minutes": 20,
        "offclock_after_minutes": 0,
    }
    path.write_text("[presence]\naway_after_minutes = -1\n")
    settings, (warning,) = load_settings(path)
    assert settings.away_after_minutes == 5
    assert "presence.away_after_minutes" in warning
