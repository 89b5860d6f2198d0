"""Log writes: latency of a session's start write and end write (WAL, synchronous=FULL).

    .venv/bin/python benchmarks/log_writes.py                 # 500 sessions
    .venv/bin/python benchmarks/log_writes.py --count 100     # a quick look
    .venv/bin/python benchmarks/log_writes.py --dir /home/me  # on another filesystem

Opens a log with `open_database` (so with FocusDesk's own pragmas: WAL,
synchronous=FULL) in a temporary folder on the filesystem of `--dir`
(default: the system temp folder), optionally on five years of history, and
times `SessionLog.open_session` (the start write: one INSERT, one commit,
one fsync) and `SessionLog.close_session` (the end write: one upsert, one
commit) for each session. Prints the median and p99 of each, the
filesystem type (`df -T`) and the pragmas actually in force.
No comparison with the minimal app: it writes nothing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from measure import median, percentile, print_header

from focusdesk.core.sessions import Outcome, SessionKind, SessionRecord, new_session_id
from focusdesk.store.database import open_database
from focusdesk.store.session_log import SessionLog


def filesystem_of(folder: Path) -> str:
    """`df -T` for `folder`: device, type and mount point, in one line."""
    try:
        result = subprocess.run(  # noqa: S603  (a fixed command, no user text)
            ["df", "-T", str(folder)], capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown (df -T failed)"
    fields = result.stdout.splitlines()[-1].split()
    return f"{fields[1]} ({fields[0]} mounted on {fields[-1]})"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500, help="sessions written (default 500)")
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path(tempfile.gettempdir()),
        help="put the log in a temporary folder under DIR (default: the temp folder)",
    )
    parser.add_argument(
        "--empty-log",
        action="store_true",
        help="start from an empty log (default: five years of history)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print_header("log writes: a session's start and end write, synchronous=FULL")
    with tempfile.TemporaryDirectory(prefix="focusdesk-writes-", dir=args.dir) as folder:
        path = Path(folder) / "focusdesk.sqlite3"
        if not args.empty_log:
            from history import cached_history

            shutil.copy(cached_history(), path)
        print(f"   filesystem: {filesystem_of(Path(folder))}")
        database = open_database(path)
        try:
            conn = database.conn
            journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
            synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(
                conn.execute("PRAGMA synchronous").fetchone()[0], "?"
            )
            print(f"   journal_mode={journal}, synchronous={synchronous}")
            log = SessionLog(database)
            start = datetime.now(UTC) + timedelta(days=1)  # after all history
            opens, closes = [], []
            for number in range(args.count):
                began = start + timedelta(minutes=30 * number)
                record = SessionRecord(
                    id=new_session_id(),
                    kind=SessionKind.FOCUS,
                    label="benchmark",
                    pattern_id="deep-work-biome",
                    day=began.date(),
                    started_at=began,
                    planned_end=began + timedelta(minutes=25),
                    utc_offset_minutes=0,
                    planned_seconds=1500,
                )
                timer = time.perf_counter()
                log.open_session(record)
                opens.append((time.perf_counter() - timer) * 1000)
                ended = replace(
                    record,
                    ended_at=began + timedelta(minutes=25),
                    actual_seconds=1500,
                    outcome=Outcome.COMPLETED,
                )
                timer = time.perf_counter()
                log.close_session(ended)
                closes.append((time.perf_counter() - timer) * 1000)
        finally:
            database.close()
    print(f"   {args.count} sessions, each: open_session (start) then close_session (end)")
    table = [("write", "median", "p99", "max")]
    for name, values in (("start (open_session)", opens), ("end (close_session)", closes)):
        table.append(
            (
                name,
                f"{median(values):.2f} ms",
                f"{percentile(values, 0.99):.2f} ms",
                f"{max(values):.2f} ms",
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    for row in table:
        print("   " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
