"""The shutdown ritual that closes the day at the hard stop: checklist,
tomorrow's one big task, reflection scores and snooze.
"""
