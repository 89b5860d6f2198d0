"""Each benchmark script starts and explains itself (`--help`); timings are never asserted here.

Speed is measured by running the scripts (see docs/PERFORMANCE.md), not by
the test suite: a timed assertion would fail on a busy machine for no fault.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SCRIPTS = (
    "startup.py",
    "memory.py",
    "idle_cpu.py",
    "review_scale.py",
    "log_writes.py",
    "day_states.py",
    "calendar_scale.py",
    "run_all.py",
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_help_names_its_options(script: str) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage:")
    assert result.stderr == ""


def test_minimal_tray_app_draws_its_icon_and_its_chart_window(qapp: Any, qtbot: Any) -> None:
    # The floor program has no --help (it is a GUI): build its icon and its
    # chart window in-process and look at them.
    spec = importlib.util.spec_from_file_location("minimal_tray", BENCHMARKS / "minimal_tray.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    image = module.draw_icon().pixmap(32, 32).toImage()
    assert image.pixelColor(16, 16).name() == "#d98c1f"  # the orange disc
    assert image.pixelColor(0, 0).alpha() == 0  # on a transparent corner

    window = module.chart_window()
    qtbot.addWidget(window)
    assert window.windowTitle() == "minimal chart window"
    (series,) = window.chart().series()
    (bars,) = series.barSets()
    assert [bars.at(i) for i in range(bars.count())] == [90, 120, 60, 150, 45]


def test_percentile_is_nearest_rank() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from measure import percentile
    finally:
        sys.path.remove(str(BENCHMARKS))
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.99) == 99.0
    assert percentile(values, 0.5) == 50.0
    assert percentile([3.0], 0.99) == 3.0


def test_the_day_states_fall_after_the_history_on_the_right_weekdays() -> None:
    from datetime import date, timedelta

    sys.path.insert(0, str(BENCHMARKS))
    try:
        from day_states import the_days
    finally:
        sys.path.remove(str(BENCHMARKS))
    for history_ends in (date(2026, 11, 28), date(2026, 11, 30), date(2026, 12, 1)):
        monday, tuesday, sunday = the_days(history_ends)
        assert history_ends < monday < tuesday < sunday
        assert (monday.weekday(), tuesday.weekday(), sunday.weekday()) == (0, 1, 6)
        assert tuesday - history_ends <= timedelta(days=8)


def test_a_process_is_measured_with_the_children_it_started() -> None:
    # The ritual runs in a child of FocusDesk: the day's figures count it.
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from measure import process_tree, tree_counters, tree_rss_mb
    finally:
        sys.path.remove(str(BENCHMARKS))
    script = "import subprocess, sys, time; c = subprocess.Popen(['sleep', '30']); print(c.pid, flush=True); time.sleep(30)"
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    ) as parent:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        try:
            assert sorted(process_tree(parent.pid)) == sorted([parent.pid, child])
            assert tree_rss_mb(parent.pid) > tree_rss_mb(child) > 0
            assert set(tree_counters(parent.pid).runtime_ns) >= {parent.pid, child}
        finally:
            os.kill(child, signal.SIGKILL)
            parent.kill()
