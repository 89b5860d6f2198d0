"""Reading and writing the settings file (`settings.toml` in the data dir).

The file is TOML the user may also edit by hand::

    pattern = "time-weave"
    day_boundary = "04:00"

    [defaults]            # overrides of the pattern's defaults; absent = the pattern's
    focus_minutes = 75
    prestop_warnings = [30, 10]

    [sound]
    muted = false
    volume = 80
    hard_stop = "Gong"     # a bundled sound, or the path of your own WAV file

    [notifications]
    enabled = true
    do_not_disturb = false # silence other apps' banners during focus (GNOME, KDE)

    [signal]
    light = true
    hooks = [["busylight", "--state"]]   # each hook an argument list, never a shell string

    [startup]
    at_login = false

    [presence]
    away_after_minutes = 5       # no input this long = away (0: off); raise it if you read a lot
    offclock_after_minutes = 10  # at the computer this long in protected time = offclock (0: off)
    [calendar]
    files = ["~/.calendars/work.ics"]    # ICS files whose meetings shape the day

Loading never fails and never writes the settings file: a missing key takes
its default, a bad value is reported (file, key, problem) and takes its
default, and a file that cannot be read or parsed is reported and copied to
the backups folder so the user's text is kept even after the next save.
Saving is atomic, backs up the previous file, and keeps keys this version
does not know (written by a newer FocusDesk or by hand).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import time
from pathlib import Path
from typing import Any

import tomli_w

from focusdesk.core.i18n import LANGUAGES, _
from focusdesk.core.pattern_loader import DEFAULT_LIMITS, WARNING_LIMITS
from focusdesk.core.settings import Settings
from focusdesk.store.atomic_write import back_up, write_atomically

#: How many routine "before-save" backups of the settings file are kept.
SAVE_BACKUPS_KEPT = 5


class SettingsValueError(ValueError):
    """One value of the settings file is not usable."""


def _integer(low: int, high: int) -> Callable[[Any], int]:
    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsValueError(
                _("expected a whole number, got {value}").format(value=repr(value))
            )
        if not low <= value <= high:
            raise SettingsValueError(
                _("{value} is outside {low}–{high}").format(value=value, low=low, high=high)
            )
        return value

    return convert


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise SettingsValueError(_("expected true or false, got {value}").format(value=repr(value)))
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise SettingsValueError(_("expected text, got {value}").format(value=repr(value)))
    return value


def _pattern_id(value: Any) -> str:
    text = _text(value).strip()
    if not text:
        raise SettingsValueError(_("the pattern id is empty"))
    return text


def _language(value: Any) -> str:
    text = _text(value).strip()
    if text not in ("", *LANGUAGES):
        raise SettingsValueError(
            _('expected one of {choices} or "", got {value}').format(
                choices=", ".join(LANGUAGES), value=repr(value)
            )
        )
    return text


_HH_MM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _clock_time(value: Any) -> time:
    if isinstance(value, time):  # TOML's own local-time literal (04:00:00)
        return value.replace(second=0, microsecond=0)
    match = _HH_MM.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise SettingsValueError(
            _('expected a time like "04:00", got {value}').format(value=repr(value))
        )
    return time(int(match[1]), int(match[2]))


def _warnings(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise SettingsValueError(
            _("expected a list of minutes like [30, 10], got {value}").format(value=repr(value))
        )
    minute = _integer(*WARNING_LIMITS)
    # Largest first, no duplicates: the order the engine fires them in.
    return tuple(sorted({minute(item) for item in value}, reverse=True))


def _hooks(value: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list):
        raise SettingsValueError(_("expected a list of commands, each a list of arguments"))
    hooks: list[tuple[str, ...]] = []
    for number, command in enumerate(value, start=1):
        if (
            not isinstance(command, list)
            or not command
            or not all(isinstance(arg, str) for arg in command)
            or not command[0].strip()
        ):
            raise SettingsValueError(
                _(
                    "hook {number} must be a non-empty list of text arguments "
                    'like ["notify-send", "FocusDesk"], got {command}'
                ).format(number=number, command=repr(command))
            )
        hooks.append(tuple(command))
    return tuple(hooks)


def _calendar_files(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SettingsValueError(
            f'expected a list of file names like ["~/calendars/work.ics"], got {value!r}'
        )
    # Each file once, in the order given; blank entries are dropped.
    return tuple(dict.fromkeys(item.strip() for item in value if item.strip()))


@dataclass(frozen=True)
class _Key:
    """Where one `Settings` field lives in the file and how its value is checked."""

    section: str | None
    key: str
    attribute: str
    convert: Callable[[Any], Any]
    #: How the value is written (None values are omitted).
    dump: Callable[[Any], Any] = lambda value: value

    @property
    def dotted(self) -> str:
        return f"{self.section}.{self.key}" if self.section else self.key


def _dump_time(value: time) -> str:
    return value.strftime("%H:%M")


def _dump_nested(value: tuple[Any, ...]) -> list[Any]:
    return [list(item) if isinstance(item, tuple) else item for item in value]


_KEYS: tuple[_Key, ...] = (
    _Key(None, "pattern", "pattern_id", _pattern_id),
    _Key(None, "language", "language", _language),
    _Key(None, "day_boundary", "day_boundary", _clock_time, _dump_time),
    # The same limits as a pattern file's defaults: an override can do what a pattern can.
    _Key("defaults", "focus_minutes", "focus_minutes", _integer(*DEFAULT_LIMITS["focus_minutes"])),
    _Key(
        "defaults", "buffer_minutes", "buffer_minutes", _integer(*DEFAULT_LIMITS["buffer_minutes"])
    ),
    _Key("defaults", "prestop_warnings", "prestop_warnings", _warnings, _dump_nested),
    _Key("defaults", "snooze_limit", "snooze_limit", _integer(*DEFAULT_LIMITS["snooze_limit"])),
    _Key(
        "defaults", "snooze_minutes", "snooze_minutes", _integer(*DEFAULT_LIMITS["snooze_minutes"])
    ),
    _Key("defaults", "strict", "strict", _boolean),
    _Key("defaults", "auto_buffer", "auto_buffer", _boolean),
    _Key("defaults", "auto_start", "auto_start", _boolean),
    _Key("sound", "muted", "sound_muted", _boolean),
    _Key("sound", "volume", "sound_volume", _integer(0, 100)),
    _Key("sound", "hard_stop", "sound_hard_stop", _text),
    _Key("sound", "block_end", "sound_block_end", _text),
    _Key("notifications", "enabled", "notifications_enabled", _boolean),
    _Key("notifications", "do_not_disturb", "do_not_disturb", _boolean),
    _Key("signal", "light", "signal_light", _boolean),
    _Key("signal", "light_position", "signal_light_position", _text),
    _Key("signal", "click_through", "signal_light_click_through", _boolean),
    _Key("signal", "hooks", "hooks", _hooks, _dump_nested),
    _Key("signal", "hook_timeout_seconds", "hook_timeout_seconds", _integer(1, 600)),
    _Key("startup", "at_login", "start_at_login", _boolean),
    _Key("presence", "away_after_minutes", "away_after_minutes", _integer(0, 240)),
    _Key("presence", "offclock_after_minutes", "offclock_after_minutes", _integer(0, 240)),
    _Key("calendar", "files", "calendar_files", _calendar_files, list),
)


def unmapped_settings_fields() -> set[str]:
    """`Settings` fields with no place in the file (a save would lose them): should be empty."""
    return {f.name for f in fields(Settings)} - {key.attribute for key in _KEYS}


def _read_document(path: Path, backups_dir: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The parsed file, or None with one warning (after backing the file up) if unusable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, []
    except OSError as error:
        return None, [
            _("Cannot read settings file {path}: {error}; using defaults.").format(
                path=path, error=error.strerror or error
            )
        ]
    try:
        return tomllib.loads(raw.decode("utf-8")), []
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problem = _("not valid TOML ({error})").format(error=error)
        if isinstance(error, UnicodeDecodeError):
            problem = _("not UTF-8 text")
        try:
            copy = back_up(path, backups_dir, "unreadable")
        except OSError as copy_error:
            kept = _("it could not be backed up ({error}) and is left as is").format(
                error=copy_error.strerror or copy_error
            )
        else:
            kept = _("a copy is kept at {copy}").format(copy=copy)
        return None, [
            _("Settings file {path} is {problem}; using defaults, {kept}.").format(
                path=path, problem=problem, kept=kept
            )
        ]


def read_language(path: Path) -> str:
    """The `language` setting alone, cheaply, for the command line: "" when unset or unreadable."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        return _language(document.get("language", ""))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, SettingsValueError):
        return ""


