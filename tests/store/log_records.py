"""Record makers shared by the store tests (a module, not conftest, so tests can import it)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from focusdesk.core.sessions import DayRecord, Outcome, SessionKind, SessionRecord, new_session_id
from focusdesk.store.session_log import day_to_row

#: A fixed "now" for file names, so tests never depend on the real clock.
FIXED_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def make_session(
    start: datetime,
    minutes: float = 90,
    *,
    kind: SessionKind = SessionKind.FOCUS,
    label: str = "writing",
    ended_minutes: float | None = None,
    outcome: Outcome | None = None,
    **fields: Any,
) -> SessionRecord:
    """A session starting at `start`, planned for `minutes`; closed if `ended_minutes` is given."""
    planned = timedelta(minutes=minutes)
    rec = SessionRecord(
        id=fields.pop("id", new_session_id()),
        kind=kind,
        label=label,
        pattern_id=fields.pop("pattern_id", "boundary-fortress"),
        day=fields.pop("day", start.date()),
        started_at=start,
        planned_end=start + planned,
        utc_offset_minutes=fields.pop("utc_offset_minutes", 60),
        planned_seconds=int(planned.total_seconds()),
        **fields,
    )
    if ended_minutes is not None:
        rec.ended_at = start + timedelta(minutes=ended_minutes)
        rec.actual_seconds = int(ended_minutes * 60) - rec.paused_seconds
        rec.outcome = outcome or Outcome.COMPLETED
    return rec


def at(hour: int, minute: int = 0, day: date = date(2026, 11, 20)) -> datetime:
    """An aware UTC instant on the test day."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def old_day_row(record: DayRecord) -> dict[str, Any]:
    """A `days` row as schema v1–v3 wrote it (before `offclock_watched`, v4)."""
    row = day_to_row(record)
    del row["offclock_watched"]
    return row
