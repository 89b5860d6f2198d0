"""Window queries on an X display through libX11 and ctypes, for the test harness.

No `xwininfo` process per poll: a benchmark polls every few milliseconds for
the tray icon, and a process per poll would skew the timing and steal CPU
from the app being measured. Used by `virtual_desktop.VirtualDesktop`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Iterator


class XDisplayError(RuntimeError):
    """libX11 is missing or the display cannot be opened."""


# --- libX11 through ctypes ----------------------------------------------------------

_Window = ctypes.c_ulong
_Atom = ctypes.c_ulong
_IS_VIEWABLE = 2
_CLIENT_MESSAGE = 33
_ANY_PROPERTY_TYPE = 0


class _XClassHint(ctypes.Structure):
    # void pointers, not c_char_p: Xlib allocated them and we must XFree them.
    _fields_ = [("res_name", ctypes.c_void_p), ("res_class", ctypes.c_void_p)]


class _XWindowAttributes(ctypes.Structure):
    # Only map_state and override_redirect are read; the layout must be complete (Xlib.h).
    _fields_ = [
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("border_width", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("visual", ctypes.c_void_p),
        ("root", _Window),
        ("class_", ctypes.c_int),
        ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int),
        ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int),
        ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long),
        ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int),
        ("screen", ctypes.c_void_p),
    ]


class _XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", _Window),
        ("message_type", _Atom),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _XClientMessageEvent), ("pad", ctypes.c_long * 24)]


_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


def _ignore_x_error(_display: int | None, _event: int | None) -> int:
    # A window can vanish between listing it and asking for its class; Xlib's
    # default handler would exit the whole benchmark for that.
    return 0


class XConnection:
    """A libX11 connection to one display, for the few queries the benchmarks need."""

    def __init__(self, display: str) -> None:
        name = ctypes.util.find_library("X11")
        if name is None:
            raise XDisplayError("libX11 is not installed")
        x = ctypes.CDLL(name)
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = _Window
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XQueryTree.argtypes = [
            ctypes.c_void_p,
            _Window,
            ctypes.POINTER(_Window),
            ctypes.POINTER(_Window),
            ctypes.POINTER(ctypes.POINTER(_Window)),
            ctypes.POINTER(ctypes.c_uint),
        ]
        x.XGetClassHint.argtypes = [ctypes.c_void_p, _Window, ctypes.POINTER(_XClassHint)]
        x.XGetWindowAttributes.argtypes = [
            ctypes.c_void_p,
            _Window,
            ctypes.POINTER(_XWindowAttributes),
        ]
        x.XInternAtom.restype = _Atom
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p,
            _Window,
            _Atom,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            _Atom,
            ctypes.POINTER(_Atom),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_void_p),
        ]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XSendEvent.argtypes = [
            ctypes.c_void_p,
            _Window,
            ctypes.c_int,
            ctypes.c_long,
            ctypes.POINTER(_XEvent),
        ]
        x.XFlush.argtypes = [ctypes.c_void_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._handler = _ERROR_HANDLER(_ignore_x_error)  # kept alive with the connection
        x.XSetErrorHandler(self._handler)
        self._x = x
        self._display = x.XOpenDisplay(display.encode())
        if not self._display:
            raise XDisplayError(f"cannot open X display {display}")
        self.root = int(x.XDefaultRootWindow(self._display))
        self._pid_atom = x.XInternAtom(self._display, b"_NET_WM_PID", 0)
        self._net_name_atom = x.XInternAtom(self._display, b"_NET_WM_NAME", 0)
        self._wm_name_atom = x.XInternAtom(self._display, b"WM_NAME", 0)
        self._protocols_atom = x.XInternAtom(self._display, b"WM_PROTOCOLS", 0)
        self._delete_atom = x.XInternAtom(self._display, b"WM_DELETE_WINDOW", 0)

    def close(self) -> None:
        if self._display:
            self._x.XCloseDisplay(self._display)
            self._display = None

    def children(self, window: int) -> list[int]:
        root, parent = _Window(), _Window()
        kids = ctypes.POINTER(_Window)()
        count = ctypes.c_uint()
        if not self._x.XQueryTree(
            self._display,
            window,
            ctypes.byref(root),
            ctypes.byref(parent),
            ctypes.byref(kids),
            ctypes.byref(count),
        ):
            return []
        found = [int(kids[i]) for i in range(count.value)]
        if kids:
            self._x.XFree(kids)
        return found

    def descendants(self, window: int) -> Iterator[int]:
        for child in self.children(window):
            yield child
            yield from self.descendants(child)

    def wm_class(self, window: int) -> tuple[str, str] | None:
        hint = _XClassHint()
        if not self._x.XGetClassHint(self._display, window, ctypes.byref(hint)):
            return None
        texts = []
        for pointer in (hint.res_name, hint.res_class):
            texts.append(ctypes.string_at(pointer).decode(errors="replace") if pointer else "")
            if pointer:
                self._x.XFree(ctypes.c_void_p(pointer))
        name, cls = texts
        return name, cls

    def title(self, window: int) -> str:
        """_NET_WM_NAME (UTF-8, what Qt sets), else WM_NAME."""
        for atom in (self._net_name_atom, self._wm_name_atom):
            found = self._property(window, atom, 4096)
            if found is not None and found[0] == 8:
                return found[1].decode(errors="replace")
        return ""

    def is_viewable(self, window: int) -> bool:
        attributes = _XWindowAttributes()
        if not self._x.XGetWindowAttributes(self._display, window, ctypes.byref(attributes)):
            return False
        return attributes.map_state == _IS_VIEWABLE

    def is_override_redirect(self, window: int) -> bool:
        """A window the window manager leaves alone: popup menus and tooltips."""
        attributes = _XWindowAttributes()
        if not self._x.XGetWindowAttributes(self._display, window, ctypes.byref(attributes)):
            return False
        return bool(attributes.override_redirect)

    def pid_of(self, window: int) -> int | None:
        found = self._property(window, self._pid_atom, 1)
        if found is None or found[0] != 32 or not found[1]:
            return None
        return int.from_bytes(found[1][:4], sys.byteorder)

    def _property(self, window: int, atom: int, max_items: int) -> tuple[int, bytes] | None:
        """(format, raw items) of one window property; format-32 items packed as 4 bytes each."""
        actual_type, actual_format = _Atom(), ctypes.c_int()
        items, after = ctypes.c_ulong(), ctypes.c_ulong()
        data = ctypes.c_void_p()
        status = self._x.XGetWindowProperty(
            self._display,
            window,
            atom,
            0,
            max_items,
            0,
            _ANY_PROPERTY_TYPE,
            ctypes.byref(actual_type),
            ctypes.byref(actual_format),
            ctypes.byref(items),
            ctypes.byref(after),
            ctypes.byref(data),
        )
        if status != 0 or not data.value:
            return None
        try:
            fmt, count = actual_format.value, items.value
            if fmt == 32:
                # Xlib hands format-32 items back as C longs.
                longs = ctypes.cast(data, ctypes.POINTER(ctypes.c_long))
                raw = b"".join(
                    (longs[i] & 0xFFFFFFFF).to_bytes(4, sys.byteorder) for i in range(count)
                )
            else:
                raw = ctypes.string_at(data, count * (fmt // 8))
            return fmt, raw
        finally:
            self._x.XFree(data)

    def find_panel(self) -> int | None:
        """trayer's panel window (WM_CLASS "panel", "trayer"), once mapped."""
        for window in self.descendants(self.root):
            if self.wm_class(window) == ("panel", "trayer"):
                return window
        return None

    def tray_icon_of(self, panel: int, pid: int) -> int | None:
        """The window of process `pid` embedded (and shown) under the tray panel, if any.

        trayer reparents each icon into a socket window under its panel; Qt
        sets _NET_WM_PID on the icon window.
        """
        for window in self.descendants(panel):
            if self.pid_of(window) == pid and self.is_viewable(window):
                return window
        return None

    def top_level_windows_of(self, pid: int) -> list[tuple[int, str]]:
        """Viewable top-level windows (children of the root) of process `pid`, with titles."""
        found = []
        for window in self.children(self.root):
            if self.pid_of(window) == pid and self.is_viewable(window):
                found.append((window, self.title(window)))
        return found

    def request_close(self, window: int) -> None:
        """Ask a window to close the way a window manager does (WM_DELETE_WINDOW)."""
        event = _XEvent()
        message = event.xclient
        message.type = _CLIENT_MESSAGE
        message.window = window
        message.message_type = self._protocols_atom
        message.format = 32
        message.data[0] = self._delete_atom
        message.data[1] = 0  # CurrentTime
        self._x.XSendEvent(self._display, window, 0, 0, ctypes.byref(event))
        self._x.XFlush(self._display)
