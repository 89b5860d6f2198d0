"""The Qt shell: tray, windows, timers, notifications. Drives the core; owns no rules."""
