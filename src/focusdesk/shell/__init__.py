"""The Qt shell: everything a person sees and everything that talks to the desktop.

It drives the pure core (`focusdesk.core`) and owns no rules. One package per
concern, from the bottom up:

- `desktop`: the desktop session itself: timers and sleep/clock watching,
  notifications, sound, the control socket and instance lock, autostart, the
  QApplication.
- `tray`: the tray icon, its drawn faces and menu, and the window shown when
  there is no tray.
- `boundary`, `ritual`, `settings`, `review`: the boundary outputs, the
  shutdown ritual, the settings windows and the week review; none of them
  imports another.

The packages import each other only downwards (checked by the import-linter
contracts in pyproject.toml); nothing here imports `focusdesk.app`.
"""
