"""The cheap start-up check of the system's sound output: pactl, else ALSA's card list."""

from __future__ import annotations

from pathlib import Path

from focusdesk.shell.desktop.sound_check import SystemAudio, probe_system_audio


def pactl_answers(**answers: str | None):  # type: ignore[no-untyped-def]
    def run(argv: list[str]) -> str | None:
        return answers.get(argv[1].replace("-", "_"))

    return run


def test_pulseaudio_or_pipewire_with_a_real_sink_reports_mute_and_volume(tmp_path: Path) -> None:
    audio = probe_system_audio(
        pactl_answers(
            get_default_sink="alsa_output.pci-0000_00_1f.3.analog-stereo\n",
            get_sink_mute="Mute: no\n",
            get_sink_volume="Volume: front-left: 42598 /  65% / -11.23 dB,   front-right: 42598 /  65%",
        ),
        pactl="pactl",
        alsa_cards=tmp_path / "none",
        platform="linux",
    )
    assert audio == SystemAudio(device=True, muted=False, volume_percent=65, source="pactl")
    assert audio.problem() == ""
    assert audio.describe() == "System output on, volume 65 %."


def test_a_muted_or_silent_system_output_is_a_problem() -> None:
    muted = probe_system_audio(
        pactl_answers(get_default_sink="sink", get_sink_mute="Mute: yes", get_sink_volume=""),
        pactl="pactl",
        platform="linux",
    )
    assert muted.problem() == "the system's sound output is muted"
    assert SystemAudio(device=True, volume_percent=0).problem() == (
        "the system's sound volume is at 0 %"
    )


def test_pulseaudios_null_sink_means_no_device() -> None:
    audio = probe_system_audio(
        pactl_answers(get_default_sink="auto_null\n"), pactl="pactl", platform="linux"
    )
    assert audio.device is False and audio.problem() == "no sound device was found"


def test_without_pactl_alsas_card_list_decides(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.write_text("--- no soundcards ---\n")
    assert probe_system_audio(pactl="", alsa_cards=cards, platform="linux").device is False
    cards.write_text(" 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n")
    assert probe_system_audio(pactl="", alsa_cards=cards, platform="linux").device is True
    missing = probe_system_audio(pactl="", alsa_cards=tmp_path / "gone", platform="linux")
    assert missing.device is False


def test_a_failing_pactl_falls_back_to_alsa(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.write_text(" 0 [USB]: USB-Audio\n")
    audio = probe_system_audio(pactl_answers(), pactl="pactl", alsa_cards=cards, platform="linux")
    assert audio.source == "alsa" and audio.device is True


def test_elsewhere_nothing_is_known_and_nothing_is_claimed() -> None:
    audio = probe_system_audio(platform="darwin")
    assert audio == SystemAudio()
    assert audio.problem() == ""
