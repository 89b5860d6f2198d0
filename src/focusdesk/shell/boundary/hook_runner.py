"""Running the user's hooks on boundary changes, without ever blocking the UI (SPEC §4).

Each hook is started with QProcess as a program plus an argument list — no
shell ever sees the user's text (the contract is in `core.hook_command`).
Everything is asynchronous on the Qt event loop: starting, waiting, the
timeout, reading output. Runs of one hook are queued (so a lamp sees its
changes in order); different hooks run side by side. A hook that outlives
`timeout_seconds` is killed with its whole process group (a shell script's
`sleep` dies with it).

A failure — not found, not startable, non-zero exit, killed by a signal, timed
out — is logged every time and reported once through `on_failure` (the app
turns it into one notification); the hook is reported again only after it has
worked in between.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from focusdesk.core.hook_command import (
    HookCall,
    HookConfigError,
    build_hook_call,
    calls_hooks,
    describe_hook,
)
from focusdesk.core.status import EngineState, StatusSnapshot

Hook = tuple[str, ...]
FailureReporter = Callable[[str], None]

#: Runs of one hook waiting behind a running one; older ones are dropped beyond this.
MAX_QUEUED_PER_HOOK = 8
#: What is kept of a hook's output for the log.
_OUTPUT_TAIL_BYTES = 2000


@dataclass(frozen=True, slots=True)
class HookOutcome:
    """How one run of one hook ended."""

    hook: Hook
    call: HookCall
    #: "" when it worked; else a short phrase: "exited with status 3", "timed out after 10 s".
    problem: str = ""
    output: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


@dataclass
class _Run:
    serial: int
    hook: Hook
    call: HookCall
    process: QProcess
    timer: QTimer
    output: bytearray = field(default_factory=bytearray)
    timed_out: bool = False


class HookRunner(QObject):
    """Runs the configured hooks for each status change that hooks hear about."""

    #: Emitted with a `HookOutcome` whenever a run ends (also after a failure).
    hook_finished = Signal(object)

    def __init__(
        self,
        hooks: Sequence[Sequence[str]] = (),
        timeout_seconds: float = 10,
        *,
        on_failure: FailureReporter | None = None,
        extra_environment: Mapping[str, str] | None = None,
        log: logging.Logger | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._hooks: tuple[Hook, ...] = ()
        self._timeout_ms = 0
        self._on_failure = on_failure
        self._extra_environment = dict(extra_environment or {})
        self._log = log or logging.getLogger("focusdesk.hooks")
        self._queues: dict[Hook, deque[HookCall]] = {}
        self._running: dict[Hook, _Run] = {}
        self._reported: set[Hook] = set()
        self._serial = 0
        self._retired: list[QProcess] = []
        self.configure(hooks, timeout_seconds)

    # --- configuration -------------------------------------------------------

    def configure(self, hooks: Sequence[Sequence[str]], timeout_seconds: float) -> None:
        """Use new hooks and timeout (settings changed); runs under way finish on their own."""
        if timeout_seconds <= 0:
            raise ValueError(f"hook timeout must be positive, got {timeout_seconds}")
        self._hooks = tuple(tuple(hook) for hook in hooks)
        self._timeout_ms = round(timeout_seconds * 1000)
        for gone in set(self._queues) - set(self._hooks):
            del self._queues[gone]
        self._reported &= set(self._hooks)

    @property
    def hooks(self) -> tuple[Hook, ...]:
        return self._hooks

    def is_idle(self) -> bool:
        """True when no hook is running or waiting."""
        return not self._running and not any(self._queues.values())

    # --- the status listener -------------------------------------------------

    def status_changed(self, previous: StatusSnapshot | None, current: StatusSnapshot) -> None:
        """Queue every hook for this change, if it is one hooks hear about. Returns at once."""
        self._retired.clear()
        if not self._hooks or not calls_hooks(previous, current):
            return
        for hook in self._hooks:
            try:
                call = build_hook_call(hook, previous, current)
            except HookConfigError as error:
                self._fail_without_run(hook, str(error))
                continue
            queue = self._queues.setdefault(hook, deque())
            if len(queue) >= MAX_QUEUED_PER_HOOK:
                queue.popleft()
                self._log.warning(
                    "hook %s is falling behind; an older change was skipped", describe_hook(hook)
                )
            queue.append(call)
            self._start_next(hook)

    def run_detached_final(self, last: StatusSnapshot | None) -> None:
        """On quit: tell every hook the boundary is now off, without waiting for them.

        The hooks outlive FocusDesk here, so the lamp goes off after the app
        has gone; no timeout applies to these runs.
        """
        if last is None or last.state is EngineState.OFF:
            return
        off = StatusSnapshot(state=EngineState.OFF, pattern_id=last.pattern_id)
        for hook in self._hooks:
            try:
                call = build_hook_call(hook, last, off)
            except HookConfigError:
                continue
            process = self._new_process(call)
            result = process.startDetached()  # (ok, pid) per the stubs; some builds: ok
            started = result[0] if isinstance(result, tuple) else bool(result)
            if not started:
                self._log.warning("hook %s could not be started on quit", describe_hook(hook))

    def stop_all(self) -> None:
        """Kill running hooks and forget queued ones (on quit)."""
        for queue in self._queues.values():
            queue.clear()
        for run in list(self._running.values()):
            run.timer.stop()
            self._kill_group(run.process)
            run.process.waitForFinished(1000)
        self._retired.clear()

    # --- running ---------------------------------------------------------------

    def _new_process(self, call: HookCall) -> QProcess:
        # No Qt parent: the runner holds it, and lets it go outside its own signals.
        process = QProcess()
        process.setProgram(str(Path(call.program).expanduser()))
        process.setArguments(list(call.arguments))
        environment = QProcessEnvironment.systemEnvironment()
        for name, value in {**self._extra_environment, **call.environment}.items():
            environment.insert(name, value)
        process.setProcessEnvironment(environment)
        process.setStandardInputFile(QProcess.nullDevice())
        process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        if hasattr(process, "setUnixProcessParameters"):
            # Its own session and process group, so a timeout kills the hook's children too.
            flags = (
                QProcess.UnixProcessFlag.CreateNewSession
                | QProcess.UnixProcessFlag.ResetSignalHandlers
                | QProcess.UnixProcessFlag.IgnoreSigPipe
            )
            process.setUnixProcessParameters(flags)
        return process

    def _start_next(self, hook: Hook) -> None:
        queue = self._queues.get(hook)
        if hook in self._running or not queue:
            return
        call = queue.popleft()
        process = self._new_process(call)
        timer = QTimer(process)  # goes with its process
        timer.setSingleShot(True)
        timer.setInterval(self._timeout_ms)
        self._serial += 1
        run = _Run(serial=self._serial, hook=hook, call=call, process=process, timer=timer)
        self._running[hook] = run
        # The slots capture plain values, never the run or its Qt objects: no
        # Python reference cycle keeps a deleted QProcess's wrapper alive.
        serial = run.serial
        timer.timeout.connect(partial(self._time_out, hook, serial))
        process.readyReadStandardOutput.connect(partial(self._read_output, hook, serial))
        process.finished.connect(partial(self._finished, hook, serial))
        process.errorOccurred.connect(partial(self._error, hook, serial))
        self._log.debug("running hook %s", list(call.argv))
        process.start()
        if process.state() is not QProcess.ProcessState.NotRunning:
            timer.start()

    def _current(self, hook: Hook, serial: int) -> _Run | None:
        """The run a late signal belongs to, if it is still the running one."""
        run = self._running.get(hook)
        return run if run is not None and run.serial == serial else None

    def _read_output(self, hook: Hook, serial: int) -> None:
        if run := self._current(hook, serial):
            run.output += run.process.readAllStandardOutput().data()
            del run.output[:-_OUTPUT_TAIL_BYTES]

    def _time_out(self, hook: Hook, serial: int) -> None:
        if run := self._current(hook, serial):
            run.timed_out = True
            self._kill_group(run.process)

    def _kill_group(self, process: QProcess) -> None:
        pid = process.processId()
        if pid > 0 and hasattr(os, "killpg"):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        process.kill()

    def _error(self, hook: Hook, serial: int, error: QProcess.ProcessError) -> None:
        # Only a failed start ends a run here; crashes and kills also emit `finished`.
        run = self._current(hook, serial)
        if run is None or error is not QProcess.ProcessError.FailedToStart:
            return
        if _program_exists(run.process.program()):
            self._end(run, f"could not be started ({run.process.errorString()})")
        else:
            self._end(run, "was not found")

    def _finished(
        self, hook: Hook, serial: int, exit_code: int, status: QProcess.ExitStatus
    ) -> None:
        run = self._current(hook, serial)
        if run is None:
            return
        self._read_output(hook, serial)
        if run.timed_out:
            problem = f"timed out after {self._timeout_ms / 1000:g} s and was stopped"
        elif status is QProcess.ExitStatus.CrashExit:
            problem = "was killed by a signal"
        elif exit_code != 0:
            problem = f"exited with status {exit_code}"
        else:
            problem = ""
        self._end(run, problem)

    def _end(self, run: _Run, problem: str) -> None:
        del self._running[run.hook]
        run.timer.stop()
        # Freed on the next change, never inside the process's own signal.
        self._retired.append(run.process)
        output = run.output.decode("utf-8", "replace").strip()
        outcome = HookOutcome(hook=run.hook, call=run.call, problem=problem, output=output)
        self._record(outcome)
        self.hook_finished.emit(outcome)
        self._start_next(run.hook)

    def _fail_without_run(self, hook: Hook, problem: str) -> None:
        self._log.warning("hook %r cannot run: %s", list(hook), problem)
        self._report_once(hook, f"A FocusDesk hook is misconfigured: {problem}")

    def _record(self, outcome: HookOutcome) -> None:
        name = describe_hook(outcome.hook)
        if outcome.ok:
            self._log.debug("hook %s done", name)
            self._reported.discard(outcome.hook)
            return
        tail = f"; its output ended: {outcome.output[-300:]}" if outcome.output else ""
        self._log.warning("hook %s %s%s", name, outcome.problem, tail)
        self._report_once(outcome.hook, f"The hook “{name}” {outcome.problem}.")

    def _report_once(self, hook: Hook, message: str) -> None:
        if hook in self._reported:
            return
        self._reported.add(hook)
        if self._on_failure is not None:
            self._on_failure(message)


def _program_exists(program: str) -> bool:
    if os.sep in program:
        return Path(program).exists()
    return any(
        (Path(folder) / program).exists()
        for folder in os.environ.get("PATH", "").split(os.pathsep)
        if folder
    )
