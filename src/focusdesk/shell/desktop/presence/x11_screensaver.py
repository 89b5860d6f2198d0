"""X11 input idle time through the MIT-SCREEN-SAVER extension (libXss), by ctypes.

No Python X binding to install and nothing loaded until an X11 session asks:
one private Xlib connection, one `XScreenSaverQueryInfo` round trip per read
(the server keeps the idle time; reading it wakes nothing else). The screen
saver being on (blanked or locked) counts as locked: away at once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from typing import Any

from focusdesk.core.presence import PresenceSignal, PresenceUnavailable

_SCREEN_SAVER_ON = 1


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


def _load(name: str, fallback: str) -> Any:
    path = ctypes.util.find_library(name) or fallback
    try:
        return ctypes.CDLL(path)
    except OSError as error:
        raise PresenceUnavailable(f"{fallback} cannot be loaded ({error})") from error


class X11ScreenSaverSource:
    """Idle time from the X server's MIT-SCREEN-SAVER extension."""

    name = "x11-screensaver"

    def __init__(self, display_name: str | None = None) -> None:
        """Connect to `display_name` (default: $DISPLAY); raises `PresenceUnavailable`."""
        x11 = _load("X11", "libX11.so.6")
        xss = _load("Xss", "libXss.so.1")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x11.XFree.argtypes = [ctypes.c_void_p]
        xss.XScreenSaverQueryExtension.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        ]
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_XScreenSaverInfo),
        ]
        self._x11, self._xss = x11, xss
        encoded = display_name.encode() if display_name else None
        display = x11.XOpenDisplay(encoded)
        if not display:
            raise PresenceUnavailable("no X display to ask for idle time")
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not xss.XScreenSaverQueryExtension(
            display, ctypes.byref(event_base), ctypes.byref(error_base)
        ):
            x11.XCloseDisplay(display)
            raise PresenceUnavailable("the X server has no MIT-SCREEN-SAVER extension")
        self._display: int | None = display
        self._root = x11.XDefaultRootWindow(display)
        self._info = xss.XScreenSaverAllocInfo()

    def read(self) -> PresenceSignal:
        display = self._display
        if display is None or not self._info:
            raise PresenceUnavailable("the X idle source is closed")
        if not self._xss.XScreenSaverQueryInfo(display, self._root, self._info):
            raise PresenceUnavailable("the X server did not answer the idle query")
        info = self._info.contents
        return PresenceSignal(idle_seconds=info.idle / 1000, locked=info.state == _SCREEN_SAVER_ON)

    def watch(self, on_change: Callable[[], None]) -> None:
        """Nothing to watch: the idle time is read when it matters."""

    def close(self) -> None:
        if self._info:
            self._x11.XFree(self._info)
            self._info = None
        if self._display is not None:
            self._x11.XCloseDisplay(self._display)
            self._display = None
