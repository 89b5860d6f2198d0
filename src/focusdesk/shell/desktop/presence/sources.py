"""Which presence source this desktop has: the one place that chooses (and falls back).

The order, for the Qt platform in use:
- X11 (`xcb`): the X server's own idle time (MIT-SCREEN-SAVER, by ctypes, no
  bus needed), then GNOME's Mutter IdleMonitor, then the freedesktop ScreenSaver;
- Wayland: the compositor's idle protocol (ext-idle-notify-v1 or KDE's
  idle, spoken on its socket), then Mutter's IdleMonitor, then the
  freedesktop ScreenSaver;
- anything else (offscreen, a platform with no idle time): none.

Each candidate is a factory: it is tried (and its library or bus looked at)
only when the ones before it are unavailable. `NullPresenceSource` ends every
chain: presence "unknown", nothing is ever paused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from focusdesk.core.presence import PresenceSignal

if TYPE_CHECKING:
    from focusdesk.core.presence import PresenceSource

SourceFactory = Callable[[], "PresenceSource"]


class NullPresenceSource:
    """No presence source: nothing can tell whether the user is there."""

    name = "none"

    def read(self) -> PresenceSignal:
        return PresenceSignal(idle_seconds=None)

    def watch(self, on_change: Callable[[], None]) -> None:
        """Nothing ever changes."""

    def close(self) -> None:
        """Nothing to release."""


def _x11() -> PresenceSource:
    from focusdesk.shell.desktop.presence.x11_screensaver import X11ScreenSaverSource

    return X11ScreenSaverSource()


def _wayland() -> PresenceSource:
    from focusdesk.shell.desktop.presence.wayland_idle import WaylandIdleSource

    return WaylandIdleSource()


def _mutter() -> PresenceSource:
    from focusdesk.shell.desktop.presence.dbus_idle import MutterIdleSource

    return MutterIdleSource()


def _screensaver() -> PresenceSource:
    from focusdesk.shell.desktop.presence.dbus_idle import FreedesktopScreenSaverSource

    return FreedesktopScreenSaverSource()


def presence_sources(platform_name: str) -> list[tuple[str, SourceFactory]]:
    """The candidate sources for this Qt platform, best first, as (name, factory)."""
    if platform_name == "xcb":
        return [("x11-screensaver", _x11), ("mutter", _mutter), ("screensaver", _screensaver)]
    if platform_name.startswith("wayland"):
        return [("wayland-idle", _wayland), ("mutter", _mutter), ("screensaver", _screensaver)]
    return []
