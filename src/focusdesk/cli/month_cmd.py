"""`focusdesk month [--month YYYY-MM] [--format table|csv|json]`: the month's figures.

Reads the log directly, like `focusdesk week` (two indexed range queries);
each day is judged by the plan in force that day (the pattern history).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from focusdesk.cli.errors import EXIT_OK, EXIT_USAGE, CliError
from focusdesk.cli.week_cmd import (
    _EmptyLog,
    active_context,
    clock_minutes,
    plan_minutes,
    reading_store,
)
from focusdesk.core.month_review import InvalidMonth, MonthStats, YearMonth, load_month
from focusdesk.core.patterns import Pattern
from focusdesk.core.plan_history import PlanHistory
from focusdesk.core.week_review import DayStats
from focusdesk.paths import DataPaths


def parse_month(text: str | None, today_month: YearMonth) -> YearMonth:
    if text is None:
        return today_month
    try:
        return YearMonth.parse(text)
    except InvalidMonth as error:
        raise CliError(f"--month: {error}", EXIT_USAGE) from None


def show_month(args: argparse.Namespace, paths: DataPaths) -> int:
    context = active_context(paths)
    today = context.today()
    month = parse_month(args.month, YearMonth.of(today))
    with reading_store(paths) as store:
        rows = store.sessions if store is not None else _EmptyLog()
        history = store.plan_history(context) if store is not None else PlanHistory()
        stats = load_month(rows, month, history, context.active_pattern, context.zone, today)
    from focusdesk.exports import month_csv, month_json

    if args.format == "json":
        sys.stdout.write(month_json(stats))
    elif args.format == "csv":
        sys.stdout.write(month_csv(stats))
    else:
        sys.stdout.write(month_table(stats, context.pattern_for))
    return EXIT_OK


def _verdict(day: DayStats) -> str:
    if day.protected:
        if day.protected_kept is None:
            return "protected"
        return "protected (kept)" if day.protected_kept else "protected (breached)"
    if day.hard_stop_kept is None:
        return "—"
    return "kept" if day.hard_stop_kept else "missed"


def month_table(stats: MonthStats, pattern_for: Callable[[str], Pattern | None]) -> str:
    """The month as plain text for a terminal: one line a day, totals, streaks."""
    month = stats.month
    ids = sorted({d.pattern_id for d in stats.days if d.pattern_id})
    names = [(p.name if (p := pattern_for(pid)) else pid) for pid in ids]
    header = f"{month.first:%B %Y}"
    if names:
        header += "  ·  " + ", ".join(names)
    lines = [header, ""]
    lines.append(f"{'Day':<11}{'Focus':>7}{'Plan':>7}{'Offclock':>10}  Hard stop")
    for day in stats.days:
        if stats.today is not None and day.day > stats.today:
            lines.append(f"{day.day:%a %d %b}")
            continue
        breach = f"  ({day.breaches} breach{'es' if day.breaches != 1 else ''})"
        lines.append(
            f"{day.day:%a %d %b} {clock_minutes(day.focus_minutes):>7}"
            f"{plan_minutes(day.planned_focus_minutes):>7}"
            f"{clock_minutes(round(day.offclock_seconds / 60)):>10}  {_verdict(day)}"
            + (breach if day.breaches else "")
        )
    totals = stats.totals
    lines.append(
        f"{'Total':<11}{clock_minutes(totals.focus_minutes):>7}"
        f"{clock_minutes(totals.planned_focus_minutes):>7}"
        f"{clock_minutes(totals.offclock_minutes):>10}  "
        f"{totals.hard_stops_kept}/{totals.hard_stops_due} kept"
    )
    lines.append("")
    unknown = (
        f" ({totals.plan_unknown_days} days: plan unknown)" if totals.plan_unknown_days else ""
    )
    lines.append(
        f"Focus {totals.focus_minutes / 60:.1f} h of {totals.planned_focus_minutes / 60:.1f} h "
        f"planned{unknown} · {totals.days_worked} days worked · offclock "
        f"{clock_minutes(totals.offclock_minutes)}"
    )
    lines.append(
        f"Hard stops kept {totals.hard_stops_kept}/{totals.hard_stops_due} · protected days kept "
        f"{totals.protected_days_kept}/{totals.protected_days_due} · breaches {totals.breaches}"
    )
    hard, protected = stats.hard_stop_streak, stats.protected_streak
    lines.append(
        f"Streaks: hard stops kept {hard.current} in a row (best {hard.longest}) · "
        f"protected days kept {protected.current} in a row (best {protected.longest})"
    )
    return "\n".join(lines) + "\n"
