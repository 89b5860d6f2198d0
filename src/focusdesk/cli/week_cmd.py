"""`focusdesk week [--week YYYY-Www] [--format table|csv|json]`: the week's log and totals.

Reads the log directly, so it works without the app running. A missing log
is an empty week (the file is not created); the week query reads two indexed
ranges, never the whole history.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import TYPE_CHECKING, Any

from focusdesk.cli.errors import EXIT_OK, EXIT_USAGE, CliError
from focusdesk.cli.locale_format import day_text, number_text
from focusdesk.core.clock import system_local_zone
from focusdesk.core.i18n import N_, _, ngettext
from focusdesk.core.pattern_loader import PatternCatalog, PatternError
from focusdesk.core.patterns import Pattern
from focusdesk.core.plan_history import PlanHistory
from focusdesk.core.sessions import DayRecord, Outcome, SessionKind, SessionRecord
from focusdesk.core.settings import DEFAULT_PATTERN_ID
from focusdesk.core.week_review import (
    InvalidWeek,
    IsoWeek,
    WeekRows,
    WeekStats,
    load_week,
    working_day,
)
from focusdesk.core.wording import block_outcomes, count, duration_words, offclock_unknown_words
from focusdesk.paths import DataPaths
from focusdesk.resources import builtin_patterns_dir

if TYPE_CHECKING:
    from focusdesk.store.plan_history import PatternHistoryLog
    from focusdesk.store.session_log import SessionLog

# --- reading the log and the active pattern (shared with `focusdesk export`) ----------


class _EmptyLog:
    """Stands in for a log that does not exist yet: every range is empty."""

    def sessions_for_days(self, first: date, last: date) -> list[SessionRecord]:
        return []

    def days_between(self, first: date, last: date) -> list[DayRecord]:
        return []


@dataclass(frozen=True)
class ActiveContext:
    """What the command needs besides the log: patterns, the active one, zone, today."""

    catalog: PatternCatalog | None
    pattern_id: str
    zone: tzinfo
    day_boundary: time

    def pattern_for(self, pattern_id: str) -> Pattern | None:
        if self.catalog is None or pattern_id not in self.catalog:
            return None
        return self.catalog.get(pattern_id)

    @property
    def active_pattern(self) -> Pattern | None:
        return self.pattern_for(self.pattern_id)

    def today(self) -> date:
        return working_day(datetime.now(self.zone), self.day_boundary)


def active_context(paths: DataPaths) -> ActiveContext:
    """The settings' pattern and day boundary (defaults if there is no settings file)."""
    from focusdesk.store.settings_store import load_settings

    settings, warnings = load_settings(paths.settings_file, paths.backups_dir)
    for warning in warnings:
        print(_("focusdesk: warning: {problem}").format(problem=warning), file=sys.stderr)
    try:
        catalog: PatternCatalog | None = PatternCatalog(
            builtin_patterns_dir(), paths.user_patterns_dir
        )
    except PatternError as error:  # a broken built-in: say so, still show the log
        print(
            _("focusdesk: warning: {problem}").format(problem=error.first_line()), file=sys.stderr
        )
        catalog = None
    pattern_id = settings.pattern_id or DEFAULT_PATTERN_ID
    return ActiveContext(catalog, pattern_id, system_local_zone(), settings.day_boundary)


@dataclass(frozen=True)
class OpenLog:
    """The opened log: sessions and days, and the pattern history."""

    sessions: SessionLog
    patterns: PatternHistoryLog

    def plan_history(self, context: ActiveContext) -> PlanHistory:
        return self.patterns.history(context.pattern_for)


@contextmanager
def reading_store(paths: DataPaths) -> Iterator[OpenLog | None]:
    """The opened log, or None when there is no log file yet (it is not created)."""
    if not paths.database.exists() and not paths.database.is_symlink():
        yield None
        return
    from focusdesk.store.database import open_database, open_log_read_only
    from focusdesk.store.errors import StorageError
    from focusdesk.store.plan_history import PatternHistoryLog
    from focusdesk.store.session_log import SessionLog

    try:
        # Read-only when the log is up to date: works in a read-only folder and
        # writes nothing. A read-only command never moves the user's log either.
        database = open_log_read_only(paths.database) or open_database(
            paths.database, backups_dir=paths.backups_dir, set_aside_damaged=False
        )
    except StorageError as error:
        raise CliError(str(error)) from None
    try:
        try:
            yield OpenLog(SessionLog(database), PatternHistoryLog(database))
        except StorageError as error:
            raise CliError(str(error)) from None
    finally:
        database.close()


