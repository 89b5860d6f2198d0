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
