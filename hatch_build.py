"""Compile the gettext catalogues (po/*.po) into the package when it is built.

The .mo files are build output, never committed: they land in
resources/locale/, which the wheel ships as focusdesk/resources/locale.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueBuildHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "sdist":
            return
        tool = Path(self.root) / "tools" / "i18n.py"
        spec = importlib.util.spec_from_file_location("focusdesk_i18n_tool", tool)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.compile_catalogues()
