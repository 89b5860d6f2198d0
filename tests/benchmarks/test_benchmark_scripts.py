"""Each benchmark script starts and explains itself (`--help`); timings are never asserted here.

Speed is measured by running the scripts (see docs/PERFORMANCE.md), not by
the test suite: a timed assertion would fail on a busy machine for no fault.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SCRIPTS = (
    "startup.py",
    "memory.py",
    "idle_cpu.py",
    "review_scale.py",
    "log_writes.py",
    "day_states.py",
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


def test_minimal_tray_app_compiles() -> None:
    # It is a GUI program with no --help; compiling it proves it is at least valid Python.
    source = (BENCHMARKS / "minimal_tray.py").read_text(encoding="utf-8")
    compile(source, "minimal_tray.py", "exec")


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
