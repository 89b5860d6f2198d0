"""The one human line `focusdesk status` (and start/stop/…) prints for a status."""

from __future__ import annotations

from focusdesk.cli.control_cmd import describe


def test_a_buffer_is_not_called_buffer_twice() -> None:
    line = describe({"state": "buffer", "label": "Buffer", "remaining_seconds": 56, "pattern": "p"})
    assert line == "Buffer · 0:56 left · pattern p"


def test_the_ritual_names_its_hard_stop_once() -> None:
    line = describe(
        {
            "state": "alarm",
            "label": "Hard stop",
            "hard_stop": "2026-11-23T21:05:00+00:00",
            "pattern": "late-day",
        }
    )
    assert line == "Hard stop 21:05 — wrapping up · pattern late-day"


def test_a_closed_day_says_so_and_names_tomorrows_task() -> None:
    line = describe(
        {
            "state": "off",
            "label": "",
            "hard_stop": "2026-11-23T21:05:00+00:00",
            "day_closed": True,
            "big_task": "Finish the grant report",
            "pattern": "late-day",
        }
    )
    assert line == (
        "Off — available · day closed (hard stop 21:05) · tomorrow: Finish the grant report"
        " · pattern late-day"
    )


def test_a_labelled_focus_block_keeps_its_label() -> None:
    line = describe({"state": "focus", "label": "Write spec", "remaining_seconds": 600})
    assert line == "Focus: Write spec · 10:00 left"
