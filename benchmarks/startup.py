"""Start-up: process start → tray icon embedded in trayer, FocusDesk against the minimal app.

    .venv/bin/python benchmarks/startup.py            # 7 runs each (median)
    .venv/bin/python benchmarks/startup.py --runs 3   # a quick look
    .venv/bin/python benchmarks/startup.py --history  # with five years of log

The clock starts just before the process is spawned and stops when the app's
icon window (found by its _NET_WM_PID under trayer's panel) is mapped. Runs
alternate between the two apps, after one unmeasured warm-up run each, so
both see the same disk cache and the same background load. Goal: ≤ 1.5×.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from desktop import (
    DesktopError,
    VirtualDesktop,
    app_log,
    launch,
    prepare_data_dir,
    stop_process,
    virtual_desktop,
)
from measure import Comparison, median, print_comparisons, print_header

GOAL_RATIO = 1.5


def time_to_icon(desktop: VirtualDesktop, kind: str, data_dir: Path, name: str) -> float:
    """Seconds from spawning one app to its icon showing in the tray; the app is then stopped."""
    started = time.monotonic()
    process = launch(desktop, kind, data_dir, name)
    try:
        seen = desktop.wait_for_tray_icon(process)
    except DesktopError as error:
        raise DesktopError(f"{kind}: {error}\n{app_log(desktop, name)[-2000:]}") from None
    finally:
        stop_process(process)
    return seen - started


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per app (default 7)")
    parser.add_argument(
        "--history",
        action="store_true",
        help="start FocusDesk on a log with five years of history (generated once, cached)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print_header("start-up: process start → tray icon embedded (trayer, Xvfb)")
    with tempfile.TemporaryDirectory(prefix="focusdesk-startup-") as folder:
        data_dir = prepare_data_dir(Path(folder), args.history)
        if args.history:
            print("   FocusDesk log: five years of history")
        times: dict[str, list[float]] = {"focusdesk": [], "minimal": []}
        with virtual_desktop() as desktop:
            for kind in times:  # warm-up: disk cache, .pyc files, the log's first creation
                time_to_icon(desktop, kind, data_dir, f"{kind}-warmup")
            for run in range(args.runs):
                for kind, measured in times.items():
                    measured.append(time_to_icon(desktop, kind, data_dir, f"{kind}-{run}"))
    for kind, measured in times.items():
        shown = ", ".join(f"{value * 1000:.0f}" for value in measured)
        print(f"   {kind}: {shown} ms")
    print_comparisons(
        [
            Comparison(
                f"icon embedded (median of {args.runs})",
                "ms",
                median(times["focusdesk"]) * 1000,
                median(times["minimal"]) * 1000,
                GOAL_RATIO,
            )
        ]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
