"""Talks to a running Wayland compositor the way FocusDesk's Wayland idle source does.

Run inside the compositor's session (WAYLAND_DISPLAY, XDG_RUNTIME_DIR set),
with only the standard library and FocusDesk's sources on the path: waits for
"idle" after 1 s without input, then moves a virtual pointer (the
wlr-virtual-pointer protocol: real input as far as the compositor knows) and
waits for "resumed". Prints one line per step; exits 0 when both came.
"""

from __future__ import annotations

import select
import struct
import sys
import time

from focusdesk.shell.desktop.presence.wayland_idle import WaylandIdleClient


def wait_for(client: WaylandIdleClient, idle: bool, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([client.fileno()], [], [], 0.2)
        if ready:
            client.dispatch()
        if (client.idle_since is not None) == idle:
            return True
    return False


def move_virtual_pointer(other: WaylandIdleClient) -> None:
    manager = other._bind("zwlr_virtual_pointer_manager_v1", 1)
    pointer = other._new_id()
    other._send(manager, 0, struct.pack("<II", other._seat, pointer))  # create_virtual_pointer
    other._send(pointer, 0, struct.pack("<Iii", 1, 5 * 256, 0))  # motion(time, dx, dy)
    other._send(pointer, 4)  # frame
    other._flush()


def main() -> int:
    client = WaylandIdleClient(1.0)
    print(f"protocol {client.protocol}", flush=True)
    if not wait_for(client, idle=True, timeout=5):
        print("no idle", flush=True)
        return 1
    print(f"idle {client.idle_seconds():.1f}", flush=True)
    move_virtual_pointer(WaylandIdleClient(60.0))
    if not wait_for(client, idle=False, timeout=5):
        print("no resume", flush=True)
        return 1
    print(f"resumed {client.idle_seconds():.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
