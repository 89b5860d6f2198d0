#!/usr/bin/env bash
# One command to run FocusDesk from a checkout on a fresh Debian/Ubuntu machine:
# installs the system packages Qt needs (as root, else via sudo; skipped when
# all are present), a Python >= 3.11 virtualenv in .venv, then starts the app.
# Arguments go to `focusdesk`, e.g. `bash scripts/run-app.sh --data-dir /tmp/fd`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

bootstrap_system_packages app
bootstrap_app_venv
exec "$FD_ROOT/.venv/bin/focusdesk" "$@"
