"""German and Spanish for real: the running app and the command line in other languages.

The app and each command pick their language from LANGUAGE (or the `language`
setting); the JSON a script reads is the same in every language.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_tray_e2e import use_pattern, visible_windows_named
from virtual_desktop import poll_until

pytestmark = pytest.mark.e2e

OPEN_WEEK = "[days.mon-sun]\n"


def cli(env: dict[str, str], language: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "focusdesk", *args],
        env={**env, "LANGUAGE": language},
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_status_speaks_the_callers_language_and_the_json_never_changes(
    launch_app, e2e_env, tray_icon_window
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-open", OPEN_WEEK)
    tray_icon_window(launch_app("run"))

    spanish = cli(e2e_env, "es", "status")
    german = cli(e2e_env, "de", "status")
    english = cli(e2e_env, "en", "status")
    assert spanish.returncode == german.returncode == english.returncode == 0, spanish.stderr
    assert english.stdout.startswith("On — working") or english.stdout.startswith("Off")
    assert spanish.stdout.startswith(("Encendido — trabajando", "Apagado — disponible"))
    assert german.stdout.startswith(("An — bei der Arbeit", "Aus — erreichbar"))
    assert "patrón e2e-open" in spanish.stdout and "Muster e2e-open" in german.stdout

    as_json = {lang: cli(e2e_env, lang, "status", "--json") for lang in ("en", "de", "es")}
    assert {lang: r.returncode for lang, r in as_json.items()} == {"en": 0, "de": 0, "es": 0}
    assert as_json["de"].stdout == as_json["en"].stdout == as_json["es"].stdout
    assert json.loads(as_json["de"].stdout)["pattern"] == "e2e-open"


def test_a_german_app_notifies_and_refuses_in_german(
    launch_app, e2e_env, tray_icon_window, notifications
) -> None:
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-open", OPEN_WEEK)
    with (data / "settings.toml").open("a", encoding="utf-8") as settings:
        settings.write('language = "de"\n')
    tray_icon_window(launch_app("run"))

    # The setting wins over the environment, for the app and for the command line.
    refused = cli(e2e_env, "es", "pause")
    assert refused.returncode == 1
    assert refused.stderr == "focusdesk: kann nicht pausieren: nichts läuft\n"

    started = cli(e2e_env, "en", "start", "--minutes", "0.05", "--label", "Schreiben")
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("Fokus: Schreiben · noch 0:0")
    done = notifications.wait_for(lambda n: n["summary"] == "Fokusblock erledigt", timeout=20)
    assert done["body"].startswith("Schreiben: ")
    assert "Zeit für einen kurzen Puffer." in done["body"]
    # What is logged and what scripts read stays English.
    state = json.loads(cli(e2e_env, "de", "status", "--json").stdout)
    assert state["state"] in ("buffer", "focus")


def test_a_german_app_opens_its_windows_in_german(
    launch_app, e2e_env, tray_icon_window, screenshot
) -> None:
    """`LANGUAGE=de focusdesk`: the windows a person opens carry German titles (the
    screenshots under artifacts/ show their insides; tools/screenshots.py takes all of them)."""
    data = Path(e2e_env["FOCUSDESK_DATA_DIR"])
    use_pattern(data, "e2e-open", OPEN_WEEK)
    e2e_env["LANGUAGE"] = "de"  # this test's environment: the app starts German
    tray_icon_window(launch_app("run"))

    for window, title in (
        ("review", "FocusDesk — Wochenrückblick"),
        ("settings", "FocusDesk-Einstellungen"),
        ("ritual", "FocusDesk — Tag abschließen"),
    ):
        opened = cli(e2e_env, "de", "open", window)
        assert opened.returncode == 0, opened.stderr
        poll_until(lambda title=title: visible_windows_named(e2e_env, title), 15, title)
        screenshot(f"de-{window}")
    # The English title is nowhere: the windows were built in German.
    assert visible_windows_named(e2e_env, "week review") is None
