"""The log's schema, one sqlite-utils migration per version.

sqlite-utils' `Migrations` records each applied migration by name in the
`_sqlite_migrations` table; the schema version of a file is the number of
FocusDesk migrations applied to it. Reading that version needs no
sqlite-utils (a start-up of an up-to-date log never imports it); applying
migrations does. A migration, once shipped, is never
edited: its SQL is frozen text so that a file written by an old FocusDesk
is upgraded exactly the way it was created. Add a new function instead.

Storage conventions (SPEC §5): instants are UTC ISO-8601 text with
microseconds (`2026-11-21T09:30:00.000000+00:00`, so text order is time
order), plus the local offset in minutes; dates are ISO text; lists are JSON
text; booleans are 0/1.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

#: The name of FocusDesk's migration set in `_sqlite_migrations`.
MIGRATION_SET = "focusdesk"
#: The table where sqlite-utils' `Migrations` records what it applied.
MIGRATIONS_TABLE = "_sqlite_migrations"


def v1_tables(db: Database) -> None:
    """Version 1: sessions, days and weekly reviews, and the index the week view reads by."""
    db.execute(
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT '',
            pattern_id TEXT NOT NULL,
            day TEXT NOT NULL,
            started_at TEXT NOT NULL,
            planned_end TEXT NOT NULL,
            utc_offset_minutes INTEGER NOT NULL,
            planned_seconds INTEGER NOT NULL,
            ended_at TEXT,
            actual_seconds INTEGER NOT NULL DEFAULT 0,
            paused_seconds INTEGER NOT NULL DEFAULT 0,
            outcome TEXT NOT NULL,
            breach INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT '',
            heartbeat_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_sessions_started_at ON sessions (started_at)")
    db.execute(
        """
        CREATE TABLE days (
            day TEXT PRIMARY KEY,
            pattern_id TEXT NOT NULL,
            hard_stop_planned TEXT,
            hard_stop_offset_minutes INTEGER,
            hard_stop_kept INTEGER,
            overtime_seconds INTEGER NOT NULL DEFAULT 0,
            snoozes INTEGER NOT NULL DEFAULT 0,
            protected INTEGER NOT NULL DEFAULT 0,
            big_task_tomorrow TEXT NOT NULL DEFAULT '',
            checklist_done TEXT NOT NULL DEFAULT '[]',
            energy INTEGER,
            relationships INTEGER,
            deliverables INTEGER,
            deliverables_note TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute(
        """
        CREATE TABLE weekly_reviews (
            week TEXT PRIMARY KEY,
            wins TEXT NOT NULL DEFAULT '',
            misses TEXT NOT NULL DEFAULT '',
            upgrade TEXT NOT NULL DEFAULT ''
        )
        """
    )


def v2_day_and_open_indexes(db: Database) -> None:
    """Version 2: index sessions by working day, and the (few) sessions still open.

    The review and `focusdesk week` read a week by `day`; start-up recovery
    looks for sessions with no end. Without these, both scan years of history.
    """
    db.execute("CREATE INDEX idx_sessions_day ON sessions (day, started_at)")
    db.execute("CREATE INDEX idx_sessions_open ON sessions (started_at) WHERE ended_at IS NULL")


def v3_pattern_history(db: Database) -> None:
    """Version 3: the pattern history, so a past day keeps the plan in force then (SPEC §5).

    `pattern_versions` holds frozen copies of patterns (canonical JSON) by
    content hash; `pattern_history` says from which working day on which
    version was in force, one row per switch or edit. Existing logs get one
    `migrated` row wherever the pattern named by the days' rows changes
    (the day record's pattern, else its first session's). Those rows wait
    (`pending` = 1) for the app, which knows the pattern files, to freeze the
    named pattern's copy, or to mark the plan unknown if it no longer exists
    (`store.plan_history.PatternHistoryLog.freeze_pending`). No row is
    changed or dropped.
    """
    db.execute(
        """
        CREATE TABLE pattern_versions (
            hash TEXT PRIMARY KEY,
            pattern_id TEXT NOT NULL,
            body TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE pattern_history (
            day TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            pattern_id TEXT NOT NULL,
            hash TEXT REFERENCES pattern_versions (hash),
            event TEXT NOT NULL,
            pending INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    db.execute("CREATE INDEX idx_pattern_history_day ON pattern_history (day, recorded_at)")
    rows = db.execute(
        """
        SELECT day, pattern_id, started_at FROM (
            SELECT d.day AS day, d.pattern_id AS pattern_id,
                   (SELECT MIN(s.started_at) FROM sessions s WHERE s.day = d.day) AS started_at
            FROM days d
            UNION ALL
            SELECT s.day, s.pattern_id, MIN(s.started_at)
            FROM sessions s
            WHERE s.day NOT IN (SELECT day FROM days)
            GROUP BY s.day
        )
        ORDER BY day
        """
    ).fetchall()
    previous: str | None = None
    for day, pattern_id, started_at in rows:
        if pattern_id == previous:
            continue
        previous = pattern_id
        db.execute(
            "INSERT INTO pattern_history (day, recorded_at, pattern_id, hash, event, pending) "
            "VALUES (?, ?, ?, NULL, 'migrated', 1)",
            [day, started_at or f"{day}T00:00:00.000000+00:00", pattern_id],
        )


def v4_offclock_watched(db: Database) -> None:
    """Version 4: whether a day's offclock time was watched (presence known).

    Without it a day FocusDesk could not watch shows 0 offclock minutes, which
    reads as "kept the evening free". Existing days get NULL: not known.
    """
    db.execute("ALTER TABLE days ADD COLUMN offclock_watched INTEGER")


#: Every migration, oldest first; the position (1-based) is the schema version.
_MIGRATION_STEPS = (
    ("v1_tables", v1_tables),
    ("v2_day_and_open_indexes", v2_day_and_open_indexes),
    ("v3_pattern_history", v3_pattern_history),
    ("v4_offclock_watched", v4_offclock_watched),
)

#: The schema version this program writes.
SCHEMA_VERSION = len(_MIGRATION_STEPS)


def migration_names() -> list[str]:
    """The names of every known migration, oldest first."""
    return [name for name, _ in _MIGRATION_STEPS]


def schema_migrations() -> Migrations:
    """A fresh sqlite-utils migration set holding every FocusDesk migration in order."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, step in _MIGRATION_STEPS:
        migrations(name=name)(step)
    return migrations


def migrate(conn: sqlite3.Connection) -> None:
    """Apply every pending migration to `conn` (the caller holds the transaction)."""
    from sqlite_utils import Database

    # No sqlite-utils plugins: loading them scans every installed package's
    # entry points (importlib.metadata), ≈ 20 ms for nothing.
    schema_migrations().apply(Database(conn, execute_plugins=False))


def applied_version(conn: sqlite3.Connection) -> tuple[int, list[str]]:
    """The schema version of the open log and the names of applied migrations this program does not know.

    Read-only. A non-empty second item means a newer FocusDesk wrote the file.
    Reads sqlite-utils' `_sqlite_migrations` table directly (`Migrations.applied`).
    """
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
        [MIGRATIONS_TABLE],
    ).fetchone()
    if has_table is None:
        return 0, []
    rows = conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    ).fetchall()
    applied = [str(row[0]) for row in rows]
    known = migration_names()
    unknown = [name for name in applied if name not in known]
    return len([name for name in applied if name in known]), unknown
