"""The composition root: the only module that wires the engine, the store and the Qt shell.

It builds things and connects them; it holds no rules of its own. The engine
decides, the store records, the shell shows; this module turns engine events
into store writes, notifications, sounds and redraws, and user requests
(tray clicks, the control socket) into engine calls.

Public surface for other engineers:
- `FocusDeskApp.add_status_listener(fn)`: `fn(previous, current)` is called
  with `StatusSnapshot`s on every change of state or label (boundary
  outputs: signal light/board, hooks, state file). The root registers the
  shipped outputs in `_register_boundary_outputs`.
- `FocusDeskApp.dispatch_command(request) -> reply`: one control request
  (a dict, as decoded from the local socket) → a JSON-able reply dict.
- `FocusDeskApp.notify_with_actions(title, body, tag=..., actions={key: (label,
  handler)}, until=..., still_valid=...)`: a notification with buttons; a click
  after its moment is refused politely, never acted on (`core.notifications`).
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QSystemTrayIcon, QWidget

from focusdesk.core.absence_report import return_message
from focusdesk.core.calendar_events import CalendarEvents
from focusdesk.core.clock import Clock, SystemClock
from focusdesk.core.control_protocol import ProtocolError, Request, parse_request
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
    UserReturned,
    UserWentAway,
    ZoneChanged,
)
from focusdesk.core.i18n import _, current_language, pgettext, set_language
from focusdesk.core.notifications import (
    ActionHandler,
    ActionOutcome,
    NotificationActions,
    NotificationDetails,
    Urgency,
)
from focusdesk.core.pattern_loader import PatternCatalog, PatternError
from focusdesk.core.patterns import BlockKind, Boundary, Pattern
from focusdesk.core.plan_history import PatternEvent, PlanHistory
from focusdesk.core.planner import PlannedBlock
from focusdesk.core.ports import Notifier
from focusdesk.core.presence import CameBack, Presence, PresenceTracker, Transition, WentAway
from focusdesk.core.session_engine import SessionEngine, working_day
from focusdesk.core.sessions import SessionKind, SessionRecord
from focusdesk.core.settings import DEFAULT_PATTERN_ID, Settings
from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.core.today_plan import CalendarState, today_json
from focusdesk.core.wording import count, duration_words
from focusdesk.paths import DataPaths
from focusdesk.resources import resource_path
from focusdesk.shell.boundary.boundary_outputs import BoundaryOutputs
from focusdesk.shell.desktop.control_listener import ControlListener, new_control_server
from focusdesk.shell.desktop.do_not_disturb import (
    DoNotDisturb,
    do_not_disturb_for_desktop,
    restore_after_crash,
)
from focusdesk.shell.desktop.instance_lock import ControlError, ensure_private_dir
from focusdesk.shell.desktop.memory_release import MemoryRelease
from focusdesk.shell.desktop.notifier import GatedNotifier, desktop_notifier
from focusdesk.shell.desktop.presence.monitor import PresenceMonitor
from focusdesk.shell.desktop.presence.sources import SourceFactory, presence_sources
from focusdesk.shell.desktop.qt_application import StartupFailed, qt_application
from focusdesk.shell.desktop.qt_translations import install_qt_translations
from focusdesk.shell.desktop.sound import ChildSoundPlayer, Sound, SoundPlayer, sound_player
from focusdesk.shell.desktop.sound_check import probe_system_audio
from focusdesk.shell.desktop.ticker import SleepWatcher, Ticker, TimerFactory, qt_timer_factory
from focusdesk.shell.tray.icons import panel_is_dark, status_icon
from focusdesk.shell.tray.tray import RUNNING_STATES, Tray
from focusdesk.shell.tray.tray_flash import TrayFlash
from focusdesk.store.atomic_write import write_atomically
from focusdesk.store.calendar_reader import CalendarRead, calendar_window, read_calendars_apart
from focusdesk.store.database import LogDatabase, open_database
from focusdesk.store.errors import StorageError
from focusdesk.store.pending_writes import (
    Operation,
    PendingWrites,
    Saved,
    day_op,
    heartbeat_op,
    session_op,
)
from focusdesk.store.plan_history import PatternHistoryLog
from focusdesk.store.private_files import make_private
from focusdesk.store.session_log import SessionLog
from focusdesk.store.settings_store import load_settings, save_settings
from focusdesk.store.told_problems import untold_files

if TYPE_CHECKING:
    # Built on demand: their imports (QtCharts among them) must not slow start-up.
    from focusdesk.shell.desktop.calendar_watcher import CalendarWatcher
    from focusdesk.shell.review.review_window import ReviewWindow
    from focusdesk.shell.ritual.ritual_process import RitualProcess
    from focusdesk.shell.ritual.ritual_protocol import Draft, ShutdownAnswers
    from focusdesk.shell.ritual.shutdown_ritual import ShutdownRitualWindow
    from focusdesk.shell.settings.settings_window import SettingsWindow
    from focusdesk.shell.settings.welcome_window import WelcomeWindow
    from focusdesk.shell.tray.about_dialog import AboutDialog
    from focusdesk.shell.tray.fallback_window import FallbackWindow

__all__ = ["FocusDeskApp", "StartupFailed"]

StatusListener = Callable[[StatusSnapshot | None, StatusSnapshot], None]
#: Asks a yes/no question (title, text) and returns the answer.
Confirmer = Callable[[str, str], bool]
#: Tells the user something that needs no answer (title, text).
Informer = Callable[[str, str], None]

_log = logging.getLogger("focusdesk")


def _action_word(action: str) -> str:
    """The engine's action name as a person reads it ("cannot pause: nothing is running")."""
    words = {
        "start": pgettext("action", "start"),
        "buffer": pgettext("action", "buffer"),
        "pause": pgettext("action", "pause"),
        "resume": pgettext("action", "resume"),
        "extend": pgettext("action", "extend"),
        "stop": pgettext("action", "stop"),
        "snooze": pgettext("action", "snooze"),
        "finish": pgettext("action", "finish"),
    }
    return words.get(action, action)


RECENT_LABELS = 8
#: While running, a write waits this long for another program's lock, then
#: goes to the pending-writes journal: the event loop never stalls for long.
APP_BUSY_TIMEOUT_MS = 200
#: Retrying pending writes: first after this long, doubling up to the maximum.
RETRY_FIRST_MS = 1000
RETRY_MAX_MS = 60_000
#: Notification tags: one notification per thing, each replacing the last about it.
BLOCK_TAG = "block"
DAY_END_TAG = "day-end"
HARD_STOP_CATEGORY = "x-focusdesk.hard-stop"
PRESENCE_TAG = "presence"
#: The one gentle notice of an offclock stretch (SPEC §3a).
OFFCLOCK_TAG = "offclock"
SOUND_TAG = "sound"


