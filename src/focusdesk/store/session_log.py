"""Reading and writing the log: sessions, days and weekly reviews as core records.

`SessionLog` is the only place that knows how a `SessionRecord`, `DayRecord`
or `WeeklyReview` is laid out in SQLite (conventions in `migrations.py`).
Every write is one short transaction (`LogDatabase.atomic()`); SQLite environment
errors come out as `StorageError`s (`errors.py`), bad edits as
`SessionConflict`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from focusdesk.core.sessions import (
    DayRecord,
    Outcome,
    SessionKind,
    SessionRecord,
    WeeklyReview,
)
from focusdesk.core.text import clean_text
from focusdesk.store.database import LogDatabase
from focusdesk.store.errors import SessionConflict, SessionNotFound

_SESSION_COLUMNS = (
    "id",
    "kind",
    "label",
    "pattern_id",
    "day",
    "started_at",
    "planned_end",
    "utc_offset_minutes",
    "planned_seconds",
    "ended_at",
    "actual_seconds",
    "paused_seconds",
    "outcome",
    "breach",
    "note",
    "heartbeat_at",
)
_DAY_COLUMNS = (
    "day",
    "pattern_id",
    "hard_stop_planned",
    "hard_stop_offset_minutes",
    "hard_stop_kept",
    "overtime_seconds",
    "snoozes",
    "protected",
    "big_task_tomorrow",
    "checklist_done",
    "energy",
    "relationships",
    "deliverables",
    "deliverables_note",
    "offclock_watched",
)
_REVIEW_COLUMNS = ("week", "wins", "misses", "upgrade")

#: Kinds that must not overlap one another: work (focus, overtime) and buffers.
_KIND_FAMILIES: dict[SessionKind, tuple[SessionKind, ...]] = {
    SessionKind.FOCUS: (SessionKind.FOCUS, SessionKind.OVERTIME),
    SessionKind.OVERTIME: (SessionKind.FOCUS, SessionKind.OVERTIME),
    SessionKind.BUFFER: (SessionKind.BUFFER,),
    # Offclock time is recognised, not started: it may touch a block's edges, never inside one.
    SessionKind.OFFCLOCK: (SessionKind.OFFCLOCK,),
}

_ISO_WEEK = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")

Row = Mapping[str, Any] | sqlite3.Row


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
    )


def _upsert_sql(
    table: str, columns: tuple[str, ...], key: str, keep_if_null: tuple[str, ...] = ()
) -> str:
    updates = ", ".join(
        f"{c} = COALESCE(excluded.{c}, {table}.{c})" if c in keep_if_null else f"{c} = excluded.{c}"
        for c in columns
        if c != key
    )
    return f"{_insert_sql(table, columns)} ON CONFLICT ({key}) DO UPDATE SET {updates}"


_SESSION_INSERT = _insert_sql("sessions", _SESSION_COLUMNS)
# A record without a heartbeat never erases the one the log holds: recovery
# after a crash closes the block there.
_SESSION_UPSERT = _upsert_sql("sessions", _SESSION_COLUMNS, "id", keep_if_null=("heartbeat_at",))
_SESSION_UPDATE = "UPDATE sessions SET {} WHERE id = :id".format(
    ", ".join(f"{c} = :{c}" for c in _SESSION_COLUMNS if c != "id")
)
_DAY_UPSERT = _upsert_sql("days", _DAY_COLUMNS, "day")
_REVIEW_UPSERT = _upsert_sql("weekly_reviews", _REVIEW_COLUMNS, "week")


# --- conversions -------------------------------------------------------------


def utc_text(value: datetime, what: str) -> str:
    """An aware instant as fixed-width UTC text, so that text order is time order."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, not {value.isoformat()}")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _optionalutc_text(value: datetime | None, what: str) -> str | None:
    return None if value is None else utc_text(value, what)


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _optional_utc(text: str | None) -> datetime | None:
    return None if text is None else _utc(text)


