"""The review tests share one known week of the log (defined in test_review_window)."""

from test_review_window import catalog, log, window  # noqa: F401 - fixtures for the other modules
