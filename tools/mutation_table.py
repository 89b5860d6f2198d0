"""Print the mutation score table from mutmut's results (run after `mutmut run`).

Reads `mutmut results --all true` (one line per mutant: `name: status`) and
prints, per mutated file, how many mutants were killed, timed out (a mutant that
makes the tests hang counts as caught), survived or were reached by no test,
and the score: caught / all mutants. Mutants a filtered run did not check are
left out (a run of one file shows that file). Used by scripts/mutation.sh.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

LINE = re.compile(r"^\s*(?P<name>[\w.]+?)\.x\S*__mutmut_\d+: (?P<status>.+?)\s*$")
CAUGHT = {"killed", "timeout", "caught by type check", "segfault"}


def module_file(module: str) -> str:
    """`focusdesk.core.planner` → `core/planner.py` (relative to src/focusdesk)."""
    return "/".join(module.split(".")[1:]) + ".py"


def tally(results: str) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in results.splitlines():
        match = LINE.match(line)
        # Mutants a filtered run left out ("not checked") are not part of its table.
        if match and match["status"] != "not checked":
            counts[module_file(match["name"])][match["status"]] += 1
    return counts


def table(counts: dict[str, Counter[str]]) -> str:
    rows = [
        "| file | mutants | killed | timeouts | survived | no tests | score |",
        "|---|---|---|---|---|---|---|",
    ]
    total: Counter[str] = Counter()
    for name in sorted(counts):
        total.update(counts[name])
        rows.append(_row(name, counts[name]))
    rows.append(_row("**all**", total))
    return "\n".join(rows)


def _row(name: str, c: Counter[str]) -> str:
    mutants = sum(c.values())
    caught = sum(c[s] for s in CAUGHT)
    score = f"{100 * caught / mutants:.1f}%" if mutants else "–"
    return (
        f"| {name} | {mutants} | {c['killed']} | {c['timeout']} | {c['survived']} "
        f"| {c['no tests']} | {score} |"
    )


def main() -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    done = subprocess.run(  # noqa: S603  (the venv's own mutmut, fixed arguments)
        [str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        print(done.stderr.strip() or "mutmut results failed", file=sys.stderr)
        return 1
    counts = tally(done.stdout)
    if not counts:
        print("no mutants in mutmut's results: run `mutmut run` first", file=sys.stderr)
        return 1
    print(table(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
