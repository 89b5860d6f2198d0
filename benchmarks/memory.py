"""Memory at rest: RSS (and PSS) after 20 s idle, and after a review window was opened and closed.

    .venv/bin/python benchmarks/memory.py                  # 20 s idle, as the goal says
    .venv/bin/python benchmarks/memory.py --idle-seconds 5 # a quick look

FocusDesk runs on a log with five years of history (generated once, cached).
Both apps run side by side on one virtual display. After the idle reading,
FocusDesk's review window is opened the way a user does it — a second
`focusdesk` launch asks the running app to show its window — and the
minimal app opens a small QtCharts window (SIGUSR1); both windows are then
closed the way a window manager closes them (WM_DELETE_WINDOW), and memory
is read again after a short settle. Goal: ≤ 1.25× the minimal app.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desktop import (
    DesktopError,
    VirtualDesktop,
    app_log,
    focusdesk_cli,
    launch,
    poll_until,
    prepare_data_dir,
    stop_process,
    virtual_desktop,
)
from measure import Comparison, print_comparisons, print_header, pss_mb, rss_mb

GOAL_RATIO = 1.25
REVIEW_TITLE = "review"
MINIMAL_WINDOW_TITLE = "minimal chart window"


def open_review(desktop: VirtualDesktop, app: subprocess.Popen[bytes], data_dir: Path) -> int:
    """Open FocusDesk's review window through a second launch; its X window id."""
    result = focusdesk_cli(desktop, data_dir, "run")
    if result.returncode != 0:
        raise DesktopError(f"a second launch failed ({result.returncode}): {result.stderr.strip()}")
    return poll_until(
        lambda: desktop.window_titled(app.pid, REVIEW_TITLE), 20, "FocusDesk's review window"
    )


def open_minimal_window(desktop: VirtualDesktop, app: subprocess.Popen[bytes]) -> int:
    os.kill(app.pid, signal.SIGUSR1)
    return poll_until(
        lambda: desktop.window_titled(app.pid, MINIMAL_WINDOW_TITLE), 20, "the minimal app's window"
    )


def close_window(desktop: VirtualDesktop, pid: int, window: int, title: str) -> None:
    assert desktop.x is not None
    desktop.x.request_close(window)
    poll_until(lambda: desktop.window_titled(pid, title) is None, 10, f"'{title}' to close")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--idle-seconds", type=float, default=20.0, help="idle time before reading (default 20)"
    )
    parser.add_argument(
        "--settle-seconds",
        type=float,
        default=5.0,
        help="time after a window is shown, and after it is closed, before reading (default 5)",
    )
    parser.add_argument(
        "--empty-log", action="store_true", help="start FocusDesk on an empty log instead"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print_header(f"memory: RSS/PSS after {args.idle_seconds:g} s idle, and after a window")
    figures: dict[str, dict[str, float | None]] = {"focusdesk": {}, "minimal": {}}
    with tempfile.TemporaryDirectory(prefix="focusdesk-memory-") as folder:
        data_dir = prepare_data_dir(Path(folder), not args.empty_log)
        with virtual_desktop() as desktop:
            apps = {kind: launch(desktop, kind, data_dir, kind) for kind in figures}
            try:
                for kind, app in apps.items():
                    try:
                        desktop.wait_for_tray_icon(app)
                    except DesktopError as error:
                        raise DesktopError(
                            f"{kind}: {error}\n{app_log(desktop, kind)[-2000:]}"
                        ) from None
                time.sleep(args.idle_seconds)
                for kind, app in apps.items():
                    figures[kind]["rss_idle"] = rss_mb(app.pid)
                    figures[kind]["pss_idle"] = pss_mb(app.pid)

                review_problem = ""
                try:
                    review = open_review(desktop, apps["focusdesk"], data_dir)
                except DesktopError as error:
                    review_problem = str(error)
                minimal = open_minimal_window(desktop, apps["minimal"])
                time.sleep(args.settle_seconds)
                for kind, app in apps.items():
                    figures[kind]["rss_shown"] = rss_mb(app.pid)
                if not review_problem:
                    close_window(desktop, apps["focusdesk"].pid, review, REVIEW_TITLE)
                close_window(desktop, apps["minimal"].pid, minimal, MINIMAL_WINDOW_TITLE)
                time.sleep(args.settle_seconds)
                for kind, app in apps.items():
                    figures[kind]["rss_after"] = rss_mb(app.pid)
                    figures[kind]["pss_after"] = pss_mb(app.pid)
                if review_problem:
                    print(f"   review window not measured: {review_problem}")
                    for key in ("rss_shown", "rss_after", "pss_after"):
                        figures["focusdesk"][key] = None
            finally:
                for app in apps.values():
                    stop_process(app)

    def row(what: str, key: str) -> Comparison | None:
        minimal = figures["minimal"].get(key)
        if minimal is None:
            return None
        return Comparison(what, "MB", figures["focusdesk"].get(key), minimal, GOAL_RATIO)

    rows = [
        row(f"RSS after {args.idle_seconds:g} s idle", "rss_idle"),
        row(f"PSS after {args.idle_seconds:g} s idle", "pss_idle"),
        row("RSS with the window shown", "rss_shown"),
        row("RSS after the window was closed", "rss_after"),
        row("PSS after the window was closed", "pss_after"),
    ]
    print_comparisons([r for r in rows if r is not None])
    return 0


if __name__ == "__main__":
    sys.exit(main())
