"""How FocusDesk talks to the desktop session.

The wall-clock ticker and the sleep/resume watcher, desktop notifications,
sound, the local control socket and the one-instance lock, autostart entries,
the process's QApplication and PySide import tweaks. Nothing here draws a
window of FocusDesk's own; everything above (tray, windows, outputs) may use it.
"""
