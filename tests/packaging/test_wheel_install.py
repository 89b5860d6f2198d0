"""The wheel built from the repo installs in a fresh venv and runs, resources included.

The fresh venv gets only the wheel (`--no-deps`, offline); the third-party
dependencies (PySide6 alone is ~400 MB) are borrowed from the running
environment through PYTHONPATH, which cannot shadow the installed focusdesk
because the development install is an editable .pth (not processed on
PYTHONPATH) — and the tests check which focusdesk actually ran.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from packaging_layout import APP_ID, BUILTIN_PATTERN_IDS, ICON_SIZES, REPO, tool_missing

import focusdesk

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("hatchling") is None:
        tool_missing("hatchling is not installed (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "--wheel-dir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (built,) = out.glob("focusdesk-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return venv


def run_in(
    venv: Path, *command: str, data_dir: Path, language: str = "en"
) -> subprocess.CompletedProcess[str]:
    env = {
        "LANGUAGE": language,
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(data_dir),
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONNOUSERSITE": "1",
    }
    return subprocess.run(
        command, env=env, capture_output=True, text=True, check=False, cwd=data_dir
    )


def test_the_wheel_carries_the_resources_and_the_desktop_integration(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    data = f"focusdesk-{focusdesk.__version__}.data/data/share"

    assert {f"focusdesk/resources/patterns/{id_}.toml" for id_ in BUILTIN_PATTERN_IDS} <= names
    assert f"{data}/applications/{APP_ID}.desktop" in names
    assert f"{data}/metainfo/{APP_ID}.metainfo.xml" in names
    assert f"{data}/icons/hicolor/scalable/apps/{APP_ID}.svg" in names
    for size in ICON_SIZES:
        assert f"{data}/icons/hicolor/{size}x{size}/apps/{APP_ID}.png" in names
    for language in ("de", "es"):
        assert f"focusdesk/resources/locale/{language}/LC_MESSAGES/focusdesk.mo" in names


def test_the_installed_package_is_the_one_from_the_wheel(venv: Path, tmp_path: Path) -> None:
    result = run_in(
        venv, "python", "-c", "import focusdesk; print(focusdesk.__file__)", data_dir=tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(venv)


def test_focusdesk_version_runs_from_the_fresh_venv(venv: Path, tmp_path: Path) -> None:
    result = run_in(venv, "focusdesk", "--version", data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"focusdesk {focusdesk.__version__}"


def test_focusdesk_patterns_list_finds_the_six_builtin_patterns(venv: Path, tmp_path: Path) -> None:
    result = run_in(
        venv, "focusdesk", "--data-dir", str(tmp_path / "data"), "patterns", "list",
        data_dir=tmp_path,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    listed = {
        line[2:].split()[0] for line in result.stdout.splitlines() if line[:2] in ("* ", "  ")
    }
    assert listed == BUILTIN_PATTERN_IDS


def test_the_wheels_catalogues_speak_german_and_spanish(venv: Path, tmp_path: Path) -> None:
    for language, name in (("de", "Grenzfestung"), ("es", "Fortaleza de límites")):
        result = run_in(
            venv, "focusdesk", "--data-dir", str(tmp_path / "data"), "patterns", "show",
            "boundary-fortress", data_dir=tmp_path, language=language,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"{name} (boundary-fortress)"), result.stdout


def test_the_desktop_files_land_under_the_prefix_share(venv: Path) -> None:
    share = venv / "share"

    assert (share / "applications" / f"{APP_ID}.desktop").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (share / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
