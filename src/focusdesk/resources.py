"""Locating the files that ship in the top-level `resources/` folder.

In a wheel they are installed as `focusdesk/resources`; in a source checkout
(editable install, tests) they are read from the repository's `resources/`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    installed = _PACKAGE_DIR / "resources"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def builtin_patterns_dir() -> Path:
    return resource_path("patterns")
