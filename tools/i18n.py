"""Keep FocusDesk's gettext catalogues in step with the code (Babel).

    python tools/i18n.py extract   # write po/focusdesk.pot from the covered code
    python tools/i18n.py update    # merge the .pot into po/de.po and po/es.po
    python tools/i18n.py compile   # po/*.po -> resources/locale/<lang>/LC_MESSAGES/focusdesk.mo
    python tools/i18n.py check     # exit 1 on a stale .pot, or an untranslated/fuzzy entry

`COVERED` names the code whose strings are marked for translation; the
extraction check (tests/packaging/test_catalogues.py) compares what Babel
finds there with the .pot, so a string marked but not extracted — or a
catalogue that lags the code — fails the tests. The built-in patterns'
names, descriptions, block labels and checklists are extracted from their
TOML files (they are translated where they are shown, by message id).
The build (hatch_build.py), the bootstrap and the PyInstaller spec call
`compile_catalogues`; compiled .mo files are never committed.
"""

from __future__ import annotations

import io
import string
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO_DIR = ROOT / "po"
POT = PO_DIR / "focusdesk.pot"
LANGUAGES = ("de", "es")
DOMAIN = "focusdesk"

#: Files (relative to the repository) whose user-visible strings are all marked.
COVERED = (
    "src/focusdesk/cli/__init__.py",
    "src/focusdesk/cli/control_client.py",
    "src/focusdesk/cli/control_cmd.py",
    "src/focusdesk/cli/display.py",
    "src/focusdesk/cli/export_cmd.py",
    "src/focusdesk/cli/month_cmd.py",
    "src/focusdesk/cli/open_cmd.py",
    "src/focusdesk/cli/parser.py",
    "src/focusdesk/cli/patterns_cmd.py",
    "src/focusdesk/cli/run_cmd.py",
    "src/focusdesk/cli/today_cmd.py",
    "src/focusdesk/cli/week_cmd.py",
    "src/focusdesk/core/absence_report.py",
    "src/focusdesk/core/advice.py",
    "src/focusdesk/core/calendar_plan.py",
    "src/focusdesk/core/engine_events.py",
    "src/focusdesk/core/i18n.py",
    "src/focusdesk/core/pattern_loader.py",
    "src/focusdesk/core/patterns.py",
    "src/focusdesk/core/session_engine.py",
    "src/focusdesk/core/wording.py",
    "src/focusdesk/shell/boundary/signal_board.py",
    "src/focusdesk/shell/boundary/signal_light.py",
    "src/focusdesk/shell/desktop/autostart.py",
    "src/focusdesk/shell/desktop/do_not_disturb.py",
    "src/focusdesk/shell/desktop/sound.py",
    "src/focusdesk/shell/desktop/sound_check.py",
    "src/focusdesk/shell/review/day_editor.py",
    "src/focusdesk/shell/review/day_timeline.py",
    "src/focusdesk/shell/review/formatting.py",
    "src/focusdesk/shell/review/ledger_table.py",
    "src/focusdesk/shell/review/log_commands.py",
    "src/focusdesk/shell/review/month_view.py",
    "src/focusdesk/shell/review/reflection_panel.py",
    "src/focusdesk/shell/review/review_form.py",
    "src/focusdesk/shell/review/review_window.py",
    "src/focusdesk/shell/review/session_editor.py",
    "src/focusdesk/shell/review/session_table.py",
    "src/focusdesk/shell/review/totals_panel.py",
    "src/focusdesk/shell/review/week_chart.py",
    "src/focusdesk/shell/ritual/shutdown_ritual.py",
    "src/focusdesk/shell/settings/calendar_tab.py",
    "src/focusdesk/shell/settings/pattern_editor.py",
    "src/focusdesk/shell/settings/settings_window.py",
    "src/focusdesk/shell/settings/sound_panel.py",
    "src/focusdesk/shell/settings/week_preview.py",
    "src/focusdesk/shell/settings/welcome_window.py",
    "src/focusdesk/shell/tray/about_dialog.py",
    "src/focusdesk/shell/tray/fallback_window.py",
    "src/focusdesk/shell/tray/tray.py",
    "src/focusdesk/store/calendar_reader.py",
    "src/focusdesk/store/errors.py",
    "src/focusdesk/store/settings_store.py",
    "src/focusdesk/app.py",
)
PATTERNS = "resources/patterns"

