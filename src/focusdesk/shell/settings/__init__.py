"""The settings windows: general settings (`settings_window`), the pattern
editor for a user's own day patterns (`pattern_editor`) and the week preview
both of them show (`week_preview`).
"""
