"""The hook contract: each fact is one argument and one variable, user text untouched."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone

import pytest

from focusdesk.core.hook_command import (
    HOOK_CONTRACT_VERSION,
    HookConfigError,
    build_hook_call,
    calls_hooks,
    describe_hook,
    hook_arguments,
)
from focusdesk.core.status import EngineState, StatusSnapshot

PARIS_WINTER = timezone(timedelta(hours=1))
ENDS = datetime(2026, 3, 2, 11, 0, tzinfo=PARIS_WINTER)
NASTY_LABEL = "$(touch /tmp/pwned); rm -rf ~ \"quoted\" 'x' | && ; `id` > out\n*"


def snapshot(
    state: EngineState, label: str = "", ends_at: datetime | None = None
) -> StatusSnapshot:
    return StatusSnapshot(
        state=state,
        pattern_id="portfolio-day",
        label=label,
        ends_at=ends_at,
        remaining_seconds=600 if ends_at else None,
        total_seconds=5400 if ends_at else None,
    )


def parse_like_a_hook_script(argv: tuple[str, ...]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    for option in ("--old-state", "--new-state", "--label", "--ends-at"):
        parser.add_argument(option, required=True)
    return parser.parse_args(list(argv))


def test_the_users_arguments_come_first_then_the_four_options() -> None:
    call = build_hook_call(
        ["/usr/local/bin/lamp", "--room", "study"],
        snapshot(EngineState.FOCUS, "Writing", ENDS),
        snapshot(EngineState.BUFFER, "Writing", ENDS + timedelta(minutes=10)),
    )
    assert call.program == "/usr/local/bin/lamp"
    assert call.argv == (
        "/usr/local/bin/lamp",
        "--room",
        "study",
        "--old-state=focus",
        "--new-state=buffer",
        "--label=Writing",
        "--ends-at=2026-03-02T11:10:00+01:00",
    )


def test_the_environment_carries_the_same_facts() -> None:
    call = build_hook_call(
        ["lamp"],
        snapshot(EngineState.ON),
        snapshot(EngineState.FOCUS, "Client A", ENDS),
    )
    assert call.environment == {
        "FOCUSDESK_HOOK_VERSION": str(HOOK_CONTRACT_VERSION),
        "FOCUSDESK_OLD_STATE": "on",
        "FOCUSDESK_STATE": "focus",
        "FOCUSDESK_BOUNDARY": "on",
        "FOCUSDESK_OLD_BOUNDARY": "on",
        "FOCUSDESK_LABEL": "Client A",
        "FOCUSDESK_ENDS_AT": "2026-03-02T11:00:00+01:00",
        "FOCUSDESK_REMAINING_SECONDS": "600",
        "FOCUSDESK_PATTERN": "portfolio-day",
    }


def test_the_first_call_after_start_up_has_an_empty_old_state() -> None:
    call = build_hook_call(["lamp"], None, snapshot(EngineState.OFF))
    assert "--old-state=" in call.argv
    assert call.environment["FOCUSDESK_OLD_STATE"] == ""
    assert call.environment["FOCUSDESK_OLD_BOUNDARY"] == ""
    assert call.environment["FOCUSDESK_BOUNDARY"] == "off"
    assert call.environment["FOCUSDESK_ENDS_AT"] == ""
    assert call.environment["FOCUSDESK_REMAINING_SECONDS"] == ""


def test_a_label_full_of_shell_syntax_is_one_plain_argument_and_value() -> None:
    call = build_hook_call(["lamp"], None, snapshot(EngineState.FOCUS, NASTY_LABEL, ENDS))
    labels = [arg for arg in call.argv if arg.startswith("--label=")]
    assert labels == [f"--label={NASTY_LABEL}"]
    assert call.environment["FOCUSDESK_LABEL"] == NASTY_LABEL
    assert len(call.argv) == 5


def test_a_label_that_looks_like_an_option_still_parses_as_the_label() -> None:
    arguments = hook_arguments(None, snapshot(EngineState.FOCUS, "--new-state=off", ENDS))
    parsed = parse_like_a_hook_script(arguments)
    assert parsed.label == "--new-state=off"
    assert parsed.new_state == "focus"
    assert parsed.old_state == ""


def test_nul_characters_are_dropped_from_the_label_because_argv_cannot_carry_them() -> None:
    call = build_hook_call(["lamp"], None, snapshot(EngineState.FOCUS, "a\x00b"))
    assert "--label=ab" in call.argv


@pytest.mark.parametrize("hook", [[], [""], ["   "]])
def test_a_hook_without_a_program_is_refused_clearly(hook: list[str]) -> None:
    with pytest.raises(HookConfigError, match="must start with a program name"):
        build_hook_call(hook, None, snapshot(EngineState.ON))


def test_hooks_hear_about_state_label_and_end_changes_but_not_the_countdown() -> None:
    focus = snapshot(EngineState.FOCUS, "Writing", ENDS)
    ticking = StatusSnapshot(
        state=EngineState.FOCUS,
        pattern_id="portfolio-day",
        label="Writing",
        ends_at=ENDS,
        remaining_seconds=540,
        total_seconds=5400,
    )
    assert calls_hooks(None, focus)
    assert not calls_hooks(focus, ticking)
    assert calls_hooks(focus, snapshot(EngineState.BUFFER, "Writing", ENDS))
    assert calls_hooks(focus, snapshot(EngineState.FOCUS, "Reading", ENDS))
    extended = snapshot(EngineState.FOCUS, "Writing", ENDS + timedelta(minutes=10))
    assert calls_hooks(focus, extended)
    jitter = snapshot(EngineState.FOCUS, "Writing", ENDS + timedelta(seconds=2))
    assert not calls_hooks(focus, jitter)


def test_a_paused_blocks_drifting_end_does_not_call_hooks() -> None:
    paused = snapshot(EngineState.PAUSED, "Writing", ENDS)
    later = snapshot(EngineState.PAUSED, "Writing", ENDS + timedelta(minutes=5))
    assert not calls_hooks(paused, later)


def test_describe_hook_names_the_program_and_shortens_long_commands() -> None:
    assert describe_hook(["lamp", "on"]) == "lamp on"
    assert describe_hook(["curl", "-s", "-X", "POST", "http://x"]) == "curl -s -X …"
