"""Text from the edges (argv, the socket) that is not valid Unicode never loses a row (issue 16)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from focusdesk.core.control_protocol import (
    MAX_DEPTH,
    ProtocolError,
    Request,
    parse_reply,
    parse_request,
)
from focusdesk.core.text import clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("café", "café"),
        ("caf\udce9", "caf\ufffd"),  # argv: b"caf\xe9" through Python's surrogateescape
        ("caf\udcc3\udca9", "café"),  # argv: valid UTF-8 that came in escaped still reads right
        ("a\ud800b", "a\ufffdb"),  # a lone surrogate from JSON ("\\ud800")
        ("\udfff", "\ufffd"),
        ("😀", "😀"),
    ],
)
def test_text_that_cannot_be_stored_becomes_replacement_characters(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    clean_text(raw).encode("utf-8")  # storable


@given(st.text(alphabet=st.characters(), max_size=40))
def test_any_text_comes_out_storable_and_valid_text_unchanged(text: str) -> None:
    cleaned = clean_text(text)
    cleaned.encode("utf-8")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return
    assert cleaned == text


def test_a_lone_surrogate_in_a_label_on_the_socket_becomes_a_replacement_character() -> None:
    line = b'{"action": "start", "label": "caf\\ud800", "minutes": 1}'
    assert parse_request(line).label == "caf\ufffd"
    stop = parse_request(b'{"action": "stop", "reason": "\\udc80 done"}')
    assert stop.reason == "\ufffd done"


def test_bytes_that_are_not_utf8_in_a_label_become_replacement_characters() -> None:
    line = b'{"action": "start", "label": "caf\xe9"}'
    assert parse_request(line).label == "caf\ufffd"


@pytest.mark.parametrize(
    "line",
    [
        b"[" * 15000,
        b"[" * 15000 + b"]" * 15000,
        b'{"action": "start", "label": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": 1}}}}}}}}}',
    ],
)
def test_deep_nesting_is_refused_with_a_clear_error(line: bytes) -> None:
    with pytest.raises(ProtocolError):
        parse_request(line)


def test_brackets_inside_text_are_not_nesting() -> None:
    label = "[[[[[[[[[[[[{{{{{{{{{{"
    assert parse_request(Request("start", label=label).to_line().strip()).label == label
    assert MAX_DEPTH >= 2


def test_a_deeply_nested_reply_is_an_unreadable_reply_not_a_crash() -> None:
    with pytest.raises(ProtocolError):
        parse_reply(b"[" * 20000)
    deep = {"ok": True, "status": {"x": 1}}
    assert parse_reply(json.dumps(deep).encode()) == deep
