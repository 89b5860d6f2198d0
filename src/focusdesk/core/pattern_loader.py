"""Reading and validating pattern TOML files, and the catalogue of patterns.

A bad file never produces a traceback: every problem becomes a `Problem`
with the field path (`days.mon-fri.blocks[2].end`), the line when it can be
found, and a sentence saying what is wrong. The pattern editor runs the same
validation on the dict it builds (`pattern_from_dict`), so the loader and the
editor can never disagree.

File format (one pattern per file)::

    id = "my-week"
    name = "My week"
    model = "balance"                 # or "integration"
    checklist = ["Close open loops"]

    [defaults]                        # all optional
    focus_minutes = 90

    [days.mon-fri]                    # "mon", "mon-fri", "sat,sun", "weekdays", "weekend"
    hard_stop = "18:30"
    blocks = [{ kind = "focus", start = "09:30", end = "11:00", label = "Deep work" }]

    [days.weekend]
    protected = true
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import time
from pathlib import Path
from typing import Any

from focusdesk.core.i18n import _
from focusdesk.core.patterns import (
    FREE_DAY,
    BlockKind,
    BlockSpec,
    DaySpec,
    Pattern,
    PatternDefaults,
    ReviewFirst,
    Weekday,
    WorkModel,
)
from focusdesk.core.wording import count

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_TOML_LINE_RE = re.compile(r"\(at line (\d+), column (\d+)\)")

#: Allowed ranges of the numeric defaults, inclusive.
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "focus_minutes": (1, 480),
    "buffer_minutes": (0, 60),
    "snooze_limit": (0, 10),
    "snooze_minutes": (1, 120),
    "max_comms_windows": (0, 12),
}
WARNING_LIMITS = (1, 240)
MAX_LABEL = 80
MAX_CHECKLIST_ITEMS = 20

_DAY_ALIASES = {
    "weekdays": [Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI],
    "weekend": [Weekday.SAT, Weekday.SUN],
    "all": list(Weekday),
}
_TOP_KEYS = {"id", "name", "model", "description", "checklist", "review_first", "defaults", "days"}
_DAY_KEYS = {"blocks", "hard_stop", "protected"}
_BLOCK_KEYS = {"kind", "start", "end", "label", "next_day"}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a pattern: where (field path, maybe line) and what."""

    field: str
    message: str
    line: int | None = None

    def where(self) -> str:
        if self.line is not None and self.field:
            return _("line {line} ({field})").format(line=self.line, field=self.field)
        if self.line is not None:
            return _("line {line}").format(line=self.line)
        return self.field or _("file")


class PatternError(Exception):
    """A pattern file (or editor dict) that cannot be used, with every problem found."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.first_line())

    def first_line(self) -> str:
        first = self.problems[0]
        more = len(self.problems) - 1
        others = count(more, "more problem", "more problems")
        tail = " " + _("(and {count})").format(count=others) if more else ""
        return f"{self.source}: {first.where()}: {first.message}{tail}"

    def lines(self) -> list[str]:
        return [f"{self.source}: {p.where()}: {p.message}" for p in self.problems]


def parse_pattern(text: str, source: str, *, builtin: bool = False) -> Pattern:
    """Parse and validate pattern TOML text. Raises PatternError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE_RE.search(str(error))
        message = _TOML_LINE_RE.sub("", str(error)).replace("(at end of document)", "").strip()
        line = int(match.group(1)) if match else max(1, len(text.splitlines()))
        raise PatternError(
            source, [Problem("", _("not valid TOML: {reason}").format(reason=message), line)]
        ) from None
    return pattern_from_dict(data, source, text=text, builtin=builtin)


