"""Presence sources (SPEC §3a): where the shell learns whether the user is at the computer.

One implementation per desktop source behind `focusdesk.core.presence.PresenceSource`,
a Null one, and the chain that picks and falls back among them in one place
(`sources.presence_sources`). `monitor.PresenceMonitor` reads the chosen source
when it matters and tells the app when the user leaves and comes back.
"""
