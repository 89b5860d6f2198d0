#!/bin/sh
# Install (or remove) FocusDesk's desktop integration for the current user:
# the .desktop launcher, the AppStream metainfo and the hicolor icons, under
# $XDG_DATA_HOME (default ~/.local/share). The `focusdesk` command itself must
# already be on PATH (pip install --user, pipx, or a venv's bin on PATH).
#
#   packaging/linux/install-desktop.sh             # install
#   packaging/linux/install-desktop.sh --uninstall # remove what install put there
#   DESTDIR=/tmp/stage XDG_DATA_HOME=/usr/share packaging/linux/install-desktop.sh  # stage
set -eu

APP_ID=io.github.focusdesk.FocusDesk
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DATA_HOME=${DESTDIR:-}${XDG_DATA_HOME:-$HOME/.local/share}
ICONS_SRC=$REPO/resources/icons/hicolor

case "${1:-}" in
  "" ) mode=install ;;
  --uninstall ) mode=uninstall ;;
  * ) echo "install-desktop.sh: unknown option '$1' (use --uninstall or nothing)" >&2; exit 2 ;;
esac

if [ "$mode" = install ]; then
  install -Dm644 "$HERE/$APP_ID.desktop" "$DATA_HOME/applications/$APP_ID.desktop"
  install -Dm644 "$HERE/$APP_ID.metainfo.xml" "$DATA_HOME/metainfo/$APP_ID.metainfo.xml"
  for icon in "$ICONS_SRC"/*/apps/"$APP_ID".*; do
    size_dir=$(basename "$(dirname "$(dirname "$icon")")")
    install -Dm644 "$icon" "$DATA_HOME/icons/hicolor/$size_dir/apps/$(basename "$icon")"
  done
else
  rm -f "$DATA_HOME/applications/$APP_ID.desktop" "$DATA_HOME/metainfo/$APP_ID.metainfo.xml"
  rm -f "$DATA_HOME"/icons/hicolor/*/apps/"$APP_ID".png "$DATA_HOME"/icons/hicolor/*/apps/"$APP_ID".svg
fi

# Refresh the caches when the tools exist; a missing tool only delays the menu entry.
if [ -z "${DESTDIR:-}" ]; then
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$DATA_HOME/applications" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA_HOME/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$DATA_HOME/icons/hicolor" || true
  fi
fi

if ! command -v focusdesk >/dev/null 2>&1 && [ "$mode" = install ]; then
  echo "install-desktop.sh: note: 'focusdesk' is not on PATH; the launcher runs 'focusdesk'." >&2
fi
echo "install-desktop.sh: ${mode}ed $APP_ID under $DATA_HOME"
