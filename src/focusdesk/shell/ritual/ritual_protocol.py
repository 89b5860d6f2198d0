"""What the app and the ritual's own process say to each other: one JSON object a line.

The app keeps nothing of a drawn window for the evening if the window was
never drawn in it (docs/PERFORMANCE.md): the shutdown ritual runs in a child
process (`ritual_child`) that the app drives over its standard input and
hears over its standard output. This module is that conversation, and the
answers the ritual collects; it imports no Qt.

App → ritual: `{"op": "prepare", ...RitualSetup}`, `{"op": "place", "place": b64}`,
`{"op": "draft", ...Draft}`, `{"op": "present", "seq": n}`, `{"op": "hide"}`.
The end of its input ends the ritual process.
Ritual → app: `{"event": "done", "answers": {...}, "place": b64}`, `{"event": "snooze"}`,
`{"event": "hidden", "place": b64, "draft": Draft, "seq": n}` (n: the `present` it
ends; one from before the app's last `present` is stale).

The process lives only while its window is on screen: once hidden, the app
keeps the draft (what was typed, how far the countdown ran) and a later
`present` gets a new process with it.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

#: A line longer than this is not from the other side (a checklist and a note fit easily).
MAX_LINE_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class ShutdownAnswers:
    """What the user filled in to close the day."""

    checklist_done: list[str] = field(default_factory=list)
    big_task_tomorrow: str = ""
    energy: int | None = None
    deliverables: int | None = None
    deliverables_note: str = ""
    relationships: int | None = None


@dataclass(frozen=True, slots=True)
class RitualSetup:
    """What the window shows for today's ring (`ShutdownRitualWindow.prepare`)."""

    hard_stop: datetime | None
    checklist: tuple[str, ...]
    snoozes_left: int
    snooze_minutes: int
    strict: bool
    big_task: str = ""


def line(message: dict[str, Any]) -> bytes:
    """One message as the line that carries it."""
    return json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"


def read_line(raw: bytes) -> dict[str, Any] | None:
    """The message in one line, or None for anything that is not one."""
    try:
        message = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return message if isinstance(message, dict) else None


def setup_message(setup: RitualSetup) -> dict[str, Any]:
    return {
        "op": "prepare",
        "hard_stop": setup.hard_stop.isoformat() if setup.hard_stop is not None else None,
        "checklist": list(setup.checklist),
        "snoozes_left": setup.snoozes_left,
        "snooze_minutes": setup.snooze_minutes,
        "strict": setup.strict,
        "big_task": setup.big_task,
    }


def setup_from(message: dict[str, Any]) -> RitualSetup:
    """The setup in a "prepare" message (ValueError/TypeError/KeyError if it is not one)."""
    hard_stop = message["hard_stop"]
    return RitualSetup(
        hard_stop=datetime.fromisoformat(hard_stop) if hard_stop is not None else None,
        checklist=tuple(str(item) for item in message["checklist"]),
        snoozes_left=int(message["snoozes_left"]),
        snooze_minutes=int(message["snooze_minutes"]),
        strict=bool(message["strict"]),
        big_task=str(message.get("big_task", "")),
    )


@dataclass(frozen=True, slots=True)
class Draft:
    """A hidden ritual window's state: what was filled in, and its ring's countdown."""

    answers: ShutdownAnswers
    #: The ring (hard stop, snoozes left) the countdown belongs to; None: none counting.
    ring: tuple[datetime | None, int] | None
    elapsed: float


def draft_message(draft: Draft) -> dict[str, Any]:
    ring = draft.ring
    return {
        "answers": answers_message(draft.answers),
        "ring": None
        if ring is None
        else [ring[0].isoformat() if ring[0] is not None else None, ring[1]],
        "elapsed": draft.elapsed,
    }


def draft_from(message: Any) -> Draft:
    """The draft in a message (ValueError/TypeError/KeyError if it is not one)."""
    if not isinstance(message, dict):
        raise TypeError("a draft is an object")
    ring = message["ring"]
    key: tuple[datetime | None, int] | None = None
    if ring is not None:
        hard_stop, snoozes_left = ring
        key = (datetime.fromisoformat(hard_stop) if hard_stop else None, int(snoozes_left))
    return Draft(answers_from(message["answers"]), key, float(message["elapsed"]))


def answers_message(answers: ShutdownAnswers) -> dict[str, Any]:
    return asdict(answers)


def answers_from(message: Any) -> ShutdownAnswers:
    """The answers in a "done" event (ValueError/TypeError if they are not answers)."""
    if not isinstance(message, dict):
        raise TypeError("answers are an object")

    def score(key: str) -> int | None:
        value = message.get(key)
        return None if value is None else int(value)

    return ShutdownAnswers(
        checklist_done=[str(item) for item in message.get("checklist_done", [])],
        big_task_tomorrow=str(message.get("big_task_tomorrow", "")),
        energy=score("energy"),
        deliverables=score("deliverables"),
        deliverables_note=str(message.get("deliverables_note", "")),
        relationships=score("relationships"),
    )


def place_text(place: bytes | None) -> str | None:
    """A window's saved geometry (Qt's bytes) as text for a message."""
    return base64.b64encode(place).decode("ascii") if place else None


def place_bytes(text: Any) -> bytes | None:
    """The geometry in a message, or None."""
    if not isinstance(text, str):
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
