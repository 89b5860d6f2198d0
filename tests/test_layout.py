"""The package layout: no two modules import each other, every package says what it owns."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

import focusdesk

PACKAGE_DIR = Path(focusdesk.__file__).parent


def test_no_two_modules_import_each_other() -> None:
    # import-linter's layers check packages; this catches a circle inside one.
    graph = grimp.build_graph("focusdesk")
    pairs = sorted(
        (a, b)
        for a in graph.modules
        for b in graph.find_modules_directly_imported_by(a)
        if a < b and graph.direct_import_exists(importer=b, imported=a)
    )
    assert pairs == []


@pytest.mark.parametrize(
    "init",
    sorted(PACKAGE_DIR.rglob("__init__.py")),
    ids=lambda path: str(path.parent.relative_to(PACKAGE_DIR.parent)),
)
def test_every_package_has_a_docstring_saying_what_it_owns(init: Path) -> None:
    docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert docstring, f"{init} has no docstring"
    assert len(docstring.split()) >= 8, f"{init}: say what the package owns"