@contextmanager
def reading_log(paths: DataPaths) -> Iterator[SessionLog | None]:
    """The opened session log, or None when there is no log file yet (it is not created)."""
    with reading_store(paths) as store:
        yield None if store is None else store.sessions


def parse_week(text: str | None, today: date) -> IsoWeek:
    """The --week value, or this week; a bad value is a usage error naming it."""
    if text is None:
        return IsoWeek.of(today)
    try:
        return IsoWeek.parse(text)
    except InvalidWeek as error:
        raise CliError(f"--week: {error}", EXIT_USAGE) from None  # the core's English


# --- the command ---------------------------------------------------------------------


def show_week(args: argparse.Namespace, paths: DataPaths) -> int:
    context = active_context(paths)
    today = context.today()
    week = parse_week(args.week, today)
    with reading_store(paths) as store:
        rows: WeekRows = store.sessions if store is not None else _EmptyLog()
        history = store.plan_history(context) if store is not None else PlanHistory()
        stats = load_week(rows, week, history, context.active_pattern, context.zone, today)
    # Imported here: icalendar (via exports) is not needed to start other commands.
    from focusdesk.exports import week_csv, week_json

    if args.format == "json":
        sys.stdout.write(week_json(stats))
    elif args.format == "csv":
        sys.stdout.write(week_csv(stats))
    else:
        sys.stdout.write(week_table(stats, context.pattern_for))
    return EXIT_OK


