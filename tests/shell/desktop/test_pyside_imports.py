"""PySide no longer reads (and keeps) the source of each module imported after it."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _modules_with_cached_source(skip: bool) -> set[str]:
    script = textwrap.dedent(
        f"""
        import linecache
        from focusdesk.shell.desktop.pyside_imports import skip_source_scans
        if {skip!r}:
            assert skip_source_scans(), "PySide's feature module changed: see pyside_imports.py"
        else:
            import PySide6.QtCore
        import focusdesk.core.planner, focusdesk.shell.tray.tray
        from PySide6.QtCore import QObject
        print("\\n".join(name for name in linecache.cache if "focusdesk" in name))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return {line.rsplit("/", 1)[-1] for line in result.stdout.split()}


def test_without_the_shortcut_pyside_keeps_each_new_modules_source() -> None:
    # The cost being removed: if this fails, PySide stopped doing it and the
    # shortcut can go.
    assert _modules_with_cached_source(skip=False)


def test_with_the_shortcut_no_module_source_is_read() -> None:
    assert _modules_with_cached_source(skip=True) == set()
