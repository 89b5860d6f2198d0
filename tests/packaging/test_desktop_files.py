"""The Linux desktop integration: launcher, AppStream metainfo, icons."""

from __future__ import annotations

import configparser
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from packaging_layout import (
    APP_ID,
    DESKTOP_FILE,
    HICOLOR,
    ICON_SIZES,
    METAINFO_FILE,
    REPO,
)

import focusdesk
from focusdesk.cli.parser import build_parser

SCREENSHOT_URL_PREFIX = "https://raw.githubusercontent.com/focusdesk/focusdesk/main/"


def read_desktop_file() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser


def console_scripts() -> dict[str, str]:
    with (REPO / "pyproject.toml").open("rb") as file:
        scripts: dict[str, str] = tomllib.load(file)["project"]["scripts"]
    return scripts


def test_the_desktop_file_passes_desktop_file_validate(
    require_tool: Callable[[str], str],
) -> None:
    result = subprocess.run(
        [require_tool("desktop-file-validate"), str(DESKTOP_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Hints (e.g. two main categories, as asked for) are fine; warnings are not.
    assert "error:" not in output and "warning:" not in output, output


def test_the_metainfo_passes_appstreamcli_validate(require_tool: Callable[[str], str]) -> None:
    result = subprocess.run(
        [require_tool("appstreamcli"), "validate", "--no-net", str(METAINFO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_launcher_runs_the_installed_command_with_the_app_icon() -> None:
    entry = read_desktop_file()["Desktop Entry"]

    assert entry["Exec"].split()[0] in console_scripts()
    assert entry["Icon"] == APP_ID
    assert entry["StartupNotify"] == "false"
    assert entry["Categories"] == "Utility;Office;"


def test_the_launcher_actions_start_a_block_and_open_the_review_and_settings() -> None:
    desktop = read_desktop_file()
    actions = [name for name in desktop["Desktop Entry"]["Actions"].split(";") if name]

    offered = {
        desktop[f"Desktop Action {name}"]["Name"]: desktop[f"Desktop Action {name}"]["Exec"]
        for name in actions
    }

    assert offered == {
        "Start focus block": "focusdesk start --launch",
        "Open week review": "focusdesk open review",
        "Settings": "focusdesk open settings",
    }
    for command in offered.values():
        program, *arguments = command.split()
        assert program in console_scripts()
        # Each one is something the command line accepts, and each starts the
        # app when it is not running (a launcher action works from a cold desktop).
        args = build_parser().parse_args(arguments)
        assert args.command in ("start", "open")
        assert args.command == "open" or args.launch


def test_the_metainfo_names_the_launcher_the_binary_and_the_current_version() -> None:
    component = ET.parse(METAINFO_FILE).getroot()

    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP_FILE.name
    assert component.findtext("provides/binary") in console_scripts()
    # The version lives in src/focusdesk/__init__.py; the newest release must match it.
    assert component.find("releases/release").get("version") == focusdesk.__version__  # type: ignore[union-attr]


def screenshot_paths() -> list[str]:
    component = ET.parse(METAINFO_FILE).getroot()
    return [image.text or "" for image in component.iterfind("screenshots/screenshot/image")]


def test_screenshots_are_referenced_from_the_repository_docs() -> None:
    urls = screenshot_paths()

    assert urls
    for url in urls:
        assert url.startswith(SCREENSHOT_URL_PREFIX + "docs/screenshots/"), url
        assert url.endswith(".png"), url


def test_every_referenced_screenshot_is_in_the_repository() -> None:
    screenshots_dir = REPO / "docs" / "screenshots"
    if not screenshots_dir.is_dir():
        pytest.skip("docs/screenshots/ is not there yet (the review window's screenshots)")
    missing = [
        url
        for url in screenshot_paths()
        if not (REPO / url.removeprefix(SCREENSHOT_URL_PREFIX)).is_file()
    ]
    assert missing == []


@pytest.mark.parametrize("size", ICON_SIZES)
def test_the_icon_exists_at_each_size(size: int) -> None:
    png = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"

    header = png.read_bytes()[:24]

    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert (width, height) == (size, size)


def test_the_scalable_icon_is_an_svg() -> None:
    svg = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"

    assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_install_desktop_puts_launcher_metainfo_and_icons_under_xdg_data_home(
    tmp_path: Path,
) -> None:
    script = REPO / "packaging" / "linux" / "install-desktop.sh"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share")}

    subprocess.run(["sh", str(script)], env=env, check=True, capture_output=True)

    share = tmp_path / "share"
    assert (share / "applications" / DESKTOP_FILE.name).read_bytes() == DESKTOP_FILE.read_bytes()
    assert (share / "metainfo" / METAINFO_FILE.name).is_file()
    installed_icons = sorted(
        p.parent.parent.name for p in share.glob(f"icons/hicolor/*/apps/{APP_ID}.*")
    )
    assert installed_icons == sorted([f"{s}x{s}" for s in ICON_SIZES] + ["scalable"])

    subprocess.run(["sh", str(script), "--uninstall"], env=env, check=True, capture_output=True)

    assert list(share.rglob(f"{APP_ID}*")) == []