def load_settings(path: Path, backups_dir: Path | None = None) -> tuple[Settings, list[str]]:
    """Read the settings file: the settings, and one line per problem found.

    Missing keys take their defaults; a bad value is named (file, key,
    problem) and takes its default. An unreadable or unparsable file gives the
    defaults and one warning, and is copied to `backups_dir` (default: a
    `backups` folder beside it) so its text survives the next save. Keys this
    version does not know are reported and left in the file.
    """
    backups_dir = backups_dir if backups_dir is not None else path.parent / "backups"
    document, warnings = _read_document(path, backups_dir)
    if document is None:
        return Settings(), warnings

    values: dict[str, Any] = {}
    known: dict[str | None, set[str]] = {}
    for key in _KEYS:
        known.setdefault(key.section, set()).add(key.key)
        table = document if key.section is None else document.get(key.section, {})
        if not isinstance(table, dict):
            continue  # reported once below, as a section that is not a table
        if key.key not in table:
            continue
        try:
            values[key.attribute] = key.convert(table[key.key])
        except SettingsValueError as error:
            warnings.append(
                _("Settings file {path}: {key}: {error}; using the default.").format(
                    path=path, key=key.dotted, error=error
                )
            )

    for name, value in document.items():
        if name in known and name is not None:
            if not isinstance(value, dict):
                warnings.append(
                    _("Settings file {path}: [{name}] should be a table; ignored.").format(
                        path=path, name=name
                    )
                )
                continue
            for inner in value:
                if inner not in known[name]:
                    warnings.append(
                        _("Settings file {path}: unknown key {key}; ignored.").format(
                            path=path, key=f"{name}.{inner}"
                        )
                    )
        elif name not in known[None]:
            warnings.append(
                _("Settings file {path}: unknown key {key}; ignored.").format(path=path, key=name)
            )

    return replace(Settings(), **values), warnings


