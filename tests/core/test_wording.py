"""English counts and durations, written one way everywhere."""

from __future__ import annotations

import pytest

from focusdesk.core.wording import count, duration_words, minutes_words


@pytest.mark.parametrize(
    ("number", "noun", "words"),
    [
        (0, "snooze", "0 snoozes"),
        (1, "snooze", "1 snooze"),
        (2, "snooze", "2 snoozes"),
        (1, "deliverable", "1 deliverable"),
        (3, "breach", "3 breaches"),
        (1, "session", "1 session"),
    ],
)
def test_counts_agree_with_their_number(number: int, noun: str, words: str) -> None:
    assert count(number, noun) == words


def test_an_irregular_plural_can_be_given() -> None:
    assert count(2, "more problem", "more problems") == "2 more problems"
    assert count(1, "more problem", "more problems") == "1 more problem"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0, "0 s"), (26, "26 s"), (59.6, "1 min"), (90 * 60, "1 h 30 min"), (65 * 60, "1 h 05 min")],
)
def test_a_short_duration_is_never_zero_minutes(seconds: float, words: str) -> None:
    assert duration_words(seconds) == words


def test_whole_minutes() -> None:
    assert [minutes_words(m) for m in (0, 45, 60, 125)] == ["0 min", "45 min", "1 h", "2 h 05 min"]
