"""One status change, fanned out to every boundary output (SPEC §4).

The composition root registers `BoundaryOutputs.status_changed` as a status
listener; this object passes each change on to the state file, the hooks,
the signal light (when the user turned it on) and the signal board (while
it is open). An output that fails is logged and never stops the others.
The light and the board are imported when first shown: most days neither is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from focusdesk.core.settings import Settings
from focusdesk.core.status import StatusSnapshot
from focusdesk.paths import DataPaths
from focusdesk.shell.boundary.hook_runner import HookRunner
from focusdesk.shell.boundary.state_file import StateFile

if TYPE_CHECKING:
    from PySide6.QtGui import QScreen

    from focusdesk.shell.boundary.signal_board import Now, SignalBoard
    from focusdesk.shell.boundary.signal_light import SignalLight

_log = logging.getLogger("focusdesk.boundary")


class BoundaryOutputs:
    """The state file, hooks, signal light and signal board, driven as one."""

    def __init__(
        self,
        *,
        state_file: StateFile,
        hooks: HookRunner,
        settings: Settings,
        on_light_moved: Callable[[str], None] | None = None,
        now: Now | None = None,
    ) -> None:
        self.state_file = state_file
        self.hooks = hooks
        self._on_light_moved = on_light_moved
        #: The clock the light and the board count down against (None: the wall clock).
        self._now = now
        self._settings = settings
        self._last: StatusSnapshot | None = None
        self.light: SignalLight | None = None
        self.board: SignalBoard | None = None
        self._apply_light(settings)

    @classmethod
    def create(
        cls,
        paths: DataPaths,
        settings: Settings,
        *,
        on_hook_failure: Callable[[str], None] | None = None,
        on_light_moved: Callable[[str], None] | None = None,
    ) -> BoundaryOutputs:
        """The outputs for one running app: the state file at `paths.state_file`, the
        settings' hooks, and the light if it is switched on."""
        state_file = StateFile(paths.state_file)
        hooks = HookRunner(
            settings.hooks,
            settings.hook_timeout_seconds,
            on_failure=on_hook_failure,
            extra_environment={"FOCUSDESK_STATE_FILE": str(paths.state_file)},
        )
        return cls(
            state_file=state_file, hooks=hooks, settings=settings, on_light_moved=on_light_moved
        )

    # --- the status listener -------------------------------------------------------

    def status_changed(self, previous: StatusSnapshot | None, current: StatusSnapshot) -> None:
        """Pass one change on to every output; returns at once (hooks run in the background)."""
        self._last = current
        outputs: list[tuple[str, Callable[[], object]]] = [
            ("state file", lambda: self.state_file.write(current)),
            ("hooks", lambda: self.hooks.status_changed(previous, current)),
        ]
        if self.light is not None:
            light = self.light
            outputs.append(("signal light", lambda: light.show_status(current)))
        if self.board is not None:
            board = self.board
            outputs.append(("signal board", lambda: board.show_status(current)))
        for name, deliver in outputs:
            try:
                deliver()
            except Exception:
                _log.exception("the %s could not show the new state", name)

    __call__ = status_changed

    # --- settings, board, quit ------------------------------------------------------------

    def apply_settings(self, settings: Settings) -> None:
        """Follow changed settings: hooks and timeout, the light on/off and click-through."""
        self._settings = settings
        self.hooks.configure(settings.hooks, settings.hook_timeout_seconds)
        self._apply_light(settings)

    def open_board(self, screen: QScreen | str | None = None) -> SignalBoard:
        """Show the signal board full-screen (on `screen`, a QScreen or its name)."""
        from focusdesk.shell.boundary.signal_board import SignalBoard, screen_named, system_now

        if isinstance(screen, str):
            found = screen_named(screen)
            if found is None:
                _log.warning("screen %r is not connected; using another one", screen)
            screen = found
        if self.board is None:
            self.board = SignalBoard(now=self._now or system_now)
            self.board.board_closed.connect(self._board_closed)
        if self._last is not None:
            self.board.show_status(self._last)
        self.board.show_on(screen)
        return self.board

    def shut_down(self) -> None:
        """On quit: stop running hooks, tell them the boundary is off, mark the state file."""
        self.hooks.stop_all()
        self.hooks.run_detached_final(self._last)
        self.state_file.mark_stopped()
        if self.board is not None:
            self.board.close()
        if self.light is not None:
            self.light.close()
            self.light = None

    def _board_closed(self) -> None:
        board, self.board = self.board, None
        if board is not None:
            board.deleteLater()

    def _apply_light(self, settings: Settings) -> None:
        if not settings.signal_light:
            if self.light is not None:
                self.light.close()
                self.light.deleteLater()
                self.light = None
            return
        if self.light is None:
            from focusdesk.shell.boundary.signal_board import system_now
            from focusdesk.shell.boundary.signal_light import SignalLight

            self.light = SignalLight(
                position=settings.signal_light_position,
                click_through=settings.signal_light_click_through,
                now=self._now or system_now,
                on_moved=self._on_light_moved,
            )
            if self._last is not None:
                self.light.show_status(self._last)
        elif self.light.click_through != settings.signal_light_click_through:
            self.light.set_click_through(settings.signal_light_click_through)
        self.light.show()
