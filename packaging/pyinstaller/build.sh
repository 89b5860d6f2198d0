#!/bin/sh
# Build the one-folder FocusDesk app with PyInstaller.
#
#   packaging/pyinstaller/build.sh [DIST_DIR]
#
# DIST_DIR defaults to dist/ at the repository root; the app lands in
# DIST_DIR/focusdesk/ (and DIST_DIR/FocusDesk.app on macOS). The build's
# scratch files go to $WORK_DIR (default build/pyinstaller). PYTHON picks the
# interpreter (default: the repo's .venv, else python3); it needs FocusDesk's
# dependencies and `pyinstaller` installed (pip install -e '.[test]').
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DIST_DIR=${1:-$REPO/dist}
WORK_DIR=${WORK_DIR:-$REPO/build/pyinstaller}
if [ -z "${PYTHON:-}" ]; then
  if [ -x "$REPO/.venv/bin/python" ]; then PYTHON=$REPO/.venv/bin/python; else PYTHON=python3; fi
fi

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  echo "build.sh: PyInstaller is not installed for $PYTHON (pip install pyinstaller)" >&2
  exit 1
fi

"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST_DIR" --workpath "$WORK_DIR" "$HERE/focusdesk.spec"
echo "build.sh: built $DIST_DIR/focusdesk"