#: `count(n, "snooze", "snoozes")` is an ngettext: its 2nd and 3rd arguments.
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "count": (2, 3),
}


def _pattern_strings(path: Path) -> Iterator[str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for key in ("name", "description"):
        if data.get(key):
            yield data[key]
    yield from data.get("checklist", [])
    for day in data.get("days", {}).values():
        for block in day.get("blocks", []):
            if block.get("label"):
                yield block["label"]


def extract():  # -> babel Catalog
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    catalog = Catalog(project="FocusDesk", domain=DOMAIN, fuzzy=False)
    for relative in COVERED:
        for lineno, message, comments, context in extract_from_file(
            "python", ROOT / relative, keywords=KEYWORDS, comment_tags=("Translators:",)
        ):
            catalog.add(
                message,
                locations=[(relative, lineno)],
                auto_comments=comments,
                context=context,
            )
    for path in sorted((ROOT / PATTERNS).glob("*.toml")):
        for message in _pattern_strings(path):
            catalog.add(message, locations=[(f"{PATTERNS}/{path.name}", 0)])
    return catalog


def _write(catalog, path: Path) -> None:  # type: ignore[no-untyped-def]
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(
        buffer, catalog, width=100, sort_output=True, include_lineno=False, ignore_obsolete=True
    )
    path.write_bytes(buffer.getvalue())


def _read(path: Path, locale: str | None = None):  # type: ignore[no-untyped-def]
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def _ids(catalog) -> set[object]:  # type: ignore[no-untyped-def]
    return {(m.id, m.context) for m in catalog if m.id}


def stale_pot() -> list[str]:
    """What the code has that the .pot lacks, and the other way round."""
    fresh = _ids(extract())
    current = _ids(_read(POT)) if POT.exists() else set()
    return [f"not in the .pot: {i!r}" for i in sorted(fresh - current, key=str)] + [
        f"in the .pot but no longer in the code: {i!r}" for i in sorted(current - fresh, key=str)
    ]


def incomplete(language: str) -> list[str]:
    """Each untranslated, fuzzy or missing entry of po/<language>.po, one line each."""
    catalog = _read(PO_DIR / f"{language}.po", language)
    wanted = _ids(_read(POT))
    problems = [f"{language}.po lacks {i!r}" for i in sorted(wanted - _ids(catalog), key=str)]
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"{language}.po: fuzzy: {message.id!r}")
        elif not all(strings) or (len(strings) < catalog.num_plurals and message.pluralizable):
            problems.append(f"{language}.po: untranslated: {message.id!r}")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted_fields = _fields(ids[-1])
        for text in strings:
            got = _fields(text) if text else wanted_fields
            # A plural form may leave the number out ("eine Pause"), never add an unknown field.
            if got - wanted_fields or (len(ids) == 1 and got != wanted_fields):
                problems.append(f"{language}.po: {message.id!r}: other {{fields}} than the English")
    return problems


def _fields(text: str) -> set[str]:
    """The `{name}` fields of a str.format message (what a translation must keep)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def update() -> None:
    pot = extract()
    _write(pot, POT)
    for language in LANGUAGES:
        path = PO_DIR / f"{language}.po"
        if path.exists():
            catalog = _read(path, language)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=language, domain=DOMAIN, project="FocusDesk")
        catalog.update(pot, no_fuzzy_matching=True)
        _write(catalog, path)


def compile_catalogues(target: Path | None = None) -> list[Path]:
    """Compile po/*.po to <target>/<lang>/LC_MESSAGES/focusdesk.mo; the paths written."""
    from babel.messages.mofile import write_mo

    target = target or ROOT / "resources" / "locale"
    written = []
    for language in LANGUAGES:
        catalog = _read(PO_DIR / f"{language}.po", language)
        out = target / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        out.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        if not out.exists() or out.read_bytes() != buffer.getvalue():
            out.write_bytes(buffer.getvalue())
        written.append(out)
    return written


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "extract":
        _write(extract(), POT)
    elif command == "update":
        update()
    elif command == "compile":
        for path in compile_catalogues():
            print(path.relative_to(ROOT))
    elif command == "check":
        problems = stale_pot() + [p for lang in LANGUAGES for p in incomplete(lang)]
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
