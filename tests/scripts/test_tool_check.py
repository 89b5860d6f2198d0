"""The test command's up-front tool check (scripts/bootstrap.sh `fd_check_tools`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
BOOTSTRAP = REPO_ROOT / "scripts" / "bootstrap.sh"


def check_tools(packages: str, tmp_path: Path, *groups: str) -> subprocess.CompletedProcess[str]:
    listing = tmp_path / "system-packages.txt"
    listing.write_text(packages)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    present = bin_dir / "present-tool"
    present.write_text("#!/bin/sh\n")
    present.chmod(0o755)
    script = (
        f'source "{BOOTSTRAP}"; FD_PACKAGES_FILE="{listing}"; fd_check_tools {" ".join(groups)}'
    )
    return subprocess.run(
        ["/bin/bash", "-c", script],
        env={"PATH": f"{bin_dir}:/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_each_missing_tool_gets_one_line_naming_its_package_and_why(tmp_path: Path) -> None:
    result = check_tools(
        "# comment line\n"
        "app  libgl1\n"
        "test binutils fd-absent-objdump   # PyInstaller reads library dependencies with it\n"
        "test x11-utils fd-absent-xdpyinfo present-tool fd-absent-xwininfo\n",
        tmp_path,
        "app",
        "test",
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "MISSING TOOL: fd-absent-objdump (Debian package binutils):"
        " PyInstaller reads library dependencies with it",
        "MISSING TOOL: fd-absent-xdpyinfo (Debian package x11-utils)",
        "MISSING TOOL: fd-absent-xwininfo (Debian package x11-utils)",
    ]


def test_all_tools_present_or_other_groups_only_pass_quietly(tmp_path: Path) -> None:
    result = check_tools(
        "app  libgl1 present-tool\ntest binutils fd-absent-objdump\n", tmp_path, "app"
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_the_real_list_names_objdump_from_binutils() -> None:
    lines = (REPO_ROOT / "scripts" / "system-packages.txt").read_text().splitlines()
    assert any(line.split("#")[0].split() == ["test", "binutils", "objdump"] for line in lines)
