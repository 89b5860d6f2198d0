"""Which plan was in force on a past day (SPEC §5): the pattern history.

Every switch of the active pattern and every edit of it is recorded with its
time, the working day it happened on, and a frozen copy of the pattern (its
TOML-shaped dict as canonical JSON, identified by a content hash). A past day
is then judged by the last version recorded on or before that day, whatever
the pattern files say now; a day older than the first record has no known
plan ("plan unknown"), which the review shows as such, never as zero. Today
and the future follow the live active pattern, so a switch or an edit changes
today and later only.

Pure: the store keeps the entries, this module decides what they mean.
"""

from __future__ import annotations

import bisect
import importlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from focusdesk.core.pattern_loader import PatternError, pattern_from_dict, pattern_to_dict
from focusdesk.core.patterns import Pattern


class PatternEvent(StrEnum):
    """Why an entry was recorded."""

    #: The app started and found a pattern (or a version of it) not yet recorded.
    START = "start"
    #: The user chose another pattern.
    SWITCH = "switch"
    #: The active pattern was edited.
    EDIT = "edit"
    #: Filled in by the schema upgrade from the pattern named in a day's rows.
    MIGRATED = "migrated"


def pattern_body(pattern: Pattern) -> str:
    """The frozen copy of a pattern: canonical JSON of its TOML-shaped dict."""
    return json.dumps(pattern_to_dict(pattern), sort_keys=True, ensure_ascii=False)


def body_hash(body: str) -> str:
    """The content hash that names a frozen copy (SHA-256, hex)."""
    return str(_sha256(body.encode("utf-8")).hexdigest())


def _sha256(data: bytes) -> Any:
    """SHA-256 from Python's own implementation: `hashlib` would load OpenSSL's libcrypto
    (≈ 3.3 MB resident, measured by benchmarks/day_states.py) into the app for the day.
    Same digest; hashlib only where the built-in module is missing."""
    for name in ("_sha2", "_sha256"):  # Python ≥ 3.12, 3.11
        try:
            return importlib.import_module(name).sha256(data)
        except ImportError:
            continue
    import hashlib  # a Python built without its own SHA-2

    return hashlib.sha256(data)


def pattern_hash(pattern: Pattern) -> str:
    return body_hash(pattern_body(pattern))


def pattern_from_body(body: str, source: str) -> Pattern | None:
    """The pattern a frozen copy holds, or None if it no longer reads (then the plan is unknown)."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        return pattern_from_dict(data, source)
    except PatternError:
        return None


@dataclass(frozen=True, slots=True)
class PatternVersion:
    """One entry of the history: from `day` on, this pattern was in force."""

    day: date
    recorded_at: datetime
    pattern_id: str
    event: PatternEvent
    #: None: the plan is unknown (the pattern named by old rows no longer existed).
    pattern: Pattern | None
    content_hash: str | None = None


class PlanHistory:
    """The recorded versions, and the one in force on any day."""

    def __init__(self, versions: Iterable[PatternVersion] = ()) -> None:
        self.versions = sorted(versions, key=lambda v: (v.day, v.recorded_at))
        self._days = [v.day for v in self.versions]

    def __len__(self) -> int:
        return len(self.versions)

    def version_on(self, day: date) -> PatternVersion | None:
        """The last version recorded on or before `day`; None before the first record."""
        index = bisect.bisect_right(self._days, day)
        return self.versions[index - 1] if index else None

    def pattern_on(self, day: date) -> Pattern | None:
        """The pattern in force on `day`, or None when that plan is unknown."""
        version = self.version_on(day)
        return None if version is None else version.pattern

    @property
    def latest(self) -> PatternVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def first_day(self) -> date | None:
        return self.versions[0].day if self.versions else None


def needs_record(history: PlanHistory, pattern: Pattern) -> bool:
    """True when `pattern` as it is now differs from the last recorded version."""
    latest = history.latest
    if latest is None:
        return True
    return latest.pattern_id != pattern.id or latest.content_hash != pattern_hash(pattern)
