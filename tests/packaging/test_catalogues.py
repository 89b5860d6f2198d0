"""The translations are complete and in step with the code (runs in the normal suite).

`tools/i18n.py` extracts the marked strings of the covered code (and the
built-in patterns' words) with Babel; the committed po/focusdesk.pot must list
exactly those, and po/de.po and po/es.po must translate every one, none fuzzy,
with the same {fields}. Fix with `python tools/i18n.py update`, then translate.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]

if importlib.util.find_spec("babel") is None:
    pytest.skip("Babel is not installed (pip install -e '.[test]')", allow_module_level=True)


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("focusdesk_i18n_tool", REPO / "tools" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


tool = _tool()


def test_the_pot_lists_exactly_what_the_covered_code_marks() -> None:
    assert tool.stale_pot() == []


@pytest.mark.parametrize("language", tool.LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language: str) -> None:
    assert tool.incomplete(language) == []


def test_a_fuzzy_or_empty_entry_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    po = (REPO / "po" / "de.po").read_text(encoding="utf-8")
    broken = po.replace('msgstr "Fokus"', 'msgstr ""', 1).replace(
        'msgid "Lunch"', '#, fuzzy\nmsgid "Lunch"', 1
    )
    (tmp_path / "de.po").write_text(broken, encoding="utf-8")
    (tmp_path / "focusdesk.pot").write_bytes((REPO / "po" / "focusdesk.pot").read_bytes())
    monkeypatch.setattr(tool, "PO_DIR", tmp_path)
    monkeypatch.setattr(tool, "POT", tmp_path / "focusdesk.pot")
    problems = tool.incomplete("de")
    assert "de.po: untranslated: 'Focus'" in problems
    assert "de.po: fuzzy: 'Lunch'" in problems


def test_a_newly_marked_string_makes_the_pot_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tool, "_pattern_strings", lambda path: iter(["A brand-new label"]))
    assert "not in the .pot: ('A brand-new label', None)" in tool.stale_pot()


def test_the_compiled_catalogues_are_not_committed() -> None:
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/resources/locale/" in ignored
