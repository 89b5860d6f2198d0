"""The whole day at rest: memory, CPU and wake-ups in each state of a working day, against the minimal app.

    .venv/bin/python benchmarks/day_states.py                    # settle 10 s, measure 30 s per state
    .venv/bin/python benchmarks/day_states.py --settle 5 --seconds 10   # a quick look

FocusDesk runs on the shipped default pattern (Boundary Fortress: deep work
09:30–11:00, hard stop 18:30, weekends protected), on five years of log, with
what exists switched on: presence (away after 5 min, offclock after 10), D-Bus
notifications (the e2e tests' notification server is on the bus), and — where
this checkout has them — a calendar file of 10,000 events and the German
translation. Its clock is faked with libfaketime (`FAKETIME="@…"`) for the app
process only (the command line keeps the real clock), monotonic clock
included: with `DONT_FAKE_MONOTONIC=1` every `time.sleep` in the app fails
with EINVAL (libfaketime 0.9.10), and the calendar reader's wait for its child
process is one, so the app read the 10,000-event file in-process after all
(+10 MB, seen on the Sunday). The states:

1. working morning: a Tuesday, launched at 10:00 (inside the planned deep-work block);
2. in a focus block: the same app after `focusdesk start` (a block just longer
   than the reading);
3. after the first block: the block ended (its chime played) and the buffer runs
   — what the rest of a working day looks like;
4. the hard stop has rung: launched at 18:29:45 (the Tuesday, or the first day to Friday
   with no calendar meeting over the hard stop: the ritual would wait for it), the hard stop
   rings (chime, critical notification) and the shutdown ritual waits on screen (in its
   own process, counted with the app's); offclock watching;
5. the ritual closed without "Done" (the window manager's close button): the day is
   not closed, and the ring still counts;
6. evening after the ritual: the same app after `focusdesk open ritual` brought the
   window back and "Done — close the day" was clicked;
7. a protected day: a Sunday, launched at 14:00;
8. the first launch on a new log: the Tuesday at 10:00 again, with no log
   (FocusDesk creates it: the migrations run).

Each launch of FocusDesk gets a fresh minimal tray app beside it on the same
virtual display (the e2e harness), so every ratio is measured in one go. In
each state: wait `--settle` seconds, count CPU time and wake-ups over
`--seconds`, then read RSS and PSS. FocusDesk's figures include the child
processes it runs at the time (the shutdown ritual's window runs in one):
CPU and wake-ups of every thread, RSS and PSS summed (RSS counts the pages
two processes share twice; PSS splits them). The dates are the first Tuesday and the
next Sunday after the cached history ends (yesterday), so the log has nothing
on them yet. Before the runs, one unmeasured warm-up launch (the Monday before)
writes the `.pyc` files and brings the log to the current schema — it is
stopped only once `focusdesk status` answers, or the log is never migrated and
every measured launch would be a first launch (which imports sqlite-utils).
Goals: RSS ≤ 1.25×, CPU and wake-ups ≤ 1× the minimal app.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from desktop import (
    DesktopError,
    VirtualDesktop,
    app_log,
    focusdesk_cli,
    launch,
    poll_until,
    stop_process,
    virtual_desktop,
)
from history import cached_history, end_day
from idle_cpu import measure_window
from measure import Comparison, print_comparisons, print_header, tree_pss_mb, tree_rss_mb

LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")
ZONE = "Europe/Berlin"  # the history's zone
RSS_GOAL = 1.25
CPU_GOAL = 1.0
LANGUAGE = "de"  # where this checkout has translations


def ritual_title(language: str | None) -> str:
    """The shutdown-ritual window's title in the app's language (the windows are translated)."""
    from focusdesk.core.i18n import _, set_language

    set_language(language)
    try:
        return _("FocusDesk — close the day")
    finally:
        set_language(None)


def faked(moment: str) -> dict[str, str]:
    """The environment that starts one process's wall clock at `moment` (local, ZONE)."""
    return {
        "LD_PRELOAD": str(LIBFAKETIME),
        "FAKETIME": f"@{moment}",
        "DONT_FAKE_MONOTONIC": "0",
        "TZ": ZONE,
    }


