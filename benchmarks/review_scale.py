"""Review at scale: the week review window on five years of history (≈ 47,000 sessions).

    .venv/bin/python benchmarks/review_scale.py              # on Xvfb, full counts
    .venv/bin/python benchmarks/review_scale.py --quick      # fewer repetitions
    .venv/bin/python benchmarks/review_scale.py --offscreen  # no X server needed

Measures, in this process, on the cached generated log (see history.py):
- the first open in the running app: importing the review window module
  (QtCharts, the exporters, the review's core modules) plus constructing,
  showing and painting it. The process first imports `focusdesk.app`, as
  the running app has (`focusdesk run` imports it before the review can be
  opened); without it the import also paid for modules the app already has
  (≈ 90–100 ms instead of ≈ 60 ms, measured 2026-11-30);
- opening it again (a new window): construct + show until its chart has
  painted, median;
- switching weeks (`show_previous_week`) until the chart has painted again,
  median (the day timeline is redrawn in the same frame);
- the month tab: opened, then switched a month back at a time, until its
  calendar has painted (goal ≤ 150 ms);
- the week query alone (`SessionLog.sessions_for_days`, one ISO week),
  median over weeks spread across the five years.
Goals: window shown ≤ 150 ms, week switch ≤ 50 ms, query ≤ 2 ms. These are
absolute goals; the minimal tray app has no review window to compare with.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from desktop import virtual_desktop
from history import PATTERN_ID, ZONE, cached_history
from measure import Absolute, median, percentile, print_absolutes, print_header

GOAL_SHOWN_MS = 150.0
GOAL_SWITCH_MS = 50.0
GOAL_QUERY_MS = 2.0
GOAL_MONTH_MS = 150.0


class PaintWatcher:
    """Counts paint events of one widget (an event filter), so we know a redraw happened."""

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint

        class Filter(QObject):
            def __init__(self) -> None:
                super().__init__()
                self.paints = 0

            def eventFilter(self, _watched: Any, event: Any) -> bool:
                if event.type() == paint:
                    self.paints += 1
                return False

        self._filter = Filter()
        self.widget = widget
        widget.installEventFilter(self._filter)

    @property
    def paints(self) -> int:
        return int(self._filter.paints)


def until_painted(app: Any, watcher: PaintWatcher, before: int, timeout: float = 10.0) -> None:
    """Process events until `watcher`'s widget has painted since `before` paints."""
    deadline = time.perf_counter() + timeout
    while watcher.paints <= before:
        app.processEvents()
        if time.perf_counter() > deadline:
            raise RuntimeError("the review window did not paint")
    app.processEvents()  # the rest of this frame (other widgets of the window)
    flush_deferred_deletes(app)


def flush_deferred_deletes(app: Any) -> None:
    """Delete what `deleteLater` queued, as returning to the event loop would.

    `processEvents` leaves deferred deletes alone; without this, widgets the
    window replaces on each week switch would pile up in this benchmark (and
    only here) and make every switch slower than the last.
    """
    from PySide6.QtCore import QEvent

    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def chart_viewport(window: Any) -> Any:
    """The widget that paints the week chart (the chart view's viewport)."""
    chart = window.chart
    viewport = getattr(chart, "viewport", None)
    return viewport() if callable(viewport) else chart


def measure_open(app: Any, make_window: Callable[[], Any]) -> tuple[float, Any]:
    """ms from constructing a window to its chart having painted; the window (shown)."""
    started = time.perf_counter()
    window = make_window()
    watcher = PaintWatcher(chart_viewport(window))
    window.show()
    until_painted(app, watcher, 0)
    return (time.perf_counter() - started) * 1000, window


def close(app: Any, window: Any) -> None:
    window.close()
    window.deleteLater()
    app.processEvents()
    flush_deferred_deletes(app)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--offscreen", action="store_true", help="QT_QPA_PLATFORM=offscreen instead of Xvfb"
    )
    return parser.parse_args(argv)


