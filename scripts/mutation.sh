#!/usr/bin/env bash
# Mutation testing: mutmut (configured in pyproject's [tool.mutmut]) over the
# engine, planner, week review, advice and session log against tests/core and
# tests/store, then the score table (docs/TESTING.md has the recorded one).
#
#   bash scripts/mutation.sh                      # everything, from scratch (~25 min)
#   bash scripts/mutation.sh --max-children 1     # gentler on a shared machine
#   bash scripts/mutation.sh 'focusdesk.core.planner*'   # one file while iterating
#   bash scripts/mutation.sh --keep ...           # reuse mutants/ from the last run
#
# Mutmut's own cache (mutants/) is dropped first unless --keep: a stale cache
# after a rebase reports results for code that is no longer there.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

bootstrap_app_venv
cd "$FD_ROOT"
if [[ ! -x .venv/bin/mutmut ]]; then
    fd_say "installing mutmut (the [mutation] extra) into .venv"
    .venv/bin/python -m pip install -q -e ".[test,mutation]"
fi

children=2
keep=false
names=()
while (($# > 0)); do
    case "$1" in
    --max-children) children="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    *) names+=("$1"); shift ;;
    esac
done
[[ "$keep" == true ]] || rm -rf mutants
.venv/bin/mutmut run --max-children "$children" "${names[@]}"
.venv/bin/python tools/mutation_table.py