def _ask_yes_no(title: str, text: str) -> bool:
    answer = QMessageBox.question(
        None,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def partial_op(make: Callable[[Any], Operation], record: Any) -> Callable[[], Operation]:
    """The operation for `record`, built when it is written (a bad record is refused there)."""
    return lambda: make(record)


class FocusDeskApp:
    """One running FocusDesk: Qt application, store, engine, tray, ticker and windows."""

    def __init__(
        self,
        paths: DataPaths,
        *,
        clock: Clock | None = None,
        timer_factory: TimerFactory | None = None,
        notifier: Notifier | None = None,
        sound: SoundPlayer | ChildSoundPlayer | None = None,
        confirm: Confirmer = _ask_yes_no,
        inform: Informer | None = None,
        watch_sleep: bool = True,
        tray: Tray | None = None,
        welcome: bool = True,
        presence_candidates: Sequence[tuple[str, SourceFactory]] | None = None,
        do_not_disturb: DoNotDisturb | None = None,
        ritual_apart: bool | None = None,
    ) -> None:
        """`tray`: the one `focusdesk.launch` already shows with its "starting" face.
        `welcome`: greet a first run (no settings, no log yet) with the welcome window.
        `presence_candidates`: where presence comes from (default: what this desktop offers).
        `ritual_apart`: show the shutdown ritual in a process of its own (default: on a
        real display, not in a frozen build)."""
        self.paths = paths
        self.qt_app = qt_application()
        if ritual_apart is None:
            ritual_apart = not getattr(sys, "frozen", False) and self.qt_app.platformName() not in (
                "offscreen",
                "minimal",
            )
        #: The ritual in a child process: what drawing it loads goes when it closes.
        self._ritual_apart = ritual_apart
        self.clock: Clock = clock or SystemClock()
        self._timer_factory = timer_factory
        self._confirm = confirm
        self._inform = inform or self._show_message
        #: Open message boxes: Python must hold them, or they vanish before they are seen.
        self._message_boxes: set[QMessageBox] = set()
        self._watch_sleep = watch_sleep
        self._welcome = welcome
        self.welcome_window: WelcomeWindow | None = None
        self.about_dialog: AboutDialog | None = None
        self._presence_candidates = presence_candidates
        self._listeners: list[StatusListener] = []
        self._snapshot: StatusSnapshot | None = None
        self._storage_problem_reported = False
        self.pending: PendingWrites | None = None
        self._retry_ms = RETRY_FIRST_MS
        self._retry_timer: Any = None
        #: Set while handling a request when a write reached neither the log nor the journal.
        self._unsaved: str | None = None

        self.database: LogDatabase | None = None
        self.store: SessionLog | None = None
        self.pattern_history: PatternHistoryLog | None = None
        self.settings = Settings()
        self._language: str | None = None
        self.catalog: PatternCatalog | None = None
        self.engine: SessionEngine | None = None
        self.ticker: Ticker | None = None
        self.sleep_watcher: SleepWatcher | None = None
        self.presence: PresenceMonitor | None = None
        #: The offclock threshold the engine watches with (0: not watched).
        self._offclock_watched = 0
        self.fallback_window: FallbackWindow | None = None
        self.boundary_outputs: BoundaryOutputs | None = None
        self.settings_window: SettingsWindow | None = None
        self.review_window: ReviewWindow | None = None
        self.control_server: ControlListener | None = None
        #: Built only when a calendar file is configured (icalendar is never loaded otherwise).
        self.calendar_watcher: CalendarWatcher | None = None
        #: How each calendar file was last read (settings window, `focusdesk today`).
        self.calendar_states: list[CalendarState] = []
        #: The working day the calendars were last asked for (read again on the next).
        self._calendar_day: date | None = None
        #: The last problem logged per file: a problem is logged once, not at every read.
        self._calendar_problems: dict[str, str] = {}

        self.tray = tray if tray is not None else Tray(icon_provider=self._icon_for)
        #: Built when the day first ends (`ritual_window`): most runs never need it.
        self._ritual_window: ShutdownRitualWindow | RitualProcess | None = None
        #: Where the user left the last ritual window (it is dropped after "Done").
        self._ritual_place: QByteArray | None = None
        #: What each shown notification's buttons do, and until when.
        self.notification_actions = NotificationActions()
        inner = (
            notifier
            if notifier is not None
            else desktop_notifier(self.tray.icon, _log, self.notification_action_invoked)
        )
        self.notifier: Notifier = GatedNotifier(inner, lambda: self.settings.notifications_enabled)
        self.sound = sound or sound_player(
            muted=lambda: self.settings.sound_muted,
            volume_percent=lambda: self.settings.sound_volume,
            choice=self._sound_choice,
            system_audio=probe_system_audio,
        )
        self._do_not_disturb = do_not_disturb
        #: Blinks the tray icon (and the signal light) when the hard stop cannot be heard.
        self.tray_flash = TrayFlash(self.tray.icon, self._tray_face, on_beat=self._dim_light)
        #: The hard stop's (title, body) while its sound's fate is not known yet.
        self._ringing: tuple[str, str] | None = None
        #: Gives freed memory back after start-up, a calendar read or a closed window.
        self.memory = MemoryRelease(self._timer_factory or qt_timer_factory(self.tray.icon))
        self._release_on_close = False

    # ------------------------------------------------------------------ public API

    def add_status_listener(self, listener: StatusListener) -> None:
        """Call `listener(previous, current)` on every change of state or label.

        `previous` is None the first time. A listener that raises is logged and
        never stops the others or the app.
        """
        self._listeners.append(listener)

    def notify_with_actions(
        self,
        title: str,
        body: str,
        *,
        tag: str,
        actions: dict[str, tuple[str, ActionHandler]] | None = None,
        until: datetime | None = None,
        still_valid: Callable[[], str] | None = None,
        default_action: str = "",
        without_buttons: str = "",
        urgency: Urgency = Urgency.NORMAL,
        category: str = "",
        sound_failed: bool = False,
        balloon: bool = True,
    ) -> None:
        """Show a notification about the thing named `tag`, replacing the last one about it.

        `actions` maps a key to (button label, handler(now)); the handler runs
        only if the click comes before `until` and while `still_valid()` returns
        "" (else it returns why the moment has passed, and the click is refused
        with that line). `without_buttons` names where the same choices live,
        for desktops that show no buttons. `default_action` is what a click on
        the notification itself does.
        """
        buttons = self.notification_actions.offer(
            tag, actions or {}, until=until, still_valid=still_valid
        )
        details = NotificationDetails(
            tag=tag,
            urgency=urgency,
            category=category,
            actions=buttons,
            default_action=default_action if buttons else "",
            without_buttons=without_buttons,
            sound_failed=sound_failed,
            balloon=balloon,
        )
        self.notifier.notify(title, body, details)

    def notification_action_invoked(self, tag: str, key: str) -> None:
        """The user clicked `key` on the notification tagged `tag` (the notifier calls this)."""
        result = self.notification_actions.invoke(tag, key, self.clock.now())
        if result.outcome is ActionOutcome.LATE:
            _log.info("refused late notification action %s/%s: %s", tag, key, result.reason)
            self.notify_with_actions(
                _("Too late for “{action}”").format(action=result.label),
                _("Nothing was changed: {reason}.").format(reason=result.reason),
                tag=tag,
                urgency=Urgency.LOW,
            )
        elif result.outcome is ActionOutcome.UNKNOWN:
            _log.info("ignored notification action %s/%s: no longer offered", tag, key)

    @property
    def snapshot(self) -> StatusSnapshot | None:
        """The last published status."""
        return self._snapshot

    def start(self) -> None:
        """Open the store, load settings and patterns, build the engine and show the shell.

        Raises `StartupFailed` (one line) when the log cannot be opened.
        """
        now = self.clock.now()
        first_run = not self.paths.settings_file.exists() and not self.paths.database.exists()
        self._open_store()
        self._replay_pending()
        self._recover(now)
        if self.database is not None:
            try:
                self.database.set_busy_timeout(APP_BUSY_TIMEOUT_MS)
            except StorageError as error:
                _log.warning("cannot shorten the log's busy timeout: %s", error)
        self._load_settings()
        pattern = self._load_pattern()
        self._record_pattern(pattern, PatternEvent.START, now)
        self.engine = self._build_engine(pattern, now)
        self._wire_shell()
        self._register_boundary_outputs()
        self._set_up_do_not_disturb()
        self.ticker = Ticker(
            self.clock,
            on_due=self._on_due,
            on_minute=self._on_minute,
            on_clock_jump=self._on_clock_jump,
            timer_factory=self._timer_factory,
            on_clock_set_back=self._on_clock_set_back,
        )
        candidates = self._presence_candidates
        if candidates is None:
            candidates = presence_sources(self.qt_app.platformName())
        lock_hint = None
        if self._watch_sleep:  # (the system bus: logind)
            from focusdesk.shell.desktop.presence.logind_lock import LogindLock

            lock_hint = LogindLock()
        self.presence = PresenceMonitor(
            candidates,
            PresenceTracker(self.settings.away_after_minutes),
            self.clock,
            self._on_presence,
            timer_factory=self._timer_factory,
            lock_hint=lock_hint,
        )
        self.presence.start()
        if self._watch_sleep:
            self.sleep_watcher = SleepWatcher(self.tray)
            self.sleep_watcher.going_to_sleep.connect(self.ticker.going_to_sleep)
            self.sleep_watcher.resumed.connect(self.ticker.woke_up)
            self.sleep_watcher.watch()
        # The first snapshot gives the icon its face before the tray shows it.
        self._publish(self._status(now))
        self._show_shell()
        if first_run and self._welcome:
            self._show_welcome()
        self._start_control_server()
        self._watch_calendars()
        self.ticker.start()
        self.sound.on_silent = self._sound_went_silent
        self._report_silence_at_startup()
        self._handle(self.engine.advance(self._now()))
        if self.engine.state is EngineState.ALARM and self.engine.ritual_waits_until is None:
            self._present_ritual()
        # What start-up read and built, and every window the user closes, is let go
        # once things settle: the app rests in the tray all day (docs/PERFORMANCE.md).
        self.qt_app.lastWindowClosed.connect(self.memory.soon)
        self._release_on_close = True
        self.memory.soon()

    @property
    def ritual_window(self) -> ShutdownRitualWindow | RitualProcess:
        """The shutdown-ritual window (or its process), built on first use."""
        if self._ritual_window is None:
            window: ShutdownRitualWindow | RitualProcess
            if self._ritual_apart:
                from focusdesk.shell.ritual.ritual_process import RitualProcess

                window = RitualProcess(self._language or None, self.tray.icon)
                window.failed.connect(self._ritual_process_failed)
            else:
                from focusdesk.shell.ritual.shutdown_ritual import ShutdownRitualWindow

                window = ShutdownRitualWindow()
            if self._ritual_place is not None:
                window.restore_place(self._ritual_place)
            window.done.connect(self._finish_day)
            window.snooze_requested.connect(lambda: self._user_action(lambda e, n: e.snooze(n)))
            self._ritual_window = window
        return self._ritual_window

    def _ritual_process_failed(self, reason: str) -> None:
        """The ritual's process is gone before the day was closed: show it here instead."""
        _log.warning("%s; the shutdown ritual is shown in FocusDesk's own process", reason)
        self._ritual_apart = False
        lost = self._ritual_window
        self._ritual_window = None
        draft = None
        if lost is not None:
            self._ritual_place = lost.place() or self._ritual_place
            draft = lost.current_draft() if not isinstance(lost, QWidget) else None
            lost.deleteLater()
        if self.engine is not None and self.engine.state is EngineState.ALARM:
            self._present_ritual(draft=draft)

    def shutdown(self) -> None:
        """Quit cleanly: end a running block as stopped, stop timers, close the log."""
        if self.ticker is not None:
            self.ticker.stop()
        if self.calendar_watcher is not None:
            self.calendar_watcher.stop()
        if self.presence is not None:
            self.presence.close()
        if self.control_server is not None:
            self.control_server.close()
            self.control_server = None
        engine = self.engine
        if engine is not None and engine.state in RUNNING_STATES:
            self._handle(engine.stop(self.clock.now(), "FocusDesk quit"), publish=False)
        if self._retry_timer is not None:
            self._retry_timer.stop()
        self.memory.cancel()
        if self._release_on_close:
            self.qt_app.lastWindowClosed.disconnect(self.memory.soon)
            self._release_on_close = False
        if self.database is not None and self.pending and self.store is not None:
            self.pending.flush(self.store)
            if len(self.pending):
                where = (
                    f"kept in {self.pending.journal} for the next start"
                    if self.pending.all_journaled
                    else "some could not be kept anywhere and are lost"
                )
                _log.error("quitting with %d log writes pending: %s", len(self.pending), where)
        if self.boundary_outputs is not None:
            self.boundary_outputs.shut_down()
        if self._do_not_disturb is not None:
            self._do_not_disturb.release()
        if self._ritual_window is not None and not isinstance(self._ritual_window, QWidget):
            self._ritual_window.end(wait=True)
        self.tray.hide()
        if self.fallback_window is not None:
            self.fallback_window.hide()
        if self.database is not None:
            self.database.close()
            self.database = None

    def dispatch_command(self, request: Request | dict[str, Any]) -> dict[str, Any]:
        """Run one control request; the reply, always a JSON-able dict (never raises).

        `request` is a validated `Request` (the control socket parses every line
        with `core.control_protocol`), or the same thing as a dict.
        Replies: {"ok": true, "status": <StatusSnapshot.to_json()>} or
        {"ok": false, "error": "<one line>"}; a start in protected time without
        confirm_breach also carries "needs_confirmation": true.
        """
        if not isinstance(request, Request):
            try:
                request = parse_request(json.dumps(request).encode())
            except (ProtocolError, TypeError, ValueError) as error:
                return {"ok": False, "error": str(error)}
        action = request.action
        engine = self.engine
        if engine is None:
            return {"ok": False, "error": _("FocusDesk is still starting")}
        now = self._now()
        if action == "status":
            return self._reply_ok(now)
        if action == "show":
            self.show_main_window()
            return self._reply_ok(now)
        if action == "open":
            self.open_window(request.window)
            return self._reply_ok(now)
        if action == "today":
            return {"ok": True, "today": self.today_plan(now)}
        if action == "reload":
            return self._reload()
        if action == "start":
            events = engine.start_focus(
                now,
                minutes=request.minutes,
                label=request.label or None,
                confirm_breach=request.confirm_breach,
            )
        elif action == "stop":
            events = engine.stop(now, request.reason)
        elif action == "pause":
            events = engine.pause(now)
        elif action == "resume":
            events = engine.resume(now)
        elif action == "boundary":
            assert request.state is not None  # the protocol requires it for boundary
            events = engine.set_boundary(now, Boundary(request.state))
        else:  # extend
            assert request.minutes is not None  # the protocol requires it for extend
            events = engine.extend(now, request.minutes)
        self._unsaved = None
        self._handle(events, refusals_to_user=False)
        unsaved, self._unsaved = self._unsaved, None
        for event in events:
            if isinstance(event, BreachConfirmationNeeded) and request.ask_on_screen:
                # Asked after this reply: the command line is not kept waiting on a dialog.
                ask = partial(
                    self._ask_to_breach, event.reason, request.label or None, request.minutes
                )
                QTimer.singleShot(0, self.qt_app, ask)
                return {**self._reply_ok(now), "asked": event.reason}
            if isinstance(event, BreachConfirmationNeeded):
                return {
                    "ok": False,
                    "error": _("{reason}; confirm to start anyway (logged as a breach)").format(
                        reason=event.reason
                    ),
                    "needs_confirmation": True,
                }
            if isinstance(event, ActionRefused):
                return {
                    "ok": False,
                    "error": _("cannot {action}: {reason}").format(
                        action=_action_word(event.action), reason=event.reason
                    ),
                }
        reply = self._reply_ok(now)
        if unsaved is not None:
            reply["unsaved"] = unsaved
        warnings = [e.message for e in events if isinstance(e, ExtendedPastHardStop)]
        if warnings:
            reply["warning"] = "; ".join(warnings)
        return reply

    def _reload(self) -> dict[str, Any]:
        """Read settings and pattern files again (`focusdesk patterns use`, an edited file)."""
        self._load_settings()
        if self.catalog is not None:
            self.catalog.reload()  # a pattern file added since start-up must be known
            if self.settings.pattern_id not in self.catalog:
                self._refresh_menus()
                return {
                    "ok": False,
                    "error": _("the pattern '{id}' is not available").format(
                        id=self.settings.pattern_id
                    ),
                }
        self._apply_settings(self.settings)
        return self._reply_ok(self.clock.now())

    def today_plan(self, now: datetime) -> dict[str, Any]:
        """Today's plan as it will run (`focusdesk today --format json`)."""
        assert self.engine is not None
        return today_json(self.engine.plan, now, self.calendar_states)

    def show_main_window(self) -> None:
        """Bring the app's window forward: the review window, or the no-tray window."""
        if self.fallback_window is not None:
            self.fallback_window.show()
            self.fallback_window.raise_()
            self.fallback_window.activateWindow()
        elif self.engine is not None and self.engine.state is EngineState.ALARM:
            self._present_ritual()
        else:
            self._open_review()

    def open_window(self, window: str) -> None:
        """Show one window by name (`focusdesk open`, the launcher's actions): review, settings, ritual."""
        opener = {
            "review": self._open_review,
            "settings": self._open_settings,
            "ritual": self._present_ritual,
        }[window]
        opener()

    # ------------------------------------------------------------------ start-up

    def _open_store(self) -> None:
        try:
            self.database = open_database(
                self.paths.database, backups_dir=self.paths.backups_dir, migrate_apart=True
            )
        except StorageError as error:
            raise StartupFailed(str(error)) from error
        except OSError as error:
            raise StartupFailed(
                _("Cannot use the data folder {folder}: {reason}.").format(
                    folder=self.paths.data_dir, reason=error.strerror or error
                )
            ) from error
        self.store = SessionLog(self.database)
        self.pending = PendingWrites(self.paths.pending_writes)
        loose = make_private(self.paths.data_dir)
        if loose:
            _log.warning(
                "made private (they were readable by other users): %s",
                ", ".join(str(path) for path in loose),
            )
        self.pattern_history = PatternHistoryLog(self.database)
        if self.database.moved_aside is not None:
            self._say(_("FocusDesk started a new log"), self.database.moved_aside.message)

    def _replay_pending(self) -> None:
        """Writes an earlier run could not make (locked or full disk) go in before anything else."""
        if self.pending is None or self.store is None or not len(self.pending):
            return
        waiting = len(self.pending)
        error = self.pending.flush(self.store)
        if error is None:
            _log.warning("wrote %d log writes kept from the last run", waiting)
        else:
            self._writes_pending(error)

    def _recover(self, now: datetime) -> None:
        assert self.store is not None
        try:
            recovered = self.store.recover_open_sessions(now)
        except StorageError as error:
            raise StartupFailed(str(error)) from error
        if recovered:
            what = ", ".join(r.label or r.kind.value for r in recovered)
            self.notifier.notify(
                _("FocusDesk recovered an unfinished session"),
                _("Closed at its last sign of life: {sessions}.").format(sessions=what),
            )

    def _load_settings(self) -> None:
        settings, problems = load_settings(self.paths.settings_file, self.paths.backups_dir)
        self.settings = settings
        self._use_language(settings.language)
        for problem in problems:
            _log.warning("%s", problem)
        if problems:
            self._say(_("FocusDesk settings"), "\n".join(problems))

    def _use_language(self, language: str) -> None:
        """Switch FocusDesk's words (and Qt's standard buttons) when the setting changed."""
        if language == self._language:
            return
        first = self._language is None
        shown_in = current_language()  # what the tray was labelled in
        self._language = language
        set_language(language)
        app = QCoreApplication.instance()
        if app is not None:
            install_qt_translations(app)
        if first and current_language() == shown_in:
            return
        # The tray menu and the no-tray window relabel at once; a hidden window is
        # dropped and built anew in the new language when it is next opened.
        self.tray.retranslate()
        if self.fallback_window is not None:
            self.fallback_window.retranslate()
        self._refresh_menus()
        if self.about_dialog is not None and not self.about_dialog.isVisible():
            self.about_dialog.deleteLater()
            self.about_dialog = None
        if self.review_window is not None and not self.review_window.isVisible():
            self.review_window.deleteLater()
            self.review_window = None
        ritual = self._ritual_window
        if ritual is not None and not isinstance(ritual, QWidget):
            ritual.set_language(language or None)  # its next process speaks it
            if not ritual.isVisible() and not ritual.ring_running():
                ritual.end()
        elif ritual is not None and not ritual.isVisible() and not ritual.ring_running():
            self._ritual_place = ritual.place() or self._ritual_place
            ritual.deleteLater()
            self._ritual_window = None

    def _load_pattern(self) -> Pattern:
        self.catalog = PatternCatalog(resource_path("patterns"), self.paths.user_patterns_dir)
        self._report_pattern_errors(self.catalog.errors)
        wanted = self.settings.pattern_id
        if wanted in self.catalog:
            return self.catalog.get(wanted)
        fallback = DEFAULT_PATTERN_ID
        self._say(
            _("FocusDesk pattern"),
            _("The pattern '{id}' is not available; using '{fallback}' instead.").format(
                id=wanted, fallback=fallback
            ),
        )
        return self.catalog.get(fallback)

    def _report_pattern_errors(self, errors: Sequence[PatternError]) -> None:
        """Log every broken pattern file; tell the user once per version of each file.

        Settings' pattern tab lists them all, every time it opens.
        """
        for error in errors:
            for line in error.lines():
                _log.warning("%s", line)
        by_path = {Path(error.source): error for error in errors}
        untold = untold_files(self.paths.told_pattern_problems, list(by_path))
        if not untold:
            return
        # File names, not full paths: a long path wraps badly in a message box.
        lines = [
            f"{path.name}: {problem.where()}: {problem.message}"
            for path in untold
            for problem in by_path[path].problems
        ]
        folders = sorted({str(path.parent) for path in untold})
        lines.append("")
        lines.append(_("In {folders}.").format(folders=", ".join(folders)))
        lines.append(_("FocusDesk runs without these files; Settings › Pattern lists them."))
        self._say(_("FocusDesk: a pattern file has a problem"), "\n".join(lines))

    def _build_engine(self, pattern: Pattern, now: datetime) -> SessionEngine:
        assert self.store is not None
        zone = self.clock.local_zone()
        today = working_day(now, zone, self.settings.day_boundary)
        today_record = self._read(lambda s: s.get_day(today), None)
        return SessionEngine(
            self.settings.apply_to(pattern),
            zone,
            now=now,
            day_boundary=self.settings.day_boundary,
            today=today_record,
            big_task=self._carried_big_task(today),
            alarm_pending=self._alarm_pending_for(today),
        )

    def _alarm_pending_for(self, today: date) -> bool:
        """True when today's hard stop rang in a run that ended before its ritual was done."""
        marker = self.paths.alarm_pending
        try:
            day = marker.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return False
        except OSError as error:
            _log.warning("cannot read %s: %s", marker, error)
            return False
        if day == today.isoformat():
            _log.info("the hard stop rang before FocusDesk stopped; the ritual is still to do")
            return True
        self._mark_alarm(None)  # another day's: that day is over
        return False

    def _mark_alarm(self, day: date | None) -> None:
        """Remember (a day) or forget (None) that the alarm waits for its ritual."""
        marker = self.paths.alarm_pending
        try:
            if day is None:
                marker.unlink(missing_ok=True)
            else:
                write_atomically(marker, day.isoformat().encode())
        except OSError as error:
            _log.warning("cannot update %s: %s", marker, error)

    def _carried_big_task(self, today: Any) -> str:
        """Tomorrow's one big task as the last shutdown ritual (within a week) named it."""
        days = self._read(lambda s: s.days_between(today - timedelta(days=7), today), [])
        earlier = [d for d in days if d.day < today and d.big_task_tomorrow]
        return earlier[-1].big_task_tomorrow if earlier else ""

    def _wire_shell(self) -> None:
        tray = self.tray
        tray.start_focus_requested.connect(self._start_focus_from_user)
        tray.pause_requested.connect(lambda: self._user_action(lambda e, n: e.pause(n)))
        tray.boundary_requested.connect(
            lambda on: self._user_action(
                lambda e, n: e.set_boundary(n, Boundary.ON if on else Boundary.OFF)
            )
        )
        tray.resume_requested.connect(lambda: self._user_action(lambda e, n: e.resume(n)))
        tray.extend_requested.connect(
            lambda minutes: self._user_action(lambda e, n: e.extend(n, minutes))
        )
        tray.stop_requested.connect(
            lambda reason: self._user_action(lambda e, n: e.stop(n, reason))
        )
        tray.start_buffer_requested.connect(
            lambda: self._user_action(lambda e, n: e.start_buffer(n))
        )
        tray.shutdown_ritual_requested.connect(self._present_ritual)
        tray.review_requested.connect(self._open_review)
        tray.settings_requested.connect(self._open_settings)
        tray.signal_light_toggled.connect(self._toggle_signal_light)
        tray.signal_board_requested.connect(self._open_signal_board)
        tray.set_signal_light_checked(self.settings.signal_light)
        tray.pattern_chosen.connect(self._switch_pattern)
        tray.about_requested.connect(self._show_about)
        tray.quit_requested.connect(self._quit_from_user)
        self._refresh_menus()

    def _register_boundary_outputs(self) -> None:
        """Where the shipped boundary outputs (signal light/board, hooks, state file) plug in."""
        self.boundary_outputs = BoundaryOutputs.create(
            self.paths,
            self.settings,
            on_hook_failure=lambda message: self.notifier.notify(
                _("FocusDesk hook failed"), message
            ),
            on_light_moved=self._save_signal_light_position,
        )
        self.add_status_listener(self.boundary_outputs.status_changed)

    @property
    def do_not_disturb(self) -> DoNotDisturb:
        """This desktop's way to silence other apps during focus (built on first use)."""
        if self._do_not_disturb is None:
            from focusdesk.shell.desktop.freedesktop_notifier import JeepneyNotificationBus

            self._do_not_disturb = do_not_disturb_for_desktop(
                self.paths.data_dir, JeepneyNotificationBus.open
            )
        return self._do_not_disturb

    def _set_up_do_not_disturb(self) -> None:
        # A banner setting an earlier run left off (it crashed mid-block) comes back first.
        if self._do_not_disturb is None:
            restore_after_crash(self.paths.data_dir)
        self.add_status_listener(self._follow_do_not_disturb)

    def _follow_do_not_disturb(
        self, _previous: StatusSnapshot | None, current: StatusSnapshot
    ) -> None:
        if self.settings.do_not_disturb and current.state is EngineState.FOCUS:
            self.do_not_disturb.engage()
        elif self._do_not_disturb is not None:
            self._do_not_disturb.release()

    def _toggle_signal_light(self, shown: bool) -> None:
        self.settings = replace(self.settings, signal_light=shown)
        if self.boundary_outputs is not None:
            self.boundary_outputs.apply_settings(self.settings)
        try:
            save_settings(self.paths.settings_file, self.settings, self.paths.backups_dir)
        except (OSError, ValueError) as error:
            _log.warning("cannot save the signal light setting: %s", error)

    def _open_signal_board(self) -> None:
        if self.boundary_outputs is not None:
            self.boundary_outputs.open_board()

    def _save_signal_light_position(self, position: str) -> None:
        self.settings = replace(self.settings, signal_light_position=position)
        try:
            save_settings(self.paths.settings_file, self.settings, self.paths.backups_dir)
        except (OSError, ValueError) as error:
            _log.warning("cannot save the signal light's position: %s", error)

    def _show_shell(self) -> None:
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray.show()
            return
        _log.warning("no system tray available: showing the FocusDesk window instead")
        from focusdesk.shell.desktop.launcher import installed_launcher
        from focusdesk.shell.tray.fallback_window import FallbackWindow

        window = FallbackWindow(
            self.tray,
            can_reopen=lambda: installed_launcher() is not None,
            now=self.clock.now,
        )
        self.fallback_window = window
        window.show()

    def _start_control_server(self) -> None:
        """Listen for the command line (`focusdesk start`, `status`, a second launch)."""
        try:
            ensure_private_dir(self.paths.runtime_dir)
            server = new_control_server(self.paths.control_socket, self.dispatch_command, self.tray)
            server.listen()
        except (ControlError, OSError) as error:
            # The tray still works; only the command line cannot reach it.
            self._say(_("FocusDesk command line unavailable"), str(error))
            return
        self.control_server = server

    # ------------------------------------------------------------------ calendars

    def _calendar_paths(self) -> list[Path]:
        """The configured calendar files; a relative name is relative to the settings folder."""
        folder = self.paths.settings_file.parent
        paths = [Path(name).expanduser() for name in self.settings.calendar_files]
        return [p if p.is_absolute() else folder / p for p in paths]

    def _watch_calendars(self) -> None:
        """Follow the configured calendar files (read now, and again on every change)."""
        files = self._calendar_paths()
        watcher = self.calendar_watcher
        if watcher is None:
            if not files:
                return
            from focusdesk.shell.desktop.calendar_watcher import CalendarWatcher

            watcher = CalendarWatcher(self._read_calendars)
            watcher.calendars_read.connect(self._calendars_read)
            self.calendar_watcher = watcher
        elif tuple(files) == watcher.files:
            return
        self._calendar_day = self.engine.plan.day if self.engine is not None else None
        watcher.set_files(files)

    def _read_calendars(self, files: Sequence[Path]) -> list[CalendarRead]:
        """Runs on the watcher's worker thread (the parsing itself in a child process):
        reads, never touches Qt or the engine."""
        now = self.clock.now()
        zone = self.clock.local_zone()
        day = working_day(now, zone, self.settings.day_boundary)
        return read_calendars_apart(files, window=calendar_window(day, zone), zone=zone, now=now)

    def _calendars_read(self, reads: list[CalendarRead] | None) -> None:
        if reads is None or self.engine is None:
            return
        states: list[CalendarState] = []
        seen: dict[str, str] = {}
        for read in reads:
            name = str(read.path)
            if read.problem and self._calendar_problems.get(name) != read.problem:
                _log.warning("%s", read.problem)
            elif not read.problem and self._calendar_problems.get(name):
                _log.info("Calendar %s: read without problems again.", name)
            seen[name] = read.problem
            states.append(
                CalendarState(name, read.read_at, not read.failed, read.summary, read.problem)
            )
        self._calendar_problems = seen
        self.calendar_states = states
        events = CalendarEvents.combine(read.events for read in reads)
        self._handle(self.engine.set_calendar(events, self._now()))
        if self.settings_window is not None:
            self.settings_window.show_calendars(states, self.today_plan(self.clock.now()))
        self.memory.soon()

    # ------------------------------------------------------------------ user requests

    def _start_focus_from_user(self, label: str) -> None:
        engine = self.engine
        if engine is None:
            return
        chosen = label or None
        events = engine.start_focus(self._now(), label=chosen)
        self._handle(events)
        breach = next((e for e in events if isinstance(e, BreachConfirmationNeeded)), None)
        if breach is not None:
            self._ask_to_breach(breach.reason, chosen)

    def _ask_to_breach(self, reason: str, label: str | None, minutes: float | None = None) -> None:
        """Protected time: start the block only if the user says so, logged as a breach."""
        engine = self.engine
        if engine is not None and self._confirm(
            _("Protected time"),
            f"{reason[:1].upper()}{reason[1:]}.\n\n"
            + _("Start a focus block anyway? It will be logged as a boundary breach."),
        ):
            self._handle(
                engine.start_focus(self._now(), minutes=minutes, label=label, confirm_breach=True)
            )

    def _quit_from_user(self) -> None:
        """Quit from the menu: a running block is ended only if the user says so."""
        engine = self.engine
        if engine is not None and engine.state in RUNNING_STATES:
            snapshot = engine.status(self.clock.now())
            what = {EngineState.BUFFER: _("A buffer")}.get(snapshot.state, _("A focus block"))
            if snapshot.overtime:
                what = _("Overtime")
            label = f" ({_(snapshot.label)})" if snapshot.label and not snapshot.overtime else ""
            if not self._confirm(
                _("Quit FocusDesk?"),
                _("{what} is running. Quitting ends it now, logged as stopped.").format(
                    what=what + label
                )
                + "\n\n"
                + _("Quit anyway?"),
            ):
                return
        self.qt_app.quit()

    def _user_action(self, call: Callable[[SessionEngine, datetime], list[Event]]) -> None:
        if self.engine is not None:
            now = self._now()
            self._handle(call(self.engine, now))

    def _finish_day(self, answers: ShutdownAnswers) -> None:
        self._user_action(
            lambda e, n: e.finish_day(
                n,
                big_task=answers.big_task_tomorrow,
                checklist_done=answers.checklist_done,
                energy=answers.energy,
                relationships=answers.relationships,
                deliverables=answers.deliverables,
                note=answers.deliverables_note,
            )
        )
        if self.engine is not None and self.engine.state is not EngineState.ALARM:
            self._mark_alarm(None)
            # The day is closed: the window is not needed before the next hard stop.
            # Dropped on the next turn (not inside its own signal), keeping its place;
            # its window-system resources (≈ 1 MB of backing store) go with it.
            QTimer.singleShot(0, self._drop_ritual_window)

    def _drop_ritual_window(self) -> None:
        window = self._ritual_window
        if window is None or window.isVisible():
            return
        if not isinstance(window, QWidget):
            window.end()  # its process goes, with all it drew; its place is kept
            return
        self._ritual_place = window.place() or self._ritual_place
        self._ritual_window = None
        window.deleteLater()
        self.memory.soon()

    def _switch_pattern(self, pattern_id: str) -> None:
        if self.catalog is None or self.engine is None:
            return
        self.catalog.reload()
        self._report_pattern_errors(self.catalog.errors)
        if pattern_id not in self.catalog:
            self._say(
                _("FocusDesk pattern"),
                _("The pattern '{id}' is not available.").format(id=pattern_id),
            )
            self._refresh_menus()
            return
        pattern = self.catalog.get(pattern_id)
        self.settings = replace(self.settings, pattern_id=pattern_id)
        try:
            save_settings(self.paths.settings_file, self.settings, self.paths.backups_dir)
        except (OSError, ValueError) as error:
            _log.warning("cannot save the chosen pattern: %s", error)
        self._record_pattern(pattern, PatternEvent.SWITCH, self.clock.now())
        self._handle(self.engine.set_pattern(self.settings.apply_to(pattern), self.clock.now()))
        self._refresh_menus()

    def _show_about(self) -> None:
        """Version, where the files are (data folder, log, settings, patterns), the docs."""
        from focusdesk import __version__
        from focusdesk.shell.tray.about_dialog import AboutDialog, local_readme

        if self.about_dialog is None:
            paths = self.paths
            self.about_dialog = AboutDialog(
                __version__,
                [
                    (_("Data folder"), paths.data_dir),
                    (_("Log file"), paths.log_file),
                    (_("Settings"), paths.settings_file),
                    (_("Your patterns"), paths.user_patterns_dir),
                ],
                local_readme(Path(__file__).resolve().parent),
            )
        self.about_dialog.show()
        self.about_dialog.raise_()
        self.about_dialog.activateWindow()

    def _show_welcome(self) -> None:
        """The first run: choose a pattern, see today, learn where the icon is. Once."""
        if self.catalog is None or self.engine is None:
            return
        from focusdesk.shell.settings.welcome_window import WelcomeWindow

        # Saved now, so the welcome is shown once even if it is closed unanswered.
        try:
            save_settings(self.paths.settings_file, self.settings, self.paths.backups_dir)
        except (OSError, ValueError) as error:
            _log.warning("cannot save the settings: %s", error)
        now = self.clock.now()
        zone = self.clock.local_zone()
        snapshot = self.engine.status(now)
        window = WelcomeWindow(
            self.catalog,
            self.settings.pattern_id,
            working_day(now, zone, self.settings.day_boundary),
            zone,
            tray_available=self.fallback_window is None,
            icon=self._icon_for(snapshot),
        )
        window.pattern_chosen.connect(self._switch_pattern)
        self.welcome_window = window
        window.show()
        window.raise_()
        window.activateWindow()

    def _record_pattern(self, pattern: Pattern, event: PatternEvent, now: datetime) -> None:
        """Write the pattern now in force into the history (SPEC §5): today and later follow it.

        At start-up it first freezes what the schema upgrade left pending. A
        failure to write is logged; the day still runs on the new pattern.
        """
        history = self.pattern_history
        if history is None:
            return
        today = working_day(now, self.clock.local_zone(), self.settings.day_boundary)
        catalog = self.catalog
        try:
            if event is PatternEvent.START and catalog is not None:
                history.freeze_pending(lambda pid: catalog.get(pid) if pid in catalog else None)
            history.record(pattern, today, now, event)
        except StorageError as error:
            _log.warning("cannot record the pattern in the history: %s", error)

    def _plan_history(self) -> PlanHistory:
        """The pattern history as the review reads it (empty without a log)."""
        history, catalog = self.pattern_history, self.catalog
        if history is None or catalog is None:
            return PlanHistory()
        return history.history(lambda pid: catalog.get(pid) if pid in catalog else None)

    def _open_review(self) -> None:
        if self.store is None or self.catalog is None:
            return
        from focusdesk.shell.review.review_window import ReviewWindow

        now = self.clock.now()
        zone = self.clock.local_zone()
        today = working_day(now, zone, self.settings.day_boundary)
        window = self.review_window
        if window is None:
            window = ReviewWindow(
                self.store,
                self.catalog,
                zone,
                today,
                active_pattern_id=self.settings.pattern_id,
                day_boundary=self.settings.day_boundary,
                plan_history=self._plan_history,
                state_file=self.paths.data_dir / "review-state.json",
            )
            self.review_window = window
        else:
            window.set_today(today)
            window.set_active_pattern(self.settings.pattern_id)
            window.refresh()
        window.show()
        window.raise_()
        window.activateWindow()

    def _open_settings(self) -> None:
        if self.catalog is None:
            return
        window = self.settings_window
        if window is not None and window.isVisible():
            window.raise_()
            window.activateWindow()
            return
        self.catalog.reload()  # pattern files may have changed on disk
        from focusdesk.shell.desktop.autostart import autostart_for_platform, default_launch_command
        from focusdesk.shell.settings.settings_window import SettingsWindow

        window = SettingsWindow(
            self.settings,
            self.catalog,
            self.paths,
            autostart_for_platform(default_launch_command(self.paths.data_dir)),
            self._apply_settings,
            sound=self.sound,
            do_not_disturb_note=self.do_not_disturb.unavailable_reason(),
        )
        if self.boundary_outputs is not None:
            window.signal_board_requested.connect(self.boundary_outputs.open_board)
        # A pattern saved in the editor is under "Switch pattern" at once.
        window.pattern_saved.connect(lambda _id: self._refresh_menus())
        if self.engine is not None:
            window.show_calendars(self.calendar_states, self.today_plan(self.clock.now()))
        self.settings_window = window
        window.show()

    def _apply_settings(self, settings: Settings) -> None:
        """The settings window saved `settings`: today's plan and outputs follow, no restart."""
        self.settings = settings
        self._use_language(settings.language)
        if self.presence is not None:
            self.presence.set_away_after(settings.away_after_minutes)
        if self._snapshot is not None:
            self._follow_do_not_disturb(None, self._snapshot)
        self.tray.set_signal_light_checked(settings.signal_light)
        if self.boundary_outputs is not None:
            self.boundary_outputs.apply_settings(settings)
        catalog = self.catalog
        if self.engine is not None and catalog is not None and settings.pattern_id in catalog:
            chosen = catalog.get(settings.pattern_id)
            previous = self.engine.pattern.id
            event = PatternEvent.EDIT if previous == chosen.id else PatternEvent.SWITCH
            self._record_pattern(chosen, event, self.clock.now())
            pattern = settings.apply_to(chosen)
            self._handle(self.engine.set_pattern(pattern, self.clock.now()))
        self._watch_calendars()
        self._refresh_menus()

    def _present_ritual(self, *, draft: Draft | None = None) -> None:
        """Show the ritual for today's ring (`draft`: what a lost ritual process held).

        Opened again once the day is closed, it shows what was saved: "Done" then
        saves it again, edited or not, instead of blanks over the answers."""
        engine = self.engine
        if engine is None:
            return
        defaults = engine.pattern.defaults
        snapshot = self._status(self.clock.now())
        if draft is None and snapshot.day_closed:
            from focusdesk.shell.ritual.ritual_protocol import Draft, ShutdownAnswers

            saved = engine.day_record
            draft = Draft(
                ShutdownAnswers(
                    checklist_done=list(saved.checklist_done),
                    big_task_tomorrow=saved.big_task_tomorrow,
                    energy=saved.energy,
                    deliverables=saved.deliverables,
                    deliverables_note=saved.deliverables_note,
                    relationships=saved.relationships,
                ),
                None,
                0.0,
            )
        window = self.ritual_window
        window.prepare(
            hard_stop=snapshot.hard_stop,
            checklist=engine.pattern.checklist,
            snoozes_left=engine.snoozes_left(),
            snooze_minutes=defaults.snooze_minutes,
            strict=defaults.strict,
        )
        if draft is not None:
            window.restore_draft(draft.answers, draft.ring, draft.elapsed)
        window.present()

    # ------------------------------------------------------------------ time

    def _now(self) -> datetime:
        """The wall clock, once the engine has seen what the clocks did since the last look.

        Every tick and every user request passes here: a suspend or a clock set
        forward is an absence, one set back keeps the countdown running, a new
        system zone re-plans the day (the engine's `observe_clock`). A clock
        with no monotonic reading (a test's fake) is taken at its word.
        """
        now = self.clock.now()
        engine = self.engine
        monotonic = getattr(self.clock, "monotonic", None)
        if engine is not None and monotonic is not None:
            events = engine.observe_clock(now, monotonic(), self.clock.local_zone())
            if events:
                self._handle(events)
        if self.presence is not None:
            self.presence.check()
        return now

    def _on_presence(self, transition: Transition) -> None:
        """The presence source says the user left (since their last input) or is back."""
        engine = self.engine
        if engine is None:
            return
        now = self.clock.now()
        if isinstance(transition, WentAway):
            self._handle(engine.user_away(now, transition.since))
        elif isinstance(transition, CameBack):
            self._handle(engine.user_back(now))

    def _on_due(self, now: datetime) -> None:
        if self.engine is not None:
            now = self._now()
            self._handle(self.engine.advance(now))

    def _on_minute(self, now: datetime) -> None:
        engine = self.engine
        if engine is None:
            return
        now = self._now()
        session = engine.current_session
        # No heartbeat while paused: recovery after a crash closes the block at
        # its last heartbeat, so a pause is never counted as focus.
        if session is not None and engine.state is not EngineState.PAUSED:
            self._write(lambda: heartbeat_op(session.id, now))
        self._publish(self._status(now))

    def _on_clock_set_back(self, _now: datetime) -> None:
        """The ticker saw the wall clock move back: the engine looks at both clocks."""
        if self.engine is not None:
            now = self._now()
            self._handle(self.engine.advance(now))

    def _on_clock_jump(self, now: datetime, last_awake: datetime) -> None:
        """A resume from suspend (logind) or the ticker's own clock-gap check."""
        if self.engine is None:
            return
        if getattr(self.clock, "monotonic", None) is not None:
            # The engine's clock watch measures the gap itself from the monotonic clock.
            now = self._now()
            self._handle(self.engine.advance(now))
        else:
            self._handle(self.engine.clock_jumped(now, last_awake))

    # ------------------------------------------------------------------ engine events

    def _handle(
        self, events: Sequence[Event], *, publish: bool = True, refusals_to_user: bool = True
    ) -> None:
        """Turn engine events into store writes, notifications, sounds and windows."""
        for event in events:
            match event:
                case SessionOpened(record=record) | SessionUpdated(record=record):
                    self._write(partial_op(session_op, record))
                case SessionClosed(record=record) | SessionCorrected(record=record):
                    self._write(partial_op(session_op, record))
                case DayRecordChanged(day_record=day):
                    self._write(partial_op(day_op, day))
                case BlockFinished(record=record):
                    self.sound.play(Sound.BLOCK_END)
                    buffer_follows = any(
                        isinstance(e, SessionOpened) and e.record.kind is SessionKind.BUFFER
                        for e in events
                    )
                    after = _("Time for a short buffer.") if buffer_follows else _("Well done.")
                    self.notify_with_actions(
                        _("Focus block done"),
                        f"{_(record.label or 'Focus')}: {duration_words(record.actual_seconds)}. {after}",
                        tag=BLOCK_TAG,
                    )
                case BufferFinished():
                    self.sound.play(Sound.BLOCK_END)
                    self.notify_with_actions(
                        _("Buffer over"),
                        _("Ready for what comes next."),
                        tag=BLOCK_TAG,
                        urgency=Urgency.LOW,
                    )
                case PlannedBlockDue(block=block, auto_started=auto):
                    self._announce_planned_block(block, auto)
                case PreStopWarning(minutes_left=minutes, hard_stop=hard_stop):
                    self.notify_with_actions(
                        _("Hard stop in {minutes} min").format(minutes=minutes),
                        _("Start wrapping up: the day ends at {time}.").format(
                            time=f"{hard_stop:%H:%M}"
                        ),
                        tag=DAY_END_TAG,
                        actions={"wrap-up": (_("Wrap up"), lambda _now: self._present_ritual())},
                        until=hard_stop,
                        still_valid=self._day_still_open,
                        default_action="wrap-up",
                    )
                case HardStopReached(hard_stop=hard_stop, ritual_waits_until=meeting_end):
                    if self.engine is not None:
                        self._mark_alarm(self.engine.day_record.day)
                    self._ring_hard_stop(
                        _("Hard stop — time to close the day"),
                        _("The day ends at {time}. Close your open loops and stop.").format(
                            time=f"{hard_stop:%H:%M}"
                        ),
                    )
                    # No window over a running meeting: RitualDue comes at its end.
                    if meeting_end is None:
                        self._present_ritual()
                case RitualDue():
                    self._present_ritual()
                case SnoozeStarted(record=record, snoozes_left=left):
                    if self._ritual_window is not None:
                        self._ritual_window.hide()
                    self.notify_with_actions(
                        _("Hard stop snoozed"),
                        _("{duration} of overtime ({snoozes} left).").format(
                            duration=duration_words(record.planned_seconds),
                            snoozes=count(left, "snooze", "snoozes"),
                        ),
                        tag=DAY_END_TAG,
                    )
                case SnoozeEnded():
                    self._ring_hard_stop(_("Overtime is over"), _("Time to close the day."))
                    self._present_ritual()
                case ActionRefused(action=action, reason=reason):
                    _log.info("refused %s: %s", action, reason)
                    if refusals_to_user:
                        self.notify_with_actions(
                            "FocusDesk",
                            _("Cannot {action}: {reason}.").format(
                                action=_action_word(action), reason=reason
                            ),
                            tag="refusal",
                        )
                case ExtendedPastHardStop() as extended:
                    if refusals_to_user:  # the command line prints it instead
                        self.notify_with_actions(
                            _("Extended past the hard stop"),
                            extended.message[:1].upper() + extended.message[1:] + ".",
                            tag=DAY_END_TAG,
                        )
                case ClockJumped(gap_seconds=gap):
                    _log.info("clock jumped by %+.0f s", gap)
                case UserWentAway(since=since):
                    _log.info("away since %s", f"{since:%H:%M:%S}")
                case UserReturned() as returned:
                    _log.info("back after %.0f s away", returned.away_seconds)
                    message = return_message(returned)
                    if message is not None:
                        self._welcome_back(*message, paused=returned.paused)
                case ZoneChanged(zone_name=zone):
                    _log.info("the time zone is now %s: today's plan follows it", zone)
                case OffclockNoticed(record=record, reason=reason):
                    _log.info("offclock since %s: %s", f"{record.local_start:%H:%M}", reason)
                    self._notice_offclock(record, reason)
                case _:
                    pass
        engine = self.engine
        if engine is None:
            return
        if any(isinstance(e, SessionOpened) for e in events):
            self._refresh_menus()
        watcher = self.calendar_watcher
        if watcher is not None and engine.plan.day != self._calendar_day:
            self._calendar_day = (
                engine.plan.day
            )  # a new day: read its meetings (and the next days')
            watcher.refresh()
        ritual = self._ritual_window
        if engine.state is not EngineState.ALARM and ritual is not None and ritual.isVisible():
            ritual.hide()
        if publish:
            now = self.clock.now()
            offclock = self._offclock_minutes()
            if offclock != self._offclock_watched:
                # Presence became known (or unknown), or the setting changed.
                self._offclock_watched = offclock
                self._handle(engine.watch_offclock(now, offclock))
                return
            self._publish(self._status(now))
            block_running = engine.state in (EngineState.FOCUS, EngineState.BUFFER)
            if self.ticker is not None:
                self.ticker.arm(engine.next_deadline(), block_running)
            if self.presence is not None:
                # Between ticks presence matters while a block runs, the user is away,
                # or an offclock stretch is being timed.
                self.presence.set_watching(
                    block_running or engine.away_since is not None or engine.offclock_pending
                )

    def _offclock_minutes(self) -> int:
        """The offclock threshold to watch with: 0 unless presence can tell a user at the
        computer from a machine left running (a source answers, away detection is on)."""
        presence = self.presence
        if (
            presence is None
            or presence.presence is Presence.UNKNOWN
            or self.settings.away_after_minutes <= 0
        ):
            return 0
        return max(0, self.settings.offclock_after_minutes)

    def _notice_offclock(self, record: SessionRecord, reason: str) -> None:
        """Once a stretch: gently, with a way to own it as a (breach) block."""
        stretch = record.id

        def still_at_it() -> str:
            engine = self.engine
            current = engine.offclock_session if engine is not None else None
            if current is not None and current.id == stretch:
                return ""
            return _("that stretch is over")

        self.notify_with_actions(
            _("Still at the computer?"),
            _("It's {reason} — {time} at the computer so far.").format(
                reason=reason, time=duration_words(record.actual_seconds)
            ),
            tag=OFFCLOCK_TAG,
            category="presence",
            urgency=Urgency.LOW,
            actions={
                "breach": (
                    _("Log a breach block"),
                    lambda _now: self._user_action(
                        lambda e, n: e.start_focus(n, confirm_breach=True)
                    ),
                ),
                "dismiss": (_("Dismiss"), lambda _now: None),
            },
            still_valid=still_at_it,
            without_buttons=_("If you are working, start a block from the tray: it is logged."),
        )

    def _announce_planned_block(self, block: PlannedBlock, auto_started: bool) -> None:
        title = _("Planned: {label}").format(label=_(block.label))
        times = f"{block.start:%H:%M}–{block.end:%H:%M}"
        kind = block.kind.display_name
        starts_now = _("{kind} block starts now ({times}).").format(kind=kind, times=times)
        if auto_started or block.kind is not BlockKind.FOCUS:
            text = (
                _("{kind} block started ({times}).").format(kind=kind, times=times)
                if auto_started
                else starts_now
            )
            self.notify_with_actions(title, text, tag=BLOCK_TAG)
            return
        label = block.label

        def start(now: datetime) -> None:
            self._start_focus_from_user(label)

        def skip(now: datetime) -> None:
            self._user_action(lambda e, n: e.skip_planned(n, block.start))

        self.notify_with_actions(
            title,
            starts_now,
            tag=BLOCK_TAG,
            actions={"start": (_("Start now"), start), "skip": (_("Skip"), skip)},
            until=block.end,
            still_valid=self._no_block_running,
            default_action="start",
            without_buttons=_("Left-click the tray icon to start it."),
        )

    def _welcome_back(self, title: str, body: str, paused: SessionRecord | None) -> None:
        """The "you were away" notification; with Resume / End while the block waits paused."""
        if paused is None:
            self.notify_with_actions(title, body, tag=PRESENCE_TAG, category="presence")
            return
        paused_id = paused.id

        def still_paused() -> str:
            engine = self.engine
            session = engine.current_session if engine is not None else None
            if engine is None or engine.state is not EngineState.PAUSED or session is None:
                return _("it is no longer paused")
            return "" if session.id == paused_id else _("another block is paused now")

        self.notify_with_actions(
            title,
            body,
            tag=PRESENCE_TAG,
            category="presence",
            actions={
                "resume": (_("Resume"), lambda _now: self._user_action(lambda e, n: e.resume(n))),
                "end": (
                    _("End block"),
                    lambda _now: self._user_action(lambda e, n: e.stop(n, "ended after a break")),
                ),
            },
            still_valid=still_paused,
            default_action="resume",
            without_buttons=_("Resume or stop it from the tray menu."),
        )

    def _ring_hard_stop(self, title: str, body: str) -> None:
        """The hard stop's sound and notification: critical, with the ritual and (if allowed)
        a snooze. When the sound cannot be heard, the notification says so and the tray
        icon blinks instead (a muted FocusDesk is the user's choice, not a failure). A
        player in a child process learns that later: `_sound_went_silent` says it then.
        """
        self._ringing = None
        played = self.sound.play(Sound.HARD_STOP)
        problem = ""
        if not self.sound.muted:
            problem = self.sound.problem if not played else self.sound.system_problem()
        self._show_hard_stop(title, body, problem)
        if not problem:
            self._ringing = (title, body)

    def _sound_went_silent(self, sound: Sound, problem: str) -> None:
        ringing, self._ringing = self._ringing, None
        engine = self.engine
        if sound is not Sound.HARD_STOP or ringing is None or engine is None:
            return
        if engine.state is EngineState.ALARM:
            self._show_hard_stop(*ringing, problem)  # replaces the one just shown

    def _show_hard_stop(self, title: str, body: str, problem: str) -> None:
        engine = self.engine
        if engine is None:
            return
        if problem:
            body = body + "\n" + _("No sound: {problem}.").format(problem=problem)
            self.tray_flash.start()
        defaults = engine.pattern.defaults
        actions: dict[str, tuple[str, ActionHandler]] = {
            "ritual": (_("Open ritual"), lambda _now: self._present_ritual())
        }
        if not defaults.strict and engine.snoozes_left() > 0:
            actions["snooze"] = (
                _("Snooze {minutes} min").format(minutes=defaults.snooze_minutes),
                lambda _now: self._user_action(lambda e, n: e.snooze(n)),
            )
        self.notify_with_actions(
            title,
            body,
            tag=DAY_END_TAG,
            actions=actions,
            still_valid=self._alarm_ringing,
            default_action="ritual",
            without_buttons=_("The shutdown-ritual window is open."),
            urgency=Urgency.CRITICAL,
            category=HARD_STOP_CATEGORY,
            sound_failed=bool(problem),
        )

    def _dim_light(self, off: bool) -> None:
        """The signal light, when shown, blinks along with the tray icon."""
        outputs = self.boundary_outputs
        if outputs is not None and outputs.light is not None:
            outputs.light.set_dimmed(off)

    def _tray_face(self) -> Any:
        snapshot = self.tray.snapshot
        return self.tray.icon.icon() if snapshot is None else self._icon_for(snapshot)

    def _sound_choice(self, sound: Sound) -> str:
        if sound is Sound.HARD_STOP:
            return self.settings.sound_hard_stop
        return self.settings.sound_block_end

    def _report_silence_at_startup(self) -> None:
        """Say once, at start-up, when the system would keep the hard stop from being heard."""
        if self.settings.sound_muted:
            return
        problem = self.sound.system_problem()
        if problem:
            self.notify_with_actions(
                _("FocusDesk cannot play sounds"),
                _(
                    "{problem}. At the hard stop the notification and the shutdown-ritual "
                    "window still show, and the tray icon blinks."
                ).format(problem=problem[:1].upper() + problem[1:]),
                tag=SOUND_TAG,
                urgency=Urgency.LOW,
                balloon=False,  # the settings show it too; not worth the tray's tooltip
            )

    def _no_block_running(self) -> str:
        engine = self.engine
        if engine is not None and engine.state in (EngineState.FOCUS, EngineState.PAUSED):
            return _("a block is already running")
        return ""

    def _day_still_open(self) -> str:
        engine = self.engine
        if engine is None or engine.state in (EngineState.ALARM, EngineState.OFF):
            return _("the hard stop has already come")
        return ""

    def _alarm_ringing(self) -> str:
        engine = self.engine
        if engine is None or engine.state is not EngineState.ALARM:
            return _("the hard stop is no longer ringing")
        return ""

    def _publish(self, snapshot: StatusSnapshot) -> None:
        previous, self._snapshot = self._snapshot, snapshot
        self.tray.update_status(snapshot)
        if self.fallback_window is not None:
            self.fallback_window.update_status(snapshot)
        # Listeners hear what changes the signal: state, label, or a moved end (extend).
        if previous is not None and (previous.state, previous.label, previous.ends_at) == (
            snapshot.state,
            snapshot.label,
            snapshot.ends_at,
        ):
            return
        for listener in list(self._listeners):
            try:
                listener(previous, snapshot)
            except Exception:
                _log.exception("a status listener failed")

    def _reply_ok(self, now: datetime) -> dict[str, Any]:
        assert self.engine is not None
        return {"ok": True, "status": self._status(now).to_json()}

    def _status(self, now: datetime) -> StatusSnapshot:
        """The engine's status with what the presence source says."""
        assert self.engine is not None
        snapshot = self.engine.status(now)
        if self.presence is None:
            return snapshot
        return replace(
            snapshot,
            presence=self.presence.presence,
            presence_source=self.presence.source_name,
        )

    # ------------------------------------------------------------------ helpers

    def _icon_for(self, snapshot: StatusSnapshot) -> Any:
        return status_icon(snapshot, dark_panel=panel_is_dark(self.qt_app))

    def _refresh_menus(self) -> None:
        engine = self.engine
        if engine is None or self.catalog is None:
            return
        self.catalog.reload()  # a pattern saved or dropped in since start-up shows in the menu
        labels: list[str] = []
        status = self._status(self.clock.now())
        if status.big_task:
            labels.append(status.big_task)
        labels += [b.label for b in engine.plan.focus_blocks]
        labels += self._read(lambda s: s.recent_labels(RECENT_LABELS), [])
        self.tray.set_label_choices(labels)
        self.tray.set_patterns(
            [(p.id, p.display_name) for p in self.catalog.patterns()], engine.pattern.id
        )

    def _write(self, make: Callable[[], Operation]) -> None:
        """A log write that is never lost: written now, or kept (journal) and retried.

        A failure puts the tray in its warning state and tells the user once;
        a request whose write reached neither the log nor the journal says so
        in its reply (`unsaved`).
        """
        if self.store is None or self.pending is None:
            return
        try:
            result = self.pending.submit(make(), self.store)
        except (LookupError, ValueError) as error:
            _log.error("log write refused: %s", error)
            return
        if result.error is None:
            if not len(self.pending):
                self._writes_saved()
            return
        if result.saved is Saved.IN_MEMORY:
            self._unsaved = _("not saved yet ({error}); FocusDesk keeps it and retries").format(
                error=result.error
            )
        self._writes_pending(result.error)

    def _writes_pending(self, error: StorageError) -> None:
        """Some writes wait: warning state, one notification, a retry on its way."""
        _log.error("log write failed, kept to retry: %s", error)
        if not self._storage_problem_reported:
            self._storage_problem_reported = True
            self.notifier.notify(
                _("FocusDesk cannot write its log"),
                _(
                    "{error} Nothing is lost: FocusDesk keeps what it could not write "
                    "and tries again."
                ).format(error=error),
            )
        self.tray.set_warning(_("Log not saved yet: {error}").format(error=error))
        self._schedule_retry()

    def _writes_saved(self) -> None:
        if not self._storage_problem_reported:
            return
        self._storage_problem_reported = False
        self._retry_ms = RETRY_FIRST_MS
        if self._retry_timer is not None:
            self._retry_timer.stop()
        self.tray.set_warning(None)
        _log.warning("the log is written again; nothing is pending")

    def _schedule_retry(self) -> None:
        if self._retry_timer is None:
            factory = self._timer_factory or qt_timer_factory(self.tray)
            self._retry_timer = factory(self._retry_pending)
        self._retry_timer.start(self._retry_ms)
        self._retry_ms = min(self._retry_ms * 2, RETRY_MAX_MS)

    def _retry_pending(self) -> None:
        if self.store is None or self.pending is None:
            return
        error = self.pending.flush(self.store)
        if error is None:
            self._writes_saved()
        else:
            _log.info("log still not writable (%d writes pending): %s", len(self.pending), error)
            self.tray.set_warning(_("Log not saved yet: {error}").format(error=error))
            self._schedule_retry()

    def _read(self, query: Callable[[SessionLog], Any], default: Any) -> Any:
        if self.store is None:
            return default
        try:
            return query(self.store)
        except StorageError as error:
            _log.error("log read failed: %s", error)
            return default

    def _show_message(self, title: str, text: str) -> None:
        # Not modal: the app keeps running (and the tray keeps answering) while it shows.
        box = QMessageBox(QMessageBox.Icon.Warning, title, text)
        box.setModal(False)
        box.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        self._message_boxes.add(box)
        box.finished.connect(lambda _result: self._message_boxes.discard(box))
        box.show()
        box.raise_()

    def _say(self, title: str, text: str) -> None:
        _log.warning("%s: %s", title, text)
        self._inform(title, text)
