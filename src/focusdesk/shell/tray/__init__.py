"""The tray icon: its drawn faces (`icons`), its menu and tooltip (`tray`), and
the small window that stands in for it on a desktop without a tray
(`fallback_window`). The icons are also what the boundary light and board draw.
"""
