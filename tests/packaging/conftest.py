"""Shared set-up for the packaging checks."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from packaging_layout import tool_missing


@pytest.fixture
def require_tool() -> Callable[[str], str]:
    """Return a tool's path; a missing tool skips the test, or fails it when CI=true."""

    def find(name: str) -> str:
        path = shutil.which(name)
        if path is None:
            tool_missing(f"{name} is not installed (scripts/system-packages.txt lists it)")
        return path

    return find
