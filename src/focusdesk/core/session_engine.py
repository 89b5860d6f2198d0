"""The session engine: the state machine of SPEC §3, told what time it is.

The engine owns no timers and never reads the clock. Every call takes `now`
(an aware datetime) and returns the events that happened up to then;
`next_deadline()` says when it next has something to do, so the shell aims one
single-shot timer at it.

Time rules (issue 3, item 2):
- All instants inside are aware UTC; the planner's local times are converted
  on the way in, so DST days compare and subtract correctly.
- Due work is processed in time order, each item *at its own instant*: after a
  suspend, a block is closed at its planned end (or cut at the hard stop if
  that came first), never at wake-up.
- Only present time is focus (SPEC §3, issue 14). The user leaving
  (`user_away(now, since)`, from the presence tracker) and a suspend or
  forward clock jump (`clock_jumped`, or seen by `observe_clock` from the
  monotonic clock) are the same thing: an absence from the last moment the
  user was present. What runs is paused from then; if its planned end falls
  inside the absence it is closed at that moment, outcome "interrupted", and
  no buffer follows. `user_back(now)` ends the absence; the block stays
  paused for the user to resume or end.
- A backward jump seen by `observe_clock` moves the running session back
  with the clock, so its remaining time keeps running (on the monotonic
  clock). One not seen that way is clamped: the engine's time never goes
  back, so sessions never end before they start nor overlap.
- A change of the system time zone (`observe_clock` with the new zone)
  re-plans the day once: hard stop and planned blocks move to the new local
  times.
- A working day runs from the day boundary (04:00 by default) to the next;
  the hard stop rings at most once per working day. A warning, announcement
  or hard stop whose moment passed while asleep fires late only if it still
  means something (see the handlers), never as a burst.

Calendar meetings (SPEC §5a) come in as `CalendarEvents`; `calendar_plan`
merges them into each day's plan. The engine then keeps a running meeting
clear: a meeting turns the boundary on (state ON) and is never announced; no
planned block is announced and no pre-stop warning given while one runs; the
hard stop still rings over it, but the ritual waits for the meeting's end
(`HardStopReached.ritual_waits_until`, then `RitualDue`). The buffer planned
after a meeting starts by itself when nothing else runs.

Choices worth knowing:
- The hard stop cuts whatever runs: a focus block, a paused block, a buffer
  (all closed at the hard stop with outcome "cut by hard stop").
- No automatic buffer starts in protected time (after the hard stop), nor
  after a block the user stopped early.
- The hard stop does not ring on a day the user already closed with
  `finish_day` before it; a whole working day slept through is closed without
  ringing. Otherwise it rings even if no block ran today (it is "devices down").
- Pre-stop warnings are not given while the state is OFF.
- After the hard stop the day is over: when a block or buffer run in
  protected time (a breach, or a buffer after the ritual) ends, the state goes
  back to ALARM if the ritual is still to do (silently, it does not ring
  again), else OFF; never ON.
- A pattern switch never makes the hard stop ring twice or not at all: once it
  has happened (rung, or judged: kept or breached) it stays the day's hard
  stop; before that the new pattern's hard stop is the day's (see `set_pattern`).
- A paused block has no end time (it moves with the pause): the status shows
  none, and its remaining time stands still.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from focusdesk.core.absence import interrupted_at
from focusdesk.core.boundary_plan import (
    BoundaryDecision,
    BoundaryOverride,
    decide_boundary,
    next_boundary_change,
    override_until,
)
from focusdesk.core.calendar_events import NO_EVENTS, CalendarEvents
from focusdesk.core.calendar_plan import plan_with_calendar
from focusdesk.core.clock_watch import BackwardJump, ClockWatch, ForwardJump, zone_changed
from focusdesk.core.engine_events import (
    ActionRefused,
    BlockFinished,
    BreachConfirmationNeeded,
    BufferFinished,
    ClockJumped,
    DayRecordChanged,
    Event,
    ExtendedPastHardStop,
    HardStopReached,
    OffclockNoticed,
    PlannedBlockDue,
    PreStopWarning,
    RitualDue,
    SessionClosed,
    SessionCorrected,
    SessionOpened,
    SessionUpdated,
    SnoozeEnded,
    SnoozeStarted,
    StateChanged,
    UserReturned,
    UserWentAway,
    ZoneChanged,
)
from focusdesk.core.i18n import WEEKDAY_NAMES, _
from focusdesk.core.offclock import OffclockSituation, OffclockWatch
from focusdesk.core.patterns import BlockKind, Boundary, Pattern
from focusdesk.core.planner import BlockSource, DayPlan, PlannedBlock, local_instant
from focusdesk.core.sessions import (
    DayRecord,
    Outcome,
    SessionKind,
    SessionRecord,
    new_session_id,
)
from focusdesk.core.status import EngineState, StatusSnapshot

DEFAULT_DAY_BOUNDARY = time(4, 0)
#: A planned block announced later than this after its start (the machine
#: slept through it) is announced but never auto-started.
LATE_TOLERANCE = timedelta(minutes=2)
OVERTIME_LABEL = "Overtime"

# Processing order of items due at the same instant: a block ending exactly at
# the hard stop is completed (not cut), and a warning precedes the stop.
# A planned block's start or end (or an override lapsing) only re-decides the
# boundary signal, after everything else at that instant; an offclock heartbeat
# or recognition comes after that.
_SESSION_END, _WARNING, _HARD_STOP, _ANNOUNCE, _ROLLOVER, _RITUAL, _BOUNDARY, _OFFCLOCK = range(8)

Interval = tuple[datetime, datetime]


def working_day(instant: datetime, zone: tzinfo, boundary: time = DEFAULT_DAY_BOUNDARY) -> date:
    """The working day `instant` belongs to: local time before `boundary` counts for the day before."""
    local = _aware(instant).astimezone(zone)
    if local.time() < boundary:
        return local.date() - timedelta(days=1)
    return local.date()


def _aware(instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"the engine needs timezone-aware datetimes, got naive {instant!r}")
    return instant


def _utc(instant: datetime) -> datetime:
    return _aware(instant).astimezone(UTC)


def _idle_seconds(intervals: list[Interval], start: datetime, end: datetime) -> float:
    """Length of the union of `intervals` clipped to [start, end]."""
    clipped = sorted((max(a, start), min(b, end)) for a, b in intervals if b > start and a < end)
    total = 0.0
    run_start: datetime | None = None
    run_end: datetime | None = None
    for a, b in clipped:
        if run_end is None or run_start is None or a > run_end:
            if run_end is not None and run_start is not None:
                total += (run_end - run_start).total_seconds()
            run_start, run_end = a, b
        else:
            run_end = max(run_end, b)
    if run_end is not None and run_start is not None:
        total += (run_end - run_start).total_seconds()
    return total


@dataclass(slots=True)
class _Day:
    """Everything the engine tracks about the current working day."""

    day: date
    plan: DayPlan
    #: UTC: when this working day starts and when the next one does.
    start: datetime
    end: datetime
    hard_stop: datetime | None
    protected: bool
    record: DayRecord
    hard_stop_done: bool
    #: Planned blocks (UTC start, UTC end, block), by start; the first
    #: `announced` of them are announced or dropped.
    blocks: list[tuple[datetime, datetime, PlannedBlock]]
    announced: int = 0
    warnings_done: set[int] = field(default_factory=set)
    finished: bool = False
    #: UTC starts of planned focus blocks the user skipped (never offered as the default).
    skipped: set[datetime] = field(default_factory=set)

    def hard_stop_happened(self, now: datetime) -> bool:
        """The hard stop has come and gone: it rang, or the day has its verdict (kept/breached)."""
        return (
            self.hard_stop is not None
            and self.hard_stop_done
            and self.hard_stop <= now
            and self.record.hard_stop_kept is not None
        )


class SessionEngine:
    """The state machine of SPEC §3. Pure: give it `now`, get events back.

    `today` is the store's record of the current working day (so a restart
    knows the hard stop already rang and how many snoozes were used);
    `open_session` resumes a block left running by a quick restart (its
    earlier pauses, in its `paused_seconds`, are kept);
    `big_task` is today's one big task (yesterday's ritual wrote it);
    `alarm_pending`: the hard stop rang in an earlier run and its ritual was
    not done, so today's alarm is taken up again (it does not ring twice);
    `calendar` the expanded calendar events (`set_calendar` replaces them).
    """

    def __init__(
        self,
        pattern: Pattern,
        zone: tzinfo,
        *,
        now: datetime,
        day_boundary: time = DEFAULT_DAY_BOUNDARY,
        today: DayRecord | None = None,
        open_session: SessionRecord | None = None,
        big_task: str = "",
        alarm_pending: bool = False,
        calendar: CalendarEvents = NO_EVENTS,
    ) -> None:
        now = _utc(now)
        self._calendar = calendar
        #: When a hard stop rang over a meeting: the meeting's end, when the ritual is due.
        self._ritual_at: datetime | None = None
        self._pattern = pattern
        self._zone = zone
        self._boundary = day_boundary
        self._latest = now
        #: When this engine began watching the clock (a hard stop before it never rings).
        self._started_at = now
        self._session: SessionRecord | None = None
        #: The day record an open overtime session adds its seconds to.
        self._session_day_record: DayRecord | None = None
        self._paused_since: datetime | None = None
        self._pauses: list[Interval] = []
        #: Paused seconds of a restored session from before the restart.
        self._earlier_paused = 0
        #: While the user is away: the last moment they were present.
        self._away_since: datetime | None = None
        #: The open session's pause is the absence's (its end still closes it, at `_away_since`).
        self._away_paused = False
        #: Sessions closed as interrupted during the current absence (told on return).
        self._interrupted: list[SessionRecord] = []
        #: The last few sessions closed, for an absence learnt of after their end.
        self._recent: list[SessionRecord] = []
        self._clock_watch = ClockWatch()
        self._started_by_user = open_session is not None
        self._alarm = False
        self._working = False
        #: The user's word on the boundary (a block started or stopped, "I'm on/off").
        self._override: BoundaryOverride | None = None
        #: The last planned-block edge the boundary was re-decided at.
        self._boundary_seen = now
        #: Offclock stretches (SPEC §3a); watched only while presence is known.
        self._offclock = OffclockWatch(0)
        self._offclock_watching = False
        self._big_task = big_task
        day = working_day(now, zone, day_boundary)
        known = replace(today) if today is not None and today.day == day else None
        self._day = self._make_day(day, now, known)
        planned = known.hard_stop_planned if known is not None else None
        judged = known is not None and known.hard_stop_kept is not None
        if judged and planned is not None and _utc(planned) <= now:
            # Today's hard stop already happened in an earlier run (perhaps
            # under another pattern): it stays the day's and never rings again.
            self._day.hard_stop = _utc(planned)
        hard_stop = self._day.hard_stop
        if self._day.hard_stop_done and hard_stop is not None and now < hard_stop:
            self._day.finished = True  # the record says the day was closed early
        elif hard_stop is not None and now >= hard_stop and not self._day.hard_stop_done:
            # The hard stop passed while FocusDesk was not running (a first start in
            # the evening, a login after the stop): nothing to ring and nothing to
            # judge, so "kept" stays unknown. Working now is still a breach.
            self._day.hard_stop_done = True
            self._day.warnings_done.update(pattern.defaults.prestop_warnings)
        if (
            alarm_pending
            and open_session is None
            and self._day.hard_stop_happened(now)
            and not self._day.finished
            and now < self._day.end
        ):
            # The hard stop rang in a run that ended (a crash) before the
            # ritual was done: back in the alarm, silently (it rang already).
            self._alarm = True
        if open_session is not None and open_session.is_open:
            self._session = replace(open_session)
            self._latest = max(self._latest, self._session.started_at)
            self._earlier_paused = max(0, open_session.paused_seconds)
            self._working = open_session.kind is not SessionKind.OVERTIME
            if open_session.kind is SessionKind.OVERTIME:
                self._session_day_record = self._day.record

    # ------------------------------------------------------------------ queries

    @property
    def pattern(self) -> Pattern:
        return self._pattern

    @property
    def state(self) -> EngineState:
        if self._session is not None:
            if self._paused_since is not None:
                return EngineState.PAUSED
            if self._session.kind is SessionKind.BUFFER:
                return EngineState.BUFFER
            return EngineState.FOCUS
        if self._alarm:
            return EngineState.ALARM
        return EngineState.ON if self._working else EngineState.OFF

    @property
    def current_session(self) -> SessionRecord | None:
        """A copy of the open session, if any (for heartbeats)."""
        return None if self._session is None else replace(self._session)

    @property
    def day_record(self) -> DayRecord:
        """A copy of the current working day's record."""
        return replace(self._day.record)

    @property
    def plan(self) -> DayPlan:
        """The current working day's plan."""
        return self._day.plan

    @property
    def away_since(self) -> datetime | None:
        """While the user is away: the last moment they were present (UTC)."""
        return self._away_since

    def meeting_at(self, now: datetime) -> PlannedBlock | None:
        """The calendar meeting running at `now`, if any."""
        return self._day.plan.meeting_at(_utc(now))

    @property
    def ritual_waits_until(self) -> datetime | None:
        """The hard stop rang over a meeting: the ritual shows at this instant (UTC)."""
        return self._ritual_at

    def snoozes_left(self) -> int:
        allowed = self._pattern.defaults.snoozes_allowed
        return max(0, allowed - self._day.record.snoozes)

    def next_deadline(self) -> datetime:
        """The earliest instant (UTC) at which `advance` has something to do.

        Never None: the next day boundary is always ahead.
        """
        return self._next_item()[0]

    def status(self, now: datetime) -> StatusSnapshot:
        """What every view renders. Does not advance the engine."""
        now = max(_utc(now), self._latest)
        state = self.state
        hard_stop = self._local(self._day.hard_stop) if self._day.hard_stop else None
        label = ""
        ends_at = remaining = total = None
        session = self._session
        if session is not None:
            # An unlabelled focus block stays unlabelled; buffers and overtime get a name.
            fallback = {SessionKind.BUFFER: "Buffer", SessionKind.OVERTIME: OVERTIME_LABEL}
            label = session.label or fallback.get(session.kind, "")
            # While paused the end is not known (it moves with the pause); the
            # remaining time stands still.
            if self._paused_since is None:
                ends_at = self._local(session.planned_end)
            reference = self._paused_since if self._paused_since is not None else now
            remaining = max(0, math.ceil((session.planned_end - reference).total_seconds()))
            total = session.planned_seconds
        elif state is EngineState.ALARM:
            label = "Hard stop"
        decision = self.boundary_at(now)
        if state in (EngineState.ON, EngineState.OFF):
            # Idle, the plan or the user's word decides what the household sees.
            state = EngineState.ON if decision.boundary is Boundary.ON else EngineState.OFF
            label = decision.label
        next_label, next_at = "", None
        for start, _end, block in self._day.blocks:
            if start > now:
                next_label, next_at = block.label, block.start
                break
        else:
            if self._day.hard_stop is not None and not self._day.hard_stop_done:
                next_label, next_at = "Hard stop", hard_stop
        day = self._day
        # Closed by the ritual (early, or at the stop; after a restart the
        # record's verdict says so): from then on tomorrow's task is the one shown.
        closed = session is None and (
            day.finished or (day.hard_stop_happened(now) and not self._alarm)
        )
        big_task = day.record.big_task_tomorrow if closed else self._big_task
        return StatusSnapshot(
            state=state,
            pattern_id=self._pattern.id,
            label=label,
            ends_at=ends_at,
            remaining_seconds=remaining,
            total_seconds=total,
            hard_stop=hard_stop,
            next_label=next_label,
            next_at=next_at,
            no_hard_stop_reason=self._no_hard_stop_reason() if hard_stop is None else "",
            overtime=session is not None and session.kind is SessionKind.OVERTIME,
            big_task=big_task,
            day_closed=closed,
            planned_block=decision.planned_block,
        )

    def boundary_at(self, now: datetime) -> BoundaryDecision:
        """The boundary signal at `now` (SPEC §4): the plan, unless the user said otherwise."""
        now = max(_utc(now), self._latest)
        day = self._day
        return decide_boundary(
            day.plan,
            now,
            session_running=self._session is not None,
            alarm=self._alarm,
            hard_stop_passed=day.hard_stop is not None and now >= day.hard_stop,
            working=self._working,
            override=self._override,
        )

    def _no_hard_stop_reason(self) -> str:
        day, name = self._day, self._pattern.display_name
        weekday = _(WEEKDAY_NAMES[day.day.weekday()])
        if day.protected:
            return _("{weekday} is protected in {pattern}").format(weekday=weekday, pattern=name)
        return _("{pattern} sets no hard stop on {weekday}").format(weekday=weekday, pattern=name)

    # ------------------------------------------------------------------ time

    def advance(self, now: datetime) -> list[Event]:
        """Process everything due up to `now`, in time order, and return what happened."""
        events: list[Event] = []
        now = self._observe(now, events)
        while True:
            at, kind = self._next_item()
            if at > now:
                break
            self._handle(at, kind, now, events)
        self._latest = now
        self._offclock_step(now, events)
        return events

    def watch_offclock(self, now: datetime, after_minutes: int) -> list[Event]:
        """Record offclock stretches longer than `after_minutes` (0: do not).

        The driver turns it on only while presence is known and away detection
        is on: without them a machine left running would look like work.
        """
        events = self.advance(now)
        self._offclock.set_after(after_minutes)
        self._offclock_watching = after_minutes > 0
        self._offclock_step(self._latest, events)
        return events

    @property
    def offclock_pending(self) -> bool:
        """An offclock stretch is being timed or is open (watch presence closely)."""
        return self._offclock.pending

    @property
    def offclock_session(self) -> SessionRecord | None:
        """A copy of the open offclock stretch, if any."""
        return self._offclock.open_record

    def observe_clock(
        self, now: datetime, monotonic: float, zone: tzinfo | None = None
    ) -> list[Event]:
        """Read both clocks (and the system zone) and act on what they say, then advance.

        The driver calls this on every tick and before every user action:
        a forward jump is an absence (`clock_jumped`), a backward one moves
        the running session back with the clock, a new zone re-plans the day.
        """
        events: list[Event] = []
        change = self._clock_watch.observe(_utc(now), monotonic)
        if isinstance(change, ForwardJump):
            events += self.clock_jumped(change.now, change.last_awake)
        elif isinstance(change, BackwardJump):
            events += self._set_back(_utc(now), timedelta(seconds=change.seconds))
        if zone is not None and zone_changed(self._zone, zone, _utc(now)):
            events += self._change_zone(zone, now)
        return events + self.advance(now)

    def clock_jumped(self, now: datetime, last_awake: datetime) -> list[Event]:
        """A suspend or forward wall-clock jump: the machine was last awake at `last_awake`.

        An absence like any other (`user_away` from `last_awake`, `user_back`
        at `now`): never focus; a block whose end fell inside it is closed at
        `last_awake` as interrupted; one still running is paused from then.
        """
        now_utc, awake = _utc(now), _utc(last_awake)
        events: list[Event] = []
        if now_utc > awake:
            events.append(ClockJumped((now_utc - awake).total_seconds()))
            events += self.user_away(now, awake)
            events += self.user_back(now)
            return events
        # A backward jump is reported by advance itself (against the engine's own time).
        return events + self.advance(now)

    def user_away(self, now: datetime, since: datetime) -> list[Event]:
        """The user left at `since` (their last input, the screen lock, the start of a sleep).

        Only present time is focus: the running session is paused from
        `since`. One that started after `since` (an automatic buffer, an
        auto-started block) never really ran: closed at its start. One the
        engine already closed after `since` (its end came before anyone knew
        the user was gone) is closed again at `since`. Both as interrupted.
        """
        now_utc = max(_utc(now), self._latest)
        if self._away_since is not None:
            return self.advance(now)
        since_utc = min(_utc(since), now_utc)
        events: list[Event] = []
        if since_utc > self._latest:
            events += self.advance(since_utc)
        old = self.state
        self._away_since = since_utc
        self._interrupted = []
        events += self._backdate_closed(since_utc)
        session = self._session
        if session is not None and self._started_by_user:
            # Whoever started it was there then (a command counts, with no input).
            since_utc = max(since_utc, session.started_at)
            self._away_since = since_utc
        if session is not None and session.started_at > since_utc:
            events += self._close(session.started_at, Outcome.INTERRUPTED)
        elif session is not None and self._paused_since is None:
            self._paused_since = since_utc
            self._away_paused = True
            events.append(self._updated(self._latest))
        self._note_state(old, events)
        paused = self.current_session if self._away_paused else None
        events.append(UserWentAway(self._local(since_utc), paused))
        return events + self.advance(now)

    def user_back(self, now: datetime) -> list[Event]:
        """The user is present again. A session paused by the absence stays paused
        (the user resumes or ends it); `UserReturned` says what happened meanwhile."""
        events = self.advance(now)
        since = self._away_since
        if since is None:
            return events
        paused = self.current_session if self._away_paused else None
        self._away_since = None
        self._away_paused = False
        interrupted, self._interrupted = tuple(self._interrupted), []
        at = max(self._latest, since)
        events.append(UserReturned(self._local(since), self._local(at), paused, interrupted))
        return events

    # ------------------------------------------------------------------ actions

    def start_focus(
        self,
        now: datetime,
        minutes: float | None = None,
        label: str | None = None,
        confirm_breach: bool = False,
    ) -> list[Event]:
        """Start a focus block: by default the next planned focus block's length and label.

        In protected time it only asks (`BreachConfirmationNeeded`) unless
        `confirm_breach`; a confirmed start is logged as a breach.
        """
        events = self.advance(now)
        now = self._latest
        if minutes is not None and not (math.isfinite(minutes) and minutes > 0):
            events.append(ActionRefused("start", _("the block length must be a positive number")))
            return events
        session = self._session
        if session is not None and session.kind is not SessionKind.BUFFER:
            events.append(
                ActionRefused(
                    "start",
                    _("an overtime stretch is already running")
                    if session.kind is SessionKind.OVERTIME
                    else _("a block is already running"),
                )
            )
            return events
        reason = self._protection_reason(now)
        if reason and not confirm_breach:
            events.append(BreachConfirmationNeeded(reason))
            return events
        planned = self._planned_focus(now)
        if minutes is None:
            if planned is not None:
                seconds = (planned[1] - planned[0]).total_seconds()
            else:
                seconds = self._pattern.defaults.focus_minutes * 60.0
        else:
            seconds = minutes * 60.0
        if label is None:
            label = planned[2].label if planned is not None else ""
        old = self.state
        if session is not None:  # a buffer gives way to the new block
            events += self._close(now, Outcome.STOPPED, "focus started")
        record = self._open(
            SessionKind.FOCUS, now, seconds, label, breach=bool(reason), by_user=True
        )
        events.append(SessionOpened(replace(record)))
        # A breach leaves the alarm set: when this block ends the ritual is
        # still to do (the state shows the hard stop again, without ringing).
        hard_stop = self._day.hard_stop
        if reason and hard_stop is not None and now >= hard_stop:
            self._day.record.hard_stop_kept = False
            events.append(DayRecordChanged(replace(self._day.record)))
        self._working = True
        if not reason:
            self._override_boundary(now, Boundary.ON)
        self._reopen_day(now, events)
        self._note_state(old, events)
        return events

    def start_buffer(self, now: datetime, minutes: float | None = None) -> list[Event]:
        """Start a context-switch buffer by hand (default: the pattern's buffer length)."""
        events = self.advance(now)
        now = self._latest
        if minutes is not None and not (math.isfinite(minutes) and minutes > 0):
            events.append(ActionRefused("buffer", _("the buffer length must be a positive number")))
            return events
        if self._session is not None:
            events.append(ActionRefused("buffer", _("a session is already running")))
            return events
        if self._alarm:
            events.append(ActionRefused("buffer", _("the hard stop is ringing")))
            return events
        old = self.state
        length = self._pattern.defaults.buffer_minutes if minutes is None else minutes
        record = self._open(SessionKind.BUFFER, now, length * 60.0, "", by_user=True)
        events.append(SessionOpened(replace(record)))
        self._working = True
        self._reopen_day(now, events)
        self._note_state(old, events)
        return events

    def set_boundary(self, now: datetime, boundary: Boundary) -> list[Event]:
        """ "I'm on" / "I'm off": the user's word holds until the next planned block begins."""
        events = self.advance(now)
        now = self._latest
        if self._session is not None and boundary is Boundary.OFF:
            events.append(ActionRefused("boundary", _("a block is running: stop it first")))
            return events
        if self._alarm:
            events.append(
                ActionRefused("boundary", _("the hard stop is ringing: finish the day or snooze"))
            )
            return events
        self._override_boundary(now, boundary)
        return events

    def pause(self, now: datetime) -> list[Event]:
        """Pause the running session; its remaining time stands still."""
        events = self.advance(now)
        if self._session is None:
            events.append(ActionRefused("pause", _("nothing is running")))
            return events
        if self._paused_since is not None:
            events.append(ActionRefused("pause", _("already paused")))
            return events
        old = self.state
        self._paused_since = self._latest
        events.append(self._updated(self._latest))
        self._note_state(old, events)
        return events

    def resume(self, now: datetime) -> list[Event]:
        """Resume a paused session; its planned end moves by the pause."""
        events = self.advance(now)
        now = self._latest
        if self._session is None or self._paused_since is None:
            events.append(ActionRefused("resume", _("nothing is paused")))
            return events
        old = self.state
        session = self._session
        self._pauses.append((self._paused_since, now))
        session.planned_end += now - self._paused_since
        self._paused_since = None
        self._away_paused = False
        events.append(self._updated(now))
        self._note_state(old, events)
        return events

    def extend(self, now: datetime, minutes: float) -> list[Event]:
        """Lengthen the running session by `minutes`."""
        events = self.advance(now)
        if not (math.isfinite(minutes) and minutes > 0):
            events.append(ActionRefused("extend", _("the extension must be a positive number")))
            return events
        if self._session is None:
            events.append(ActionRefused("extend", _("nothing is running")))
            return events
        self._session.planned_end += timedelta(minutes=minutes)
        self._session.planned_seconds += round(minutes * 60)
        events.append(self._updated(self._latest))
        day = self._day
        stop = day.hard_stop
        if stop is not None and not day.hard_stop_done and self._session.planned_end > stop:
            ends = self._local(self._session.planned_end)
            events.append(ExtendedPastHardStop(ends, self._local(stop)))
        return events

    def stop(self, now: datetime, reason: str = "") -> list[Event]:
        """End the running session early (outcome "stopped", `reason` as its note)."""
        events = self.advance(now)
        if self._session is None:
            events.append(ActionRefused("stop", _("nothing is running")))
            return events
        old = self.state
        events += self._close(self._latest, Outcome.STOPPED, reason)
        if not self._protection_reason(self._latest):
            # Stopping is the user's word too: on (not the plan) until the next block.
            self._override_boundary(self._latest, Boundary.ON)
        self._note_state(old, events)
        return events

    def snooze(self, now: datetime) -> list[Event]:
        """Snooze the ringing hard stop: an overtime stretch of the pattern's snooze length."""
        events = self.advance(now)
        now = self._latest
        if not self._alarm or self._session is not None:
            events.append(ActionRefused("snooze", _("the hard stop is not ringing")))
            return events
        if self._pattern.defaults.strict:
            events.append(ActionRefused("snooze", _("strict mode allows no snooze")))
            return events
        if self.snoozes_left() <= 0:
            events.append(ActionRefused("snooze", _("no snoozes left today")))
            return events
        old = self.state
        self._day.record.snoozes += 1
        self._day.record.hard_stop_kept = False
        minutes = self._pattern.defaults.snooze_minutes
        record = self._open(SessionKind.OVERTIME, now, minutes * 60.0, OVERTIME_LABEL, by_user=True)
        self._session_day_record = self._day.record
        self._alarm = False
        events.append(SessionOpened(replace(record)))
        events.append(SnoozeStarted(replace(record), self.snoozes_left()))
        events.append(DayRecordChanged(replace(self._day.record)))
        self._note_state(old, events)
        return events

    def skip_planned(self, now: datetime, block_start: datetime) -> list[Event]:
        """Skip today's planned focus block starting at `block_start` (aware): a start
        without a length and label no longer takes them from it.
        """
        events = self.advance(now)
        start = _utc(block_start)
        if not any(s == start and b.kind is BlockKind.FOCUS for s, _e, b in self._day.blocks):
            events.append(ActionRefused("skip", _("no such planned focus block today")))
            return events
        self._day.skipped.add(start)
        return events

    def finish_day(
        self,
        now: datetime,
        big_task: str = "",
        checklist_done: tuple[str, ...] | list[str] = (),
        energy: int | None = None,
        relationships: int | None = None,
        deliverables: int | None = None,
        note: str = "",
    ) -> list[Event]:
        """Close the shutdown ritual: record it, stop anything running, state OFF."""
        events = self.advance(now)
        for name, score in (("energy", energy), ("relationships", relationships)):
            if score is not None and not 1 <= score <= 5:
                events.append(
                    ActionRefused(
                        "finish",
                        _("{name} must be 1 to 5, got {score}").format(name=_(name), score=score),
                    )
                )
                return events
        if deliverables is not None and deliverables < 0:
            events.append(ActionRefused("finish", _("deliverables cannot be negative")))
            return events
        old = self.state
        if self._session is not None:
            events += self._close(self._latest, Outcome.STOPPED, "day finished", ring=False)
        record = self._day.record
        record.big_task_tomorrow = big_task
        record.checklist_done = list(checklist_done)
        record.energy = energy
        record.relationships = relationships
        record.deliverables = deliverables
        record.deliverables_note = note
        day = self._day
        if day.hard_stop is not None and not day.hard_stop_done:
            # Closed before the hard stop: kept, and it will not ring (the
            # record says so, which also holds across a restart).
            day.hard_stop_done = True
            record.hard_stop_kept = True
        self._alarm = False
        self._working = False
        day.finished = True
        events.append(DayRecordChanged(replace(record)))
        self._note_state(old, events)
        return events

    def set_calendar(self, calendar: CalendarEvents, now: datetime) -> list[Event]:
        """New calendar events (a file changed or was read again): today's plan follows.

        Nothing else changes; blocks of the new plan that already began are
        not announced late.
        """
        events = self.advance(now)
        now = self._latest
        self._calendar = calendar
        day = self._day
        fresh = self._make_day(day.day, now, day.record)
        day.plan, day.blocks, day.announced = fresh.plan, fresh.blocks, fresh.announced
        return events + self.advance(now)

    def set_pattern(self, pattern: Pattern, now: datetime) -> list[Event]:
        """Switch pattern: today's remaining plan follows; a running block is kept.

        The hard stop still rings exactly once per working day:
        - once it has happened (rung, or judged kept or breached) it stays the
          day's hard stop: it never rings again and still guards the evening;
        - on a day closed early it stays closed;
        - otherwise the new pattern's hard stop is the day's. Ahead, it rings
          then, its warnings re-armed; already passed, it rings now and cuts a
          running block now (the time worked until the switch stays logged),
          unless the old one too had passed before FocusDesk started.
        """
        events = self.advance(now)
        now = self._latest
        old_day = self._day
        self._pattern = pattern
        # The same record object: an open overtime stretch still adds to it.
        record = old_day.record
        new_day = self._make_day(old_day.day, now, record)
        new_day.finished = old_day.finished
        new_day.warnings_done = set(old_day.warnings_done)
        record.pattern_id = pattern.id
        record.protected = new_day.protected
        stop = new_day.hard_stop
        ring_now = False
        if old_day.hard_stop_happened(now):
            new_day.hard_stop = old_day.hard_stop
            new_day.hard_stop_done = True
        elif old_day.finished:
            new_day.hard_stop_done = stop is not None
            record.hard_stop_planned = stop
            if stop is not None and record.hard_stop_kept is None:
                record.hard_stop_kept = True  # closed before it, as finish_day records
        else:
            # Still to come, or passed unseen: done without a verdict means the
            # old stop was past when FocusDesk started. A new stop already past
            # rings now, unless it passed unseen too.
            passed_unseen = old_day.hard_stop_done or (
                stop is not None and stop <= self._started_at
            )
            record.hard_stop_planned = stop
            new_day.hard_stop_done = passed_unseen and stop is not None and stop <= now
            ring_now = stop is not None and stop <= now and not passed_unseen
            if stop != old_day.hard_stop:
                # Warnings belong to the stop they announce; one that is already
                # due is given once, late, with the true minutes left.
                new_day.warnings_done = set()
        old_state = self.state
        self._day = new_day
        # The user's word was given against the old plan (it lapsed at that plan's next
        # block or hard stop); choosing a plan is choosing to follow it.
        self._override = None
        events.append(DayRecordChanged(replace(record)))
        if ring_now:
            self._on_hard_stop(now, now, events)
        elif self._session is None and self._protection_reason(now):
            self._working = False  # the new plan says this is protected time: off
        self._note_state(old_state, events)
        # What else the new plan has due right now (a block starting now) happens now.
        return events + self.advance(now)

    # ------------------------------------------------------------------ internals

    def _observe(self, now: datetime, events: list[Event]) -> datetime:
        now = _utc(now)
        if now < self._latest:
            events.append(ClockJumped((now - self._latest).total_seconds()))
            return self._latest
        return now

    def _local(self, instant: datetime) -> datetime:
        return instant.astimezone(self._zone)

    def _backdate_closed(self, since: datetime) -> list[Event]:
        """Close again at `since` the sessions that ended after it (interrupted)."""
        events: list[Event] = []
        for record in self._recent:
            corrected = interrupted_at(record, since)
            if corrected is not None:
                self._interrupted.append(corrected)
                events.append(SessionCorrected(replace(corrected)))
        self._recent = []
        return events

    def _set_back(self, now: datetime, shift: timedelta) -> list[Event]:
        """The wall clock was set back by `shift`: the running session moves back with
        it, so its remaining time keeps running; the engine's time follows the clock."""
        events: list[Event] = [ClockJumped(-shift.total_seconds())]
        self._started_at -= shift
        if self._away_since is not None:
            self._away_since -= shift
        session = self._session
        if session is not None:
            session.started_at -= shift
            session.planned_end -= shift
            if self._paused_since is not None:
                self._paused_since -= shift
            self._pauses = [(a - shift, b - shift) for a, b in self._pauses]
        self._recent = []
        self._latest = max(now, session.started_at) if session is not None else now
        if session is not None:
            events.append(self._updated(self._latest))
        return events

    def _change_zone(self, zone: tzinfo, now: datetime) -> list[Event]:
        """The system zone changed: today's plan and hard stop move to its local times, once."""
        self._zone = zone
        name = str(getattr(zone, "key", None) or zone)
        return [ZoneChanged(name), *self.set_pattern(self._pattern, now)]

    def _make_day(self, day: date, now: datetime, record: DayRecord | None) -> _Day:
        pattern, zone = self._pattern, self._zone
        start = local_instant(day, self._boundary, zone).astimezone(UTC)
        end = local_instant(day + timedelta(days=1), self._boundary, zone).astimezone(UTC)
        plan = plan_with_calendar(pattern, day, zone, self._calendar, window=(start, end))
        spec = pattern.day(day.weekday())
        hard_stop: datetime | None = None
        if spec.hard_stop is not None and not spec.protected:
            hard_stop = local_instant(day, spec.hard_stop, zone).astimezone(UTC)
            if hard_stop < start:  # "00:30" on a working day means after midnight
                next_day = day + timedelta(days=1)
                hard_stop = local_instant(next_day, spec.hard_stop, zone).astimezone(UTC)
        if record is None:
            record = DayRecord(
                day=day,
                pattern_id=pattern.id,
                hard_stop_planned=hard_stop,
                protected=spec.protected,
            )
        blocks = sorted(
            ((b.start.astimezone(UTC), b.end.astimezone(UTC), b) for b in plan.blocks),
            key=lambda item: (item[0], item[1]),
        )
        announced = sum(1 for start_utc, _end, _block in blocks if start_utc < now)
        return _Day(
            day=day,
            plan=plan,
            start=start,
            end=end,
            hard_stop=hard_stop,
            protected=spec.protected,
            record=record,
            hard_stop_done=record.hard_stop_kept is not None,
            blocks=blocks,
            announced=announced,
        )

    def _next_item(self) -> tuple[datetime, int]:
        day = self._day
        items: list[tuple[datetime, int]] = [(day.end, _ROLLOVER)]
        if self._session is not None and (self._paused_since is None or self._away_paused):
            # Away, the planned end still comes: it closes the block as interrupted.
            items.append((self._session.planned_end, _SESSION_END))
        if day.hard_stop is not None and not day.hard_stop_done and day.hard_stop < day.end:
            items.append((day.hard_stop, _HARD_STOP))
            for mark in self._pending_warnings():
                items.append((day.hard_stop - timedelta(minutes=mark), _WARNING))
        if day.announced < len(day.blocks) and day.blocks[day.announced][0] < day.end:
            items.append((day.blocks[day.announced][0], _ANNOUNCE))
        if self._ritual_at is not None:
            items.append((self._ritual_at, _RITUAL))
        edge = next_boundary_change(day.plan, self._boundary_seen, self._override)
        if edge is not None and edge < day.end:
            items.append((edge, _BOUNDARY))
        offclock = self._offclock.next_deadline()
        if offclock is not None:
            items.append((offclock, _OFFCLOCK))
        return min(items)

    def _pending_warnings(self) -> list[int]:
        """Warning marks (minutes) not yet given today, largest (earliest) first."""
        marks = {m for m in self._pattern.defaults.prestop_warnings if m > 0}
        return sorted(marks - self._day.warnings_done, reverse=True)

    def _handle(self, at: datetime, kind: int, now: datetime, events: list[Event]) -> None:
        old = self.state
        if kind == _SESSION_END:
            self._on_session_end(at, events)
        elif kind == _WARNING:
            self._on_warning(now, events)
        elif kind == _HARD_STOP:
            self._on_hard_stop(at, now, events)
        elif kind == _ANNOUNCE:
            self._on_block_start(at, now, events)
        elif kind == _RITUAL:
            self._ritual_at = None
            if self._alarm:
                events.append(RitualDue())
        elif kind == _BOUNDARY:
            self._boundary_seen = at  # the status re-decides; nothing else to do
        elif kind == _ROLLOVER:
            self._on_rollover(at, events)
        self._note_state(old, events, at)

    def _on_session_end(self, at: datetime, events: list[Event]) -> None:
        assert self._session is not None
        kind = self._session.kind
        closed = self._close(at, Outcome.COMPLETED)
        events += closed
        record = closed[0].record if closed and isinstance(closed[0], SessionClosed) else None
        if record is None:  # pragma: no cover - a session was open: _next_item saw it
            return
        if record.outcome is Outcome.INTERRUPTED:
            return  # ended while the user was away: nothing finished, no buffer
        if kind is SessionKind.FOCUS:
            events.append(BlockFinished(record))
            defaults = self._pattern.defaults
            if (
                defaults.auto_buffer
                and defaults.buffer_minutes > 0
                and not self._protection_reason(at)
            ):
                buffer = self._open(SessionKind.BUFFER, at, defaults.buffer_minutes * 60.0, "")
                events.append(SessionOpened(replace(buffer)))
        elif kind is SessionKind.BUFFER:
            events.append(BufferFinished(record))

    def _on_warning(self, now: datetime, events: list[Event]) -> None:
        day = self._day
        assert day.hard_stop is not None
        pending = self._pending_warnings()
        mark = pending[0]
        day.warnings_done.add(mark)
        # Given late only while it is still the latest warning due: after a
        # suspend, one warning with the true minutes left, never a burst.
        later_due = any(day.hard_stop - timedelta(minutes=m) <= now for m in pending[1:])
        if now >= day.hard_stop or later_due or day.finished or self.state is EngineState.OFF:
            return
        if day.plan.meeting_at(now) is not None:
            return  # nothing pops up over a running meeting but the hard stop itself
        minutes_left = math.ceil((day.hard_stop - now).total_seconds() / 60)
        events.append(PreStopWarning(minutes_left, self._local(day.hard_stop)))

    def _on_hard_stop(self, at: datetime, now: datetime, events: list[Event]) -> None:
        """The hard stop: cut what runs at `at` (the stop itself, or a pattern switch
        that moved the stop into the past) and ring unless the day is closed."""
        day = self._day
        assert day.hard_stop is not None
        day.hard_stop_done = True
        day.warnings_done.update(self._pattern.defaults.prestop_warnings)
        cut: SessionRecord | None = None
        if self._session is not None:
            closed = self._close(at, Outcome.CUT, ring=False)
            events += closed
            cut = closed[0].record if closed and isinstance(closed[0], SessionClosed) else None
        if day.record.hard_stop_kept is None:
            day.record.hard_stop_kept = True
        # A day closed early by its ritual, or slept through entirely, does not ring.
        if not day.finished and now < day.end:
            self._alarm = True
            self._working = False
            meeting_end = self._meeting_run_end(now)
            self._ritual_at = meeting_end
            events.append(
                HardStopReached(
                    self._local(day.hard_stop),
                    cut,
                    self.snoozes_left(),
                    ritual_waits_until=None if meeting_end is None else self._local(meeting_end),
                )
            )
        events.append(DayRecordChanged(replace(day.record)))

    def _on_block_start(self, at: datetime, now: datetime, events: list[Event]) -> None:
        day = self._day
        _start, end, block = day.blocks[day.announced]
        day.announced += 1
        if now >= end:
            return  # the whole block passed while the machine slept
        if block.kind.is_work and (day.finished or self._protection_reason(at)):
            return
        if block.source is BlockSource.MEETING:
            # Never announced (the calendar has its own reminders): the user is on.
            self._working = True
            return
        if block.source is BlockSource.BUFFER:
            self._on_meeting_buffer(at, end, events)
            return
        if day.plan.meeting_at(at) is not None:
            return  # nothing pops up over a running meeting
        auto = (
            block.kind is BlockKind.FOCUS
            and self._pattern.defaults.auto_start
            and self._session is None
            and self._away_since is None
            and now - at <= LATE_TOLERANCE
        )
        events.append(PlannedBlockDue(block, auto))
        if auto:
            record = self._open(SessionKind.FOCUS, at, (end - at).total_seconds(), block.label)
            self._working = True
            events.append(SessionOpened(replace(record)))

    def _on_meeting_buffer(self, at: datetime, end: datetime, events: list[Event]) -> None:
        """The buffer planned after a meeting: it runs by itself unless something else does."""
        defaults = self._pattern.defaults
        if self._session is not None or not defaults.auto_buffer:
            return
        buffer = self._open(SessionKind.BUFFER, at, (end - at).total_seconds(), "")
        self._working = True
        events.append(SessionOpened(replace(buffer)))

    def _meeting_run_end(self, now: datetime) -> datetime | None:
        """When the meeting running at `now`, and any meeting straight after it, ends."""
        meetings = [(s, e) for s, e, b in self._day.blocks if b.source is BlockSource.MEETING]
        running = [end for start, end in meetings if start <= now < end]
        if not running:
            return None
        until = max(running)
        for start, end in meetings:  # by start: a meeting from `until` on continues the run
            if start <= until < end:
                until = end
        return until

    def _on_rollover(self, at: datetime, events: list[Event]) -> None:
        old = self._day
        self._ritual_at = None
        if not old.record.protected:
            self._big_task = old.record.big_task_tomorrow
        self._alarm = False
        self._working = False
        self._override = None
        self._boundary_seen = at
        self._day = self._make_day(old.day + timedelta(days=1), at, None)
        events.append(DayRecordChanged(replace(self._day.record)))

    def _open(
        self,
        kind: SessionKind,
        at: datetime,
        seconds: float,
        label: str,
        *,
        breach: bool = False,
        by_user: bool = False,
    ) -> SessionRecord:
        offset = self._local(at).utcoffset() or timedelta(0)
        record = SessionRecord(
            id=new_session_id(),
            kind=kind,
            label=label,
            pattern_id=self._pattern.id,
            day=working_day(at, self._zone, self._boundary),
            started_at=at,
            planned_end=at + timedelta(seconds=seconds),
            utc_offset_minutes=int(offset.total_seconds() // 60),
            planned_seconds=round(seconds),
            breach=breach,
        )
        self._session = record
        #: Started by the user (a click, a command): they were present then.
        self._started_by_user = by_user
        self._paused_since = None
        self._away_paused = False
        self._pauses = []
        self._earlier_paused = 0
        return record

    def _updated(self, now: datetime) -> SessionUpdated:
        """The open session as the log should hold it at `now`.

        Its heartbeat is the last instant it was worked (now, or when it was
        paused) and its paused seconds are the idle time before then. A crash
        recovery closes it there, and a restore (`open_session`) carries those
        seconds on, so neither counts a pause or a sleep as focus.
        """
        session = self._session
        assert session is not None
        worked_until = self._paused_since if self._paused_since is not None else now
        worked_until = max(worked_until, session.started_at)
        session.heartbeat_at = worked_until
        session.paused_seconds = int(self._idle(session.started_at, worked_until))
        return SessionUpdated(replace(session))

    def _idle(self, start: datetime, end: datetime) -> float:
        """Seconds of the open session's [start, end] that were not work: its
        pauses (those before a restart included), absences, suspends, clock jumps."""
        intervals = list(self._pauses)
        if self._paused_since is not None:
            intervals.append((self._paused_since, end))
        return self._earlier_paused + _idle_seconds(intervals, start, end)

    def _close(
        self, at: datetime, outcome: Outcome, note: str = "", *, ring: bool = True
    ) -> list[Event]:
        """Close the open session at `at`; an overtime stretch adds to the day's overtime.

        With `ring`, a closed overtime stretch brings the alarm back.
        """
        session = self._session
        if session is None:
            return []
        if (
            self._away_paused
            and self._away_since is not None
            and outcome
            in (
                Outcome.COMPLETED,
                Outcome.CUT,
            )
        ):
            # Its end (or the hard stop) came while the user was away: it ended when they left.
            at, outcome = self._away_since, Outcome.INTERRUPTED
        end = max(at, session.started_at)
        wall = (end - session.started_at).total_seconds()
        idle = min(self._idle(session.started_at, end), wall)
        session.ended_at = end
        session.paused_seconds = int(idle)
        session.actual_seconds = max(0, int(wall - idle))
        session.outcome = outcome
        if note:
            session.note = note
        self._session = None
        self._paused_since = None
        self._away_paused = False
        self._pauses = []
        self._earlier_paused = 0
        if self._protection_reason(end):
            # Protected time: once this session is over, the user is not "on".
            self._working = False
        record = replace(session)
        if outcome is Outcome.INTERRUPTED and self._away_since is not None:
            self._interrupted.append(record)
        if session.kind is not SessionKind.OVERTIME:
            self._recent = [*self._recent[-2:], replace(session)]
        events: list[Event] = [SessionClosed(record)]
        if session.kind is SessionKind.OVERTIME:
            day_record = self._session_day_record or self._day.record
            day_record.overtime_seconds += session.actual_seconds
            self._session_day_record = None
            events.append(DayRecordChanged(replace(day_record)))
            if ring:
                events.append(SnoozeEnded(record, self.snoozes_left()))
                if day_record is self._day.record and not self._day.finished:
                    self._alarm = True
        return events

    def _reopen_day(self, now: datetime, events: list[Event]) -> None:
        """Work starts again on a day closed early: its hard stop is due again."""
        day = self._day
        if day.finished and day.hard_stop is not None and now < day.hard_stop:
            day.hard_stop_done = False
            day.record.hard_stop_kept = None
            day.warnings_done = {
                m
                for m in self._pattern.defaults.prestop_warnings
                if day.hard_stop - timedelta(minutes=m) <= now
            }
            events.append(DayRecordChanged(replace(day.record)))
        day.finished = False

    def _protection_reason(self, at: datetime) -> str:
        """Why `at` is protected time, or "" if it is not."""
        day = self._day
        if self._alarm:
            return _("the hard stop is ringing")
        if day.protected:
            return _("today is a protected day")
        if day.hard_stop is not None and at >= day.hard_stop:
            return _("the hard stop has passed")
        return ""

    def _planned_focus(self, now: datetime) -> tuple[datetime, datetime, PlannedBlock] | None:
        """Today's focus block running at `now`, else the next one."""
        for start, end, block in self._day.blocks:
            if block.kind is BlockKind.FOCUS and end > now and start not in self._day.skipped:
                return start, end, block
        return None

    def _override_boundary(self, now: datetime, boundary: Boundary) -> None:
        until = override_until(self._day.plan, now, self._day.end)
        self._override = BoundaryOverride(boundary, now, until)

    def _offclock_step(self, at: datetime, events: list[Event]) -> None:
        """Let the offclock watch look at `at`; its rows and notice become events."""
        situation = OffclockSituation(
            watching=self._offclock_watching,
            away_since=self._away_since,
            protected=self._offclock_reason(at),
            # The ringing hard stop is wrapping up (the ritual), not offclock work.
            block_running=self._session is not None or self._alarm,
            day_start=self._day.start,
        )
        if situation.protected:
            self._note_offclock_watch(events)
        change = self._offclock.observe(at, situation, self._offclock_record)
        if change.closed is not None:
            events.append(SessionClosed(change.closed))
        if change.opened is not None:
            events.append(SessionOpened(change.opened))
        if change.updated is not None:
            events.append(SessionUpdated(change.updated))
        if change.notice and change.opened is not None:
            events.append(OffclockNoticed(change.opened, change.notice))

    def _note_offclock_watch(self, events: list[Event]) -> None:
        """Remember on the day whether its protected time was watched (else the
        review would show an unwatched evening as 0 offclock minutes).

        "Watched" is written at once; "not watched" rides along with the day's
        next write (the ritual's, say): a past day with no
        mark reads as not known anyway.
        """
        record = self._day.record
        if self._offclock_watching:
            if record.offclock_watched is not True:
                record.offclock_watched = True
                events.append(DayRecordChanged(replace(record)))
        elif record.offclock_watched is None:
            record.offclock_watched = False

    def _offclock_reason(self, at: datetime) -> str:
        """Why being at the computer at `at` is offclock ("It's …"), or "" if it is not."""
        day = self._day
        if day.protected:
            return _("a protected day")
        if day.hard_stop is not None and at >= day.hard_stop:
            return _("after your hard stop")
        block = day.plan.block_at(at)
        if block is not None and block.boundary is Boundary.OFF:
            return _("time for {label}").format(label=_(block.label) if block.label else "")
        return ""

    def _offclock_record(self, at: datetime, label: str) -> SessionRecord:
        offset = self._local(at).utcoffset() or timedelta(0)
        return SessionRecord(
            id=new_session_id(),
            kind=SessionKind.OFFCLOCK,
            label=label,
            pattern_id=self._pattern.id,
            day=working_day(at, self._zone, self._boundary),
            started_at=at,
            planned_end=at,
            utc_offset_minutes=int(offset.total_seconds() // 60),
            planned_seconds=0,
            breach=True,
        )

    def _note_state(
        self, old: EngineState, events: list[Event], at: datetime | None = None
    ) -> None:
        """After anything that can change the state (at `at`, default the latest instant)."""
        # A block starting or ending, a hard stop, a planned edge: offclock may start or stop.
        self._offclock_step(self._latest if at is None else at, events)
        new = self.state
        if new is not old:
            events.append(StateChanged(old, new))
