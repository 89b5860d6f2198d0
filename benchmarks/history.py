"""Five years of realistic FocusDesk history, written through the store API.

A Pomodoro-minded user, five years: on working days (Mon–Fri, a few weeks
of holiday a year, the odd Saturday) 25- or 50-minute focus blocks each
followed by a buffer, some stopped early, paused or cut by the hard stop,
now and then snoozed overtime; a shutdown-ritual record with reflections
for each worked day; a weekly review most weeks. ≈ 47,000 sessions in all.

Generated once in one transaction (`SessionLog` calls inside `db.atomic()`)
and cached in the temp folder under a name that carries the generator and
schema versions, so every benchmark that needs it pays once.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from focusdesk.core.sessions import (
    DayRecord,
    Outcome,
    SessionKind,
    SessionRecord,
    WeeklyReview,
    new_session_id,
)
from focusdesk.store.database import open_database
from focusdesk.store.migrations import SCHEMA_VERSION
from focusdesk.store.session_log import SessionLog

GENERATOR_VERSION = 4
YEARS = 5
ZONE = ZoneInfo("Europe/Berlin")
PATTERN_ID = "deep-work-biome"
LABELS = (
    "writing",
    "code review",
    "design doc",
    "inbox zero",
    "planning",
    "reading",
    "refactoring",
    "bug triage",
    "customer call prep",
    "release notes",
    "research",
    "deep work: thesis",
    "hiring",
    "one-on-ones prep",
    "budget",
)
CHECKLIST = ("inbox closed", "calendar checked", "tomorrow's big task named", "desk cleared")


def end_day(today: date | None = None) -> date:
    """The last day of generated history: yesterday (so today stays free for the app)."""
    return (today or date.today()) - timedelta(days=1)


def cache_path() -> Path:
    folder = Path(tempfile.gettempdir()) / "focusdesk-bench"
    return folder / f"history-g{GENERATOR_VERSION}-s{SCHEMA_VERSION}-{end_day():%Y%m%d}.sqlite3"


def _day_sessions(rng: random.Random, day: date) -> tuple[list[SessionRecord], DayRecord]:
    """One worked day: alternating focus and buffer sessions from about 07:00, and its day record."""
    local = datetime(day.year, day.month, day.day, 7, rng.choice((0, 10, 20, 30)), tzinfo=ZONE)
    hard_stop = datetime(day.year, day.month, day.day, 18, 0, tzinfo=ZONE)
    offset = int(local.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    sessions: list[SessionRecord] = []
    cursor = local
    block_minutes = rng.choice((25, 25, 25, 25, 25, 25, 50))
    cut = False
    while cursor + timedelta(minutes=block_minutes) <= hard_stop + timedelta(minutes=30):
        planned = block_minutes * 60
        outcome = rng.choices(
            (Outcome.COMPLETED, Outcome.STOPPED, Outcome.RECOVERED), (0.86, 0.12, 0.02)
        )[0]
        paused = rng.choice((0, 0, 0, 60, 180)) if outcome is Outcome.COMPLETED else 0
        actual = planned if outcome is Outcome.COMPLETED else rng.randint(300, planned - 60)
        end = cursor + timedelta(seconds=actual + paused)
        if end > hard_stop:
            end, outcome, cut = hard_stop, Outcome.CUT, True
            actual = max(0, int((end - cursor).total_seconds()) - paused)
        sessions.append(
            _session(
                SessionKind.FOCUS,
                rng.choice(LABELS),
                day,
                cursor,
                end,
                offset,
                planned,
                actual,
                paused,
                outcome,
            )
        )
        if cut:
            break
        buffer = rng.choice((5, 5, 5, 10))
        buffer_end = end + timedelta(minutes=buffer)
        sessions.append(
            _session(
                SessionKind.BUFFER,
                "",
                day,
                end,
                buffer_end,
                offset,
                buffer * 60,
                buffer * 60,
                0,
                Outcome.COMPLETED,
            )
        )
        cursor = buffer_end + timedelta(minutes=rng.choice((0, 0, 0, 0, 2, 5, 20)))
    snoozes = 0
    overtime = 0
    if rng.random() < 0.08:  # snoozed the alarm for one overtime stretch
        snoozes = 1
        overtime = 15 * 60
        sessions.append(
            _session(
                SessionKind.OVERTIME,
                "finishing up",
                day,
                hard_stop,
                hard_stop + timedelta(seconds=overtime),
                offset,
                overtime,
                overtime,
                0,
                Outcome.COMPLETED,
            )
        )
    record = DayRecord(
        day=day,
        pattern_id=PATTERN_ID,
        hard_stop_planned=hard_stop.astimezone(UTC),
        hard_stop_kept=snoozes == 0,
        overtime_seconds=overtime,
        snoozes=snoozes,
        big_task_tomorrow=rng.choice(LABELS),
        checklist_done=rng.sample(CHECKLIST, rng.randint(2, len(CHECKLIST))),
        energy=rng.randint(1, 5),
        relationships=rng.randint(1, 5),
        deliverables=rng.randint(1, 5),
        deliverables_note=rng.choice(("", "", "shipped the draft", "blocked on review")),
    )
    return sessions, record


def _session(
    kind: SessionKind,
    label: str,
    day: date,
    start: datetime,
    end: datetime,
    offset: int,
    planned: int,
    actual: int,
    paused: int,
    outcome: Outcome,
) -> SessionRecord:
    return SessionRecord(
        id=new_session_id(),
        kind=kind,
        label=label,
        pattern_id=PATTERN_ID,
        day=day,
        started_at=start.astimezone(UTC),
        planned_end=(start + timedelta(seconds=planned)).astimezone(UTC),
        utc_offset_minutes=offset,
        planned_seconds=planned,
        ended_at=end.astimezone(UTC),
        actual_seconds=actual,
        paused_seconds=paused,
        outcome=outcome,
        heartbeat_at=end.astimezone(UTC),
    )


def generate(
    path: Path, last_day: date, years: int = YEARS, seed: int = 20261121
) -> dict[str, int]:
    """Write `years` of history ending on `last_day` into a new log at `path`; counts written."""
    rng = random.Random(seed)
    first_day = last_day - timedelta(days=round(365.25 * years))
    holidays: set[date] = set()
    for year in range(first_day.year, last_day.year + 1):
        for _ in range(2):  # two holiday weeks a year
            start = date(year, 1, 1) + timedelta(weeks=rng.randint(0, 51))
            holidays.update(start + timedelta(days=i) for i in range(7))
    counts = {"sessions": 0, "days": 0, "weekly_reviews": 0}
    database = open_database(path)
    try:
        log = SessionLog(database)
        # The pattern history (one switch a year, as a user might): past days are
        # judged by their own plan, as on a real log.
        from focusdesk.core.pattern_loader import PatternCatalog
        from focusdesk.core.plan_history import PatternEvent
        from focusdesk.resources import resource_path
        from focusdesk.store.plan_history import PatternHistoryLog

        catalog = PatternCatalog(resource_path("patterns"))
        history = PatternHistoryLog(database)
        for year in range(years):
            switch = first_day + timedelta(days=round(365.25 * year))
            pattern_id = PATTERN_ID if (years - year) % 2 else "boundary-fortress"
            history.record(
                catalog.get(pattern_id),
                switch,
                datetime(switch.year, switch.month, switch.day, 8, tzinfo=UTC),
                PatternEvent.SWITCH,
            )
        with database.atomic():
            day = first_day
            while day <= last_day:
                worked = day.weekday() < 5 and day not in holidays
                worked = worked or (day.weekday() == 5 and rng.random() < 0.2)
                if worked:
                    sessions, record = _day_sessions(rng, day)
                    for session in sessions:
                        log.close_session(session)  # the whole record, as a finished block
                    log.save_day(record)
                    counts["sessions"] += len(sessions)
                    counts["days"] += 1
                if day.weekday() == 4 and rng.random() < 0.8:
                    year, week, _ = day.isocalendar()
                    log.save_weekly_review(
                        WeeklyReview(
                            week=f"{year}-W{week:02d}",
                            wins=rng.choice(("shipped", "kept every hard stop", "deep mornings")),
                            misses=rng.choice(("", "too many meetings", "late Thursday")),
                            upgrade=rng.choice(("block mornings", "batch email", "earlier stop")),
                        )
                    )
                    counts["weekly_reviews"] += 1
                day += timedelta(days=1)
    finally:
        database.close()
    return counts


def cached_history(verbose: bool = True) -> Path:
    """The path of the cached five-year log, generating it first if needed."""
    target = cache_path()
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    for leftover in target.parent.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    counts = generate(partial, end_day())
    elapsed = time.perf_counter() - started
    # The log is closed (WAL checkpointed), so the single file is the whole database.
    shutil.move(partial, target)
    if verbose:
        print(
            f"   generated {counts['sessions']} sessions, {counts['days']} day records, "
            f"{counts['weekly_reviews']} weekly reviews in {elapsed:.1f} s → {target}",
            file=sys.stderr,
        )
    return target


if __name__ == "__main__":
    print(cached_history())