def clock_minutes(minutes: int) -> str:
    """Minutes as h:mm ("3:05")."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def plan_minutes(minutes: int | None) -> str:
    """Planned minutes as h:mm, or "?" when the plan in force that day is unknown."""
    return "?" if minutes is None else clock_minutes(minutes)


def _kept(value: bool | None) -> str:
    return "—" if value is None else _("kept") if value else _("missed")


_KIND_WORDS = {
    SessionKind.FOCUS: N_("focus"),
    SessionKind.BUFFER: N_("buffer"),
    SessionKind.OVERTIME: N_("overtime"),
}
_OUTCOME_WORDS = {
    Outcome.RUNNING: N_("running"),
    Outcome.COMPLETED: N_("completed"),
    Outcome.STOPPED: N_("stopped"),
    Outcome.CUT: N_("cut by hard stop"),
    Outcome.RECOVERED: N_("recovered"),
    Outcome.INTERRUPTED: N_("interrupted"),
}


def _word(words: Mapping[Any, str], value: str) -> str:
    """A kind's or outcome's human word (its stored value when it has none yet)."""
    return _(words[value]) if value in words else value


def _fit(text: str, width: int) -> str:
    """`text` padded to `width` columns, or cut to them (longer German words)."""
    return text[:width].ljust(width)


def week_table(stats: WeekStats, pattern_for: Callable[[str], Pattern | None]) -> str:
    """The week as plain text for a terminal (80 columns)."""
    week = stats.week
    pattern_ids = {d.pattern_id for d in stats.days if d.pattern_id}
    names = sorted(
        (pattern.display_name if (pattern := pattern_for(pid)) else pid) for pid in pattern_ids
    )
    header = _("Week {week}  ({monday} – {sunday})").format(
        week=week,
        monday=day_text(week.monday),
        sunday=f"{day_text(week.sunday)} {week.sunday.year}",
    )
    if names:
        header += "  ·  " + ", ".join(names)
    lines = [header, ""]
    # Column widths as in English (80 columns), wider where a translation needs it.
    titles = [_("Day"), _("Focus"), _("Plan"), _("Buffer"), _("Overtime")]
    days = [day_text(day.day) for day in stats.days]
    first = max(11, *(len(text) + 1 for text in [*days, titles[0], _("Total")]))
    widths = [first] + [
        max(default, len(title) + 1)
        for default, title in zip((7, 7, 8, 10), titles[1:], strict=True)
    ]

    def row(first_cell: str, minutes: tuple[int | None, ...], last: str) -> str:
        cells = [f"{plan_minutes(m):>{w}}" for m, w in zip(minutes, widths[1:], strict=True)]
        return f"{first_cell:<{widths[0]}}{''.join(cells)}  {last}"

    lines.append(
        f"{titles[0]:<{widths[0]}}"
        + "".join(f"{t:>{w}}" for t, w in zip(titles[1:], widths[1:], strict=True))
        + "  "
        + _("Hard stop")
    )
    for day, shown in zip(stats.days, days, strict=True):
        stop = _kept(day.hard_stop_kept)
        if day.protected:
            stop = _("protected (kept)") if day.protected_kept else _("protected")
            if day.protected_kept is False:
                stop = _("protected (breached)")
        lines.append(
            row(
                shown,
                (
                    day.focus_minutes,
                    day.planned_focus_minutes,
                    day.buffer_minutes,
                    day.overtime_minutes,
                ),
                stop,
            )
        )
    totals = stats.totals
    lines.append(
        row(
            _("Total"),
            (
                totals.focus_minutes,
                totals.planned_focus_minutes,
                totals.buffer_minutes,
                totals.overtime_minutes,
            ),
            _("{kept}/{due} kept").format(kept=totals.hard_stops_kept, due=totals.hard_stops_due),
        )
    )
    lines.append("")
    lines.append(_("Sessions"))
    if not stats.sessions:
        lines.append("  " + _("(none logged this week)"))
    for session in stats.sessions:
        start = session.local_start
        end = session.local_end
        until = f"{end:%H:%M}" if end else _("now")
        span = f"{day_text(start.date())} {start:%H:%M}–{until}"
        minutes = duration_words(session.actual_seconds)
        flag = "  " + _("(breach)") if session.breach else ""
        if session.note:
            flag += f"  — {session.note[:60]}"
        label = _(session.label) if session.label else ""
        lines.append(
            f"  {span}  {_fit(_word(_KIND_WORDS, session.kind), 8)} {label[:24]:<24} {minutes:>6}  "
            f"{_word(_OUTCOME_WORDS, session.outcome)}{flag}"
        )
    lines.append("")
    lines.append(
        _("Focus {focus} h of {planned} h planned").format(
            focus=number_text(totals.focus_hours),
            planned=number_text(totals.planned_focus_minutes / 60),
        )
        + (
            " "
            + ngettext(
                "({count} day: plan unknown)",
                "({count} days: plan unknown)",
                totals.plan_unknown_days,
            ).format(count=totals.plan_unknown_days)
            if totals.plan_unknown_days
            else ""
        )
        + " · "
        + _("blocks {outcomes}").format(
            outcomes=", ".join(
                block_outcomes(
                    totals.blocks_completed,
                    totals.blocks_stopped,
                    totals.blocks_cut,
                    totals.blocks_recovered,
                )
            )
        )
    )
    lines.append(
        _(
            "Context switches {switches} · hard stops kept {kept}/{due} · overtime {overtime} · "
            "protected days kept {protected_kept}/{protected_due} · breaches {breaches}"
        ).format(
            switches=totals.context_switches,
            kept=totals.hard_stops_kept,
            due=totals.hard_stops_due,
            overtime=clock_minutes(totals.overtime_minutes),
            protected_kept=totals.protected_days_kept,
            protected_due=totals.protected_days_due,
            breaches=totals.breaches,
        )
    )
    if totals.offclock_seconds or totals.offclock_unknown_days:
        seen = (
            _("{time} on {days}").format(
                time=clock_minutes(totals.offclock_minutes),
                days=count(totals.offclock_days, "day", "days"),
            )
            if totals.offclock_seconds
            else ""
        )
        unknown = (
            offclock_unknown_words(totals.offclock_unknown_days)
            if totals.offclock_unknown_days
            else ""
        )
        lines.append(
            _("Offclock (at the computer in protected time, no block) {what}").format(
                what="; ".join(part for part in (seen, unknown) if part)
            )
        )
    ledger = [e for e in stats.ledger if e.deliverables is not None or e.big_task]
    if ledger:
        lines.append("")
        lines.append(
            _("Outcome ledger ({count})").format(
                count=count(totals.deliverables, "deliverable", "deliverables")
            )
        )
        done_word = _("done")
        for entry in ledger:
            done = (
                " " * (3 + len(done_word))
                if entry.deliverables is None
                else f"{entry.deliverables:>2} {done_word}"
            )
            task = (
                "  " + _("big task: {task}").format(task=entry.big_task) if entry.big_task else ""
            )
            note = f"  {entry.note}" if entry.note else ""
            lines.append(f"  {day_text(entry.day)}  {done}{note}{task}".rstrip())
    return "\n".join(lines) + "\n"
