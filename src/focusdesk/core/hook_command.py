"""The hook contract: what a user's command receives on a boundary change (SPEC §4).

A hook is an argument list from the settings (`[signal] hooks`), run as is —
never through a shell. FocusDesk appends four options, each one argument in
`--name=value` form (so a label that starts with "-" cannot be mistaken for an
option), and sets environment variables with the same facts::

    <hook argv...> --old-state=focus --new-state=buffer --label=Writing --ends-at=2026-03-02T11:10:00+01:00

    FOCUSDESK_HOOK_VERSION=1
    FOCUSDESK_OLD_STATE=focus        (empty on the first call after start-up)
    FOCUSDESK_STATE=buffer           off | on | focus | buffer | paused | alarm
    FOCUSDESK_BOUNDARY=on            on | off  (what the household should see)
    FOCUSDESK_OLD_BOUNDARY=on        (empty on the first call)
    FOCUSDESK_LABEL=Writing
    FOCUSDESK_ENDS_AT=2026-03-02T11:10:00+01:00   (local ISO 8601, empty if none)
    FOCUSDESK_REMAINING_SECONDS=600  (empty if none)
    FOCUSDESK_PATTERN=portfolio-day

Pure: building the call is separate from running it (`shell.hook_runner`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from focusdesk.core.status import EngineState, StatusSnapshot

#: Bumped if the arguments or variables ever change meaning.
HOOK_CONTRACT_VERSION = 1

#: An extension of the running block shorter than this does not call hooks
#: (guards against an end time that is recomputed with jitter).
_MEANINGFUL_END_SHIFT = timedelta(seconds=30)


class HookConfigError(ValueError):
    """A configured hook cannot be run as given."""


@dataclass(frozen=True, slots=True)
class HookCall:
    """One run of one hook: the full argument list and the variables to add."""

    argv: tuple[str, ...]
    environment: Mapping[str, str]

    @property
    def program(self) -> str:
        return self.argv[0]

    @property
    def arguments(self) -> tuple[str, ...]:
        return self.argv[1:]


def calls_hooks(previous: StatusSnapshot | None, current: StatusSnapshot) -> bool:
    """Whether a status change is one hooks hear about.

    The first status after start-up, a new state, a new label, or a block
    whose end moved (extend) — not the countdown ticking.
    """
    if previous is None:
        return True
    if previous.state is not current.state or previous.label != current.label:
        return True
    if current.state is EngineState.PAUSED:
        return False  # a paused block's end time drifts by design
    if (previous.ends_at is None) != (current.ends_at is None):
        return True
    if previous.ends_at is not None and current.ends_at is not None:
        return abs(current.ends_at - previous.ends_at) >= _MEANINGFUL_END_SHIFT
    return False


def hook_arguments(previous: StatusSnapshot | None, current: StatusSnapshot) -> tuple[str, ...]:
    """The options appended to every hook's own arguments."""
    facts = _facts(previous, current)
    return (
        f"--old-state={facts['FOCUSDESK_OLD_STATE']}",
        f"--new-state={facts['FOCUSDESK_STATE']}",
        f"--label={facts['FOCUSDESK_LABEL']}",
        f"--ends-at={facts['FOCUSDESK_ENDS_AT']}",
    )


def hook_environment(previous: StatusSnapshot | None, current: StatusSnapshot) -> dict[str, str]:
    """The variables added to the hook's environment (on top of FocusDesk's own)."""
    return dict(_facts(previous, current))


def build_hook_call(
    hook: Sequence[str], previous: StatusSnapshot | None, current: StatusSnapshot
) -> HookCall:
    """The argument list and environment for one hook on one change."""
    argv = tuple(hook)
    if not argv or not argv[0].strip():
        raise HookConfigError(f"a hook must start with a program name, got {list(argv)!r}")
    if any("\x00" in part for part in argv):
        raise HookConfigError(f"hook {argv[0]!r} contains a NUL character")
    return HookCall(
        argv=(*argv, *hook_arguments(previous, current)),
        environment=hook_environment(previous, current),
    )


def describe_hook(hook: Sequence[str]) -> str:
    """A short human name for a hook in messages: its program and first arguments."""
    shown = " ".join(hook[:3])
    return shown + (" …" if len(hook) > 3 else "")


def _facts(previous: StatusSnapshot | None, current: StatusSnapshot) -> dict[str, str]:
    def clean(text: str) -> str:
        # Neither argv nor the environment can carry NUL; nothing else is altered.
        return text.replace("\x00", "")

    return {
        "FOCUSDESK_HOOK_VERSION": str(HOOK_CONTRACT_VERSION),
        "FOCUSDESK_OLD_STATE": previous.state.value if previous else "",
        "FOCUSDESK_STATE": current.state.value,
        "FOCUSDESK_BOUNDARY": current.state.boundary.value,
        "FOCUSDESK_OLD_BOUNDARY": previous.state.boundary.value if previous else "",
        "FOCUSDESK_LABEL": clean(current.label),
        "FOCUSDESK_ENDS_AT": current.ends_at.isoformat() if current.ends_at else "",
        "FOCUSDESK_REMAINING_SECONDS": (
            str(current.remaining_seconds) if current.remaining_seconds is not None else ""
        ),
        "FOCUSDESK_PATTERN": clean(current.pattern_id),
    }
