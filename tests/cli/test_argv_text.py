"""A label typed in a terminal that does not speak UTF-8 is kept, not refused (issue 16)."""

from __future__ import annotations

from focusdesk.cli.parser import build_parser


def test_argv_bytes_that_are_not_utf8_become_replacement_characters() -> None:
    # `focusdesk start --label $'caf\xe9'`: Python hands the byte over as a lone surrogate.
    args = build_parser().parse_args(["start", "--label", "caf\udce9"])
    assert args.label == "caf\ufffd"
    stop = build_parser().parse_args(["stop", "--reason", "caf\udcc3\udca9"])
    assert stop.reason == "café"
