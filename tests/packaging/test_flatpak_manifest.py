"""The Flatpak manifest stays in step with the project (it is not built here).

Read as text: the manifest is YAML and PyYAML is not a FocusDesk dependency.
"""

from __future__ import annotations

import re
import tomllib

from packaging_layout import APP_ID, REPO

MANIFEST = REPO / "packaging" / "flatpak" / f"{APP_ID}.yml"


def manifest_text() -> str:
    return MANIFEST.read_text(encoding="utf-8")


def requirement_name(requirement: str) -> str:
    name = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert name is not None
    return name.group(0).lower().replace("_", "-")


def test_the_manifest_is_the_app_id_and_runs_the_console_script() -> None:
    text = manifest_text()

    assert re.search(rf"^id: {re.escape(APP_ID)}$", text, re.M)
    assert re.search(r"^command: focusdesk$", text, re.M)
    assert re.search(r"^runtime-version: '24\.08'$", text, re.M)


def test_the_manifest_installs_every_runtime_dependency_of_the_project() -> None:
    with (REPO / "pyproject.toml").open("rb") as file:
        declared = {requirement_name(r) for r in tomllib.load(file)["project"]["dependencies"]}
    install = re.search(
        r'pip3 install --no-index --find-links="file://\$\{PWD\}" --prefix="\$\{FLATPAK_DEST\}"\n?\s*'
        r"(PySide6[^\n]+)",
        manifest_text(),
    )

    assert install is not None
    assert {requirement_name(name) for name in install.group(1).split()} == declared


def test_every_downloaded_source_is_pinned_by_sha256() -> None:
    urls = re.findall(r"^\s+url: (\S+)\n\s+sha256: ([0-9a-f]{64})$", manifest_text(), re.M)

    assert len(urls) == manifest_text().count("type: file")
    assert {re.sub(r".*/", "", url).split("-")[0].lower() for url, _ in urls} >= {
        "pyside6_essentials",
        "pyside6_addons",
        "shiboken6",
    }
