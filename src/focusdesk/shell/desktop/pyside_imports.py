"""Stop PySide from reading the source of every module imported after it.

PySide's `__feature__` support (snake_case, true_property) decides per module
whether it may use a feature: on every import after PySide6 it calls
`inspect.getsource(module)` and looks for the text "PySide6". The source
stays in `linecache` for the life of the process: ≈ 4.6 MB resident in the
tray app (≈ 240 modules), and reading it costs start-up time. FocusDesk uses
no feature, so every module may be treated as one that does not: the same
answer PySide gives any module without the text in it. A module that does
`from __feature__ import …` is still set up by that import itself.

This reaches into PySide's private `shibokensupport.feature`; if a PySide
release changes it, nothing happens (and `tests/shell/desktop/test_pyside_imports.py`
says so).
"""

from __future__ import annotations

import sys
from types import ModuleType


def _uses_no_feature(module: ModuleType) -> bool:
    return False


def skip_source_scans() -> bool:
    """Install the shortcut (PySide6 is imported here if it was not); True if it took."""
    import PySide6  # noqa: F401  (loads shibokensupport)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_no_feature  # type: ignore[attr-defined]
    return True