def load_pattern_file(path: Path, *, builtin: bool = False) -> Pattern:
    """Read one pattern file. Raises PatternError (also for unreadable files)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PatternError(
            str(path), [Problem("", _("cannot read: {reason}").format(reason=error.strerror))]
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PatternError(str(path), [Problem("", _("not UTF-8 text"))]) from None
    return parse_pattern(text, str(path), builtin=builtin)


def pattern_from_dict(
    data: Mapping[str, Any], source: str, *, text: str | None = None, builtin: bool = False
) -> Pattern:
    """Validate a pattern given as a (TOML-shaped) dict. Raises PatternError."""
    checker = _Checker(text)
    pattern = checker.pattern(data, source, builtin)
    if checker.problems or pattern is None:
        raise PatternError(source, checker.problems)
    return pattern


def pattern_to_dict(pattern: Pattern) -> dict[str, Any]:
    """The TOML-shaped dict of a pattern; `pattern_from_dict` reads it back equal."""
    data: dict[str, Any] = {
        "id": pattern.id,
        "name": pattern.name,
        "model": pattern.model.value,
    }
    if pattern.description:
        data["description"] = pattern.description
    if pattern.review_first is not ReviewFirst.CHART:
        data["review_first"] = pattern.review_first.value
    if pattern.checklist:
        data["checklist"] = list(pattern.checklist)
    defaults = {}
    for item in fields(PatternDefaults):
        value = getattr(pattern.defaults, item.name)
        defaults[item.name] = list(value) if isinstance(value, tuple) else value
    data["defaults"] = defaults
    days: dict[str, Any] = {}
    for key, spec in _group_days(pattern):
        day: dict[str, Any] = {}
        if spec.protected:
            day["protected"] = True
        if spec.hard_stop is not None:
            day["hard_stop"] = _format_time(spec.hard_stop)
        if spec.blocks:
            day["blocks"] = [_block_to_dict(block) for block in spec.blocks]
        days[key] = day
    data["days"] = days
    return data


def _block_to_dict(block: BlockSpec) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": block.kind.value,
        "start": _format_time(block.start),
        "end": _format_time(block.end),
    }
    if block.label:
        out["label"] = block.label
    if block.next_day:
        out["next_day"] = True
    return out


def _group_days(pattern: Pattern) -> list[tuple[str, DaySpec]]:
    """Consecutive identical weekdays collapse into ranges ("mon-fri")."""
    groups: list[tuple[list[Weekday], DaySpec]] = []
    for weekday in Weekday:
        spec = pattern.day(weekday)
        if groups and groups[-1][1] == spec:
            groups[-1][0].append(weekday)
        else:
            groups.append(([weekday], spec))
    out = []
    for days, spec in groups:
        if spec == FREE_DAY:
            continue
        key = days[0].short if len(days) == 1 else f"{days[0].short}-{days[-1].short}"
        out.append((key, spec))
    return out


def _format_time(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def parse_day_key(key: str) -> list[Weekday]:
    """'mon', 'mon-fri', 'sat,sun', 'weekdays', 'weekend', 'all' → weekdays. Raises ValueError."""
    result: list[Weekday] = []
    for part in key.lower().replace(" ", "").split(","):
        if part in _DAY_ALIASES:
            result.extend(_DAY_ALIASES[part])
            continue
        first, sep, last = part.partition("-")
        start = _weekday(first)
        if not sep:
            result.append(start)
            continue
        end = _weekday(last)
        if end < start:
            raise ValueError(_("day range '{days}' runs backwards").format(days=part))
        result.extend(Weekday(i) for i in range(start, end + 1))
    return result


def _weekday(text: str) -> Weekday:
    names = {w.short: w for w in Weekday}
    long_names = {
        "monday": Weekday.MON,
        "tuesday": Weekday.TUE,
        "wednesday": Weekday.WED,
        "thursday": Weekday.THU,
        "friday": Weekday.FRI,
        "saturday": Weekday.SAT,
        "sunday": Weekday.SUN,
    }
    found = names.get(text, long_names.get(text))
    if found is None:
        raise ValueError(
            _("unknown weekday '{day}' (use mon, tue, wed, thu, fri, sat, sun)").format(day=text)
        )
    return found


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


@dataclass
class _Checker:
    """Collects every problem of one pattern instead of stopping at the first."""

    text: str | None
    problems: list[Problem] = field(default_factory=list)

    def fail(self, path: str, message: str, needle: str | None = None) -> None:
        self.problems.append(Problem(path, message, self._line_of(path, needle)))

    def _line_of(self, path: str, needle: str | None) -> int | None:
        """Best-effort line number: the day table's header, then a value after it."""
        if self.text is None:
            return None
        lines = self.text.splitlines()
        start = 0
        day = re.match(r"days\.([^.\[]+)", path)
        if day:
            header = re.compile(r"^\s*\[+\s*days\.\"?" + re.escape(day.group(1)) + r"\"?[\s.\]]")
            for number, line in enumerate(lines):
                if header.match(line):
                    start = number
                    break
        key = path.rsplit(".", 1)[-1].split("[")[0] if path else ""
        for number in range(start, len(lines)):
            line = lines[number]
            if needle is not None and needle in line:
                return number + 1
            if needle is None and key and re.match(rf"^\s*{re.escape(key)}\s*=", line):
                return number + 1
        return start + 1 if day else None

    # -- the pattern -------------------------------------------------------

    def pattern(self, data: Mapping[str, Any], source: str, builtin: bool) -> Pattern | None:
        if not isinstance(data, Mapping):
            self.fail("", _("a pattern must be a table of fields"))
            return None
        self._unknown_keys(data, _TOP_KEYS, "")
        pattern_id = self._string(data, "id", required=True)
        if pattern_id and not _ID_RE.match(pattern_id):
            self.fail(
                "id",
                _("id '{id}' must be lower-case letters, digits and dashes").format(id=pattern_id),
            )
        name = self._string(data, "name", required=True)
        model_text = self._string(data, "model", required=True)
        model = WorkModel.BALANCE
        if model_text:
            try:
                model = WorkModel(model_text)
            except ValueError:
                self.fail(
                    "model",
                    _("model '{model}' must be 'balance' or 'integration'").format(
                        model=model_text
                    ),
                )
        description = self._string(data, "description") or ""
        review_text = self._string(data, "review_first") or "chart"
        review_first = ReviewFirst.CHART
        try:
            review_first = ReviewFirst(review_text)
        except ValueError:
            self.fail(
                "review_first",
                _("review_first '{value}' must be 'chart' or 'ledger'").format(value=review_text),
            )
        checklist = self._checklist(data.get("checklist", []))
        defaults = self._defaults(data.get("defaults", {}))
        days = self._days(data.get("days", {}), defaults)
        if self.problems:
            return None
        return Pattern(
            id=pattern_id or "",
            name=name or "",
            model=model,
            description=description,
            days=days,
            defaults=defaults,
            checklist=checklist,
            review_first=review_first,
            source=source,
            builtin=builtin,
        )

    def _unknown_keys(self, table: Mapping[str, Any], known: set[str], prefix: str) -> None:
        for key in table:
            if key not in known:
                path = f"{prefix}.{key}" if prefix else str(key)
                expected = ", ".join(sorted(known))
                self.fail(
                    path,
                    _("unknown field '{key}' (expected one of: {expected})").format(
                        key=key, expected=expected
                    ),
                )

    def _string(self, data: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(key, _("missing required field '{key}'").format(key=key))
            return None
        if not isinstance(value, str):
            self.fail(
                key,
                _("'{key}' must be text, not {type}").format(key=key, type=type(value).__name__),
            )
            return None
        if required and not value.strip():
            self.fail(key, _("'{key}' must not be empty").format(key=key))
        return value.strip()

    def _checklist(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail("checklist", _("checklist must be a list of text items"))
            return ()
        if len(value) > MAX_CHECKLIST_ITEMS:
            self.fail(
                "checklist",
                _("checklist has {count} items; keep it to {most}").format(
                    count=len(value), most=MAX_CHECKLIST_ITEMS
                ),
            )
        return tuple(item.strip() for item in value if item.strip())

    def _defaults(self, value: Any) -> PatternDefaults:
        if not isinstance(value, Mapping):
            self.fail("defaults", _("defaults must be a table"))
            return PatternDefaults()
        known = {item.name for item in fields(PatternDefaults)}
        self._unknown_keys(value, known, "defaults")
        chosen: dict[str, Any] = {}
        for key, (low, high) in DEFAULT_LIMITS.items():
            if key not in value:
                continue
            number = value[key]
            path = f"defaults.{key}"
            if isinstance(number, bool) or not isinstance(number, int):
                self.fail(path, _("{key} must be a whole number of minutes").format(key=key))
            elif not low <= number <= high:
                self.fail(
                    path,
                    _("{key} = {number} is out of range ({low}–{high})").format(
                        key=key, number=number, low=low, high=high
                    ),
                )
            else:
                chosen[key] = number
        for key in ("strict", "auto_buffer", "auto_start"):
            if key in value:
                if isinstance(value[key], bool):
                    chosen[key] = value[key]
                else:
                    self.fail(f"defaults.{key}", _("{key} must be true or false").format(key=key))
        if "prestop_warnings" in value:
            chosen["prestop_warnings"] = self._warnings(value["prestop_warnings"])
        return PatternDefaults(**chosen)

    def _warnings(self, value: Any) -> tuple[int, ...]:
        path = "defaults.prestop_warnings"
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            self.fail(path, _("prestop_warnings must be a list of whole minutes, e.g. [30, 10]"))
            return ()
        low, high = WARNING_LIMITS
        for minutes in value:
            if not low <= minutes <= high:
                self.fail(
                    path,
                    _(
                        "warning {minutes} minutes before the hard stop is out of range ({low}–{high})"
                    ).format(minutes=minutes, low=low, high=high),
                )
        if len(set(value)) != len(value):
            self.fail(path, _("prestop_warnings lists the same minute twice"))
        return tuple(sorted(set(value), reverse=True))

    # -- days and blocks ---------------------------------------------------

    def _days(self, value: Any, defaults: PatternDefaults) -> dict[Weekday, DaySpec]:
        days = dict.fromkeys(Weekday, FREE_DAY)
        if not isinstance(value, Mapping):
            self.fail("days", _("days must be a table of weekdays, e.g. [days.mon-fri]"))
            return days
        defined: dict[Weekday, str] = {}
        for key, table in value.items():
            path = f"days.{key}"
            try:
                weekdays = parse_day_key(str(key))
            except ValueError as error:
                self.fail(path, str(error))
                continue
            spec = self._day(table, path, defaults)
            for weekday in weekdays:
                if weekday in defined:
                    self.fail(
                        path,
                        _("{day} is already defined by days.{days}").format(
                            day=weekday.short, days=defined[weekday]
                        ),
                    )
                    continue
                defined[weekday] = str(key)
                if spec is not None:
                    days[weekday] = spec
        self._overnight_overlaps(days, defined)
        return days

    def _day(self, table: Any, path: str, defaults: PatternDefaults) -> DaySpec | None:
        if not isinstance(table, Mapping):
            self.fail(path, _("a day must be a table with blocks, hard_stop and/or protected"))
            return None
        self._unknown_keys(table, _DAY_KEYS, path)
        protected = table.get("protected", False)
        if not isinstance(protected, bool):
            self.fail(f"{path}.protected", _("protected must be true or false"))
            protected = False
        hard_stop = None
        if "hard_stop" in table and table["hard_stop"] not in ("", None):
            hard_stop = self._time(table["hard_stop"], f"{path}.hard_stop")
        raw_blocks = table.get("blocks", [])
        if not isinstance(raw_blocks, list):
            self.fail(f"{path}.blocks", _("blocks must be a list of tables"))
            raw_blocks = []
        blocks = []
        for index, raw in enumerate(raw_blocks):
            block = self._block(raw, f"{path}.blocks[{index}]")
            if block is not None:
                blocks.append((index, block))
        blocks.sort(key=lambda item: _minutes(item[1].start))
        self._day_rules(blocks, path, hard_stop, protected, defaults)
        return DaySpec(tuple(b for _, b in blocks), hard_stop, protected)

    def _block(self, raw: Any, path: str) -> BlockSpec | None:
        if not isinstance(raw, Mapping):
            self.fail(path, _("a block must be a table with kind, start, end and label"))
            return None
        before = len(self.problems)
        self._unknown_keys(raw, _BLOCK_KEYS, path)
        kind_text = raw.get("kind")
        kind = None
        if kind_text is None:
            self.fail(f"{path}.kind", _("missing block kind"))
        else:
            try:
                kind = BlockKind(str(kind_text))
            except ValueError:
                kinds = ", ".join(k.value for k in BlockKind)
                self.fail(
                    f"{path}.kind",
                    _("unknown block kind '{kind}' (use one of: {kinds})").format(
                        kind=kind_text, kinds=kinds
                    ),
                    f'"{kind_text}"',
                )
        start = self._time(raw.get("start"), f"{path}.start")
        end = self._time(raw.get("end"), f"{path}.end")
        label = raw.get("label", "")
        if not isinstance(label, str):
            self.fail(f"{path}.label", _("label must be text"))
            label = ""
        elif len(label) > MAX_LABEL:
            self.fail(
                f"{path}.label",
                _("label is {count} characters; keep it to {most}").format(
                    count=len(label), most=MAX_LABEL
                ),
            )
        next_day = raw.get("next_day", False)
        if not isinstance(next_day, bool):
            self.fail(f"{path}.next_day", _("next_day must be true or false"))
            next_day = False
        if kind is None or start is None or end is None or len(self.problems) > before:
            return None
        span = f"{_format_time(start)}–{_format_time(end)}"
        if next_day and _minutes(end) >= _minutes(start):
            self.fail(
                f"{path}.end",
                _("block {span} is marked next_day but would last over 24 hours").format(span=span),
            )
            return None
        if not next_day and _minutes(end) <= _minutes(start):
            self.fail(
                f"{path}.end",
                _(
                    "end {end} is not after start {start} "
                    "(set next_day = true for a block that runs past midnight)"
                ).format(end=_format_time(end), start=_format_time(start)),
                f'"{_format_time(end)}"' if end else None,
            )
            return None
        return BlockSpec(kind, start, end, label.strip(), next_day)

    def _time(self, value: Any, path: str) -> time | None:
        if isinstance(value, time):
            return value.replace(second=0, microsecond=0, tzinfo=None)
        if value is None:
            self.fail(path, _("missing {field} time (HH:MM)").format(field=path.rsplit(".", 1)[-1]))
            return None
        match = _TIME_RE.match(str(value).strip())
        if match is None:
            self.fail(
                path,
                _("'{value}' is not a time of day (HH:MM, e.g. 09:30)").format(value=value),
                f'"{value}"',
            )
            return None
        hours, minutes = int(match.group(1)), int(match.group(2))
        if hours > 23 or minutes > 59:
            self.fail(
                path,
                _("'{value}' is not a time of day (00:00–23:59)").format(value=value),
                f'"{value}"',
            )
            return None
        return time(hours, minutes)

    def _day_rules(
        self,
        blocks: list[tuple[int, BlockSpec]],
        path: str,
        hard_stop: time | None,
        protected: bool,
        defaults: PatternDefaults,
    ) -> None:
        for (_first_index, first), (index, second) in itertools.pairwise(blocks):
            first_end = _minutes(first.end) + (24 * 60 if first.next_day else 0)
            if _minutes(second.start) < first_end:
                self.fail(
                    f"{path}.blocks[{index}]",
                    _("{kind} block {span} overlaps {other_kind} block {other_span}").format(
                        kind=second.kind.value,
                        span=f"{_format_time(second.start)}–{_format_time(second.end)}",
                        other_kind=first.kind.value,
                        other_span=f"{_format_time(first.start)}–{_format_time(first.end)}",
                    ),
                    f'"{_format_time(second.start)}"',
                )
        for index, block in blocks:
            span = f"{_format_time(block.start)}–{_format_time(block.end)}"
            where = f"{path}.blocks[{index}]"
            if protected and block.kind.is_work:
                self.fail(
                    where,
                    _(
                        "{kind} block {span} on a protected day (only life and recovery blocks)"
                    ).format(kind=block.kind.value, span=span),
                )
            if hard_stop is None:
                continue
            stop, start = _minutes(hard_stop), _minutes(block.start)
            end = _minutes(block.end) + (24 * 60 if block.next_day else 0)
            if block.kind is BlockKind.FOCUS and start < stop < end:
                self.fail(
                    f"{path}.hard_stop",
                    _("hard stop {time} falls inside the focus block {span}").format(
                        time=_format_time(hard_stop), span=span
                    ),
                )
            elif block.kind.is_work and start >= stop:
                self.fail(
                    where,
                    _("{kind} block {span} starts at or after the hard stop {time}").format(
                        kind=block.kind.value, span=span, time=_format_time(hard_stop)
                    ),
                )
        comms = sum(1 for _, b in blocks if b.kind is BlockKind.COMMS)
        if comms > defaults.max_comms_windows:
            self.fail(
                f"{path}.blocks",
                _(
                    "{count} comms windows in one day; batch them into at most {most} "
                    "(defaults.max_comms_windows)"
                ).format(count=comms, most=defaults.max_comms_windows),
            )

    def _overnight_overlaps(
        self, days: dict[Weekday, DaySpec], defined: dict[Weekday, str]
    ) -> None:
        """A block past midnight must not run into the next day's first blocks."""
        for weekday in Weekday:
            following = Weekday((weekday + 1) % 7)
            for block in days[weekday].blocks:
                if not block.next_day:
                    continue
                for other in days[following].blocks:
                    if _minutes(other.start) < _minutes(block.end):
                        self.fail(
                            f"days.{defined.get(following, following.short)}.blocks",
                            _(
                                "{kind} block at {time} on {day} overlaps the {label} "
                                "from {other_day} (until {end})"
                            ).format(
                                kind=other.kind.value,
                                time=_format_time(other.start),
                                day=following.short,
                                label=block.display_label.lower(),
                                other_day=weekday.short,
                                end=_format_time(block.end),
                            ),
                        )
                        break


#: The built-in patterns in the order SPEC §2 presents them (A–F).
BUILTIN_ORDER = (
    "boundary-fortress",
    "deep-work-biome",
    "recovery-first-week",
    "time-weave",
    "portfolio-day",
    "caregiver-pro",
)


def _builtin_order(path: Path) -> tuple[int, str]:
    stem = path.stem
    return (BUILTIN_ORDER.index(stem) if stem in BUILTIN_ORDER else len(BUILTIN_ORDER), stem)


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    pattern: Pattern
    path: Path | None


class PatternCatalog:
    """The built-in patterns plus the user's own, by id.

    Built-in patterns are shipped and must load; a broken one is a bug and
    raises. A broken user file is kept out of the catalogue and reported in
    `errors`, so the app can say so and keep running.
    """

    def __init__(self, builtin_dir: Path, user_dir: Path | None = None) -> None:
        self.builtin_dir = builtin_dir
        self.user_dir = user_dir
        self._entries: dict[str, CatalogEntry] = {}
        self.errors: list[PatternError] = []
        self.reload()

    def reload(self) -> None:
        entries: dict[str, CatalogEntry] = {}
        errors: list[PatternError] = []
        for path in sorted(self.builtin_dir.glob("*.toml"), key=_builtin_order):
            pattern = load_pattern_file(path, builtin=True)
            entries[pattern.id] = CatalogEntry(pattern, path)
        builtin_ids = set(entries)
        for path in self._user_files():
            try:
                pattern = load_pattern_file(path)
            except PatternError as error:
                errors.append(error)
                continue
            if pattern.id in builtin_ids:
                errors.append(
                    PatternError(
                        str(path),
                        [
                            Problem(
                                "id",
                                _(
                                    "id '{id}' belongs to a built-in pattern; choose another id"
                                ).format(id=pattern.id),
                            )
                        ],
                    )
                )
                continue
            if pattern.id in entries:
                errors.append(
                    PatternError(
                        str(path),
                        [
                            Problem(
                                "id",
                                _("id '{id}' is also used by {file}").format(
                                    id=pattern.id, file=entries[pattern.id].path
                                ),
                            )
                        ],
                    )
                )
                continue
            entries[pattern.id] = CatalogEntry(pattern, path)
        self._entries = entries
        self.errors = errors

    def _user_files(self) -> Iterable[Path]:
        if self.user_dir is None or not self.user_dir.is_dir():
            return []
        return sorted(self.user_dir.glob("*.toml"))

    def __contains__(self, pattern_id: object) -> bool:
        return pattern_id in self._entries

    def get(self, pattern_id: str) -> Pattern:
        """The pattern with this id. Raises KeyError naming the known ids."""
        try:
            return self._entries[pattern_id].pattern
        except KeyError:
            known = ", ".join(self._entries)
            raise KeyError(
                _("no pattern '{id}' (known: {known})").format(id=pattern_id, known=known)
            ) from None

    def path_of(self, pattern_id: str) -> Path | None:
        entry = self._entries.get(pattern_id)
        return entry.path if entry else None

    def patterns(self) -> list[Pattern]:
        """Built-in patterns first (in file order), then the user's."""
        entries = list(self._entries.values())
        return [e.pattern for e in entries if e.pattern.builtin] + [
            e.pattern for e in entries if not e.pattern.builtin
        ]