def the_days(after: date) -> tuple[date, date, date]:
    """(the Monday of the warm-up, the Tuesday, the Sunday after it), all after `after`."""
    tuesday = after + timedelta(days=2)  # its Monday (the warm-up) after `after` too
    while tuesday.weekday() != 1:
        tuesday += timedelta(days=1)
    return tuesday - timedelta(days=1), tuesday, tuesday + timedelta(days=5)


def optional_settings() -> tuple[list[str], list[str], list[str]]:
    """For the features this checkout has (language, calendar): top-level settings lines,
    table lines, and their names."""
    from focusdesk.store import settings_store

    known = {(key.section, key.key) for key in settings_store._KEYS}
    top: list[str] = []
    lines: list[str] = []
    names: list[str] = []
    if (None, "language") in known:
        top.append(f'language = "{LANGUAGE}"')
        names.append("German translation")
    if ("calendar", "files") in known:
        try:
            from calendar_scale import EVENTS, calendar_file
        except ImportError:  # the calendar benchmark (its 10,000-event file) is not here
            pass
        else:
            lines += ["[calendar]", f"files = [{json.dumps(str(calendar_file()))}]"]
            names.append(f"calendar ({EVENTS:,} events)")
    return top, lines, names


def prepare_template(folder: Path) -> tuple[Path, list[str]]:
    """A data dir on the five-year log with every feature on; what is switched on."""
    data_dir = folder / "template"
    data_dir.mkdir(parents=True)
    shutil.copy(cached_history(), data_dir / "focusdesk.sqlite3")
    top, tables, names = optional_settings()
    (data_dir / "settings.toml").write_text(
        "\n".join(
            [
                *top,
                'pattern = "boundary-fortress"',
                'day_boundary = "04:00"',
                "[notifications]",
                "enabled = true",
                "[sound]",
                "muted = false",
                "[presence]",
                "away_after_minutes = 5",
                "offclock_after_minutes = 10",
                *tables,
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return data_dir, ["presence (away 5 min, offclock 10 min)", "D-Bus notifications", *names]


def status(desktop: VirtualDesktop, data_dir: Path) -> dict[str, object] | None:
    result = focusdesk_cli(desktop, data_dir, "status", "--json", timeout=10)
    if result.returncode != 0:
        return None
    try:
        return dict(json.loads(result.stdout))
    except ValueError:
        return None


def describe(answer: dict[str, object] | None) -> str:
    if answer is None:
        return "no answer"
    keys = ("state", "day_state", "presence", "next_meeting")
    return ", ".join(f"{key}={answer[key]}" for key in keys if key in answer) or str(answer)[:80]


def warm_up(desktop: VirtualDesktop, data_dir: Path, moment: str) -> None:
    """One unmeasured launch, stopped only once `focusdesk status` answers."""
    app = launch(desktop, "focusdesk", data_dir, "warm-up", faked(moment))
    try:
        desktop.wait_for_tray_icon(app)
        poll_until(lambda: status(desktop, data_dir), 60, "the warm-up's status")
    except DesktopError as error:
        raise DesktopError(f"warm-up: {error}\n{app_log(desktop, 'warm-up')[-2000:]}") from None
    finally:
        stop_process(app)


@dataclass
class Reading:
    state: str
    status: str
    figures: dict[str, dict[str, float | None]] = field(default_factory=dict)


def read_state(
    state: str,
    desktop: VirtualDesktop,
    data_dir: Path,
    apps: dict[str, subprocess.Popen[bytes]],
    settle: float,
    seconds: float,
) -> Reading:
    time.sleep(settle)
    cpu = measure_window(apps, seconds)
    reading = Reading(state, describe(status(desktop, data_dir)))
    for kind, app in apps.items():
        reading.figures[kind] = {
            "rss": tree_rss_mb(app.pid),  # with its child processes (the ritual's)
            "pss": tree_pss_mb(app.pid),
            "cpu": cpu[kind][0],
            "wakeups": float(cpu[kind][1]),
        }
    print(f"   measured: {state} — FocusDesk says {reading.status}", flush=True)
    return reading


def run_pair(
    desktop: VirtualDesktop,
    template: Path,
    folder: Path,
    name: str,
    moment: str,
    steps: Callable[[VirtualDesktop, Path, dict[str, subprocess.Popen[bytes]]], list[Reading]],
    *,
    new_log: bool = False,
) -> list[Reading]:
    """A fresh copy of the data dir, FocusDesk at `moment` and a fresh minimal app beside it.

    With `new_log` the copy has no log: FocusDesk's first launch creates it."""
    data_dir = folder / name
    shutil.copytree(template, data_dir)
    if new_log:
        for leftover in data_dir.glob("focusdesk.sqlite3*"):
            leftover.unlink()
    apps = {
        "focusdesk": launch(desktop, "focusdesk", data_dir, f"{name}-focusdesk", faked(moment)),
        "minimal": launch(desktop, "minimal", data_dir, f"{name}-minimal"),
    }
    try:
        for kind, app in apps.items():
            try:
                desktop.wait_for_tray_icon(app)
            except DesktopError as error:
                log = app_log(desktop, f"{name}-{kind}")[-2000:]
                raise DesktopError(f"{name}/{kind}: {error}\n{log}") from None
        poll_until(lambda: status(desktop, data_dir), 60, f"{name}: FocusDesk's status")
        return steps(desktop, data_dir, apps)
    finally:
        for app in apps.values():
            stop_process(app)


def evening_moment(desktop: VirtualDesktop, template: Path, folder: Path, day: date) -> str:
    """15 s before the hard stop of `day`, or of the next working day with no meeting over it.

    A calendar meeting that runs over the hard stop makes the ritual wait until
    it ends, and a launch after the hard stop does not ring at all: one
    unmeasured launch per candidate day reads its planned block.
    """
    for offset in range(4):  # Tuesday to Friday
        moment = f"{day + timedelta(days=offset)} 18:29:45"
        data_dir = folder / f"evening-probe-{offset}"
        shutil.copytree(template, data_dir)
        app = launch(desktop, "focusdesk", data_dir, data_dir.name, faked(moment))
        try:
            desktop.wait_for_tray_icon(app)
            poll_until(
                lambda here=data_dir: status(desktop, here), 60, "the evening probe's status"
            )
            time.sleep(5)  # the calendar is read in a child process after start-up
            answer = status(desktop, data_dir) or {}
        finally:
            stop_process(app)
        block, hard_stop = answer.get("planned_block"), answer.get("hard_stop")
        if not isinstance(block, dict) or not isinstance(hard_stop, str):
            return moment
        if datetime.fromisoformat(str(block["end"])) <= datetime.fromisoformat(hard_stop):
            return moment
        print(f"   {moment[:10]}: a meeting ({block.get('label')}) runs over the hard stop")
    return moment


def click_done(desktop: VirtualDesktop, window: int) -> None:
    """Click "Done — close the day" (bottom right), as the e2e test of the ritual does."""

    def xdotool(*argv: str) -> str:
        return subprocess.run(  # noqa: S603
            ["xdotool", *argv],
            env=desktop.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout

    geometry = xdotool("getwindowgeometry", str(window))
    left, top = (int(v) for v in geometry.split("Position: ")[1].split()[0].split(","))
    width, height = (int(v) for v in geometry.split("Geometry: ")[1].split()[0].split("x"))
    xdotool("mousemove", str(left + width - 70), str(top + height - 22), "click", "1")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--settle", type=float, default=10.0, help="seconds in a state before counting (default 10)"
    )
    parser.add_argument(
        "--seconds", type=float, default=30.0, help="seconds of CPU counting per state (default 30)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not LIBFAKETIME.exists():
        print(f"day_states: {LIBFAKETIME} is missing (apt-get install faketime)", file=sys.stderr)
        return 2
    print_header(
        f"the day at rest: {args.settle:g} s settle, {args.seconds:g} s counted, per state"
    )
    monday, tuesday, sunday = the_days(end_day())
    readings: list[Reading] = []
    with tempfile.TemporaryDirectory(prefix="focusdesk-day-") as name:
        folder = Path(name)
        template, switched_on = prepare_template(folder)
        print(f"   switched on: {', '.join(switched_on)}")
        title = ritual_title(LANGUAGE if "German translation" in switched_on else None)
        print(
            f"   days: {tuesday:%a %Y-%m-%d} and {sunday:%a %Y-%m-%d} ({ZONE}), faked for the app"
        )
        with virtual_desktop(notifications=True) as desktop:
            warm_up(desktop, template, f"{monday} 10:00:00")

            def morning(d: VirtualDesktop, data: Path, apps: dict) -> list[Reading]:  # type: ignore[type-arg]
                first = read_state(
                    "working morning (Tue 10:00)", d, data, apps, args.settle, args.seconds
                )
                # A block long enough for the reading, short enough to end in the run.
                minutes = f"{(args.settle + args.seconds + 15) / 60:.2f}"
                started = focusdesk_cli(d, data, "start", "--minutes", minutes, "--label", "bench")
                if started.returncode != 0:
                    print(f"   focus block not measured: {started.stderr.strip()!r}")
                    return [first]
                block = read_state(
                    "in a focus block (Tue 10:0x)", d, data, apps, args.settle, args.seconds
                )
                poll_until(
                    lambda: (status(d, data) or {}).get("state") not in ("focus", None),
                    120,
                    "the focus block to end",
                )
                after = read_state(
                    "after the first block (its chime; buffer)",
                    d,
                    data,
                    apps,
                    args.settle,
                    args.seconds,
                )
                return [first, block, after]

            def evening(d: VirtualDesktop, data: Path, apps: dict) -> list[Reading]:  # type: ignore[type-arg]
                pid = apps["focusdesk"].pid
                window = poll_until(
                    lambda: d.window_titled(pid, title), 60, "the shutdown-ritual window"
                )
                rung = read_state(
                    "hard stop rung, ritual open (18:30)",
                    d,
                    data,
                    apps,
                    args.settle,
                    args.seconds,
                )
                # Closed without "Done" (not now): what an ignored ritual costs all evening.
                assert d.x is not None
                d.x.request_close(window)
                poll_until(
                    lambda: d.window_titled(pid, title) is None or None,
                    10,
                    "the ritual window to close",
                )
                closed = read_state(
                    "ritual closed, day not closed (18:3x)",
                    d,
                    data,
                    apps,
                    args.settle,
                    args.seconds,
                )
                focusdesk_cli(d, data, "open", "ritual")
                window = poll_until(
                    lambda: d.window_titled(pid, title), 60, "the shutdown-ritual window again"
                )
                time.sleep(1.5)
                click_done(d, window)
                poll_until(
                    lambda: d.window_titled(pid, title) is None or None,
                    10,
                    "the ritual window to close after Done",
                )
                after = read_state(
                    "evening after the ritual (18:3x)", d, data, apps, args.settle, args.seconds
                )
                return [rung, closed, after]

            def protected(d: VirtualDesktop, data: Path, apps: dict) -> list[Reading]:  # type: ignore[type-arg]
                return [
                    read_state(
                        "protected day (Sun 14:00)", d, data, apps, args.settle, args.seconds
                    )
                ]

            readings += run_pair(
                desktop, template, folder, "morning", f"{tuesday} 10:00:00", morning
            )
            readings += run_pair(
                desktop,
                template,
                folder,
                "evening",
                evening_moment(desktop, template, folder, tuesday),
                evening,
            )
            readings += run_pair(
                desktop, template, folder, "sunday", f"{sunday} 14:00:00", protected
            )

            def first(d: VirtualDesktop, data: Path, apps: dict) -> list[Reading]:  # type: ignore[type-arg]
                return [
                    read_state(
                        "first launch on a new log (Tue 10:00)",
                        d,
                        data,
                        apps,
                        args.settle,
                        args.seconds,
                    )
                ]

            readings += run_pair(
                desktop, template, folder, "first", f"{tuesday} 10:00:00", first, new_log=True
            )

    rows: list[Comparison] = []
    for reading in readings:
        fd, minimal = reading.figures["focusdesk"], reading.figures["minimal"]
        for key, what, unit, goal in (
            ("rss", "RSS", "MB", RSS_GOAL),
            ("pss", "PSS", "MB", RSS_GOAL),
            ("cpu", f"CPU over {args.seconds:g} s", "ms", CPU_GOAL),
            ("wakeups", f"wake-ups over {args.seconds:g} s", "", CPU_GOAL),
        ):
            if minimal[key] is not None:
                rows.append(
                    Comparison(f"{reading.state}: {what}", unit, fd[key], minimal[key] or 0.0, goal)
                )
    print_comparisons(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