def run(args: argparse.Namespace, data_dir: Path) -> list[Absolute]:
    from focusdesk.shell.desktop.pyside_imports import skip_source_scans

    skip_source_scans()  # as `focusdesk run` does before it imports anything from Qt
    from PySide6.QtWidgets import QApplication

    import focusdesk.app  # noqa: F401  (what the running app has loaded before a review)
    from focusdesk.core.pattern_loader import PatternCatalog
    from focusdesk.resources import resource_path
    from focusdesk.store.database import open_database
    from focusdesk.store.plan_history import PatternHistoryLog
    from focusdesk.store.session_log import SessionLog

    opens = 3 if args.quick else 9
    switches = 10 if args.quick else 40
    queries = 100 if args.quick else 500

    app = QApplication.instance() or QApplication(sys.argv[:1])
    database = open_database(data_dir / "focusdesk.sqlite3")
    log = SessionLog(database)
    catalog = PatternCatalog(resource_path("patterns"))
    today = date.today()

    started = time.perf_counter()
    from focusdesk.shell.review.review_window import ReviewWindow

    import_ms = (time.perf_counter() - started) * 1000

    patterns = PatternHistoryLog(database)  # one per app, as app.py keeps it

    def plan_history() -> Any:
        return patterns.history(lambda pid: catalog.get(pid) if pid in catalog else None)

    def make_window() -> Any:
        return ReviewWindow(
            log,
            catalog,
            ZONE,
            today,
            active_pattern_id=PATTERN_ID,
            plan_history=plan_history,
        )

    first_ms, window = measure_open(app, make_window)
    week_sessions = len(log.sessions_for_days(today - timedelta(days=today.weekday()), today))
    close(app, window)
    print(f"   first open: import {import_ms:.0f} ms + window {first_ms:.0f} ms")

    open_times = []
    for _ in range(opens):
        elapsed, window = measure_open(app, make_window)
        open_times.append(elapsed)
        close(app, window)

    _, window = measure_open(app, make_window)
    watcher = PaintWatcher(chart_viewport(window))
    switch_times = []
    for _ in range(switches):
        before = watcher.paints
        started = time.perf_counter()
        window.show_previous_week()
        until_painted(app, watcher, before)
        switch_times.append((time.perf_counter() - started) * 1000)

    # The month tab: opening it (this week's month), then stepping back a month at a time.
    month_watcher = PaintWatcher(window.month_view.calendar)
    month_times = []
    before = month_watcher.paints
    started = time.perf_counter()
    window.tabs.setCurrentWidget(window.month_view)
    until_painted(app, month_watcher, before)
    month_times.append((time.perf_counter() - started) * 1000)
    for _ in range(switches // 2):
        before = month_watcher.paints
        started = time.perf_counter()
        window.month_view.previous_button.click()
        until_painted(app, month_watcher, before)
        month_times.append((time.perf_counter() - started) * 1000)
    close(app, window)

    rng = random.Random(7)
    query_times = []
    found = []
    for _ in range(queries):
        monday = today - timedelta(days=today.weekday(), weeks=rng.randint(1, 255))
        started = time.perf_counter()
        rows = log.sessions_for_days(monday, monday + timedelta(days=6))
        query_times.append((time.perf_counter() - started) * 1000)
        found.append(len(rows))
    database.close()

    print(
        f"   log: five years, {week_sessions} sessions this week so far, "
        f"{median(found):.0f} in a typical week"
    )
    print(f"   opens (ms): {', '.join(f'{t:.0f}' for t in open_times)}")
    print(
        f"   week switch: median {median(switch_times):.1f} ms, p90 "
        f"{percentile(switch_times, 0.9):.1f} ms over {switches}"
    )
    print(
        f"   month view: first {month_times[0]:.1f} ms, median {median(month_times):.1f} ms, "
        f"p90 {percentile(month_times, 0.9):.1f} ms over {len(month_times)}"
    )
    print(
        f"   week query: median {median(query_times):.2f} ms, p99 "
        f"{percentile(query_times, 0.99):.2f} ms over {queries}"
    )
    return [
        Absolute("first open (import + window shown)", "ms", import_ms + first_ms, GOAL_SHOWN_MS),
        Absolute(f"window shown (median of {opens})", "ms", median(open_times), GOAL_SHOWN_MS),
        Absolute(f"week switch (median of {switches})", "ms", median(switch_times), GOAL_SWITCH_MS),
        Absolute(f"week query (median of {queries})", "ms", median(query_times), GOAL_QUERY_MS),
        Absolute("month view opened (first)", "ms", month_times[0], GOAL_MONTH_MS),
        Absolute(
            f"month view switch (median of {len(month_times)})",
            "ms",
            median(month_times),
            GOAL_MONTH_MS,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print_header("review at scale: five years of history")
    source = cached_history()
    with tempfile.TemporaryDirectory(prefix="focusdesk-review-") as folder:
        data_dir = Path(folder)
        (data_dir / "focusdesk.sqlite3").write_bytes(source.read_bytes())
        if args.offscreen:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            rows = run(args, data_dir)
        else:
            with virtual_desktop() as desktop:
                os.environ.update(
                    {k: desktop.env[k] for k in ("DISPLAY", "QT_QPA_PLATFORM", "XDG_RUNTIME_DIR")}
                )
                rows = run(args, data_dir)
    print_absolutes(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
