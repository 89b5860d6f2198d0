"""The pattern history in the log: which pattern (frozen) was in force from which day on.

`PatternHistoryLog` writes an entry when the active pattern is switched or
edited (or found changed at start-up) and reads the whole history back as a
core `PlanHistory`. The history is short (one row per switch or edit), so it
is read whole; each frozen copy is parsed once per process.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from focusdesk.core.patterns import Pattern
from focusdesk.core.plan_history import (
    PatternEvent,
    PatternVersion,
    PlanHistory,
    body_hash,
    pattern_body,
    pattern_from_body,
)
from focusdesk.store.database import LogDatabase
from focusdesk.store.session_log import _utc, utc_text

_EVENTS = {event.value: event for event in PatternEvent}


class PatternHistoryLog:
    """Typed access to `pattern_history` and `pattern_versions` over an opened log."""

    def __init__(self, database: LogDatabase) -> None:
        self._database = database
        self._conn = database.conn
        self._parsed: dict[str, Pattern | None] = {}

    def record(self, pattern: Pattern, day: date, at: datetime, event: PatternEvent) -> bool:
        """Record that `pattern`, as it is now, is in force from working day `day` on.

        Writes nothing (and answers False) when the last entry already holds
        this very version. The frozen copy is stored once per content hash.
        """
        body = pattern_body(pattern)
        digest = body_hash(body)
        stamp = utc_text(at, "recorded_at")
        with self._database.translating_errors(), self._database.atomic():
            last = self._conn.execute(
                "SELECT pattern_id, hash FROM pattern_history "
                "ORDER BY day DESC, recorded_at DESC, rowid DESC LIMIT 1"
            ).fetchone()
            if last is not None and last[0] == pattern.id and last[1] == digest:
                return False
            self._conn.execute(
                "INSERT OR IGNORE INTO pattern_versions (hash, pattern_id, body) VALUES (?, ?, ?)",
                [digest, pattern.id, body],
            )
            self._conn.execute(
                "INSERT INTO pattern_history (day, recorded_at, pattern_id, hash, event, pending) "
                "VALUES (?, ?, ?, ?, ?, 0)",
                [day.isoformat(), stamp, pattern.id, digest, PatternEvent(event).value],
            )
        return True

    def pending_count(self) -> int:
        """Entries the schema upgrade made that still wait for their pattern's copy."""
        with self._database.translating_errors():
            row = self._conn.execute(
                "SELECT COUNT(*) FROM pattern_history WHERE pending = 1"
            ).fetchone()
        return int(row[0])

    def freeze_pending(self, pattern_for: Callable[[str], Pattern | None]) -> int:
        """Give each upgraded entry the copy of the pattern its rows named, once.

        A pattern that no longer exists leaves that entry's plan unknown (its
        hash stays NULL). Returns how many entries were settled.
        """
        with self._database.translating_errors():
            rows = self._conn.execute(
                "SELECT rowid, pattern_id FROM pattern_history WHERE pending = 1"
            ).fetchall()
        if not rows:
            return 0
        with self._database.translating_errors(), self._database.atomic():
            for rowid, pattern_id in rows:
                pattern = pattern_for(str(pattern_id))
                digest: str | None = None
                if pattern is not None:
                    body = pattern_body(pattern)
                    digest = body_hash(body)
                    self._conn.execute(
                        "INSERT OR IGNORE INTO pattern_versions (hash, pattern_id, body) "
                        "VALUES (?, ?, ?)",
                        [digest, pattern.id, body],
                    )
                self._conn.execute(
                    "UPDATE pattern_history SET hash = ?, pending = 0 WHERE rowid = ?",
                    [digest, rowid],
                )
        return len(rows)

    def history(self, pattern_for: Callable[[str], Pattern | None] | None = None) -> PlanHistory:
        """Every entry with its frozen pattern.

        An upgraded entry not frozen yet reads as `pattern_for` would freeze
        it (a read-only reader sees what the app will write).
        """
        with self._database.translating_errors():
            rows = self._conn.execute(
                "SELECT h.day, h.recorded_at, h.pattern_id, h.hash, h.event, h.pending, v.body "
                "FROM pattern_history h LEFT JOIN pattern_versions v ON v.hash = h.hash "
                "ORDER BY h.day, h.recorded_at, h.rowid"
            ).fetchall()
        versions = []
        for day, recorded_at, pattern_id, digest, event, pending, body in rows:
            pattern: Pattern | None = None
            if digest is not None and body is not None:
                pattern = self._parse(str(digest), str(body), str(pattern_id))
            elif pending and pattern_for is not None:
                pattern = pattern_for(str(pattern_id))
            versions.append(
                PatternVersion(
                    day=date.fromisoformat(day),
                    recorded_at=_utc(recorded_at),
                    pattern_id=str(pattern_id),
                    event=_EVENTS.get(event, PatternEvent.START),
                    pattern=pattern,
                    content_hash=None if digest is None else str(digest),
                )
            )
        return PlanHistory(versions)

    def _parse(self, digest: str, body: str, pattern_id: str) -> Pattern | None:
        if digest not in self._parsed:
            self._parsed[digest] = pattern_from_body(body, f"log:pattern {pattern_id}@{digest[:8]}")
        return self._parsed[digest]
