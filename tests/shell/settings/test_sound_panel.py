"""The settings' sound part: the sound check, a test button per event, bundled or own sounds."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pytestqt.qtbot import QtBot

from focusdesk.core.i18n import set_language
from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.settings import Settings
from focusdesk.paths import DataPaths
from focusdesk.resources import resource_path
from focusdesk.shell.desktop.autostart import NullAutostart
from focusdesk.shell.desktop.sound import Sound, SoundPlayer
from focusdesk.shell.desktop.sound_check import SystemAudio
from focusdesk.shell.settings.settings_window import SettingsWindow
from focusdesk.shell.settings.sound_panel import OWN_FILE, SoundPanel


class FakeEffect:
    played: ClassVar[list[tuple[str, float]]] = []

    def __init__(self, path: Path, volume: float) -> None:
        self.path = path
        self.volume = volume

    def setVolume(self, volume: float) -> None:
        self.volume = volume

    def play(self) -> None:
        FakeEffect.played.append((self.path.name, self.volume))


def player(device: str, system: SystemAudio | None = None) -> SoundPlayer:
    FakeEffect.played = []
    audio = system or SystemAudio()
    return SoundPlayer(
        lambda: False,
        lambda: 80,
        lambda: bool(device),
        FakeEffect,
        system_audio=lambda: audio,
        output_name=lambda: device,
    )


@pytest.fixture
def window_with(qtbot: QtBot, tmp_path: Path) -> Any:
    paths = DataPaths(tmp_path / "data")
    catalog = PatternCatalog(resource_path("patterns"), paths.user_patterns_dir)
    applied: list[Settings] = []

    def build(
        settings: Settings, sound: SoundPlayer | None, note: str = ""
    ) -> tuple[SettingsWindow, list[Settings]]:
        window = SettingsWindow(
            settings,
            catalog,
            paths,
            NullAutostart(),
            applied.append,
            sound=sound,
            do_not_disturb_note=note,
        )
        qtbot.addWidget(window)
        return window, applied

    return build


def test_the_sound_check_shows_when_the_tab_opens_and_test_plays_the_choice(
    window_with: Any, tmp_path: Path
) -> None:
    window, _ = window_with(
        Settings(sound_volume=55, sound_hard_stop="Gong"),
        player("Built-in Audio", SystemAudio(device=True, muted=False, volume_percent=65)),
    )
    panel = window.sound_panel
    assert panel.status.text() == ""  # not asked before the tab is shown
    window.tabs.setCurrentWidget(window.alerts_tab)
    assert panel.status.text() == "Sounds play on: Built-in Audio.\nSystem output on, volume 65 %."
    assert panel.pickers[Sound.HARD_STOP].currentText() == "Gong"
    panel.test(Sound.HARD_STOP)
    assert FakeEffect.played == [("hard-stop-gong.wav", pytest.approx(0.55))]
    assert panel.result.text() == "Played “Gong” at 55 %."


def test_without_a_device_the_window_says_what_happens_at_the_hard_stop(
    window_with: Any,
) -> None:
    window, _ = window_with(Settings(), player(""))
    window.tabs.setCurrentWidget(window.alerts_tab)
    panel = window.sound_panel
    assert panel.status.text().startswith("No sound device: the hard stop cannot ring.")
    assert "tray icon will blink" in panel.status.text()
    panel.test(Sound.BLOCK_END)
    assert panel.result.text() == "“Two tones” cannot be heard: no sound device was found."


def test_the_users_own_file_is_chosen_kept_and_saved(window_with: Any, tmp_path: Path) -> None:
    own = tmp_path / "my chime.wav"
    own.write_bytes(resource_path("sounds", "block-end.wav").read_bytes())
    window, applied = window_with(Settings(), player("Speakers"))
    panel = window.sound_panel
    picker = panel.pickers[Sound.BLOCK_END]
    picker._pick_file = lambda parent: str(own)
    picker.activated.emit(picker.findText(OWN_FILE))
    assert picker.currentText() == "my chime.wav" and picker.choice() == str(own)
    panel.test(Sound.BLOCK_END)
    assert FakeEffect.played[-1][0] == "my chime.wav"
    window.apply()
    assert applied[-1].sound_block_end == str(own)
    assert applied[-1].sound_hard_stop == ""
    # Cancelling the file dialog keeps what was chosen before.
    picker._pick_file = lambda parent: ""
    picker.activated.emit(picker.findText(OWN_FILE))
    assert picker.currentText() == "my chime.wav"


def test_a_panel_without_a_player_offers_no_test(qtbot: QtBot) -> None:
    panel = SoundPanel(None, lambda: 80)
    qtbot.addWidget(panel)
    assert not panel.test_buttons[Sound.HARD_STOP].isEnabled()


def test_screenshot_of_the_sound_settings(window_with: Any) -> None:
    """Not an assertion on pixels: saves the tab for a person to look at (FOCUSDESK_SHOTS)."""
    window, _ = window_with(
        Settings(sound_hard_stop="Rising chimes"),
        player("Built-in Audio Analog Stereo", SystemAudio(device=True, muted=True)),
        "not available on XFCE (GNOME and KDE Plasma only)",
    )
    window.tabs.setCurrentWidget(window.alerts_tab)
    window.sound_panel.test(Sound.HARD_STOP)
    window.resize(640, 520)
    shots = os.environ.get("FOCUSDESK_SHOTS")
    if shots:
        window.grab().save(str(Path(shots) / "settings-sound.png"))
    assert window.sound_panel.result.text().endswith("the system's sound output is muted.")


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_sound_part_speaks_german_and_stores_the_english_names(
    window_with: Any, qtbot: QtBot
) -> None:
    set_language("de")
    window, applied = window_with(
        Settings(sound_hard_stop="Rising chimes"),
        player("Speakers", SystemAudio(device=True, muted=True)),
        "auf XFCE nicht verfügbar (nur GNOME und KDE Plasma)",
    )
    window.tabs.setCurrentWidget(window.alerts_tab)
    panel = window.sound_panel
    assert panel.pickers[Sound.HARD_STOP].currentText() == "Aufsteigendes Glockenspiel"
    assert panel.test_buttons[Sound.HARD_STOP].text() == "Klang testen"
    assert panel.status.text() == (
        "Klänge werden abgespielt über: Speakers.\n"
        "Die Audioausgabe des Systems ist stummgeschaltet."
    )
    panel.test(Sound.HARD_STOP)
    assert panel.result.text() == (
        "„Aufsteigendes Glockenspiel“ ist nicht zu hören: "
        "die Audioausgabe des Systems ist stummgeschaltet."
    )
    window.resize(640, 520)
    window.show()
    qtbot.waitExposed(window)
    # Long German words fit: no button or sound list narrower than its text needs.
    for widget in [*panel.test_buttons.values(), *panel.pickers.values()]:
        assert widget.width() >= widget.sizeHint().width(), widget.sizeHint()
    shots = os.environ.get("FOCUSDESK_SHOTS")
    if shots:
        window.grab().save(str(Path(shots) / "settings-sound-de.png"))
    window.apply()
    assert applied[-1].sound_hard_stop == "Rising chimes"  # stored by its English name


def test_do_not_disturb_is_off_by_default_saved_when_chosen_and_explained_when_unavailable(
    window_with: Any,
) -> None:
    window, applied = window_with(Settings(), None)
    assert not window.do_not_disturb_box.isChecked() and window.do_not_disturb_box.isEnabled()
    window.do_not_disturb_box.setChecked(True)
    window.apply()
    assert applied[-1].do_not_disturb is True
    elsewhere, _ = window_with(
        Settings(), None, "not available on XFCE (GNOME and KDE Plasma only)"
    )
    assert not elsewhere.do_not_disturb_box.isEnabled()
