"""The settings windows: general settings (`settings_window`), the pattern
editor for a user's own day patterns (`pattern_editor`), the first-run
welcome that picks a pattern (`welcome_window`) and the week preview all of
them show (`week_preview`).
"""