def _optional_bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _offset_minutes(value: datetime) -> int:
    offset = value.utcoffset()
    assert offset is not None  # checked by utc_text first
    return int(offset.total_seconds() // 60)


def session_to_row(rec: SessionRecord) -> dict[str, Any]:
    """The `sessions` row for a record (raises ValueError on a naive datetime)."""
    return {
        "id": rec.id,
        "kind": SessionKind(rec.kind).value,
        "label": clean_text(rec.label),
        "pattern_id": clean_text(rec.pattern_id),
        "day": rec.day.isoformat(),
        "started_at": utc_text(rec.started_at, "started_at"),
        "planned_end": utc_text(rec.planned_end, "planned_end"),
        "utc_offset_minutes": int(rec.utc_offset_minutes),
        "planned_seconds": int(rec.planned_seconds),
        "ended_at": _optionalutc_text(rec.ended_at, "ended_at"),
        "actual_seconds": int(rec.actual_seconds),
        "paused_seconds": int(rec.paused_seconds),
        "outcome": Outcome(rec.outcome).value,
        "breach": int(bool(rec.breach)),
        "note": clean_text(rec.note),
        "heartbeat_at": _optionalutc_text(rec.heartbeat_at, "heartbeat_at"),
    }


# Plain dict lookups: `SessionKind(value)` goes through Enum.__call__, a
# measurable part of building a week's ≈ 180 records (the week query, ≤ 2 ms).
_KINDS = {kind.value: kind for kind in SessionKind}
_OUTCOMES = {outcome.value: outcome for outcome in Outcome}


def session_from_row(row: Row) -> SessionRecord:
    """The record for a `sessions` row; instants come back as aware UTC datetimes."""
    return SessionRecord(
        id=row["id"],
        kind=_KINDS.get(row["kind"]) or SessionKind(row["kind"]),
        label=row["label"],
        pattern_id=row["pattern_id"],
        day=date.fromisoformat(row["day"]),
        started_at=_utc(row["started_at"]),
        planned_end=_utc(row["planned_end"]),
        utc_offset_minutes=row["utc_offset_minutes"],
        planned_seconds=row["planned_seconds"],
        ended_at=_optional_utc(row["ended_at"]),
        actual_seconds=row["actual_seconds"],
        paused_seconds=row["paused_seconds"],
        outcome=_OUTCOMES.get(row["outcome"]) or Outcome(row["outcome"]),
        breach=bool(row["breach"]),
        note=row["note"],
        heartbeat_at=_optional_utc(row["heartbeat_at"]),
    )


def day_to_row(rec: DayRecord) -> dict[str, Any]:
    """The `days` row for a record; the hard stop keeps the offset it was given in."""
    planned = rec.hard_stop_planned
    return {
        "day": rec.day.isoformat(),
        "pattern_id": clean_text(rec.pattern_id),
        "hard_stop_planned": _optionalutc_text(planned, "hard_stop_planned"),
        "hard_stop_offset_minutes": None if planned is None else _offset_minutes(planned),
        "hard_stop_kept": None if rec.hard_stop_kept is None else int(rec.hard_stop_kept),
        "overtime_seconds": int(rec.overtime_seconds),
        "snoozes": int(rec.snoozes),
        "protected": int(bool(rec.protected)),
        "big_task_tomorrow": clean_text(rec.big_task_tomorrow),
        "checklist_done": json.dumps(
            [clean_text(item) for item in rec.checklist_done], ensure_ascii=False
        ),
        "energy": rec.energy,
        "relationships": rec.relationships,
        "deliverables": rec.deliverables,
        "deliverables_note": clean_text(rec.deliverables_note),
        "offclock_watched": None if rec.offclock_watched is None else int(rec.offclock_watched),
    }


def day_from_row(row: Row) -> DayRecord:
    """The record for a `days` row."""
    planned: datetime | None = None
    if row["hard_stop_planned"] is not None:
        offset = timedelta(minutes=row["hard_stop_offset_minutes"] or 0)
        planned = _utc(row["hard_stop_planned"]).astimezone(timezone(offset))
    checklist = json.loads(row["checklist_done"])
    return DayRecord(
        day=date.fromisoformat(row["day"]),
        pattern_id=row["pattern_id"],
        hard_stop_planned=planned,
        hard_stop_kept=_optional_bool(row["hard_stop_kept"]),
        overtime_seconds=row["overtime_seconds"],
        snoozes=row["snoozes"],
        protected=bool(row["protected"]),
        big_task_tomorrow=row["big_task_tomorrow"],
        checklist_done=[str(item) for item in checklist],
        energy=row["energy"],
        relationships=row["relationships"],
        deliverables=row["deliverables"],
        deliverables_note=row["deliverables_note"],
        offclock_watched=_optional_bool(row["offclock_watched"]),
    )


def _describe(rec: SessionRecord) -> str:
    start = rec.local_start.strftime("%a %Y-%m-%d %H:%M")
    end = rec.local_end.strftime("%H:%M") if rec.local_end is not None else "now"
    label = f" “{rec.label}”" if rec.label else ""
    return f"the {SessionKind(rec.kind).value} session{label} {start}–{end}"


class SessionLog:
    """Typed access to the log over an opened `LogDatabase`."""

    def __init__(self, database: LogDatabase) -> None:
        self._database = database
        self._conn = database.conn

    # --- the running block ---------------------------------------------------

    def open_session(self, rec: SessionRecord) -> None:
        """Write a block the moment it starts (so a crash cannot lose it)."""
        row = session_to_row(rec)
        with self._database.translating_errors(), self._database.atomic():
            try:
                self._conn.execute(_SESSION_INSERT, row)
            except sqlite3.IntegrityError as error:
                raise SessionConflict(
                    f"A session with id {rec.id} is already in the log."
                ) from error

    def update_running_session(self, rec: SessionRecord) -> None:
        """Write the current plan of a running block (extended, paused) without ending it.

        Inserts the block if its start never reached the log (a lock or a full
        disk at the time), so the next write brings it in.
        """
        if not rec.is_open:
            raise ValueError(f"Session {rec.id} has ended; use close_session to record its end.")
        row = session_to_row(rec)
        with self._database.translating_errors(), self._database.atomic():
            self._conn.execute(_SESSION_UPSERT, row)

    def heartbeat(self, session_id: str, at: datetime) -> None:
        """Record that the running block was alive at `at` (recovery closes it there)."""
        stamp = utc_text(at, "heartbeat time")
        with self._database.translating_errors(), self._database.atomic():
            cursor = self._conn.execute(
                "UPDATE sessions SET heartbeat_at = ? WHERE id = ? AND ended_at IS NULL",
                [stamp, session_id],
            )
        if cursor.rowcount == 0:
            raise SessionNotFound(f"No open session {session_id} in the log to heartbeat.")

    def close_session(self, rec: SessionRecord) -> None:
        """Write a block's end (outcome, actual and paused seconds, note).

        Writes the whole record, inserting it if its start never reached the
        log (say the disk was full then), so an ended block is never dropped.
        """
        if rec.ended_at is None:
            raise ValueError(f"Session {rec.id} has no end time; set ended_at before closing it.")
        row = session_to_row(rec)
        with self._database.translating_errors(), self._database.atomic():
            self._conn.execute(_SESSION_UPSERT, row)

    def apply(self, op: Mapping[str, Any]) -> None:
        """Write one pending operation (`pending_writes`): an upsert, harmless when repeated.

        A heartbeat for a block that is no longer open is dropped: its end is logged.
        """
        kind, row = op["kind"], dict(op["row"])
        with self._database.translating_errors(), self._database.atomic():
            if kind == "session":
                full = {column: row.get(column) for column in _SESSION_COLUMNS}
                self._conn.execute(_SESSION_UPSERT, full)
            elif kind == "heartbeat":
                self._conn.execute(
                    "UPDATE sessions SET heartbeat_at = ? WHERE id = ? AND ended_at IS NULL",
                    [row["at"], row["id"]],
                )
            elif kind == "day":
                self._conn.execute(
                    _DAY_UPSERT, {column: row.get(column) for column in _DAY_COLUMNS}
                )
            else:
                raise ValueError(f"unknown pending write {kind!r}")

    def recover_open_sessions(self, now: datetime) -> list[SessionRecord]:
        """Close every session an earlier run left open (crash, kill, power loss).

        Each is closed at its last heartbeat (its start if it has none), never
        after its planned end or `now`; its focus time is the time up to then
        minus paused time, and its outcome RECOVERED. Call this at start-up,
        before a new block opens. Returns the closed sessions so the app can
        tell the user.
        """
        now_text = utc_text(now, "now")
        recovered: list[SessionRecord] = []
        with self._database.translating_errors(), self._database.atomic():
            rows = list(
                self._conn.execute(
                    "SELECT * FROM sessions WHERE ended_at IS NULL ORDER BY started_at"
                )
            )
            for row in rows:
                rec = session_from_row(row)
                last_alive = rec.heartbeat_at or rec.started_at
                end = max(rec.started_at, min(last_alive, rec.planned_end, _utc(now_text)))
                rec.ended_at = end
                worked = int((end - rec.started_at).total_seconds())
                rec.actual_seconds = max(0, worked - rec.paused_seconds)
                rec.outcome = Outcome.RECOVERED
                self._conn.execute(_SESSION_UPDATE, session_to_row(rec))
                recovered.append(rec)
        return recovered

    # --- reading sessions ----------------------------------------------------

    def get_session(self, session_id: str) -> SessionRecord | None:
        """The session with this id, or None."""
        rows = self._select("SELECT * FROM sessions WHERE id = ?", [session_id])
        return rows[0] if rows else None

    def sessions_between(
        self, start_utc: datetime, end_utc: datetime, label: str | None = None
    ) -> list[SessionRecord]:
        """Sessions that started in [start_utc, end_utc), optionally with one label, by start."""
        sql = "SELECT * FROM sessions WHERE started_at >= ? AND started_at < ?"
        params: list[Any] = [utc_text(start_utc, "start_utc"), utc_text(end_utc, "end_utc")]
        if label is not None:
            sql += " AND label = ?"
            params.append(label)
        return self._select(sql + " ORDER BY started_at, id", params)

    def sessions_for_days(
        self, first: date, last: date, kind: SessionKind | None = None
    ) -> list[SessionRecord]:
        """Sessions of the working days first..last (inclusive), by start; only `kind`'s if given."""
        if kind is None:
            return self._select(
                "SELECT * FROM sessions WHERE day >= ? AND day <= ? ORDER BY started_at, id",
                [first.isoformat(), last.isoformat()],
            )
        return self._select(
            "SELECT * FROM sessions WHERE day >= ? AND day <= ? AND kind = ? "
            "ORDER BY started_at, id",
            [first.isoformat(), last.isoformat(), kind.value],
        )

    def last_session(self) -> SessionRecord | None:
        """The session that started most recently, or None for an empty log."""
        rows = self._select("SELECT * FROM sessions ORDER BY started_at DESC, id DESC LIMIT 1")
        return rows[0] if rows else None

    def recent_labels(self, limit: int = 10) -> list[str]:
        """Distinct non-empty labels, most recently used first."""
        # Walk back from the newest session on the started_at index and stop once
        # `limit` labels are found: a GROUP BY over the whole log scanned every
        # row (≈15 ms on five years of history) at each start-up and block start.
        labels: list[str] = []
        if limit <= 0:
            return labels
        with self._database.translating_errors():
            cursor = self._conn.execute(
                "SELECT label FROM sessions WHERE label != '' ORDER BY started_at DESC, label"
            )
            for (label,) in cursor:
                if label not in labels:
                    labels.append(str(label))
                    if len(labels) == limit:
                        break
            cursor.close()
        return labels

    def iter_all_sessions(self) -> Iterator[SessionRecord]:
        """Every session, oldest first, read lazily (for export)."""
        with self._database.translating_errors():
            for row in self._conn.execute("SELECT * FROM sessions ORDER BY started_at, id"):
                yield session_from_row(row)

    # --- days ----------------------------------------------------------------

    def get_day(self, day: date) -> DayRecord | None:
        """The record of one working day, or None if nothing was saved for it."""
        with self._database.translating_errors():
            rows = list(self._conn.execute("SELECT * FROM days WHERE day = ?", [day.isoformat()]))
        return day_from_row(rows[0]) if rows else None

    def save_day(self, rec: DayRecord) -> None:
        """Insert or replace the record of one working day."""
        row = day_to_row(rec)
        with self._database.translating_errors(), self._database.atomic():
            self._conn.execute(_DAY_UPSERT, row)

    def days_between(self, first: date, last: date) -> list[DayRecord]:
        """Saved day records from first to last (inclusive), oldest first."""
        with self._database.translating_errors():
            rows = list(
                self._conn.execute(
                    "SELECT * FROM days WHERE day >= ? AND day <= ? ORDER BY day",
                    [first.isoformat(), last.isoformat()],
                )
            )
        return [day_from_row(row) for row in rows]

    # --- weekly reviews --------------------------------------------------------

    def get_weekly_review(self, week: str) -> WeeklyReview | None:
        """The review of an ISO week ("2026-W47"), or None."""
        with self._database.translating_errors():
            rows = list(self._conn.execute("SELECT * FROM weekly_reviews WHERE week = ?", [week]))
        if not rows:
            return None
        row = rows[0]
        return WeeklyReview(
            week=row["week"], wins=row["wins"], misses=row["misses"], upgrade=row["upgrade"]
        )

    def save_weekly_review(self, rev: WeeklyReview) -> None:
        """Insert or replace the review of one ISO week."""
        if not _ISO_WEEK.match(rev.week):
            raise ValueError(f"Week {rev.week!r} is not an ISO week like 2026-W47.")
        row = {
            "week": rev.week,
            "wins": clean_text(rev.wins),
            "misses": clean_text(rev.misses),
            "upgrade": clean_text(rev.upgrade),
        }
        with self._database.translating_errors(), self._database.atomic():
            self._conn.execute(_REVIEW_UPSERT, row)

    # --- fixing the log (review window) -----------------------------------------

    def insert_session(self, rec: SessionRecord) -> None:
        """Add a finished session by hand (or put back a deleted one).

        Raises `SessionConflict` if it ends before it starts, is not finished,
        has an id already in the log, or overlaps another finished session of
        the same family (focus/overtime, or buffer).
        """
        self._check_edit(rec)
        row = session_to_row(rec)
        with self._database.translating_errors(), self._database.atomic():
            try:
                self._conn.execute(_SESSION_INSERT, row)
            except sqlite3.IntegrityError as error:
                raise SessionConflict(
                    f"A session with id {rec.id} is already in the log."
                ) from error
            self._refuse_overlap(rec)

    def update_session(self, rec: SessionRecord) -> None:
        """Correct a finished session (times, label, note, outcome…), refusing conflicts.

        Raises `SessionNotFound` if its id is not in the log, `SessionConflict`
        as `insert_session` does.
        """
        self._check_edit(rec)
        row = session_to_row(rec)
        with self._database.translating_errors(), self._database.atomic():
            cursor = self._conn.execute(_SESSION_UPDATE, row)
            if cursor.rowcount == 0:
                raise SessionNotFound(f"No session {rec.id} in the log to update.")
            self._refuse_overlap(rec)

    def delete_session(self, session_id: str) -> SessionRecord:
        """Remove a session; returns it so the caller can undo with `insert_session`."""
        with self._database.translating_errors(), self._database.atomic():
            rows = list(self._conn.execute("SELECT * FROM sessions WHERE id = ?", [session_id]))
            if not rows:
                raise SessionNotFound(f"No session {session_id} in the log to delete.")
            self._conn.execute("DELETE FROM sessions WHERE id = ?", [session_id])
        return session_from_row(rows[0])

    # --- internals -------------------------------------------------------------

    def _select(self, sql: str, params: list[Any] | None = None) -> list[SessionRecord]:
        with self._database.translating_errors():
            rows = list(self._conn.execute(sql, params or []))
        return [session_from_row(row) for row in rows]

    @staticmethod
    def _check_edit(rec: SessionRecord) -> None:
        if rec.ended_at is None:
            raise SessionConflict(
                f"Cannot save session {rec.id} without an end time; a running block is "
                "written by the session engine."
            )
        if rec.ended_at < rec.started_at:
            raise SessionConflict(f"Cannot save {_describe(rec)}: it ends before it starts.")

    def _refuse_overlap(self, rec: SessionRecord) -> None:
        """Raise SessionConflict (rolling back the caller's write) if `rec` overlaps another."""
        assert rec.ended_at is not None
        family = _KIND_FAMILIES[SessionKind(rec.kind)]
        marks = ", ".join("?" for _ in family)
        rows = list(
            self._conn.execute(
                "SELECT * FROM sessions WHERE id != ? AND ended_at IS NOT NULL "
                f"AND kind IN ({marks}) AND started_at < ? AND ended_at > ? "
                "ORDER BY started_at LIMIT 1",
                [
                    rec.id,
                    *(kind.value for kind in family),
                    utc_text(rec.ended_at, "ended_at"),
                    utc_text(rec.started_at, "started_at"),
                ],
            )
        )
        if rows:
            other = session_from_row(rows[0])
            raise SessionConflict(f"Cannot save {_describe(rec)}: it overlaps {_describe(other)}.")