def settings_to_document(settings: Settings) -> dict[str, Any]:
    """The TOML document for `settings` (overrides left at None are omitted)."""
    document: dict[str, Any] = {}
    for key in _KEYS:
        value = getattr(settings, key.attribute)
        if value is None:
            continue
        table = document if key.section is None else document.setdefault(key.section, {})
        table[key.key] = key.dump(value)
    return document


def _merge_unknown(document: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """`document` plus the keys of `previous` that FocusDesk does not manage."""
    managed = {(key.section, key.key) for key in _KEYS}
    sections = {key.section for key in _KEYS if key.section}
    merged = dict(document)
    for name, value in previous.items():
        if name in sections and isinstance(value, dict):
            table = merged.setdefault(name, {})
            for inner, inner_value in value.items():
                if (name, inner) not in managed:
                    table[inner] = inner_value
        elif name not in sections and (None, name) not in managed:
            merged[name] = value
    return merged


def save_settings(path: Path, settings: Settings, backups_dir: Path | None = None) -> None:
    """Write `settings` atomically, backing up the file it replaces.

    Keys FocusDesk does not manage are carried over from the previous file.
    Raises OSError if the folder cannot be written (the old file is untouched).
    """
    backups_dir = backups_dir if backups_dir is not None else path.parent / "backups"
    document = settings_to_document(settings)
    if path.exists():
        try:
            previous = tomllib.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            # Kept under a name that is never pruned: the user's text may matter.
            back_up(path, backups_dir, "unreadable")
        else:
            document = _merge_unknown(document, previous)
            back_up(path, backups_dir, "before-save", keep=SAVE_BACKUPS_KEPT)
    write_atomically(path, tomli_w.dumps(document).encode("utf-8"))
