"""Requests on the control socket are validated before they reach the app."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from focusdesk.core.control_protocol import (
    ProtocolError,
    Request,
    encode_reply,
    error_reply,
    parse_reply,
    parse_request,
)


def test_a_start_request_round_trips() -> None:
    request = Request("start", 0.5, "writing", confirm_breach=True)
    assert parse_request(request.to_line().strip()) == request


def test_a_start_from_the_launcher_round_trips() -> None:
    request = Request("start", label="writing", ask_on_screen=True)
    assert parse_request(request.to_line().strip()) == request


@pytest.mark.parametrize("window", ["review", "settings", "ritual"])
def test_an_open_request_round_trips(window: str) -> None:
    request = Request("open", window=window)
    assert parse_request(request.to_line().strip()) == request


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (b"hello", "not a JSON object"),
        (b"[1, 2]", "not a JSON object"),
        (b"\xff\xfe", "not a JSON object"),
        (b'{"action": "explode"}', "unknown action 'explode'"),
        (b'{"action": "pause", "minutes": 3}', "'pause' takes no field minutes"),
        (b'{"action": "start", "minutes": -1}', "minutes must be a number"),
        (b'{"action": "start", "minutes": "ten"}', "minutes must be a number"),
        (b'{"action": "start", "minutes": true}', "minutes must be a number"),
        (b'{"action": "start", "minutes": 1e999}', "minutes must be a number"),
        (b'{"action": "extend"}', "minutes must be a number"),
        (b'{"action": "start", "label": 7}', "label must be text"),
        (b'{"action": "start", "label": "a\\nb"}', "label must be on one line"),
        (b'{"action": "start", "confirm_breach": "yes"}', "confirm_breach must be true or false"),
        (b"{" + b" " * 20000 + b"}", "request too long"),
        (b'{"action": "open"}', "window must be one of: review, settings, ritual"),
        (b'{"action": "open", "window": "terminal"}', "window must be one of"),
        (b'{"action": "open", "window": ["review"]}', "window must be one of"),
        (b'{"action": "show", "window": "review"}', "'show' takes no field window"),
        (b'{"action": "start", "ask_on_screen": 1}', "ask_on_screen must be true or false"),
        (b'{"action": "boundary"}', '\'boundary\' needs state "on" or "off"'),
        (b'{"action": "boundary", "state": "busy"}', "'boundary' needs state"),
        (b'{"action": "status", "state": "on"}', "'status' takes no field state"),
    ],
)
def test_garbage_becomes_a_clear_error(line: bytes, words: str) -> None:
    with pytest.raises(ProtocolError, match=words):
        parse_request(line)


@pytest.mark.parametrize("state", ["on", "off"])
def test_a_boundary_request_round_trips(state: str) -> None:
    request = Request("boundary", state=state)
    assert parse_request(request.to_line().strip()) == request


def test_shell_metacharacters_in_a_label_are_just_text() -> None:
    label = "$(touch /tmp/x); rm -rf ~ | && 'q' \"d\""
    assert parse_request(Request("start", label=label).to_line()).label == label


def test_replies() -> None:
    assert parse_reply(encode_reply({"status": {"state": "on"}})) == {
        "ok": True,
        "status": {"state": "on"},
    }
    failed = json.loads(encode_reply({"ok": False, "needs_confirmation": True}))
    assert failed == {"ok": False, "needs_confirmation": True, "error": "failed"}
    assert parse_reply(error_reply("nope"))["error"] == "nope"
    with pytest.raises(ProtocolError):
        parse_reply(b"garbage")


@given(st.binary(max_size=300))
def test_random_bytes_never_escape_as_anything_but_protocol_error(line: bytes) -> None:
    with contextlib.suppress(ProtocolError):
        parse_request(line)
