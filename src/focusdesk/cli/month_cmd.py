"""`focusdesk month [--month YYYY-MM] [--format table|csv|json]`: the month's figures.

Reads the log directly, like `focusdesk week` (two indexed range queries);
each day is judged by the plan in force that day (the pattern history).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from focusdesk.cli.errors import EXIT_OK, EXIT_USAGE, CliError
from focusdesk.cli.locale_format import day_text, month_text, number_text
from focusdesk.cli.week_cmd import (
    _EmptyLog,
    active_context,
    clock_minutes,
    plan_minutes,
    reading_store,
)
from focusdesk.core.i18n import _, ngettext
from focusdesk.core.month_review import InvalidMonth, MonthStats, YearMonth, load_month
from focusdesk.core.patterns import Pattern
from focusdesk.core.plan_history import PlanHistory
from focusdesk.core.week_review import DayStats
from focusdesk.core.wording import offclock_unknown_words
from focusdesk.paths import DataPaths


def parse_month(text: str | None, today_month: YearMonth) -> YearMonth:
    if text is None:
        return today_month
    try:
        return YearMonth.parse(text)
    except InvalidMonth as error:
        raise CliError(f"--month: {error}", EXIT_USAGE) from None  # the core's English


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
            return _("protected")
        return _("protected (kept)") if day.protected_kept else _("protected (breached)")
    if day.hard_stop_kept is None:
        return "—"
    return _("kept") if day.hard_stop_kept else _("missed")


def month_table(stats: MonthStats, pattern_for: Callable[[str], Pattern | None]) -> str:
    """The month as plain text for a terminal: one line a day, totals, streaks."""
    month = stats.month
    ids = sorted({d.pattern_id for d in stats.days if d.pattern_id})
    names = [(p.display_name if (p := pattern_for(pid)) else pid) for pid in ids]
    header = month_text(month.first)
    if names:
        header += "  ·  " + ", ".join(names)
    lines = [header, ""]
    # Column widths as in English, wider where a translation needs it.
    titles = [_("Day"), _("Focus"), _("Plan"), _("Offclock")]
    days = [day_text(day.day) for day in stats.days]
    first = max(11, *(len(text) + 1 for text in [*days, titles[0], _("Total")]))
    widths = [first] + [
        max(default, len(title) + 1) for default, title in zip((7, 7, 10), titles[1:], strict=True)
    ]
    lines.append(
        f"{titles[0]:<{widths[0]}}"
        + "".join(f"{t:>{w}}" for t, w in zip(titles[1:], widths[1:], strict=True))
        + "  "
        + _("Hard stop")
    )
    for day, shown in zip(stats.days, days, strict=True):
        if stats.today is not None and day.day > stats.today:
            lines.append(shown)
            continue
        breach = "  " + ngettext("({count} breach)", "({count} breaches)", day.breaches).format(
            count=day.breaches
        )
        lines.append(
            f"{shown:<{widths[0]}}{clock_minutes(day.focus_minutes):>{widths[1]}}"
            f"{plan_minutes(day.planned_focus_minutes):>{widths[2]}}"
            f"{_offclock_minutes(day):>{widths[3]}}  {_verdict(day)}"
            + (breach if day.breaches else "")
        )
    totals = stats.totals
    total = _("Total")
    lines.append(
        f"{total:<{widths[0]}}{clock_minutes(totals.focus_minutes):>{widths[1]}}"
        f"{clock_minutes(totals.planned_focus_minutes):>{widths[2]}}"
        f"{clock_minutes(totals.offclock_minutes):>{widths[3]}}  "
        + _("{kept}/{due} kept").format(kept=totals.hard_stops_kept, due=totals.hard_stops_due)
    )
    lines.append("")
    unknown = (
        " "
        + ngettext(
            "({count} day: plan unknown)", "({count} days: plan unknown)", totals.plan_unknown_days
        ).format(count=totals.plan_unknown_days)
        if totals.plan_unknown_days
        else ""
    )
    lines.append(
        _("Focus {focus} h of {planned} h planned").format(
            focus=number_text(round(totals.focus_minutes / 60, 1), "0.0"),
            planned=number_text(round(totals.planned_focus_minutes / 60, 1), "0.0"),
        )
        + unknown
        + " · "
        + ngettext("{count} day worked", "{count} days worked", totals.days_worked).format(
            count=totals.days_worked
        )
        + " · "
        + _("offclock {time}").format(time=clock_minutes(totals.offclock_minutes))
    )
    if totals.offclock_unknown_days:
        lines.append(
            _("Offclock: {unknown}").format(
                unknown=offclock_unknown_words(totals.offclock_unknown_days)
            )
        )
    lines.append(
        _(
            "Hard stops kept {kept}/{due} · protected days kept {protected_kept}/{protected_due} "
            "· breaches {breaches}"
        ).format(
            kept=totals.hard_stops_kept,
            due=totals.hard_stops_due,
            protected_kept=totals.protected_days_kept,
            protected_due=totals.protected_days_due,
            breaches=totals.breaches,
        )
    )
    hard, protected = stats.hard_stop_streak, stats.protected_streak
    lines.append(
        _(
            "Streaks: hard stops kept {hard} in a row (best {hard_best}) · "
            "protected days kept {protected} in a row (best {protected_best})"
        ).format(
            hard=hard.current,
            hard_best=hard.longest,
            protected=protected.current,
            protected_best=protected.longest,
        )
    )
    return "\n".join(lines) + "\n"


def _offclock_minutes(day: DayStats) -> str:
    """The day's offclock time; "?" when no one could watch it (not "0:00")."""
    return "?" if day.offclock_unknown else clock_minutes(round(day.offclock_seconds / 60))
