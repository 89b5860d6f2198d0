"""The six-week reflection trend and the domain's rules as plain advice (SPEC §2).

Reflections are recorded per day (energy 1–5, relationships 1–5, deliverables
completed); the trend is their weekly means (energy, relationships) and sums
(output). The rules:

- energy and relationships both down two weeks in a row → tighten boundaries:
  an earlier hard stop and fewer snoozes, named in the active pattern's numbers;
- output stalled (no rise for two weeks) or zero → add a focus block;
- otherwise, with enough data, say what is going well.

Two more read the log itself, whatever was reflected: offclock time (at the
computer in protected time with no block, SPEC §3a) rising two weeks in a row
→ tighten boundaries; offclock on most protected days of the last week →
an earlier hard stop or a stricter pattern. Each rule names the numbers it read.

No data gives no advice, only "not enough reflections yet". Pure; no I/O.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from focusdesk.core.i18n import _, ngettext
from focusdesk.core.patterns import BlockKind, Pattern
from focusdesk.core.sessions import DayRecord, SessionKind, SessionRecord
from focusdesk.core.week_review import IsoWeek
from focusdesk.core.wording import count

#: How many weeks the trend shows, and how many in a row a rule needs.
TREND_WEEKS = 6
RULE_WEEKS = 3
#: How much earlier the suggested hard stop is.
HARD_STOP_STEP = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class WeekReflection:
    """One week of the trend. None: nothing was recorded that week."""

    week: IsoWeek
    energy: float | None = None
    relationships: float | None = None
    output: int | None = None
    days_reflected: int = 0
    snoozes: int = 0
    #: Minutes of offclock time that week (None: the log was not read for it, or
    #: no day of the week was watched).
    offclock_minutes: int | None = None
    #: Protected days the app saw that week, and how many of them had offclock time.
    protected_days: int = 0
    protected_days_offclock: int = 0

    @property
    def has_data(self) -> bool:
        return self.energy is not None or self.relationships is not None or self.output is not None


class AdviceKind(StrEnum):
    TIGHTEN_BOUNDARIES = "tighten-boundaries"
    OFFCLOCK_RISING = "offclock-rising"
    OFFCLOCK_ON_PROTECTED_DAYS = "offclock-on-protected-days"
    ADD_FOCUS_BLOCK = "add-focus-block"
    KEEP_GOING = "keep-going"
    NOT_ENOUGH_DATA = "not-enough-data"


@dataclass(frozen=True, slots=True)
class Advice:
    kind: AdviceKind
    title: str
    text: str


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def reflection_trend(
    last_week: IsoWeek,
    days: Iterable[DayRecord],
    weeks: int = TREND_WEEKS,
    sessions: Iterable[SessionRecord] | None = None,
) -> list[WeekReflection]:
    """The `weeks` weeks ending with `last_week`, oldest first, from day records
    (and, given the weeks' `sessions`, their offclock time)."""
    span = [last_week.shifted(-i) for i in reversed(range(weeks))]
    grouped: dict[IsoWeek, list[DayRecord]] = {week: [] for week in span}
    for record in days:
        week = IsoWeek.of(record.day)
        if week in grouped:
            grouped[week].append(record)
    offclock_seconds: dict[IsoWeek, int] | None = None
    offclock_days: set[date] = set()
    if sessions is not None:
        offclock_seconds = dict.fromkeys(span, 0)
        for session in sessions:
            week = IsoWeek.of(session.day)
            if session.kind is SessionKind.OFFCLOCK and week in offclock_seconds:
                offclock_seconds[week] += max(0, session.actual_seconds)
                offclock_days.add(session.day)
    trend = []
    for week in span:
        records = grouped[week]
        protected = [r.day for r in records if r.protected]
        energy = [r.energy for r in records if r.energy is not None]
        relationships = [r.relationships for r in records if r.relationships is not None]
        deliverables = [r.deliverables for r in records if r.deliverables is not None]
        reflected = sum(
            1
            for r in records
            if r.energy is not None or r.relationships is not None or r.deliverables is not None
        )
        trend.append(
            WeekReflection(
                week=week,
                energy=_mean(energy),
                relationships=_mean(relationships),
                output=sum(deliverables) if deliverables else None,
                days_reflected=reflected,
                snoozes=sum(r.snoozes for r in records),
                # A week no one watched (presence unknown all week) has no figure:
                # read as 0 it would make the next watched week look like a rise.
                offclock_minutes=None
                if offclock_seconds is None
                or not (offclock_seconds[week] or any(r.offclock_watched for r in records))
                else round(offclock_seconds[week] / 60),
                protected_days=len(protected),
                protected_days_offclock=sum(1 for day in protected if day in offclock_days),
            )
        )
    return trend


def _present(values: Sequence[float | None]) -> list[float] | None:
    """The last RULE_WEEKS values, or None when any of them is missing."""
    tail = [v for v in values[-RULE_WEEKS:] if v is not None]
    return tail if len(tail) == RULE_WEEKS and len(values) >= RULE_WEEKS else None


def _falling(values: Sequence[float | None]) -> bool:
    """Strictly down each week over the last RULE_WEEKS values (all present)."""
    tail = _present(values)
    return tail is not None and all(a > b for a, b in itertools.pairwise(tail))


def _not_rising(values: Sequence[float | None]) -> bool:
    """No rise in any of the last two weeks (all RULE_WEEKS values present)."""
    tail = _present(values)
    return tail is not None and all(b <= a for a, b in itertools.pairwise(tail))


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


def _usual_hard_stop(pattern: Pattern) -> time | None:
    """The hard stop most working days of the pattern use (ties: the later one)."""
    stops = Counter(
        spec.hard_stop
        for spec in pattern.days.values()
        if spec.hard_stop is not None and not spec.protected
    )
    if not stops:
        return None
    return max(stops, key=lambda stop: (stops[stop], stop))


def _tighten_boundaries(pattern: Pattern | None, latest: WeekReflection) -> Advice:
    steps = []
    if pattern is None:
        steps.append(_("move your hard stop 30 minutes earlier"))
    else:
        stop = _usual_hard_stop(pattern)
        if stop is None:
            steps.append(
                _("{pattern} has no hard stop: set one, e.g. 18:00").format(
                    pattern=pattern.display_name
                )
            )
        else:
            earlier = (datetime.combine(date(2000, 1, 1), stop) - HARD_STOP_STEP).time()
            steps.append(
                _("try a hard stop at {earlier} instead of {stop}").format(
                    earlier=_clock(earlier), stop=_clock(stop)
                )
            )
        defaults = pattern.defaults
        allowed = defaults.snoozes_allowed
        if allowed > 0:
            fewer = allowed - 1
            limit = (
                _("no snooze (strict mode)") if fewer == 0 else count(fewer, "snooze", "snoozes")
            )
            steps.append(
                _("allow {limit} instead of {allowed} × {minutes} min").format(
                    limit=limit, allowed=allowed, minutes=defaults.snooze_minutes
                )
            )
    if latest.snoozes:
        steps.append(
            ngettext(
                # Today's English for any count (tests read it); other languages inflect.
                "you snoozed {count} time(s) last week",
                "you snoozed {count} time(s) last week",
                latest.snoozes,
            ).format(count=latest.snoozes)
        )
    return Advice(
        AdviceKind.TIGHTEN_BOUNDARIES,
        _("Tighten your boundaries"),
        _("Energy and relationships have both dipped two weeks in a row: {steps}.").format(
            steps="; ".join(steps)
        ),
    )


def _focus_blocks_per_working_day(pattern: Pattern) -> int:
    counts = [
        sum(1 for block in spec.blocks if block.kind is BlockKind.FOCUS)
        for spec in pattern.days.values()
        if not spec.protected and spec.blocks
    ]
    return max(counts) if counts else 0


def _add_focus_block(pattern: Pattern | None, trend: Sequence[WeekReflection]) -> Advice:
    latest = trend[-1]
    if latest.output == 0:
        why = _("No deliverables were completed this week")
    else:
        outputs = " → ".join(str(r.output) for r in trend[-RULE_WEEKS:])
        why = _("Output has not risen for two weeks ({outputs} deliverables)").format(
            outputs=outputs
        )
    if pattern is None:
        step = _("add one more focus block a day")
    else:
        minutes = pattern.defaults.focus_minutes
        planned = _focus_blocks_per_working_day(pattern)
        step = _(
            "add a {minutes}-minute focus block to your working days "
            "({pattern} plans {planned} a day)"
        ).format(minutes=minutes, pattern=pattern.display_name, planned=planned)
    return Advice(
        AdviceKind.ADD_FOCUS_BLOCK,
        _("Add a focus block"),
        _("{why}: {step}.").format(why=why, step=step),
    )


def _keep_going(trend: Sequence[WeekReflection]) -> Advice:
    latest, before = trend[-1], trend[-2]
    notes = []
    for name, now, then in (
        (_("energy"), latest.energy, before.energy),
        (_("relationships"), latest.relationships, before.relationships),
        (_("output"), latest.output, before.output),
    ):
        if now is None:
            continue
        if then is not None and now > then:
            notes.append(
                _("{name} up from {then} to {now}").format(
                    name=name, then=f"{then:g}", now=f"{now:g}"
                )
            )
        else:
            notes.append(f"{name} {now:g}")
    return Advice(
        AdviceKind.KEEP_GOING,
        _("Your boundaries are holding"),
        _("This week: {notes}. Keep the pattern as it is.").format(notes=", ".join(notes)),
    )


def not_enough_data(trend: Sequence[WeekReflection]) -> Advice:
    reflected = sum(1 for r in trend if r.has_data)
    return Advice(
        AdviceKind.NOT_ENOUGH_DATA,
        _("Not enough reflections yet"),
        ngettext(
            "Advice needs {needed} weeks in a row with reflections "
            "(energy, output, relationships at the shutdown ritual); "
            "{reflected} of the last {weeks} has some.",
            "Advice needs {needed} weeks in a row with reflections "
            "(energy, output, relationships at the shutdown ritual); "
            "{reflected} of the last {weeks} have some.",
            reflected,
        ).format(needed=RULE_WEEKS, reflected=reflected, weeks=count(len(trend), "week", "weeks")),
    )


def _earlier_hard_stop(pattern: Pattern | None) -> str:
    if pattern is None:
        return _("move your hard stop 30 minutes earlier")
    stop = _usual_hard_stop(pattern)
    if stop is None:
        return _("{pattern} has no hard stop: set one, e.g. 18:00").format(
            pattern=pattern.display_name
        )
    earlier = (datetime.combine(date(2000, 1, 1), stop) - HARD_STOP_STEP).time()
    return _("try a hard stop at {earlier} instead of {usual}").format(
        earlier=_clock(earlier), usual=_clock(stop)
    )


def _offclock_advice(trend: Sequence[WeekReflection], pattern: Pattern | None) -> list[Advice]:
    advice = []
    minutes = [r.offclock_minutes for r in trend]
    if _rising(minutes):
        figures = " → ".join(f"{m} min" for m in minutes[-RULE_WEEKS:])
        advice.append(
            Advice(
                AdviceKind.OFFCLOCK_RISING,
                _("Invisible overtime is growing"),
                _(
                    "Time at the computer in protected time, with no block started, rose two "
                    "weeks in a row ({figures} a week): tighten your boundaries — {change}, and "
                    "start a block when you really work."
                ).format(figures=figures, change=_earlier_hard_stop(pattern)),
            )
        )
    latest = trend[-1] if trend else None
    if (
        latest is not None
        and latest.protected_days >= 2
        and latest.protected_days_offclock * 2 > latest.protected_days
    ):
        stricter = (
            _("keep strict mode")
            if pattern is not None and pattern.defaults.strict
            else _("or a stricter pattern (strict mode: no snoozes)")
        )
        advice.append(
            Advice(
                AdviceKind.OFFCLOCK_ON_PROTECTED_DAYS,
                _("Protected days are leaking"),
                _(
                    "Offclock time on {offclock} of {days} protected days last week: {change} "
                    "{stricter}, so the work fits the working days."
                ).format(
                    offclock=latest.protected_days_offclock,
                    days=latest.protected_days,
                    change=_earlier_hard_stop(pattern),
                    stricter=stricter,
                ),
            )
        )
    return advice


def _rising(values: Sequence[int | None]) -> bool:
    """Strictly up each week over the last RULE_WEEKS values (all present)."""
    tail = [v for v in values[-RULE_WEEKS:] if v is not None]
    return len(tail) == RULE_WEEKS and all(a < b for a, b in itertools.pairwise(tail))


def advise(trend: Sequence[WeekReflection], pattern: Pattern | None) -> list[Advice]:
    """Plain advice for the last week of `trend` under the active `pattern`."""
    return _offclock_advice(trend, pattern) + _reflection_advice(trend, pattern)


def _reflection_advice(trend: Sequence[WeekReflection], pattern: Pattern | None) -> list[Advice]:
    if len(trend) < RULE_WEEKS or not trend[-1].has_data:
        return [not_enough_data(trend)]
    advice = []
    if _falling([r.energy for r in trend]) and _falling([r.relationships for r in trend]):
        advice.append(_tighten_boundaries(pattern, trend[-1]))
    outputs: list[float | None] = [r.output for r in trend]
    if trend[-1].output == 0 or _not_rising(outputs):
        advice.append(_add_focus_block(pattern, trend))
    if advice:
        return advice
    if all(r.has_data for r in trend[-RULE_WEEKS:]):
        return [_keep_going(trend)]
    return [not_enough_data(trend)]
