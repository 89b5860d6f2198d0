"""The day-pattern model (SPEC §2): a weekly template of typed time blocks.

A pattern says, for each weekday, which blocks are planned, when the hard stop
is, and whether the day is protected. It carries pattern-wide defaults for the
session engine. Everything here is immutable and free of I/O; reading TOML
lives in `pattern_loader`, laying a pattern onto a real date in `planner`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from enum import Enum, IntEnum, StrEnum

from focusdesk.core.i18n import N_, _


class Boundary(StrEnum):
    """What the household sees: is the user working or available?"""

    ON = "on"
    OFF = "off"


class BlockKind(StrEnum):
    FOCUS = "focus"
    COLLAB = "collab"
    COMMS = "comms"
    ADMIN = "admin"
    LIFE = "life"
    RECOVERY = "recovery"

    @property
    def boundary(self) -> Boundary:
        return Boundary.OFF if self in (BlockKind.LIFE, BlockKind.RECOVERY) else Boundary.ON

    @property
    def is_work(self) -> bool:
        return self.boundary is Boundary.ON

    @property
    def display_name(self) -> str:
        """ "Focus", "Collab"… in the user's language (the value stays the file format)."""
        return _(_KIND_NAMES[self])


_KIND_NAMES = {
    BlockKind.FOCUS: N_("Focus"),
    BlockKind.COLLAB: N_("Collab"),
    BlockKind.COMMS: N_("Comms"),
    BlockKind.ADMIN: N_("Admin"),
    BlockKind.LIFE: N_("Life"),
    BlockKind.RECOVERY: N_("Recovery"),
}


class Weekday(IntEnum):
    """ISO-like weekday numbers as `date.weekday()` returns them (Monday = 0)."""

    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6

    @property
    def short(self) -> str:
        return self.name.lower()

    @classmethod
    def from_short(cls, text: str) -> Weekday:
        return cls[text.strip().upper()[:3]]


class WorkModel(StrEnum):
    BALANCE = "balance"
    INTEGRATION = "integration"


class ReviewFirst(Enum):
    """Which part of the week review a pattern wants shown first."""

    CHART = "chart"
    LEDGER = "ledger"


@dataclass(frozen=True, slots=True)
class BlockSpec:
    """One planned block of a weekday, in local wall-clock time.

    `next_day` marks a block that runs past midnight (a sleep window 22:30–06:30):
    its end belongs to the following calendar day.
    """

    kind: BlockKind
    start: time
    end: time
    label: str = ""
    next_day: bool = False

    @property
    def minutes(self) -> int:
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute + (24 * 60 if self.next_day else 0)
        return end - start

    @property
    def display_label(self) -> str:
        """The label as shown, in the user's language (the stored `label` never changes)."""
        return _(self.label) if self.label else self.kind.display_name


@dataclass(frozen=True, slots=True)
class DaySpec:
    """A weekday's template: its blocks (sorted by start), hard stop, protection."""

    blocks: tuple[BlockSpec, ...] = ()
    hard_stop: time | None = None
    protected: bool = False


FREE_DAY = DaySpec()


@dataclass(frozen=True, slots=True)
class PatternDefaults:
    """Pattern-wide defaults the session engine follows (SPEC §2, §3)."""

    focus_minutes: int = 90
    buffer_minutes: int = 10
    #: Minutes before the hard stop at which a warning fires, largest first.
    prestop_warnings: tuple[int, ...] = (30, 10)
    #: How many snoozes the hard stop allows per day, and how long each lasts.
    snooze_limit: int = 1
    snooze_minutes: int = 10
    #: Strict mode: no snooze at all, whatever snooze_limit says.
    strict: bool = False
    #: A buffer follows every focus block unless this is off.
    auto_buffer: bool = True
    #: Planned blocks start by themselves instead of only being announced.
    auto_start: bool = False
    #: At most this many comms windows a day (batched communication).
    max_comms_windows: int = 2

    @property
    def snoozes_allowed(self) -> int:
        return 0 if self.strict else self.snooze_limit


@dataclass(frozen=True, slots=True)
class Pattern:
    """A weekly template. `days` always has all seven weekdays."""

    id: str
    name: str
    model: WorkModel
    description: str = ""
    days: dict[Weekday, DaySpec] = field(default_factory=lambda: dict.fromkeys(Weekday, FREE_DAY))
    defaults: PatternDefaults = PatternDefaults()
    checklist: tuple[str, ...] = ()
    review_first: ReviewFirst = ReviewFirst.CHART
    #: Where the pattern came from (a file path or "builtin:<id>"), for messages.
    source: str = ""
    builtin: bool = False

    def day(self, weekday: Weekday | int) -> DaySpec:
        return self.days.get(Weekday(weekday), FREE_DAY)

    # A built-in pattern's words are in the catalogue (by their English text); a
    # user's own pattern is shown as written. Ids and stored fields never change.
    def _shown(self, text: str) -> str:
        return _(text) if self.builtin and text else text

    @property
    def display_name(self) -> str:
        return self._shown(self.name)

    @property
    def display_description(self) -> str:
        return self._shown(self.description)

    @property
    def display_checklist(self) -> tuple[str, ...]:
        return tuple(self._shown(item) for item in self.checklist)

    def focus_labels(self) -> list[str]:
        """Distinct labels of planned focus blocks across the week, in week order."""
        seen: dict[str, None] = {}
        for weekday in Weekday:
            for block in self.day(weekday).blocks:
                if block.kind is BlockKind.FOCUS and block.label:
                    seen.setdefault(block.label, None)
        return list(seen)
