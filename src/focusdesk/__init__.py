"""FocusDesk: a system-tray guardian of the working day."""

__version__ = "0.1.0"
