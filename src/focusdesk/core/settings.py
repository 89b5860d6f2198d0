"""The user's settings: which pattern, overrides of its defaults, outputs.

Pure data. Reading and writing the settings file lives in
`focusdesk.store.settings_store`; the settings window edits a copy and hands
it back. Overrides left at None mean "as the pattern says".
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import time
from typing import Any

from focusdesk.core.patterns import Pattern, PatternDefaults

DEFAULT_PATTERN_ID = "boundary-fortress"


@dataclass(frozen=True, slots=True)
class Settings:
    pattern_id: str = DEFAULT_PATTERN_ID
    #: "de", "es" or "en"; empty follows the desktop (LANGUAGE, LC_MESSAGES, LANG).
    language: str = ""

    # Overrides of the active pattern's defaults (None: the pattern's own value).
    focus_minutes: int | None = None
    buffer_minutes: int | None = None
    prestop_warnings: tuple[int, ...] | None = None
    snooze_limit: int | None = None
    snooze_minutes: int | None = None
    strict: bool | None = None
    auto_buffer: bool | None = None
    auto_start: bool | None = None

    #: Late-night work before this local time belongs to the previous day.
    day_boundary: time = time(4, 0)

    sound_muted: bool = False
    #: 0–100.
    sound_volume: int = 80
    #: The hard stop's and a block end's sound: a bundled sound's name, or the path of the
    #: user's own WAV file ("" for the bundled default).
    sound_hard_stop: str = ""
    sound_block_end: str = ""
    notifications_enabled: bool = True
    #: Silence other applications' notification banners during focus blocks (GNOME, KDE).
    do_not_disturb: bool = False

    signal_light: bool = False
    #: Where the signal light was left: "screen-name:x,y" (empty: default corner).
    signal_light_position: str = ""
    signal_light_click_through: bool = False

    #: Commands run on each state change, each an argument list (never a shell string).
    hooks: tuple[tuple[str, ...], ...] = field(default=())
    hook_timeout_seconds: int = 10

    start_at_login: bool = False

    #: No input (or a locked screen) for this long is away: a running block pauses,
    #: backdated to the last input (SPEC §3a). 0 turns away detection off.
    away_after_minutes: int = 5
    #: Activity at the computer in protected time with no block running, for this
    #: long, is logged as offclock work (SPEC §3a, issue 15). 0 turns it off.
    offclock_after_minutes: int = 10
    #: ICS files whose meetings shape today's plan (SPEC §5a), as the user wrote them.
    calendar_files: tuple[str, ...] = ()

    def effective_defaults(self, pattern: Pattern) -> PatternDefaults:
        """The pattern's defaults with this user's overrides applied."""
        base = pattern.defaults
        overrides: dict[str, Any] = {
            name: value
            for name, value in (
                ("focus_minutes", self.focus_minutes),
                ("buffer_minutes", self.buffer_minutes),
                ("prestop_warnings", self.prestop_warnings),
                ("snooze_limit", self.snooze_limit),
                ("snooze_minutes", self.snooze_minutes),
                ("strict", self.strict),
                ("auto_buffer", self.auto_buffer),
                ("auto_start", self.auto_start),
            )
            if value is not None
        }
        return replace(base, **overrides)

    def apply_to(self, pattern: Pattern) -> Pattern:
        """The pattern as the engine should run it for this user."""
        return replace(pattern, defaults=self.effective_defaults(pattern))
