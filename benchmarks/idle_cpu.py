"""CPU at rest: CPU time and wake-ups over 60 s idle, and over 60 s of a running focus block.

    .venv/bin/python benchmarks/idle_cpu.py               # 60 s per phase
    .venv/bin/python benchmarks/idle_cpu.py --seconds 10  # a quick look

Both apps run side by side on one virtual display, on FocusDesk's benchmark
pattern (no hard stop in reach, so nothing is due). CPU time is the
scheduler's runtime of every thread (/proc/PID/task/*/schedstat, in ns:
utime+stime in /proc/PID/stat counts 10 ms ticks, too coarse here); wake-ups
are voluntary context switches of every thread (/proc/PID/task/*/status),
each one a thread going back to sleep after being woken; both are summed per
thread so a thread that ends cannot make a total go down. Phase 1 measures
both apps idle; phase 2 starts a 30-minute focus block with `focusdesk start
--minutes 30` (the CLI, over the local socket) and measures again — the
minimal app just keeps ticking.
Goal: ≤ 1× the minimal app, which wakes every second.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desktop import (
    DesktopError,
    app_log,
    focusdesk_cli,
    launch,
    prepare_data_dir,
    stop_process,
    virtual_desktop,
)
from measure import Comparison, counters_delta, print_comparisons, print_header, tree_counters

GOAL_RATIO = 1.0
SETTLE_SECONDS = 5.0


def measure_window(
    apps: dict[str, subprocess.Popen[bytes]], seconds: float
) -> dict[str, tuple[float, int]]:
    """CPU milliseconds and wake-ups of each app (with its child processes) over the next `seconds`."""
    before = {kind: tree_counters(app.pid) for kind, app in apps.items()}
    time.sleep(seconds)
    result = {}
    for kind, app in apps.items():
        if app.poll() is not None:
            raise DesktopError(f"{kind} exited with {app.returncode} during the measurement")
        result[kind] = counters_delta(before[kind], tree_counters(app.pid))
    return result


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=60.0, help="length of each measured phase (default 60)"
    )
    parser.add_argument(
        "--empty-log", action="store_true", help="FocusDesk on an empty log (default: five years)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print_header(f"CPU at rest: {args.seconds:g} s idle, then {args.seconds:g} s in a focus block")
    with tempfile.TemporaryDirectory(prefix="focusdesk-cpu-") as folder:
        data_dir = prepare_data_dir(Path(folder), not args.empty_log)
        with virtual_desktop() as desktop:
            apps = {
                kind: launch(desktop, kind, data_dir, kind) for kind in ("focusdesk", "minimal")
            }
            try:
                for kind, app in apps.items():
                    try:
                        desktop.wait_for_tray_icon(app)
                    except DesktopError as error:
                        raise DesktopError(
                            f"{kind}: {error}\n{app_log(desktop, kind)[-2000:]}"
                        ) from None
                time.sleep(SETTLE_SECONDS)  # past start-up work
                idle = measure_window(apps, args.seconds)
                started = focusdesk_cli(
                    desktop, data_dir, "start", "--minutes", "30", "--label", "benchmark"
                )
                block: dict[str, tuple[float, int]] | None = None
                if started.returncode == 0:
                    time.sleep(1.0)  # the start's own writes and redraw are not "at rest"
                    block = measure_window(apps, args.seconds)
                    status = focusdesk_cli(desktop, data_dir, "status").stdout.strip()
                    print(f"   during the block: {status.splitlines()[0] if status else '?'}")
                else:
                    print(
                        f"   focus block not measured: `focusdesk start` said {started.stderr.strip()!r}"
                    )
            finally:
                for app in apps.values():
                    stop_process(app)

    rows = [
        Comparison(
            f"CPU over {args.seconds:g} s idle",
            "ms",
            idle["focusdesk"][0],
            idle["minimal"][0],
            GOAL_RATIO,
        ),
        Comparison(
            f"wake-ups over {args.seconds:g} s idle",
            "",
            idle["focusdesk"][1],
            idle["minimal"][1],
            GOAL_RATIO,
        ),
    ]
    if block is not None:
        rows += [
            Comparison(
                f"CPU over {args.seconds:g} s in a block",
                "ms",
                block["focusdesk"][0],
                block["minimal"][0],
                GOAL_RATIO,
            ),
            Comparison(
                f"wake-ups over {args.seconds:g} s in a block",
                "",
                block["focusdesk"][1],
                block["minimal"][1],
                GOAL_RATIO,
            ),
        ]
    print_comparisons(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
