#!/usr/bin/env bash
# One command for the whole test suite on a fresh Debian/Ubuntu machine:
# system packages (Qt, Xvfb, tray host, D-Bus, ...), .venv, then every check.
# Extra arguments go to the final pytest run, e.g. `-k tray` or `tests/e2e`.
# With CI=true the end-to-end tests fail instead of skipping when a tool is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

bootstrap_system_packages app test
# Every tool the tests run, checked before anything else: a missing one would
# otherwise show up minutes later as a skip, or under CI as a failure.
if ! fd_check_tools app test; then
    if [[ "${CI:-}" =~ ^(1|true|yes)$ ]]; then
        fd_die "CI=true: the tools above are missing (scripts/system-packages.txt names their packages)"
    fi
    fd_warn "the tests that need the tools above will be skipped (CI=true makes them fail)"
fi
bootstrap_app_venv
bootstrap_python_shared_library
bootstrap_core_venv
cd "$FD_ROOT"

passed=()
failed=()
started_all=$SECONDS

# step NAME COMMAND...: run one check, remember whether it passed.
step() {
    local name="$1"
    shift
    local started=$SECONDS status=0
    printf '\n==> %s\n' "$name" >&2
    "$@" || status=$?
    if ((status == 0)); then
        passed+=("$name ($((SECONDS - started))s)")
    else
        failed+=("$name (exit $status)")
    fi
}

# pytest exits 5 when it collected nothing. That is only fine when the caller
# narrowed the run with their own arguments; an empty suite proves nothing.
pytest_allowing_empty_selection() {
    local status=0
    .venv/bin/python -m pytest "$@" || status=$?
    if ((status == 5)); then
        echo "pytest collected no tests for this selection" >&2
        return 0
    fi
    return "$status"
}

step "ruff check" .venv/bin/ruff check .
step "ruff format" .venv/bin/ruff format --check .
step "mypy" .venv/bin/mypy
step "import contracts" .venv/bin/lint-imports
# The core without PySide6, sqlite-utils or plyer installed (STYLE.md).
step "core tests without Qt" .venv-core/bin/python -m pytest tests/core
if (($# > 0)); then
    step "pytest $*" pytest_allowing_empty_selection "$@"
else
    step "full test suite" .venv/bin/python -m pytest
    # The core and the store again with the process in other time zones: code
    # that converts with the machine's zone (`astimezone()` instead of
    # `astimezone(UTC)`) passes in UTC and fails here. One zone with a
    # half-hour offset and no DST, one with DST.
    for zone in Asia/Kolkata America/New_York; do
        step "core and store tests under TZ=$zone" \
            env TZ="$zone" .venv/bin/python -m pytest tests/core tests/store -q -p no:cacheprovider
    done
fi

echo >&2
if ((${#failed[@]} > 0)); then
    echo "run-tests: FAILED: ${failed[*]} — passed: ${passed[*]:-none} ($((SECONDS - started_all))s)" >&2
    exit 1
fi
echo "run-tests: all passed: ${passed[*]} ($((SECONDS - started_all))s)" >&2
