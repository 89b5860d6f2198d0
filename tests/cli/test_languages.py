"""The command line's human output in German and Spanish; machine output unchanged."""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path

import pytest

from focusdesk.cli import main
from focusdesk.cli.control_cmd import describe
from focusdesk.cli.week_cmd import week_table
from focusdesk.core.i18n import set_language
from focusdesk.core.plan_history import PlanHistory
from focusdesk.core.week_review import IsoWeek, load_week

STATUS = {
    "state": "focus",
    "label": "Deep work",
    "remaining_seconds": 754,
    "ends_at": "2026-11-30T10:30:00+01:00",
    "hard_stop": "2026-11-30T18:30:00+01:00",
    "pattern": "boundary-fortress",
    "big_task": "Ship the report",
}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Focus: Deep work · 12:34 left (until 10:30) · hard stop 18:30 · "
               "one big task: Ship the report · pattern boundary-fortress"),
        ("de", "Fokus: Konzentrierte Arbeit · noch 12:34 (bis 10:30) · Feierabend 18:30 · "
               "die eine große Aufgabe: Ship the report · Muster boundary-fortress"),
        ("es", "Concentración: Trabajo profundo · quedan 12:34 (hasta las 10:30) · "
               "cierre a las 18:30 · la gran tarea: Ship the report · patrón boundary-fortress"),
    ],
)  # fmt: skip
def test_status_is_described_in_the_users_language(language: str, expected: str) -> None:
    set_language(language)
    assert describe(STATUS) == expected


def test_the_language_setting_overrides_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "de")
    assert main(["--data-dir", str(tmp_path), "patterns", "show", "caregiver-pro"]) == 0
    assert capsys.readouterr().out.startswith("Fürsorge-Profi (caregiver-pro)")
    (tmp_path / "settings.toml").write_text('language = "es"\n', encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "patterns", "show", "caregiver-pro"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Cuidador-Pro (caregiver-pro)")
    assert "lun–vie" in out and "Lista de cierre:" in out


def test_an_unknown_pattern_is_one_translated_line_with_the_same_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "es")
    assert main(["--data-dir", str(tmp_path), "patterns", "show", "nope"]) == 2
    assert capsys.readouterr().err.startswith("focusdesk: no hay ningún patrón 'nope'")


def test_the_week_table_uses_the_locales_day_names_and_csv_stays_english() -> None:
    from focusdesk.cli.week_cmd import _EmptyLog
    from focusdesk.exports import week_csv, week_json

    monday = date(2026, 11, 30)
    stats = load_week(_EmptyLog(), IsoWeek.of(monday), PlanHistory(), None, UTC, monday)
    english = (week_csv(stats), week_json(stats), week_table(stats, lambda _id: None))
    set_language("de")
    table = week_table(stats, lambda _id: None)
    assert table.startswith("Woche 2026-W49  (Mo. 30 Nov. – So. 06 Dez. 2026)")
    assert "\nTag " in table and "(diese Woche nichts erfasst)" in table
    assert table.count("\n") == english[2].count("\n")
    assert (week_csv(stats), week_json(stats)) == english[:2]


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ('language = "es"\n', "es"),
        ("pattern = 'time-weave'\nlanguage = 'es'  # mine\n", "es"),
        ('[signal]\nlanguage = "es"\n', "de"),  # not the top-level key
        ('language = "fr"\n', "de"),  # not shipped: the desktop's language
        ('language = ""\n', "de"),
        ("\xff\xfe", "de"),
    ],
)
def test_the_command_line_reads_only_the_top_level_language_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: str, expected: str
) -> None:
    from focusdesk.cli import _use_language_setting
    from focusdesk.core.i18n import current_language
    from focusdesk.paths import DataPaths

    monkeypatch.setenv("LANGUAGE", "de")
    set_language(None)
    paths = DataPaths.resolve(str(tmp_path))
    paths.settings_file.write_bytes(settings.encode("latin-1"))
    _use_language_setting(paths)
    assert current_language() == expected


def test_patterns_check_names_every_problem_in_spanish_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "es")
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'id = "bad"\nname = "Bad"\nmodel = "balance"\n[days.mon]\nhard_stop = "25:00"\n'
        'blocks = [{ kind = "focus", start = "09:00", end = "08:00" }]\n',
        encoding="utf-8",
    )
    assert main(["--data-dir", str(tmp_path), "patterns", "check", str(bad)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"focusdesk: {bad}: 2 problemas:",
        "  línea 5 (days.mon.hard_stop): '25:00' no es una hora del día (00:00–23:59)",
        "  línea 6 (days.mon.blocks[0].end): el final 08:00 no es posterior al inicio 09:00 "
        "(pon next_day = true para un bloque que pasa de medianoche)",
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["1.5", "7", "1234.5"]),
        ("de", ["1,5", "7", "1.234,5"]),
        ("es", ["1,5", "7", "1.234,5"]),
    ],
)
def test_numbers_follow_the_language(language: str, expected: list[str]) -> None:
    from focusdesk.cli.locale_format import number_text

    set_language(language)
    assert [number_text(x) for x in (1.5, 7.0, 1234.5)] == expected


def test_help_and_usage_errors_speak_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "de")
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(tmp_path), "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: focusdesk")
    assert "Optionen:" in out and "diese Hilfe anzeigen und beenden" in out
    assert "den laufenden Block pausieren" in out
    # A usage error: one translated line, still exit code 2.
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(tmp_path), "week", "--format", "xml"])
    assert done.value.code == 2
    assert capsys.readouterr().err == (
        "focusdesk week: Argument --format: ungültige Auswahl: 'xml' "
        "(möglich: 'table', 'csv', 'json') (siehe „focusdesk week --help“)\n"
    )
    # The setting under --data-dir wins over the environment, for the help too.
    (tmp_path / "settings.toml").write_text('language = "es"\n', encoding="utf-8")
    with pytest.raises(SystemExit):
        main([f"--data-dir={tmp_path}", "start", "--minutes", "abc"])
    assert "«abc» no es un número de minutos" in capsys.readouterr().err


def test_calendar_problems_and_todays_table_in_german(tmp_path: Path) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from focusdesk.cli.today_cmd import today_table
    from focusdesk.store.calendar_reader import read_calendar

    set_language("de")
    broken = tmp_path / "work.ics"
    broken.write_text("hello", encoding="utf-8")
    now = datetime(2026, 11, 30, 9, tzinfo=UTC)
    read = read_calendar(broken, window=(now, now), zone=ZoneInfo("Europe/Berlin"), now=now)
    assert read.problem == (
        f"Kalender {broken}: ist keine iCalendar-Datei (kein BEGIN:VCALENDAR am Anfang); "
        "der heutige Plan läuft ohne ihn."
    )
    table = today_table(
        {
            "day": "2026-11-30",
            "pattern": "boundary-fortress",
            "blocks": [
                {"start": "2026-11-30T09:30:00+01:00", "end": "2026-11-30T11:00:00+01:00",
                 "kind": "focus", "source": "pattern", "label": "Deep work", "conflict": ""},
                {"start": "2026-11-30T11:00:00+01:00", "end": "2026-11-30T11:30:00+01:00",
                 "kind": "collab", "source": "meeting", "label": "Standup", "conflict": ""},
            ],
            "hard_stop": "2026-11-30T18:30:00+01:00",
        }
    )  # fmt: skip
    assert table.splitlines() == [
        "Heute, Montag, 30. November 2026 — Muster boundary-fortress",
        "  09:30–11:00  Fokus       Konzentrierte Arbeit",
        "  11:00–11:30  Besprechung Standup",
        "  18:30        Feierabend",
    ]
