"""Run every benchmark, with shortened settings for a quick look, or in full with --full.

    .venv/bin/python benchmarks/run_all.py          # ≈ 3 minutes
    .venv/bin/python benchmarks/run_all.py --full   # the settings docs/PERFORMANCE.md records (≈ 10 min)

Each benchmark runs as its own process (its own virtual desktop), one after
the other, so they never compete for the CPU. The exit code is the first
non-zero exit of a benchmark, else 0; a missed goal is printed, not an error.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

QUICK = (
    ("startup.py", "--runs", "3"),
    ("memory.py", "--idle-seconds", "5", "--settle-seconds", "2"),
    ("idle_cpu.py", "--seconds", "10"),
    ("review_scale.py", "--quick"),
    ("log_writes.py", "--count", "100"),
    ("day_states.py", "--settle", "3", "--seconds", "10"),
    ("calendar_scale.py", "--runs", "2", "--lookups", "200"),
)
FULL = (
    ("startup.py",),
    ("startup.py", "--history"),
    ("memory.py",),
    ("idle_cpu.py",),
    ("review_scale.py",),
    ("log_writes.py",),
    ("day_states.py",),
    ("calendar_scale.py",),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="the full settings (≈ 10 minutes)")
    args = parser.parse_args(argv)
    worst = 0
    for script, *options in FULL if args.full else QUICK:
        result = subprocess.run([sys.executable, str(HERE / script), *options], check=False)  # noqa: S603
        print(flush=True)
        if result.returncode and not worst:
            worst = result.returncode
    return worst


if __name__ == "__main__":
    sys.exit(main())
