"""What the benchmarks read from /proc, the statistics they compute, and how they print.

Every script prints a small table: the figure for FocusDesk, the same
figure for the minimal PySide6 tray app measured in the same run, their
ratio, and the goal with "met" or "MISSED".
"""

from __future__ import annotations

import math
import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop import process_tree  # (FocusDesk's child processes count as its own)


def _status_fields(pid: int) -> dict[str, str]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def rss_mb(pid: int) -> float:
    """Resident set size (VmRSS) in MB (10^6 bytes, as the reference table uses)."""
    kib = int(_status_fields(pid)["VmRSS"].split()[0])
    return kib * 1024 / 1e6


def tree_rss_mb(pid: int) -> float:
    """RSS of `pid` and its running children, summed (pages they share count twice)."""
    total = 0.0
    for member in process_tree(pid):
        try:
            total += rss_mb(member)
        except (OSError, KeyError):  # ended meanwhile (or a zombie: no VmRSS)
            continue
    return total


def tree_pss_mb(pid: int) -> float | None:
    """PSS of `pid` and its running children, summed (shared pages split fairly)."""
    shares = [pss_mb(member) for member in process_tree(pid)]
    return sum(share for share in shares if share is not None) if shares[0] is not None else None


def pss_mb(pid: int) -> float | None:
    """Proportional set size from smaps_rollup in MB, or None where it cannot be read."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024 / 1e6
    return None


@dataclass(frozen=True)
class ThreadCounters:
    """Per-thread CPU runtime (ns) and voluntary context switches of one process."""

    runtime_ns: dict[int, int]
    switches: dict[int, int]


def tree_counters(pid: int) -> ThreadCounters:
    """`thread_counters` of `pid` and every running child of it, together."""
    runtime: dict[int, int] = {}
    switches: dict[int, int] = {}
    for member in process_tree(pid):
        try:
            counters = thread_counters(member)
        except OSError:
            continue  # ended meanwhile
        runtime.update(counters.runtime_ns)
        switches.update(counters.switches)
    return ThreadCounters(runtime, switches)


def thread_counters(pid: int) -> ThreadCounters:
    """Read /proc/PID/task/*: schedstat's runtime (ns) and status's voluntary switches.

    /proc/PID/stat counts utime+stime in clock ticks (10 ms here), too coarse
    for a process that uses ~10 ms a minute; the scheduler's runtime is exact.
    A voluntary context switch is a thread going back to sleep: one wake-up.
    """
    runtime: dict[int, int] = {}
    switches: dict[int, int] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            ns = int((task / "schedstat").read_text().split()[0])
            status = (task / "status").read_text()
        except OSError:
            continue  # the thread ended meanwhile
        for line in status.splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                switches[int(task.name)] = int(line.split()[1])
        runtime[int(task.name)] = ns
    return ThreadCounters(runtime, switches)


def counters_delta(before: ThreadCounters, after: ThreadCounters) -> tuple[float, int]:
    """(CPU ms, wake-ups) between two readings, per thread, so a thread that
    ends in between cannot make the total go down (a new one counts from 0).
    Work of a thread that started and ended in between is not seen."""
    cpu_ns = sum(ns - before.runtime_ns.get(tid, 0) for tid, ns in after.runtime_ns.items())
    wakeups = sum(n - before.switches.get(tid, 0) for tid, n in after.switches.items())
    return cpu_ns / 1e6, wakeups


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (0.99 → p99) of `values`."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def machine_description() -> list[str]:
    """nproc, CPU model, Python and PySide6 versions: what docs/PERFORMANCE.md records."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import PySide6

        pyside = PySide6.__version__
    except ImportError:
        pyside = "not installed"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"machine: {os.cpu_count()} CPUs, {model}; load average {load}",
        f"Python {platform.python_version()}, PySide6 {pyside}, {platform.platform()}",
    ]


def print_header(title: str) -> None:
    print(f"== {title}")
    for line in machine_description():
        print(f"   {line}")


@dataclass(frozen=True)
class Comparison:
    """FocusDesk's figure against the minimal app's, and the goal on their ratio."""

    what: str
    unit: str
    focusdesk: float | None
    minimal: float
    goal_ratio: float

    @property
    def ratio(self) -> float | None:
        if self.focusdesk is None or self.minimal <= 0:
            return None
        return self.focusdesk / self.minimal

    @property
    def verdict(self) -> str:
        ratio = self.ratio
        if ratio is None:
            return "not measured"
        return "met" if ratio <= self.goal_ratio else "MISSED"


@dataclass(frozen=True)
class Absolute:
    """A figure against an absolute goal (the review window, the week query)."""

    what: str
    unit: str
    value: float
    goal: float

    @property
    def verdict(self) -> str:
        return "met" if self.value <= self.goal else "MISSED"


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if not unit:  # a count
        return f"{value:.0f}"
    digits = 2 if abs(value) < 10 else 1
    return f"{value:.{digits}f} {unit}"


def print_comparisons(rows: Sequence[Comparison]) -> None:
    """One aligned table: figure, minimal app, ratio, goal, verdict."""
    table = [("what", "FocusDesk", "minimal app", "ratio", "goal", "")]
    for row in rows:
        ratio = row.ratio
        table.append(
            (
                row.what,
                _number(row.focusdesk, row.unit),
                _number(row.minimal, row.unit),
                "—" if ratio is None else f"{ratio:.2f}×",
                f"≤ {row.goal_ratio:g}×",
                row.verdict,
            )
        )
    _print_table(table)


def print_absolutes(rows: Sequence[Absolute]) -> None:
    table = [("what", "figure", "goal", "")]
    for row in rows:
        table.append(
            (row.what, _number(row.value, row.unit), f"≤ {row.goal:g} {row.unit}", row.verdict)
        )
    _print_table(table)


def _print_table(table: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("   " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
