"""The PyInstaller one-folder app builds on Linux and runs.

One build per test session (it takes a while on a small machine); the checks
then read the built folder and run its binary.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging_layout import APP_ID, BUILTIN_PATTERN_IDS, REPO, tool_missing

import focusdesk

SPEC = REPO / "packaging" / "pyinstaller" / "focusdesk.spec"
BUILD_SCRIPT = REPO / "packaging" / "pyinstaller" / "build.sh"


def spec_list(name: str) -> list[str]:
    """A literal list assigned at the spec's top level (the spec is not importable)."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            value: list[str] = ast.literal_eval(node.value)
            return value
    raise AssertionError(f"{SPEC.name} has no {name} list")


def test_the_spec_keeps_every_qt_module_the_code_imports() -> None:
    imported = {
        match
        for path in (REPO / "src").rglob("*.py")
        for match in re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8"))
    }

    assert imported <= set(spec_list("QT_MODULES"))
    assert not imported & set(spec_list("QT_EXCLUDED"))


@pytest.fixture(scope="module")
def app_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not sys.platform.startswith("linux"):
        pytest.skip("the smoke build runs on Linux; Windows and macOS are built by hand")
    if importlib.util.find_spec("PyInstaller") is None:
        tool_missing("PyInstaller is not installed (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        ["sh", str(BUILD_SCRIPT), str(out / "dist")],
        env={
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "HOME": str(Path.home()),  # PyInstaller's cache of analysed binaries
            "PYTHON": sys.executable,
            "WORK_DIR": str(out / "work"),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "dist" / "focusdesk"


def run_app(app_dir: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(app_dir / "focusdesk"), *args],
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_built_app_reports_its_version(app_dir: Path, tmp_path: Path) -> None:
    result = run_app(app_dir, "--version", home=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"focusdesk {focusdesk.__version__}"


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_built_app_lists_the_builtin_patterns(app_dir: Path, tmp_path: Path) -> None:
    result = run_app(
        app_dir, "--data-dir", str(tmp_path / "data"), "patterns", "list", home=tmp_path
    )

    assert result.returncode == 0, result.stderr
    listed = {
        line[2:].split()[0] for line in result.stdout.splitlines() if line[:2] in ("* ", "  ")
    }
    assert listed == BUILTIN_PATTERN_IDS


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_resources_sit_where_resources_dir_looks(app_dir: Path) -> None:
    # focusdesk.resources looks in <package dir>/resources; frozen, that is _internal/focusdesk.
    resources = app_dir / "_internal" / "focusdesk" / "resources"

    assert {p.stem for p in (resources / "patterns").glob("*.toml")} >= BUILTIN_PATTERN_IDS
    assert (resources / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for language in ("de", "es"):
        assert (resources / "locale" / language / "LC_MESSAGES" / "focusdesk.mo").is_file()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_built_app_speaks_german_with_babels_data_for_its_languages_only(
    app_dir: Path, tmp_path: Path
) -> None:
    locale_data = {p.stem for p in app_dir.rglob("babel/locale-data/*.dat")}
    assert {"root", "en", "de", "es"} <= locale_data
    assert not {"fr", "ja", "ru"} & locale_data
    result = subprocess.run(
        [str(app_dir / "focusdesk"), "--data-dir", str(tmp_path), "patterns", "show",
         "boundary-fortress"],
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANGUAGE": "de"},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Grenzfestung (boundary-fortress)")


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_qt_modules_and_plugins_in_use_are_bundled_and_load(app_dir: Path) -> None:
    ldd = shutil.which("ldd")
    if ldd is None:
        tool_missing("ldd is not installed")
    pyside = app_dir / "_internal" / "PySide6"
    plugins = pyside / "Qt" / "plugins"
    needed = [
        *(pyside / f"{name}.abi3.so" for name in spec_list("QT_MODULES")),
        plugins / "platforms" / "libqxcb.so",
        plugins / "platforms" / "libqoffscreen.so",
        plugins / "multimedia" / "libffmpegmediaplugin.so",  # QtMultimedia's media back-end
    ]

    problems = {}
    for library in needed:
        assert library.is_file(), f"{library.name} is missing from the bundle"
        result = subprocess.run([ldd, str(library)], capture_output=True, text=True, check=False)
        output = result.stdout + result.stderr
        # "not found": a library left out; "error while loading": one damaged
        # on the way in (e.g. by strip) — Qt would then skip the plugin silently.
        bad = [
            line
            for line in output.splitlines()
            if "not found" in line or "error while loading" in line
        ]
        if result.returncode != 0 or bad:
            problems[library.name] = bad or [output]
    assert problems == {}


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_heavy_unused_qt_modules_stay_out(app_dir: Path) -> None:
    bundled = {p.name for p in (app_dir / "_internal").rglob("*")}

    for unwanted in ("QtWebEngineCore.abi3.so", "libQt6WebEngineCore.so.6", "libQt6Pdf.so.6"):
        assert unwanted not in bundled
    assert not any(name.startswith("libQt63D") for name in bundled)
