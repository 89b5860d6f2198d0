"""Whether this machine can sound at all, asked of the system without loading QtMultimedia.

At start-up FocusDesk wants to say at once when the hard stop would be silent
(no sound device, the output muted or at zero), without paying QtMultimedia's
start-up time and memory on every launch. PulseAudio/PipeWire answer through
`pactl` when it is installed; otherwise ALSA's card list tells whether there
is a sound card at all. Anything else is "unknown", and unknown is never
reported as a problem.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from focusdesk.core.i18n import _

PACTL_TIMEOUT_SECONDS = 2.0
ALSA_CARDS = Path("/proc/asound/cards")


@dataclass(frozen=True, slots=True)
class SystemAudio:
    """What the system says about its sound output; None where it cannot be known."""

    device: bool | None = None
    muted: bool | None = None
    volume_percent: int | None = None
    #: Where the answer came from ("pactl", "alsa", or "" when nothing could be asked).
    source: str = ""

    def problem(self) -> str:
        """One line saying why sounds cannot be heard, or "" when nothing known stops them."""
        if self.device is False:
            return _("no sound device was found")
        if self.muted:
            return _("the system's sound output is muted")
        if self.volume_percent == 0:
            return _("the system's sound volume is at 0 %")
        return ""

    def describe(self) -> str:
        """A short line for the settings window."""
        problem = self.problem()
        if problem:
            return problem[:1].upper() + problem[1:] + "."
        if self.device and self.volume_percent is not None:
            return _("System output on, volume {volume} %.").format(volume=self.volume_percent)
        if self.device:
            return _("A sound device is present.")
        return _("The system's sound output could not be checked.")


Runner = Callable[[list[str]], str | None]


def _run(argv: list[str]) -> str | None:
    """stdout of `argv`, or None when it cannot run or fails."""
    try:
        done = subprocess.run(  # noqa: S603 (pactl, found on PATH, fixed arguments)
            argv, capture_output=True, text=True, timeout=PACTL_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def probe_system_audio(
    run: Runner = _run,
    pactl: str | None = None,
    alsa_cards: Path = ALSA_CARDS,
    platform: str = sys.platform,
) -> SystemAudio:
    """Ask the system (cheaply: no QtMultimedia) whether it can sound."""
    if not platform.startswith("linux"):
        return SystemAudio()
    pactl = pactl if pactl is not None else shutil.which("pactl") or ""
    if pactl:
        sink = run([pactl, "get-default-sink"])
        if sink is not None:
            name = sink.strip()
            if not name or name == "auto_null":
                return SystemAudio(device=False, source="pactl")
            mute = run([pactl, "get-sink-mute", "@DEFAULT_SINK@"]) or ""
            volume = run([pactl, "get-sink-volume", "@DEFAULT_SINK@"]) or ""
            percents = [int(p) for p in re.findall(r"(\d+)%", volume)]
            return SystemAudio(
                device=True,
                muted=("yes" in mute.lower()) if mute else None,
                volume_percent=max(percents) if percents else None,
                source="pactl",
            )
    try:
        cards = alsa_cards.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return SystemAudio(device=False, source="alsa")
    has_card = bool(cards.strip()) and "no soundcards" not in cards
    return SystemAudio(device=has_card, source="alsa")
